namespace Bridge.Canonical.Hashing;

/// <summary>Hexadecimal text for hashes and ids: lowercase out, either case (and an optional 0x) in.</summary>
public static class Hex
{
    /// <summary>Lowercase hex of <paramref name="bytes"/>, no prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Lowercase hex of <paramref name="bytes"/> with a "0x" prefix.</summary>
    public static string Encode0x(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>
    /// Decodes hex with or without a leading "0x"/"0X"; false for odd length, a non-hex character or a
    /// destination of the wrong size (it must be exactly half the digits).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        hex = StripPrefix(hex);
        if (hex.Length % 2 != 0 || destination.Length != hex.Length / 2)
        {
            return false;
        }

        return Convert.FromHexString(hex, destination, out _, out _) == System.Buffers.OperationStatus.Done;
    }

    /// <summary>Decodes hex with or without a leading "0x"/"0X"; false for odd length or a non-hex character.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        ReadOnlySpan<char> digits = StripPrefix(hex);
        bytes = digits.Length % 2 == 0 ? new byte[digits.Length / 2] : [];
        if (!TryDecode(digits, bytes))
        {
            bytes = [];
            return false;
        }

        return true;
    }

    private static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> hex) =>
        hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X') ? hex[2..] : hex;
}
