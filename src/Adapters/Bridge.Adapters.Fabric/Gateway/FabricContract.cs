namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>
/// A chaincode on a channel: evaluate (one <c>Evaluate</c> call), submit (<c>Endorse</c> → sign → <c>Submit</c> →
/// <c>CommitStatus</c>), submit without waiting for the commit, and offline-signed proposals (fabric-wire.md §3.1).
/// </summary>
public sealed class FabricContract
{
    private readonly FabricGateway _gateway;

    internal FabricContract(FabricGateway gateway, string channel, string chaincode)
    {
        _gateway = gateway;
        ChannelName = channel;
        ChaincodeName = chaincode;
    }

    /// <summary>Gets the channel name.</summary>
    public string ChannelName { get; }

    /// <summary>Gets the chaincode name.</summary>
    public string ChaincodeName { get; }

    /// <summary>Evaluates a transaction function on one peer: nothing is ordered or committed.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="arguments">UTF-8 string arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chaincode's response payload.</returns>
    /// <exception cref="FabricGatewayException">The gateway or the chaincode failed (for example UNKNOWN with the chaincode's message in the details, fabric-wire.md §3.2).</exception>
    public Task<byte[]> EvaluateAsync(string function, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        EvaluateAsync(function, FabricProposalOptions.FromStrings(arguments), cancellationToken);

    /// <summary>Evaluates a transaction function with binary arguments, transient data or target organisations.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="options">Arguments, transient data and target organisations.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chaincode's response payload.</returns>
    /// <exception cref="FabricGatewayException">The gateway or the chaincode failed.</exception>
    public Task<byte[]> EvaluateAsync(string function, FabricProposalOptions options, CancellationToken cancellationToken = default) =>
        SignProposal(function, options).EvaluateAsync(cancellationToken);

    /// <summary>Submits a transaction and waits until it is committed.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="arguments">UTF-8 string arguments.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The result, the transaction id and the block.</returns>
    /// <exception cref="FabricGatewayException">Endorse, Submit or CommitStatus failed (see <see cref="FabricGatewayException.Kind"/>).</exception>
    /// <exception cref="FabricCommitException">The transaction was committed as invalid (MVCC conflict, policy failure…).</exception>
    public Task<FabricSubmitResult> SubmitAsync(string function, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        SubmitAsync(function, FabricProposalOptions.FromStrings(arguments), cancellationToken);

    /// <summary>Submits a transaction with binary arguments, transient data or endorsing organisations and waits for the commit.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="options">Arguments, transient data and endorsing organisations.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The result, the transaction id and the block.</returns>
    /// <exception cref="FabricGatewayException">Endorse, Submit or CommitStatus failed.</exception>
    /// <exception cref="FabricCommitException">The transaction was committed as invalid.</exception>
    public async Task<FabricSubmitResult> SubmitAsync(string function, FabricProposalOptions options, CancellationToken cancellationToken = default)
    {
        var submitted = await SubmitNoWaitAsync(function, options, cancellationToken);
        var status = await submitted.GetStatusAsync(cancellationToken);
        return status.IsSuccessful
            ? new FabricSubmitResult(submitted.Result, status.TransactionId, status.BlockNumber, status.Code)
            : throw new FabricCommitException(status);
    }

    /// <summary>
    /// Endorses and submits a transaction and returns once the orderer accepted it, without waiting for the commit
    /// (the official client's <c>submitAsync</c>); ask <see cref="SubmittedTransaction.GetStatusAsync"/> later.
    /// </summary>
    /// <param name="function">The function name.</param>
    /// <param name="arguments">UTF-8 string arguments.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The submitted transaction with its (endorsed) result.</returns>
    /// <exception cref="FabricGatewayException">Endorse or Submit failed.</exception>
    public Task<SubmittedTransaction> SubmitNoWaitAsync(string function, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        SubmitNoWaitAsync(function, FabricProposalOptions.FromStrings(arguments), cancellationToken);

    /// <summary>Endorses and submits a transaction with options, without waiting for the commit.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="options">Arguments, transient data and endorsing organisations.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The submitted transaction.</returns>
    /// <exception cref="FabricGatewayException">Endorse or Submit failed.</exception>
    public async Task<SubmittedTransaction> SubmitNoWaitAsync(string function, FabricProposalOptions options, CancellationToken cancellationToken = default)
    {
        var prepared = await SignProposal(function, options).EndorseAsync(cancellationToken);
        return await prepared.WithSignature(_gateway.Sign(prepared.Payload.Span)).SubmitAsync(cancellationToken);
    }

    /// <summary>
    /// Builds an unsigned proposal for offline signing (the official client's <c>newProposal</c>): sign
    /// <see cref="FabricProposal.Digest"/> elsewhere, then <see cref="FabricProposal.WithSignature"/>.
    /// </summary>
    /// <param name="function">The function name.</param>
    /// <param name="options">Arguments, transient data and endorsing organisations; none when null.</param>
    /// <returns>The unsigned proposal.</returns>
    public FabricProposal NewProposal(string function, FabricProposalOptions? options = null) =>
        _gateway.CreateProposal(ChannelName, ChaincodeName, function, options ?? new FabricProposalOptions());

    private FabricProposal SignProposal(string function, FabricProposalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var proposal = NewProposal(function, options);
        return proposal.WithSignature(_gateway.Sign(proposal.ProposalBytes.Span));
    }
}
