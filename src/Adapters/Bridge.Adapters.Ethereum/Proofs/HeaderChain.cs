using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Proofs;

/// <summary>Stable codes of the Ethereum verifiers' <see cref="ProofVerdict.Invalid"/> verdicts.</summary>
public static class EthereumProofCodes
{
    /// <summary>The proof is for another chain than the anchors'.</summary>
    public const string WrongChain = "wrong-chain";

    /// <summary>A header does not hash to the hash the proof names, or the headers do not link parent to child.</summary>
    public const string BrokenHeaderChain = "broken-header-chain";

    /// <summary>Fewer blocks on top of the including block than the anchors' finality rule requires.</summary>
    public const string NotFinal = "not-final";

    /// <summary>No header of the proof is one of the anchors' trusted blocks.</summary>
    public const string UntrustedChain = "untrusted-chain";

    /// <summary>The Merkle-Patricia proof does not prove the claimed receipt, account or storage value.</summary>
    public const string BadInclusionProof = "bad-inclusion-proof";

    /// <summary>The transaction that emitted the event failed (receipt status 0).</summary>
    public const string TransactionFailed = "transaction-failed";

    /// <summary>The event or state is of a contract the anchors do not name.</summary>
    public const string UntrustedContract = "untrusted-contract";
}

/// <summary>
/// The header part shared by both Ethereum proof kinds: RLP-encoded headers from the including block upwards, each the
/// parent of the next. Their hashes are recomputed (keccak of the RLP, Yellow Paper §4.3), their links checked, the
/// confirmations counted, and one of them must be a block the anchors trust.
/// </summary>
internal static class HeaderChain
{
    /// <summary>The most headers a proof may carry (the anchors' maximum confirmations plus the including block).</summary>
    public const int MaxHeaders = 1001;

    /// <summary>Checks the chain; returns null and the including header when it holds, or the verdict that rejects it.</summary>
    public static ProofVerdict.Invalid? Check(
        IReadOnlyList<byte[]> encodedHeaders,
        ulong blockNumber,
        ReadOnlySpan<byte> blockHash,
        EthereumTrustAnchors anchors,
        out BlockHeader including,
        out EthereumTrustedBlock trusted)
    {
        including = null!;
        trusted = null!;
        if (encodedHeaders.Count == 0 || encodedHeaders.Count > MaxHeaders)
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"a proof carries 1 to {MaxHeaders} headers; this one has {encodedHeaders.Count}");
        }

        Span<byte> previousHash = stackalloc byte[32];
        Span<byte> hash = stackalloc byte[32];
        ulong previousNumber = 0;
        for (var i = 0; i < encodedHeaders.Count; i++)
        {
            // The including header is decoded in full (its roots are used). The ones above only link: their hash, their
            // parent hash and their number. That is sound because the chain must end in a trusted hash, whose preimage
            // is the real header, whose parent hash names the real parent, and so on down.
            ulong number;
            if (i == 0)
            {
                var decoded = BlockHeader.Decode(encodedHeaders[i]);
                if (!decoded.TryGetValue(out var header))
                {
                    return Invalid(ProofVerdictCodes.MalformedProof, $"header {i} does not decode: {decoded.Error}");
                }

                Canonical.Hashing.Keccak256.Hash(encodedHeaders[i], hash);
                if (header.Number != blockNumber || !hash.SequenceEqual(blockHash))
                {
                    return Invalid(EthereumProofCodes.BrokenHeaderChain, $"the first header is block {header.Number} with hash {HexData.Encode(hash)}, not block {blockNumber} with hash {HexData.Encode(blockHash)}");
                }

                including = header;
                number = header.Number;
            }
            else
            {
                if (!TryReadLink(encodedHeaders[i], out var parentHash, out number))
                {
                    return Invalid(ProofVerdictCodes.MalformedProof, $"header {i} is not an RLP block header");
                }

                if (number != previousNumber + 1 || !parentHash.SequenceEqual(previousHash))
                {
                    return Invalid(EthereumProofCodes.BrokenHeaderChain, $"header {i} (block {number}) is not the child of header {i - 1} (block {previousNumber})");
                }

                Canonical.Hashing.Keccak256.Hash(encodedHeaders[i], hash);
            }

            if (trusted is null && anchors.TrustedBlocks is { } blocks)
            {
                foreach (var block in blocks)
                {
                    if ((ulong)block.Number == number && HexData.TryDecode(block.Hash, out var trustedHash) && hash.SequenceEqual(trustedHash))
                    {
                        trusted = block;
                        break;
                    }
                }
            }

            hash.CopyTo(previousHash);
            previousNumber = number;
        }

        var confirmations = encodedHeaders.Count - 1;
        if (confirmations < anchors.Finality.Confirmations)
        {
            return Invalid(EthereumProofCodes.NotFinal, $"block {blockNumber} has {confirmations} confirmations in the proof; the anchors require {anchors.Finality.Confirmations}");
        }

        if (trusted is null)
        {
            return Invalid(
                EthereumProofCodes.UntrustedChain,
                anchors.TrustedBlocks is null
                    ? "the trust anchors name no trusted block, so the headers cannot be tied to the chain (add trustedBlocks: a block hash you trust at or above the proof's block)"
                    : $"none of the proof's headers (blocks {blockNumber} to {previousNumber}) is a trusted block of the anchors");
        }

        return null;
    }

    /// <summary>
    /// Reads field 0 (parentHash, 32 bytes) and field 8 (number, a canonical integer of at most 8 bytes) of an RLP header
    /// (Yellow Paper §4.3) without decoding the rest; false when the bytes are not an RLP list of at least 15 fields.
    /// </summary>
    private static bool TryReadLink(ReadOnlySpan<byte> encoded, out ReadOnlySpan<byte> parentHash, out ulong number)
    {
        parentHash = default;
        number = 0;
        Span<Trie.RlpSlice> fields = stackalloc Trie.RlpSlice[32];
        if (!Trie.RlpSlice.TryRead(encoded, 0, encoded.Length, out var list) || !list.IsList || list.End != encoded.Length)
        {
            return false;
        }

        var count = Trie.RlpSlice.ReadItems(encoded, list, fields);
        if (count < 15 || fields[0].IsList || fields[0].PayloadLength != 32 || fields[8].IsList || fields[8].PayloadLength > 8)
        {
            return false;
        }

        parentHash = fields[0].Payload(encoded);
        var digits = fields[8].Payload(encoded);
        if (digits.Length > 0 && digits[0] == 0)
        {
            return false; // leading zero: not a canonical integer
        }

        foreach (var b in digits)
        {
            number = (number << 8) | b;
        }

        return true;
    }

    /// <summary>Reads a member that holds an array of 0x-hex strings.</summary>
    public static bool TryReadHexArray(JsonElement data, string member, int maxItems, out List<byte[]> items)
    {
        items = [];
        if (!data.TryGetProperty(member, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > maxItems)
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !HexData.TryDecode(item.GetString(), out var bytes))
            {
                return false;
            }

            items.Add(bytes);
        }

        return true;
    }

    private static ProofVerdict.Invalid Invalid(string code, string reason) => new(code, reason);
}
