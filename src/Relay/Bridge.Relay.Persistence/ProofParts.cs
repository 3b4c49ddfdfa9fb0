using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Json;

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
        // Written without escaping what JSON allows as is ('+' of base64 above all, which the default encoder writes as
        // \u002B one character at a time): the text is read back at once, never embedded in HTML.
        using var serialized = new PooledBufferWriter(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(envelope.Data).Length + 1024);
        using (var envelopeWriter = new Utf8JsonWriter(serialized, Relaxed))
        {
            ProofEnvelopeJson.Write(envelopeWriter, envelope);
        }

        var json = serialized.WrittenSpan;
        var reader = new Utf8JsonReader(json);
        var buffer = new ArrayBufferWriter<byte>(Math.Min(json.Length, 4096));
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            // One pass over the UTF-8 (no document, no UTF-16 copy of the long values): a proof of a Fabric transaction
            // carries its whole block, and the proofs of one block's transactions each carry the same one.
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(reader.GetString()!);
                        break;
                    case JsonTokenType.String:
                        WriteString(ref reader, writer, parts);
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }
        }

        return (Encoding.UTF8.GetString(buffer.WrittenSpan), parts);
    }

    /// <summary>Writes the reader's string value, or the reference to it as a part when it is long or looks like a reference.</summary>
    private static void WriteString(ref Utf8JsonReader reader, Utf8JsonWriter writer, Dictionary<string, string> parts)
    {
        ReadOnlySpan<byte> value;
        if (reader.ValueIsEscaped)
        {
            var unescaped = new byte[reader.ValueSpan.Length];
            value = unescaped.AsSpan(0, reader.CopyString(unescaped));
        }
        else
        {
            value = reader.ValueSpan;
        }

        var isPart = (value.Length >= MinLength && Encoding.UTF8.GetCharCount(value) >= MinLength) || value.StartsWith(PrefixUtf8);
        if (!isPart)
        {
            writer.WriteStringValue(value);
            return;
        }

        var (digest, text) = Part(value);
        parts[digest] = text;
        writer.WriteStringValue(Prefix + digest);
    }

    private static ReadOnlySpan<byte> PrefixUtf8 => "tcb-part:sha256:"u8;

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The parts split off lately, with their digests: the proofs of one block's transactions share their long values, so
    /// a value seen before costs a byte comparison instead of a SHA-256 and a new string.
    /// </summary>
    private static readonly RawValueMemo<(string Digest, string Text)> Remembered = new(256, 32L << 20);

    private static (string Digest, string Text) Part(ReadOnlySpan<byte> value)
    {
        if (Remembered.TryGet(string.Empty, value, out var known))
        {
            return known;
        }

        var part = (Convert.ToHexStringLower(SHA256.HashData(value)), Encoding.UTF8.GetString(value));
        Remembered.Add(string.Empty, value, part);
        return part;
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
