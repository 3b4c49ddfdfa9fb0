using System.Security.Cryptography;
using System.Text;

namespace Bridge.Simulators.Platform.Security;

/// <summary>
/// Everything the simulator needs to be reproducible comes from its seed: HMAC-SHA256(key = UTF-8 seed, message =
/// UTF-8 label) (RFC 2104 with SHA-256, FIPS 180-4) gives 32 pseudo-random bytes per label. Ids are UUIDs built from the
/// first 16 bytes with the RFC 9562 §5.4 version (4) and §4.1 variant (10) bits set, so two simulators with the same seed
/// hand out the same ids in the same order.
/// </summary>
internal sealed class SeedDerivation
{
    private readonly byte[] _key;

    public SeedDerivation(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        _key = Encoding.UTF8.GetBytes(seed);
    }

    public byte[] Bytes(string label) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(label));

    /// <summary>A UUID string (lower-case, 8-4-4-4-12) derived from <paramref name="label"/>.</summary>
    public string Uuid(string label) => FormatUuid(Bytes(label));

    /// <summary>An API key: "sim_" + 32 base64url characters of derived bytes.</summary>
    public string ApiKey(string label) => "sim_" + Base64Url.Encode(Bytes("api-key/" + label).AsSpan(0, 24));

    internal static string FormatUuid(ReadOnlySpan<byte> bytes)
    {
        Span<byte> uuid = stackalloc byte[16];
        bytes[..16].CopyTo(uuid);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x40); // version 4 (RFC 9562 §5.4)
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // variant 10 (RFC 9562 §4.1)
        var hex = Convert.ToHexStringLower(uuid);
        return string.Create(36, hex, static (span, h) =>
        {
            h.AsSpan(0, 8).CopyTo(span);
            span[8] = '-';
            h.AsSpan(8, 4).CopyTo(span[9..]);
            span[13] = '-';
            h.AsSpan(12, 4).CopyTo(span[14..]);
            span[18] = '-';
            h.AsSpan(16, 4).CopyTo(span[19..]);
            span[23] = '-';
            h.AsSpan(20, 12).CopyTo(span[24..]);
        });
    }

    /// <summary>
    /// A P-256 private key from the seed: d = HMAC-SHA256(seed, label + "/" + i) for the first i with 0 &lt; d &lt; n
    /// (the group order, SEC 2 §2.4.2), imported with the public point computed from d.
    /// </summary>
    public ECDsa SigningKey(string label)
    {
        for (var i = 0; ; i++)
        {
            var d = Bytes(label + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!IsValidScalar(d))
            {
                continue;
            }

            var key = ECDsa.Create();
            key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            return key;
        }
    }

    // n = FFFFFFFF 00000000 FFFFFFFF FFFFFFFF BCE6FAAD A7179E84 F3B9CAC2 FC632551 (SEC 2 §2.4.2 secp256r1).
    private static ReadOnlySpan<byte> P256Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ];

    internal static bool IsValidScalar(ReadOnlySpan<byte> d) =>
        d.Length == 32 && d.ContainsAnyExcept((byte)0) && d.SequenceCompareTo(P256Order) < 0;
}
