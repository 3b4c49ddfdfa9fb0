using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Trie;

namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>
/// The receipts trie of a block (Yellow Paper §4.3 and Appendix D): a plain (not secure) Merkle-Patricia trie
/// mapping RLP(transaction index) to the receipt's consensus encoding (EIP-2718: a typed receipt is stored with its
/// type byte). Its root is the header's receiptsRoot. Builds roots and inclusion proofs from all receipts of a block
/// and verifies a proof for one index.
/// </summary>
public static class ReceiptTrie
{
    /// <summary>The trie key of transaction <paramref name="index"/>: RLP of the index as a scalar (0 is 0x80).</summary>
    public static byte[] Key(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return RlpEncoder.EncodeUInt64((ulong)index);
    }

    /// <summary>The receiptsRoot of a block whose receipts, in transaction order, are <paramref name="receipts"/>.</summary>
    public static byte[] ComputeRoot(IReadOnlyList<Receipt> receipts) => Build(receipts).RootHash();

    /// <summary>The root and the proof for the receipt at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a receipt of the list.</exception>
    public static ReceiptInclusionProof BuildProof(IReadOnlyList<Receipt> receipts, int index)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, receipts.Count);
        var trie = Build(receipts);
        return new ReceiptInclusionProof(trie.RootHash(), index, trie.GetProof(Key(index)), receipts[index].Encode());
    }

    /// <summary>
    /// Verifies that <paramref name="proof"/> proves a receipt at <paramref name="index"/> under
    /// <paramref name="receiptsRoot"/>, and decodes it strictly.
    /// </summary>
    public static ReceiptProofVerdict Verify(ReadOnlySpan<byte> receiptsRoot, int index, IReadOnlyList<byte[]> proof) =>
        Verify(receiptsRoot, index, proof, default, checkEncoding: false);

    /// <summary>
    /// As <see cref="Verify(ReadOnlySpan{byte}, int, IReadOnlyList{byte[]})"/>, and the proven receipt must be exactly
    /// <paramref name="expectedEncoding"/> (the receipt a proof document claims).
    /// </summary>
    public static ReceiptProofVerdict Verify(
        ReadOnlySpan<byte> receiptsRoot, int index, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> expectedEncoding) =>
        Verify(receiptsRoot, index, proof, expectedEncoding, checkEncoding: true);

    private static ReceiptProofVerdict Verify(
        ReadOnlySpan<byte> receiptsRoot, int index, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> expectedEncoding, bool checkEncoding)
    {
        if (index < 0)
        {
            return ReceiptProofVerdict.Rejected(ReceiptProofStatus.NotIncluded, default, default, "A transaction index is not negative.");
        }

        Span<byte> key = stackalloc byte[1 + sizeof(int)];
        var keyLength = RlpEncoder.WriteUInt64(key, (ulong)index);
        var trie = TrieProofVerifier.Verify(receiptsRoot, key[..keyLength], proof);
        if (!trie.IsValid)
        {
            return ReceiptProofVerdict.Rejected(ReceiptProofStatus.InvalidProof, trie, default, trie.Reason);
        }

        if (trie.IsAbsent)
        {
            return ReceiptProofVerdict.Rejected(ReceiptProofStatus.NotIncluded, trie, default, $"The block has no receipt at index {index}.");
        }

        var value = trie.Value.Span;
        if (checkEncoding && !value.SequenceEqual(expectedEncoding))
        {
            return ReceiptProofVerdict.Rejected(ReceiptProofStatus.ReceiptMismatch, trie, default, "The proven receipt is not the claimed receipt.");
        }

        var receipt = Receipt.Decode(value);
        return receipt.TryGetValue(out var decoded)
            ? ReceiptProofVerdict.Accepted(trie, decoded)
            : ReceiptProofVerdict.Rejected(ReceiptProofStatus.InvalidReceipt, trie, receipt.Error, receipt.Error.ToString());
    }

    private static MerklePatriciaTrie Build(IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        var trie = MerklePatriciaTrie.Create();
        for (var i = 0; i < receipts.Count; i++)
        {
            trie.Put(Key(i), receipts[i].Encode());
        }

        return trie;
    }
}

/// <summary>A receipt inclusion proof: the receiptsRoot, the index, the trie nodes (root first) and the encoded receipt.</summary>
/// <param name="ReceiptsRoot">The 32-byte root of the block's receipts trie.</param>
/// <param name="Index">The transaction index.</param>
/// <param name="Nodes">The RLP-encoded trie nodes on the path of RLP(index), root first.</param>
/// <param name="EncodedReceipt">The receipt's consensus encoding (the proven value).</param>
public sealed record ReceiptInclusionProof(byte[] ReceiptsRoot, int Index, IReadOnlyList<byte[]> Nodes, byte[] EncodedReceipt);

/// <summary>The verdict on a receipt inclusion proof.</summary>
public enum ReceiptProofStatus
{
    /// <summary>The receipt is proven and decodes strictly.</summary>
    Valid = 0,

    /// <summary>The proof is valid and shows that the block has no receipt at the index.</summary>
    NotIncluded = 1,

    /// <summary>The Merkle-Patricia proof is invalid (see <see cref="ReceiptProofVerdict.Trie"/>).</summary>
    InvalidProof = 2,

    /// <summary>The proven value is not a valid receipt encoding (see <see cref="ReceiptProofVerdict.ReceiptError"/>).</summary>
    InvalidReceipt = 3,

    /// <summary>The proven receipt differs from the claimed one.</summary>
    ReceiptMismatch = 4,
}

/// <summary>The outcome of <see cref="ReceiptTrie.Verify(ReadOnlySpan{byte}, int, IReadOnlyList{byte[]})"/>.</summary>
public readonly struct ReceiptProofVerdict
{
    private ReceiptProofVerdict(ReceiptProofStatus status, TrieProofResult trie, Receipt? receipt, DataError receiptError, string reason)
    {
        Status = status;
        Trie = trie;
        Receipt = receipt;
        ReceiptError = receiptError;
        Reason = reason;
    }

    /// <summary>The verdict.</summary>
    public ReceiptProofStatus Status { get; }

    /// <summary>True when the receipt is proven.</summary>
    public bool IsValid => Status == ReceiptProofStatus.Valid;

    /// <summary>The trie verdict.</summary>
    public TrieProofResult Trie { get; }

    /// <summary>The proven receipt when valid.</summary>
    public Receipt? Receipt { get; }

    /// <summary>Why the proven value is not a receipt, for <see cref="ReceiptProofStatus.InvalidReceipt"/>.</summary>
    public DataError ReceiptError { get; }

    /// <summary>A readable explanation; empty when valid.</summary>
    public string Reason { get; }

    internal static ReceiptProofVerdict Accepted(TrieProofResult trie, Receipt receipt) =>
        new(ReceiptProofStatus.Valid, trie, receipt, default, string.Empty);

    internal static ReceiptProofVerdict Rejected(ReceiptProofStatus status, TrieProofResult trie, DataError error, string reason) =>
        new(status, trie, null, error, reason);

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid({Receipt})" : $"{Status}: {Reason}";
}
