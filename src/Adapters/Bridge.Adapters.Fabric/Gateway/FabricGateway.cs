using System.Runtime.CompilerServices;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>
/// A client of a Fabric Gateway endpoint (fabric-wire.md §1.1, §3.1), modelled on the official client: creating it
/// makes no RPC; <see cref="Network"/> and <see cref="FabricGatewayNetwork.Contract"/> only name a channel and a
/// chaincode. It signs with a <see cref="FabricSigner"/>, or, created from a <see cref="FabricIdentity"/> alone, leaves
/// every signature to the caller (offline signing: <see cref="FabricContract.NewProposal"/>). The gRPC client is the
/// caller's and is not disposed here. Thread-safe.
/// </summary>
public sealed class FabricGateway
{
    internal const string EvaluatePath = "/gateway.Gateway/Evaluate";
    internal const string EndorsePath = "/gateway.Gateway/Endorse";
    internal const string SubmitPath = "/gateway.Gateway/Submit";
    internal const string CommitStatusPath = "/gateway.Gateway/CommitStatus";
    internal const string ChaincodeEventsPath = "/gateway.Gateway/ChaincodeEvents";

    private readonly byte[] _creator;

    /// <summary>Creates a gateway that signs with <paramref name="signer"/>.</summary>
    /// <param name="client">The gRPC connection to the Gateway endpoint.</param>
    /// <param name="signer">The client identity and its key (not disposed here).</param>
    /// <param name="options">Deadlines and clock; defaults when null.</param>
    public FabricGateway(GrpcClient client, FabricSigner signer, FabricGatewayOptions? options = null)
        : this(client, signer?.Identity ?? throw new ArgumentNullException(nameof(signer)), signer, options)
    {
    }

    /// <summary>Creates a gateway for offline signing: every signature is supplied by the caller.</summary>
    /// <param name="client">The gRPC connection to the Gateway endpoint.</param>
    /// <param name="identity">The client identity (the creator of proposals).</param>
    /// <param name="options">Deadlines and clock; defaults when null.</param>
    public FabricGateway(GrpcClient client, FabricIdentity identity, FabricGatewayOptions? options = null)
        : this(client, identity, null, options)
    {
    }

    private FabricGateway(GrpcClient client, FabricIdentity identity, FabricSigner? signer, FabricGatewayOptions? options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(identity);
        Client = client;
        Identity = identity;
        Signer = signer;
        Options = options ?? new FabricGatewayOptions();
        Time = Options.TimeProvider ?? TimeProvider.System;
        _creator = identity.Serialize();
    }

    /// <summary>Gets the client identity: the creator of every proposal and request.</summary>
    public FabricIdentity Identity { get; }

    /// <summary>Gets the deadlines in use.</summary>
    public FabricGatewayOptions Options { get; }

    internal GrpcClient Client { get; }

    internal FabricSigner? Signer { get; }

    internal TimeProvider Time { get; }

    /// <summary>The serialized <c>msp.SerializedIdentity</c> of <see cref="Identity"/> (do not mutate).</summary>
    internal ReadOnlySpan<byte> Creator => _creator;

