using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Canonical.Json;

namespace Bridge.Canonical.Hashing;

/// <summary>
/// Content hashes as the bridge stores them: lowercase hex SHA-256 (FIPS 180-4). <see cref="OfJcs(JsonElement)"/>
/// is SHA-256 over the RFC 8785 canonical form, the scheme DCSA PINT uses for its document checksums.
/// </summary>
public static class ContentHash
{
    /// <summary>Lowercase hex SHA-256 of <paramref name="data"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Lowercase hex SHA-256 of the JCS (RFC 8785) bytes of <paramref name="element"/>.</summary>
    /// <exception cref="ArgumentException">The element is not I-JSON (see <see cref="Jcs"/>).</exception>
    public static string OfJcs(JsonElement element) => Jcs.WithCanonicalBytes(element, Sha256Hex);

    /// <summary>Lowercase hex SHA-256 of the JCS (RFC 8785) bytes of the JSON text <paramref name="utf8Json"/>.</summary>
    /// <exception cref="ArgumentException">The text is not I-JSON (see <see cref="Jcs"/>).</exception>
    public static string OfJcs(ReadOnlySpan<byte> utf8Json) => Jcs.WithCanonicalBytes(utf8Json, lenient: false, Sha256Hex);
}
