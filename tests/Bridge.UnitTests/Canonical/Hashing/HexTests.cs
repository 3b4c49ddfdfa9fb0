using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Canonical.Hashing;

[Trait("Category", "Unit")]
public sealed class HexTests
{
    [Fact]
    public void Encode_Bytes_LowercaseWithoutPrefix()
    {
        Hex.Encode([0x00, 0xAB, 0xff, 0x10]).ShouldBe("00abff10");
        Hex.Encode0x([0xDE, 0xAD]).ShouldBe("0xdead");
        Hex.Encode([]).ShouldBe("");
    }

    [Theory]
    [InlineData("00abff10")]
    [InlineData("00ABFF10")]
    [InlineData("0x00abFF10")]
    [InlineData("0X00ABff10")]
    public void TryDecode_WithOrWithoutPrefix_Decodes(string hex)
    {
        Hex.TryDecode(hex, out byte[] bytes).ShouldBeTrue();
        bytes.ShouldBe(new byte[] { 0x00, 0xAB, 0xFF, 0x10 });
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0xabc")]
    [InlineData("zz")]
    [InlineData("0x0g")]
    [InlineData("12 34")]
    [InlineData("x0")]
    public void TryDecode_BadInput_ReturnsFalse(string hex)
    {
        Hex.TryDecode(hex, out byte[] bytes).ShouldBeFalse();
        bytes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("0x", 0)]
    public void TryDecode_Empty_ReturnsNoBytes(string hex, int length)
    {
        Hex.TryDecode(hex, out byte[] bytes).ShouldBeTrue();
        bytes.Length.ShouldBe(length);
    }

    [Fact]
    public void TryDecode_SpanOfWrongSize_ReturnsFalse()
    {
        Hex.TryDecode("0x0102", new byte[3]).ShouldBeFalse();
        Hex.TryDecode("0x0102", new byte[1]).ShouldBeFalse();

        byte[] exact = new byte[2];
        Hex.TryDecode("0x0102", exact).ShouldBeTrue();
        exact.ShouldBe(new byte[] { 1, 2 });
    }
}
