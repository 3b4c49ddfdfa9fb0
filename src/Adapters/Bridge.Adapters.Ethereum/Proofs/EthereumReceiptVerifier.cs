using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Proofs;

/// <summary>
/// Checks <c>ethereum-receipt</c> proofs: a receipt, its Merkle-Patricia path to the including block's receiptsRoot,
/// and the headers from that block upwards. The data is
/// <code>
/// {"chainId", "blockNumber", "blockHash", "transactionHash", "transactionIndex", "logIndex", "logPosition",
///  "receipt": "0x…consensus encoding", "receiptProof": ["0x…node", …], "headers": ["0x…RLP header", …]}
/// </code>
/// and it holds when: the chain id is the anchors'; the headers hash and link from the including block to one the
/// anchors trust, with at least the anchors' confirmations on top; the path proves exactly this receipt at
/// <c>transactionIndex</c> under the including header's receiptsRoot; the transaction succeeded; the log at
/// <c>logPosition</c> of the receipt was emitted by one of the anchors' contracts; and the subject's digest is
/// SHA-256 of that log's RLP encoding <c>[address, [topics…], data]</c> (for a transaction subject: of the encoded
/// receipt). Pure: no I/O, no clock; never throws for bad input.
/// </summary>
public sealed class EthereumReceiptVerifier : IProofVerifier
{
    private const int MaxProofNodes = 64;

    /// <inheritdoc />
    public ProofKind Kind => ProofKind.EthereumReceipt;

    /// <summary>SHA-256 of the RLP encoding <c>[address, [topics…], data]</c> of <paramref name="log"/>, lower-case hex.</summary>
    public static string LogDigest(ReceiptLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var encoded = RlpEncoder.Encode(RlpItem.List(
            RlpItem.FromBytes(log.Address.Span),
            RlpItem.List([.. log.Topics.Select(t => RlpItem.FromBytes(t.Span))]),
            RlpItem.FromBytes(log.Data.Span)));
        return Convert.ToHexStringLower(SHA256.HashData(encoded));
    }

