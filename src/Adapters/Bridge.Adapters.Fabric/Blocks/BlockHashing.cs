using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Bridge.Adapters.Fabric.Blocks;

/// <summary>
/// Fabric's block hashes (fabric-wire.md §2.4, from fabric protoutil/blockutils.go): the data hash is SHA-256 of the
/// block's envelopes concatenated; the header hash is SHA-256 of the DER encoding of
/// <c>SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }</c>, and block N's
/// <c>previous_hash</c> is block N−1's header hash (empty for the genesis block).
/// </summary>
public static class BlockHashing
{
    /// <summary>SHA-256 over the concatenation of <paramref name="envelopes"/> (each a serialized <c>common.Envelope</c>).</summary>
    public static byte[] DataHash(IEnumerable<ReadOnlyMemory<byte>> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var envelope in envelopes)
        {
            sha.AppendData(envelope.Span);
        }

        return sha.GetHashAndReset();
    }

    /// <summary>The DER bytes that the header hash covers (Go's <c>asn1.Marshal</c> of the header with a big.Int number).</summary>
    public static byte[] HeaderBytes(ulong number, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> dataHash)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(number));
            writer.WriteOctetString(previousHash);
            writer.WriteOctetString(dataHash);
        }

        return writer.Encode();
    }

    /// <summary>SHA-256 of <see cref="HeaderBytes"/>: the block's hash, and the next block's <c>previous_hash</c>.</summary>
    public static byte[] HeaderHash(ulong number, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> dataHash) =>
        SHA256.HashData(HeaderBytes(number, previousHash, dataHash));
}
