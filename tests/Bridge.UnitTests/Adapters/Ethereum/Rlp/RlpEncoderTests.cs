using System.Buffers;
using System.Numerics;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.UnitTests.Adapters.Ethereum.Rlp;

/// <summary>
/// Encoder vectors from the examples on ethereum.org's RLP page
/// (https://ethereum.org/en/developers/docs/data-structures-and-encoding/rlp/) and boundaries derived from the
/// Yellow Paper, Appendix B (single byte below 0x80; 55/56-byte short/long form switch).
/// </summary>
[Trait("Category", "Unit")]
public sealed class RlpEncoderTests
{
    [Theory]
    [InlineData("dog", "83646f67")]
    [InlineData("", "80")]
    [InlineData("Lorem ipsum dolor sit amet, consectetur adipisicing elit", "b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974")]
    public void EncodeString_EthereumOrgExample_MatchesThePage(string text, string expected)
    {
        Convert.ToHexStringLower(RlpEncoder.EncodeString(text)).ShouldBe(expected);
        Convert.ToHexStringLower(RlpEncoder.Encode(RlpItem.FromString(text))).ShouldBe(expected);
    }

    [Fact]
    public void Encode_CatDogList_MatchesThePage()
    {
        var item = RlpItem.List(RlpItem.FromString("cat"), RlpItem.FromString("dog"));

        Convert.ToHexStringLower(RlpEncoder.Encode(item)).ShouldBe("c88363617483646f67");
    }

    [Fact]
    public void Encode_SetTheoreticalThree_MatchesThePage()
    {
        // [ [], [[]], [ [], [[]] ] ]
        var empty = RlpItem.EmptyList;
        var item = RlpItem.List(empty, RlpItem.List(empty), RlpItem.List(empty, RlpItem.List(empty)));

        Convert.ToHexStringLower(RlpEncoder.Encode(item)).ShouldBe("c7c0c1c0c3c0c1c0");
    }

    [Theory]
    [InlineData("00", "00")]
    [InlineData("0f", "0f")]
    [InlineData("7f", "7f")]
    [InlineData("80", "8180")]
    [InlineData("0400", "820400")]
    public void EncodeBytes_ShortString_UsesTheSingleByteOrShortForm(string bytes, string expected)
    {
        Convert.ToHexStringLower(RlpEncoder.EncodeBytes(Convert.FromHexString(bytes))).ShouldBe(expected);
    }

    [Theory]
    [InlineData(0UL, "80")]
    [InlineData(15UL, "0f")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8180")]
    [InlineData(255UL, "81ff")]
    [InlineData(256UL, "820100")]
    [InlineData(1024UL, "820400")]
    [InlineData(ulong.MaxValue, "88ffffffffffffffff")]
    public void EncodeUInt64_Value_IsBigEndianWithoutLeadingZeros(ulong value, string expected)
    {
        Convert.ToHexStringLower(RlpEncoder.EncodeUInt64(value)).ShouldBe(expected);
        Convert.ToHexStringLower(RlpEncoder.Encode(RlpItem.FromUInt64(value))).ShouldBe(expected);
        Convert.ToHexStringLower(RlpEncoder.EncodeBigInteger(value)).ShouldBe(expected);
        RlpEncoder.GetUInt64EncodedLength(value).ShouldBe(expected.Length / 2);
    }

    [Fact]
    public void FromUInt128_MaxValue_IsSixteenFfBytes()
    {
        Convert.ToHexStringLower(RlpEncoder.Encode(RlpItem.FromUInt128(UInt128.MaxValue))).ShouldBe("90" + new string('f', 32));
    }

    [Fact]
    public void EncodeBigInteger_Negative_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => RlpEncoder.EncodeBigInteger(BigInteger.MinusOne));
    }

    [Theory]
    [InlineData(55, "b7")]
    [InlineData(56, "b838")]
    [InlineData(255, "b8ff")]
    [InlineData(256, "b90100")]
    [InlineData(65536, "ba010000")]
    public void EncodeBytes_LengthBoundary_SwitchesToTheLongForm(int length, string prefix)
    {
        var encoded = RlpEncoder.EncodeBytes(new byte[length]);

        Convert.ToHexStringLower(encoded.AsSpan(0, prefix.Length / 2)).ShouldBe(prefix);
        encoded.Length.ShouldBe((prefix.Length / 2) + length);
    }

    [Theory]
    [InlineData(55, "f7")]
    [InlineData(56, "f838")]
    [InlineData(1024, "f90400")]
    public void WriteListHeader_PayloadLength_UsesTheListOffsets(int payloadLength, string expected)
    {
        var header = new byte[RlpEncoder.GetHeaderLength(payloadLength)];

        RlpEncoder.WriteListHeader(header, payloadLength).ShouldBe(header.Length);
        Convert.ToHexStringLower(header).ShouldBe(expected);
    }

    [Fact]
    public void WriteHelpers_StreamedList_MatchTheTreeEncoding()
    {
        // [1024, "dog", 0] written field by field, as a transaction encoder would.
        var payload = RlpEncoder.GetUInt64EncodedLength(1024) + RlpEncoder.GetStringEncodedLength("dog"u8) + RlpEncoder.GetUInt64EncodedLength(0);
        var buffer = new byte[RlpEncoder.GetHeaderLength(payload) + payload];
        var position = RlpEncoder.WriteListHeader(buffer, payload);
        position += RlpEncoder.WriteUInt64(buffer.AsSpan(position), 1024);
        position += RlpEncoder.WriteString(buffer.AsSpan(position), "dog"u8);
        position += RlpEncoder.WriteUInt64(buffer.AsSpan(position), 0);

        position.ShouldBe(buffer.Length);
        Convert.ToHexStringLower(buffer).ShouldBe("c882040083646f6780");
    }

    [Fact]
    public void Encode_BufferWriter_WritesExactlyTheEncoding()
    {
        var item = RlpItem.List(RlpItem.FromString("cat"), RlpItem.FromString("dog"));
        var writer = new ArrayBufferWriter<byte>();

        RlpEncoder.Encode(item, writer);

        Convert.ToHexStringLower(writer.WrittenSpan).ShouldBe("c88363617483646f67");
    }

    [Fact]
    public void Encode_SpanTooShort_Throws()
    {
        var item = RlpItem.FromString("dog");

        Should.Throw<ArgumentException>(() => RlpEncoder.Encode(item, new byte[3]));
        RlpEncoder.Encode(item, new byte[5]).ShouldBe(4);
    }

    [Fact]
    public void Default_Item_IsTheEmptyString()
    {
        RlpEncoder.Encode(default(RlpItem)).ShouldBe([(byte)0x80]);
        default(RlpItem).ShouldBe(RlpItem.Empty);
        RlpItem.Empty.ShouldNotBe(RlpItem.EmptyList);
    }
}
