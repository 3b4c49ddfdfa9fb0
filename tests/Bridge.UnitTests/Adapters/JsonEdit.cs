using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridge.UnitTests.Adapters;

/// <summary>Builds test inputs by editing one value of a valid JSON sample, addressed by a JSON pointer.</summary>
internal static class JsonEdit
{
    /// <summary>
    /// Returns <paramref name="sample"/> with the value at <paramref name="pointer"/> replaced by
    /// <paramref name="json"/>, or removed when <paramref name="json"/> is null. A last token of <c>-</c>
    /// appends to an array.
    /// </summary>
    public static JsonElement With(JsonNode sample, string pointer, string? json)
    {
        var root = sample.DeepClone();
        var tokens = pointer.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var parent = root;
        foreach (var token in tokens[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : parent[token]!;
        }

        var last = tokens[^1];
        var value = json is null ? null : JsonNode.Parse(json);
        switch (parent)
        {
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array:
                var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
                if (json is null)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = value;
                }

                break;
            case JsonObject obj when json is null:
                obj.Remove(last).ShouldBeTrue($"the sample has no member at {pointer}");
                break;
            case JsonObject obj:
                obj[last] = value;
                break;
            default:
                throw new InvalidOperationException($"cannot edit {pointer}");
        }

        return JsonSerializer.SerializeToElement(root);
    }

    public static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
