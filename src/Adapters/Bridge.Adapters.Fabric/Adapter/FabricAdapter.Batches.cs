using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Peer;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// Anchors in batches (docs/fabric.md "Anchors in batches"): one <c>AnchorDocuments</c> transaction per call, under a
/// transaction id fixed by the batch's idempotency keys (<see cref="SubmissionNonces.BatchKey"/>), with per-document
/// idempotency in the chaincode, so a batch resubmitted after a crash writes nothing twice and a batch regrouped
/// differently on retry still answers each document with the transaction that anchored it.
/// </summary>
public sealed partial class FabricAdapter
{
    /// <summary>The chaincode's bound on one call's anchors (BridgeChaincode.MaxAnchorsPerCall).</summary>
    private const int MaxAnchorsPerCall = 256;

    /// <summary>The chaincode's bound on one call's argument (BridgeChaincode.MaxAnchorsArgumentBytes); larger batches are split.</summary>
    private const int MaxAnchorsArgumentBytes = 256 * 1024;

    private const string AnchorBatchFunction = "AnchorDocuments";

    /// <inheritdoc />
    public int MaxBatchSize => MaxAnchorsPerCall;

    /// <inheritdoc />
    /// <remarks>Document anchors only.</remarks>
    public bool CanBatch(LedgerCommand command) => command is LedgerCommand.Anchor;

    /// <inheritdoc />
    /// <remarks>
    /// Anchors that are not well formed are rejected (<c>invalid-command</c>) without a call. The rest go into one
    /// <c>AnchorDocuments</c> transaction (two or more only when their argument would exceed the chaincode's byte bound).
    /// A document written by it is <see cref="SubmitResult.Accepted"/> with that transaction; one anchored before by this
    /// adapter's identity with the same digest, root and type is Accepted with the transaction that anchored it; any
    /// other existing anchor is <c>already-anchored</c>. When nothing is new, no transaction is ordered at all.
    /// </remarks>
    public async Task<IReadOnlyList<SubmitResult>> SubmitBatchAsync(IReadOnlyList<BatchCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count > MaxBatchSize)
        {
            throw new ArgumentException($"A batch takes at most {MaxBatchSize} commands, not {commands.Count}.", nameof(commands));
        }

