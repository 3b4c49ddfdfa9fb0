using System.Text;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Eip712;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Eip712;

/// <summary>
/// The Mail example of EIP-712: every value the reference implementation (ethereum/EIPs assets/eip-712/Example.js)
/// asserts — encodeType, typeHash, encodeData, hashStruct, domain separator, digest and the signature by the key
/// keccak256("cow") — and the signature in the EIP's eth_signTypedData example result.
/// </summary>
[Trait("Category", "Unit")]
public sealed class Eip712SpecTests
{
    internal const string MailJson = """
        {"types":{
           "EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
           "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
           "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
         "primaryType":"Mail",
         "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
         "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
        """;

    internal const string MailDigest = "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2";

    private static readonly Eip712TypedData Mail = Eip712TypedData.FromJson(MailJson).Value;

    [Fact]
    public void EncodeType_Mail_MatchesExampleJs() =>
        Mail.Types.EncodeType("Mail").ShouldBe("Mail(Person from,Person to,string contents)Person(string name,address wallet)");

    [Fact]
    public void TypeHash_Mail_MatchesExampleJs() =>
        Convert.ToHexStringLower(Mail.Types.TypeHash("Mail")).ShouldBe("a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");

    [Fact]
    public void EncodeData_Mail_MatchesExampleJs()
    {
        // Example.js's encodeData prepends the typeHash; the EIP's encodeData (ours) does not.
        var data = Mail.Types.EncodeData("Mail", Mail.Message);

        data.IsSuccess.ShouldBeTrue(data.ToString());
        Convert.ToHexStringLower([.. Mail.Types.TypeHash("Mail"), .. data.Value]).ShouldBe(
            "a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2"
            + "fc71e5fa27ff56c350aa531bc129ebdf613b772b6604664f5d8dbe21b85eb0c8"
            + "cd54f074a4af31b4411ff6a60c9719dbd559c221c8ac3492d9d872b041d703d1"
            + "b5aadf3154a261abdd9086fc627b61efca26ae5702701d05cd2305f7c52a2fc8");
    }

