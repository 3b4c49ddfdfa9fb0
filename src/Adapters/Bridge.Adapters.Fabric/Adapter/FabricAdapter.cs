using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Fabric.Blocks;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// The bridge's view of a Fabric channel running the bridge chaincode, through the Gateway (docs/fabric.md "The
/// adapter"). Commands become chaincode transactions signed by the adapter's identity, or by the holder's for transfer,
/// lock and burn. <b>Idempotency survives restarts because the transaction id is fixed by the key</b>: the proposal nonce
/// is derived from the idempotency key and the signer (<see cref="SubmissionNonces"/>), so a resubmission carries the same
/// tx id, which the ledger can hold only once; when the chaincode or the ledger refuses a resubmission, the adapter looks
/// the id up (<c>qscc GetBlockByTxID</c>) and answers with the first outcome. Chaincode refusals are
/// <see cref="SubmitResult.Rejected"/> with a stable code; gateway faults are <see cref="AdapterException"/>s that say
/// whether a retry can help. Lookups are remembered where the ledger cannot change its answer: the commit statuses of
/// the adapter's own submissions (<see cref="CommitMemory"/>) and the blocks it read (<see cref="BlockMemory"/>), shared
/// by finality and proofs (docs/fabric.md "Fewer gateway calls"). Anchors can go in batches, one transaction per batch
/// (<see cref="IBatchSubmitter"/>, docs/fabric.md "Anchors in batches"). Thread-safe.
/// </summary>
public sealed partial class FabricAdapter : INetworkAdapter, IInboundTitleDomain, IOutboundSettlementDomain, IBatchSubmitter
{
    /// <summary>Completed submissions remembered in process (the ledger stays the record after they are forgotten).</summary>
    private const int RememberedSubmissions = 10_000;

    private static readonly AdapterCapabilities AdapterCapabilities = new(
        LedgerCommandKinds.Anchor | LedgerCommandKinds.Title | LedgerCommandKinds.Settlement | LedgerCommandKinds.RawInvoke,
        SupportsSubscribe: true,
        [ProofKind.FabricEndorsement],
        FinalityModel.Committed);

    private readonly FabricAdapterOptions _options;
    private readonly TimeProvider _time;
    private readonly FabricGateway _gateway;
    private readonly Dictionary<string, FabricGateway> _parties = new(StringComparer.Ordinal);
    private readonly FabricProofBuilder _proofs;
    private readonly IdempotentSubmissions _submissions = new(RememberedSubmissions);
    private readonly CommitMemory _commits = new(RememberedSubmissions);
    private readonly BlockMemory _blocks;

    /// <summary>Creates the adapter; no call is made until it is used.</summary>
    /// <param name="options">The channel, chaincode and identities; validated here.</param>
    /// <param name="client">The gRPC connection to the Gateway endpoint (not disposed here).</param>
    /// <param name="timeProvider">The clock for proposal timestamps; <see cref="TimeProvider.System"/> when null.</param>
    public FabricAdapter(FabricAdapterOptions options, GrpcClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        options.Validate();
        _options = options;
        _time = timeProvider ?? options.Gateway?.TimeProvider ?? TimeProvider.System;
        var gatewayOptions = (options.Gateway ?? new FabricGatewayOptions()) with { TimeProvider = _time };
        _gateway = new FabricGateway(client, options.Signer, gatewayOptions);
        _parties[PartyOf(options.Signer.Identity)] = _gateway;
        foreach (var signer in options.PartySigners)
        {
            _parties.TryAdd(PartyOf(signer.Identity), new FabricGateway(client, signer, gatewayOptions));
        }

        _blocks = new BlockMemory(_gateway, options.Network, options.Channel);
        _proofs = new FabricProofBuilder(_gateway, options.Network, options.Channel, options.AttestingOrganizations, _blocks);
    }

    /// <inheritdoc />
    public NetworkKind Kind => NetworkKind.Fabric;

    /// <inheritdoc />
    public AdapterCapabilities Capabilities => AdapterCapabilities;

