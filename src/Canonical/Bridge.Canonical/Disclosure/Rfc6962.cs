using System.Numerics;
using System.Security.Cryptography;

namespace Bridge.Canonical.Disclosure;

/// <summary>
/// The Merkle Tree Hash, audit paths and inclusion check of RFC 6962 §2.1 (Certificate Transparency) over leaves
/// that are already hashed (the caller hashed each leaf with its 0x00 prefix). Interior nodes are
/// SHA-256(0x01 || left || right); a tree of n &gt; 1 leaves splits at the largest power of two smaller than n.
/// </summary>
internal static class Rfc6962
{
    public const int HashLength = 32;

    /// <summary>MTH(D[n]) for n ≥ 1 leaf hashes (RFC 6962 §2.1); one leaf is its own root.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            throw new ArgumentException("a tree needs at least one leaf", nameof(leaves));
        }

        var root = new byte[HashLength];
        Mth(leaves, 0, leaves.Count, root);
        return root;
    }

    /// <summary>PATH(m, D[n]) of RFC 6962 §2.1.1: the sibling hashes from the leaf up to the root.</summary>
    public static List<byte[]> AuditPath(IReadOnlyList<byte[]> leaves, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var path = new List<byte[]>();
        Path(leaves, 0, leaves.Count, index, path);
        return path;
    }

    /// <summary>
    /// Verifies an inclusion proof exactly as RFC 9162 §2.1.3.2 describes (the index-based form of RFC 6962's
    /// audit path check): false for an index outside the tree, a path of the wrong length or a different root.
    /// </summary>
    public static bool VerifyInclusion(
        ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || size < 1 || index >= size || leafHash.Length != HashLength || root.Length != HashLength)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        Span<byte> r = stackalloc byte[HashLength];
        leafHash.CopyTo(r);
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != HashLength)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                Node(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>SHA-256(0x01 || left || right) into <paramref name="destination"/> (which may alias an input).</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashLength)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashLength)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    public static int SplitPoint(int n) => 1 << (BitOperations.Log2((uint)(n - 1)));

    private static void Mth(IReadOnlyList<byte[]> leaves, int start, int count, Span<byte> destination)
    {
        if (count == 1)
        {
            leaves[start].CopyTo(destination);
            return;
        }

        var k = SplitPoint(count);
        Span<byte> left = stackalloc byte[HashLength];
        Span<byte> right = stackalloc byte[HashLength];
        Mth(leaves, start, k, left);
        Mth(leaves, start + k, count - k, right);
        Node(left, right, destination);
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int start, int count, int index, List<byte[]> path)
    {
        if (count == 1)
        {
            return;
        }

        var k = SplitPoint(count);
        var sibling = new byte[HashLength];
        if (index < k)
        {
            Path(leaves, start, k, index, path);
            Mth(leaves, start + k, count - k, sibling);
        }
        else
        {
            Path(leaves, start + k, count - k, index - k, path);
            Mth(leaves, start, k, sibling);
        }

        path.Add(sibling);
    }
}
