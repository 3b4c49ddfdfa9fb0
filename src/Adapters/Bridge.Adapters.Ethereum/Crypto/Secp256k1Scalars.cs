namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// secp256k1 constants as 32-byte big-endian values and range checks on scalars in that form. Domain parameters:
/// SEC 2 v2 (Certicom, 2010) §2.4.1. Equal-length big-endian byte strings compare like the numbers they encode,
/// so every check is a span comparison without big-integer arithmetic.
/// </summary>
internal static class Secp256k1Scalars
{
    /// <summary>Bytes in a scalar, a coordinate or a hash.</summary>
    public const int Size = 32;

    /// <summary>The group order n (SEC 2 v2 §2.4.1).</summary>
    public static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    /// <summary>
    /// ⌊n / 2⌋, the largest s accepted (Ethereum Homestead, EIP-2: "s-values greater than secp256k1n/2 are now
    /// considered invalid"; the same bound as libsecp256k1's lower-S form, include/secp256k1.h).
    /// </summary>
    public static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ];

    /// <summary>The field prime p = 2^256 − 2^32 − 977 (SEC 2 v2 §2.4.1).</summary>
    public static ReadOnlySpan<byte> FieldPrime =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFC, 0x2F,
    ];

    /// <summary>True when <paramref name="value"/> is 32 bytes encoding 1 ≤ x &lt; n (a private key, r or s).</summary>
    public static bool IsInRange(ReadOnlySpan<byte> value) =>
        value.Length == Size && value.ContainsAnyExcept((byte)0) && value.SequenceCompareTo(Order) < 0;

    /// <summary>True when <paramref name="value"/> is 32 bytes encoding 1 ≤ s ≤ n/2 (EIP-2 low s).</summary>
    public static bool IsLowS(ReadOnlySpan<byte> value) =>
        value.Length == Size && value.ContainsAnyExcept((byte)0) && value.SequenceCompareTo(HalfOrder) <= 0;

    /// <summary>True when <paramref name="value"/> is 32 bytes encoding a field element x &lt; p.</summary>
    public static bool IsFieldElement(ReadOnlySpan<byte> value) =>
        value.Length == Size && value.SequenceCompareTo(FieldPrime) < 0;

    /// <summary>
    /// True for an Ethereum signature (r, s, recovery id): 1 ≤ r &lt; n, 1 ≤ s ≤ n/2 (EIP-2) and an id of 0 or 1
    /// (ids 2 and 3 mean R.x ≥ n, which Ethereum's v cannot express: Yellow Paper, Appendix F).
    /// </summary>
    public static bool IsValidSignature(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int recoveryId) =>
        (recoveryId == 0 || recoveryId == 1) && IsInRange(r) && IsLowS(s);

    /// <summary>Throws unless <paramref name="span"/> has exactly <paramref name="length"/> bytes (a caller bug, never bad input).</summary>
    /// <exception cref="ArgumentException">The length differs.</exception>
    public static void RequireLength(ReadOnlySpan<byte> span, int length, string name)
    {
        if (span.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes; got {span.Length}.", name);
        }
    }
}
