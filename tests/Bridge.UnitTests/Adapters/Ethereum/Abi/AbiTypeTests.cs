using Bridge.Adapters.Ethereum.Abi;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>Parsing type strings (abi-spec "Types") and the static/dynamic rule ("Formal Specification of the Encoding").</summary>
[Trait("Category", "Unit")]
public sealed class AbiTypeTests
{
    [Theory]
    [InlineData("uint", "uint256", false)]
    [InlineData("int", "int256", false)]
    [InlineData("uint8", "uint8", false)]
    [InlineData("int96", "int96", false)]
    [InlineData("address", "address", false)]
    [InlineData("bool", "bool", false)]
    [InlineData("bytes1", "bytes1", false)]
    [InlineData("bytes32", "bytes32", false)]
    [InlineData("bytes", "bytes", true)]
    [InlineData("string", "string", true)]
    [InlineData("uint[]", "uint256[]", true)]
    [InlineData("bytes3[2]", "bytes3[2]", false)]
    [InlineData("string[2]", "string[2]", true)]
    [InlineData("uint256[0]", "uint256[0]", false)]
    [InlineData("uint[][3][]", "uint256[][3][]", true)]
    [InlineData("()", "()", false)]
    [InlineData("(uint,(bool,address)[2])", "(uint256,(bool,address)[2])", false)]
    [InlineData("(uint,bytes)", "(uint256,bytes)", true)]
    [InlineData("((int8)[],bytes32)[1]", "((int8)[],bytes32)[1]", true)]
    public void Parse_ValidType_GivesCanonicalNameAndDynamism(string text, string canonical, bool dynamic)
    {
        var type = AbiType.Parse(text);

        type.IsSuccess.ShouldBeTrue(type.ToString());
        type.Value.CanonicalName.ShouldBe(canonical);
        type.Value.IsDynamic.ShouldBe(dynamic);
        AbiType.Parse(canonical).Value.ShouldBe(type.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("uint7")]
    [InlineData("uint0")]
    [InlineData("uint264")]
    [InlineData("uint08")]
    [InlineData("int1024")]
    [InlineData("bytes0")]
    [InlineData("bytes33")]
    [InlineData("fixed128x18")]
    [InlineData("ufixed")]
    [InlineData("function")]
    [InlineData("tuple")]
    [InlineData("Uint256")]
    [InlineData(" uint256")]
    [InlineData("uint256 ")]
    [InlineData("uint256[01]")]
    [InlineData("uint256[-1]")]
    [InlineData("uint256[x]")]
    [InlineData("uint256[")]
    [InlineData("uint256]")]
    [InlineData("uint256[2000000]")]
    [InlineData("(uint256")]
    [InlineData("(uint256,)")]
    [InlineData("(,uint256)")]
    [InlineData("(uint256 a)")]
    [InlineData("uint256,bool")]
    public void Parse_InvalidType_IsRefused(string text)
    {
        var type = AbiType.Parse(text);

        type.IsSuccess.ShouldBeFalse();
        type.Error.Code.ShouldBe(AbiErrorCode.InvalidType);
    }

    [Fact]
    public void Parse_TooDeep_IsRefused()
    {
        AbiType.Parse(new string('(', 40) + "uint256" + new string(')', 40)).Error.Code.ShouldBe(AbiErrorCode.InvalidType);
        AbiType.Parse("uint256" + string.Concat(Enumerable.Repeat("[]", 40))).Error.Code.ShouldBe(AbiErrorCode.InvalidType);
        AbiType.Parse("uint256" + string.Concat(Enumerable.Repeat("[]", AbiType.MaxDepth))).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Encode_TypeAtMaxDepth_RoundTrips()
    {
        var type = AbiType.Parse("uint256" + string.Concat(Enumerable.Repeat("[]", AbiType.MaxDepth))).Value;
        var value = AbiValue.List(7);
        for (int i = 1; i < AbiType.MaxDepth; i++)
        {
            value = AbiValue.List(value);
        }

        var encoded = AbiEncoder.Encode([type], [value]);

        encoded.IsSuccess.ShouldBeTrue(encoded.ToString());
        AbiDecoder.Decode([type], encoded.Value).Value.ShouldBe([value]);
    }

    [Fact]
    public void Parse_TooLargeInPlace_IsRefused()
    {
        // 2^20 × 2^20 words in place, or a million million empty tuples: refused before anything is allocated.
        AbiType.Parse("uint256[1000000][1000000]").Error.Code.ShouldBe(AbiErrorCode.InvalidType);
        AbiType.Parse("()[1000000][1000000]").Error.Code.ShouldBe(AbiErrorCode.InvalidType);
    }

    [Fact]
    public void Factories_InvalidArguments_Throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => AbiType.UInt(7));
        Should.Throw<ArgumentOutOfRangeException>(() => AbiType.Int(264));
        Should.Throw<ArgumentOutOfRangeException>(() => AbiType.FixedBytes(33));
        Should.Throw<ArgumentException>(() => AbiType.FixedArrayOf(AbiType.Bool, -1));
    }

    [Fact]
    public void Equals_IgnoresComponentNames()
    {
        var named = AbiType.Tuple([AbiType.UInt256, AbiType.Bool], ["a", "b"]);

        named.ShouldBe(AbiType.Tuple(AbiType.UInt256, AbiType.Bool));
        named.GetHashCode().ShouldBe(AbiType.Parse("(uint256,bool)").Value.GetHashCode());
    }
}
