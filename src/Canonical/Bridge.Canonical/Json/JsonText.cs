using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Bridge.Canonical.Json;

/// <summary>Low-level helpers over raw UTF-8 JSON text shared by <see cref="SafeJson"/> and <see cref="Jcs"/>.</summary>
internal static class JsonText
{
    /// <summary>
    /// Unescapes the raw contents of a JSON string (between the quotes, as <see cref="Utf8JsonReader.ValueSpan"/>
    /// gives it) into UTF-8. Escapes per RFC 8259 §7; <c>\uXXXX</c> surrogates must pair (RFC 8785 §3.2.2.2 note,
    /// RFC 7493 §2.1), otherwise the result is <see cref="OperationStatus.InvalidData"/>. The escape syntax itself
    /// has already been checked by <see cref="Utf8JsonReader"/>. <paramref name="destination"/> needs
    /// <paramref name="raw"/>.Length bytes.
    /// </summary>
    public static OperationStatus Unescape(ReadOnlySpan<byte> raw, Span<byte> destination, out int written)
    {
        written = 0;
        int i = 0;
        while (i < raw.Length)
        {
            int backslash = raw[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                raw[i..].CopyTo(destination[written..]);
                written += raw.Length - i;
                return OperationStatus.Done;
            }

            raw.Slice(i, backslash).CopyTo(destination[written..]);
            written += backslash;
            i += backslash;

            byte escaped = raw[i + 1];
            if (escaped != (byte)'u')
            {
                destination[written++] = escaped switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escaped, // '"', '\\', '/'
                };
                i += 2;
                continue;
            }

            if (!TryReadUnicodeEscape(raw, ref i, out int scalar))
            {
                return OperationStatus.InvalidData;
            }

            written += new Rune(scalar).EncodeToUtf8(destination[written..]);
        }

        return OperationStatus.Done;
    }

    /// <summary>True when the raw string contents escape a lone surrogate (RFC 7493 §2.1).</summary>
    public static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        int i = 0;
        while (i < raw.Length)
        {
            int backslash = raw[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return false;
            }

            i += backslash;
            if (raw[i + 1] != (byte)'u')
            {
                i += 2;
                continue;
            }

            if (!TryReadUnicodeEscape(raw, ref i, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads <c>\uXXXX</c> at <paramref name="i"/> (and its <c>\uXXXX</c> low-surrogate partner if it is a high
    /// surrogate), advancing past them. False for a lone surrogate.
    /// </summary>
    private static bool TryReadUnicodeEscape(ReadOnlySpan<byte> raw, ref int i, out int scalar)
    {
        int unit = ReadHex4(raw.Slice(i + 2, 4));
        i += 6;
        if (unit is < 0xD800 or > 0xDFFF)
        {
            scalar = unit;
            return true;
        }

        scalar = 0;
        if (unit > 0xDBFF || i + 6 > raw.Length || raw[i] != (byte)'\\' || raw[i + 1] != (byte)'u')
        {
            return false; // a low surrogate first, or a high surrogate with no escape after it
        }

        int low = ReadHex4(raw.Slice(i + 2, 4));
        if (low is < 0xDC00 or > 0xDFFF)
        {
            return false;
        }

        i += 6;
        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        return true;
    }

    private static int ReadHex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        for (int k = 0; k < 4; k++)
        {
            int c = hex[k];
            int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            value = (value << 4) | digit;
        }

        return value;
    }

    /// <summary>
    /// Turns <see cref="JsonException.LineNumber"/> / <see cref="JsonException.BytePositionInLine"/> (zero-based,
    /// lines counted at '\n' as <see cref="Utf8JsonReader"/> does) into an offset into <paramref name="json"/>.
    /// </summary>
    public static long OffsetOf(ReadOnlySpan<byte> json, long line, long bytePositionInLine)
    {
        int start = 0;
        for (long l = 0; l < line; l++)
        {
            int newline = json[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            start += newline + 1;
        }

        return Math.Min(json.Length, start + bytePositionInLine);
    }

    /// <summary>The offset of the first byte that is not well-formed UTF-8, or -1 when all of it is.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return -1;
        }

        Span<char> sink = stackalloc char[1024];
        int offset = 0;
        while (true)
        {
            OperationStatus status = Utf8.ToUtf16(
                utf8[offset..], sink, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                return status == OperationStatus.Done ? -1 : offset;
            }
        }
    }

    /// <summary>Formats the reader's message without its "LineNumber: … | BytePositionInLine: …" tail.</summary>
    public static string DescribeSyntaxError(JsonException exception, long offset)
    {
        string message = exception.Message;
        int tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (tail >= 0)
        {
            message = message[..tail];
        }

        long line = (exception.LineNumber ?? 0) + 1;
        long column = (exception.BytePositionInLine ?? 0) + 1;
        return $"{message.TrimEnd()} (line {line}, byte {column} of the line, offset {offset})";
    }

    /// <summary>Decodes a raw (possibly escaped) name for messages and JSON pointers; never throws.</summary>
    public static string DecodeForMessage(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        byte[] buffer = new byte[raw.Length];
        return Unescape(raw, buffer, out int written) == OperationStatus.Done
            ? Encoding.UTF8.GetString(buffer, 0, written)
            : Encoding.UTF8.GetString(raw);
    }
}
