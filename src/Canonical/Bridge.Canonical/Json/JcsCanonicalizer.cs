using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Json;

/// <summary>
/// The RFC 8785 engine. One pass of <see cref="Utf8JsonReader"/> records every value as a token (offsets into the
/// input, container extents); a second pass writes the canonical form, sorting each object's members by their
/// unescaped names in UTF-16 code-unit order (§3.2.3) without creating strings. Buffers live in a per-thread
/// instance, so steady-state use allocates nothing.
/// </summary>
internal sealed class JcsCanonicalizer
{
    /// <summary>Deepest nesting accepted (recursion depth of the writer).</summary>
    public const int MaxDepth = 512;

    private const byte KindObject = 1;
    private const byte KindArray = 2;
    private const byte KindName = 3;
    private const byte KindString = 4;
    private const byte KindNumber = 5;
    private const byte KindTrue = 6;
    private const byte KindFalse = 7;
    private const byte KindNull = 8;

    private const byte FlagEscaped = 1;  // raw text holds escapes
    private const byte FlagInScratch = 2; // Start/Length point at the unescaped copy in _scratch

    private const int KeepTokens = 16 * 1024;
    private const int KeepBytes = 256 * 1024;

    [ThreadStatic]
    private static JcsCanonicalizer? _cached;

    private Token[] _tokens = new Token[256];
    private int _tokenCount;
    private int[] _ints = new int[256];
    private int _intsTop;
    private byte[] _scratch = new byte[1024];
    private int _scratchTop;

    /// <summary>Reusable output for callers that want bytes back (arrays, hashes).</summary>
    public PooledBufferWriter Output { get; } = new(4096);

    public static JcsCanonicalizer Rent()
    {
        JcsCanonicalizer? instance = _cached;
        _cached = null;
        return instance ?? new JcsCanonicalizer();
    }

    public static void Return(JcsCanonicalizer instance)
    {
        instance.Output.Clear();
        if (instance._tokens.Length <= KeepTokens && instance._scratch.Length <= KeepBytes
            && instance._ints.Length <= KeepTokens && instance.Output.Capacity <= KeepBytes)
        {
            _cached = instance; // drop instances that grew for one huge document
        }
        else
        {
            instance.Output.Dispose();
        }
    }

    /// <summary>Canonicalizes <paramref name="json"/> into <paramref name="output"/>; null, or why not.</summary>
    /// <param name="lenient">Skip comments and allow trailing commas (for text a JsonDocument already accepted).</param>
    public JsonInputError? Run(ReadOnlySpan<byte> json, IBufferWriter<byte> output, bool lenient)
    {
        _tokenCount = 0;
        _intsTop = 0;
        _scratchTop = 0;

        int invalid = JsonText.FirstInvalidUtf8(json);
        if (invalid >= 0)
        {
            return new JsonInputError(ValidationCodes.InvalidUtf8, $"Byte 0x{json[invalid]:x2} at offset {invalid} is not well-formed UTF-8.", "", invalid);
        }

        JsonInputError? error = Tokenize(json, lenient);
        if (error is not null)
        {
            return error;
        }

        var emitter = new Utf8Emitter(output);
        error = WriteValue(json, ref emitter, 0);
        emitter.Flush();
        return error;
    }

