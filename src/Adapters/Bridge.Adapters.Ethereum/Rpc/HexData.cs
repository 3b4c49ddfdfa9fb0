namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The JSON-RPC "unformatted data" encoding of byte strings (ethereum.org, "JSON-RPC API", hex value encoding;
/// ethereum/execution-apis src/schemas/base-types.yaml <c>bytes</c>): a "0x" prefix and two hex digits per byte
/// ("0x" alone is the empty string). Output is lowercase; input digits may be either case; a missing or "0X"
/// prefix, an odd number of digits or a non-hex character is rejected.
/// </summary>
public static class HexData
{
    /// <summary>"0x" and two lowercase hex digits per byte.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes strict data of any length; false (and an empty array) for malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (!TryGetDigits(text, out var digits))
        {
            return false;
        }

        var result = new byte[digits.Length / 2];
        if (!TryDecodeDigits(digits, result))
        {
            return false;
        }

        bytes = result;
        return true;
    }

    /// <summary>
    /// Decodes strict data of exactly <paramref name="destination"/>'s length (a 20-byte address, a 32-byte hash);
    /// false for malformed input or another length.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination) =>
        TryGetDigits(text, out var digits) && digits.Length == destination.Length * 2 && TryDecodeDigits(digits, destination);

    /// <summary>True when <paramref name="text"/> is strict data of exactly <paramref name="byteLength"/> bytes.</summary>
    public static bool IsValid(ReadOnlySpan<char> text, int byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        if (!TryGetDigits(text, out var digits) || digits.Length != byteLength * 2)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (HexQuantity.HexValue(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetDigits(ReadOnlySpan<char> text, out ReadOnlySpan<char> digits)
    {
        digits = default;
        if (text.Length < 2 || text[0] != '0' || text[1] != 'x' || text.Length % 2 != 0)
        {
            return false;
        }

        digits = text[2..];
        return true;
    }

    private static bool TryDecodeDigits(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var high = HexQuantity.HexValue(digits[2 * i]);
            var low = HexQuantity.HexValue(digits[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }
}
