using System.Text;
using Bridge.Canonical.Json;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Json;

[Trait("Category", "Unit")]
public sealed class SafeJsonTests
{
    private static readonly string[] KnownCodes =
    [
        ValidationCodes.InvalidJson, ValidationCodes.InvalidUtf8, ValidationCodes.InvalidUnicode, ValidationCodes.TooDeep,
        ValidationCodes.StringTooLong, ValidationCodes.TooLarge, ValidationCodes.DuplicateMember, ValidationCodes.OutOfRange,
    ];

    [Fact]
    public void Parse_ValidInput_PassesThroughUnchanged()
    {
        const string input = """
            { "eventID": "3cecb101-7a1a-43a4-9d62-e88a131651e2", "eventType": "EQUIPMENT",
              "equipmentReference": "APZU4812090", "eventDateTime": "2021-01-09T14:12:56+01:00",
              "nested": [1, 2.5, -0, 1e3, true, false, null, {"é": "\u00e9\/"}] }
            """;

        using SafeJsonResult result = SafeJson.Parse(Encoding.UTF8.GetBytes(input));

        result.IsSuccess.ShouldBeTrue();
        result.Error.ShouldBeNull();
        result.Document.RootElement.GetRawText().ShouldBe(input.Trim());
        result.Document.RootElement.GetProperty("equipmentReference").GetString().ShouldBe("APZU4812090");
    }

    [Fact]
    public void Parse_Bom_IsSkippedAndCountedInOffsets()
    {
        byte[] ok = [0xEF, 0xBB, 0xBF, .. "[1]"u8];
        byte[] bad = [0xEF, 0xBB, 0xBF, .. "[1,]"u8];

        using SafeJsonResult accepted = SafeJson.Parse(ok);
        using SafeJsonResult refused = SafeJson.Parse(bad);

        accepted.IsSuccess.ShouldBeTrue();
        accepted.Document.RootElement.GetArrayLength().ShouldBe(1);
        refused.Error!.Code.ShouldBe(ValidationCodes.InvalidJson);
        refused.Error.ByteOffset.ShouldBe(6); // the ']' after the comma, counting the 3 BOM bytes
    }

    [Fact]
    public void Parse_TenThousandOpenBrackets_TooDeepAtLimit()
    {
        JsonInputError error = Refused(new string('[', 10_000));

        error.Code.ShouldBe(ValidationCodes.TooDeep);
        error.ByteOffset.ShouldBe(64);
        error.Path.ShouldBe(string.Concat(Enumerable.Repeat("/0", 64)));
    }

