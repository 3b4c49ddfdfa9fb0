using System.Numerics;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>Range and shape checks of the encoder (abi-spec "Types"), each a typed error with the value's path.</summary>
[Trait("Category", "Unit")]
public sealed class AbiEncoderTests
{
    public static TheoryData<string, AbiValue, AbiErrorCode> Refusals => new()
    {
        { "uint8", 256, AbiErrorCode.IntegerOutOfRange },
        { "uint256", -1, AbiErrorCode.IntegerOutOfRange },
        { "uint256", AbiValue.Integer(BigInteger.One << 256), AbiErrorCode.IntegerOutOfRange },
        { "int8", 128, AbiErrorCode.IntegerOutOfRange },
        { "int8", -129, AbiErrorCode.IntegerOutOfRange },
        { "int256", AbiValue.Integer(BigInteger.One << 255), AbiErrorCode.IntegerOutOfRange },
        { "int256", AbiValue.Integer(-(BigInteger.One << 255) - 1), AbiErrorCode.IntegerOutOfRange },
        { "bytes3", new byte[] { 1, 2 }, AbiErrorCode.FixedBytesLength },
        { "bytes3", new byte[] { 1, 2, 3, 4 }, AbiErrorCode.FixedBytesLength },
        { "uint256[2]", AbiValue.List(1, 2, 3), AbiErrorCode.ArrayLength },
        { "(uint256,bool)", AbiValue.List(1), AbiErrorCode.ArrayLength },
        { "uint256", "1", AbiErrorCode.TypeMismatch },
        { "bool", 1, AbiErrorCode.TypeMismatch },
        { "address", new byte[20], AbiErrorCode.TypeMismatch },
        { "string", new byte[] { 0x61 }, AbiErrorCode.TypeMismatch },
        { "uint256[]", 1, AbiErrorCode.TypeMismatch },
        { "string", "\ud800x", AbiErrorCode.InvalidString },
        { "string", "x\udc00", AbiErrorCode.InvalidString },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Encode_ValueOutsideItsType_IsRefused(string type, AbiValue value, AbiErrorCode code)
    {
        var result = AbiEncoder.Encode([AbiType.Parse(type).Value], [value]);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code, result.Error.ToString());
        result.Error.Offset.ShouldBe(-1);
        result.Error.Path.ShouldStartWith("[0]");
    }

    [Theory]
    [InlineData("int8", -1, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("int8", -128, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80")]
    [InlineData("int256", -2, "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe")]
    [InlineData("uint8", 255, "00000000000000000000000000000000000000000000000000000000000000ff")]
    [InlineData("uint256", 0, "0000000000000000000000000000000000000000000000000000000000000000")]
    public void Encode_Integer_IsBigEndianSignExtended(string type, long value, string expected) =>
        Convert.ToHexStringLower(AbiEncoder.Encode([AbiType.Parse(type).Value], [value]).Value).ShouldBe(expected);

    [Fact]
    public void Encode_Extremes_AreAccepted()
    {
        var max = (BigInteger.One << 256) - 1;
        var min = -(BigInteger.One << 255);

        Convert.ToHexStringLower(AbiEncoder.Encode([AbiType.UInt256, AbiType.Int256], [max, min]).Value)
            .ShouldBe(new string('f', 64) + "8" + new string('0', 63));
    }

    [Fact]
    public void Encode_NestedRefusal_ReportsPathWithComponentNames()
    {
        var type = AbiType.Tuple([AbiType.UInt256, AbiType.Parse("uint8[]").Value], ["amount", "levels"]);

        var result = AbiEncoder.Encode([AbiType.Bool, type], [true, AbiValue.List(1, AbiValue.List(1, 2, 300))]);

        result.Error.Code.ShouldBe(AbiErrorCode.IntegerOutOfRange);
        result.Error.Path.ShouldBe("[1].levels[2]");
    }

    [Fact]
    public void Encode_CountMismatch_IsRefused() =>
        AbiEncoder.Encode([AbiType.UInt256], []).Error.Code.ShouldBe(AbiErrorCode.ArgumentCountMismatch);

    [Fact]
    public void Encode_Address_IsRightAligned()
    {
        var address = EthAddress.Parse("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");

        Convert.ToHexStringLower(AbiEncoder.Encode([AbiType.Address], [address]).Value)
            .ShouldBe("000000000000000000000000cd2a3d9f938e13cd947ec05abc7fe734df8dd826");
    }

    [Fact]
    public void Encode_NonAsciiString_CountsUtf8Bytes()
    {
        // "len(enc_utf8(X))": the number of bytes, not characters ("é" is two bytes, "😀" four).
        var encoded = AbiEncoder.Encode([AbiType.String], ["é😀"]).Value;

        Convert.ToHexStringLower(encoded.AsSpan(32, 32)).ShouldEndWith("06");
        Convert.ToHexStringLower(encoded.AsSpan(64, 6)).ShouldBe("c3a9f09f9880");
    }

    [Fact]
    public void Encode_EmptyDynamicValues_AreJustLengths()
    {
        var encoded = AbiEncoder.Encode([AbiType.Bytes, AbiType.Parse("uint256[]").Value], [Array.Empty<byte>(), AbiValue.List()]).Value;

        Convert.ToHexStringLower(encoded).ShouldBe(Word(0x40) + Word(0x60) + Word(0) + Word(0));
    }

    [Fact]
    public void Encode_StaticTupleInArray_IsInPlace()
    {
        // (uint256,bool)[2] is static: the four words in place, no offsets.
        var type = AbiType.Parse("(uint256,bool)[2]").Value;

        var encoded = AbiEncoder.Encode([type], [AbiValue.List(AbiValue.List(1, true), AbiValue.List(2, false))]).Value;

        Convert.ToHexStringLower(encoded).ShouldBe(Word(1) + Word(1) + Word(2) + Word(0));
    }

    private static string Word(long value) => value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
