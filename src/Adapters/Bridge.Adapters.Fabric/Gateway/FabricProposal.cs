using System.Security.Cryptography;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>
/// A chaincode proposal (fabric-wire.md §2.1), unsigned or signed. For offline signing sign <see cref="Digest"/>
/// (SHA-256 of the <c>protos.Proposal</c> bytes) with the creator's key and call <see cref="WithSignature"/>; or carry
/// <see cref="ToBytes"/> (a <c>gateway.ProposedTransaction</c>) elsewhere and use
/// <see cref="FabricGateway.NewSignedProposal"/>. Immutable.
/// </summary>
public sealed class FabricProposal
{
    private readonly FabricGateway _gateway;
    private readonly byte[] _proposalBytes;
    private readonly byte[]? _signature;

    internal FabricProposal(FabricGateway gateway, string channel, string transactionId, byte[] proposalBytes, IReadOnlyList<string> endorsingOrganizations, byte[]? signature)
    {
        _gateway = gateway;
        ChannelName = channel;
        TransactionId = transactionId;
        _proposalBytes = proposalBytes;
        EndorsingOrganizations = endorsingOrganizations;
        _signature = signature;
    }

    /// <summary>Gets the transaction id, hex(SHA-256(nonce ‖ creator)).</summary>
    public string TransactionId { get; }

    /// <summary>Gets the channel name.</summary>
    public string ChannelName { get; }

    /// <summary>Gets the organisations asked to endorse (empty: the gateway chooses).</summary>
    public IReadOnlyList<string> EndorsingOrganizations { get; }

    /// <summary>Gets the serialized <c>protos.Proposal</c>: the bytes the creator signs.</summary>
    public ReadOnlyMemory<byte> ProposalBytes => _proposalBytes;

    /// <summary>Gets SHA-256(<see cref="ProposalBytes"/>), what an offline signer signs (fabric-wire.md §2.1, signature 1).</summary>
    public ReadOnlyMemory<byte> Digest => SHA256.HashData(_proposalBytes);

    /// <summary>Gets a value indicating whether the proposal carries a signature.</summary>
    public bool IsSigned => _signature is not null;

    /// <summary>The same proposal with a signature over <see cref="Digest"/>.</summary>
    /// <param name="signature">A DER, low-S ECDSA signature (fabric-wire.md §2.1).</param>
    /// <returns>The signed proposal.</returns>
    public FabricProposal WithSignature(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            throw new ArgumentException("The signature is empty.", nameof(signature));
        }

        return new FabricProposal(_gateway, ChannelName, TransactionId, _proposalBytes, EndorsingOrganizations, signature.ToArray());
    }

    /// <summary>The proposal as a <c>gateway.ProposedTransaction</c> (signature included if present).</summary>
    /// <returns>The serialized message.</returns>
    public byte[] ToBytes() => new ProposedTransaction
    {
        TransactionId = TransactionId,
        Proposal = SignedProposal(),
        EndorsingOrganizations = { EndorsingOrganizations },
    }.ToByteArray();

    /// <summary>Evaluates the signed proposal (one <c>Evaluate</c> call).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chaincode's response payload (the status is not checked, fabric-wire.md §2.2: failures arrive as gRPC errors).</returns>
    /// <exception cref="InvalidOperationException">The proposal is not signed.</exception>
    /// <exception cref="FabricGatewayException">The gateway or the chaincode failed.</exception>
    public async Task<byte[]> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var request = new EvaluateRequest
        {
            TransactionId = TransactionId,
            ChannelId = ChannelName,
            ProposedTransaction = RequireSigned(),
            TargetOrganizations = { EndorsingOrganizations },
        };
        var response = EvaluateResponse.Parser.ParseFrom(
            await _gateway.CallAsync(FabricGateway.EvaluatePath, request, FabricGatewayOperation.Evaluate, _gateway.Options.EvaluateTimeout, TransactionId, cancellationToken));
        return response.Result?.Payload.ToByteArray() ?? [];
    }

    /// <summary>Sends the signed proposal for endorsement (one <c>Endorse</c> call).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The prepared, unsigned transaction envelope with the chaincode's result.</returns>
    /// <exception cref="InvalidOperationException">The proposal is not signed.</exception>
    /// <exception cref="FabricGatewayException">The endorsement failed (for example ABORTED with the chaincode's message in the details, fabric-wire.md §3.2).</exception>
    public async Task<FabricPreparedTransaction> EndorseAsync(CancellationToken cancellationToken = default)
    {
        var request = new EndorseRequest
        {
            TransactionId = TransactionId,
            ChannelId = ChannelName,
            ProposedTransaction = RequireSigned(),
            EndorsingOrganizations = { EndorsingOrganizations },
        };
        var response = EndorseResponse.Parser.ParseFrom(
            await _gateway.CallAsync(FabricGateway.EndorsePath, request, FabricGatewayOperation.Endorse, _gateway.Options.EndorseTimeout, TransactionId, cancellationToken));

        // proposal.ts asserts only that prepared_transaction is present (fabric-wire.md §2.2).
        return response.PreparedTransaction is { } envelope
            ? FabricPreparedTransaction.Create(_gateway, TransactionId, envelope)
            : throw new FabricGatewayException(FabricGatewayOperation.Endorse, TransactionId, GrpcStatusCode.Internal, "The endorse response has no prepared transaction.");
    }

    private SignedProposal SignedProposal() => new()
    {
        ProposalBytes = ByteString.CopyFrom(_proposalBytes),
        Signature = _signature is null ? ByteString.Empty : ByteString.CopyFrom(_signature),
    };

    private SignedProposal RequireSigned() =>
        _signature is null
            ? throw new InvalidOperationException($"Proposal {TransactionId} is not signed: call WithSignature first.")
            : SignedProposal();
}

