using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Canonical.Json;

namespace Bridge.Canonical.Model;

/// <summary>
/// Serialiser options under which System.Text.Json writes an event's canonical JSON directly in RFC 8785 form, so the
/// content hash needs no second canonicalisation pass (docs/performance.md): members are already in code-unit order
/// (<see cref="CanonicalJson"/>), strings are escaped as RFC 8785 §3.2.2.2 requires, decimals are written as
/// ECMAScript numbers, and free-form JSON (extensions) is canonicalised with <see cref="Jcs"/>. Equality with the
/// <c>Jcs</c> pass is a property test (ContentHashingTests).
/// </summary>
internal static class JcsSerialization
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Writer options to pair with <see cref="Options"/> (the writer escapes string values itself).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JcsEncoder.Instance, SkipValidation = true };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(CanonicalJson.SerializerOptions)
        {
            Encoder = JcsEncoder.Instance,
        };
        options.Converters.Add(new EcmaScriptDecimalConverter());
        options.Converters.Add(new JcsElementConverter());
        options.Converters.Add(new SortedExtensionsConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Escapes exactly what RFC 8785 §3.2.2.2 escapes: '"', '\' and U+0000..U+001F (short forms where JSON has them).</summary>
    private sealed class JcsEncoder : JavaScriptEncoder
    {
        public static readonly JcsEncoder Instance = new();

        private static readonly SearchValues<byte> Special = SearchValues.Create(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

        public override int MaxOutputCharactersPerInputCharacter => 6;

        public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

        public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => utf8Text.IndexOfAny(Special);

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
        {
            for (var i = 0; i < textLength; i++)
            {
                if (WillEncode(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
        {
            var escape = unicodeScalar switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < 0x20 => "\\u00" + unicodeScalar.ToString("x2", CultureInfo.InvariantCulture),
                _ => null,
            };

            if (escape is null)
            {
                // Not escaped: write the scalar itself (RFC 8785 emits everything else raw).
                var rune = new Rune(unicodeScalar);
                if (rune.Utf16SequenceLength > bufferLength)
                {
                    numberOfCharactersWritten = 0;
                    return false;
                }

                numberOfCharactersWritten = rune.EncodeToUtf16(new Span<char>(buffer, bufferLength));
                return true;
            }

            if (escape.Length > bufferLength)
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            escape.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
            numberOfCharactersWritten = escape.Length;
            return true;
        }
    }

    /// <summary>Writes a decimal as the ECMAScript form of the double its text denotes (what RFC 8785 does with it).</summary>
    private sealed class EcmaScriptDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("write-only converter");

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
        {
            Span<byte> text = stackalloc byte[64];
            if (!Utf8Formatter.TryFormat(value, text, out var written) || !Utf8Parser.TryParse(text[..written], out double number, out _))
            {
                throw new InvalidOperationException("a decimal could not be written as a number");
            }

            Span<byte> formatted = stackalloc byte[EcmaScript.MaxNumberLength];
            if (!EcmaScript.TryFormatNumber(number, formatted, out var length))
            {
                throw new InvalidOperationException("a decimal could not be written as a number");
            }

            writer.WriteRawValue(formatted[..length], skipInputValidation: true);
        }
    }

    /// <summary>Writes free-form JSON (extension values) in RFC 8785 form.</summary>
    private sealed class JcsElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("write-only converter");

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) =>
            writer.WriteRawValue(Jcs.Canonicalize(value), skipInputValidation: true);
    }

    /// <summary>Writes an extensions map with its keys in UTF-16 code-unit order (RFC 8785 §3.2.3).</summary>
    private sealed class SortedExtensionsConverter : JsonConverter<IReadOnlyDictionary<string, JsonElement>>
    {
        public override IReadOnlyDictionary<string, JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("write-only converter");

        public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> value, JsonSerializerOptions options)
        {
            var keys = new string[value.Count];
            var i = 0;
            foreach (var key in value.Keys)
            {
                keys[i++] = key;
            }

            Array.Sort(keys, StringComparer.Ordinal);
            writer.WriteStartObject();
            foreach (var key in keys)
            {
                writer.WritePropertyName(key);
                writer.WriteRawValue(Jcs.Canonicalize(value[key]), skipInputValidation: true);
            }

            writer.WriteEndObject();
        }
    }
}
