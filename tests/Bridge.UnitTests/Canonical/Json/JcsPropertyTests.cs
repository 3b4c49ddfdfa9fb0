using System.Globalization;
using System.Text;
using Bridge.Canonical.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Json;

/// <summary>
/// Generated JSON trees, written out in different but equivalent ways (member order, whitespace, string escapes,
/// number spellings), must all canonicalize to the same bytes, and canonical text must be a fixed point.
/// </summary>
[Trait("Category", "Unit")]
public sealed class JcsPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Canonicalize_CanonicalText_IsFixedPoint()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(JsonTrees.Tree()), JsonTrees.Styles(), (tree, style) =>
        {
            byte[] once = Jcs.Canonicalize(Encoding.UTF8.GetBytes(JsonTrees.Write(tree, style)));
            return Jcs.Canonicalize(once).AsSpan().SequenceEqual(once);
        }));
    }

    [Fact]
    public void Canonicalize_EquivalentSpellings_GiveSameBytes()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(JsonTrees.Tree()), JsonTrees.Styles(), JsonTrees.Styles(), (tree, first, second) =>
            Jcs.Canonicalize(Encoding.UTF8.GetBytes(JsonTrees.Write(tree, first))).AsSpan()
                .SequenceEqual(Jcs.Canonicalize(Encoding.UTF8.GetBytes(JsonTrees.Write(tree, second))))));
    }

    [Fact]
    public void Canonicalize_AnyTree_EqualsReferenceSerializer()
    {
        // The oracle sorts with string.CompareOrdinal (UTF-16 code units) and writes no whitespace.
        Check.One(Runs, Prop.ForAll(Arb.From(JsonTrees.Tree()), JsonTrees.Styles(), (tree, style) =>
            Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes(JsonTrees.Write(tree, style))))
                == JsonTrees.Write(tree, JsonStyle.Canonical)));
    }

    [Fact]
    public void SafeJson_AcceptedTree_AlwaysCanonicalizes()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(JsonTrees.Tree()), JsonTrees.Styles(), (tree, style) =>
        {
            using SafeJsonResult result = SafeJson.Parse(Encoding.UTF8.GetBytes(JsonTrees.Write(tree, style)));
            return result.IsSuccess
                && Encoding.UTF8.GetString(Jcs.Canonicalize(result.Document.RootElement)) == JsonTrees.Write(tree, JsonStyle.Canonical);
        }));
    }
}

/// <summary>How a tree is spelled: member order seed, whitespace, escaping every character, exponent numbers.</summary>
internal sealed record JsonStyle(int OrderSeed, bool Spaces, bool EscapeAll, bool ExponentNumbers)
{
    public static JsonStyle Canonical { get; } = new(-1, false, false, false);
}

internal abstract record JsonTree;

internal sealed record JsonObject(IReadOnlyList<(string Name, JsonTree Value)> Members) : JsonTree;

internal sealed record JsonArray(IReadOnlyList<JsonTree> Items) : JsonTree;

internal sealed record JsonString(string Value) : JsonTree;

internal sealed record JsonNumber(double Value) : JsonTree;

internal sealed record JsonLiteral(string Text) : JsonTree;

internal static class JsonTrees
{
    // Characters that exercise escaping and UTF-16 ordering: controls, quote, backslash, slash, DEL,
    // Latin-1, BMP above the surrogates, private use, and a surrogate pair.
    private static readonly string[] Pieces =
    [
        "a", "b", "z", "A", "0", "1", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u0080",
        "é", "ö", "€", "\ufb33", "\ue000", "\uffee", "\ud83d\ude00", "\U0001F680",
    ];

    public static Gen<JsonTree> Tree() => Gen.Sized(size => Node(Math.Min(size, 40), 0));

    public static Arbitrary<JsonStyle> Styles() => Arb.From(
        from seed in Gen.Choose(0, 1000)
        from spaces in Gen.Elements(true, false)
        from escapeAll in Gen.Elements(true, false)
        from exponent in Gen.Elements(true, false)
        select new JsonStyle(seed, spaces, escapeAll, exponent));