/// <summary>
/// An endorsed transaction (the Envelope that Endorse returns, fabric-wire.md §2.3), unsigned or signed. For offline
/// signing sign <see cref="Digest"/> (SHA-256 of the envelope payload, fabric-wire.md §2.1 signature 2) and call
/// <see cref="WithSignature"/>, or carry <see cref="ToBytes"/> (a <c>gateway.PreparedTransaction</c>) elsewhere and use
/// <see cref="FabricGateway.NewSignedTransaction"/>. Immutable.
/// </summary>
public sealed class FabricPreparedTransaction
{
    private readonly FabricGateway _gateway;
    private readonly Envelope _envelope;

    private FabricPreparedTransaction(FabricGateway gateway, string transactionId, string channel, byte[] result, Envelope envelope)
    {
        _gateway = gateway;
        TransactionId = transactionId;
        ChannelName = channel;
        Result = result;
        _envelope = envelope;
    }

    /// <summary>Gets the transaction id (the client's own, sent in Submit and CommitStatus; fabric-wire.md §2.2).</summary>
    public string TransactionId { get; }

    /// <summary>Gets the channel, read from the envelope's channel header (fabric-wire.md §2.2).</summary>
    public string ChannelName { get; }

    /// <summary>Gets the chaincode's result from the endorsement (fabric-wire.md §2.2).</summary>
    public ReadOnlyMemory<byte> Result { get; }

    /// <summary>Gets the envelope payload: the bytes the creator signs.</summary>
    public ReadOnlyMemory<byte> Payload => _envelope.Payload.Memory;

    /// <summary>Gets SHA-256(<see cref="Payload"/>), what an offline signer signs.</summary>
    public ReadOnlyMemory<byte> Digest => SHA256.HashData(_envelope.Payload.Span);

    /// <summary>Gets a value indicating whether the envelope carries a signature.</summary>
    public bool IsSigned => !_envelope.Signature.IsEmpty;

    /// <summary>The same transaction with a signature over <see cref="Digest"/>.</summary>
    /// <param name="signature">A DER, low-S ECDSA signature.</param>
    /// <returns>The signed transaction.</returns>
    public FabricPreparedTransaction WithSignature(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            throw new ArgumentException("The signature is empty.", nameof(signature));
        }

