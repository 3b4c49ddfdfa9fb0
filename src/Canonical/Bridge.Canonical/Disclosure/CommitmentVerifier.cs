using System.Buffers.Text;
using System.Text.Json;
using Bridge.Canonical.Hashing;

namespace Bridge.Canonical.Disclosure;

/// <summary>
/// Checks <c>bridge-salted-merkle-v1</c> disclosures and field proofs against their roots. A pure function of its
/// input: no I/O, and never throws for bad input (docs/selective-disclosure.md §Verifying).
/// </summary>
public static class CommitmentVerifier
{
    /// <summary>
    /// Recomputes the leaf hash of every revealed field, adds the hidden leaf hashes, sorts them and compares the
    /// RFC 6962 root with <see cref="SaltedDisclosure.Root"/>. A valid verdict means the revealed values are exactly the
    /// committed ones; whether the root itself is trustworthy (anchored, signed) is for the caller to check, e.g.
    /// with <see cref="Verify(SaltedDisclosure, string)"/>.
    /// </summary>
    public static CommitmentVerdict Verify(SaltedDisclosure disclosure)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        if (disclosure.LeafCount == 0)
        {
            return Invalid(CommitmentCodes.Malformed, "the disclosure has no leaves");
        }

        if (!TryDecodeHash(disclosure.Root, out var root))
        {
            return Invalid(CommitmentCodes.Malformed, "the root is not 64 lowercase hex digits");
        }

        var hashes = new List<byte[]>(disclosure.LeafCount);
        foreach (var (pointer, value) in disclosure.Fields)
        {
            if (!disclosure.Salts.TryGetValue(pointer, out var salt) || !IsSalt(salt))
            {
                return Invalid(CommitmentCodes.Malformed, $"the salt of '{pointer}' is missing or not 32 bytes of base64url");
            }

            if (!Pointers.IsValid(pointer) || !LeafSet.IsLeafValue(value) ||
                !LeafSet.TryHashOf(pointer, salt, value, out var hash))
            {
                return Invalid(CommitmentCodes.Malformed, $"'{pointer}' is not a leaf with an I-JSON value");
            }

            hashes.Add(hash);
        }

        foreach (var hidden in disclosure.Hidden)
        {
            if (!TryDecodeHash(hidden, out var hash))
            {
                return Invalid(CommitmentCodes.Malformed, "a hidden leaf hash is not 64 lowercase hex digits");
            }

            hashes.Add(hash);
        }

        hashes.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        for (var i = 1; i < hashes.Count; i++)
        {
            if (hashes[i].AsSpan().SequenceEqual(hashes[i - 1]))
            {
                return Invalid(CommitmentCodes.DuplicateLeaf, $"leaf hash {Hex.Encode(hashes[i])} occurs twice");
            }
        }

        return Rfc6962.Root(hashes).AsSpan().SequenceEqual(root)
            ? new CommitmentVerdict.Valid(disclosure.Root, disclosure.LeafCount, disclosure.Hidden.Count)
            : Invalid(CommitmentCodes.RootMismatch, "the revealed and hidden leaves do not hash to the stated root");
    }

    /// <summary>
    /// As <see cref="Verify(SaltedDisclosure)"/>, and also requires the root to equal <paramref name="trustedRoot"/> (hex,
    /// any case), e.g. the root anchored on a ledger; otherwise <see cref="CommitmentCodes.UnexpectedRoot"/>.
    /// </summary>
    public static CommitmentVerdict Verify(SaltedDisclosure disclosure, string trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        ArgumentNullException.ThrowIfNull(trustedRoot);
        return string.Equals(disclosure.Root, trustedRoot, StringComparison.OrdinalIgnoreCase)
            ? Verify(disclosure)
            : Invalid(CommitmentCodes.UnexpectedRoot, "the disclosure is for a different root than the trusted one");
    }

    /// <summary>
    /// Recomputes the leaf hash from the proof's path, salt and value and folds the audit path into a root at the
    /// stated index (RFC 9162 §2.1.3.2); valid when it equals <see cref="FieldProof.Root"/>.
    /// </summary>
    public static CommitmentVerdict VerifyField(FieldProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.Path is null || !Pointers.IsValid(proof.Path))
        {
            return Invalid(CommitmentCodes.Malformed, "the path is not an RFC 6901 JSON pointer");
        }

        if (!LeafSet.IsLeafValue(proof.Value))
        {
            return Invalid(CommitmentCodes.Malformed, "the value is not a primitive, {} or []");
        }

        if (proof.Salt is null || !IsSalt(proof.Salt))
        {
            return Invalid(CommitmentCodes.Malformed, "the salt is not 32 bytes of base64url");
        }

        if (proof.Root is null || !TryDecodeHash(proof.Root, out var root))
        {
            return Invalid(CommitmentCodes.Malformed, "the root is not 64 lowercase hex digits");
        }

        if (proof.LeafCount < 1 || proof.LeafIndex < 0 || proof.LeafIndex >= proof.LeafCount)
        {
            return Invalid(CommitmentCodes.Malformed, "the leaf index is outside the tree");
        }

        if (proof.AuditPath is null)
        {
            return Invalid(CommitmentCodes.Malformed, "the audit path is missing");
        }

        var path = new List<byte[]>(proof.AuditPath.Count);
        foreach (var node in proof.AuditPath)
        {
            if (node is null || !TryDecodeHash(node, out var hash))
            {
                return Invalid(CommitmentCodes.Malformed, "an audit path entry is not 64 lowercase hex digits");
            }

            path.Add(hash);
        }

        if (!LeafSet.TryHashOf(proof.Path, proof.Salt, proof.Value, out var leaf))
        {
            return Invalid(CommitmentCodes.Malformed, "the path or value is not I-JSON");
        }

        return Rfc6962.VerifyInclusion(leaf, proof.LeafIndex, proof.LeafCount, path, root)
            ? new CommitmentVerdict.Valid(proof.Root, proof.LeafCount, 0)
            : Invalid(CommitmentCodes.RootMismatch, "the field and its audit path do not hash to the stated root");
    }

    /// <summary>64 lowercase hex digits → 32 bytes.</summary>
    internal static bool TryDecodeHash(string hex, out byte[] hash)
    {
        hash = [];
        if (hex.Length != 2 * Rfc6962.HashLength || !hex.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        hash = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>Exactly 32 bytes as base64url without padding (43 characters, canonical trailing bits).</summary>
    internal static bool IsSalt(string salt)
    {
        if (salt.Length != 43 || !Base64Url.IsValid(salt, out var length) || length != 32)
        {
            return false;
        }

        // Only one of the 43-character spellings of 32 bytes is canonical; reject the others so a salt is unique.
        var bytes = Base64Url.DecodeFromChars(salt);
        return string.Equals(Base64Url.EncodeToString(bytes), salt, StringComparison.Ordinal);
    }

    private static CommitmentVerdict.Invalid Invalid(string code, string message) => new(code, message);
}
