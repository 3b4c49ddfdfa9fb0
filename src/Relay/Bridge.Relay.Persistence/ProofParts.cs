using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.Relay.Persistence;

/// <summary>
/// Splits long string values out of a proof envelope's JSON (stored once each in <c>proof_parts</c>, Schema/0011) and puts
/// them back when the proof is read. Pure: the store does the reads and writes.
/// </summary>
internal static class ProofParts
{
    /// <summary>String values at least this long (in UTF-16 chars) are stored as parts.</summary>
    public const int MinLength = 2048;

    /// <summary>The reference that stands for a part in a stored envelope.</summary>
    public const string Prefix = "tcb-part:sha256:";

    /// <summary>
    /// The envelope's JSON with every long string (and every string that looks like a reference, so that a stored reference
    /// is always one) replaced by <see cref="Prefix"/> + the SHA-256 hex of its UTF-8 bytes; the parts by digest.
    /// </summary>
    public static (string Json, IReadOnlyDictionary<string, string> Parts) Split(ProofEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(ProofEnvelopeJson.Serialize(envelope));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Copy(document.RootElement, writer, value =>
            {
                if (value.Length < MinLength && !value.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    return value;
                }

                var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
                parts[digest] = value;
                return Prefix + digest;
            });
        }

        return (Encoding.UTF8.GetString(buffer.WrittenSpan), parts);
    }

    /// <summary>The digests a stored envelope names.</summary>
    public static IEnumerable<string> References(string json)
    {
        using var document = JsonDocument.Parse(json);
        var found = new List<string>();
        Walk(document.RootElement, found);
        return found;
    }

    /// <summary>The stored envelope's JSON with its references replaced by the parts.</summary>
    /// <exception cref="InvalidOperationException">A part is missing (the database lost data).</exception>
    public static byte[] Join(string json, IReadOnlyDictionary<string, string> parts)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Copy(document.RootElement, writer, value => value.StartsWith(Prefix, StringComparison.Ordinal)
                ? parts.TryGetValue(value[Prefix.Length..], out var part) ? part : throw new InvalidOperationException($"Proof part {value} is missing from the database.")
                : value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Walk(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, found);
                }

                break;
            case JsonValueKind.String when element.GetString() is { } text && text.StartsWith(Prefix, StringComparison.Ordinal):
                found.Add(text[Prefix.Length..]);
                break;
        }
    }

    /// <summary>Writes <paramref name="element"/> with every string value (not property names) mapped by <paramref name="map"/>.</summary>
    private static void Copy(JsonElement element, Utf8JsonWriter writer, Func<string, string> map)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Copy(property.Value, writer, map);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Copy(item, writer, map);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(map(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
