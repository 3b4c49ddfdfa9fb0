using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Orderer;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Chaincode;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Ledger;
using Bridge.Simulators.Fabric.Peer;
using Google.Protobuf;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bridge.Simulators.Fabric.Network;

/// <summary>
/// The simulated Fabric network behind one Gateway endpoint: organisations with their peers, channels with ledgers,
/// the bridge chaincode, and the five Gateway RPCs (fabric-wire.md §1.1) with the real gateway's checks and error
/// mapping (§2, §3). Proposals are validated as a peer does; endorsements come from the first organisations that
/// satisfy the channel's n-of policy (or the client's <c>endorsing_organizations</c>); Submit orders the signed
/// envelope into a block and commits it (validation codes, MVCC); CommitStatus and ChaincodeEvents read the ledger.
/// </summary>
public sealed class FabricNetwork : IDisposable
{
    /// <summary>The query system chaincode's name (fabric core/scc/qscc).</summary>
    public const string Qscc = "qscc";

    private const string ErrorDetailType = "type.googleapis.com/gateway.ErrorDetail";

    private readonly FabricNetworkOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<SimulatedOrganization> _organizations;
    private readonly SimulatedOrganization _orderer;
    private readonly Dictionary<string, ChannelDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelLedger> _ledgers = new(StringComparer.Ordinal);
    private readonly ProposalValidator _proposals;
    private readonly BridgeChaincode _chaincode = new();

    private FabricNetwork(FabricNetworkOptions options, TimeProvider time, IReadOnlyList<SimulatedOrganization> material, SimulatedGatewayTls gatewayTls)
    {
        GatewayTls = gatewayTls;
        _options = options;
        _time = time;
        _organizations = [.. material.Take(options.Organizations.Count)];
        _orderer = material[^1];
        var policy = EndorsementPolicy.NOutOf(options.EndorsementsRequired, [.. _organizations.Select(o => o.MspId)], Bridge.Adapters.Abstractions.Trust.FabricPrincipal.PeerRole);
        foreach (var channel in options.Channels)
        {
            var definition = new ChannelDefinition(channel, [options.Chaincode, Qscc], _organizations.Select(o => o.Trust), policy);
            _definitions[channel] = definition;
            var validator = new TransactionValidator(definition);
            var blocks = BlockStore.Open(Path.Combine(options.DataDirectory, "ledgers", $"{channel}.blocks"));
            var cutting = options.BlockCuttingOf(channel);
            _ledgers[channel] = new ChannelLedger(channel, blocks, new WorldState(), _orderer.Peer, envelope => Check(validator, envelope), cutting.MaxBlockTransactions, cutting.BatchTimeout, time);
        }

        _proposals = new ProposalValidator(_definitions.Values);
    }

    /// <summary>The organisations (peers), in configuration order.</summary>
    public IReadOnlyList<SimulatedOrganization> Organizations => _organizations;

    /// <summary>The network's options.</summary>
    public FabricNetworkOptions Options => _options;

    /// <summary>The Gateway endpoint's TLS server certificate and its CA (trusted by every MSP folder's <c>tlscacerts/</c>).</summary>
    public SimulatedGatewayTls GatewayTls { get; }

