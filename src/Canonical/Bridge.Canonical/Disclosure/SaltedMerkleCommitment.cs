using System.Text.Json;
using Bridge.Canonical.Hashing;

namespace Bridge.Canonical.Disclosure;

/// <summary>
/// The bridge's selective-disclosure commitment, scheme <c>bridge-salted-merkle-v1</c> (docs/selective-disclosure.md).
/// Every leaf of a JSON document (a primitive, or an empty object/array) is addressed by its RFC 6901 pointer, salted
/// with <c>HMAC-SHA256(secret, pointer)</c> and hashed as <c>SHA-256(0x00 || JCS([pointer, salt, value]))</c>; the leaf
/// hashes, sorted bytewise, are the leaves of an RFC 6962 Merkle tree whose root is the commitment. Only the one
/// 32-byte secret per document needs storing; a revealed salt says nothing about the others.
/// </summary>
public static class SaltedMerkleCommitment
{
    /// <summary>The scheme name carried by disclosures and field proofs.</summary>
    public const string Scheme = "bridge-salted-merkle-v1";

    /// <summary>Length of the per-document secret in bytes.</summary>
    public const int SecretLength = 32;

    /// <summary>Commits to <paramref name="content"/> (its canonical JSON) under a 32-byte per-document secret.</summary>
    /// <exception cref="ArgumentException">The secret is not 32 bytes, or the content has duplicate members or is
    /// nested deeper than 128 levels.</exception>
    public static Commitment Commit(JsonElement content, ReadOnlySpan<byte> secret)
    {
        var leaves = LeafSet.Build(content, secret);
        return new Commitment(Hex.Encode(leaves.Root()), leaves.Sorted.Count);
    }

    /// <summary>
    /// Builds a disclosure that hides every leaf at or under each of <paramref name="hiddenPointers"/> and reveals
    /// the rest with their salts. Fails with <see cref="CommitmentCodes.InvalidPointer"/> or
    /// <see cref="CommitmentCodes.UnknownPointer"/> for a pointer that is not RFC 6901 or names nothing.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Commit"/>.</exception>
    public static DisclosureResult<SaltedDisclosure> Disclose(
        JsonElement content, ReadOnlySpan<byte> secret, IReadOnlyCollection<string> hiddenPointers)
    {
        ArgumentNullException.ThrowIfNull(hiddenPointers);
        var leaves = LeafSet.Build(content, secret);
        foreach (var hidden in hiddenPointers)
        {
            if (hidden is null || !Pointers.IsValid(hidden))
            {
                return new DisclosureResult<SaltedDisclosure>.Failed(
                    CommitmentCodes.InvalidPointer, hidden ?? string.Empty, "is not an RFC 6901 JSON pointer");
            }

            if (!leaves.Sorted.Exists(l => Pointers.IsAtOrUnder(l.Pointer, hidden)))
            {
                return new DisclosureResult<SaltedDisclosure>.Failed(
                    CommitmentCodes.UnknownPointer, hidden, "names nothing in the document");
            }
        }

        var fields = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        var salts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var hiddenHashes = new List<string>();
        foreach (var leaf in leaves.Sorted)
        {
            if (hiddenPointers.Any(h => Pointers.IsAtOrUnder(leaf.Pointer, h)))
            {
                hiddenHashes.Add(Hex.Encode(leaf.Hash)); // already in ascending order: the leaves are sorted by hash
            }
            else
            {
                fields.Add(leaf.Pointer, leaf.Value.Clone());
                salts.Add(leaf.Pointer, leaf.Salt);
            }
        }

        return new DisclosureResult<SaltedDisclosure>.Ok(
            new SaltedDisclosure(Hex.Encode(leaves.Root()), fields, salts, hiddenHashes));
    }

    /// <summary>
    /// Proves one leaf on its own: its value and salt plus the RFC 6962 audit path from its leaf hash to the root.
    /// Fails with <see cref="CommitmentCodes.NotALeaf"/> for a non-empty object or array.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Commit"/>.</exception>
    public static DisclosureResult<FieldProof> ProveField(JsonElement content, ReadOnlySpan<byte> secret, string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var leaves = LeafSet.Build(content, secret);
        if (!Pointers.IsValid(pointer))
        {
            return new DisclosureResult<FieldProof>.Failed(
                CommitmentCodes.InvalidPointer, pointer, "is not an RFC 6901 JSON pointer");
        }

        var index = leaves.Sorted.FindIndex(l => string.Equals(l.Pointer, pointer, StringComparison.Ordinal));
        if (index < 0)
        {
            return leaves.Sorted.Exists(l => Pointers.IsAtOrUnder(l.Pointer, pointer))
                ? new DisclosureResult<FieldProof>.Failed(
                    CommitmentCodes.NotALeaf, pointer, "is an object or array with members; prove its leaves instead")
                : new DisclosureResult<FieldProof>.Failed(
                    CommitmentCodes.UnknownPointer, pointer, "names nothing in the document");
        }

        var hashes = leaves.Sorted.ConvertAll(static l => l.Hash);
        var leaf = leaves.Sorted[index];
        return new DisclosureResult<FieldProof>.Ok(new FieldProof(
            Hex.Encode(Rfc6962.Root(hashes)),
            leaf.Pointer,
            leaf.Value.Clone(),
            leaf.Salt,
            hashes.Count,
            index,
            Rfc6962.AuditPath(hashes, index).ConvertAll(static h => Hex.Encode(h))));
    }
}

/// <summary>
/// One revealed leaf with the RFC 6962 audit path from its leaf hash to <paramref name="Root"/>
/// (<c>bridge-salted-merkle-v1</c>). Check it with <see cref="CommitmentVerifier.VerifyField(FieldProof)"/>.
/// </summary>
/// <param name="Root">The commitment root, lowercase hex.</param>
/// <param name="Path">The leaf's RFC 6901 pointer.</param>
/// <param name="Value">The leaf's value: a primitive, <c>{}</c> or <c>[]</c>.</param>
/// <param name="Salt">The leaf's salt, base64url without padding.</param>
/// <param name="LeafCount">Leaves in the tree.</param>
/// <param name="LeafIndex">The leaf's position among the leaf hashes sorted ascending.</param>
/// <param name="AuditPath">Sibling hashes from the leaf up (lowercase hex), as RFC 6962 §2.1.1 PATH.</param>
public sealed record FieldProof(
    string Root,
    string Path,
    JsonElement Value,
    string Salt,
    int LeafCount,
    int LeafIndex,
    IReadOnlyList<string> AuditPath)
{
    /// <summary>Always <see cref="SaltedMerkleCommitment.Scheme"/>.</summary>
    public string Scheme => SaltedMerkleCommitment.Scheme;
}
