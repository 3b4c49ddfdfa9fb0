using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>
/// One subscription to the registries' events. It delivers the events of block n once the head is at n + the
/// confirmation depth, in (block, log index) order, and remembers the hashes of the last <c>ReorgWindow</c> blocks it
/// delivered. Before each scan it checks that the next block's parent (or, when caught up, the last delivered
/// block itself) still has the hash it saw; when a hash at a known height changed, it walks back to the highest block
/// whose hash still matches (the fork point), retracts the events of the orphaned blocks newest first, and scans the
/// new chain from the fork point on. Logs are taken with eth_getLogs over a range and each one's block hash must equal
/// the header fetched for its height, so a reorganisation during a scan is caught too.
/// </summary>
internal sealed class EventWatcher
{
    private readonly EthereumAdapter _adapter;
    private readonly EthRpcClient _rpc;
    private readonly EthereumAdapterOptions _options;
    private readonly TimeProvider _time;
    private readonly LinkedList<DeliveredBlock> _window = new();

    public EventWatcher(EthereumAdapter adapter, EthRpcClient rpc, EthereumAdapterOptions options, TimeProvider time)
    {
        _adapter = adapter;
        _rpc = rpc;
        _options = options;
        _time = time;
    }

    public async IAsyncEnumerable<LedgerEvent> WatchAsync(Checkpoint? from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Guard(_adapter.EnsureChainAsync(cancellationToken));
        var (next, after) = Start(from);
        var addresses = new[] { _options.DocumentRegistry.ToLowerHex(), _options.TitleRegistry.ToLowerHex() };

        while (!cancellationToken.IsCancellationRequested)
        {
            var head = await Guard(_rpc.GetBlockNumberAsync(cancellationToken));
            var target = head >= (ulong)_options.Confirmations ? head - (ulong)_options.Confirmations : (ulong?)null;

            if (_window.Last is { } last && await HashAtAsync(last.Value.Number, cancellationToken) != last.Value.Hash)
            {
                foreach (var retraction in await RollBackAsync(cancellationToken))
                {
                    yield return retraction;
                }

                next = _window.Last is { } kept ? kept.Value.Number + 1 : next;
                continue;
            }

            if (target is not { } to || next > to)
            {
                await Task.Delay(_options.PollInterval, _time, cancellationToken);
                continue;
            }

            var end = Math.Min(to, next + (ulong)_options.MaxBlockRange - 1);
            var scan = await ScanAsync(next, end, addresses, cancellationToken);
            if (scan is null)
            {
                // The chain moved under the scan (a parent or a log's block hash did not match): check again.
                if (_window.Last is { } tip && tip.Value.Number == next - 1)
                {
                    foreach (var retraction in await RollBackAsync(cancellationToken))
                    {
                        yield return retraction;
                    }

                    next = _window.Last is { } kept ? kept.Value.Number + 1 : next;
                }

                continue;
            }

            foreach (var block in scan)
            {
                foreach (var ledgerEvent in block.Events)
                {
                    if (after is null || string.CompareOrdinal(ledgerEvent.ProtocolId, after) > 0)
                    {
                        yield return ledgerEvent;
                    }
                }

                _window.AddLast(block);
                if (_window.Count > _options.ReorgWindow)
                {
                    _window.RemoveFirst();
                }
            }

            next = end + 1;
        }
    }

    private (ulong Next, string? After) Start(Checkpoint? from)
    {
        if (from is null)
        {
            return (_options.StartBlock, null);
        }

        var slash = from.ProtocolId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !ulong.TryParse(from.ProtocolId.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var block))
        {
            throw new AdapterException(_options.Network, $"'{from.ProtocolId}' is not an Ethereum event position (block/transaction/log)", isTransient: false);
        }