    /// <inheritdoc />
    public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors is not EthereumTrustAnchors ethereum)
        {
            return new ProofVerdict.NotApplicable($"an ethereum-receipt proof is checked against Ethereum trust anchors, not {anchors.Kind}");
        }

        if (proof.Kind != ProofKind.EthereumReceipt)
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.KindMismatch, $"this verifier checks ethereum-receipt proofs, not {proof.Kind.ToWireName()}");
        }

        if (!Data.TryRead(proof.Data, out var data, out var problem))
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.MalformedProof, problem);
        }

        if (data.ChainId != (ulong)ethereum.ChainId)
        {
            return new ProofVerdict.Invalid(EthereumProofCodes.WrongChain, $"the proof is for chain {data.ChainId}; the anchors are for chain {ethereum.ChainId}");
        }

        if (HeaderChain.Check(data.Headers, data.BlockNumber, data.BlockHash, ethereum, out var header, out var trusted) is { } broken)
        {
            return broken;
        }

        var inclusion = ReceiptTrie.Verify(header.ReceiptsRoot.Span, data.TransactionIndex, data.ReceiptProof, data.Receipt);
        if (!inclusion.IsValid)
        {
            return new ProofVerdict.Invalid(EthereumProofCodes.BadInclusionProof, $"the receipt is not proven under block {data.BlockNumber}'s receiptsRoot: {inclusion.Reason}");
        }

        var receipt = inclusion.Receipt!;
        if (receipt.Succeeded != true)
        {
            return new ProofVerdict.Invalid(EthereumProofCodes.TransactionFailed, $"transaction {data.TransactionIndex} of block {data.BlockNumber} failed, so its events did not happen");
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["chainId"] = data.ChainId.ToString(CultureInfo.InvariantCulture),
            ["blockHash"] = HexData.Encode(data.BlockHash),
            ["transactionHash"] = data.TransactionHash,
            ["transactionIndex"] = data.TransactionIndex.ToString(CultureInfo.InvariantCulture),
            ["confirmations"] = (data.Headers.Count - 1).ToString(CultureInfo.InvariantCulture),
            ["trustedBlock"] = $"{trusted.Number} {trusted.Hash}",
        };

        string digest;
        IReadOnlyList<string> signers;
        if (proof.Subject.Type == ProofSubjectType.Event)
        {
            if (data.LogPosition is not { } position || data.LogIndex is not { } logIndex || position >= receipt.Logs.Count)
            {
                return new ProofVerdict.Invalid(ProofVerdictCodes.MalformedProof, "an event proof names a logPosition inside the receipt's logs and its block-wide logIndex");
            }

            if (!string.Equals(proof.Subject.Id, $"{data.TransactionHash}:{logIndex}", StringComparison.OrdinalIgnoreCase))
            {
                return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the subject '{proof.Subject.Id}' is not event {data.TransactionHash}:{logIndex} of the proof");
            }

            var log = receipt.Logs[position];
            var emitter = EthAddress.FromBytes(log.Address.Span);
            if (!IsTrustedContract(ethereum, emitter))
            {
                return new ProofVerdict.Invalid(EthereumProofCodes.UntrustedContract, $"the event was emitted by {emitter}, which is not one of the anchors' contracts");
            }

            digest = LogDigest(log);
            signers = [emitter.ToString()];
            details["logIndex"] = logIndex.ToString(CultureInfo.InvariantCulture);
            details["contract"] = emitter.ToString();
            if (log.Topics.Count > 0)
            {
                details["topic0"] = HexData.Encode(log.Topics[0].Span);
            }
        }
        else if (proof.Subject.Type == ProofSubjectType.Transaction)
        {
            if (!string.Equals(proof.Subject.Id, data.TransactionHash, StringComparison.OrdinalIgnoreCase))
            {
                return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the subject '{proof.Subject.Id}' is not transaction {data.TransactionHash} of the proof");
            }

            digest = Convert.ToHexStringLower(SHA256.HashData(data.Receipt));
            signers = [];
        }
        else
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.MalformedProof, $"an ethereum-receipt proof proves an event or a transaction, not a {proof.Subject.Type.ToWireName()}");
        }

        if (!string.Equals(digest, proof.Subject.Digest, StringComparison.Ordinal))
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the proven {proof.Subject.Type.ToWireName()} has digest {digest}, not the subject's {proof.Subject.Digest}");
        }

        return new ProofVerdict.Valid(signers, (long)data.BlockNumber, details);
    }

    internal static bool IsTrustedContract(EthereumTrustAnchors anchors, EthAddress address)
    {
        foreach (var contract in anchors.Contracts.Values)
        {
            if (EthAddress.TryParse(contract, out var trusted) && trusted == address)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The proof's data, read strictly.</summary>
    internal sealed record Data(
        ulong ChainId,
        ulong BlockNumber,
        byte[] BlockHash,
        string TransactionHash,
        int TransactionIndex,
        ulong? LogIndex,
        int? LogPosition,
        byte[] Receipt,
        List<byte[]> ReceiptProof,
        List<byte[]> Headers)
    {
        public static bool TryRead(JsonElement json, out Data data, out string problem)
        {
            data = null!;
            problem = string.Empty;
            if (json.ValueKind != JsonValueKind.Object)
            {
                problem = "the proof data must be a JSON object";
                return false;
            }

            if (!UInt(json, "chainId", out var chainId) || !UInt(json, "blockNumber", out var blockNumber) || !UInt(json, "transactionIndex", out var transactionIndex) || transactionIndex > int.MaxValue)
            {
                problem = "chainId, blockNumber and transactionIndex must be non-negative integers";
                return false;
            }

            if (!Hash(json, "blockHash", out var blockHash) || !json.TryGetProperty("transactionHash", out var txJson) || txJson.GetString() is not { Length: 66 } transactionHash || !HexData.IsValid(transactionHash, 32))
            {
                problem = "blockHash and transactionHash must be 0x + 64 hex digits";
                return false;
            }

            ulong? logIndex = null;
            int? logPosition = null;
            if (json.TryGetProperty("logIndex", out _) || json.TryGetProperty("logPosition", out _))
            {
                if (!UInt(json, "logIndex", out var index) || !UInt(json, "logPosition", out var position) || position > int.MaxValue)
                {
                    problem = "logIndex and logPosition must be non-negative integers";
                    return false;
                }

                logIndex = index;
                logPosition = (int)position;
            }

            if (!json.TryGetProperty("receipt", out var receiptJson) || !HexData.TryDecode(receiptJson.GetString(), out var receipt) || receipt.Length == 0)
            {
                problem = "receipt must be the receipt's consensus encoding as 0x-hex";
                return false;
            }

            if (!HeaderChain.TryReadHexArray(json, "receiptProof", MaxProofNodes, out var receiptProof))
            {
                problem = $"receiptProof must be an array of at most {MaxProofNodes} 0x-hex trie nodes";
                return false;
            }

            if (!HeaderChain.TryReadHexArray(json, "headers", HeaderChain.MaxHeaders, out var headers))
            {
                problem = $"headers must be an array of at most {HeaderChain.MaxHeaders} 0x-hex RLP headers";
                return false;
            }

            data = new Data(chainId, blockNumber, blockHash, transactionHash.ToLowerInvariant(), (int)transactionIndex, logIndex, logPosition, receipt, receiptProof, headers);
            return true;
        }

        internal static bool UInt(JsonElement json, string name, out ulong value)
        {
            value = 0;
            return json.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out value);
        }

        internal static bool Hash(JsonElement json, string name, out byte[] hash)
        {
            hash = [];
            return json.TryGetProperty(name, out var element)
                && element.ValueKind == JsonValueKind.String
                && element.GetString() is { Length: 66 } text
                && HexData.TryDecode(text, out hash);
        }
    }
}