    /// <summary>Loads or creates the material and ledgers under the options' data folder.</summary>
    public static FabricNetwork Open(FabricNetworkOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        var material = SimulatorMaterial.LoadOrCreate(options, time);
        SimulatedGatewayTls? gatewayTls = null;
        try
        {
            gatewayTls = SimulatorMaterial.LoadOrCreateGatewayTls(options, time);
            return new FabricNetwork(options, time, material, gatewayTls);
        }
        catch
        {
            gatewayTls?.Dispose();
            foreach (var organization in material)
            {
                organization.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Serves the Gateway over TLS with <see cref="GatewayTls"/>'s certificate; with
    /// <paramref name="requireClientCertificate"/>, clients must present a certificate that chains to one of the
    /// organisations' CAs (as a peer with <c>peer.tls.clientAuthRequired</c> accepts its channel members' TLS CAs).
    /// </summary>
    public void UseTls(GrpcServerHostOptions host, bool requireClientCertificate)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.ServerCertificate = GatewayTls.ServerCertificate;
        host.ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate;
        host.ClientCertificateValidation = requireClientCertificate ? (certificate, _, _) => IsOrganizationMember(certificate) : null;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of the organisations' root CAs now.</summary>
    public bool IsOrganizationMember(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = _time.GetUtcNow();
        return _organizations.Any(o => o.Trust.Validate(certificate, now).IsValid);
    }

    /// <summary>
    /// The trust anchors a verifier needs for proofs from <paramref name="channel"/>: the chaincode, every organisation's
    /// root CA certificates, and the channel's endorsement policy as a signature policy: n of the organisations' PEERs
    /// (the NodeOU <c>peer</c> the simulator's peer certificates carry), the very policy its committing peers apply.
    /// </summary>
    public Bridge.Adapters.Abstractions.Trust.FabricTrustAnchors TrustAnchors(string channel) => new(
        channel,
        _options.Chaincode,
        [.. _organizations.Select(o => new Bridge.Adapters.Abstractions.Trust.FabricMsp(o.MspId, [.. o.Trust.RootCertificates.Select(c => c.ExportCertificatePem())]))],
        EndorsementPolicy.Anchored(_options.EndorsementsRequired, [.. _organizations.Select(o => o.MspId)], Bridge.Adapters.Abstractions.Trust.FabricPrincipal.PeerRole));

    /// <summary>The ledger of <paramref name="channel"/>.</summary>
    public ChannelLedger Ledger(string channel) => _ledgers[channel];

    /// <summary>Registers the Gateway service's methods on <paramref name="server"/>.</summary>
    public void Map(GrpcServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.MapUnary("/gateway.Gateway/Evaluate", (request, context) => Task.FromResult(Evaluate(EvaluateRequest.Parser.ParseFrom(request.Span)).ToByteArray()));
        server.MapUnary("/gateway.Gateway/Endorse", (request, context) => Task.FromResult(Endorse(EndorseRequest.Parser.ParseFrom(request.Span)).ToByteArray()));
        server.MapUnary("/gateway.Gateway/Submit", async (request, context) => (await SubmitAsync(SubmitRequest.Parser.ParseFrom(request.Span), context.CancellationToken)).ToByteArray());
        server.MapUnary("/gateway.Gateway/CommitStatus", async (request, context) => (await CommitStatusAsync(SignedCommitStatusRequest.Parser.ParseFrom(request.Span), context.CancellationToken)).ToByteArray());
        server.MapServerStreaming("/gateway.Gateway/ChaincodeEvents", (request, context, writer) => ChaincodeEventsAsync(SignedChaincodeEventsRequest.Parser.ParseFrom(request.Span), writer, context.CancellationToken));
    }

    /// <summary>Forgets every channel's blocks and state (crypto material stays).</summary>
    public void Reset()
    {
        foreach (var ledger in _ledgers.Values)
        {
            ledger.Reset();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var ledger in _ledgers.Values)
        {
            ledger.Blocks.Dispose();
            ledger.Dispose();
        }

        foreach (var organization in _organizations.Append(_orderer))
        {
            organization.Dispose();
        }

        GatewayTls.Dispose();
    }

    private EnvelopeCheck Check(TransactionValidator validator, ByteString bytes)
    {
        Envelope? envelope;
        try
        {
            envelope = Envelope.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            envelope = null;
        }

        // At commit, certificates are judged now. On replay after a restart only the reads, writes and event are used:
        // the validation code recorded in the block stands (ChannelLedger.Replay).
        var result = validator.Validate(envelope, _time.GetUtcNow());
        return new EnvelopeCheck(result.Code, result.TxId, result.Reads, result.Writes, result.Event);
    }

    /// <summary>
    /// Runs the bridge chaincode, or the query system chaincode <c>qscc</c> (fabric core/scc/qscc/query.go):
    /// <c>GetTransactionByID(channel, txId)</c> → <c>protos.ProcessedTransaction{envelope, validationCode}</c>,
    /// <c>GetBlockByNumber(channel, number)</c> and <c>GetBlockByTxID(channel, txId)</c> → <c>common.Block</c>. Endorsed by
    /// several organisations' peers, a GetBlockByNumber answer is their signed statement of a block and its validation
    /// codes: the block attestation that fabric-endorsement proofs carry (docs/fabric.md).
    /// </summary>
    private ChaincodeResponse Invoke(IChaincodeStub stub, string function, IReadOnlyList<byte[]> args)
    {
        if (stub.ChaincodeName != Qscc)
        {
            return _chaincode.Invoke(stub, function, args);
        }

        var text = args.Select(a => System.Text.Encoding.UTF8.GetString(a)).ToArray();
        if (text.Length != 2 || !_ledgers.TryGetValue(text[0], out var ledger))
        {
            return new ChaincodeResponse.Error($"qscc {function} takes a channel name and one argument");
        }

        switch (function)
        {
            case "GetTransactionByID":
            case "GetBlockByTxID":
                if (ledger.Find(text[1]) is not { } committed)
                {
                    return new ChaincodeResponse.Error($"Failed to get transaction with id {text[1]}, error no such transaction ID [{text[1]}] in index", 500);
                }

                var block = ledger.Blocks.Get(committed.BlockNumber)!;
                return function == "GetBlockByTxID"
                    ? new ChaincodeResponse.Success(block.ToByteArray())
                    : new ChaincodeResponse.Success(new ProcessedTransaction
                    {
                        TransactionEnvelope = Envelope.Parser.ParseFrom(block.Data.Data[committed.TxIndex]),
                        ValidationCode = (int)committed.Code,
                    }.ToByteArray());
            case "GetBlockByNumber":
                return ulong.TryParse(text[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && ledger.Blocks.Get(number) is { } found
                    ? new ChaincodeResponse.Success(found.ToByteArray())
                    : new ChaincodeResponse.Error($"Failed to get block number {text[1]}", 500);
            default:
                return new ChaincodeResponse.Error($"Requested function {function} not found.");
        }
    }

    private EvaluateResponse Evaluate(EvaluateRequest request)
    {
        var proposal = Validate(request.ProposedTransaction, evaluate: true);
        var organization = Pick(request.TargetOrganizations, 1)[0];
        var result = new Endorser(organization.Peer).Endorse(proposal, _ledgers[proposal.ChannelId].State, Invoke);
        if (!result.IsSuccess)
        {
            throw Failure(result.Error!.ForEvaluate(), organization);
        }

        return new EvaluateResponse { Result = result.Response!.Response };
    }

    private EndorseResponse Endorse(EndorseRequest request)
    {
        var proposal = Validate(request.ProposedTransaction, evaluate: false);
        var responses = new List<ProposalResponse>();
        foreach (var organization in Pick(request.EndorsingOrganizations, _options.EndorsementsRequired))
        {
            var result = new Endorser(organization.Peer).Endorse(proposal, _ledgers[proposal.ChannelId].State, Invoke);
            if (!result.IsSuccess)
            {
                throw Failure(result.Error!.ForEndorse(), organization);
            }

            responses.Add(result.Response!);
        }

        var assembled = TransactionAssembler.Assemble(proposal, responses);
        return assembled.IsSuccess
            ? new EndorseResponse { PreparedTransaction = assembled.Envelope }
            : throw Failure(assembled.Error!.ForEndorse(), _organizations[0]);
    }

    private async Task<SubmitResponse> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        if (request.PreparedTransaction is not { } envelope || envelope.Payload.IsEmpty)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "a prepared transaction is required");
        }

        // fabric internal/pkg/gateway/submit.go: the gateway refuses an unsigned envelope.
        if (envelope.Signature.IsEmpty)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "prepared transaction must be signed");
        }

        if (!_ledgers.TryGetValue(request.ChannelId, out var ledger))
        {
            throw new GrpcException(GrpcStatusCode.NotFound, $"channel {request.ChannelId} not found");
        }

        await ledger.SubmitAsync(envelope.ToByteString(), cancellationToken);
        return new SubmitResponse();
    }

