using System.Security.Cryptography;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>
/// ECDSA signature encoding as Fabric uses it (fabric-wire.md §2.1 "Hash/curve/encoding"): DER
/// <c>SEQUENCE { INTEGER r, INTEGER s }</c> (ITU-T X.690 §8.3, §10; RFC 3279 §2.2.3 Ecdsa-Sig-Value) with low S
/// (s ≤ n/2), and conversion from/to the IEEE P1363 fixed-width r ‖ s form that .NET produces and consumes.
/// Integers are handled as unsigned big-endian spans; no allocation beyond the result.
/// </summary>
internal static class EcdsaSignatures
{
    private const byte SequenceTag = 0x30;
    private const byte IntegerTag = 0x02;

    /// <summary>NIST P-256 group order n (FIPS 186-4 D.1.2.3; also fabric-wire.md §2.1 ".NET note").</summary>
    internal static ReadOnlySpan<byte> P256Order =>
    [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
    ];

    /// <summary>NIST P-384 group order n (FIPS 186-4 D.1.2.4).</summary>
    internal static ReadOnlySpan<byte> P384Order =>
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
        0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
    ];

    /// <summary>The group order of a supported curve.</summary>
    internal static ReadOnlySpan<byte> Order(FabricCurve curve) => curve switch
    {
        FabricCurve.P256 => P256Order,
        FabricCurve.P384 => P384Order,
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "Unsupported curve."),
    };

    /// <summary>Bytes of one coordinate/scalar for the curve (32 or 48).</summary>
    internal static int ScalarSize(FabricCurve curve) => Order(curve).Length;

    /// <summary>
    /// True when <paramref name="s"/> (unsigned big-endian, any leading zeros) is at most ⌊n/2⌋, the rule Fabric's
    /// bccsp applies (fabric-wire.md §2.1: <c>IsLowS</c>; a high-S signature is rejected by a real peer).
    /// </summary>
    internal static bool IsLowS(ReadOnlySpan<byte> s, FabricCurve curve)
    {
        // s ≤ ⌊n/2⌋  ⇔  2s ≤ n − 1 (n is odd)  ⇔  2s < n.
        var order = Order(curve);
        s = TrimLeadingZeros(s);
        if (s.Length > order.Length)
        {
            return false;
        }

        Span<byte> doubled = stackalloc byte[order.Length + 1];
        doubled.Clear();
        s.CopyTo(doubled[(doubled.Length - s.Length)..]);
        ShiftLeftOne(doubled);
        if (doubled[0] != 0)
        {
            return false;
        }

        return Compare(doubled[1..], order) < 0;
    }

    /// <summary>
    /// Encodes a P1363 signature (r ‖ s, each <see cref="ScalarSize"/> bytes) as DER with S normalised to low S
    /// (s := n − s when s &gt; n/2; fabric-wire.md §2.1, the Go client's <c>canonicalECDSASignatureSValue</c>).
    /// </summary>
    internal static byte[] ToLowSDer(ReadOnlySpan<byte> p1363, FabricCurve curve)
    {
        var size = ScalarSize(curve);
        if (p1363.Length != 2 * size)
        {
            throw new ArgumentException($"A P1363 signature on this curve is {2 * size} bytes; got {p1363.Length}.", nameof(p1363));
        }

        var r = p1363[..size];
        Span<byte> s = stackalloc byte[size];
        p1363[size..].CopyTo(s);
        if (!IsLowS(s, curve))
        {
            SubtractFromOrder(s, curve);
        }

        return EncodeDer(r, s);
    }

    /// <summary>DER <c>SEQUENCE { INTEGER r, INTEGER s }</c> of two unsigned big-endian integers (minimal encoding).</summary>
    internal static byte[] EncodeDer(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
    {
        r = TrimLeadingZeros(r);
        s = TrimLeadingZeros(s);
        var rLength = IntegerContentLength(r);
        var sLength = IntegerContentLength(s);
        var content = 1 + LengthOfLength(rLength) + rLength + 1 + LengthOfLength(sLength) + sLength;
        var output = new byte[1 + LengthOfLength(content) + content];
        var position = 0;
        output[position++] = SequenceTag;
        position += WriteLength(output.AsSpan(position), content);
        position += WriteInteger(output.AsSpan(position), r, rLength);
        position += WriteInteger(output.AsSpan(position), s, sLength);
        return position == output.Length ? output : throw new InvalidOperationException("DER length arithmetic is wrong.");
    }

    /// <summary>
    /// Parses a strict DER ECDSA signature and writes it as P1363 (r ‖ s, <see cref="ScalarSize"/> bytes each).
    /// Rejects: wrong tags, non-minimal lengths, negative or non-minimal integers, trailing bytes, r or s equal to
    /// zero or not below n. Does not check low S (see <see cref="IsLowS"/>).
    /// </summary>
    internal static bool TryDecodeDer(ReadOnlySpan<byte> der, FabricCurve curve, Span<byte> p1363, out bool lowS)
    {
        lowS = false;
        var size = ScalarSize(curve);
        if (p1363.Length != 2 * size)
        {
            throw new ArgumentException($"The output must be {2 * size} bytes.", nameof(p1363));
        }

        if (der.Length < 2 || der[0] != SequenceTag || !TryReadLength(der[1..], out var contentLength, out var lengthBytes))
        {
            return false;
        }

        var content = der[(1 + lengthBytes)..];
        if (content.Length != contentLength)
        {
            return false;
        }

        if (!TryReadInteger(ref content, out var r) || !TryReadInteger(ref content, out var s) || !content.IsEmpty)
        {
            return false;
        }

        var order = Order(curve);
        if (!IsInRange(r, order) || !IsInRange(s, order))
        {
            return false;
        }

        p1363.Clear();
        r.CopyTo(p1363[(size - r.Length)..size]);
        s.CopyTo(p1363[(2 * size - s.Length)..]);
        lowS = IsLowS(s, curve);
        return true;
    }

    /// <summary>Replaces s (exactly <see cref="ScalarSize"/> bytes, 0 &lt; s &lt; n) by n − s.</summary>
    internal static void SubtractFromOrder(Span<byte> s, FabricCurve curve)
    {
        var order = Order(curve);
        if (s.Length != order.Length)
        {
            throw new ArgumentException("s must be as long as the group order.", nameof(s));
        }

        var borrow = 0;
        for (var i = s.Length - 1; i >= 0; i--)
        {
            var difference = order[i] - s[i] - borrow;
            borrow = difference < 0 ? 1 : 0;
            s[i] = (byte)(difference + (borrow << 8));
        }
    }

    /// <summary>Maps a .NET curve to the Fabric-supported ones, or null (fabric-wire.md §2.1: P-256 and P-384).</summary>
    internal static FabricCurve? CurveOf(ECDsa key)
    {
        var oid = key.ExportParameters(includePrivateParameters: false).Curve.Oid;
        return oid.Value switch
        {
            "1.2.840.10045.3.1.7" => FabricCurve.P256, // RFC 5480 §2.1.1.1 secp256r1
            "1.3.132.0.34" => FabricCurve.P384, // RFC 5480 §2.1.1.1 secp384r1
            _ => oid.FriendlyName switch
            {
                "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1" => FabricCurve.P256,
                "nistP384" or "ECDSA_P384" or "secp384r1" => FabricCurve.P384,
                _ => null,
            },
        };
    }

    private static bool IsInRange(ReadOnlySpan<byte> value, ReadOnlySpan<byte> order) =>
        !value.IsEmpty && value.Length <= order.Length && Compare(value, order) < 0;

    private static bool TryReadInteger(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> magnitude)
    {
        magnitude = default;
        if (input.Length < 2 || input[0] != IntegerTag || !TryReadLength(input[1..], out var length, out var lengthBytes) || length == 0)
        {
            return false;
        }

        var start = 1 + lengthBytes;
        if (input.Length - start < length)
        {
            return false;
        }

        var value = input.Slice(start, length);
        if ((value[0] & 0x80) != 0)
        {
            return false; // negative (X.690 §8.3.3: two's complement)
        }

        if (value.Length > 1 && value[0] == 0 && (value[1] & 0x80) == 0)
        {
            return false; // not minimal (X.690 §8.3.2)
        }

        magnitude = TrimLeadingZeros(value);
        input = input[(start + length)..];
        return true;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> input, out int length, out int consumed)
    {
        length = 0;
        consumed = 0;
        if (input.IsEmpty)
        {
            return false;
        }

        if (input[0] < 0x80)
        {
            length = input[0];
            consumed = 1;
            return true;
        }

        // X.690 §10.1: definite form, minimal number of octets. Signatures are far below 64 KiB.
        var count = input[0] & 0x7f;
        if (count is 0 or > 2 || input.Length < 1 + count || input[1] == 0)
        {
            return false;
        }

        for (var i = 1; i <= count; i++)
        {
            length = (length << 8) | input[i];
        }

        consumed = 1 + count;
        return length >= 0x80;
    }

    private static int IntegerContentLength(ReadOnlySpan<byte> magnitude) =>
        magnitude.IsEmpty ? 1 : magnitude.Length + ((magnitude[0] & 0x80) != 0 ? 1 : 0);

    private static int LengthOfLength(int length) => length < 0x80 ? 1 : length <= 0xff ? 2 : 3;

    private static int WriteLength(Span<byte> output, int length)
    {
        switch (LengthOfLength(length))
        {
            case 1:
                output[0] = (byte)length;
                return 1;
            case 2:
                output[0] = 0x81;
                output[1] = (byte)length;
                return 2;
            default:
                output[0] = 0x82;
                output[1] = (byte)(length >> 8);
                output[2] = (byte)length;
                return 3;
        }
    }

    private static int WriteInteger(Span<byte> output, ReadOnlySpan<byte> magnitude, int contentLength)
    {
        output[0] = IntegerTag;
        var position = 1 + WriteLength(output[1..], contentLength);
        var padding = contentLength - magnitude.Length;
        output.Slice(position, padding).Clear(); // a 0x00 pad keeps the integer positive, or encodes zero
        magnitude.CopyTo(output[(position + padding)..]);
        return position + contentLength;
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var index = value.IndexOfAnyExcept((byte)0);
        return index < 0 ? [] : value[index..];
    }

    private static int Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        left = TrimLeadingZeros(left);
        right = TrimLeadingZeros(right);
        return left.Length != right.Length ? left.Length.CompareTo(right.Length) : left.SequenceCompareTo(right);
    }

    private static void ShiftLeftOne(Span<byte> value)
    {
        var carry = 0;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var shifted = (value[i] << 1) | carry;
            carry = shifted >> 8;
            value[i] = (byte)shifted;
        }
    }
}
