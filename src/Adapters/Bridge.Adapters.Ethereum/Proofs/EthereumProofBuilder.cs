using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Ethereum.Trie;

namespace Bridge.Adapters.Ethereum.Proofs;

/// <summary>
/// Builds <c>ethereum-receipt</c> and <c>ethereum-state</c> proofs from a node. Nothing the node says is taken on
/// trust: the builder recomputes the receipts root from every receipt of the block and each header's hash, and
/// refuses (transiently) while the block lacks the confirmations the proof must show or moved during the build.
/// </summary>
/// <remarks>
/// A subject digest of 64 zeros asks the builder to fill in the digest; any other digest must equal the proven one.
/// </remarks>
public sealed class EthereumProofBuilder
{
    /// <summary>The placeholder digest that asks the builder to compute it.</summary>
    public static readonly string UnknownDigest = new('0', 64);

    private readonly EthRpcClient _rpc;
    private readonly string _network;
    private readonly ulong _chainId;

    /// <summary>Creates a builder for <paramref name="network"/> (chain <paramref name="chainId"/>) behind <paramref name="rpc"/>.</summary>
    public EthereumProofBuilder(EthRpcClient rpc, string network, ulong chainId)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        _rpc = rpc;
        _network = network;
        _chainId = chainId;
    }

    /// <summary>The subject of log <paramref name="logIndex"/> (block-wide, as the node numbers logs) of a transaction, with the digest to be filled in.</summary>
    public static ProofSubject EventSubject(string transactionHash, ulong logIndex) =>
        new(ProofSubjectType.Event, $"{transactionHash.ToLowerInvariant()}:{logIndex.ToString(CultureInfo.InvariantCulture)}", UnknownDigest);

    /// <summary>Builds an <c>ethereum-receipt</c> proof of an event (<c>0x…tx:logIndex</c>) or a transaction with <paramref name="confirmations"/> headers on top.</summary>
    public async Task<ProofEnvelope> BuildReceiptProofAsync(ProofRequest request, int confirmations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = request.Subject;
        ulong? logIndex = null;
        var transactionHash = request.Tx?.Id;
        if (subject.Type == ProofSubjectType.Event)
        {
            var colon = subject.Id.LastIndexOf(':');
            if (colon <= 0 || !ulong.TryParse(subject.Id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw Refused($"an event subject is '0x<transaction hash>:<log index>', not '{subject.Id}'");
            }

            logIndex = index;
            transactionHash ??= subject.Id[..colon];
        }
        else if (subject.Type == ProofSubjectType.Transaction)
        {
            transactionHash ??= subject.Id;
        }
        else
        {
            throw Refused($"an ethereum-receipt proof proves an event or a transaction, not a {subject.Type.ToWireName()}");
        }

        transactionHash = transactionHash.ToLowerInvariant();
        var receiptJson = await _rpc.GetTransactionReceiptAsync(transactionHash, cancellationToken)
            ?? throw new AdapterException(_network, $"transaction {transactionHash} has no receipt (yet)", isTransient: true);
        var blockNumber = HexQuantity.Read(receiptJson, "blockNumber");
        var blockHash = receiptJson.GetProperty("blockHash").GetString()!.ToLowerInvariant();
        var transactionIndex = (int)HexQuantity.Read(receiptJson, "transactionIndex");

        var headers = await HeadersAsync(blockNumber, blockHash, confirmations, cancellationToken);
        var block = await _rpc.GetBlockByHashAsync(blockHash, fullTransactions: false, cancellationToken)
            ?? throw new AdapterException(_network, $"block {blockHash} is gone (a reorganisation); try again", isTransient: true);
        var receipts = await ReceiptsAsync(block, cancellationToken);
        var inclusion = ReceiptTrie.BuildProof(receipts, transactionIndex);
        if (!inclusion.ReceiptsRoot.AsSpan().SequenceEqual(headers[0].Header.ReceiptsRoot.Span))
        {
            throw new AdapterException(_network, $"the receipts the node returned for block {blockNumber} do not rebuild its receiptsRoot", isTransient: false);
        }

        var receipt = receipts[transactionIndex];
        string digest;
        int? position = null;
        if (logIndex is { } wanted)
        {
            var before = 0UL;
            for (var i = 0; i < transactionIndex; i++)
            {
                before += (ulong)receipts[i].Logs.Count;
            }

            if (wanted < before || wanted - before >= (ulong)receipt.Logs.Count)
            {
                throw Refused($"log {wanted} of block {blockNumber} is not an event of transaction {transactionHash}");
            }

            position = (int)(wanted - before);
            digest = EthereumReceiptVerifier.LogDigest(receipt.Logs[position.Value]);
        }
        else
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(inclusion.EncodedReceipt));
        }

        var data = new JsonObject
        {
            ["chainId"] = _chainId,
            ["blockNumber"] = blockNumber,
            ["blockHash"] = blockHash,
            ["transactionHash"] = transactionHash,
            ["transactionIndex"] = transactionIndex,
        };
        if (position is { } p)
        {
            data["logIndex"] = logIndex!.Value;
            data["logPosition"] = p;
        }

        data["receipt"] = HexData.Encode(inclusion.EncodedReceipt);
        data["receiptProof"] = new JsonArray([.. inclusion.Nodes.Select(n => (JsonNode)HexData.Encode(n))]);
        data["headers"] = new JsonArray([.. headers.Select(h => (JsonNode)HexData.Encode(h.Encoded))]);
        var id = logIndex is { } li ? $"{transactionHash}:{li.ToString(CultureInfo.InvariantCulture)}" : transactionHash;
        return Envelope(ProofKind.EthereumReceipt, new ProofSubject(subject.Type, id, CheckDigest(subject, digest)), data);
    }

    /// <summary>
    /// Builds an <c>ethereum-state</c> proof of a storage slot (subject <c>0x…contract/0x…slot</c>) at the block that has
    /// exactly <paramref name="confirmations"/> blocks on top of it now.
    /// </summary>
    public async Task<ProofEnvelope> BuildStateProofAsync(ProofRequest request, int confirmations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = request.Subject;
        var slash = subject.Id.IndexOf('/', StringComparison.Ordinal);
        byte[] slot = new byte[32];
        if (subject.Type != ProofSubjectType.State || slash <= 0
            || !EthAddress.TryParse(subject.Id[..slash], out var contract)
            || !HexData.TryDecode(subject.Id.AsSpan(slash + 1), slot))
        {
            throw Refused($"a state subject is '0x<contract>/0x<32-byte slot>', not '{subject.Id}'");
        }

        var head = await _rpc.GetBlockNumberAsync(cancellationToken);
        if (head < (ulong)confirmations)
        {
            throw new AdapterException(_network, $"the chain has {head + 1} blocks; a proof with {confirmations} confirmations needs more", isTransient: true);
        }

        var number = head - (ulong)confirmations;
        var block = await _rpc.GetBlockByNumberAsync(BlockSelector.Number(number), fullTransactions: false, cancellationToken)
            ?? throw new AdapterException(_network, $"block {number} is missing", isTransient: true);
        var blockHash = block.GetProperty("hash").GetString()!.ToLowerInvariant();
        var headers = await HeadersAsync(number, blockHash, confirmations, cancellationToken);
        var result = await _rpc.GetProofAsync(contract.ToLowerHex(), [slot], BlockSelector.Number(number), cancellationToken);
        var account = AccountProof.FromJson(result);
        if (!account.TryGetValue(out var parsed) || parsed.StorageProofs.Count != 1)
        {
            throw new AdapterException(_network, $"the node's eth_getProof answer is malformed: {account.Error}", isTransient: false);
        }

        var digest = EthereumStateVerifier.ValueDigest(parsed.StorageProofs[0].Value);
        var data = new JsonObject
        {
            ["chainId"] = _chainId,
            ["blockNumber"] = number,
            ["blockHash"] = blockHash,
            ["proof"] = JsonNode.Parse(result.GetRawText()),
            ["headers"] = new JsonArray([.. headers.Select(h => (JsonNode)HexData.Encode(h.Encoded))]),
        };
        var id = EthereumStateVerifier.SubjectId(contract, slot);
        return Envelope(ProofKind.EthereumState, new ProofSubject(ProofSubjectType.State, id, CheckDigest(subject, digest)), data);
    }

    private string CheckDigest(ProofSubject requested, string proven) =>
        requested.Digest == UnknownDigest || string.Equals(requested.Digest, proven, StringComparison.Ordinal)
            ? proven
            : throw Refused($"the proven {requested.Type.ToWireName()} has digest {proven}, not the requested {requested.Digest}");

    private AdapterException Refused(string message) => new(_network, message, isTransient: false);

    private ProofEnvelope Envelope(ProofKind kind, ProofSubject subject, JsonObject data)
    {
        using var document = JsonDocument.Parse(data.ToJsonString());
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, _network, kind, subject, document.RootElement.Clone());
    }

    /// <summary>Headers number … number + confirmations, checked to hash as the node says and to link.</summary>
    private async Task<List<(BlockHeader Header, byte[] Encoded)>> HeadersAsync(ulong number, string blockHash, int confirmations, CancellationToken cancellationToken)
    {
        var head = await _rpc.GetBlockNumberAsync(cancellationToken);
        if (head < number + (ulong)confirmations)
        {
            throw new AdapterException(_network, $"block {number} has {head - number} confirmations; the proof needs {confirmations}", isTransient: true);
        }

        var requests = new List<RpcRequest>();
        for (var n = number; n <= number + (ulong)confirmations; n++)
        {
            requests.Add(new RpcRequest(EthRpcMethods.GetBlockByNumber, [HexQuantity.Encode(n), false]));
        }

        var headers = new List<(BlockHeader, byte[])>();
        byte[]? previous = null;
        foreach (var response in await _rpc.BatchAsync(requests, cancellationToken))
        {
            var json = response.Result;
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new AdapterException(_network, "a block in the confirmation range is missing; try again", isTransient: true);
            }

            var parsed = BlockHeader.FromJson(json);
            if (!parsed.TryGetValue(out var header))
            {
                throw new AdapterException(_network, $"the node returned a header this build cannot read: {parsed.Error}", isTransient: false);
            }

            var encoded = header.Encode();
            var hash = Canonical.Hashing.Keccak256.Hash(encoded);
            if (!string.Equals(HexData.Encode(hash), json.GetProperty("hash").GetString(), StringComparison.OrdinalIgnoreCase))
            {
                throw new AdapterException(_network, $"block {header.Number}'s fields do not hash to the hash the node reports (an unknown fork's header layout?)", isTransient: false);
            }

            if (previous is null ? HexData.Encode(hash) != blockHash : !header.ParentHash.Span.SequenceEqual(previous))
            {
                throw new AdapterException(_network, $"the chain changed while the proof was built (block {header.Number}); try again", isTransient: true);
            }

            previous = hash;
            headers.Add((header, encoded));
        }

        return headers;
    }

    private async Task<List<Receipt>> ReceiptsAsync(JsonElement block, CancellationToken cancellationToken)
    {
        var requests = block.GetProperty("transactions").EnumerateArray()
            .Select(tx => new RpcRequest(EthRpcMethods.GetTransactionReceipt, [tx.GetString()]))
            .ToList();
        var receipts = new List<Receipt>(requests.Count);
        foreach (var response in await _rpc.BatchAsync(requests, cancellationToken))
        {
            var parsed = Receipt.FromJson(response.Result);
            if (!parsed.TryGetValue(out var receipt))
            {
                throw new AdapterException(_network, $"the node returned a receipt this build cannot read: {parsed.Error}", isTransient: false);
            }

            receipts.Add(receipt);
        }

        return receipts;
    }
}
