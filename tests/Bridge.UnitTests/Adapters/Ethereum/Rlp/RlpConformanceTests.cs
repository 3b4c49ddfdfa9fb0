using System.Numerics;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Rlp;

/// <summary>
/// The ethereum/tests RLP vectors (RLPTests/rlptest.json and invalidRLPTest.json, kept in ../shared/conformance).
/// In rlptest.json an "in" string is its UTF-8 bytes unless it starts with '#', in which case the rest is a decimal
/// integer; a JSON number is an integer; a JSON array is a list.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RlpConformanceTests
{
    private static readonly Lazy<JsonDocument> Valid = new(() => JsonDocument.Parse(Conformance.Read("ethereum", "RLPTests", "rlptest.json")));
    private static readonly Lazy<JsonDocument> Invalid = new(() => JsonDocument.Parse(Conformance.Read("ethereum", "RLPTests", "invalidRLPTest.json")));

    public static TheoryData<string> ValidNames => Names(Valid.Value);

    public static TheoryData<string> InvalidNames => Names(Invalid.Value);

    [Fact]
    public void Fixtures_Loaded_HoldEveryPublishedCase()
    {
        Valid.Value.RootElement.EnumerateObject().Count().ShouldBe(28);
        Invalid.Value.RootElement.EnumerateObject().Count().ShouldBe(26);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Encode_ValidVector_MatchesPublishedBytes(string name)
    {
        var (input, expected) = ValidCase(name);

        Convert.ToHexStringLower(RlpEncoder.Encode(input)).ShouldBe(Convert.ToHexStringLower(expected));
        RlpEncoder.GetEncodedLength(input).ShouldBe(expected.Length);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Decode_ValidVector_GivesTheInputStructure(string name)
    {
        var (input, encoded) = ValidCase(name);

        var result = RlpDecoder.Decode(encoded);

        result.IsSuccess.ShouldBeTrue(result.ToString());
        result.Value.ShouldBe(input);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Decode_InvalidVector_IsRejected(string name)
    {
        var encoded = HexBytes(Invalid.Value.RootElement.GetProperty(name).GetProperty("out").GetString()!);

        var result = RlpDecoder.Decode(encoded);

        result.IsSuccess.ShouldBeFalse($"{name} decoded to {result}");
        result.Error.Code.ShouldNotBe(RlpErrorCode.None);
        result.Error.Offset.ShouldBeInRange(0, Math.Max(0, encoded.Length - 1));
    }

    [Theory]
    [InlineData("int32Overflow", RlpErrorCode.LengthOverflow, 0)]
    [InlineData("int32Overflow2", RlpErrorCode.LengthOverflow, 0)]
    [InlineData("wrongSizeList", RlpErrorCode.NonCanonicalLongLength, 0)]
    [InlineData("wrongSizeList2", RlpErrorCode.NonCanonicalLongLength, 0)]
    [InlineData("incorrectLengthInArray", RlpErrorCode.LeadingZeroInLength, 1)]
    [InlineData("bytesShouldBeSingleByte00", RlpErrorCode.NonCanonicalSingleByte, 0)]
    [InlineData("bytesShouldBeSingleByte7F", RlpErrorCode.NonCanonicalSingleByte, 0)]
    [InlineData("leadingZerosInLongLengthArray1", RlpErrorCode.LeadingZeroInLength, 1)]
    [InlineData("leadingZerosInLongLengthList1", RlpErrorCode.LeadingZeroInLength, 1)]
    [InlineData("nonOptimalLongLengthArray1", RlpErrorCode.NonCanonicalLongLength, 0)]
    [InlineData("emptyEncoding", RlpErrorCode.EmptyInput, 0)]
    [InlineData("lessThanShortLengthArray1", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("lessThanShortLengthList1", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("lessThanLongLengthArray1", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("lessThanLongLengthList1", RlpErrorCode.LengthOverrun, 0)]
    [InlineData("lessThanLongLengthList2", RlpErrorCode.LengthOverflow, 0)]
    public void Decode_InvalidVector_ReportsTheBrokenRule(string name, RlpErrorCode code, int offset)
    {
        var encoded = HexBytes(Invalid.Value.RootElement.GetProperty(name).GetProperty("out").GetString()!);

        var error = RlpDecoder.Decode(encoded).Error;

        error.Code.ShouldBe(code, error.Message);
        error.Offset.ShouldBe(offset);
    }

    private static TheoryData<string> Names(JsonDocument document)
    {
        var data = new TheoryData<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            data.Add(property.Name);
        }

        return data;
    }

    private static (RlpItem Input, byte[] Encoded) ValidCase(string name)
    {
        var vector = Valid.Value.RootElement.GetProperty(name);
        return (ToItem(vector.GetProperty("in")), HexBytes(vector.GetProperty("out").GetString()!));
    }

    private static RlpItem ToItem(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => RlpItem.FromUInt64(element.GetUInt64()),
        JsonValueKind.String when element.GetString()!.StartsWith('#') =>
            RlpItem.FromBigInteger(BigInteger.Parse(element.GetString()![1..], System.Globalization.CultureInfo.InvariantCulture)),
        JsonValueKind.String => RlpItem.FromBytes(Encoding.UTF8.GetBytes(element.GetString()!)),
        JsonValueKind.Array => RlpItem.List([.. element.EnumerateArray().Select(ToItem)]),
        _ => throw new InvalidDataException($"Unexpected RLP test input kind {element.ValueKind}."),
    };

    private static byte[] HexBytes(string hex) =>
        Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);
}
