using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping;

/// <summary>
/// A position in a source payload for mappers: reads typed members, records findings at their JSON pointers, and
/// collects the members a mapper did not consume as lossless extensions (keyed by JSON pointer relative to the
/// record the mapper is building). Reading never throws for bad input.
/// </summary>
public sealed class SourceNode
{
    // Names read so far. A list, not a set: records have a handful of members and this is the mapping hot path.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Utf8Names = new(StringComparer.Ordinal);

    private readonly List<byte[]> _consumed = new(8);

    // How many of the consumed names exist as members of this object (each name counted once).
    private int _presentConsumed;

    private SourceNode(JsonElement element, string pointer, string recordPointer, ValidationCollector issues)
    {
        Element = element;
        Pointer = pointer;
        RecordPointer = recordPointer;
        Issues = issues;
    }

    public JsonElement Element { get; }

    /// <summary>Absolute RFC 6901 pointer of this node in the payload.</summary>
    public string Pointer { get; }

    /// <summary>Pointer of the record (event, document) this node belongs to.</summary>
    public string RecordPointer { get; }

    public ValidationCollector Issues { get; }

    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    /// <summary>A node for a record (event, document) at <paramref name="pointer"/>.</summary>
    public static SourceNode Record(JsonElement element, string pointer, ValidationCollector issues) =>
        new(element, pointer, pointer, issues);

    /// <summary>A node for an array element that starts a new record (for example one event of a list).</summary>
    public SourceNode RecordAt(JsonElement element, int index) =>
        Record(element, JsonPointer.Append(Pointer, index), Issues);

    /// <summary>Marks members as consumed without reading them (so they are not kept as extensions).</summary>
    public void Consume(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            MarkConsumed(name);
        }
    }

    /// <summary>Whether the member exists and is not null.</summary>
    public bool Has(string name) =>
        IsObject && Element.TryGetProperty(Utf8(name), out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required = false, int? maxLength = null)
    {
        if (!TryMember(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Issues.Error(PathOf(name), ValidationCodes.Required, "must not be empty");
            return null;
        }

        if (maxLength is { } max && text.Length > max)
        {
            Issues.Error(PathOf(name), ValidationCodes.TooLong, $"must be at most {max} characters");
        }

        return text;
    }

    public int? Int(string name, bool required = false)
    {
        if (!TryMember(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be an integer");
        return null;
    }

    /// <summary>A decimal from a JSON number, or from a numeric string when <paramref name="allowString"/> (DCSA latitude/longitude).</summary>
    public decimal? Decimal(string name, bool required = false, bool allowString = false)
    {
        if (!TryMember(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        if (allowString && value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be a number");
        return null;
    }

    public bool? Bool(string name, bool required = false)
    {
        if (!TryMember(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be true or false");
        return null;
    }

    /// <summary>An RFC 3339 date-time that MUST carry a UTC offset (Z or ±hh:mm); the offset is kept.</summary>
    public DateTimeOffset? DateTime(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (TryParseDateTime(text, out var value))
        {
            return value;
        }

        Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be an RFC 3339 date-time with a UTC offset, for example 2021-01-09T14:12:56+01:00");
        return null;
    }

    /// <summary>An ISO 8601 calendar date (yyyy-MM-dd).</summary>
    public DateOnly? Date(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be a date yyyy-MM-dd");
        return null;
    }

    /// <summary>A child object, or null when absent (error when required or not an object).</summary>
    public SourceNode? Object(string name, bool required = false)
    {
        if (!TryMember(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be an object");
            return null;
        }

        return new SourceNode(value, PathOf(name), RecordPointer, Issues);
    }

    /// <summary>The elements of a child array (empty when absent; error when required and empty or not an array).</summary>
    public IReadOnlyList<SourceNode> Array(string name, bool required = false)
    {
        if (!TryMember(name, required, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Issues.Error(PathOf(name), ValidationCodes.InvalidFormat, "must be an array");
            return [];
        }

        var path = PathOf(name);
        var items = new List<SourceNode>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(new SourceNode(item, JsonPointer.Append(path, index++), RecordPointer, Issues));
        }

        if (required && items.Count == 0)
        {
            Issues.Error(PathOf(name), ValidationCodes.Required, "must have at least one element");
        }

        return items;
    }

    /// <summary>The strings of a child array of strings.</summary>
    public IReadOnlyList<string> Strings(string name, bool required = false)
    {
        var result = new List<string>();
        foreach (var item in Array(name, required))
        {
            if (item.Element.ValueKind == JsonValueKind.String)
            {
                result.Add(item.Element.GetString()!);
            }
            else
            {
                Issues.Error(item.Pointer, ValidationCodes.InvalidFormat, "must be a string");
            }
        }

        return result;
    }

    /// <summary>
    /// Adds every member of this node that was not read or consumed to <paramref name="extensions"/>, keyed by its
    /// pointer relative to the record (for example <c>/transportCall/otherFacility</c>).
    /// </summary>
    public void CollectUnmapped(IDictionary<string, JsonElement> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        if (!IsObject)
        {
            return;
        }

        // Every member was read (the common case): nothing to keep, and no need to compare names.
        if (_presentConsumed == Element.GetPropertyCount())
        {
            return;
        }

        foreach (var member in Element.EnumerateObject())
        {
            if (!IsConsumed(member))
            {
                var absolute = JsonPointer.Append(Pointer, member.Name);
                extensions[absolute[RecordPointer.Length..]] = member.Value.Clone();
            }
        }
    }

    /// <summary>Parses an RFC 3339 date-time that carries an explicit offset.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            t = text.IndexOf('t', StringComparison.Ordinal);
        }

        if (t < 10)
        {
            return false;
        }

        var tail = text.AsSpan(t);
        var hasOffset = tail.EndsWith("Z") || tail.EndsWith("z") || tail.LastIndexOfAny('+', '-') > 0;
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>The pointer of a member of this node (built only when needed: reading is a hot path).</summary>
    public string PathOf(string name) => JsonPointer.Append(Pointer, name);

    // Member names come from mapper code (a bounded set), so their UTF-8 forms are cached for the process: lookups and
    // comparisons then run on UTF-8 without transcoding the name every time (the mapping hot path; docs/performance.md).
    private static byte[] Utf8(string name) => Utf8Names.GetOrAdd(name, static n => System.Text.Encoding.UTF8.GetBytes(n));

    private void MarkConsumed(string name)
    {
        var utf8 = Utf8(name);
        if (AddConsumed(utf8) && IsObject && Element.TryGetProperty(utf8, out _))
        {
            _presentConsumed++;
        }
    }

    // Records a consumed name once (cached arrays: the same name is the same reference); false when already recorded.
    private bool AddConsumed(byte[] utf8)
    {
        foreach (var consumed in _consumed)
        {
            if (ReferenceEquals(consumed, utf8))
            {
                return false;
            }
        }

        _consumed.Add(utf8);
        return true;
    }

    private bool IsConsumed(JsonProperty member)
    {
        foreach (var consumed in _consumed)
        {
            if (member.NameEquals(consumed))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryMember(string name, bool required, out JsonElement value)
    {
        var utf8 = Utf8(name);
        var first = AddConsumed(utf8);
        if (IsObject && Element.TryGetProperty(utf8, out value))
        {
            if (first)
            {
                _presentConsumed++;
            }

            if (value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
        }

        value = default;
        if (required)
        {
            Issues.Error(PathOf(name), ValidationCodes.Required, "is required");
        }

        return false;
    }
}
