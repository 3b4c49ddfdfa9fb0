using System.Numerics;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>
/// ethereum/tests ABITests/basic_abi_tests.json (kept in ../shared/conformance): each case lists types, JSON arguments
/// and the encoding. Arguments map by type: integers are JSON numbers, addresses 0x-hex strings, <c>bytes</c> and
/// <c>bytes&lt;M&gt;</c> strings whose UTF-8 bytes are the value (as in the spec's f(uint,uint32[],bytes10,bytes) example),
/// arrays JSON arrays.
/// </summary>
[Trait("Category", "Unit")]
public sealed class AbiConformanceTests
{
    private static readonly Lazy<JsonDocument> Cases = new(() => JsonDocument.Parse(Conformance.Read("ethereum", "ABITests", "basic_abi_tests.json")));

    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var property in Cases.Value.RootElement.EnumerateObject())
            {
                names.Add(property.Name);
            }

            return names;
        }
    }

    [Fact]
    public void Fixture_Loaded_HoldsEveryPublishedCase() =>
        Cases.Value.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["GithubWikiTest", "SingleInteger", "IntegerAndAddress"]);

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_Case_MatchesPublishedResult(string name)
    {
        var (types, values, expected) = Case(name);

        var encoded = AbiEncoder.Encode(types, values);

        encoded.IsSuccess.ShouldBeTrue(encoded.ToString());
        Convert.ToHexStringLower(encoded.Value).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_CaseResult_GivesTheArguments(string name)
    {
        var (types, values, expected) = Case(name);

        var decoded = AbiDecoder.Decode(types, Convert.FromHexString(expected));

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.ShouldBe(values);
    }

    private static (AbiType[] Types, AbiValue[] Values, string Result) Case(string name)
    {
        var testCase = Cases.Value.RootElement.GetProperty(name);
        var types = testCase.GetProperty("types").EnumerateArray().Select(t => AbiType.Parse(t.GetString()!).Value).ToArray();
        var args = testCase.GetProperty("args").EnumerateArray().ToArray();
        var values = types.Select((t, i) => Value(t, args[i])).ToArray();
        return (types, values, testCase.GetProperty("result").GetString()!);
    }

    private static AbiValue Value(AbiType type, JsonElement json) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => AbiValue.Integer(BigInteger.Parse(json.GetRawText(), System.Globalization.CultureInfo.InvariantCulture)),
        AbiTypeKind.Address => AbiValue.Address(EthAddress.Parse(json.GetString()!)),
        AbiTypeKind.Bytes or AbiTypeKind.FixedBytes => AbiValue.Bytes(Encoding.UTF8.GetBytes(json.GetString()!)),
        AbiTypeKind.String => AbiValue.String(json.GetString()!),
        AbiTypeKind.Bool => AbiValue.Bool(json.GetBoolean()),
        _ => AbiValue.List(json.EnumerateArray().Select(item => Value(type.Element!, item))),
    };
}
