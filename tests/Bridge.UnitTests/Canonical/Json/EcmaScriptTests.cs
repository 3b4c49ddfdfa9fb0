using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bridge.Canonical.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Json;

[Trait("Category", "Unit")]
public sealed partial class EcmaScriptTests
{
    // RFC 8785 Appendix B, Table 1 "ECMAScript-Compatible JSON Number Serialization Samples":
    // IEEE 754 bits -> JSON representation.
    public static TheoryData<string, string> AppendixB => new()
    {
        { "0000000000000000", "0" },
        { "8000000000000000", "0" },
        { "0000000000000001", "5e-324" },
        { "8000000000000001", "-5e-324" },
        { "7fefffffffffffff", "1.7976931348623157e+308" },
        { "ffefffffffffffff", "-1.7976931348623157e+308" },
        { "4340000000000000", "9007199254740992" },
        { "c340000000000000", "-9007199254740992" },
        { "4430000000000000", "295147905179352830000" },
        { "44b52d02c7e14af5", "9.999999999999997e+22" },
        { "44b52d02c7e14af6", "1e+23" },
        { "44b52d02c7e14af7", "1.0000000000000001e+23" },
        { "444b1ae4d6e2ef4e", "999999999999999700000" },
        { "444b1ae4d6e2ef4f", "999999999999999900000" },
        { "444b1ae4d6e2ef50", "1e+21" },
        { "3eb0c6f7a0b5ed8c", "9.999999999999997e-7" },
        { "3eb0c6f7a0b5ed8d", "0.000001" },
        { "41b3de4355555553", "333333333.3333332" },
        { "41b3de4355555554", "333333333.33333325" },
        { "41b3de4355555555", "333333333.3333333" },
        { "41b3de4355555556", "333333333.3333334" },
        { "41b3de4355555557", "333333333.33333343" },
        { "becbf647612f3696", "-0.0000033333333333333333" },
        { "43143ff3c1cb0959", "1424953923781206.2" }, // round to even (Appendix B note 4)
    };

    // Number literals from the RFC 8785 §3.2.2 sample and its §3.2.3 output, plus the layout boundaries of
    // ECMA-262 Number::toString (decimal for 1e-7 < |x| < 1e21) and well-known JavaScript results.
    public static TheoryData<string, string> Literals => new()
    {
        { "333333333.33333329", "333333333.3333333" },
        { "1E30", "1e+30" },
        { "4.50", "4.5" },
        { "2e-3", "0.002" },
        { "0.000000000000000000000000001", "1e-27" },
        { "1e21", "1e+21" },
        { "1e20", "100000000000000000000" },
        { "1e-7", "1e-7" },
        { "1.5e-7", "1.5e-7" },
        { "0.000001", "0.000001" },
        { "1e-6", "0.000001" },
        { "123e-20", "1.23e-18" },
        { "-1.5", "-1.5" },
        { "100", "100" },
        { "1.0", "1" },
        { "-0", "0" },
        { "0.1", "0.1" },
        { "123456789012345680000", "123456789012345680000" },
        { "9007199254740993", "9007199254740992" },
        { "1e+100", "1e+100" },
        { "12345.678e-3", "12.345678" },
    };

    [Theory]
    [MemberData(nameof(AppendixB))]
    public void FormatNumber_Rfc8785AppendixB_MatchesTable(string ieee754, string expected)
    {
        double value = BitConverter.UInt64BitsToDouble(ulong.Parse(ieee754, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        EcmaScript.FormatNumber(value).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Literals))]
    public void FormatNumber_ParsedLiteral_MatchesJavaScript(string literal, string expected)
    {
        EcmaScript.FormatNumber(double.Parse(literal, CultureInfo.InvariantCulture)).ShouldBe(expected);
    }

