using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Bridge.Canonical.Json;

/// <summary>
/// JavaScript's JSON serialization of primitives, as RFC 8785 (JCS) §3.2.2 adopts it:
/// <c>Number::toString</c> (ECMA-262 §7.1.12.1 / §6.1.6.1.20, with "Note 2" rounding) for numbers and
/// <c>JSON.stringify</c>'s QuoteJSONString (ECMA-262 §25.5.2.3) for strings.
/// </summary>
public static class EcmaScript
{
    /// <summary>Enough bytes for any formatted double: "-0.0000012345678901234567" is 25.</summary>
    public const int MaxNumberLength = 32;

    // JSON.stringify escapes exactly these: '"', '\\' and U+0000..U+001F (RFC 8785 §3.2.2.2).
    private static readonly SearchValues<byte> Utf8NeedsEscape = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\"u8);

    private static readonly SearchValues<char> CharNeedsEscape = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\");

    /// <summary>
    /// Formats <paramref name="value"/> as JavaScript's <c>String(value)</c>: shortest round-trip digits, decimal
    /// notation for 1e-7 &lt; |value| &lt; 1e21, otherwise <c>d.ddde+XX</c>; -0 gives "0".
    /// </summary>
    /// <exception cref="ArgumentException">NaN or an infinity, which JSON cannot express (RFC 8785 §3.2.2.3).</exception>
    public static string FormatNumber(double value)
    {
        Span<byte> utf8 = stackalloc byte[MaxNumberLength];
        TryFormatNumber(value, utf8, out int written);
        return Encoding.ASCII.GetString(utf8[..written]);
    }

