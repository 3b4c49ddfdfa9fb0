using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Json;

/// <summary>
/// The one way untrusted JSON enters the bridge. The input is checked in bounded memory first (size, UTF-8,
/// syntax, depth, string lengths, escaped lone surrogates, number range) with a <see cref="Utf8JsonReader"/>,
/// and only then parsed into a <see cref="JsonDocument"/> that also refuses duplicate member names.
/// Bad input never throws: the result carries a <see cref="JsonInputError"/> with a stable code.
/// </summary>
/// <remarks>
/// Strict RFC 8259 / I-JSON (RFC 7493): no comments, no trailing commas, nothing after the value.
/// A leading UTF-8 byte order mark is always accepted and skipped (RFC 8259 §8.1 lets parsers ignore it;
/// files saved by common Windows tools carry one); error offsets still count from the first byte given.
/// Whatever is accepted here can be canonicalized by <see cref="Jcs"/>.
/// </remarks>
public static class SafeJson
{
    /// <summary>Parses <paramref name="utf8"/> within <paramref name="limits"/> (default <see cref="SafeJsonLimits.Default"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative (a programming error, not bad input).</exception>
    public static SafeJsonResult Parse(ReadOnlyMemory<byte> utf8, SafeJsonLimits? limits = null)
    {
        limits ??= SafeJsonLimits.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxDepth, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxStringBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxTotalBytes, nameof(limits));

        if (utf8.Length > limits.MaxTotalBytes)
        {
            return Fail(ValidationCodes.TooLarge, $"The input is {utf8.Length} bytes; at most {limits.MaxTotalBytes} are accepted.", "", limits.MaxTotalBytes);
        }

        int bom = utf8.Span.StartsWith("\uFEFF"u8) ? 3 : 0;
        ReadOnlyMemory<byte> body = utf8[bom..];
        ReadOnlySpan<byte> json = body.Span;

        int invalid = JsonText.FirstInvalidUtf8(json);
        if (invalid >= 0)
        {
            var locator = new Scanner(json, limits, bom, stopAt: invalid);
            string path = locator.Run(out _);
            return Fail(ValidationCodes.InvalidUtf8, $"Byte 0x{json[invalid]:x2} at offset {bom + invalid} is not well-formed UTF-8.", path, bom + invalid);
        }

        var scanner = new Scanner(json, limits, bom, stopAt: -1);
        scanner.Run(out JsonInputError? error);
        if (error is not null)
        {
            return SafeJsonResult.Failure(error);
        }