    [Fact]
    public void FormatNumber_SumOfTenthAndFifth_MatchesJavaScript()
    {
        EcmaScript.FormatNumber(0.1 + 0.2).ShouldBe("0.30000000000000004");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FormatNumber_NotFinite_Throws(double value)
    {
        Should.Throw<ArgumentException>(() => EcmaScript.FormatNumber(value));
    }

    [Fact]
    public void TryFormatNumber_DestinationTooSmall_ReturnsFalse()
    {
        Span<byte> small = stackalloc byte[4];

        EcmaScript.TryFormatNumber(12345, small, out int written).ShouldBeFalse();
        written.ShouldBe(0);
    }

    [Fact]
    public void WriteNumber_AppendsUtf8()
    {
        var output = new ArrayBufferWriter<byte>();

        EcmaScript.WriteNumber(output, 1e21);

        Encoding.UTF8.GetString(output.WrittenSpan).ShouldBe("1e+21");
    }

    // Property: for any finite double (from random bits), the text (a) reads back as the same double, and
    // (b) has the shape ECMA-262 Number::toString produces.
    [Fact]
    public void FormatNumber_AnyFiniteDouble_RoundTripsInJavaScriptShape()
    {
        Gen<double> doubles = Gen.Choose(int.MinValue, int.MaxValue)
            .SelectMany(high => Gen.Choose(int.MinValue, int.MaxValue), (high, low) => BitConverter.Int64BitsToDouble(((long)high << 32) | (uint)low))
            .Where(double.IsFinite);

        Prop.ForAll(Arb.From(doubles), value =>
        {
            string text = EcmaScript.FormatNumber(value);
            return double.Parse(text, CultureInfo.InvariantCulture) == value && NumberShape().IsMatch(text);
        }).QuickCheckThrowOnFailure();
    }

    // JSON.stringify (ECMA-262 §25.5.2.3 QuoteJSONString): only '"', '\\' and U+0000..U+001F are escaped.
    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("plain", "\"plain\"")]
    [InlineData("\"", "\"\\\"\"")]
    [InlineData("\\", "\"\\\\\"")]
    [InlineData("/", "\"/\"")]
    [InlineData("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\u0000\u0001\u001f", "\"\\u0000\\u0001\\u001f\"")]
    [InlineData("\u000b\u000e", "\"\\u000b\\u000e\"")]
    [InlineData("\u007f\u0080", "\"\u007f\u0080\"")]
    [InlineData("é€\ufb33", "\"é€\ufb33\"")]
    [InlineData("\ud83d\ude00", "\"\ud83d\ude00\"")]
    [InlineData("\u20ac$\u000f\nA'B\"\\\\\"/", "\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"")] // RFC 8785 §3.2.2 "string" and its §3.2.3 output
    public void QuoteString_Input_MatchesJsonStringify(string value, string expected)
    {
        EcmaScript.QuoteString(value).ShouldBe(expected);

        var fromChars = new ArrayBufferWriter<byte>();
        EcmaScript.WriteString(fromChars, value);
        Encoding.UTF8.GetString(fromChars.WrittenSpan).ShouldBe(expected);

        var fromUtf8 = new ArrayBufferWriter<byte>();
        EcmaScript.WriteString(fromUtf8, Encoding.UTF8.GetBytes(value));
        Encoding.UTF8.GetString(fromUtf8.WrittenSpan).ShouldBe(expected);
    }

    // char[] because attribute strings are stored as UTF-8, which cannot carry a lone surrogate.
    [Theory]
    [InlineData(new[] { '\ud800' })]
    [InlineData(new[] { 'a', '\udc00', 'b' })]
    [InlineData(new[] { '\ude00', '\ud83d' })]
    [InlineData(new[] { 'x', '\ud83d' })]
    public void QuoteString_LoneSurrogate_Throws(char[] chars)
    {
        string value = new(chars);

        Should.Throw<ArgumentException>(() => EcmaScript.QuoteString(value));
        Should.Throw<ArgumentException>(() => EcmaScript.WriteString(new ArrayBufferWriter<byte>(), value.AsSpan()));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void WriteString_InvalidUtf8_Throws(byte[] value)
    {
        Should.Throw<ArgumentException>(() => EcmaScript.WriteString(new ArrayBufferWriter<byte>(), value.AsSpan()));
    }

    [Fact]
    public void WriteString_LongText_EqualsQuoteString()
    {
        string value = string.Concat(Enumerable.Repeat("ab\"c\u00e9\ud83d\ude00\n", 2000));
        var output = new ArrayBufferWriter<byte>();

        EcmaScript.WriteString(output, value);

        Encoding.UTF8.GetString(output.WrittenSpan).ShouldBe(EcmaScript.QuoteString(value));
    }

    // ECMA-262 Number::toString outputs: integer digits, or digits with a point, or 0.000ddd, or d[.ddd]e±x.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*|[0-9]+\.[0-9]*[1-9]|0\.0*[1-9][0-9]*|[1-9](\.[0-9]*[1-9])?e[+-][1-9][0-9]*)$")]
    private static partial Regex NumberShape();
}
