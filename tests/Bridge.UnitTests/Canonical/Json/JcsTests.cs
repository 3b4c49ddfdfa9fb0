using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Json;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Json;

[Trait("Category", "Unit")]
public sealed class JcsTests
{
    // RFC 8785 §3.2.2: the sample input object.
    private const string Rfc8785Sample = """
        {
          "numbers": [333333333.33333329, 1E30, 4.50,
                      2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }
        """;

    // RFC 8785 §3.2.4: the canonical bytes of that sample, in hexadecimal.
    private const string Rfc8785SampleCanonicalHex =
        "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72" +
        "75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a" +
        "5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31" +
        "65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37" +
        "5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30" +
        "30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d";

    private static byte[] Rfc8785SampleCanonical => Convert.FromHexString(Rfc8785SampleCanonicalHex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Canonicalize_Rfc8785Sample_MatchesSection324Bytes()
    {
        Jcs.Canonicalize(Encoding.UTF8.GetBytes(Rfc8785Sample)).ShouldBe(Rfc8785SampleCanonical);
    }

    [Fact]
    public void Canonicalize_Rfc8785SampleElement_MatchesSection324Bytes()
    {
        using var document = JsonDocument.Parse(Rfc8785Sample);

        Jcs.Canonicalize(document.RootElement).ShouldBe(Rfc8785SampleCanonical);
    }

    [Fact]
    public void Canonicalize_Rfc8785SortingSample_OrdersAsSection323()
    {
        // RFC 8785 §3.2.3 sorting test data and its expected order of values.
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        string canonical = Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes(input)));

