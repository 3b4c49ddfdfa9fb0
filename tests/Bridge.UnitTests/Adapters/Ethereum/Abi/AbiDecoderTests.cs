using Bridge.Adapters.Ethereum.Abi;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>
/// Malicious and malformed encodings, each written by hand from abi-spec.rst's encoding rules, must be refused with the
/// right code and offset; well-formed edge cases must decode.
/// </summary>
[Trait("Category", "Unit")]
public sealed class AbiDecoderTests
{
    private const string Zero = "0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    // An offset pointing past the end of the data.
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000100", AbiErrorCode.InvalidOffset, 0)]
    // An offset whose high bytes are set.
    [InlineData("bytes", "ff00000000000000000000000000000000000000000000000000000000000020" + Zero, AbiErrorCode.InvalidOffset, 0)]
    // A length running past the end.
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000020" + "0000000000000000000000000000000000000000000000000000000000000021" + Zero, AbiErrorCode.InvalidLength, 32)]
    // A length of 2^255: no allocation, just a refusal.
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000020" + "8000000000000000000000000000000000000000000000000000000000000000", AbiErrorCode.InvalidLength, 32)]
    // A string whose content is not padded to 32 bytes.
    [InlineData("string", "0000000000000000000000000000000000000000000000000000000000000020" + "0000000000000000000000000000000000000000000000000000000000000003" + "616263", AbiErrorCode.InvalidLength, 32)]
    // Non-zero padding after bytes content.
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000020" + "0000000000000000000000000000000000000000000000000000000000000003" + "6162630000000000000000000000000000000000000000000000000000000001", AbiErrorCode.DirtyPadding, 95)]
    // Invalid UTF-8 in a string.
    [InlineData("string", "0000000000000000000000000000000000000000000000000000000000000020" + "0000000000000000000000000000000000000000000000000000000000000002" + "c328000000000000000000000000000000000000000000000000000000000000", AbiErrorCode.InvalidString, 64)]
    // A dynamic array length of 2^32 - 1 with nothing behind it.
    [InlineData("uint256[]", "0000000000000000000000000000000000000000000000000000000000000020" + "00000000000000000000000000000000000000000000000000000000ffffffff", AbiErrorCode.InvalidLength, 32)]
    // A dynamic array of 3 with room for 2.
    [InlineData("uint256[]", "0000000000000000000000000000000000000000000000000000000000000020" + "0000000000000000000000000000000000000000000000000000000000000003" + Zero + Zero, AbiErrorCode.InvalidLength, 32)]
    // bool = 2.
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002", AbiErrorCode.InvalidBool, 0)]
    // bool with a dirty high byte.
    [InlineData("bool", "0100000000000000000000000000000000000000000000000000000000000001", AbiErrorCode.InvalidBool, 0)]
    // An address with dirty high bytes.
    [InlineData("address", "000000000000000000000001cd2a3d9f938e13cd947ec05abc7fe734df8dd826", AbiErrorCode.DirtyPadding, 0)]
    // uint8 = 256.
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100", AbiErrorCode.DirtyPadding, 0)]
    // int8 = 128 (positive, out of range: high bytes are not the sign extension of 0x80).
    [InlineData("int8", "0000000000000000000000000000000000000000000000000000000000000080", AbiErrorCode.DirtyPadding, 0)]
    // int8 = -129.
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", AbiErrorCode.DirtyPadding, 0)]
    // bytes3 with a non-zero byte after its three bytes.
    [InlineData("bytes3", "6162630100000000000000000000000000000000000000000000000000000000", AbiErrorCode.DirtyPadding, 0)]
    // Truncated word.
    [InlineData("uint256", "00000000000000000000000000000000000000000000000000000000000000", AbiErrorCode.Truncated, 0)]
    // Empty input for a static type.
    [InlineData("uint256", "", AbiErrorCode.Truncated, 0)]
    // Trailing bytes.
    [InlineData("uint256", Zero + "00", AbiErrorCode.TrailingBytes, 32)]
    public void Decode_MalformedInput_IsRefused(string type, string hex, AbiErrorCode code, int offset)
    {
        var result = AbiDecoder.Decode([AbiType.Parse(type).Value], Convert.FromHexString(hex));

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code, result.Error.ToString());
        result.Error.Offset.ShouldBe(offset, result.Error.ToString());
        result.Error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Decode_OverlappingOffsets_AreRefused()
    {
        // Two strings sharing one tail: Solidity's lenient decoder would accept it, the strict layout forbids it.
        string data = Word(0x40) + Word(0x40) + Word(3) + "6162630000000000000000000000000000000000000000000000000000000000";

        var result = AbiDecoder.Decode([AbiType.String, AbiType.String], Convert.FromHexString(data));

        result.Error.Code.ShouldBe(AbiErrorCode.InvalidOffset);
        result.Error.Offset.ShouldBe(32);
        result.Error.Path.ShouldBe("[1]");
    }

