using System.Globalization;
using System.Text.Json;

namespace Bridge.Canonical.OpenAttestation;

/// <summary>A failure inside the OpenAttestation helpers, turned into a result or verdict by the public API.</summary>
internal sealed record OaError(string Code, string Path, string Message);

/// <summary>One primitive of a document at its OpenAttestation path.</summary>
internal readonly record struct OaEntry(string Path, JsonElement Value);

/// <summary>
/// Flattening a JSON tree into (path, primitive) entries the way OpenAttestation does before hashing
/// (trade-standards.md §E.2 step 2, §E.4).
/// </summary>
internal static class OaFlatten
{
    /// <summary>
    /// v2 (flatley, src/shared/serialize/flatten.ts): keys joined with '.', array indices as decimal segments, the
    /// prefix only when it is non-empty (JavaScript's <c>prev ? prev + "." + key : key</c>); empty objects and arrays
    /// produce no entry; a key containing '.' is illegal; two members flattening to one path are refused.
    /// </summary>
    public static OaError? V2(JsonElement container, string prefix, List<OaEntry> entries, HashSet<string> seen)
    {
        if (container.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in container.EnumerateObject())
            {
                var path = prefix.Length > 0 ? prefix + "." + member.Name : member.Name;
                if (member.Name.Contains('.', StringComparison.Ordinal))
                {
                    return new OaError(OaCodes.IllegalKey, path, "OpenAttestation v2 keys must not contain '.'");
                }

                if (VisitV2(member.Value, path, entries, seen) is { } error)
                {
                    return error;
                }
            }
        }
        else if (container.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in container.EnumerateArray())
            {
                var segment = index.ToString(CultureInfo.InvariantCulture);
                var path = prefix.Length > 0 ? prefix + "." + segment : segment;
                if (VisitV2(item, path, entries, seen) is { } error)
                {
                    return error;
                }

                index++;
            }
        }

        return null;
    }

    /// <summary>
    /// v3 (src/3.0/traverseAndFlatten.ts): members as <c>path ? path + "." + key : key</c>, array items as
    /// <c>path[i]</c>; only strings, numbers, booleans and null are leaves (empty objects and arrays produce none);
    /// keys containing '.', '[' or ']' are illegal (src/3.0/salt.ts).
    /// </summary>
    public static OaError? V3(JsonElement node, string path, List<OaEntry> entries, HashSet<string> seen)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in node.EnumerateObject())
                {
                    var child = path.Length > 0 ? path + "." + member.Name : member.Name;
                    if (member.Name.AsSpan().IndexOfAny(".[]") >= 0)
                    {
                        return new OaError(OaCodes.IllegalKey, child, "OpenAttestation v3 keys must not contain '.', '[' or ']'");
                    }

                    if (V3(member.Value, child, entries, seen) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in node.EnumerateArray())
                {
                    if (V3(item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", entries, seen) is { } error)
                    {
                        return error;
                    }

                    index++;
                }

                return null;
            default:
                return Add(path, node, entries, seen);
        }
    }

    /// <summary>v2 flattening of one node at <paramref name="path"/>: a primitive is one entry, a container is flattened.</summary>
    public static OaError? VisitV2(JsonElement value, string path, List<OaEntry> entries, HashSet<string> seen) =>
        value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? V2(value, path, entries, seen)
            : Add(path, value, entries, seen);

    private static OaError? Add(string path, JsonElement value, List<OaEntry> entries, HashSet<string> seen)
    {
        if (!seen.Add(path))
        {
            return new OaError(OaCodes.DuplicatePath, path, "two members flatten to the same path");
        }

        entries.Add(new OaEntry(path, value));
        return null;
    }
}
