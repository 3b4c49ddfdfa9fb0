using System.Buffers;
using System.Text.Json;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Json;

namespace Bridge.Canonical.OpenAttestation;

/// <summary>
/// OpenAttestation's hashing (trade-standards.md §E.1–E.2; open-attestation src/2.0/digest.ts, src/3.0/digest.ts,
/// src/shared/merkle/merkle.ts and utils.ts): Keccak-256 over <c>JSON.stringify</c> text, hashes as lowercase hex.
/// </summary>
internal static class OaHashing
{
    public const int HashLength = 32;

    /// <summary>keccak256(JSON.stringify({ [path]: value })) for a JSON primitive value (v2 entries).</summary>
    public static string EntryHash(string path, JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        buffer.Write("{"u8);
        EcmaScript.WriteString(buffer, path);
        buffer.Write(":"u8);
        OaJs.Stringify(buffer, value);
        buffer.Write("}"u8);
        return Keccak256.HashHex(buffer.WrittenSpan);
    }

    /// <summary>keccak256(JSON.stringify({ [path]: text })) for a string value (v3 entries: "salt:value").</summary>
    public static string EntryHash(string path, string text)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        buffer.Write("{"u8);
        EcmaScript.WriteString(buffer, path);
        buffer.Write(":"u8);
        EcmaScript.WriteString(buffer, text);
        buffer.Write("}"u8);
        return Keccak256.HashHex(buffer.WrittenSpan);
    }

    /// <summary>
    /// targetHash = keccak256(JSON.stringify(sortBy(hashes))): lodash sortBy on strings compares UTF-16 code units,
    /// i.e. ordinal order (the list is sorted in place).
    /// </summary>
    public static string TargetHash(List<string> hashes)
    {
        hashes.Sort(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>((hashes.Count * 67) + 2);
        buffer.Write("["u8);
        for (var i = 0; i < hashes.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            EcmaScript.WriteString(buffer, hashes[i]);
        }

        buffer.Write("]"u8);
        return Keccak256.HashHex(buffer.WrittenSpan);
    }

    /// <summary>combineHashBuffers(a, b) = keccak256(concat(sorted bytewise(a, b))) for two 32-byte hashes.</summary>
    public static void Combine(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        Span<byte> joined = stackalloc byte[2 * HashLength];
        if (a.SequenceCompareTo(b) <= 0)
        {
            a.CopyTo(joined);
            b.CopyTo(joined[HashLength..]);
        }
        else
        {
            b.CopyTo(joined);
            a.CopyTo(joined[HashLength..]);
        }

        Keccak256.Hash(joined, destination);
    }

    /// <summary>checkProof: fold the proof into the target hash and compare with the root (merkle.ts).</summary>
    public static bool CheckProof(ReadOnlySpan<byte> targetHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        Span<byte> current = stackalloc byte[HashLength];
        targetHash.CopyTo(current);
        foreach (var sibling in proof)
        {
            Combine(current, sibling, current);
        }

        return current.SequenceEqual(root);
    }

    /// <summary>
    /// The batch tree of merkle.ts: leaves sorted bytewise, pairs (0,1),(2,3)… combined, an odd last node promoted
    /// unchanged; returns the root and, per input index, the siblings from the leaf up (getProof).
    /// </summary>
    public static (byte[] Root, List<byte[]>[] Proofs) BatchTree(IReadOnlyList<byte[]> targetHashes)
    {
        var sorted = targetHashes.ToList();
        sorted.Sort(static (x, y) => x.AsSpan().SequenceCompareTo(y));
        var layers = new List<List<byte[]>> { sorted };
        while (layers[^1].Count > 1)
        {
            var below = layers[^1];
            var next = new List<byte[]>((below.Count + 1) / 2);
            for (var i = 0; i < below.Count; i += 2)
            {
                if (i + 1 < below.Count)
                {
                    var parent = new byte[HashLength];
                    Combine(below[i], below[i + 1], parent);
                    next.Add(parent);
                }
                else
                {
                    next.Add(below[i]);
                }
            }

            layers.Add(next);
        }

        var proofs = new List<byte[]>[targetHashes.Count];
        for (var d = 0; d < targetHashes.Count; d++)
        {
            // getProof looks the element up with findIndex, so equal target hashes share the first one's proof.
            var index = sorted.FindIndex(h => h.AsSpan().SequenceEqual(targetHashes[d]));
            var proof = new List<byte[]>();
            foreach (var layer in layers)
            {
                var pair = (index & 1) == 1 ? index - 1 : index + 1;
                if (pair < layer.Count)
                {
                    proof.Add(layer[pair]);
                }

                index >>= 1;
            }

            proofs[d] = proof;
        }

        return (layers[^1][0], proofs);
    }
}