    [Fact]
    public void Decode_GapBeforeTail_IsRefused()
    {
        string data = Word(0x40) + Zero + Word(0);

        AbiDecoder.Decode([AbiType.Bytes], Convert.FromHexString(data)).Error.Code.ShouldBe(AbiErrorCode.InvalidOffset);
    }

    [Fact]
    public void Decode_NestedBadElement_ReportsPathAndOffset()
    {
        // (uint256,bool[]) with the second bool equal to 2.
        var type = AbiType.Parse("(uint256,bool[])").Value;
        string data = Word(0x20) + Word(7) + Word(0x40) + Word(2) + Word(1) + Word(2);

        var result = AbiDecoder.Decode([type], Convert.FromHexString(data));

        result.Error.Code.ShouldBe(AbiErrorCode.InvalidBool);
        result.Error.Path.ShouldBe("[0][1][1]");
        result.Error.Offset.ShouldBe(5 * 32);
    }

    [Fact]
    public void DecodeCall_WrongSelector_IsRefused()
    {
        var baz = AbiFunction.Parse("baz(uint32,bool)").Value;
        byte[] call = baz.EncodeCall(69, true).Value;
        call[0] ^= 1;

        baz.DecodeCall(call).Error.Code.ShouldBe(AbiErrorCode.SelectorMismatch);
        baz.DecodeCall(call.AsSpan(0, 3)).Error.Code.ShouldBe(AbiErrorCode.Truncated);
    }

    [Fact]
    public void DecodeCall_ErrorOffset_CountsTheSelector()
    {
        var baz = AbiFunction.Parse("baz(uint32,bool)").Value;
        byte[] call = baz.EncodeCall(69, true).Value;
        call[4 + 63] = 2;

        var result = baz.DecodeCall(call);

        result.Error.Code.ShouldBe(AbiErrorCode.InvalidBool);
        result.Error.Offset.ShouldBe(4 + 32);
    }

    [Fact]
    public void Decode_ZeroSizeElementArray_IsLimited()
    {
        var type = AbiType.Parse("()[]").Value;

        AbiDecoder.Decode([type], Convert.FromHexString(Word(0x20) + Word(AbiDecoder.MaxZeroSizeElements))).Value[0].Items.Count.ShouldBe(AbiDecoder.MaxZeroSizeElements);
        AbiDecoder.Decode([type], Convert.FromHexString(Word(0x20) + Word(AbiDecoder.MaxZeroSizeElements + 1))).Error.Code.ShouldBe(AbiErrorCode.InvalidLength);
    }

    [Theory]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80", -128)]
    [InlineData("int8", "000000000000000000000000000000000000000000000000000000000000007f", 127)]
    [InlineData("int16", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", -1)]
    [InlineData("uint8", "00000000000000000000000000000000000000000000000000000000000000ff", 255)]
    public void Decode_IntegerBounds_Decode(string type, string hex, long expected) =>
        AbiDecoder.Decode([AbiType.Parse(type).Value], Convert.FromHexString(hex)).Value[0].AsInteger().ShouldBe(expected);

    [Fact]
    public void Decode_EmptyInputForNoTypes_IsEmpty() =>
        AbiDecoder.Decode([], ReadOnlySpan<byte>.Empty).Value.ShouldBeEmpty();

    [Fact]
    public void Decode_Uint256Max_Decodes() =>
        AbiDecoder.Decode([AbiType.UInt256], Convert.FromHexString(new string('f', 64))).Value[0].AsInteger()
            .ShouldBe((System.Numerics.BigInteger.One << 256) - 1);

    private static string Word(long value) => value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
