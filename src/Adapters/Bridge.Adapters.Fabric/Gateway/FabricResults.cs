using System.Text;
using Bridge.Adapters.Fabric.Protos.Peer;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>
/// What a proposal carries besides the function name: its arguments, transient data and the organisations that should
/// endorse (fabric-wire.md §2.1 "Proposal", §1.2 <c>EndorseRequest.endorsing_organizations</c>).
/// </summary>
public sealed record FabricProposalOptions
{
    /// <summary>Gets the arguments after the function name (<c>ChaincodeInput.args[1..]</c>).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Arguments { get; init; } = [];

    /// <summary>
    /// Gets the transient data (<c>ChaincodeProposalPayload.TransientMap</c>): sent to the endorsers, never part of the
    /// transaction (fabric-wire.md §2.3 "Proposal hash").
    /// </summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> TransientData { get; init; } = new Dictionary<string, ReadOnlyMemory<byte>>();

    /// <summary>
    /// Gets the organisations (MSP ids) whose peers must endorse; empty lets the gateway choose. For evaluate they are
    /// the target organisations (<c>EvaluateRequest.target_organizations</c>).
    /// </summary>
    public IReadOnlyList<string> EndorsingOrganizations { get; init; } = [];

    /// <summary>Options with UTF-8 string arguments.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The options.</returns>
    public static FabricProposalOptions FromStrings(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new FabricProposalOptions { Arguments = [.. arguments.Select(a => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(a))] };
    }
}

/// <summary>The commit status of a transaction (<c>gateway.CommitStatusResponse</c>, fabric-wire.md §1.2).</summary>
/// <param name="TransactionId">The transaction id.</param>
/// <param name="Code">The validation code the committing peer recorded.</param>
/// <param name="BlockNumber">The block that holds the transaction.</param>
public sealed record FabricCommitStatus(string TransactionId, TxValidationCode Code, ulong BlockNumber)
{
    /// <summary>Gets a value indicating whether the transaction is valid, i.e. its writes took effect (fabric-wire.md §2.2).</summary>
    public bool IsSuccessful => Code == TxValidationCode.Valid;
}

/// <summary>A transaction that was endorsed, submitted and committed as valid.</summary>
/// <param name="Result">The chaincode's response payload (fabric-wire.md §2.2).</param>
/// <param name="TransactionId">The transaction id.</param>
/// <param name="BlockNumber">The block that holds it.</param>
/// <param name="Code">The validation code (always <c>VALID</c> here; other codes throw <see cref="FabricCommitException"/>).</param>
public sealed record FabricSubmitResult(ReadOnlyMemory<byte> Result, string TransactionId, ulong BlockNumber, TxValidationCode Code)
{
    /// <summary>Gets the result as UTF-8 text.</summary>
    public string ResultText => Encoding.UTF8.GetString(Result.Span);
}
