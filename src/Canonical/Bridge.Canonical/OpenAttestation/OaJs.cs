using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Json;

namespace Bridge.Canonical.OpenAttestation;

/// <summary>
/// The few JavaScript conversions OpenAttestation's hashing depends on, applied to JSON primitives: a JSON number
/// is an IEEE 754 double (JSON.parse), <c>String(x)</c> / template literals, and <c>JSON.stringify(x)</c>.
/// </summary>
internal static class OaJs
{
    /// <summary>The double JSON.parse makes of a number token; overflow gives ±Infinity as in JavaScript.</summary>
    public static double Number(JsonElement number)
    {
        if (number.TryGetDouble(out var value))
        {
            return value;
        }

        // .NET Core 3.0+ parses per IEEE 754: out-of-range magnitudes become ±Infinity, like ECMA-262 StringToNumber.
        return double.Parse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript's <c>String(x)</c> of a number (ECMA-262 Number::toString, with the non-finite cases).</summary>
    public static string NumberToString(double value) =>
        double.IsFinite(value) ? EcmaScript.FormatNumber(value)
        : double.IsNaN(value) ? "NaN"
        : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>
    /// JavaScript's <c>String(x)</c> (= <c>`${x}`</c>) of a JSON primitive: strings as they are, numbers via
    /// Number::toString, <c>true</c>/<c>false</c>/<c>null</c> spelled out.
    /// </summary>
    public static string ToJsString(JsonElement primitive) => primitive.ValueKind switch
    {
        JsonValueKind.String => primitive.GetString()!,
        JsonValueKind.Number => NumberToString(Number(primitive)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => throw new ArgumentException("not a JSON primitive", nameof(primitive)),
    };

    /// <summary>JavaScript's <c>typeof</c> for a JSON primitive as OpenAttestation v2 writes it ("null" for null).</summary>
    public static string TypeOf(JsonElement primitive) => primitive.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => throw new ArgumentException("not a JSON primitive", nameof(primitive)),
    };

    /// <summary>Appends <c>JSON.stringify(x)</c> of a JSON primitive (a non-finite number becomes <c>null</c>).</summary>
    /// <exception cref="ArgumentException">A string with a lone surrogate.</exception>
    public static void Stringify(IBufferWriter<byte> output, JsonElement primitive)
    {
        switch (primitive.ValueKind)
        {
            case JsonValueKind.String:
                EcmaScript.WriteString(output, primitive.GetString()!);
                break;
            case JsonValueKind.Number:
                var value = Number(primitive);
                if (double.IsFinite(value))
                {
                    EcmaScript.WriteNumber(output, value);
                }
                else
                {
                    output.Write("null"u8);
                }

                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new ArgumentException("not a JSON primitive", nameof(primitive));
        }
    }

    /// <summary>True for a string, number, boolean or null.</summary>
    public static bool IsPrimitive(JsonElement element) =>
        element.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True
            or JsonValueKind.False or JsonValueKind.Null;
}
