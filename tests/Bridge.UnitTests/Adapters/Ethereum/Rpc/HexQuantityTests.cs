using System.Globalization;
using System.Numerics;
using Bridge.Adapters.Ethereum.Rpc;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>
/// The quantity encoding, on the examples of ethereum.org "JSON-RPC API" (hex value encoding: 0x41 = 65,
/// 0x400 = 1024, 0x0 = 0; wrong: "0x", "0x0400", "ff") and on properties of strictness.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HexQuantityTests
{
    private static readonly Gen<ulong> AnyUInt64 = Gen.OneOf(
        Gen.Choose(0, 1000).Select(n => (ulong)n),
        Gen.Choose(0, 63).SelectMany(bits => Gen.Choose(0, int.MaxValue).Select(r => ((ulong)r * 2654435761UL) >> (63 - bits))),
        Gen.Elements(0UL, 1UL, 15UL, 16UL, 255UL, 256UL, ulong.MaxValue - 1, ulong.MaxValue));

    private static readonly Gen<BigInteger> AnyUInt256 = Gen.Choose(0, 32)
        .SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length))
        .Select(bytes => new BigInteger(bytes, isUnsigned: true, isBigEndian: true));

    private static readonly Gen<char> HexDigit = Gen.Elements("0123456789abcdefABCDEF".ToCharArray());

    [Theory]
    [InlineData("0x41", 65UL)]
    [InlineData("0x400", 1024UL)]
    [InlineData("0x0", 0UL)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    [InlineData("0xFF", 255UL)]
    [InlineData("0xaBc", 0xabcUL)]
    public void TryParseUInt64_SpecExample_GivesTheValue(string text, ulong expected)
    {
        HexQuantity.TryParseUInt64(text, out var value).ShouldBeTrue();
        value.ShouldBe(expected);
        HexQuantity.TryParseUInt256(text, out var big).ShouldBeTrue();
        big.ShouldBe(new BigInteger(expected));
    }

    [Theory]
    [InlineData("0x")] // no digits
    [InlineData("0x0400")] // leading zero
    [InlineData("0x00")]
    [InlineData("ff")] // no prefix
    [InlineData("0X41")] // the prefix is "0x"
    [InlineData("41")]
    [InlineData("")]
    [InlineData("0x4g")]
    [InlineData(" 0x41")]
    [InlineData("0x41 ")]
    [InlineData("-0x41")]
    [InlineData("0x10000000000000000")] // 2^64: too wide for 64 bits
    public void TryParseUInt64_Malformed_IsRejected(string text) =>
        HexQuantity.TryParseUInt64(text, out _).ShouldBeFalse();

    [Fact]
    public void TryParseUInt256_WidestWord_IsAcceptedAndOneMoreDigitIsNot()
    {
        var max = "0x" + new string('f', 64);
        HexQuantity.TryParseUInt256(max, out var value).ShouldBeTrue();
        value.ShouldBe((BigInteger.One << 256) - 1);
        HexQuantity.TryParseUInt256("0x1" + new string('0', 64), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0UL, "0x0")]
    [InlineData(65UL, "0x41")]
    [InlineData(1024UL, "0x400")]
    [InlineData(ulong.MaxValue, "0xffffffffffffffff")]
    public void Encode_SpecExample_GivesTheText(ulong value, string expected)
    {
        HexQuantity.Encode(value).ShouldBe(expected);
        HexQuantity.Encode(new BigInteger(value)).ShouldBe(expected);
    }

    [Fact]
    public void Encode_BigIntegerWithHighBitSet_HasNoSignNibble() =>
        HexQuantity.Encode(new BigInteger(0x80)).ShouldBe("0x80"); // BigInteger.ToString("x") would give "080"

    [Fact]
    public void Encode_NegativeOrWiderThan256Bits_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => HexQuantity.Encode(BigInteger.MinusOne));
        Should.Throw<ArgumentOutOfRangeException>(() => HexQuantity.Encode(BigInteger.One << 256));
    }

    [Fact]
    public void ParseOfEncode_AnyUInt64_GivesTheValueBackAndMatchesDecimalText() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(AnyUInt64), value =>
        {
            var text = HexQuantity.Encode(value);
            // Independent reference: the framework's hex formatting of the same value.
            return text == "0x" + value.ToString("x", CultureInfo.InvariantCulture)
                && HexQuantity.TryParseUInt64(text, out var back) && back == value
                && HexQuantity.TryParseUInt64(text.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), out var upper)
                && upper == value;
        }));

    [Fact]
    public void ParseOfEncode_AnyUInt256_GivesTheValueBack() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(AnyUInt256), value =>
        {
            var text = HexQuantity.Encode(value);
            return (text == "0x0" || text[2] != '0')
                && HexQuantity.TryParseUInt256(text, out var back) && back == value;
        }));

    [Fact]
    public void TryParse_LeadingZeroAdded_IsRejected() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(AnyUInt256), value =>
        {
            var padded = "0x0" + HexQuantity.Encode(value)[2..];
            return !HexQuantity.TryParseUInt256(padded, out _) && !HexQuantity.TryParseUInt64(padded, out _);
        }));

    [Fact]
    public void TryParse_AnyDigitString_AcceptedExactlyWhenCanonical()
    {
        // Random digit strings (either case, with or without leading zeros): accepted iff non-empty, at most 64
        // digits, and not starting with '0' unless it is exactly "0"; the value then equals the parsed reference.
        var digits = Gen.Choose(0, 70).SelectMany(n => Gen.ArrayOf(HexDigit, n)).Select(chars => new string(chars));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(digits), body =>
        {
            var canonical = body.Length is > 0 and <= 64 && (body.Length == 1 || body[0] != '0');
            var accepted = HexQuantity.TryParseUInt256("0x" + body, out var value);
            if (accepted != canonical)
            {
                return false;
            }

            return !accepted || value == BigInteger.Parse("0" + body, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }));
    }

    [Fact]
    public void TryParse_NonHexCharacterAnywhere_IsRejected()
    {
        var bad = Gen.Elements("gGxX -+_.z\u00e9\u0660".ToCharArray());
        var cases = Arb.From(AnyUInt256).Generator.SelectMany(value => bad.SelectMany(c =>
        {
            var text = HexQuantity.Encode(value);
            return Gen.Choose(2, text.Length).Select(at => text.Insert(at, c.ToString()));
        }));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(cases), text =>
            !HexQuantity.TryParseUInt256(text, out _) && !HexQuantity.TryParseUInt64(text, out _)));
    }
}