    [Fact]
    public void HashStruct_Mail_MatchesExampleJs()
    {
        Convert.ToHexStringLower(Mail.GetMessageHash()).ShouldBe("c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
        Convert.ToHexStringLower(Mail.Types.HashStruct("Mail", Mail.Message).Value).ShouldBe("c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
    }

    [Fact]
    public void DomainSeparator_EtherMail_MatchesExampleJs() =>
        Convert.ToHexStringLower(Mail.GetDomainSeparator()).ShouldBe("f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");

    [Fact]
    public void Digest_Mail_MatchesExampleJs() => Convert.ToHexStringLower(Mail.GetDigest()).ShouldBe(MailDigest);

    [Fact]
    public void Sign_CowKey_GivesTheExampleSignature()
    {
        using var cow = EthPrivateKey.FromBytes(Keccak256.Hash("cow"u8));

        var signature = Eip712Signer.Sign(cow, Mail);

        cow.Address.ToLowerHex().ShouldBe("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
        byte[] rsv = signature.ToBytes65();
        Convert.ToHexStringLower(rsv.AsSpan(0, 32)).ShouldBe("4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d");
        Convert.ToHexStringLower(rsv.AsSpan(32, 32)).ShouldBe("07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562");
        rsv[64].ShouldBe((byte)28);
        // The EIP's eth_signTypedData example result: r ‖ s ‖ v.
        Convert.ToHexStringLower(rsv).ShouldBe(
            "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c");
    }

    [Fact]
    public void TryRecoverSigner_ExampleSignature_GivesTheCowAddress()
    {
        var signature = EthSignature.FromBytes65(Convert.FromHexString(
            "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c"));

        Eip712Signer.TryRecoverSigner(Mail, signature, out var signer).ShouldBeTrue();

        signer.ShouldBe(EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"));
    }

    [Fact]
    public void TryRecoverSigner_OtherMessage_GivesAnotherAddress()
    {
        var signature = EthSignature.FromBytes65(Convert.FromHexString(
            "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c"));
        var altered = Eip712TypedData.FromJson(MailJson.Replace("Hello, Bob!", "Hello, Bob?", StringComparison.Ordinal)).Value;

        bool recovered = Eip712Signer.TryRecoverSigner(altered, signature, out var signer);

        (recovered && signer == EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")).ShouldBeFalse();
    }

    [Fact]
    public void Create_ProgrammaticMail_GivesTheSameDigest()
    {
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>
        {
            ["Person"] = [new("name", "string"), new("wallet", "address")],
            ["Mail"] = [new("from", "Person"), new("to", "Person"), new("contents", "string")],
        };
        var domain = new Eip712Domain
        {
            Name = "Ether Mail",
            Version = "1",
            ChainId = 1,
            VerifyingContract = EthAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"),
        };
        var message = AbiValue.List(
            AbiValue.List("Cow", EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")),
            AbiValue.List("Bob", EthAddress.Parse("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")),
            "Hello, Bob!");

        var typedData = Eip712TypedData.Create(types, "Mail", domain, message);

        typedData.IsSuccess.ShouldBeTrue(typedData.ToString());
        Convert.ToHexStringLower(typedData.Value.GetDigest()).ShouldBe(MailDigest);
        typedData.Value.Message.ShouldBe(Mail.Message);
        typedData.Value.Domain.ShouldBe(Mail.Domain);
    }

    [Fact]
    public void EncodeType_SpecTransactionExample_SortsReferencedTypes()
    {
        // EIP-712, "Definition of encodeType".
        var types = Eip712Types.Create(new Dictionary<string, IReadOnlyList<Eip712Field>>
        {
            ["Transaction"] = [new("from", "Person"), new("to", "Person"), new("tx", "Asset")],
            ["Person"] = [new("wallet", "address"), new("name", "string")],
            ["Asset"] = [new("token", "address"), new("amount", "uint256")],
        }).Value;

        types.EncodeType("Transaction").ShouldBe("Transaction(Person from,Person to,Asset tx)Asset(address token,uint256 amount)Person(address wallet,string name)");
        Convert.ToHexStringLower(types.TypeHash("Person")).ShouldBe(Keccak256.HashHex(Encoding.UTF8.GetBytes("Person(address wallet,string name)")));
    }

    [Fact]
    public void FromJson_EarlierExampleWithHttpOrigin_FollowsTheDomainTypeOrder()
    {
        // The first published revision of Example.js: an EIP712Domain with a non-standard httpOrigin field between
        // chainId and verifyingContract; it asserts the digest 0xa5f5…593e and the signature v 27, r 0x2404…0480, s 0x42bb…d057.
        string json = MailJson
            .Replace("""{"name":"chainId","type":"uint256"},""", """{"name":"chainId","type":"uint256"},{"name":"httpOrigin","type":"string"},""", StringComparison.Ordinal)
            .Replace("\"chainId\":1,", "\"chainId\":1,\"httpOrigin\":\"https://ether-mail.eth\",", StringComparison.Ordinal);
        var typedData = Eip712TypedData.FromJson(json).Value;
        using var cow = EthPrivateKey.FromBytes(Keccak256.Hash("cow"u8));

        Convert.ToHexStringLower(typedData.GetDigest()).ShouldBe("a5f5fa6b05af38f2e9d2889ac36f5a4ba31e20646781d23739de458d86d6593e");
        Convert.ToHexStringLower(Eip712Signer.Sign(cow, typedData).ToBytes65()).ShouldBe(
            "24040eda35064d96c51f3308b5fae290edae563327348886a366ed604e0c0480" + "42bbabf2fae4b00598596a99d577dde56ff9d013e861f611cfe7b0728e1cd057" + "1b");
    }

    [Fact]
    public void ComputeDigest_IsKeccakOf1901Prefix()
    {
        byte[] domain = Mail.GetDomainSeparator();
        byte[] message = Mail.GetMessageHash();

        Eip712TypedData.ComputeDigest(domain, message).ShouldBe(Keccak256.Hash([0x19, 0x01, .. domain, .. message]));
    }
}