    /// <summary>The blocks the adapter remembers (for tests and measurements).</summary>
    internal BlockMemory Blocks => _blocks;

    /// <summary>The options the adapter runs with.</summary>
    public FabricAdapterOptions Options => _options;

    /// <summary>
    /// How the bridge chaincode names <paramref name="identity"/> as a party: <c>{mspId}::{CN}</c>, the creator string
    /// it records as issuer and compares with the holder (docs/fabric.md "The bridge chaincode").
    /// </summary>
    public static string PartyOf(FabricIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return $"{identity.MspId}::{identity.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}";
    }

    /// <inheritdoc />
    public ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken)
    {
        var identity = _options.Signer.Identity;
        return ValueTask.FromResult(new LedgerIdentity(NetworkKind.Fabric, identity.Certificate.Subject, identity.MspId, identity.CertificatePem));
    }

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (!FabricInvocation.TryMap(command, _options.Channel, _options.Chaincode, out var invocation, out var rejected))
        {
            return rejected;
        }

        FabricGateway gateway;
        if (invocation.Party is null)
        {
            gateway = _gateway;
        }
        else if (!_parties.TryGetValue(invocation.Party, out gateway!))
        {
            return new SubmitResult.Rejected("no-key-for-holder", $"the adapter holds no identity for {invocation.Party}, so it cannot act as that holder");
        }

        var fingerprint = Fingerprint(invocation);
        return await _submissions.RunAsync(idempotencyKey, fingerprint, () => GuardAsync(() => InvokeAsync(gateway, invocation, idempotencyKey, command, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GuardAsync(async () =>
        {
            switch (query)
            {
                case LedgerQuery.AnchorOf anchor:
                    return await EvaluateJsonAsync("GetAnchor", [anchor.DocumentId], sourceFromTxId: true, cancellationToken);
                case LedgerQuery.TitleOf title:
                    return await EvaluateJsonAsync("GetTitle", [title.TitleId], sourceFromTxId: false, cancellationToken);
                case LedgerQuery.MessageStatus message:
                    var consumed = await Contract(_gateway).EvaluateAsync("IsConsumed", [message.MessageId], cancellationToken);
                    return new QueryResult.Found(AdapterJson.Object(writer =>
                    {
                        writer.WriteString("messageId", message.MessageId);
                        writer.WriteBoolean("consumed", consumed.AsSpan().SequenceEqual("true"u8));
                    }));
                case LedgerQuery.RawEvaluate raw:
                    return await EvaluateJsonAsync(raw.Function, raw.Args, sourceFromTxId: false, cancellationToken);
                default:
                    throw new NotSupportedException($"The Fabric adapter does not answer {query.GetType().Name} queries.");
            }
        });
    }

    /// <summary>
    /// Streams the bridge chaincode's events from committed VALID transactions (the Gateway's ChaincodeEvents), each with
    /// the protocol id of <see cref="FabricEventIds"/>. Fabric does not reorganise, so nothing is ever retracted. The
    /// stream reads from the checkpoint's block and skips the events up to and including the checkpoint's, so nothing
    /// after the checkpoint is lost and nothing before it comes again. A broken stream throws an
    /// <see cref="AdapterException"/>; resubscribe from the last checkpoint.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint is not a protocol id this adapter wrote.</exception>
    public IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, CancellationToken cancellationToken)
    {
        ulong startBlock = _options.StartBlock;
        uint? skipThrough = null;
        if (from is not null)
        {
            if (!FabricEventIds.TryParse(from.ProtocolId, out startBlock, out var ordinal))
            {
                throw new ArgumentException($"'{from.ProtocolId}' is not a Fabric adapter protocol id.", nameof(from));
            }

            skipThrough = ordinal;
        }

        return StreamAsync(startBlock, skipThrough, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != ProofKind.FabricEndorsement)
        {
            throw new NotSupportedException($"The Fabric adapter does not build {request.Kind.ToWireName()} proofs.");
        }

        if (request.Subject.Type is not (ProofSubjectType.Event or ProofSubjectType.Transaction or ProofSubjectType.State))
        {
            throw new NotSupportedException($"The Fabric adapter proves events, transactions and writes (state), not {request.Subject.Type.ToWireName()}s.");
        }

        return GuardAsync(() => _proofs.BuildAsync(request.Subject, cancellationToken, request.Tx?.BlockNumber is { } block and >= 0 ? (ulong)block : null));
    }

    /// <inheritdoc />
    public AttestationDomain InboundTitleDomain(InboundTitle title) => FabricRelayAttestation.For(_options.Channel, _options.Chaincode, title);

    /// <inheritdoc />
    public AttestationDomain AcknowledgementDomain(string messageId, string destinationTx) =>
        FabricRelayAttestation.AcknowledgementFor(_options.Channel, _options.Chaincode, messageId, destinationTx);

    /// <inheritdoc />
    public AttestationDomain RefundDomain(string messageId) => FabricRelayAttestation.RefundFor(_options.Channel, _options.Chaincode, messageId);

    /// <inheritdoc />
    public Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return GuardAsync<FinalityStatus>(async () =>
        {
            // The adapter's own submissions: the commit status it waited for already names the block and the code.
            var (txId, block, code) = _commits.TryGet(tx.Id, out var status)
                ? (status.TransactionId, status.BlockNumber, status.Code)
                : await FindAsync(tx.Id, cancellationToken, tx.BlockNumber is { } hint and >= 0 ? (ulong)hint : null) is { } committed
                    ? (committed.TxId, committed.BlockNumber, committed.Code)
                    : (null, 0UL, TxValidationCode.NotValidated);
            if (txId is null)
            {
                return new FinalityStatus.NotFinalYet(0, 1);
            }

            return code == TxValidationCode.Valid
                ? new FinalityStatus.Final(new TxRef(txId, (long)block))
                : new FinalityStatus.Invalid(
                    RejectionCodes.OfValidationCode(code),
                    $"transaction {tx.Id} was committed in block {block} as {RejectionCodes.OfValidationCode(code)}, so it did not take effect");
        });
    }

    /// <summary>
    /// Where the ledger holds transaction <paramref name="txId"/>: its block, index, validation code and chaincode function,
    /// read from a remembered block or the block that <c>qscc GetBlockByTxID</c> returns; null when the ledger does not
    /// know the id (never remembered: the next call asks again).
    /// </summary>
    internal async Task<CommittedTransaction?> FindAsync(string txId, CancellationToken cancellationToken, ulong? blockHint = null)
    {
        IndexedBlock block;
        int index;
        try
        {
            (block, index) = await _blocks.GetByTxIdAsync(txId, cancellationToken, blockHint);
        }
        catch (FabricGatewayException e) when (Mentions(e, "no such transaction ID"))
        {
            return null;
        }

        var payload = Payload.Parser.ParseFrom(Envelope.Parser.ParseFrom(block.Block.Data.Data[index]).Payload);
        return new CommittedTransaction(txId, block.Number, index, block.CodeAt(index), FunctionOf(payload));
    }

    private static string? FunctionOf(Payload payload)
    {
        try
        {
            var transaction = Transaction.Parser.ParseFrom(payload.Data);
            var action = ChaincodeActionPayload.Parser.ParseFrom(transaction.Actions[0].Payload);
            var proposalPayload = ChaincodeProposalPayload.Parser.ParseFrom(action.ChaincodeProposalPayload);
            var args = ChaincodeInvocationSpec.Parser.ParseFrom(proposalPayload.Input).ChaincodeSpec.Input.Args;
            return args.Count > 0 ? args[0].ToStringUtf8() : null;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentOutOfRangeException or NullReferenceException)
        {
            return null;
        }
    }

    private static bool Mentions(FabricGatewayException e, string text) =>
        e.StatusMessage.Contains(text, StringComparison.Ordinal) || e.Details.Any(d => d.Message.Contains(text, StringComparison.Ordinal));

    private static string ChaincodeMessage(FabricGatewayException e) =>
        e.Details.Select(d => d.Message).FirstOrDefault(m => m.Length > 0) ?? e.StatusMessage;

    /// <summary>Gateway statuses after which the same call may succeed; every call here is safe to repeat.</summary>
    private static bool IsTransient(GrpcStatusCode code) =>
        code is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.ResourceExhausted or GrpcStatusCode.Cancelled;

    private static string Fingerprint(FabricInvocation invocation) =>
        $"{invocation.Function}|{invocation.Party}|{invocation.Args.Count}|{string.Join('\u001f', invocation.Args)}";

    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (FabricGatewayException e)
        {
            throw new AdapterException(_options.Network, e.Message, IsTransient(e.StatusCode), e);
        }
        catch (GrpcException e)
        {
            throw new AdapterException(_options.Network, e.Message, IsTransient(e.StatusCode), e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new AdapterException(_options.Network, $"the gateway answered bytes that do not parse: {e.Message}", isTransient: false, e);
        }
    }

    /// <summary>Remembers a commit status the adapter waited for, except a duplicate's (its id's answer is the first arrival).</summary>
    private void RememberCommit(FabricCommitStatus status)
    {
        if (status.Code != TxValidationCode.DuplicateTxid)
        {
            _commits.Remember(status);
        }
    }

    private FabricContract Contract(FabricGateway gateway) => gateway.Network(_options.Channel).Contract(_options.Chaincode);

    /// <summary>
    /// Endorses, submits and waits for the commit of <paramref name="invocation"/> under the transaction id that the key
    /// fixes, moving to the key's next id only when the previous one committed with a read conflict.
    /// </summary>
    private async Task<SubmitResult> InvokeAsync(FabricGateway gateway, FabricInvocation invocation, string idempotencyKey, LedgerCommand command, CancellationToken cancellationToken)
    {
        var proposalOptions = FabricProposalOptions.FromStrings(invocation.Args) with { EndorsingOrganizations = _options.EndorsingOrganizations };
        for (var attempt = 0; attempt < _options.MaxSubmitAttempts; attempt++)
        {
            var nonce = SubmissionNonces.Derive(_options.Channel, _options.Chaincode, idempotencyKey, gateway.Creator, attempt);
            var built = ProposalBuilder.Build(gateway.Creator, nonce, _time.GetUtcNow(), _options.Channel, _options.Chaincode, invocation.Function, proposalOptions);
            var proposal = new FabricProposal(gateway, _options.Channel, built.TransactionId, built.ProposalBytes, _options.EndorsingOrganizations, null);
            FabricCommitStatus status;
            try
            {
                var prepared = await proposal.WithSignature(gateway.Sign(built.ProposalBytes)).EndorseAsync(cancellationToken);
                var submitted = await prepared.WithSignature(gateway.Sign(prepared.Payload.Span)).SubmitAsync(cancellationToken);
                status = await submitted.GetStatusAsync(cancellationToken);
            }
            catch (FabricGatewayException e) when (e.Kind == FabricGatewayOperation.Endorse && e.StatusCode is GrpcStatusCode.Aborted or GrpcStatusCode.FailedPrecondition)
            {
                // Refused: by the chaincode (perhaps because this very transaction already applied), by a peer (a
                // duplicate tx id on a real network), or by policy. The ledger says which.
                if (await FindAsync(built.TransactionId, cancellationToken) is { } earlier)
                {
                    if (Outcome(earlier, invocation) is { } outcome)
                    {
                        return outcome;
                    }

                    continue;
                }

                var message = ChaincodeMessage(e);
                var code = e.StatusCode == GrpcStatusCode.Aborted && message.Contains("chaincode response", StringComparison.Ordinal)
                    ? RejectionCodes.OfChaincodeMessage(message)
                    : RejectionCodes.EndorsementFailure;
                if (code == "already-anchored" && command is LedgerCommand.Anchor anchor && await SameAnchorAsync(anchor, cancellationToken) is { } same)
                {
                    return same;
                }

                if (code == "message-already-settled" && await SameSettlementAsync(command, cancellationToken) is { } settled)
                {
                    return settled;
                }

                return new SubmitResult.Rejected(code, message);
            }

            RememberCommit(status);
            if (status.Code == TxValidationCode.Valid)
            {
                return new SubmitResult.Accepted(new TxRef(status.TransactionId, (long)status.BlockNumber));
            }

            if (status.Code == TxValidationCode.DuplicateTxid)
            {
                var first = await FindAsync(built.TransactionId, cancellationToken)
                    ?? throw new AdapterException(_options.Network, $"transaction {built.TransactionId} is a duplicate, but the ledger does not answer for the first one yet", isTransient: true);
                if (Outcome(first, invocation) is { } outcome)
                {
                    return outcome;
                }

                continue;
            }

            if (RejectionCodes.IsReadConflict(status.Code))
            {
                continue;
            }

            return new SubmitResult.Rejected(
                RejectionCodes.OfValidationCode(status.Code),
                $"transaction {status.TransactionId} was committed in block {status.BlockNumber} as {RejectionCodes.OfValidationCode(status.Code)}");
        }

        throw new AdapterException(
            _options.Network,
            $"the command's last {_options.MaxSubmitAttempts} transactions all committed with read conflicts; retry later with the same idempotency key",
            isTransient: true);
    }

    /// <summary>The outcome that a committed transaction of the key stands for; null when it lost a read conflict.</summary>
    private SubmitResult? Outcome(CommittedTransaction committed, FabricInvocation invocation)
    {
        if (!string.Equals(committed.Function, invocation.Function, StringComparison.Ordinal))
        {
            return new SubmitResult.Rejected(
                "idempotency-key-reused",
                $"the idempotency key's transaction {committed.TxId} invoked {committed.Function ?? "something else"}, not {invocation.Function}");
        }

        if (committed.Code == TxValidationCode.Valid)
        {
            return new SubmitResult.Accepted(new TxRef(committed.TxId, (long)committed.BlockNumber));
        }

        return RejectionCodes.IsReadConflict(committed.Code)
            ? null
            : new SubmitResult.Rejected(
                RejectionCodes.OfValidationCode(committed.Code),
                $"transaction {committed.TxId} was committed in block {committed.BlockNumber} as {RejectionCodes.OfValidationCode(committed.Code)}");
    }

    /// <summary>An earlier anchor of the same document by this adapter with the same hashes, as its transaction.</summary>
    private async Task<SubmitResult?> SameAnchorAsync(LedgerCommand.Anchor anchor, CancellationToken cancellationToken)
    {
        using var existing = JsonDocument.Parse(await Contract(_gateway).EvaluateAsync("GetAnchor", [anchor.DocumentId], cancellationToken));
        var root = existing.RootElement;
        var same = root.TryGetProperty("issuer", out var issuer) && issuer.GetString() == PartyOf(_options.Signer.Identity)
            && string.Equals(root.GetProperty("contentDigest").GetString(), anchor.Digest, StringComparison.OrdinalIgnoreCase)
            && string.Equals(root.GetProperty("commitmentRoot").GetString(), anchor.MerkleRoot, StringComparison.OrdinalIgnoreCase)
            && root.TryGetProperty("txId", out var txId);
        if (!same || await FindAsync(root.GetProperty("txId").GetString()!, cancellationToken) is not { Code: TxValidationCode.Valid } earlier)
        {
            return null;
        }

        return new SubmitResult.Accepted(new TxRef(earlier.TxId, (long)earlier.BlockNumber));
    }

    /// <summary>
    /// The transaction that settled the command's message the same way (acknowledged, or refunded), from the chaincode's
    /// outbound record; null for another settlement or another command.
    /// </summary>
    private async Task<SubmitResult?> SameSettlementAsync(LedgerCommand command, CancellationToken cancellationToken)
    {
        var (messageId, status) = command switch
        {
            LedgerCommand.Acknowledge acknowledge => (acknowledge.MessageId, "acknowledged"),
            LedgerCommand.Refund refund => (refund.MessageId, "refunded"),
            _ => (null, null),
        };
        if (messageId is null)
        {
            return null;
        }

        using var record = JsonDocument.Parse(await Contract(_gateway).EvaluateAsync("GetOutboundMessage", [messageId], cancellationToken));
        var root = record.RootElement;
        if (root.GetProperty("status").GetString() != status
            || !root.TryGetProperty("settledTx", out var settledTx)
            || await FindAsync(settledTx.GetString()!, cancellationToken) is not { Code: TxValidationCode.Valid } earlier)
        {
            return null;
        }

        return new SubmitResult.Accepted(new TxRef(earlier.TxId, (long)earlier.BlockNumber));
    }

    private async Task<QueryResult> EvaluateJsonAsync(string function, IReadOnlyList<string> args, bool sourceFromTxId, CancellationToken cancellationToken)
    {
        byte[] payload;
        try
        {
            payload = await Contract(_gateway).EvaluateAsync(function, args, cancellationToken);
        }
        catch (FabricGatewayException e) when (Mentions(e, "chaincode response 404"))
        {
            return new QueryResult.NotFound();
        }

        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(payload);
            value = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            value = AdapterJson.Object(writer => writer.WriteBase64String("base64", payload));
        }

        TxRef? source = sourceFromTxId && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("txId", out var txId) && txId.GetString() is { Length: > 0 } id
            ? new TxRef(id)
            : null;
        return new QueryResult.Found(value, source);
    }

    private async IAsyncEnumerable<LedgerEvent> StreamAsync(ulong startBlock, uint? skipThrough, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = _gateway.Network(_options.Channel).ChaincodeEventsAsync(_options.Chaincode, ChaincodeEventPosition.FromBlock(startBlock), cancellationToken);
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        ulong? block = null;
        uint ordinal = 0;
        while (true)
        {
            FabricChaincodeEvent current;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    throw new AdapterException(_options.Network, "the gateway ended the chaincode event stream", isTransient: true);
                }

                current = enumerator.Current;
            }
            catch (FabricGatewayException e)
            {
                throw new AdapterException(_options.Network, e.Message, IsTransient(e.StatusCode), e);
            }

            if (block != current.BlockNumber)
            {
                block = current.BlockNumber;
                ordinal = 0;
            }
            else
            {
                ordinal++;
            }

            if (skipThrough is { } last && current.BlockNumber == startBlock && ordinal <= last)
            {
                continue;
            }

            // The Gateway's ChaincodeEvents delivers the events of VALID transactions only (Fabric docs, "Chaincode events":
            // events are emitted for transactions committed successfully), so the event is its transaction's commit.
            _commits.Remember(new FabricCommitStatus(current.TransactionId, TxValidationCode.Valid, current.BlockNumber));
            yield return new LedgerEvent(
                FabricEventIds.Format(current.BlockNumber, ordinal),
                new TxRef(current.TransactionId, (long)current.BlockNumber),
                current.EventName,
                current.Payload)
            {
                // The proof builder's event digest: SHA-256 of the chaincode event's payload (FabricProofBuilder).
                Subject = new ProofSubject(ProofSubjectType.Event, current.TransactionId, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(current.Payload.Span))),
            };
        }
    }

}

/// <summary>A transaction the ledger holds, as <c>qscc GetBlockByTxID</c> shows it.</summary>
/// <param name="TxId">The transaction id.</param>
/// <param name="BlockNumber">The block that holds it.</param>
/// <param name="TxIndex">Its index in the block.</param>
/// <param name="Code">Its validation code (the block's transactions filter).</param>
/// <param name="Function">The chaincode function it invoked, when it reads as a chaincode invocation.</param>
internal sealed record CommittedTransaction(string TxId, ulong BlockNumber, int TxIndex, TxValidationCode Code, string? Function);
