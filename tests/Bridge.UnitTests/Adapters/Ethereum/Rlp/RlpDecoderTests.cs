using System.Numerics;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.UnitTests.Adapters.Ethereum.Rlp;

/// <summary>
/// One test per rejection rule of the strict decoder, with the error code and the byte offset. Inputs are written
/// by hand from the rules of the Yellow Paper, Appendix B, and ethereum.org's RLP page.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RlpDecoderTests
{
    [Theory]
    [InlineData("00", "0x00")]
    [InlineData("7f", "0x7f")]
    [InlineData("8180", "0x80")]
    [InlineData("81ff", "0xff")]
    [InlineData("80", "0x")]
    [InlineData("c0", "[]")]
    [InlineData("c88363617483646f67", "[0x636174, 0x646f67]")]
    [InlineData("c7c0c1c0c3c0c1c0", "[[], [[]], [[], [[]]]]")]
    public void Decode_CanonicalInput_GivesTheItem(string hex, string expected)
    {
        var result = RlpDecoder.Decode(Convert.FromHexString(hex));

        result.IsSuccess.ShouldBeTrue(result.ToString());
        result.Value.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("", RlpErrorCode.EmptyInput, 0)]
    [InlineData("818000", RlpErrorCode.TrailingBytes, 2)]
    [InlineData("c0c0", RlpErrorCode.TrailingBytes, 1)]
    [InlineData("8105", RlpErrorCode.NonCanonicalSingleByte, 0)]
    [InlineData("c28105", RlpErrorCode.NonCanonicalSingleByte, 1)]
    [InlineData("b801ff", RlpErrorCode.NonCanonicalLongLength, 0)]
    [InlineData("c3b801ff", RlpErrorCode.NonCanonicalLongLength, 1)]
    [InlineData("f80180", RlpErrorCode.NonCanonicalLongLength, 0)]
    [InlineData("b9003801", RlpErrorCode.LeadingZeroInLength, 1)]
    [InlineData("c4f9003801", RlpErrorCode.LeadingZeroInLength, 2)]
    [InlineData("836162", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("c2836162", RlpErrorCode.LengthOverrun, 1)]
    [InlineData("c28361626364", RlpErrorCode.LengthOverrun, 1)]
    [InlineData("b901", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("f838", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("bb80000000", RlpErrorCode.LengthOverflow, 0)]
    [InlineData("ffffffffffffffffff", RlpErrorCode.LengthOverflow, 0)]
    [InlineData("c3bf0100", RlpErrorCode.LengthOverrun, 1)]
    public void Decode_BrokenRule_ReportsCodeAndOffset(string hex, RlpErrorCode code, int offset)
    {
        var result = RlpDecoder.Decode(Convert.FromHexString(hex));

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code, result.Error.Message);
        result.Error.Offset.ShouldBe(offset);
        result.Error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Decode_LongFormFor55Bytes_IsNonCanonical()
    {
        // 55 bytes is the largest payload of the short form (0x80 + 55 = 0xb7), so 0xb8 0x37 is never canonical.
        byte[] input = [0xb8, 55, .. Enumerable.Repeat((byte)0x61, 55)];

        var error = RlpDecoder.Decode(input).Error;

        error.Code.ShouldBe(RlpErrorCode.NonCanonicalLongLength);
        error.Offset.ShouldBe(0);
    }

    [Fact]
    public void Decode_LongFormFor56Bytes_IsAccepted()
    {
        byte[] input = [0xb8, 56, .. Enumerable.Repeat((byte)0x61, 56)];

        var result = RlpDecoder.Decode(input);

        result.IsSuccess.ShouldBeTrue(result.ToString());
        result.Value.Bytes.Length.ShouldBe(56);
    }

    [Fact]
    public void Decode_LeadingZeroInLongListLength_ReportsTheLengthByte()
    {
        byte[] input = [0xf9, 0x00, 56, .. Enumerable.Repeat((byte)0x01, 56)];

        var error = RlpDecoder.Decode(input).Error;

        error.Code.ShouldBe(RlpErrorCode.LeadingZeroInLength);
        error.Offset.ShouldBe(1);
    }

    [Theory]
    [InlineData(2, false, 2)]
    [InlineData(3, true, -1)]
    public void Decode_ThreeNestedLists_RespectsTheDepthLimit(int maxDepth, bool accepted, int offset)
    {
        // c2 c1 c0 = [[[]]]: the innermost list starts at byte 2 and is at depth 3.
        var result = RlpDecoder.Decode(Convert.FromHexString("c2c1c0"), maxDepth);

        result.IsSuccess.ShouldBe(accepted);
        if (!accepted)
        {
            result.Error.Code.ShouldBe(RlpErrorCode.DepthExceeded);
            result.Error.Offset.ShouldBe(offset);
        }
    }

    [Theory]
    [InlineData(RlpDecoder.DefaultMaxDepth, true)]
    [InlineData(RlpDecoder.DefaultMaxDepth + 1, false)]
    public void Decode_DeepNesting_StopsAtTheDefaultLimit(int depth, bool accepted)
    {
        var item = RlpItem.EmptyList;
        for (var i = 1; i < depth; i++)
        {
            item = RlpItem.List(item);
        }

        var result = RlpDecoder.Decode(RlpEncoder.Encode(item));

        result.IsSuccess.ShouldBe(accepted);
        if (!accepted)
        {
            result.Error.Code.ShouldBe(RlpErrorCode.DepthExceeded);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(RlpDecoder.MaxSupportedDepth + 1)]
    public void Decode_DepthLimitOutOfRange_Throws(int maxDepth) =>
        Should.Throw<ArgumentOutOfRangeException>(() => RlpDecoder.Decode([0xc0], maxDepth));

    [Theory]
    [InlineData("80", 0UL)]
    [InlineData("01", 1UL)]
    [InlineData("7f", 127UL)]
    [InlineData("8180", 128UL)]
    [InlineData("820400", 1024UL)]
    [InlineData("88ffffffffffffffff", ulong.MaxValue)]
    public void ReadUInt64_CanonicalInteger_GivesTheValue(string hex, ulong expected)
    {
        var result = RlpDecoder.ReadUInt64(Convert.FromHexString(hex));

        result.IsSuccess.ShouldBeTrue(result.ToString());
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("", RlpErrorCode.EmptyInput, 0)]
    [InlineData("00", RlpErrorCode.LeadingZeroInInteger, 0)]
    [InlineData("820001", RlpErrorCode.LeadingZeroInInteger, 1)]
    [InlineData("89010000000000000000", RlpErrorCode.IntegerTooLarge, 1)]
    [InlineData("c0", RlpErrorCode.ExpectedString, 0)]
    [InlineData("0101", RlpErrorCode.TrailingBytes, 1)]
    [InlineData("8100", RlpErrorCode.NonCanonicalSingleByte, 0)]
    [InlineData("82ff", RlpErrorCode.LengthOverrun, 0)]
    public void ReadUInt64_BadInteger_ReportsCodeAndOffset(string hex, RlpErrorCode code, int offset)
    {
        var error = RlpDecoder.ReadUInt64(Convert.FromHexString(hex)).Error;

        error.Code.ShouldBe(code, error.Message);
        error.Offset.ShouldBe(offset);
    }

    [Fact]
    public void ReadUInt128_SixteenAndSeventeenBytes_AcceptsOnlyTheFirst()
    {
        byte[] max = [0x90, .. Enumerable.Repeat((byte)0xff, 16)];
        byte[] tooLarge = [0x91, 0x01, .. new byte[16]];

        RlpDecoder.ReadUInt128(max).Value.ShouldBe(UInt128.MaxValue);
        RlpDecoder.ReadUInt128(tooLarge).Error.Code.ShouldBe(RlpErrorCode.IntegerTooLarge);
    }

    [Fact]
    public void ReadUInt256_MaxValue_IsTwoToThe256MinusOne()
    {
        byte[] max = [0xa0, .. Enumerable.Repeat((byte)0xff, 32)];

        RlpDecoder.ReadUInt256(max).Value.ShouldBe(BigInteger.Pow(2, 256) - 1);
    }

    [Fact]
    public void ReadUInt256_TwoToThe256_IsTooLarge()
    {
        // The "bigint" vector of rlptest.json: 2^256 needs 33 bytes, one more than a uint256.
        byte[] input = [0xa1, 0x01, .. new byte[32]];

        var error = RlpDecoder.ReadUInt256(input).Error;

        error.Code.ShouldBe(RlpErrorCode.IntegerTooLarge);
        error.Offset.ShouldBe(1);
    }

    [Fact]
    public void ToUInt64_List_IsExpectedString()
    {
        RlpDecoder.ToUInt64(RlpItem.EmptyList).Error.Code.ShouldBe(RlpErrorCode.ExpectedString);
    }

    [Fact]
    public void ToUInt256_LeadingZero_IsRejected()
    {
        RlpDecoder.ToUInt256(RlpItem.FromBytes([0x00, 0x01])).Error.Code.ShouldBe(RlpErrorCode.LeadingZeroInInteger);
    }

    [Fact]
    public void ToUInt128_DecodedItem_GivesTheValue()
    {
        var item = RlpDecoder.Decode(Convert.FromHexString("8203e8")).Value;

        RlpDecoder.ToUInt128(item).Value.ShouldBe((UInt128)1000);
    }

    [Fact]
    public void Value_FailedResult_Throws()
    {
        var result = RlpDecoder.Decode([]);

        Should.Throw<InvalidOperationException>(() => result.Value);
        result.TryGetValue(out _).ShouldBeFalse();
    }
}