    /// <summary>Span variant of <see cref="FormatNumber"/>: writes ASCII bytes; false when the destination is too small.</summary>
    /// <exception cref="ArgumentException">NaN or an infinity.</exception>
    public static bool TryFormatNumber(double value, Span<byte> utf8Destination, out int bytesWritten)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("NaN and Infinity have no JSON representation (RFC 8785 §3.2.2.3).", nameof(value));
        }

        bytesWritten = 0;
        if (value == 0)
        {
            // Covers -0 too: Number::toString(-0) is "0" (ECMA-262 §6.1.6.1.20 step 2).
            if (utf8Destination.IsEmpty)
            {
                return false;
            }

            utf8Destination[0] = (byte)'0';
            bytesWritten = 1;
            return true;
        }

        // .NET Core 3.0+ "R" yields the shortest digit string that round-trips, correctly rounded (the digits
        // ECMA-262 asks for); only the layout differs, so take digits + exponent apart and lay them out again.
        Span<byte> shortest = stackalloc byte[MaxNumberLength];
        if (!value.TryFormat(shortest, out int length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit in 32 bytes.");
        }

        shortest = shortest[..length];
        bool negative = shortest[0] == (byte)'-';

        // value = 0.d1d2…dk × 10^n (ECMA-262 names them s, k and n).
        Span<byte> digits = stackalloc byte[MaxNumberLength];
        int k = 0;
        int n = 0;
        bool started = false;
        bool afterPoint = false;
        int p = negative ? 1 : 0;
        for (; p < shortest.Length && shortest[p] != (byte)'E'; p++)
        {
            byte c = shortest[p];
            if (c == (byte)'.')
            {
                afterPoint = true;
            }
            else if (!started && c == (byte)'0')
            {
                if (afterPoint)
                {
                    n--;
                }
            }
            else
            {
                started = true;
                digits[k++] = c;
                if (!afterPoint)
                {
                    n++;
                }
            }
        }

        if (p < shortest.Length)
        {
            n += int.Parse(shortest[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        while (digits[k - 1] == (byte)'0')
        {
            k--;
        }

        return Layout(negative, digits[..k], n, utf8Destination, out bytesWritten);
    }

    /// <summary>Appends <see cref="FormatNumber"/>'s bytes to <paramref name="output"/>.</summary>
    public static void WriteNumber(IBufferWriter<byte> output, double value)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> span = output.GetSpan(MaxNumberLength);
        TryFormatNumber(value, span, out int written);
        output.Advance(written);
    }

    /// <summary>
    /// JavaScript's <c>JSON.stringify(value)</c> for a string: quoted, with only '"', '\\' and U+0000..U+001F escaped
    /// (\b \t \n \f \r, others as lowercase \u00xx); '/', DEL and all non-ASCII stay as they are.
    /// </summary>
    /// <exception cref="ArgumentException">A lone UTF-16 surrogate (RFC 8785 §3.2.2.2 requires an error).</exception>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length = 2;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    throw LoneSurrogate(i);
                }

                i++;
                length += 2;
            }
            else
            {
                length += c switch
                {
                    '"' or '\\' or '\b' or '\t' or '\n' or '\f' or '\r' => 2,
                    < ' ' => 6,
                    _ => 1,
                };
            }
        }

        return string.Create(length, value, static (span, source) =>
        {
            int w = 0;
            span[w++] = '"';
            foreach (char c in source)
            {
                if (c >= ' ' && c != '"' && c != '\\')
                {
                    span[w++] = c;
                    continue;
                }

                span[w++] = '\\';
                switch (c)
                {
                    case '"' or '\\': span[w++] = c; break;
                    case '\b': span[w++] = 'b'; break;
                    case '\t': span[w++] = 't'; break;
                    case '\n': span[w++] = 'n'; break;
                    case '\f': span[w++] = 'f'; break;
                    case '\r': span[w++] = 'r'; break;
                    default:
                        span[w++] = 'u';
                        span[w++] = '0';
                        span[w++] = '0';
                        span[w++] = (char)HexLower(c >> 4);
                        span[w++] = (char)HexLower(c & 0xF);
                        break;
                }
            }

            span[w] = '"';
        });
    }

    /// <summary>Writes <see cref="QuoteString"/>'s result as UTF-8, without building the string.</summary>
    /// <exception cref="ArgumentException">A lone UTF-16 surrogate.</exception>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(output);
        var emitter = new Utf8Emitter(output);
        emitter.Write((byte)'"');
        int consumed = 0;
        while (true)
        {
            int special = value.IndexOfAny(CharNeedsEscape);
            ReadOnlySpan<char> run = special < 0 ? value : value[..special];
            while (!run.IsEmpty)
            {
                // Runs end at an ASCII character or the end, so a surrogate pair is never split between runs.
                Span<byte> destination = emitter.GetSpan(Math.Min(run.Length, 2048) * 3);
                OperationStatus status = Utf8.FromUtf16(
                    run, destination, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: true);
                emitter.Advance(written);
                run = run[read..];
                consumed += read;
                if (status == OperationStatus.InvalidData)
                {
                    throw LoneSurrogate(consumed);
                }
            }

            if (special < 0)
            {
                break;
            }

            WriteEscape(ref emitter, (byte)value[special]);
            value = value[(special + 1)..];
            consumed++;
        }

        emitter.Write((byte)'"');
        emitter.Flush();
    }

    /// <summary>UTF-8 variant of <see cref="WriteString(IBufferWriter{byte}, ReadOnlySpan{char})"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="utf8Value"/> is not well-formed UTF-8.</exception>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8Value)
    {
        ArgumentNullException.ThrowIfNull(output);
        int invalid = JsonText.FirstInvalidUtf8(utf8Value);
        if (invalid >= 0)
        {
            throw new ArgumentException($"The value is not well-formed UTF-8 at byte {invalid}.", nameof(utf8Value));
        }

        var emitter = new Utf8Emitter(output);
        WriteQuoted(ref emitter, utf8Value);
        emitter.Flush();
    }

    /// <summary>Quotes and escapes UTF-8 already known to be well-formed.</summary>
    internal static void WriteQuoted(ref Utf8Emitter emitter, ReadOnlySpan<byte> utf8)
    {
        emitter.Write((byte)'"');
        while (true)
        {
            int special = utf8.IndexOfAny(Utf8NeedsEscape);
            if (special < 0)
            {
                emitter.Write(utf8);
                break;
            }

            emitter.Write(utf8[..special]);
            WriteEscape(ref emitter, utf8[special]);
            utf8 = utf8[(special + 1)..];
        }

        emitter.Write((byte)'"');
    }

    private static void WriteEscape(ref Utf8Emitter emitter, byte c)
    {
        ReadOnlySpan<byte> shortForm = c switch
        {
            (byte)'"' => "\\\""u8,
            (byte)'\\' => "\\\\"u8,
            (byte)'\b' => "\\b"u8,
            (byte)'\t' => "\\t"u8,
            (byte)'\n' => "\\n"u8,
            (byte)'\f' => "\\f"u8,
            (byte)'\r' => "\\r"u8,
            _ => default,
        };
        if (!shortForm.IsEmpty)
        {
            emitter.Write(shortForm);
            return;
        }

        Span<byte> escape = emitter.GetSpan(6);
        "\\u00"u8.CopyTo(escape);
        escape[4] = HexLower(c >> 4);
        escape[5] = HexLower(c & 0xF);
        emitter.Advance(6);
    }

    private static byte HexLower(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private static ArgumentException LoneSurrogate(int index) =>
        new($"The string has a lone UTF-16 surrogate at index {index}; JSON text must be valid Unicode (RFC 8785 §3.2.2.2).", "value");

    /// <summary>ECMA-262 §6.1.6.1.20 Number::toString steps 6-10 for value = ±0.d1…dk × 10^n.</summary>
    private static bool Layout(bool negative, ReadOnlySpan<byte> digits, int n, Span<byte> destination, out int written)
    {
        int k = digits.Length;
        Span<byte> exponent = stackalloc byte[5];
        int exponentLength = 0;
        int length;
        if (k <= n && n <= 21)
        {
            length = n; // the digits, then n-k zeros
        }
        else if (n > 0 && n <= 21)
        {
            length = k + 1; // point inside the digits
        }
        else if (n > -6 && n <= 0)
        {
            length = 2 - n + k; // "0." then -n zeros
        }
        else
        {
            int e = n - 1;
            exponent[exponentLength++] = (byte)'e';
            exponent[exponentLength++] = e < 0 ? (byte)'-' : (byte)'+';
            int magnitude = Math.Abs(e);
            if (magnitude >= 100)
            {
                exponent[exponentLength++] = (byte)('0' + (magnitude / 100));
            }

            if (magnitude >= 10)
            {
                exponent[exponentLength++] = (byte)('0' + (magnitude / 10 % 10));
            }

            exponent[exponentLength++] = (byte)('0' + (magnitude % 10));
            length = (k == 1 ? 1 : k + 1) + exponentLength;
        }

        if (negative)
        {
            length++;
        }

        written = 0;
        if (length > destination.Length)
        {
            return false;
        }

        int w = 0;
        if (negative)
        {
            destination[w++] = (byte)'-';
        }

        if (exponentLength > 0)
        {
            destination[w++] = digits[0];
            if (k > 1)
            {
                destination[w++] = (byte)'.';
                digits[1..].CopyTo(destination[w..]);
                w += k - 1;
            }

            exponent[..exponentLength].CopyTo(destination[w..]);
            w += exponentLength;
        }
        else if (k <= n)
        {
            digits.CopyTo(destination[w..]);
            w += k;
            destination.Slice(w, n - k).Fill((byte)'0');
            w += n - k;
        }
        else if (n > 0)
        {
            digits[..n].CopyTo(destination[w..]);
            w += n;
            destination[w++] = (byte)'.';
            digits[n..].CopyTo(destination[w..]);
            w += k - n;
        }
        else
        {
            destination[w++] = (byte)'0';
            destination[w++] = (byte)'.';
            destination.Slice(w, -n).Fill((byte)'0');
            w += -n;
            digits.CopyTo(destination[w..]);
            w += k;
        }

        written = w;
        return true;
    }
}
