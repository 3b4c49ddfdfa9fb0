using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Canonical.Hashing;

/// <summary>
/// Name-based UUIDs, version 5 (RFC 9562 §5.5): SHA-1 over the namespace id (16 bytes, network order) followed by
/// the name, first 16 bytes of the digest, version nibble 5, variant bits 10.
/// </summary>
public static class UuidV5
{
    /// <summary>The RFC 9562 §6.6 / Appendix C namespace for DNS names.</summary>
    public static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    /// <summary>The RFC 9562 §6.6 / Appendix C namespace for URLs.</summary>
    public static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The version-5 UUID of <paramref name="name"/> (encoded as UTF-8) in <paramref name="namespaceId"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> has a lone UTF-16 surrogate.</exception>
    public static Guid Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int length = 16 + StrictUtf8.GetByteCount(name);
        byte[]? rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            // .NET keeps the first three fields little-endian in memory; RFC 9562 §4.1 hashes network (big-endian) order.
            namespaceId.TryWriteBytes(input, bigEndian: true, out _);
            StrictUtf8.GetBytes(name, input[16..]);
            return Create(input);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static Guid Create(ReadOnlySpan<byte> namespaceAndName)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 9562 §5.5 defines version 5 with SHA-1; it names data, it protects nothing.
        SHA1.HashData(namespaceAndName, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 (RFC 9562 §4.2)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // variant 10 (RFC 9562 §4.1)
        return new Guid(hash[..16], bigEndian: true);
    }
}