    /// <summary>Names a channel (no RPC).</summary>
    /// <param name="channel">The channel name.</param>
    /// <returns>The channel's view.</returns>
    public FabricGatewayNetwork Network(string channel)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return new FabricGatewayNetwork(this, channel);
    }

    /// <summary>
    /// Recreates a proposal from <see cref="FabricProposal.ToBytes"/> (a <c>gateway.ProposedTransaction</c>) with the
    /// signature made offline over <see cref="FabricProposal.Digest"/>.
    /// </summary>
    /// <param name="proposedTransaction">The serialized proposed transaction.</param>
    /// <param name="signature">The DER, low-S ECDSA signature (fabric-wire.md §2.1).</param>
    /// <returns>The signed proposal, ready to evaluate or endorse.</returns>
    /// <exception cref="ArgumentException">The bytes are not a proposed transaction.</exception>
    public FabricProposal NewSignedProposal(ReadOnlySpan<byte> proposedTransaction, ReadOnlySpan<byte> signature)
    {
        ProposedTransaction message;
        string channel;
        try
        {
            message = ProposedTransaction.Parser.ParseFrom(proposedTransaction);
            channel = ProposalBuilder.ReadHeader(message.Proposal?.ProposalBytes ?? ByteString.Empty).Channel;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ArgumentException($"Not a gateway.ProposedTransaction: {ex.Message}", nameof(proposedTransaction), ex);
        }

        return new FabricProposal(this, channel, message.TransactionId, message.Proposal!.ProposalBytes.ToByteArray(), [.. message.EndorsingOrganizations], null)
            .WithSignature(signature);
    }

    /// <summary>
    /// Recreates a prepared transaction from <see cref="FabricPreparedTransaction.ToBytes"/> (a
    /// <c>gateway.PreparedTransaction</c>) with the signature made offline over <see cref="FabricPreparedTransaction.Digest"/>.
    /// </summary>
    /// <param name="preparedTransaction">The serialized prepared transaction.</param>
    /// <param name="signature">The DER, low-S ECDSA signature.</param>
    /// <returns>The signed transaction, ready to submit.</returns>
    /// <exception cref="ArgumentException">The bytes are not a prepared transaction.</exception>
    public FabricPreparedTransaction NewSignedTransaction(ReadOnlySpan<byte> preparedTransaction, ReadOnlySpan<byte> signature)
    {
        PreparedTransaction message;
        try
        {
            message = PreparedTransaction.Parser.ParseFrom(preparedTransaction);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ArgumentException($"Not a gateway.PreparedTransaction: {ex.Message}", nameof(preparedTransaction), ex);
        }

        if (message.Envelope is null)
        {
            throw new ArgumentException("The prepared transaction has no envelope.", nameof(preparedTransaction));
        }

        return FabricPreparedTransaction.Create(this, message.TransactionId, message.Envelope).WithSignature(signature);
    }

    /// <summary>Signs with the gateway's signer, or fails when the gateway was created for offline signing.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data) =>
        Signer is { } signer
            ? signer.Sign(data)
            : throw new InvalidOperationException("This gateway has no signer: sign offline (NewProposal, Digest, WithSignature) instead.");

    /// <summary>Builds an unsigned proposal with a fresh nonce and the current time.</summary>
    internal FabricProposal CreateProposal(string channel, string chaincode, string function, FabricProposalOptions options)
    {
        var built = ProposalBuilder.Build(Creator, TransactionIds.NewNonce(), Time.GetUtcNow(), channel, chaincode, function, options);
        return new FabricProposal(this, channel, built.TransactionId, built.ProposalBytes, options.EndorsingOrganizations, null);
    }

    /// <summary>Makes a unary Gateway call, turning a gRPC failure into <see cref="FabricGatewayException"/>.</summary>
    internal async Task<byte[]> CallAsync(
        string path,
        IMessage request,
        FabricGatewayOperation operation,
        TimeSpan? timeout,
        string? transactionId,
        CancellationToken cancellationToken)
    {
        try
        {
            return await Client.UnaryAsync(path, request.ToByteArray(), new GrpcCallOptions { Timeout = timeout }, cancellationToken);
        }
        catch (GrpcException ex)
        {
            throw new FabricGatewayException(operation, transactionId, ex);
        }
    }

    /// <summary>Runs a signed ChaincodeEvents stream (fabric-wire.md §1.1, §2.1 signature 3).</summary>
    internal async IAsyncEnumerable<FabricChaincodeEvent> ChaincodeEventsAsync(
        string channel,
        string chaincode,
        ChaincodeEventPosition start,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ChaincodeEventsRequest
        {
            ChannelId = channel,
            ChaincodeId = chaincode,
            Identity = ByteString.CopyFrom(Creator),
            StartPosition = start.ToSeekPosition(),
            AfterTransactionId = start.AfterTransactionId ?? string.Empty,
        };
        var requestBytes = request.ToByteString();
        var signed = new SignedChaincodeEventsRequest
        {
            Request = requestBytes,
            Signature = ByteString.CopyFrom(Sign(requestBytes.Span)),
        };

        await using var responses = Client.ServerStreamingAsync(ChaincodeEventsPath, signed.ToByteArray(), GrpcCallOptions.Default, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChaincodeEventsResponse response;
            try
            {
                if (!await responses.MoveNextAsync())
                {
                    yield break;
                }

                response = ChaincodeEventsResponse.Parser.ParseFrom(responses.Current);
            }
            catch (GrpcException ex)
            {
                throw new FabricGatewayException(FabricGatewayOperation.ChaincodeEvents, null, ex);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new FabricGatewayException(FabricGatewayOperation.ChaincodeEvents, null, GrpcStatusCode.Internal, $"Not a ChaincodeEventsResponse: {ex.Message}", null, ex);
            }

            foreach (var chaincodeEvent in response.Events)
            {
                yield return new FabricChaincodeEvent(
                    response.BlockNumber,
                    chaincodeEvent.TxId,
                    chaincodeEvent.ChaincodeId,
                    chaincodeEvent.EventName,
                    chaincodeEvent.Payload.ToByteArray());
            }
        }
    }
}

/// <summary>A channel seen through a <see cref="FabricGateway"/> (no RPC to create).</summary>
public sealed class FabricGatewayNetwork
{
    private readonly FabricGateway _gateway;

    internal FabricGatewayNetwork(FabricGateway gateway, string name)
    {
        _gateway = gateway;
        Name = name;
    }

    /// <summary>Gets the channel name.</summary>
    public string Name { get; }

    /// <summary>Names a chaincode on this channel (no RPC).</summary>
    /// <param name="chaincode">The chaincode name.</param>
    /// <returns>The contract.</returns>
    public FabricContract Contract(string chaincode)
    {
        ArgumentException.ThrowIfNullOrEmpty(chaincode);
        return new FabricContract(_gateway, Name, chaincode);
    }

    /// <summary>
    /// Streams the chaincode's events from committed valid transactions, in block order (one server-streaming
    /// <c>ChaincodeEvents</c> call, fabric-wire.md §3.1). The stream does not end by itself; stop it by breaking out of
    /// the loop or cancelling, which resets the HTTP/2 stream. Store <see cref="FabricChaincodeEvent.Checkpoint"/> after
    /// processing an event and resume with <see cref="ChaincodeEventPosition.After"/>: delivery is at-least-once.
    /// </summary>
    /// <param name="chaincode">The chaincode whose events to read.</param>
    /// <param name="start">Where to start; <see cref="ChaincodeEventPosition.NextCommit"/> when null.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The events.</returns>
    /// <exception cref="FabricGatewayException">The gateway refused or ended the stream with an error.</exception>
    public IAsyncEnumerable<FabricChaincodeEvent> ChaincodeEventsAsync(string chaincode, ChaincodeEventPosition? start = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(chaincode);
        return _gateway.ChaincodeEventsAsync(Name, chaincode, start ?? ChaincodeEventPosition.NextCommit, cancellationToken);
    }
}