        var results = new SubmitResult[commands.Count];
        var items = new List<BatchItem>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            var (command, key) = commands[i] ?? throw new ArgumentException($"Command {i} is null.", nameof(commands));
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(commands));
            if (!CanBatch(command))
            {
                throw new ArgumentException($"Command {i} ({command.Kind}) cannot be batched: submit it alone.", nameof(commands));
            }

            if (FabricInvocation.TryMap(command, _options.Channel, _options.Chaincode, out var invocation, out var rejected))
            {
                items.Add(new BatchItem(i, key, invocation.Args));
            }
            else
            {
                results[i] = rejected;
            }
        }

        foreach (var group in Split(items))
        {
            var outcomes = await GuardAsync(() => AnchorBatchAsync(group, cancellationToken));
            for (var i = 0; i < group.Count; i++)
            {
                results[group[i].Position] = outcomes[i];
            }
        }

        return results;
    }

    /// <summary>The items in groups whose argument fits the chaincode's byte bound, in order (one group almost always).</summary>
    private static IEnumerable<List<BatchItem>> Split(List<BatchItem> items)
    {
        if (items.Count == 0)
        {
            yield break;
        }

        if (items.Count == 1 || Argument(items).Length <= MaxAnchorsArgumentBytes)
        {
            yield return items;
            yield break;
        }

        foreach (var half in (List<BatchItem>[])[items[..(items.Count / 2)], items[(items.Count / 2)..]])
        {
            foreach (var group in Split(half))
            {
                yield return group;
            }
        }
    }

    /// <summary>The <c>AnchorDocuments</c> argument: <c>[{documentId, contentDigest, commitmentRoot, documentType}, ...]</c>.</summary>
    private static byte[] Argument(List<BatchItem> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WriteString("documentId", item.Args[0]);
                writer.WriteString("contentDigest", item.Args[1]);
                writer.WriteString("commitmentRoot", item.Args[2]);
                writer.WriteString("documentType", item.Args[3]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Endorses, submits and waits for one <c>AnchorDocuments</c> transaction of <paramref name="items"/> under the id the
    /// batch key fixes, moving to the key's next id only after a read conflict; one result per item.
    /// </summary>
    private async Task<SubmitResult[]> AnchorBatchAsync(List<BatchItem> items, CancellationToken cancellationToken)
    {
        var argument = Argument(items);
        var batchKey = SubmissionNonces.BatchKey(items.Select(i => i.Key));
        var proposalOptions = new FabricProposalOptions { Arguments = [argument], EndorsingOrganizations = _options.EndorsingOrganizations };
        var call = new FabricInvocation(AnchorBatchFunction, [Encoding.UTF8.GetString(argument)], null);
        for (var attempt = 0; attempt < _options.MaxSubmitAttempts; attempt++)
        {
            var nonce = SubmissionNonces.Derive(_options.Channel, _options.Chaincode, batchKey, _gateway.Creator, attempt);
            var built = ProposalBuilder.Build(_gateway.Creator, nonce, _time.GetUtcNow(), _options.Channel, _options.Chaincode, AnchorBatchFunction, proposalOptions);
            var proposal = new FabricProposal(_gateway, _options.Channel, built.TransactionId, built.ProposalBytes, _options.EndorsingOrganizations, null);
            FabricPreparedTransaction prepared;
            try
            {
                prepared = await proposal.WithSignature(_gateway.Sign(built.ProposalBytes)).EndorseAsync(cancellationToken);
            }
            catch (FabricGatewayException e) when (e.Kind == FabricGatewayOperation.Endorse && e.StatusCode is GrpcStatusCode.Aborted or GrpcStatusCode.FailedPrecondition)
            {
                // A real peer refuses a proposal whose tx id the ledger holds (an earlier run of this batch); the chaincode
                // refuses a malformed batch. The ledger says which.
                if (await FindAsync(built.TransactionId, cancellationToken) is { } earlier)
                {
                    if (await EarlierBatchAsync(earlier, call, argument, items.Count, cancellationToken) is { } outcome)
                    {
                        return outcome;
                    }

                    continue;
                }

                var message = ChaincodeMessage(e);
                var code = message.Contains("chaincode response", StringComparison.Ordinal) ? RejectionCodes.OfChaincodeMessage(message) : RejectionCodes.EndorsementFailure;
                return [.. items.Select(_ => new SubmitResult.Rejected(code, message))];
            }

            var answers = ReadAnswers(prepared.Result, items);
            if (!answers.Any(a => a.Status == "anchored"))
            {
                // Nothing new to write: the answers stand as they are, and no transaction needs ordering.
                return await ResultsAsync(answers, null, cancellationToken);
            }

            var submitted = await prepared.WithSignature(_gateway.Sign(prepared.Payload.Span)).SubmitAsync(cancellationToken);
            var status = await submitted.GetStatusAsync(cancellationToken);
            RememberCommit(status);
            if (status.Code == TxValidationCode.Valid)
            {
                return await ResultsAsync(answers, status, cancellationToken);
            }

            if (status.Code == TxValidationCode.DuplicateTxid)
            {
                var first = await FindAsync(built.TransactionId, cancellationToken)
                    ?? throw new AdapterException(_options.Network, $"transaction {built.TransactionId} is a duplicate, but the ledger does not answer for the first one yet", isTransient: true);
                if (await EarlierBatchAsync(first, call, argument, items.Count, cancellationToken) is { } outcome)
                {
                    return outcome;
                }

                continue;
            }

            if (!RejectionCodes.IsReadConflict(status.Code))
            {
                var code = RejectionCodes.OfValidationCode(status.Code);
                return [.. items.Select(_ => new SubmitResult.Rejected(code, $"transaction {status.TransactionId} was committed in block {status.BlockNumber} as {code}"))];
            }
        }

        throw new AdapterException(
            _options.Network,
            $"the batch's last {_options.MaxSubmitAttempts} transactions all committed with read conflicts; retry later with the same commands",
            isTransient: true);
    }

    /// <summary>
    /// The results of a batch whose transaction id the ledger already holds (an earlier run of the same batch): when that
    /// transaction is VALID, each item's anchor as the ledger now holds it, read by evaluating the same call (which writes
    /// nothing); the earlier transaction's rejection when it did not apply for another reason; null after a read conflict.
    /// </summary>
    private async Task<SubmitResult[]?> EarlierBatchAsync(CommittedTransaction earlier, FabricInvocation call, byte[] argument, int count, CancellationToken cancellationToken)
    {
        switch (Outcome(earlier, call))
        {
            case null:
                return null;
            case SubmitResult.Rejected rejected:
                return [.. Enumerable.Repeat<SubmitResult>(rejected, count)];
        }

        var evaluated = await Contract(_gateway).EvaluateAsync(AnchorBatchFunction, new FabricProposalOptions { Arguments = [argument] }, cancellationToken);
        var answers = ReadAnswers(evaluated, null, count);
        if (answers.Any(a => a.Status == "anchored"))
        {
            throw new AdapterException(_options.Network, $"transaction {earlier.TxId} of this batch is VALID, but the ledger does not show all its anchors yet", isTransient: true);
        }

        return await ResultsAsync(answers, null, cancellationToken);
    }

    /// <summary>
    /// Maps the chaincode's answers to results: written by <paramref name="committed"/> or present from an earlier
    /// transaction (looked up for its block, through the block memory) is Accepted; a conflict is <c>already-anchored</c>.
    /// </summary>
    private async Task<SubmitResult[]> ResultsAsync(IReadOnlyList<AnchorAnswer> answers, FabricCommitStatus? committed, CancellationToken cancellationToken)
    {
        var results = new SubmitResult[answers.Count];
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (answer.Status == "conflict")
            {
                results[i] = new SubmitResult.Rejected("already-anchored", answer.Reason ?? $"document {answer.DocumentId} is already anchored with other content");
            }
            else if (committed is not null && answer.TxId == committed.TransactionId)
            {
                results[i] = new SubmitResult.Accepted(new TxRef(committed.TransactionId, (long)committed.BlockNumber));
            }
            else
            {
                // World state holds only VALID transactions' writes, so the anchoring transaction is committed VALID.
                var block = _commits.TryGet(answer.TxId, out var status) ? (long?)status.BlockNumber
                    : await FindAsync(answer.TxId, cancellationToken) is { } found ? (long)found.BlockNumber : null;
                results[i] = new SubmitResult.Accepted(new TxRef(answer.TxId, block));
            }
        }

        return results;
    }

    private AnchorAnswer[] ReadAnswers(ReadOnlyMemory<byte> payload, List<BatchItem> items) => ReadAnswers(payload, items, items.Count);

    /// <summary>The chaincode's per-item answers, checked against the items (their count and, when given, their document ids).</summary>
    private AnchorAnswer[] ReadAnswers(ReadOnlyMemory<byte> payload, List<BatchItem>? items, int count)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var results = document.RootElement.GetProperty("results");
            if (results.GetArrayLength() != count)
            {
                throw new AdapterException(_options.Network, $"the chaincode answered {results.GetArrayLength()} results for {count} anchors", isTransient: false);
            }

            var answers = new AnchorAnswer[count];
            var i = 0;
            foreach (var result in results.EnumerateArray())
            {
                var answer = new AnchorAnswer(
                    result.GetProperty("documentId").GetString()!,
                    result.GetProperty("status").GetString()!,
                    result.GetProperty("txId").GetString()!,
                    result.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
                if ((items is not null && answer.DocumentId != items[i].Args[0]) || answer.Status is not ("anchored" or "present" or "conflict"))
                {
                    throw new AdapterException(_options.Network, $"the chaincode's result {i} ({answer.DocumentId}, {answer.Status}) does not answer the anchor sent", isTransient: false);
                }

                answers[i++] = answer;
            }

            return answers;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new AdapterException(_options.Network, $"the chaincode's AnchorDocuments answer does not read: {e.Message}", isTransient: false, e);
        }
    }

    /// <summary>One anchor of a batch: its position in the call, its idempotency key, and its AnchorDocument arguments.</summary>
    private sealed record BatchItem(int Position, string Key, IReadOnlyList<string> Args);

    /// <summary>The chaincode's answer for one anchor: <c>anchored</c>, <c>present</c> or <c>conflict</c>, with the transaction.</summary>
    private sealed record AnchorAnswer(string DocumentId, string Status, string TxId, string? Reason);
}
