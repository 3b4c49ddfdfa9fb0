using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Disclosure;

/// <summary>
/// FsCheck generators of JSON object documents as text, for the disclosure and OpenAttestation property tests.
/// Member names never contain '.', '[' or ']' (OpenAttestation forbids them) and are never all digits (so a
/// rebuilt disclosure cannot confuse an object with an array); they do exercise '/', '~', quotes, escapes and
/// non-ASCII text.
/// </summary>
internal static class GeneratedJson
{
    private static readonly string[] Names = ["a", "b", "name", "x/y", "t~1", "~", "\"q\"", "ü", "日本", "k\\", "sp ace", "", "0a"];

    private static readonly string[] Strings =
        ["", "text", "with \"quote\"", "back\\slash", "line\nbreak", "tab\t", "\u0001ctl", "é ü", "😀", "</script>", "a:b:c", "null", "1e3"];

    private static readonly double[] Numbers = [0, -0.0, 1, -1, 42, 0.1, 1.5e-7, 123456789012, 1e21, 1e-7, -3.25, 9007199254740993, 5e-324, 1.7976931348623157e308];

    /// <summary>A JSON object with up to five members and nesting up to depth 3 (text, compact).</summary>
    /// <param name="emptyNames">Whether "" may be a member name. OpenAttestation v2 joins paths only after a
    /// non-empty prefix, so {"": {"a": 1}, "a": 2} flattens twice to "a"; its tests leave "" out.</param>
    public static Gen<string> Object(bool emptyNames = true) => ObjectOf(3, emptyNames ? Names : [.. Names.Where(static n => n.Length > 0)]);

    /// <summary>Parses generated text into an element that outlives its document.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static Gen<string> ObjectOf(int depth, string[] allowed) =>
        Gen.Choose(0, 5).SelectMany(count =>
            Gen.Shuffle(allowed).Select(names => names.Take(count).ToArray())
                .SelectMany(names => Gen.ArrayOf(Value(depth - 1, allowed), names.Length)
                    .Select(values => "{" + string.Join(",", names.Zip(values, (n, v) => Quote(n) + ":" + v)) + "}")));

    private static Gen<string> ArrayOf(int depth, string[] allowed) =>
        Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Value(depth - 1, allowed), count))
            .Select(items => "[" + string.Join(",", items) + "]");

    private static Gen<string> Value(int depth, string[] allowed)
    {
        var primitive = Gen.OneOf(
            Gen.Elements(Strings).Select(Quote),
            Gen.Elements(Numbers).Select(static n => n.ToString("R", CultureInfo.InvariantCulture)),
            Gen.Choose(-1000, 1000).Select(static n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Elements("true", "false", "null"));
        return depth <= 0
            ? primitive
            : Gen.Frequency((4, primitive), (1, ObjectOf(depth, allowed)), (1, ArrayOf(depth, allowed)));
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