    private static Gen<string> Text() =>
        Gen.ListOf(Gen.Elements(Pieces)).Select(static parts => string.Concat(parts.Take(12)));

    private static Gen<double> Number() => Gen.OneOf(
        Gen.Choose(-1_000_000, 1_000_000).Select(static i => (double)i),
        Gen.Choose(int.MinValue, int.MaxValue).SelectMany(
            static high => Gen.Choose(int.MinValue, int.MaxValue),
            static (high, low) => BitConverter.Int64BitsToDouble(((long)high << 32) | (uint)low)).Where(double.IsFinite),
        Gen.Elements(0.0, -0.0, 0.1, 1e21, 1e-7, 5e-324, double.MaxValue, 333333333.33333329));

    private static Gen<JsonTree> Leaf() => Gen.OneOf(
        Text().Select(static s => (JsonTree)new JsonString(s)),
        Number().Select(static d => (JsonTree)new JsonNumber(d)),
        Gen.Elements("true", "false", "null").Select(static t => (JsonTree)new JsonLiteral(t)));

    private static Gen<JsonTree> Node(int size, int depth)
    {
        if (size <= 1 || depth >= 6)
        {
            return Leaf();
        }

        Gen<JsonTree> child = Gen.Sized(_ => Node(size / 3, depth + 1));
        Gen<JsonTree> array = Gen.ListOf(child).Select(static items => (JsonTree)new JsonArray([.. items.Take(6)]));
        Gen<JsonTree> obj = Gen.ListOf(Gen.Zip(Text(), child)).Select(static members =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return (JsonTree)new JsonObject([.. members.Take(6).Where(m => seen.Add(m.Item1))]);
        });
        return Gen.Frequency((2, Leaf()), (1, array), (2, obj));
    }

    /// <summary>JSON text for <paramref name="tree"/>; <see cref="JsonStyle.Canonical"/> is the RFC 8785 reference form.</summary>
    public static string Write(JsonTree tree, JsonStyle style)
    {
        var text = new StringBuilder();
        Write(tree, style, text);
        return text.ToString();
    }

    private static void Write(JsonTree tree, JsonStyle style, StringBuilder text)
    {
        string gap = style.Spaces ? " \n\t " : "";
        switch (tree)
        {
            case JsonObject obj:
                IEnumerable<(string Name, JsonTree Value)> members = style.OrderSeed < 0
                    ? obj.Members.OrderBy(static m => m.Name, StringComparer.Ordinal)
                    : Shuffle(obj.Members, style.OrderSeed);
                text.Append('{').Append(gap);
                bool firstMember = true;
                foreach ((string name, JsonTree value) in members)
                {
                    text.Append(firstMember ? "" : "," + gap);
                    firstMember = false;
                    WriteString(name, style, text);
                    text.Append(gap).Append(':').Append(gap);
                    Write(value, style, text);
                }

                text.Append(gap).Append('}');
                break;

            case JsonArray array:
                text.Append('[').Append(gap);
                for (int i = 0; i < array.Items.Count; i++)
                {
                    text.Append(i == 0 ? "" : "," + gap);
                    Write(array.Items[i], style, text);
                }

                text.Append(gap).Append(']');
                break;

            case JsonString s:
                WriteString(s.Value, style, text);
                break;

            case JsonNumber n:
                text.Append(style.OrderSeed < 0
                    ? EcmaScript.FormatNumber(n.Value)
                    : n.Value.ToString(style.ExponentNumbers ? "E17" : "R", CultureInfo.InvariantCulture));
                break;

            case JsonLiteral literal:
                text.Append(literal.Text);
                break;

            default:
                throw new InvalidOperationException();
        }
    }

    private static void WriteString(string value, JsonStyle style, StringBuilder text)
    {
        if (!style.EscapeAll)
        {
            text.Append(EcmaScript.QuoteString(value));
            return;
        }

        text.Append('"');
        foreach (char c in value)
        {
            text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }

        text.Append('"');
    }

    private static IEnumerable<T> Shuffle<T>(IReadOnlyList<T> items, int seed)
    {
        T[] copy = [.. items];
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