        var signed = new Envelope { Payload = _envelope.Payload, Signature = ByteString.CopyFrom(signature) };
        return new FabricPreparedTransaction(_gateway, TransactionId, ChannelName, Result.ToArray(), signed);
    }

    /// <summary>The transaction as a <c>gateway.PreparedTransaction</c> (signature included if present).</summary>
    /// <returns>The serialized message.</returns>
    public byte[] ToBytes() => new PreparedTransaction { TransactionId = TransactionId, Envelope = _envelope }.ToByteArray();

    /// <summary>Sends the signed transaction to be ordered (one <c>Submit</c> call) without waiting for the commit.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The submitted transaction.</returns>
    /// <exception cref="InvalidOperationException">The transaction is not signed (the gateway would refuse it, fabric-wire.md §3.1).</exception>
    /// <exception cref="FabricGatewayException">Submit failed.</exception>
    public async Task<SubmittedTransaction> SubmitAsync(CancellationToken cancellationToken = default)
    {
        if (!IsSigned)
        {
            throw new InvalidOperationException($"Transaction {TransactionId} is not signed: call WithSignature first.");
        }

        var request = new SubmitRequest { TransactionId = TransactionId, ChannelId = ChannelName, PreparedTransaction = _envelope };
        _ = await _gateway.CallAsync(FabricGateway.SubmitPath, request, FabricGatewayOperation.Submit, _gateway.Options.SubmitTimeout, TransactionId, cancellationToken);
        return new SubmittedTransaction(_gateway, TransactionId, ChannelName, Result);
    }

    internal static FabricPreparedTransaction Create(FabricGateway gateway, string transactionId, Envelope envelope)
    {
        var (channel, result) = TransactionParser.Parse(envelope, transactionId);
        return new FabricPreparedTransaction(gateway, transactionId, channel, result, envelope);
    }
}

/// <summary>
/// A transaction accepted for ordering. <see cref="GetStatusAsync"/> waits for its commit with a signed
/// <c>CommitStatus</c> request (fabric-wire.md §2.1 signature 3); a gateway without a signer needs
/// <see cref="WithStatusSignature"/> over <see cref="StatusRequestDigest"/> first.
/// </summary>
public sealed class SubmittedTransaction
{
    private readonly FabricGateway _gateway;
    private readonly byte[] _statusRequest;
    private readonly byte[]? _statusSignature;

    internal SubmittedTransaction(FabricGateway gateway, string transactionId, string channel, ReadOnlyMemory<byte> result, byte[]? statusRequest = null, byte[]? statusSignature = null)
    {
        _gateway = gateway;
        TransactionId = transactionId;
        ChannelName = channel;
        Result = result;
        _statusRequest = statusRequest ?? new CommitStatusRequest
        {
            TransactionId = transactionId,
            ChannelId = channel,
            Identity = ByteString.CopyFrom(gateway.Creator),
        }.ToByteArray();
        _statusSignature = statusSignature;
    }

    /// <summary>Gets the transaction id.</summary>
    public string TransactionId { get; }

    /// <summary>Gets the channel name.</summary>
    public string ChannelName { get; }

    /// <summary>Gets the chaincode's result from the endorsement.</summary>
    public ReadOnlyMemory<byte> Result { get; }

    /// <summary>Gets SHA-256 of the serialized <c>gateway.CommitStatusRequest</c>, for offline signing.</summary>
    public ReadOnlyMemory<byte> StatusRequestDigest => SHA256.HashData(_statusRequest);

    /// <summary>The same transaction with an offline signature over <see cref="StatusRequestDigest"/>.</summary>
    /// <param name="signature">A DER, low-S ECDSA signature.</param>
    /// <returns>The transaction whose status requests carry that signature.</returns>
    public SubmittedTransaction WithStatusSignature(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            throw new ArgumentException("The signature is empty.", nameof(signature));
        }

        return new SubmittedTransaction(_gateway, TransactionId, ChannelName, Result, _statusRequest, signature.ToArray());
    }

    /// <summary>Waits until the transaction is committed and returns its validation code and block (one <c>CommitStatus</c> call).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The commit status; a code other than VALID is returned, not thrown.</returns>
    /// <exception cref="FabricGatewayException">CommitStatus failed (for example PERMISSION_DENIED or DEADLINE_EXCEEDED).</exception>
    public async Task<FabricCommitStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var signed = new SignedCommitStatusRequest
        {
            Request = ByteString.CopyFrom(_statusRequest),
            Signature = ByteString.CopyFrom(_statusSignature ?? _gateway.Sign(_statusRequest)),
        };
        var response = CommitStatusResponse.Parser.ParseFrom(
            await _gateway.CallAsync(FabricGateway.CommitStatusPath, signed, FabricGatewayOperation.CommitStatus, _gateway.Options.CommitStatusTimeout, TransactionId, cancellationToken));
        return new FabricCommitStatus(TransactionId, response.Result, response.BlockNumber);
    }
}