        return (block, from.ProtocolId);
    }

    private async Task<string?> HashAtAsync(ulong number, CancellationToken cancellationToken)
    {
        var block = await Guard(_rpc.GetBlockByNumberAsync(BlockSelector.Number(number), fullTransactions: false, cancellationToken));
        return block?.GetProperty("hash").GetString()?.ToLowerInvariant();
    }

    /// <summary>Walks back to the fork point and returns retractions of every event delivered after it, newest first.</summary>
    private async Task<List<LedgerEvent>> RollBackAsync(CancellationToken cancellationToken)
    {
        var retractions = new List<LedgerEvent>();
        while (_window.Last is { } last)
        {
            if (await HashAtAsync(last.Value.Number, cancellationToken) == last.Value.Hash)
            {
                return retractions;
            }

            for (var i = last.Value.Events.Count - 1; i >= 0; i--)
            {
                retractions.Add(last.Value.Events[i] with { Retracted = true });
            }

            _window.RemoveLast();
        }

        throw new AdapterException(
            _options.Network,
            $"a reorganisation replaced every one of the last {_options.ReorgWindow} delivered blocks; resume from an older checkpoint",
            isTransient: false);
    }

    /// <summary>Headers and events of [from, to]; null when the chain changed during the scan.</summary>
    private async Task<List<DeliveredBlock>?> ScanAsync(ulong from, ulong to, string[] addresses, CancellationToken cancellationToken)
    {
        var requests = new List<RpcRequest>();
        for (var n = from; n <= to; n++)
        {
            requests.Add(new RpcRequest(EthRpcMethods.GetBlockByNumber, [HexQuantity.Encode(n), false]));
        }

        var responses = await Guard(_rpc.BatchAsync(requests, cancellationToken));
        var blocks = new List<DeliveredBlock>(responses.Count);
        var previous = _window.Last is { } tip && tip.Value.Number == from - 1 ? tip.Value.Hash : null;
        foreach (var response in responses)
        {
            if (response.Error is { } error)
            {
                throw new AdapterException(_options.Network, error.Message, error.IsTransient, error);
            }

            if (response.Result is not { ValueKind: JsonValueKind.Object } header)
            {
                return null;
            }

            var hash = header.GetProperty("hash").GetString()!.ToLowerInvariant();
            var parent = header.GetProperty("parentHash").GetString()!.ToLowerInvariant();
            if (previous is not null && parent != previous)
            {
                return null;
            }

            previous = hash;
            HexQuantity.TryParseUInt64(header.GetProperty("number").GetString(), out var number);
            blocks.Add(new DeliveredBlock(number, hash, []));
        }

        var logs = await Guard(_rpc.GetLogsAsync(
            new LogFilter { FromBlock = BlockSelector.Number(from), ToBlock = BlockSelector.Number(to), Addresses = addresses },
            cancellationToken));
        foreach (var log in logs.EnumerateArray())
        {
            HexQuantity.TryParseUInt64(log.GetProperty("blockNumber").GetString(), out var number);
            var index = (int)(number - from);
            if (index < 0 || index >= blocks.Count
                || !string.Equals(log.GetProperty("blockHash").GetString(), blocks[index].Hash, StringComparison.OrdinalIgnoreCase)
                || log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True)
            {
                return null;
            }

            if (ToLedgerEvent(log, number, blocks[index].Hash) is { } ledgerEvent)
            {
                blocks[index].Events.Add(ledgerEvent);
            }
        }

        foreach (var block in blocks)
        {
            block.Events.Sort((a, b) => string.CompareOrdinal(a.ProtocolId, b.ProtocolId));
            WithTitleFacts(block.Events);
        }

        return blocks;
    }

    /// <summary>
    /// Adds to each <c>CrossChainMessage</c> the title facts of the <c>TitleLocked</c> or <c>TitleBurned</c> log that the same
    /// transaction emitted for the same message id, as <c>"title": {"event", "titleId", "holder", "beneficiary"}</c>, so that
    /// one event carries the whole outbound message. The proof subject stays the CrossChainMessage log, whose payloadHash
    /// (keccak256 of titleId, holder, beneficiary and recipient) binds the added facts: the relay recomputes it.
    /// </summary>
    private static void WithTitleFacts(List<LedgerEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Name != "CrossChainMessage")
            {
                continue;
            }

            using var message = JsonDocument.Parse(events[i].Payload);
            var messageId = message.RootElement.GetProperty("args").GetProperty("messageId").GetString();
            var title = events.FirstOrDefault(e => e.Tx.Id == events[i].Tx.Id && e.Name is "TitleLocked" or "TitleBurned" && SameMessage(e, messageId));
            if (title is null)
            {
                continue;
            }

            using var titleJson = JsonDocument.Parse(title.Payload);
            var args = titleJson.RootElement.GetProperty("args");
            var node = System.Text.Json.Nodes.JsonNode.Parse(events[i].Payload.Span)!.AsObject();
            node["title"] = new System.Text.Json.Nodes.JsonObject
            {
                ["event"] = title.Name,
                ["titleId"] = args.GetProperty("titleId").GetString(),
                ["holder"] = args.GetProperty("holder").GetString(),
                ["beneficiary"] = args.GetProperty("beneficiary").GetString(),
            };
            events[i] = events[i] with { Payload = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()) };
        }
    }

    private static bool SameMessage(LedgerEvent e, string? messageId)
    {
        using var json = JsonDocument.Parse(e.Payload);
        return json.RootElement.GetProperty("args").TryGetProperty("messageId", out var id) && string.Equals(id.GetString(), messageId, StringComparison.OrdinalIgnoreCase);
    }

    private LedgerEvent? ToLedgerEvent(JsonElement log, ulong blockNumber, string blockHash)
    {
        if (!EthAddress.TryParse(log.GetProperty("address").GetString(), out var address) || _adapter.ContractAt(address) is not { } artifact)
        {
            return null;
        }

        var topics = new List<byte[]>();
        foreach (var topic in log.GetProperty("topics").EnumerateArray())
        {
            if (!HexData.TryDecode(topic.GetString(), out var word))
            {
                return null;
            }

            topics.Add(word);
        }

        if (!HexData.TryDecode(log.GetProperty("data").GetString(), out var data))
        {
            return null;
        }

        var decoded = artifact.Abi.DecodeLog(topics, data);
        if (!decoded.TryGetValue(out var eventLog))
        {
            return null;
        }

        HexQuantity.TryParseUInt64(log.GetProperty("transactionIndex").GetString(), out var transactionIndex);
        HexQuantity.TryParseUInt64(log.GetProperty("logIndex").GetString(), out var logIndex);
        var transactionHash = log.GetProperty("transactionHash").GetString()!;
        return new LedgerEvent(
            LedgerEvent.FormatProtocolId(blockNumber, (uint)transactionIndex, (uint)logIndex),
            new TxRef(transactionHash, (long)blockNumber, blockHash),
            eventLog.Event.Name,
            AbiJson.EventPayload(address.ToString(), eventLog))
        {
            // The receipt proof's event subject: "0x…tx:logIndex" and SHA-256 of the log's RLP (EthereumReceiptVerifier.LogDigest).
            Subject = EthereumProofBuilder.EventSubject(transactionHash, logIndex) with { Digest = EthereumReceiptVerifier.LogDigest(new ReceiptLog(address.AsSpan(), topics, data)) },
        };
    }

    private async Task<T> Guard<T>(Task<T> task)
    {
        try
        {
            return await task;
        }
        catch (EthRpcException e)
        {
            throw new AdapterException(_options.Network, e.Message, e.IsTransient, e);
        }
    }

    private async Task Guard(Task task)
    {
        try
        {
            await task;
        }
        catch (EthRpcException e)
        {
            throw new AdapterException(_options.Network, e.Message, e.IsTransient, e);
        }
    }

    private sealed record DeliveredBlock(ulong Number, string Hash, List<LedgerEvent> Events);
}
