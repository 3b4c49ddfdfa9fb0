using System.Numerics;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Eip712;
using Bridge.Canonical.Hashing;
using Bridge.UnitTests.Adapters.Ethereum.Abi;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Eip712;

/// <summary>Refusals of malformed typed data as typed results, and encodeData cross-checked against the ABI encoder.</summary>
[Trait("Category", "Unit")]
public sealed class Eip712ValidationTests
{
    private const string Domain = "\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"}]";

    [Theory]
    [InlineData("""{"T":[{"name":"a","type":"Missing"}]}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"T":[{"name":"a","type":"uint"}]}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"T":[{"name":"a","type":"int[]"}]}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"T":[{"name":"a","type":"(uint256,bool)"}]}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"T":[{"name":"a","type":"uint256[01]"}]}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"T":[{"name":"a","type":"uint256[2"}]}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"T":[{"name":"a","type":"T"}]}""", Eip712ErrorCode.CyclicType)]
    [InlineData("""{"T":[{"name":"a","type":"U"}],"U":[{"name":"b","type":"T[2]"}]}""", Eip712ErrorCode.CyclicType)]
    [InlineData("""{"T":[{"name":"a","type":"uint256"},{"name":"a","type":"bool"}]}""", Eip712ErrorCode.Duplicate)]
    [InlineData("""{"T":[{"name":"a b","type":"uint256"}]}""", Eip712ErrorCode.InvalidName)]
    [InlineData("""{"T(":[{"name":"a","type":"uint256"}]}""", Eip712ErrorCode.InvalidName)]
    [InlineData("""{"uint8":[{"name":"a","type":"uint256"}]}""", Eip712ErrorCode.InvalidName)]
    public void FromJson_BadTypes_AreRefused(string types, Eip712ErrorCode code)
    {
        string json = "{\"types\":" + types.Insert(1, Domain + ",") + ",\"primaryType\":\"T\",\"domain\":{\"name\":\"x\"},\"message\":{}}";

        var result = Eip712TypedData.FromJson(json);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code, result.Error.ToString());
        result.Error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("""{"a":1}""", Eip712ErrorCode.MissingField)]
    [InlineData("""{"a":1,"b":true,"c":2}""", Eip712ErrorCode.UnknownField)]
    [InlineData("""{"a":256,"b":true}""", Eip712ErrorCode.InvalidValue)]
    [InlineData("""{"a":-1,"b":true}""", Eip712ErrorCode.InvalidValue)]
    [InlineData("""{"a":1.5,"b":true}""", Eip712ErrorCode.InvalidValue)]
    [InlineData("""{"a":"1e3","b":true}""", Eip712ErrorCode.InvalidValue)]
    [InlineData("""{"a":"0x","b":true}""", Eip712ErrorCode.InvalidValue)]
    [InlineData("""{"a":1,"b":"true"}""", Eip712ErrorCode.InvalidValue)]
    [InlineData("""{"a":1,"b":true,"a":2}""", Eip712ErrorCode.InvalidJson)]
    [InlineData("""[1, true]""", Eip712ErrorCode.InvalidValue)]
    public void FromJson_BadMessage_IsRefused(string message, Eip712ErrorCode code)
    {
        string json = "{\"types\":{" + Domain + ",\"T\":[{\"name\":\"a\",\"type\":\"uint8\"},{\"name\":\"b\",\"type\":\"bool\"}]},\"primaryType\":\"T\",\"domain\":{\"name\":\"x\"},\"message\":" + message + "}";

        var result = Eip712TypedData.FromJson(json);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code, result.Error.ToString());
    }

    [Theory]
    [InlineData("address", "\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827\"")]
    [InlineData("address", "\"cd2a3d9f938e13cd947ec05abc7fe734df8dd826\"")]
    [InlineData("bytes", "\"abc\"")]
    [InlineData("bytes", "\"0xabc\"")]
    [InlineData("bytes2", "\"0x010203\"")]
    [InlineData("uint256[2]", "[1]")]
    [InlineData("string", "1")]
    public void FromJson_ValueNotOfItsType_IsInvalid(string type, string value)
    {
        string json = "{\"types\":{" + Domain + ",\"T\":[{\"name\":\"a\",\"type\":\"" + type + "\"}]},\"primaryType\":\"T\",\"domain\":{\"name\":\"x\"},\"message\":{\"a\":" + value + "}}";

        var result = Eip712TypedData.FromJson(json);

        result.Error.Code.ShouldBe(Eip712ErrorCode.InvalidValue, result.Error.ToString());
        result.Error.Path.ShouldBe("message.a");
    }

    [Theory]
    [InlineData("not json", Eip712ErrorCode.InvalidJson)]
    [InlineData("""{"types":{},"primaryType":"T","domain":{}}""", Eip712ErrorCode.InvalidJson)]
    [InlineData("""{"types":{"EIP712Domain":[]},"primaryType":"T","domain":{},"message":{}}""", Eip712ErrorCode.UnknownType)]
    [InlineData("""{"types":{"EIP712Domain":[]},"primaryType":"EIP712Domain","domain":{"name":"x"},"message":{}}""", Eip712ErrorCode.UnknownField)]
    public void FromJson_BadEnvelope_IsRefused(string json, Eip712ErrorCode code) =>
        Eip712TypedData.FromJson(json).Error.Code.ShouldBe(code);

    [Fact]
    public void FromJson_IntegerForms_AreEquivalent()
    {
        string Json(string value) =>
            "{\"types\":{" + Domain + ",\"T\":[{\"name\":\"a\",\"type\":\"int256\"}]},\"primaryType\":\"T\",\"domain\":{\"name\":\"x\"},\"message\":{\"a\":" + value + "}}";

        var number = Eip712TypedData.FromJson(Json("255")).Value.GetDigest();

        Eip712TypedData.FromJson(Json("\"255\"")).Value.GetDigest().ShouldBe(number);
        Eip712TypedData.FromJson(Json("\"0xff\"")).Value.GetDigest().ShouldBe(number);
        Eip712TypedData.FromJson(Json("-1")).Value.Message.Items[0].AsInteger().ShouldBe(-1);
    }

    [Fact]
    public void FromJson_NoDomainType_DerivesTheStandardFieldsInOrder()
    {
        // The Mail example without an EIP712Domain type: its domain separator must be the example's.
        string json = Eip712SpecTests.MailJson.Replace(
            "\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"type\":\"address\"}],",
            string.Empty,
            StringComparison.Ordinal);

        var typedData = Eip712TypedData.FromJson(json).Value;

        typedData.Types.EncodeType(Eip712Domain.TypeName).ShouldBe("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
        Convert.ToHexStringLower(typedData.GetDigest()).ShouldBe(Eip712SpecTests.MailDigest);
    }

    [Fact]
    public void Create_DomainWithSalt_EncodesSaltLast()
    {
        byte[] salt = Keccak256.Hash("salt"u8);
        var domain = new Eip712Domain { Name = "Bridge", ChainId = 31337, Salt = salt };

        var typedData = Eip712TypedData.Create(new Dictionary<string, IReadOnlyList<Eip712Field>> { ["M"] = [new("x", "uint256")] }, "M", domain, AbiValue.List(7)).Value;

        typedData.Types.EncodeType(Eip712Domain.TypeName).ShouldBe("EIP712Domain(string name,uint256 chainId,bytes32 salt)");
        byte[] expected = Keccak256.Hash([
            .. Keccak256.Hash("EIP712Domain(string name,uint256 chainId,bytes32 salt)"u8),
            .. Keccak256.Hash("Bridge"u8),
            .. AbiEncoder.Encode([AbiType.UInt256, AbiType.Bytes32], [31337, salt]).Value]);
        typedData.GetDomainSeparator().ShouldBe(expected);
    }

    [Fact]
    public void Create_BadSaltOrValues_AreRefused()
    {
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>> { ["M"] = [new("x", "uint8"), new("p", "P")], ["P"] = [new("w", "address")] };
        var domain = new Eip712Domain { Name = "Bridge" };

        Eip712TypedData.Create(types, "M", new Eip712Domain { Salt = new byte[31] }, AbiValue.List(1, AbiValue.List(EthAddress.Zero))).Error.Code.ShouldBe(Eip712ErrorCode.InvalidValue);
        Eip712TypedData.Create(types, "M", domain, AbiValue.List(1)).Error.Code.ShouldBe(Eip712ErrorCode.InvalidValue);
        var nested = Eip712TypedData.Create(types, "M", domain, AbiValue.List(1, AbiValue.List(5)));
        nested.Error.Code.ShouldBe(Eip712ErrorCode.InvalidValue);
        nested.Error.Path.ShouldBe("message.p.w");
        Eip712TypedData.Create(types, "Q", domain, AbiValue.List(1, AbiValue.List(EthAddress.Zero))).Error.Code.ShouldBe(Eip712ErrorCode.UnknownType);
        Eip712TypedData.Create(new Dictionary<string, IReadOnlyList<Eip712Field>> { [Eip712Domain.TypeName] = [] }, "M", domain, AbiValue.List()).Error.Code.ShouldBe(Eip712ErrorCode.Duplicate);
    }

    [Fact]
    public void Create_RecursionThroughDynamicArray_IsAllowedAndBounded()
    {
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>> { ["Node"] = [new("value", "uint256"), new("children", "Node[]")] };
        var domain = new Eip712Domain { Name = "Tree" };
        var leaf = AbiValue.List(2, AbiValue.List());
        var tree = AbiValue.List(1, AbiValue.List(leaf, leaf));

        var typedData = Eip712TypedData.Create(types, "Node", domain, tree).Value;

        typedData.Types.EncodeType("Node").ShouldBe("Node(uint256 value,Node[] children)");
        byte[] typeHash = Keccak256.Hash("Node(uint256 value,Node[] children)"u8);
        byte[] leafHash = Keccak256.Hash([.. typeHash, .. AbiEncoder.Encode([AbiType.UInt256], [2]).Value, .. Keccak256.Hash([])]);
        byte[] rootHash = Keccak256.Hash([.. typeHash, .. AbiEncoder.Encode([AbiType.UInt256], [1]).Value, .. Keccak256.Hash([.. leafHash, .. leafHash])]);
        typedData.GetMessageHash().ShouldBe(rootHash);

        var deep = AbiValue.List(0, AbiValue.List());
        for (int i = 0; i < 100; i++)
        {
            deep = AbiValue.List(0, AbiValue.List(deep));
        }

        Eip712TypedData.Create(types, "Node", domain, deep).Error.Code.ShouldBe(Eip712ErrorCode.TooDeep);
    }

    [Fact]
    public void FromJson_MetaMaskRecursiveVector_IsRefusedAsCyclic()
    {
        // eth-sig-util's "recursive types" vector leaves struct members out (v4 hashes a missing struct as zero);
        // EIP-712 defines no null struct, so a type that must contain itself has no finite value here.
        const string json = """
            {"types":{"EIP712Domain":[{"name":"name","type":"string"}],"Person":[{"name":"name","type":"string"},{"name":"mother","type":"Person"},{"name":"father","type":"Person"}]},
             "domain":{"name":"Family Tree"},"primaryType":"Person","message":{"name":"Jon"}}
            """;

        Eip712TypedData.FromJson(json).Error.Code.ShouldBe(Eip712ErrorCode.CyclicType);
    }

    [Fact]
    public void HashStruct_OfAtomicMembers_IsKeccakOfTypeHashAndAbiEncoding()
    {
        // EIP-712, "Rationale for encodeData": hashStruct(s) = keccak256(abi.encode(TYPEHASH, members…)) for atomic members.
        var atomic = AbiGenerators.Elementary().Where(t => !t.IsDynamic);
        var structs = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(atomic, n))
            .SelectMany(types => Gen.ArrayOf(Gen.Choose(0, 0), types.Length).SelectMany(_ => Values(types).Select(values => (types, values))));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(structs), input =>
        {
            var fields = input.types.Select((t, i) => new Eip712Field("m" + i, t.CanonicalName)).ToArray();
            var types = Eip712Types.Create(new Dictionary<string, IReadOnlyList<Eip712Field>> { ["S"] = fields }).Value;
            byte[] typeHash = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes("S(" + string.Join(",", fields.Select(f => f.Type + " " + f.Name)) + ")"));
            byte[] expected = Keccak256.Hash([.. typeHash, .. AbiEncoder.Encode(input.types, input.values).Value]);
            return types.HashStruct("S", AbiValue.List(input.values)).Value.AsSpan().SequenceEqual(expected);
        }));
    }

    [Fact]
    public void Sign_ThenRecover_GivesTheSigner()
    {
        using var key = EthPrivateKey.FromBytes(Keccak256.Hash("bridge relay"u8));
        var typedData = Eip712TypedData.FromJson(Eip712VectorTests.ArrayJson).Value;

        var signature = Eip712Signer.Sign(key, typedData);

        Eip712Signer.TryRecoverSigner(typedData, signature, out var signer).ShouldBeTrue();
        signer.ShouldBe(key.Address);
    }

    private static Gen<AbiValue[]> Values(AbiType[] types)
    {
        var result = Gen.Constant(Array.Empty<AbiValue>());
        foreach (var type in types)
        {
            var next = AbiGenerators.Value(type);
            result = result.SelectMany(done => next.Select(value => (AbiValue[])[.. done, value]));
        }

        return result;
    }
}