        using var document = JsonDocument.Parse(canonical);
        document.RootElement.EnumerateObject().Select(static p => p.Value.GetString()).ShouldBe(
        [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh",
        ]);
        canonical.ShouldStartWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"");
    }

    [Fact]
    public void Canonicalize_AppendixEObject_MatchesRfcOutput()
    {
        // RFC 8785 Appendix E: the sample object and what the canonicalizer returns for it.
        const string input = """{ "time": "2019-01-28T07:45:10Z", "big": "055", "val": 3.5 }""";

        Canonical(input).ShouldBe("""{"big":"055","time":"2019-01-28T07:45:10Z","val":3.5}""");
    }

    [Fact]
    public void Canonicalize_AppendixCAddress_SortsAsRfcSays()
    {
        // RFC 8785 Appendix C: properties come out as "address", "city", "name", "state", "zip".
        const string input = """
            {
              "name": "John Doe",
              "address": "2000 Sunset Boulevard",
              "city": "Los Angeles",
              "zip": "90001",
              "state": "CA"
            }
            """;

        Canonical(input).ShouldBe("""{"address":"2000 Sunset Boulevard","city":"Los Angeles","name":"John Doe","state":"CA","zip":"90001"}""");
    }

    [Theory]
    [MemberData(nameof(EcmaScriptTests.AppendixB), MemberType = typeof(EcmaScriptTests))]
    public void Canonicalize_AppendixBNumber_MatchesTable(string ieee754, string expected)
    {
        double value = BitConverter.UInt64BitsToDouble(ulong.Parse(ieee754, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Canonical("[" + value.ToString("R", CultureInfo.InvariantCulture) + "]").ShouldBe("[" + expected + "]");
    }

    [Theory]
    [InlineData("""  [ 1 , 2 ]  """, "[1,2]")]
    [InlineData("""{"b":{"d":1,"c":2},"a":[{"z":0,"y":-0}]}""", """{"a":[{"y":0,"z":0}],"b":{"c":2,"d":1}}""")]
    [InlineData("""{"a":"\u0041\/\u00e9"}""", """{"a":"A/é"}""")]
    [InlineData("""{"\u0062":1,"a":2}""", """{"a":2,"b":1}""")]
    [InlineData("""{"\n":1}""", """{"\n":1}""")]
    [InlineData("""["\u007f","\u001F"]""", "[\"\u007f\",\"\\u001f\"]")]
    [InlineData("""[123456789012345, -123456789012345, 1234567890123456, 10.0, 1e2, -0.0]""", "[123456789012345,-123456789012345,1234567890123456,10,100,0]")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("{}", "{}")]
    [InlineData("[]", "[]")]
    public void Canonicalize_Input_GivesCanonicalText(string input, string expected)
    {
        Canonical(input).ShouldBe(expected);
    }

    [Fact]
    public void Canonicalize_ManyMembers_SortsAsUtf16Ordinal()
    {
        // string.CompareOrdinal compares UTF-16 code units: an independent oracle for RFC 8785 §3.2.3.
        string[] names = Enumerable.Range(0, 300)
            .Select(static i => (i % 5) switch
            {
                0 => "k" + i.ToString(CultureInfo.InvariantCulture),
                1 => "\ud83d\ude00" + i.ToString(CultureInfo.InvariantCulture),
                2 => "\uffee" + i.ToString(CultureInfo.InvariantCulture),
                3 => "\u00e9" + i.ToString(CultureInfo.InvariantCulture),
                _ => "\U0001F600\uE000" + i.ToString(CultureInfo.InvariantCulture),
            })
            .ToArray();
        string input = "{" + string.Join(",", names.Reverse().Select(static n => EcmaScript.QuoteString(n) + ":1")) + "}";
        string[] expected = [.. names.OrderBy(static n => n, StringComparer.Ordinal)];

        using var document = JsonDocument.Parse(Canonical(input));

        document.RootElement.EnumerateObject().Select(static p => p.Name).ShouldBe(expected);
    }

    [Fact]
    public void Canonicalize_SupplementaryVersusPrivateUse_Utf16OrderNotCodePointOrder()
    {
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000 although its code point is larger.
        Canonical("""{"\ue000":1,"\ud83d\ude00":2}""").ShouldBe("{\"\ud83d\ude00\":2,\"\ue000\":1}");
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    [InlineData("""{"x":{"b":1,"c":2,"b":3}}""")]
    public void TryCanonicalize_DuplicateMember_Refuses(string input)
    {
        Refusal(input).Code.ShouldBe(ValidationCodes.DuplicateMember);
        Should.Throw<ArgumentException>(() => Jcs.Canonicalize(Encoding.UTF8.GetBytes(input)));
    }

    [Theory]
    [InlineData("1e400", "out-of-range")]
    [InlineData("[-1E309]", "out-of-range")]
    [InlineData("\"\\ud800\"", "invalid-unicode")]
    [InlineData("{\"\\udc00\":1}", "invalid-unicode")]
    [InlineData("[1,]", "invalid-json")]
    [InlineData("/* c */ 1", "invalid-json")]
    [InlineData("{} {}", "invalid-json")]
    [InlineData("", "invalid-json")]
    [InlineData("{\"a\":", "invalid-json")]
    [InlineData("NaN", "invalid-json")]
    public void TryCanonicalize_NotIJson_RefusesWithCode(string input, string code)
    {
        Refusal(input).Code.ShouldBe(code);
    }

    [Fact]
    public void TryCanonicalize_InvalidUtf8_RefusesWithOffset()
    {
        byte[] input = [(byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']'];

        JsonInputError error = Refusal(input);

        error.Code.ShouldBe(ValidationCodes.InvalidUtf8);
        error.ByteOffset.ShouldBe(2);
    }

    [Fact]
    public void Canonicalize_UnderflowingNumber_BecomesZero()
    {
        Canonical("[1e-400]").ShouldBe("[0]");
    }

    [Fact]
    public void Canonicalize_512Levels_Accepted513Refused()
    {
        Canonical(new string('[', 512) + new string(']', 512)).Length.ShouldBe(1024);
        Refusal(new string('[', 513) + new string(']', 513)).Code.ShouldBe(ValidationCodes.TooDeep);
    }

    [Fact]
    public void Canonicalize_ElementFromLenientDocument_IgnoresComments()
    {
        using var document = JsonDocument.Parse("""{"b":1, /* note */ "a":[1,2,],}""", new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

        Encoding.UTF8.GetString(Jcs.Canonicalize(document.RootElement)).ShouldBe("""{"a":[1,2],"b":1}""");
    }

    [Fact]
    public void Canonicalize_NestedElement_CanonicalizesThatValueOnly()
    {
        using var document = JsonDocument.Parse("""{"outer":{"z":1,"a":[true]}}""");

        Encoding.UTF8.GetString(Jcs.Canonicalize(document.RootElement.GetProperty("outer"))).ShouldBe("""{"a":[true],"z":1}""");
    }

    [Fact]
    public void Canonicalize_DefaultElement_Throws()
    {
        Should.Throw<ArgumentException>(() => Jcs.Canonicalize(default(JsonElement)));
    }

    [Fact]
    public void Canonicalize_BufferWriter_AppendsSameBytes()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write("prefix:"u8);

        Jcs.Canonicalize(Encoding.UTF8.GetBytes(Rfc8785Sample), output);

        output.WrittenSpan[7..].ToArray().ShouldBe(Rfc8785SampleCanonical);
    }

    [Fact]
    public void Canonicalize_LargeStringsAndDeepObjects_RoundTrip()
    {
        string big = new('x', 200_000);
        string input = "{\"s\":\"" + big + "\\n\",\"o\":" + string.Concat(Enumerable.Repeat("{\"k\":", 100)) + "1" + new string('}', 100) + "}";

        string canonical = Canonical(input);

        canonical.ShouldStartWith("{\"o\":{\"k\":{");
        canonical.ShouldEndWith(big + "\\n\"}");
        Canonical(canonical).ShouldBe(canonical);
    }

    private static string Canonical(string json) => Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes(json)));

    private static JsonInputError Refusal(string json) => Refusal(Encoding.UTF8.GetBytes(json));

    private static JsonInputError Refusal(byte[] json)
    {
        Jcs.TryCanonicalize(json, new ArrayBufferWriter<byte>(), out JsonInputError? error).ShouldBeFalse();
        return error!;
    }
}
