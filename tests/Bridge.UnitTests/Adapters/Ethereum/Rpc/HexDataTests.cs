using Bridge.Adapters.Ethereum.Rpc;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>
/// The unformatted-data encoding, on the examples of ethereum.org "JSON-RPC API" (valid: "0x41", "0x004200", "0x";
/// wrong: "0xf0f0f" odd digits, "004200" no prefix) and on round-trip properties.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HexDataTests
{
    private static readonly Gen<byte[]> AnyBytes = Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    [Theory]
    [InlineData("0x41", "41")]
    [InlineData("0x004200", "004200")]
    [InlineData("0x", "")]
    [InlineData("0xDEADbeef", "deadbeef")]
    public void TryDecode_SpecExample_GivesTheBytes(string text, string expectedHex)
    {
        HexData.TryDecode(text, out byte[] bytes).ShouldBeTrue();
        Convert.ToHexStringLower(bytes).ShouldBe(expectedHex);
    }

    [Theory]
    [InlineData("0xf0f0f")]
    [InlineData("004200")]
    [InlineData("0X41")]
    [InlineData("0x4g")]
    [InlineData("")]
    [InlineData("0")]
    public void TryDecode_Malformed_IsRejected(string text)
    {
        HexData.TryDecode(text, out byte[] bytes).ShouldBeFalse();
        bytes.ShouldBeEmpty();
    }

    [Fact]
    public void TryDecode_FixedLength_AcceptsOnlyThatLength()
    {
        Span<byte> hash = stackalloc byte[32];
        HexData.TryDecode("0x" + new string('a', 64), hash).ShouldBeTrue();
        hash[31].ShouldBe((byte)0xaa);
        HexData.TryDecode("0x" + new string('a', 62), hash).ShouldBeFalse();
        HexData.TryDecode("0x" + new string('a', 66), hash).ShouldBeFalse();
        HexData.IsValid("0x" + new string('A', 40), 20).ShouldBeTrue();
        HexData.IsValid("0x" + new string('A', 39) + "g", 20).ShouldBeFalse();
    }

    [Fact]
    public void DecodeOfEncode_AnyBytes_GivesTheBytesBackInEitherCase() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(AnyBytes), bytes =>
        {
            var text = HexData.Encode(bytes);
            var upper = "0x" + text[2..].ToUpperInvariant();
            return text == "0x" + Convert.ToHexStringLower(bytes)
                && HexData.TryDecode(text, out byte[] back) && back.AsSpan().SequenceEqual(bytes)
                && HexData.TryDecode(upper, out byte[] fromUpper) && fromUpper.AsSpan().SequenceEqual(bytes);
        }));

    [Fact]
    public void TryDecode_OneDigitRemoved_IsRejected() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(AnyBytes.Where(b => b.Length > 0)), bytes =>
        {
            var text = HexData.Encode(bytes);
            return !HexData.TryDecode(text.AsSpan(0, text.Length - 1), out byte[] _);
        }));
}
