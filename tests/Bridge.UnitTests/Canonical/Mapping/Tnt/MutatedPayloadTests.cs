using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.TradeLens;
using Bridge.Canonical.Mapping.Tnt;
using FsCheck;
using FsCheck.Fluent;
using static Bridge.UnitTests.Canonical.Mapping.Tnt.TntTestSupport;

namespace Bridge.UnitTests.Canonical.Mapping.Tnt;

/// <summary>
/// The conformance fixtures with one value replaced (or removed) at a random place: the TNT and TradeLens mappers never
/// throw, and every finding points into the payload (its parent exists there).
/// </summary>
[Trait("Category", "Unit")]
public sealed class MutatedPayloadTests
{
    private static readonly string[] Replacements = ["null", "\"\"", "\"string\"", "0", "-1.5e400", "true", "{}", "[]", "[{}]", "{\"a\":1}", "\"2021-01-09T14:12:56\""];

    public static TheoryData<string, string[]> Fixtures => new()
    {
        { SourceFormats.DcsaTnt22, ["dcsa", "tnt-2.2", "tnt-220-response.json"] },
        { SourceFormats.DcsaTnt30, ["dcsa", "tnt-3.0", "tnt-300-request-transport.json"] },
        { SourceFormats.DcsaTnt30, ["dcsa", "tnt-3.0", "tnt-300-request-equipment.json"] },
        { SourceFormats.TradeLens, ["tradelens", "tradelens-container-details.json"] },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Map_FixtureWithOneValueChanged_NeverThrowsAndPointsIntoThePayload(string format, string[] fixture)
    {
        ISourceMapper mapper = format switch
        {
            SourceFormats.DcsaTnt22 => new DcsaTnt22Mapper(),
            SourceFormats.DcsaTnt30 => new DcsaTnt30Mapper(),
            _ => new TradeLensMapper(),
        };
        var original = JsonNode.Parse(Conformance.Read(fixture))!;
        var paths = new List<string>();
        Collect(original, string.Empty, paths);
        var gen = from index in Gen.Choose(0, paths.Count - 1)
                  from replacement in Gen.Elements(Replacements.Append("REMOVE").ToArray())
                  select (Path: paths[index], Replacement: replacement);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(gen), change =>
        {
            var mutated = Mutate(original, change.Path, change.Replacement);
            var payload = Parse(mutated.ToJsonString());
            var result = mapper.Map(payload, Context);
            foreach (var issue in result.Validation.Issues)
            {
                ParentExists(payload, issue.Path).ShouldBeTrue($"{issue.Path} {issue.Code} after {change}");
            }
        }));
    }

    private static void Collect(JsonNode node, string pointer, List<string> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var path = pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    paths.Add(path);
                    if (child is not null)
                    {
                        Collect(child, path, paths);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var path = pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    paths.Add(path);
                    if (array[i] is { } child)
                    {
                        Collect(child, path, paths);
                    }
                }

                break;
        }
    }

    private static JsonNode Mutate(JsonNode original, string pointer, string replacement)
    {
        var copy = original.DeepClone();
        var tokens = pointer[1..].Split('/');
        var parent = copy;
        foreach (var token in tokens[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : parent[Unescape(token)]!;
        }

        var last = tokens[^1];
        if (parent is JsonArray array)
        {
            var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
            if (replacement == "REMOVE")
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = JsonNode.Parse(replacement);
            }
        }
        else if (replacement == "REMOVE")
        {
            parent.AsObject().Remove(Unescape(last));
        }
        else
        {
            parent[Unescape(last)] = JsonNode.Parse(replacement);
        }

        return copy;
    }

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    // The pointer's parent exists in the payload (the member itself may be the missing one a finding is about).
    private static bool ParentExists(JsonElement root, string pointer)
    {
        if (pointer.Length == 0)
        {
            return true;
        }

        var tokens = pointer[1..].Split('/');
        var current = root;
        foreach (var token in tokens[..^1])
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(Unescape(token), out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return false;
            }
        }

        return current.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
    }
}
