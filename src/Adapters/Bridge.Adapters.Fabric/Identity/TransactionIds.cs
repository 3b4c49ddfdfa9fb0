using System.Security.Cryptography;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>
/// Fabric transaction ids: <c>tx_id = lowercase hex(SHA-256(nonce ‖ creator))</c> with a 24-byte random nonce and the
/// serialized creator identity (fabric-wire.md §2.1; the peer checks the same, §2.3 "Proposal validation").
/// </summary>
public static class TransactionIds
{
    /// <summary>Bytes in a nonce as the official client makes them (fabric-wire.md §2.1).</summary>
    public const int NonceSize = 24;

    /// <summary>A fresh random nonce of <see cref="NonceSize"/> bytes.</summary>
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    /// <summary>The transaction id for a nonce and serialized creator (64 lowercase hex digits).</summary>
    public static string Compute(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> creator)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(nonce);
        hash.AppendData(creator);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>True when <paramref name="transactionId"/> is exactly <see cref="Compute"/>(nonce, creator) (case-sensitive, as the peer compares strings).</summary>
    public static bool Matches(string transactionId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> creator)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        return string.Equals(transactionId, Compute(nonce, creator), StringComparison.Ordinal);
    }
}
