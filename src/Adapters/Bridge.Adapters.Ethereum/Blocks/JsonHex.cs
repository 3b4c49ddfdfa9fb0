using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>
/// Reads the hex encodings of the Ethereum JSON-RPC API from <see cref="JsonElement"/>s (ethereum/execution-apis,
/// src/schemas/base-types.yaml): a QUANTITY is "0x" and at least one hex digit without leading zeros ("0x0" for
/// zero); DATA is "0x" and two hex digits per byte. Each reader returns null on success or the
/// <see cref="DataError"/> naming the field.
/// </summary>
internal static class JsonHex
{
    /// <summary>True when the object has the property and it is not null.</summary>
    public static bool IsPresent(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The property as an element; MissingField when absent or null.</summary>
    public static DataError? Property(JsonElement obj, string name, string field, out JsonElement value)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return new DataError(DataErrorCode.MalformedField, field, "Expected a JSON object.");
        }

        if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return new DataError(DataErrorCode.MissingField, Join(field, name), $"The field \"{name}\" is missing.");
        }

        return null;
    }

    /// <summary>A QUANTITY of at most 64 bits.</summary>
    public static DataError? UInt64(JsonElement obj, string name, string field, out ulong value)
    {
        value = 0;
        var error = Property(obj, name, field, out var element);
        var digits = string.Empty;
        error ??= Quantity(element, Join(field, name), 16, out digits);
        if (error is not null)
        {
            return error;
        }

        value = ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>A QUANTITY of at most 256 bits.</summary>
    public static DataError? UInt256(JsonElement obj, string name, string field, out BigInteger value)
    {
        value = BigInteger.Zero;
        var error = Property(obj, name, field, out var element);
        var digits = string.Empty;
        error ??= Quantity(element, Join(field, name), 64, out digits);
        if (error is not null)
        {
            return error;
        }

        value = BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>DATA of exactly <paramref name="length"/> bytes, or any length when it is negative.</summary>
    public static DataError? Bytes(JsonElement obj, string name, string field, int length, out byte[] value)
    {
        value = [];
        return Property(obj, name, field, out var element) ?? Bytes(element, Join(field, name), length, out value);
    }

    /// <summary>DATA of exactly <paramref name="length"/> bytes (any length when negative) from an element.</summary>
    public static DataError? Bytes(JsonElement element, string path, int length, out byte[] value)
    {
        value = [];
        var error = Digits(element, path, out var digits);
        if (error is not null)
        {
            return error;
        }

        if (digits.Length % 2 != 0)
        {
            return new DataError(DataErrorCode.MalformedField, path, "DATA needs two hex digits per byte.");
        }

        if (length >= 0 && digits.Length != 2 * length)
        {
            return new DataError(DataErrorCode.WrongLength, path, $"Expected {length} bytes, found {digits.Length / 2}.");
        }

        value = Convert.FromHexString(digits);
        return null;
    }

    /// <summary>
    /// A 256-bit word written either as DATA or as a QUANTITY, leading zeros allowed (storage keys and values in
    /// <c>eth_getProof</c> results differ between clients), as 32 big-endian bytes.
    /// </summary>
    public static DataError? Word(JsonElement element, string path, out byte[] value)
    {
        value = [];
        var error = Digits(element, path, out var digits);
        if (error is not null)
        {
            return error;
        }

        if (digits.Length is 0 or > 64)
        {
            return new DataError(DataErrorCode.OutOfRange, path, "Expected 1 to 64 hex digits.");
        }

        var padded = digits.PadLeft(64, '0');
        value = Convert.FromHexString(padded);
        return null;
    }

    /// <summary>An array property.</summary>
    public static DataError? Array(JsonElement obj, string name, string field, out JsonElement value)
    {
        var error = Property(obj, name, field, out value);
        if (error is null && value.ValueKind != JsonValueKind.Array)
        {
            return new DataError(DataErrorCode.MalformedField, Join(field, name), "Expected a JSON array.");
        }

        return error;
    }

    /// <summary>A field path: <c>field.name</c>, or <c>name</c> at the top.</summary>
    public static string Join(string field, string name) => field.Length == 0 ? name : field + "." + name;

    /// <summary>An element path: <c>field[index]</c>.</summary>
    public static string Index(string field, int index) => $"{field}[{index}]";

    private static DataError? Quantity(JsonElement element, string path, int maxDigits, out string digits)
    {
        var error = Digits(element, path, out digits);
        if (error is not null)
        {
            return error;
        }

        if (digits.Length == 0)
        {
            return new DataError(DataErrorCode.MalformedField, path, "A QUANTITY needs at least one digit (\"0x0\" for zero).");
        }

        if (digits.Length > 1 && digits[0] == '0')
        {
            return new DataError(DataErrorCode.NonCanonical, path, "A QUANTITY must not have leading zeros.");
        }

        return digits.Length > maxDigits
            ? new DataError(DataErrorCode.OutOfRange, path, $"The value has more than {maxDigits * 4} bits.")
            : null;
    }

    // The hex digits after "0x"; MalformedField for a non-string, a missing prefix or a non-hex character.
    private static DataError? Digits(JsonElement element, string path, out string digits)
    {
        digits = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            return new DataError(DataErrorCode.MalformedField, path, $"Expected a hex string, found {element.ValueKind}.");
        }

        var text = element.GetString()!;
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            return new DataError(DataErrorCode.MalformedField, path, "Expected a \"0x\" prefix.");
        }

        foreach (var c in text.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return new DataError(DataErrorCode.MalformedField, path, $"'{c}' is not a hex digit.");
            }
        }

        digits = text[2..];
        return null;
    }
}

/// <summary>
/// Reads several fields of one JSON object in turn, keeping the first error: after a failure every read returns a
/// default value, so a caller reads all fields and checks <see cref="Error"/> once.
/// </summary>
internal sealed class JsonFields(JsonElement obj, string field)
{
    /// <summary>The first error, or null.</summary>
    public DataError? Error { get; private set; }

    /// <summary>DATA of exactly <paramref name="length"/> bytes (any length when negative).</summary>
    public byte[] Bytes(string name, int length)
    {
        var value = Array.Empty<byte>();
        Error ??= JsonHex.Bytes(obj, name, field, length, out value);

        // After an error, a placeholder of the right length lets the caller finish building (and then discard) its value.
        return Error is null ? value : new byte[Math.Max(length, 0)];
    }

    /// <summary>A QUANTITY of at most 64 bits.</summary>
    public ulong UInt64(string name)
    {
        var value = 0UL;
        Error ??= JsonHex.UInt64(obj, name, field, out value);
        return value;
    }

    /// <summary>A QUANTITY of at most 256 bits.</summary>
    public BigInteger UInt256(string name)
    {
        var value = BigInteger.Zero;
        Error ??= JsonHex.UInt256(obj, name, field, out value);
        return value;
    }
}