        var options = new JsonDocumentOptions
        {
            MaxDepth = limits.MaxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            AllowDuplicateProperties = false,
        };
        try
        {
            return SafeJsonResult.Success(JsonDocument.Parse(body, options));
        }
        catch (JsonException exception)
        {
            // The scan passed, so this is the duplicate-name check; find where it is.
            return SafeJsonResult.Failure(FindDuplicate(json, bom, limits.MaxDepth)
                ?? new JsonInputError(ValidationCodes.InvalidJson, exception.Message, "", bom));
        }
    }

    private static SafeJsonResult Fail(string code, string message, string path, long offset) =>
        SafeJsonResult.Failure(new JsonInputError(code, message, path, offset));

    /// <summary>Second look, only after a failure: the first repeated member name, with its JSON pointer.</summary>
    private static JsonInputError? FindDuplicate(ReadOnlySpan<byte> json, int bom, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        var frames = new List<(HashSet<string>? Names, string Path, int Index)>();
        string? pendingName = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingName = reader.GetString()!;
                    (HashSet<string>? names, string objectPath, _) = frames[^1];
                    if (!names!.Add(pendingName))
                    {
                        return new JsonInputError(
                            ValidationCodes.DuplicateMember,
                            $"Member \"{pendingName}\" appears more than once in the object at '{objectPath}' (RFC 7493 §2.3).",
                            JsonPointer.Append(objectPath, pendingName),
                            bom + reader.TokenStartIndex);
                    }

                    break;

                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    string path = ChildPath(frames, pendingName);
                    frames.Add((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, path, -1));
                    break;

                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;

                default:
                    ChildPath(frames, pendingName);
                    break;
            }
        }

        return null;

        // The pointer of the value just read; counts array elements as a side effect.
        static string ChildPath(List<(HashSet<string>? Names, string Path, int Index)> frames, string? name)
        {
            if (frames.Count == 0)
            {
                return "";
            }

            (HashSet<string>? names, string parent, int index) = frames[^1];
            if (names is not null)
            {
                return JsonPointer.Append(parent, name!);
            }

            frames[^1] = (null, parent, index + 1);
            return JsonPointer.Append(parent, index + 1);
        }
    }

    /// <summary>
    /// The bounded pre-scan. Keeps, per open container, only offsets (array index, where the current member name
    /// is), so it allocates nothing unless it has to describe an error.
    /// </summary>
    private ref struct Scanner
    {
        private readonly ReadOnlySpan<byte> _json;
        private readonly SafeJsonLimits _limits;
        private readonly int _bom;
        private readonly int _stopAt;
        private Frame[] _frames;
        private int _depth;

        public Scanner(ReadOnlySpan<byte> json, SafeJsonLimits limits, int bom, int stopAt)
        {
            _json = json;
            _limits = limits;
            _bom = bom;
            _stopAt = stopAt;
            _frames = [];
            _depth = 0;
        }

        /// <summary>Scans; returns the JSON pointer where it stopped (best effort) and the first problem, if any.</summary>
        public string Run(out JsonInputError? error)
        {
            _frames = ArrayPool<Frame>.Shared.Rent(Math.Min(_limits.MaxDepth, 64));
            try
            {
                error = Scan();
                return error?.Path ?? CurrentPath();
            }
            finally
            {
                ArrayPool<Frame>.Shared.Return(_frames);
            }
        }

        private JsonInputError? Scan()
        {
            var reader = new Utf8JsonReader(_json, new JsonReaderOptions
            {
                MaxDepth = _limits.MaxDepth + 1, // our own check below reports it first, as too-deep
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
            });

            try
            {
                while (reader.Read())
                {
                    JsonTokenType type = reader.TokenType;
                    if (type is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray)
                        && _depth > 0 && _frames[_depth - 1].IsArray)
                    {
                        _frames[_depth - 1].Index++;
                    }

                    if (_stopAt >= 0 && reader.BytesConsumed > _stopAt)
                    {
                        return null; // the locator has reached the byte it was asked about
                    }

                    long offset = _bom + reader.TokenStartIndex;
                    switch (type)
                    {
                        case JsonTokenType.StartObject:
                        case JsonTokenType.StartArray:
                            if (_depth >= _limits.MaxDepth)
                            {
                                return Error(ValidationCodes.TooDeep, $"Objects and arrays nest deeper than {_limits.MaxDepth} levels.", CurrentPath(), offset);
                            }

                            if (_depth == _frames.Length)
                            {
                                Frame[] larger = ArrayPool<Frame>.Shared.Rent(_depth * 2);
                                _frames.AsSpan().CopyTo(larger);
                                ArrayPool<Frame>.Shared.Return(_frames);
                                _frames = larger;
                            }

                            _frames[_depth++] = new Frame { IsArray = type == JsonTokenType.StartArray, Index = -1, NameStart = -1 };
                            break;

                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            _depth--;
                            break;

                        case JsonTokenType.PropertyName:
                            ref Frame frame = ref _frames[_depth - 1];
                            frame.NameStart = -1; // errors about the name point at its object
                            if (CheckString(ref reader, "member name", offset) is { } nameError)
                            {
                                return nameError;
                            }

                            frame.NameStart = (int)reader.TokenStartIndex + 1;
                            frame.NameLength = reader.ValueSpan.Length;
                            frame.NameEscaped = reader.ValueIsEscaped;
                            break;

                        case JsonTokenType.String:
                            if (CheckString(ref reader, "string", offset) is { } stringError)
                            {
                                return stringError;
                            }

                            break;

                        case JsonTokenType.Number:
                            if (CheckNumber(reader.ValueSpan, offset) is { } numberError)
                            {
                                return numberError;
                            }

                            break;

                        default:
                            break;
                    }
                }
            }
            catch (JsonException exception)
            {
                long offset = _bom + JsonText.OffsetOf(_json, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
                string message = _json.IsEmpty || _json.IndexOfAnyExcept(" \t\r\n"u8) < 0
                    ? "The input is empty; a JSON value is required (RFC 8259 §2)."
                    : JsonText.DescribeSyntaxError(exception, offset);
                return Error(ValidationCodes.InvalidJson, message, CurrentPath(), offset);
            }

            return null;
        }

        private readonly JsonInputError? CheckString(ref Utf8JsonReader reader, string what, long offset)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            if (raw.Length > _limits.MaxStringBytes)
            {
                return Error(ValidationCodes.StringTooLong, $"A {what} of {raw.Length} bytes is longer than the limit of {_limits.MaxStringBytes}.", CurrentPath(), offset);
            }

            if (reader.ValueIsEscaped && JsonText.HasLoneSurrogateEscape(raw))
            {
                return Error(ValidationCodes.InvalidUnicode, $"A {what} escapes a lone UTF-16 surrogate, which is not Unicode text (RFC 7493 §2.1).", CurrentPath(), offset);
            }

            return null;
        }

        private readonly JsonInputError? CheckNumber(ReadOnlySpan<byte> raw, long offset)
        {
            // Only an exponent or a very long mantissa can leave the double range.
            if (raw.Length < 300 && raw.IndexOfAny((byte)'e', (byte)'E') < 0)
            {
                return null;
            }

            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            {
                return null;
            }

            string text = raw.Length <= 40 ? Encoding.UTF8.GetString(raw) : Encoding.UTF8.GetString(raw[..40]) + "…";
            return Error(ValidationCodes.OutOfRange, $"Number {text} is outside the IEEE 754 double range (RFC 7493 §2.2).", CurrentPath(), offset);
        }

        private static JsonInputError Error(string code, string message, string path, long offset) => new(code, message, path, offset);

        private readonly string CurrentPath()
        {
            string path = "";
            for (int i = 0; i < _depth; i++)
            {
                Frame frame = _frames[i];
                if (frame.IsArray)
                {
                    if (frame.Index >= 0)
                    {
                        path = JsonPointer.Append(path, frame.Index);
                    }
                }
                else if (frame.NameStart >= 0)
                {
                    path = JsonPointer.Append(path, JsonText.DecodeForMessage(_json.Slice(frame.NameStart, frame.NameLength), frame.NameEscaped));
                }
            }

            return path;
        }

        private struct Frame
        {
            public bool IsArray;
            public bool NameEscaped;
            public int Index;
            public int NameStart;
            public int NameLength;
        }
    }
}
