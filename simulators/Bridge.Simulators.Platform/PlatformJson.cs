using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridge.Simulators.Platform;

/// <summary>JSON and time formatting shared by the simulator.</summary>
internal static class PlatformJson
{
    /// <summary>Compact output that leaves non-ASCII and HTML-significant characters unescaped (still valid JSON, RFC 8259).</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static string Text(JsonNode node) => node.ToJsonString(Options);

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Options));

    /// <summary>ISO 8601 with milliseconds and the offset, as TradeLens wrote its <c>...8601</c> fields.</summary>
    public static string Iso8601(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO 8601 date-time that carries an offset (or Z); null otherwise.</summary>
    public static DateTimeOffset? ParseIso8601(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length < 17 || !text.Contains('T', StringComparison.Ordinal))
        {
            return null;
        }

        var last = text[^1];
        var hasOffset = last is 'Z' or 'z' || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal);
        if (!hasOffset)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;
    }

    /// <summary>A string member or null (absent, null, or not a string).</summary>
    public static string? Str(JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
