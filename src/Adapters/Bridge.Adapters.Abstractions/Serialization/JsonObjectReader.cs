using System.Text.Json;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Serialization;

/// <summary>
/// Reads the members of one JSON object strictly, reporting every problem to a
/// <see cref="ValidationCollector"/> with the RFC 6901 pointer of the offending member instead of
/// stopping at the first one (which is what the serializer would do).
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;

    private JsonObjectReader(JsonElement element, string pointer, ValidationCollector issues)
    {
        _element = element;
        Pointer = pointer;
        Issues = issues;
    }

    public string Pointer { get; }

    public ValidationCollector Issues { get; }

    /// <summary>
    /// Opens <paramref name="element"/> as an object. Reports (and returns null for) a missing value or a
    /// non-object; reports duplicate members and, when <paramref name="knownMembers"/> is given, every member
    /// not in it.
    /// </summary>
    public static JsonObjectReader? Open(
        JsonElement element,
        string pointer,
        ValidationCollector issues,
        string description,
        IReadOnlyList<string>? knownMembers)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            issues.Error(pointer, ValidationCodes.Required, "is required");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "must be a JSON object");
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var path = JsonPointer.Append(pointer, member.Name);
            if (!seen.Add(member.Name))
            {
                issues.Error(path, ValidationCodes.Duplicate, "appears more than once in the object");
            }
            else if (knownMembers is not null && !knownMembers.Contains(member.Name, StringComparer.Ordinal))
            {
                issues.Error(
                    path,
                    TrustAnchorCodes.UnknownMember,
                    $"'{member.Name}' is not a member of {description}; expected: {string.Join(", ", knownMembers)}");
            }
        }

        return new JsonObjectReader(element, pointer, issues);
    }

    public string PointerOf(string name) => JsonPointer.Append(Pointer, name);

    /// <summary>Every member, in document order.</summary>
    public IEnumerable<JsonProperty> Members() => _element.EnumerateObject();

    /// <summary>A required member of any type (JSON null counts as missing).</summary>
    public JsonElement? Member(string name)
    {
        if (_element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        Issues.Error(PointerOf(name), ValidationCodes.Required, "is required");
        return null;
    }

    /// <summary>A required, non-blank string member.</summary>
    public string? String(string name)
    {
        if (Member(name) is not { } value)
        {
            return null;
        }

        return StringValue(value, PointerOf(name), Issues);
    }

    /// <summary>A required integer member.</summary>
    public long? Integer(string name)
    {
        if (Member(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        Issues.Error(PointerOf(name), ValidationCodes.InvalidFormat, "must be an integer");
        return null;
    }

    /// <summary>A required array member; with <paramref name="nonEmpty"/>, an empty array is reported as missing content.</summary>
    public JsonElement? Array(string name, bool nonEmpty, string emptyMessage = "must not be empty")
    {
        if (Member(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Issues.Error(PointerOf(name), ValidationCodes.InvalidFormat, "must be a JSON array");
            return null;
        }

        if (nonEmpty && value.GetArrayLength() == 0)
        {
            Issues.Error(PointerOf(name), ValidationCodes.Required, emptyMessage);
            return null;
        }

        return value;
    }

    /// <summary>Reads a non-blank string value at <paramref name="pointer"/>.</summary>
    public static string? StringValue(JsonElement value, string pointer, ValidationCollector issues)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "must be a string");
            return null;
        }

        var text = value.GetString();
        return issues.Required(pointer, text) ? text : null;
    }
}
