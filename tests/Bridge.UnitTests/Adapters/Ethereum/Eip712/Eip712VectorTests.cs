using Bridge.Adapters.Ethereum.Eip712;

namespace Bridge.UnitTests.Adapters.Ethereum.Eip712;

/// <summary>
/// eth_signTypedData_v4 vectors of MetaMask/eth-sig-util (src/sign-typed-data.test.ts, reproduced by several wallets'
/// test suites): lowercase addresses, a <c>bytes</c> member, and arrays of structs and of addresses with the
/// intermediate hashes published with them.
/// </summary>
[Trait("Category", "Unit")]
public sealed class Eip712VectorTests
{
    private const string Domain = "\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"type\":\"address\"}]";

    private const string LowercaseJson =
        "{\"types\":{" + Domain + ",\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallet\",\"type\":\"address\"}],\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person\"},{\"name\":\"contents\",\"type\":\"string\"}]},\"primaryType\":\"Mail\",\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,\"verifyingContract\":\"0xcccccccccccccccccccccccccccccccccccccccc\"},\"message\":{\"from\":{\"name\":\"Cow\",\"wallet\":\"0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826\"},\"to\":{\"name\":\"Bob\",\"wallet\":\"0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"},\"contents\":\"Hello, Bob!\"}}";

    private const string BytesJson =
        "{\"types\":{" + Domain + ",\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallet\",\"type\":\"address\"}],\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person\"},{\"name\":\"contents\",\"type\":\"string\"},{\"name\":\"payload\",\"type\":\"bytes\"}]},\"primaryType\":\"Mail\",\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"},\"message\":{\"from\":{\"name\":\"Cow\",\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},\"to\":{\"name\":\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"},\"contents\":\"Hello, Bob!\",\"payload\":\"0x25192142931f380985072cdd991e37f65cf8253ba7a0e675b54163a1d133b8ca\"}}";

    internal const string ArrayJson =
        "{\"types\":{" + Domain + ",\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallets\",\"type\":\"address[]\"}],\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person[]\"},{\"name\":\"contents\",\"type\":\"string\"}],\"Group\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"members\",\"type\":\"Person[]\"}]},\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"},\"primaryType\":\"Mail\",\"message\":{\"from\":{\"name\":\"Cow\",\"wallets\":[\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\",\"0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF\"]},\"to\":[{\"name\":\"Bob\",\"wallets\":[\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\",\"0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57\",\"0xB0B0b0b0b0b0B000000000000000000000000000\"]}],\"contents\":\"Hello, Bob!\"}}";

    [Theory]
    [InlineData("lowercase addresses", "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")]
    [InlineData("bytes member", "b4aaf457227fec401db772ec22d2095d1235ee5d0833f56f59108c9ffc90fb4b", "e004bdc1ca57ba9ad5ea8c81e54dcbdb3bfce2d1d5ad92113f0871fb2a6eb052")]
    [InlineData("arrays", "a85c2e2b118698e88db68a8105b794a8cc7cec074e89ef991cb4f5f533819cc2", "eb4221181ff3f1a83ea7313993ca9218496e424604ba9492bb4052c03d5c3df8")]
    public void FromJson_Vector_GivesPublishedHashes(string vector, string digest, string messageHash)
    {
        string json = vector switch
        {
            "lowercase addresses" => LowercaseJson,
            "bytes member" => BytesJson,
            _ => ArrayJson,
        };

        var typedData = Eip712TypedData.FromJson(json);

        typedData.IsSuccess.ShouldBeTrue(typedData.ToString());
        Convert.ToHexStringLower(typedData.Value.GetDomainSeparator()).ShouldBe("f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
        Convert.ToHexStringLower(typedData.Value.GetMessageHash()).ShouldBe(messageHash);
        Convert.ToHexStringLower(typedData.Value.GetDigest()).ShouldBe(digest);
    }

    [Fact]
    public void FromJson_ArrayVector_GivesPublishedIntermediateHashes()
    {
        var typedData = Eip712TypedData.FromJson(ArrayJson).Value;
        var types = typedData.Types;

        types.EncodeType("Mail").ShouldBe("Mail(Person from,Person[] to,string contents)Person(string name,address[] wallets)");
        Convert.ToHexStringLower(types.TypeHash("Person")).ShouldBe("fabfe1ed996349fc6027709802be19d047da1aa5d6894ff5f6486d92db2e6860");
        Convert.ToHexStringLower(types.TypeHash("Mail")).ShouldBe("4bd8a9a2b93427bb184aca81e24beb30ffa3c747e2a33d4225ec08bf12e2e753");
        Convert.ToHexStringLower(types.HashStruct("Person", typedData.Message.Items[0]).Value).ShouldBe("9b4846dd48b866f0ac54d61b9b21a9e746f921cefa4ee94c4c0a1c49c774f67f");
        Convert.ToHexStringLower(types.HashStruct("Person", typedData.Message.Items[1].Items[0]).Value).ShouldBe("efa62530c7ae3a290f8a13a5fc20450bdb3a6af19d9d9d2542b5a94e631a9168");
    }
}