    [Fact]
    public void Parse_DepthAtLimit_AcceptedOneMoreRefused()
    {
        using SafeJsonResult atLimit = SafeJson.Parse(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64)));
        atLimit.IsSuccess.ShouldBeTrue();

        Refused(new string('[', 65) + new string(']', 65)).Code.ShouldBe(ValidationCodes.TooDeep);
        Refused("""{"a":{"b":[{}]}}""", new SafeJsonLimits { MaxDepth = 3 }).Path.ShouldBe("/a/b/0");
    }

    [Fact]
    public void Parse_TwentyMegabyteString_TooLargeByDefault()
    {
        byte[] input = TwentyMegabyteString();

        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.TooLarge);
        error.ByteOffset.ShouldBe(16 * 1024 * 1024);
    }

    [Fact]
    public void Parse_TwentyMegabyteStringUnderRaisedTotal_StringTooLong()
    {
        byte[] input = TwentyMegabyteString();

        JsonInputError error = Refused(input, new SafeJsonLimits { MaxTotalBytes = 32 * 1024 * 1024 });

        error.Code.ShouldBe(ValidationCodes.StringTooLong);
        error.Path.ShouldBe("/doc/0");
        error.ByteOffset.ShouldBe(8); // the string's opening quote
    }

    [Fact]
    public void Parse_StringAtLimit_AcceptedOneMoreRefused()
    {
        var limits = new SafeJsonLimits { MaxStringBytes = 10 };

        using SafeJsonResult atLimit = SafeJson.Parse(Encoding.UTF8.GetBytes("""{"k":"0123456789"}"""), limits);
        atLimit.IsSuccess.ShouldBeTrue();

        Refused("""{"k":"0123456789A"}""", limits).Code.ShouldBe(ValidationCodes.StringTooLong);
        JsonInputError longName = Refused("""{"a":{"0123456789A":1}}""", limits);
        longName.Code.ShouldBe(ValidationCodes.StringTooLong);
        longName.Path.ShouldBe("/a");
    }

    [Fact]
    public void Parse_InputOverTotal_TooLarge()
    {
        Refused("[1,2,3]", new SafeJsonLimits { MaxTotalBytes = 6 }).Code.ShouldBe(ValidationCodes.TooLarge);
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "/a", 7)]
    [InlineData("""{"a":1,"b":{"x":1,"y":2,"x":3}}""", "/b/x", 24)]
    [InlineData("""[0,{"k":[{"id":1,"id":1}]}]""", "/1/k/0/id", 17)]
    [InlineData("""{"a":1,"\u0061":2}""", "/a", 7)]
    [InlineData("""{"a/b":{"~":1,"~":2}}""", "/a~1b/~0", 14)]
    public void Parse_DuplicateMember_ReportsPathAndOffset(string input, string path, long offset)
    {
        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.DuplicateMember);
        error.Path.ShouldBe(path);
        error.ByteOffset.ShouldBe(offset);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]        // a lead byte followed by a non-continuation
    [InlineData(new byte[] { 0xFF })]              // never valid in UTF-8
    [InlineData(new byte[] { 0xC0, 0xAF })]        // overlong encoding of '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]  // UTF-8 encoded surrogate U+D800
    public void Parse_InvalidUtf8InString_RefusedWithOffsetAndPath(byte[] bad)
    {
        byte[] input = [.. """{"ok":"x","name":["a","b"""u8, .. bad, .. "\"]}"u8];

        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.InvalidUtf8);
        error.ByteOffset.ShouldBe(24); // the first bad byte
        error.Path.ShouldBe("/name/1");
    }

    [Fact]
    public void Parse_InvalidUtf8OutsideString_RefusedAsUtf8()
    {
        Refused([(byte)'[', 0xFF, (byte)']']).Code.ShouldBe(ValidationCodes.InvalidUtf8);
    }

    [Theory]
    [InlineData("""{"a":[1,2""")]
    [InlineData("""{"a":""")]
    [InlineData("""["abc""")]
    [InlineData("""{"a":tru""")]
    [InlineData("""{"a":1} x""")]
    [InlineData("""{"a":1}{}""")]
    [InlineData("""/* comment */ {"a":1}""")]
    [InlineData("{\"a\":1 // comment\n}")]
    [InlineData("""[1,2,]""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{'a':1}""")]
    [InlineData("""[NaN]""")]
    [InlineData("""[01]""")]
    [InlineData("\"tab\there\"")]
    public void Parse_Malformed_InvalidJson(string input)
    {
        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.InvalidJson);
        error.Message.ShouldContain("line 1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Parse_Empty_InvalidJson(string input)
    {
        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.InvalidJson);
        error.Message.ShouldContain("empty");
    }

    [Fact]
    public void Parse_SyntaxErrorOnLaterLine_OffsetCountsLines()
    {
        JsonInputError error = Refused("{\n  \"a\": [1,\n  ]\n}");

        error.Code.ShouldBe(ValidationCodes.InvalidJson);
        error.Message.ShouldContain("line 3");
        error.ByteOffset.ShouldBe(15);
        error.Path.ShouldBe("/a/0");
    }

    [Theory]
    [InlineData("""["\ud800"]""", "/0")]
    [InlineData("""{"k":"x\udc00"}""", "/k")]
    [InlineData("""{"k":"\ud83d\u0041"}""", "/k")]
    [InlineData("""{"a":{"\ude00":1}}""", "/a")]
    public void Parse_LoneSurrogateEscape_InvalidUnicode(string input, string path)
    {
        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.InvalidUnicode);
        error.Path.ShouldBe(path);
    }

    [Theory]
    [InlineData("""["\ud83d\ude00", "\\ud800"]""")] // a real pair, and an escaped backslash before "ud800"
    [InlineData("""[1e308, -1e-400, 123456789012345678901234567890]""")]
    public void Parse_EdgeButValid_Accepted(string input)
    {
        using SafeJsonResult result = SafeJson.Parse(Encoding.UTF8.GetBytes(input));

        result.IsSuccess.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"n":1e400}""", "/n")]
    [InlineData("""[-1.5E+309]""", "/0")]
    public void Parse_NumberBeyondDouble_OutOfRange(string input, string path)
    {
        JsonInputError error = Refused(input);

        error.Code.ShouldBe(ValidationCodes.OutOfRange);
        error.Path.ShouldBe(path);
    }

    [Fact]
    public void Parse_Error_ConvertsToValidationIssue()
    {
        ValidationIssue issue = Refused("""{"a":1,"a":2}""").ToIssue();

        issue.ShouldBe(new ValidationIssue("/a", ValidationCodes.DuplicateMember, issue.Message, IssueSeverity.Error));
    }

    [Fact]
    public void Parse_NonPositiveLimit_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SafeJson.Parse("1"u8.ToArray(), new SafeJsonLimits { MaxDepth = 0 }));
        Should.Throw<ArgumentOutOfRangeException>(() => SafeJson.Parse("1"u8.ToArray(), new SafeJsonLimits { MaxStringBytes = -1 }));
        Should.Throw<ArgumentOutOfRangeException>(() => SafeJson.Parse("1"u8.ToArray(), new SafeJsonLimits { MaxTotalBytes = 0 }));
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen<byte[]> noise = Gen.ArrayOf(Gen.Elements("{}[]\":,0123456789.eE+-truefalsn \\u/\n\u00e9x"u8.ToArray().Append((byte)0xFF).ToArray()));

        Prop.ForAll(Arb.From(noise), bytes =>
        {
            using SafeJsonResult result = SafeJson.Parse(bytes);
            return result.IsSuccess || KnownCodes.Contains(result.Error.Code);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_MutatedValidJson_NeverThrows()
    {
        byte[] valid = """{"a":[1,2,{"b":"c\u00e9"}],"d":{"e":null,"f":true}}"""u8.ToArray();
        Gen<(int Position, byte Value, bool Delete)> mutations = Gen.Zip(
            Gen.Choose(0, valid.Length - 1),
            Gen.Zip(Gen.Choose(0, 255).Select(static b => (byte)b), Gen.Elements(true, false)),
            static (position, change) => (position, change.Item1, change.Item2));

        Prop.ForAll(Arb.From(Gen.ArrayOf(mutations, 3)), changes =>
        {
            List<byte> bytes = [.. valid];
            foreach ((int position, byte value, bool delete) in changes)
            {
                int at = Math.Min(position, bytes.Count - 1);
                if (delete)
                {
                    bytes.RemoveAt(at);
                }
                else
                {
                    bytes[at] = value;
                }
            }

            using SafeJsonResult result = SafeJson.Parse(bytes.ToArray());
            return result.IsSuccess || KnownCodes.Contains(result.Error.Code);
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] TwentyMegabyteString()
    {
        const int length = 20 * 1024 * 1024;
        byte[] input = new byte[length + 14];
        "{\"doc\":[\""u8.CopyTo(input);
        input.AsSpan(9, length).Fill((byte)'x');
        "\"]}"u8.CopyTo(input.AsSpan(9 + length));
        return input[..(9 + length + 3)];
    }

    private static JsonInputError Refused(string json, SafeJsonLimits? limits = null) => Refused(Encoding.UTF8.GetBytes(json), limits);

    private static JsonInputError Refused(byte[] json, SafeJsonLimits? limits = null)
    {
        using SafeJsonResult result = SafeJson.Parse(json, limits);
        result.IsSuccess.ShouldBeFalse();
        result.Document.ShouldBeNull();
        return result.Error;
    }
}
