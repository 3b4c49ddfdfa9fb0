using System.Numerics;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The JSON-RPC "quantity" encoding of unsigned integers (ethereum.org, "JSON-RPC API", hex value encoding;
/// ethereum/execution-apis src/schemas/base-types.yaml <c>uint</c>, pattern <c>^0x([1-9a-f]+[0-9a-f]*|0)$</c>):
/// a "0x" prefix, at least one digit, no leading zeros ("0x0" for zero). Output is lowercase; input digits may be
/// either case, but the prefix must be "0x" and the other rules are enforced ("0x", "0x00", "0x01", "41" and "0X41"
/// are rejected). Values are at most 256 bits (the EVM word).
/// </summary>
public static class HexQuantity
{
    /// <summary>The most hex digits a quantity may have (uint256).</summary>
    public const int MaxDigits = 64;

    /// <summary>"0x" and the lowercase digits of <paramref name="value"/> without leading zeros.</summary>
    public static string Encode(ulong value) => "0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"0x" and the lowercase digits of a non-negative value of at most 256 bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or wider than 256 bits.</exception>
    public static string Encode(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return "0x0";
        }

        var length = value.GetByteCount(isUnsigned: true);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxDigits / 2, nameof(value));
        Span<byte> bytes = stackalloc byte[MaxDigits / 2];
        value.TryWriteBytes(bytes, out var written, isUnsigned: true, isBigEndian: true);
        var digits = Convert.ToHexStringLower(bytes[..written]);
        return "0x" + (digits[0] == '0' ? digits[1..] : digits);
    }

    /// <summary>
    /// The 64-bit quantity in member <paramref name="member"/> of a node's JSON answer (a receipt, a log, a block);
    /// a missing or malformed member is an <see cref="EthRpcException"/> of kind InvalidResponse.
    /// </summary>
    public static ulong Read(System.Text.Json.JsonElement json, string member) =>
        json.TryGetProperty(member, out var element) && element.ValueKind == System.Text.Json.JsonValueKind.String && TryParseUInt64(element.GetString(), out var value)
            ? value
            : throw new EthRpcException(EthRpcErrorKind.InvalidResponse, $"'{member}' is missing or not a hex quantity in the node's answer.");

    /// <summary>Reads a strict quantity that fits 64 bits; false for any deviation from the encoding or overflow.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (!TryGetDigits(text, out var digits) || digits.Length > 16)
        {
            return false;
        }

        foreach (var c in digits)
        {
            value = (value << 4) | (uint)HexValue(c);
        }

        return true;
    }

    /// <summary>Reads a strict quantity of at most 256 bits as a non-negative <see cref="BigInteger"/>.</summary>
    public static bool TryParseUInt256(ReadOnlySpan<char> text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (!TryGetDigits(text, out var digits))
        {
            return false;
        }

        if (digits.Length <= 16)
        {
            _ = TryParseUInt64(text, out var small);
            value = small;
            return true;
        }

        Span<byte> bytes = stackalloc byte[MaxDigits / 2];
        var byteCount = (digits.Length + 1) / 2;
        var target = bytes[..byteCount];
        var offset = digits.Length % 2;
        if (offset == 1)
        {
            target[0] = (byte)HexValue(digits[0]);
        }

        for (int i = offset, b = offset; i < digits.Length; i += 2, b++)
        {
            target[b] = (byte)((HexValue(digits[i]) << 4) | HexValue(digits[i + 1]));
        }

        value = new BigInteger(target, isUnsigned: true, isBigEndian: true);
        return true;
    }

    // Checks the prefix, the digit count, the digits and the no-leading-zero rule; gives the digits without "0x".
    private static bool TryGetDigits(ReadOnlySpan<char> text, out ReadOnlySpan<char> digits)
    {
        digits = default;
        if (text.Length < 3 || text[0] != '0' || text[1] != 'x')
        {
            return false;
        }

        var body = text[2..];
        if (body.Length > MaxDigits || (body.Length > 1 && body[0] == '0'))
        {
            return false;
        }

        foreach (var c in body)
        {
            if (HexValue(c) < 0)
            {
                return false;
            }
        }

        digits = body;
        return true;
    }

    internal static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