    private JsonInputError? Tokenize(ReadOnlySpan<byte> json, bool lenient)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            MaxDepth = MaxDepth + 1, // let the check below report it
            CommentHandling = lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            AllowTrailingCommas = lenient,
        });

        try
        {
            while (reader.Read())
            {
                int start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= MaxDepth)
                        {
                            return new JsonInputError(ValidationCodes.TooDeep, $"Nesting is deeper than {MaxDepth} levels.", "", start);
                        }

                        PushInt(_tokenCount);
                        AddToken(reader.TokenType == JsonTokenType.StartObject ? KindObject : KindArray, start, 0, 0);
                        break;

                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        _tokens[_ints[--_intsTop]].Next = _tokenCount;
                        break;

                    case JsonTokenType.PropertyName:
                        if (!reader.ValueIsEscaped)
                        {
                            AddToken(KindName, start + 1, reader.ValueSpan.Length, 0);
                            break;
                        }

                        // Names are compared during sorting, so unescape them once, now.
                        ReadOnlySpan<byte> raw = reader.ValueSpan;
                        EnsureScratch(raw.Length);
                        if (JsonText.Unescape(raw, _scratch.AsSpan(_scratchTop), out int written) != OperationStatus.Done)
                        {
                            return LoneSurrogate(start);
                        }

                        AddToken(KindName, _scratchTop, written, FlagEscaped | FlagInScratch);
                        _scratchTop += written;
                        break;

                    case JsonTokenType.String:
                        AddToken(KindString, start + 1, reader.ValueSpan.Length, reader.ValueIsEscaped ? FlagEscaped : (byte)0);
                        break;

                    case JsonTokenType.Number:
                        AddToken(KindNumber, start, reader.ValueSpan.Length, 0);
                        break;

                    case JsonTokenType.True:
                        AddToken(KindTrue, start, 0, 0);
                        break;

                    case JsonTokenType.False:
                        AddToken(KindFalse, start, 0, 0);
                        break;

                    case JsonTokenType.Null:
                        AddToken(KindNull, start, 0, 0);
                        break;

                    default:
                        break; // comments (lenient mode skips them anyway)
                }
            }
        }
        catch (JsonException exception)
        {
            long offset = JsonText.OffsetOf(json, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            return new JsonInputError(ValidationCodes.InvalidJson, JsonText.DescribeSyntaxError(exception, offset), "", offset);
        }

        return null;
    }

    private JsonInputError? WriteValue(ReadOnlySpan<byte> json, ref Utf8Emitter emitter, int index)
    {
        Token token = _tokens[index];
        switch (token.Kind)
        {
            case KindObject:
                return WriteObject(json, ref emitter, index);

            case KindArray:
                emitter.Write((byte)'[');
                for (int child = index + 1; child < token.Next; child = End(child))
                {
                    if (child != index + 1)
                    {
                        emitter.Write((byte)',');
                    }

                    JsonInputError? error = WriteValue(json, ref emitter, child);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                emitter.Write((byte)']');
                return null;

            case KindString:
                return WriteString(json, ref emitter, token);

            case KindNumber:
                return WriteNumber(json.Slice(token.Start, token.Length), ref emitter, token.Start);

            case KindTrue:
                emitter.Write("true"u8);
                return null;

            case KindFalse:
                emitter.Write("false"u8);
                return null;

            default:
                emitter.Write("null"u8);
                return null;
        }
    }

    private JsonInputError? WriteObject(ReadOnlySpan<byte> json, ref Utf8Emitter emitter, int index)
    {
        int end = _tokens[index].Next;
        int first = _intsTop;
        for (int name = index + 1; name < end; name = End(name + 1))
        {
            PushInt(name);
        }

        int count = _intsTop - first;
        SortMembers(json, first, count);
        for (int i = 1; i < count; i++)
        {
            int later = _ints[first + i];
            if (CompareNames(json, _ints[first + i - 1], later) == 0)
            {
                string name = Encoding.UTF8.GetString(NameBytes(json, later));
                Token nameToken = _tokens[later];
                int offset = (nameToken.Flags & FlagInScratch) != 0 ? _tokens[later + 1].Start : nameToken.Start - 1;
                return new JsonInputError(ValidationCodes.DuplicateMember, $"Member \"{name}\" appears more than once in one object (RFC 8785 requires I-JSON, RFC 7493 §2.3).", "", offset);
            }
        }

        emitter.Write((byte)'{');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                emitter.Write((byte)',');
            }

            int name = _ints[first + i];
            Token nameToken = _tokens[name];
            if ((nameToken.Flags & FlagInScratch) != 0)
            {
                EcmaScript.WriteQuoted(ref emitter, _scratch.AsSpan(nameToken.Start, nameToken.Length));
            }
            else
            {
                WriteRawString(ref emitter, json.Slice(nameToken.Start, nameToken.Length));
            }

            emitter.Write((byte)':');
            JsonInputError? error = WriteValue(json, ref emitter, name + 1);
            if (error is not null)
            {
                return error;
            }
        }

        emitter.Write((byte)'}');
        _intsTop = first;
        return null;
    }

    private JsonInputError? WriteString(ReadOnlySpan<byte> json, ref Utf8Emitter emitter, Token token)
    {
        ReadOnlySpan<byte> raw = json.Slice(token.Start, token.Length);
        if ((token.Flags & FlagEscaped) == 0)
        {
            // No escapes: the reader has already refused quotes, backslashes and control characters in it.
            WriteRawString(ref emitter, raw);
            return null;
        }

        EnsureScratch(raw.Length);
        if (JsonText.Unescape(raw, _scratch.AsSpan(_scratchTop), out int written) != OperationStatus.Done)
        {
            return LoneSurrogate(token.Start - 1);
        }

        EcmaScript.WriteQuoted(ref emitter, _scratch.AsSpan(_scratchTop, written));
        return null;
    }

    private static void WriteRawString(ref Utf8Emitter emitter, ReadOnlySpan<byte> raw)
    {
        Span<byte> span = emitter.GetSpan(raw.Length + 2);
        span[0] = (byte)'"';
        raw.CopyTo(span[1..]);
        span[raw.Length + 1] = (byte)'"';
        emitter.Advance(raw.Length + 2);
    }

    private static JsonInputError? WriteNumber(ReadOnlySpan<byte> raw, ref Utf8Emitter emitter, int offset)
    {
        // Fast path: an integer of at most 15 digits is exact in a double and JSON forbids leading zeros,
        // so Number::toString gives back the same digits ("-0" becomes "0").
        ReadOnlySpan<byte> magnitude = raw[0] == (byte)'-' ? raw[1..] : raw;
        if (magnitude.Length <= 15 && !magnitude.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            emitter.Write(magnitude.Length == 1 && magnitude[0] == (byte)'0' ? magnitude : raw);
            return null;
        }

        // IEEE 754 round-to-nearest parse (.NET Core 3.0+); overflow gives an infinity rather than failing.
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            return new JsonInputError(ValidationCodes.OutOfRange, $"Number {Encoding.UTF8.GetString(raw)} is outside the IEEE 754 double range (RFC 8785 §3.2.2.3).", "", offset);
        }

        EcmaScript.TryFormatNumber(value, emitter.GetSpan(EcmaScript.MaxNumberLength), out int written);
        emitter.Advance(written);
        return null;
    }

    private static JsonInputError LoneSurrogate(long offset) =>
        new(ValidationCodes.InvalidUnicode, "A string escapes a lone UTF-16 surrogate (RFC 8785 §3.2.2.2, RFC 7493 §2.1).", "", offset);

    /// <summary>The token after the value at <paramref name="index"/> and all its descendants.</summary>
    private int End(int index)
    {
        Token token = _tokens[index];
        return token.Kind is KindObject or KindArray ? token.Next : index + 1;
    }

    private ReadOnlySpan<byte> NameBytes(ReadOnlySpan<byte> json, int index)
    {
        Token token = _tokens[index];
        return (token.Flags & FlagInScratch) != 0 ? _scratch.AsSpan(token.Start, token.Length) : json.Slice(token.Start, token.Length);
    }

    private int CompareNames(ReadOnlySpan<byte> json, int a, int b) =>
        CompareUtf16(NameBytes(json, a), NameBytes(json, b));

    /// <summary>
    /// Orders two well-formed UTF-8 strings as their UTF-16 code units would order (RFC 8785 §3.2.3).
    /// UTF-8 byte order is code-point order, which agrees with UTF-16 order except that U+10000.. (surrogate
    /// pairs, D800-DBFF first) sorts before U+E000..U+FFFF in UTF-16; so only the first differing code point
    /// needs a closer look.
    /// </summary>
    internal static int CompareUtf16(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length - b.Length;
        }

        if (a[common] < 0x80 && b[common] < 0x80)
        {
            return a[common] - b[common];
        }

        // Back up to the start of the code point the difference is in (the same position in both).
        int start = common;
        while (start > 0 && (a[start] & 0xC0) == 0x80)
        {
            start--;
        }

        Rune.DecodeFromUtf8(a[start..], out Rune x, out _);
        Rune.DecodeFromUtf8(b[start..], out Rune y, out _);
        int unitX = x.Value < 0x10000 ? x.Value : 0xD800 + ((x.Value - 0x10000) >> 10);
        int unitY = y.Value < 0x10000 ? y.Value : 0xD800 + ((y.Value - 0x10000) >> 10);
        return unitX != unitY ? unitX - unitY : x.Value - y.Value;
    }

    private void SortMembers(ReadOnlySpan<byte> json, int first, int count)
    {
        if (count < 2)
        {
            return;
        }

        if (count <= 16)
        {
            for (int i = 1; i < count; i++)
            {
                int item = _ints[first + i];
                int j = i - 1;
                while (j >= 0 && CompareNames(json, _ints[first + j], item) > 0)
                {
                    _ints[first + j + 1] = _ints[first + j];
                    j--;
                }

                _ints[first + j + 1] = item;
            }

            return;
        }

        // Bottom-up merge sort with a temporary area just above the members.
        EnsureInts(first + (2 * count));
        int[] ints = _ints;
        int source = first;
        int target = first + count;
        for (int width = 1; width < count; width *= 2)
        {
            for (int left = 0; left < count; left += 2 * width)
            {
                int middle = Math.Min(left + width, count);
                int right = Math.Min(left + (2 * width), count);
                int i = left;
                int j = middle;
                int k = left;
                while (i < middle && j < right)
                {
                    ints[target + k++] = CompareNames(json, ints[source + i], ints[source + j]) <= 0 ? ints[source + i++] : ints[source + j++];
                }

                while (i < middle)
                {
                    ints[target + k++] = ints[source + i++];
                }

                while (j < right)
                {
                    ints[target + k++] = ints[source + j++];
                }
            }

            (source, target) = (target, source);
        }

        if (source != first)
        {
            Array.Copy(ints, source, ints, first, count);
        }
    }

    private void AddToken(byte kind, int start, int length, byte flags)
    {
        if (_tokenCount == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[_tokenCount++] = new Token { Kind = kind, Flags = flags, Start = start, Length = length };
    }

    private void PushInt(int value)
    {
        EnsureInts(_intsTop + 1);
        _ints[_intsTop++] = value;
    }

    private void EnsureInts(int size)
    {
        if (size > _ints.Length)
        {
            Array.Resize(ref _ints, Math.Max(size, _ints.Length * 2));
        }
    }

    private void EnsureScratch(int extra)
    {
        int size = _scratchTop + extra;
        if (size > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(size, _scratch.Length * 2));
        }
    }

    private struct Token
    {
        public int Start;
        public int Length;
        public int Next; // containers: index of the first token after the container
        public byte Kind;
        public byte Flags;
    }
}
