using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Model;

/// <summary>
/// The canonical JSON form of the model: camelCase members, nulls and empty collections omitted, times with their
/// offsets, unknown members and duplicate members refused. <see cref="ContentHashing"/> hashes this form with RFC 8785.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Serialiser options for the canonical model (source generated).</summary>
    public static JsonSerializerOptions SerializerOptions => Options;

    public static byte[] SerializeToUtf8Bytes(TradeDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, TypeInfo<TradeDocument>());

    public static byte[] SerializeToUtf8Bytes(LogisticsEvent logisticsEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(logisticsEvent, TypeInfo<LogisticsEvent>());

    public static byte[] SerializeToUtf8Bytes(Consignment consignment) =>
        JsonSerializer.SerializeToUtf8Bytes(consignment, TypeInfo<Consignment>());

    public static JsonElement SerializeToElement<T>(T value) => JsonSerializer.SerializeToElement(value, TypeInfo<T>());

    /// <summary>
    /// Reads a canonical object from an already safely parsed element (see <c>Json.SafeJson</c>). Shape errors (a
    /// missing required member, a wrong type, an unknown member, an unknown <c>docType</c>) become validation errors
    /// at the member's JSON pointer; nothing throws for bad input.
    /// </summary>
    public static T? Deserialize<T>(JsonElement element, string basePointer, ValidationCollector issues)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(issues);
        try
        {
            var value = element.Deserialize(TypeInfo<T>());
            if (value is null)
            {
                issues.Error(basePointer, ValidationCodes.Required, "must be a JSON object, not null");
            }

            return value;
        }
        catch (JsonException ex)
        {
            Report(ex.Message, basePointer + ToPointer(ex.Path), issues);
            return null;
        }
        catch (NotSupportedException ex)
        {
            // Thrown for a polymorphic object without its discriminator.
            Report(ex.Message, basePointer, issues);
            return null;
        }
    }

    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Converts a System.Text.Json path (<c>$.a.b[0]['c.d']</c>) into an RFC 6901 pointer (<c>/a/b/0/c.d</c>).</summary>
    internal static string ToPointer(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return string.Empty;
        }

        var pointer = string.Empty;
        var i = jsonPath[0] == '$' ? 1 : 0;
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] == '.')
            {
                var end = i + 1;
                while (end < jsonPath.Length && jsonPath[end] != '.' && jsonPath[end] != '[')
                {
                    end++;
                }

                pointer = JsonPointer.Append(pointer, jsonPath[(i + 1)..end]);
                i = end;
            }
            else if (jsonPath[i] == '[')
            {
                if (i + 1 < jsonPath.Length && jsonPath[i + 1] == '\'')
                {
                    var end = jsonPath.IndexOf("']", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? jsonPath.Length : end;
                    pointer = JsonPointer.Append(pointer, jsonPath[(i + 2)..end]);
                    i = Math.Min(jsonPath.Length, end + 2);
                }
                else
                {
                    var end = jsonPath.IndexOf(']', i);
                    end = end < 0 ? jsonPath.Length : end;
                    pointer = JsonPointer.Append(pointer, jsonPath[(i + 1)..end]);
                    i = Math.Min(jsonPath.Length, end + 1);
                }
            }
            else
            {
                i++;
            }
        }

        return pointer;
    }

    // System.Text.Json reports shape errors with messages that name CLR types; turn the ones a client can cause into
    // stable codes and plain messages (the exact messages are pinned by CanonicalJsonTests).
    private static void Report(string message, string pointer, ValidationCollector issues)
    {
        if (message.Contains("type discriminator", StringComparison.Ordinal))
        {
            var path = pointer.EndsWith("/docType", StringComparison.Ordinal) ? pointer : JsonPointer.Append(pointer, "docType");
            var code = message.Contains("unrecognized", StringComparison.Ordinal) ? ValidationCodes.UnknownValue : ValidationCodes.Required;
            issues.Error(path, code, "must be one of " + string.Join(", ", DocumentTypes.All));
        }
        else if (message.Contains("missing required properties including:", StringComparison.Ordinal))
        {
            var names = message[(message.IndexOf("including:", StringComparison.Ordinal) + 10)..];
            foreach (var part in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Trim('\'', '.', ' ');
                var cut = name.IndexOf('\'', StringComparison.Ordinal);
                issues.Error(JsonPointer.Append(pointer, cut >= 0 ? name[..cut] : name), ValidationCodes.Required, "is required");
            }
        }
        else if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            issues.Error(pointer, ValidationCodes.UnknownMember, "is not a member of the canonical model");
        }
        else if (message.Contains("doesn't allow null values", StringComparison.Ordinal))
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "must not be null");
        }
        else if (message.Contains("Duplicate property", StringComparison.Ordinal))
        {
            issues.Error(pointer, ValidationCodes.Duplicate, "appears more than once");
        }
        else
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "has the wrong JSON type or format");
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(CanonicalJsonContext.Default.Options)
        {
            TypeInfoResolver = CanonicalJsonContext.Default.WithAddedModifier(OmitEmptyCollections),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void OmitEmptyCollections(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        // Members in RFC 8785 order (UTF-16 code units of the names), so the JCS pass that hashes this form finds
        // objects already sorted (docs/performance.md).
        var sorted = typeInfo.Properties.OrderBy(static p => p.Name, StringComparer.Ordinal).ToArray();
        typeInfo.Properties.Clear();
        foreach (var property in sorted)
        {
            typeInfo.Properties.Add(property);
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, value) => value is not null and not ICollection { Count: 0 };
            }
        }
    }
}

/// <summary>Source-generated serialisation metadata for the canonical model.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TradeDocument))]
[JsonSerializable(typeof(LogisticsEvent))]
[JsonSerializable(typeof(Consignment))]
[JsonSerializable(typeof(IReadOnlyList<LogisticsEvent>))]
[JsonSerializable(typeof(IReadOnlyList<TradeDocument>))]
internal sealed partial class CanonicalJsonContext : JsonSerializerContext;