    private async Task<CommitStatusResponse> CommitStatusAsync(SignedCommitStatusRequest signed, CancellationToken cancellationToken)
    {
        var request = CommitStatusRequest.Parser.ParseFrom(signed.Request);
        Authorize(signed.Request, signed.Signature, request.Identity, request.ChannelId);
        var committed = await _ledgers[request.ChannelId].WaitForCommitAsync(request.TransactionId, cancellationToken);
        return new CommitStatusResponse { Result = committed.Code, BlockNumber = committed.BlockNumber };
    }

    /// <summary>
    /// The Gateway's ChaincodeEvents as hyperledger/fabric implements it (<c>internal/pkg/gateway/chaincodeevents.go</c>,
    /// functions <c>ChaincodeEvents</c>, <c>chaincodeEventsStartBlock</c>, <c>startBlockFromLedgerPosition</c> and
    /// <c>chaincodeEventMatcher</c>; the events of a block come from its valid transactions only,
    /// <c>internal/pkg/gateway/event/chaincodeiterator.go</c>):
    /// <list type="bullet">
    /// <item>an empty or unreadable request is INVALID_ARGUMENT; the ACL check is PERMISSION_DENIED;</item>
    /// <item>when <c>after_transaction_id</c> names a committed transaction, reading starts at its block whatever
    /// <c>start_position</c> says; otherwise <c>start_position</c> decides: unset or <c>next_commit</c> is the ledger
    /// height, <c>specified</c> its number, and any other type (<c>oldest</c>, <c>newest</c>) is INVALID_ARGUMENT
    /// "invalid start position type: *orderer.SeekPosition_Oldest";</item>
    /// <item>with <c>after_transaction_id</c>, every event is skipped until the event of that transaction has gone by
    /// (so its own event and those before it in the start block are not sent);</item>
    /// <item>one response per block that has matching events, holding all of them in transaction order.</item>
    /// </list>
    /// </summary>
    private async Task ChaincodeEventsAsync(SignedChaincodeEventsRequest signed, IServerStreamWriter writer, CancellationToken cancellationToken)
    {
        if (signed.Request.IsEmpty)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "a chaincode events request is required");
        }

        ChaincodeEventsRequest request;
        try
        {
            request = ChaincodeEventsRequest.Parser.ParseFrom(signed.Request);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"invalid chaincode events request: {e.Message}");
        }

        Authorize(signed.Request, signed.Signature, request.Identity, request.ChannelId);
        var ledger = _ledgers[request.ChannelId];
        var after = request.AfterTransactionId;
        var start = after.Length > 0 && ledger.Find(after) is { } previous
            ? previous.BlockNumber
            : request.StartPosition?.TypeCase switch
            {
                null or SeekPosition.TypeOneofCase.None or SeekPosition.TypeOneofCase.NextCommit => ledger.Height,
                SeekPosition.TypeOneofCase.Specified => request.StartPosition.Specified.Number,
                var other => throw new GrpcException(GrpcStatusCode.InvalidArgument, $"invalid start position type: *orderer.SeekPosition_{other}"),
            };

        var passedPrevious = after.Length == 0;
        await foreach (var block in ledger.BlocksAsync(start, cancellationToken))
        {
            var response = new ChaincodeEventsResponse { BlockNumber = block.Number };
            foreach (var committed in block.Transactions)
            {
                if (committed.Code != TxValidationCode.Valid || committed.Event is not { } chaincodeEvent)
                {
                    continue;
                }

                if (!passedPrevious)
                {
                    passedPrevious = chaincodeEvent.TxId == after;
                    continue;
                }

                if (chaincodeEvent.ChaincodeId == request.ChaincodeId)
                {
                    response.Events.Add(chaincodeEvent);
                }
            }

            if (response.Events.Count > 0)
            {
                await writer.WriteAsync(response.ToByteArray(), cancellationToken);
            }
        }

        // BlocksAsync only ends by itself when the ledger is reset under the stream (the real gateway answers a ledger
        // iterator failure with ABORTED).
        throw new GrpcException(GrpcStatusCode.Aborted, $"the ledger of channel {request.ChannelId} was reset");
    }

    private ValidatedProposal Validate(SignedProposal? signedProposal, bool evaluate)
    {
        if (signedProposal is null)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "a proposed transaction is required");
        }

        var result = _proposals.Validate(signedProposal, _time.GetUtcNow());
        return result.IsValid
            ? result.Proposal!
            : throw Failure(evaluate ? result.Error!.ForEvaluate() : result.Error!.ForEndorse(), _organizations[0]);
    }

    /// <summary>The signed request must come from a member of one of the channel's organisations (the real gateway's ACL check).</summary>
    private void Authorize(ByteString request, ByteString signature, ByteString identityBytes, string channel)
    {
        if (!_definitions.TryGetValue(channel, out var definition))
        {
            throw new GrpcException(GrpcStatusCode.NotFound, $"channel {channel} not found");
        }

        var parsed = FabricIdentity.Deserialize(identityBytes.Span);
        if (parsed.Identity is not { } identity
            || !definition.Msps.TryGetValue(identity.MspId, out var trust)
            || !trust.Validate(identity, _time.GetUtcNow()).IsValid
            || !identity.Verify(request.Span, signature.Span))
        {
            throw new GrpcException(GrpcStatusCode.PermissionDenied, $"access denied to channel {channel}: the request is not signed by a member of the channel");
        }
    }

    private List<SimulatedOrganization> Pick(IReadOnlyCollection<string> requested, int count)
    {
        if (requested.Count > 0)
        {
            var chosen = _organizations.Where(o => requested.Contains(o.MspId)).ToList();
            if (chosen.Count == 0)
            {
                throw new GrpcException(GrpcStatusCode.Unavailable, $"no peers available for organizations {string.Join(", ", requested)}");
            }

            return chosen;
        }

        return [.. _organizations.Take(count)];
    }

    private static GrpcException Failure(GatewayStatus status, SimulatedOrganization organization)
    {
        if (status.DetailMessage is null)
        {
            return new GrpcException(status.Code, status.Message);
        }

        var detail = new ErrorDetail { Address = $"peer0.{organization.Spec.Domain}:7051", MspId = organization.MspId, Message = status.DetailMessage };
        return new GrpcException(status.Code, status.Message, [new GrpcAny(ErrorDetailType, detail.ToByteArray())]);
    }
}
