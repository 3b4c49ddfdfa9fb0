using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>solc JSON ABI parsing (abi-spec.rst, "JSON"), lookups, log and revert decoding.</summary>
[Trait("Category", "Unit")]
public sealed class AbiContractTests
{
    private const string Artifact = """
        {"contractName":"Token","abi":[
          {"type":"constructor","inputs":[{"name":"supply","type":"uint256","internalType":"uint256"}],"stateMutability":"nonpayable"},
          {"type":"receive","stateMutability":"payable"},
          {"type":"fallback","stateMutability":"payable"},
          {"type":"function","name":"transfer","inputs":[{"name":"to","type":"address","internalType":"address"},{"name":"amount","type":"uint256","internalType":"uint256"}],"outputs":[{"name":"","type":"bool","internalType":"bool"}],"stateMutability":"nonpayable"},
          {"type":"function","name":"balanceOf","inputs":[{"name":"who","type":"address"}],"outputs":[{"name":"","type":"uint256"}],"stateMutability":"view"},
          {"type":"function","name":"mint","inputs":[{"name":"to","type":"address"}],"outputs":[]},
          {"type":"function","name":"mint","inputs":[{"name":"to","type":"address"},{"name":"amount","type":"uint256"}],"outputs":[]},
          {"type":"event","name":"Transfer","anonymous":false,"inputs":[{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},{"name":"value","type":"uint256","indexed":false}]},
          {"type":"error","name":"InsufficientBalance","inputs":[{"name":"available","type":"uint256"},{"name":"required","type":"uint256"}]}
        ]}
        """;

    private static readonly AbiContract Token = AbiContract.Parse(Artifact).Value;

    [Fact]
    public void Parse_Artifact_ReadsEveryEntry()
    {
        Token.Functions.Select(f => f.Signature).ShouldBe(["transfer(address,uint256)", "balanceOf(address)", "mint(address)", "mint(address,uint256)"]);
        Token.Events.ShouldHaveSingleItem().Signature.ShouldBe("Transfer(address,address,uint256)");
        Token.Errors.ShouldHaveSingleItem().Selector.ToString().ShouldBe("0xcf479181");
        Token.ConstructorInputs.ShouldHaveSingleItem().Name.ShouldBe("supply");
        Token.Functions[1].StateMutability.ShouldBe("view");
    }

    [Fact]
    public void TryGetFunction_ByNameSignatureAndSelector_FindsIt()
    {
        Token.TryGetFunction("transfer", out var byName).ShouldBeTrue();
        Token.TryGetFunction(AbiSelector.FromBytes(Convert.FromHexString("a9059cbb")), out var bySelector).ShouldBeTrue();
        bySelector.ShouldBeSameAs(byName);
        Token.TryGetFunction("mint", out _).ShouldBeFalse();
        Token.TryGetFunction("mint(address,uint256)", out var overload).ShouldBeTrue();
        overload.Inputs.Count.ShouldBe(2);
        Token.TryGetFunction("burn", out _).ShouldBeFalse();
    }

    [Fact]
    public void DecodeOutput_BalanceOf_GivesTheNumber()
    {
        Token.TryGetFunction("balanceOf", out var balanceOf).ShouldBeTrue();

        balanceOf.DecodeOutput(Convert.FromHexString(new string('0', 62) + "2a")).Value.ShouldBe([AbiValue.Integer(42)]);
    }

    [Fact]
    public void DecodeLog_ByTopic0_FindsTheEvent()
    {
        Token.TryGetEvent("Transfer", out var transfer).ShouldBeTrue();
        var log = transfer.EncodeLog(EthAddress.Zero, EthAddress.Parse("0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), 5).Value;

        var decoded = Token.DecodeLog(log.Topics, log.Data);

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.Event.ShouldBeSameAs(transfer);
        decoded.Value["value"].AsInteger().ShouldBe(5);
        Token.DecodeLog([new byte[32]], log.Data).Error.Code.ShouldBe(AbiErrorCode.TopicMismatch);
        Token.DecodeLog([], log.Data).Error.Code.ShouldBe(AbiErrorCode.TopicMismatch);
    }

    [Fact]
    public void DecodeRevert_CustomError_GivesNameAndValues()
    {
        var data = Convert.FromHexString("cf479181" + Word(1) + Word(100));

        var revert = Token.DecodeRevert(data);

        revert.IsSuccess.ShouldBeTrue(revert.ToString());
        revert.Value.Kind.ShouldBe(AbiRevertKind.Custom);
        revert.Value.Error!.Name.ShouldBe("InsufficientBalance");
        revert.Value.Values.ShouldBe([AbiValue.Integer(1), AbiValue.Integer(100)]);
        revert.Value.ToString().ShouldBe("InsufficientBalance(1, 100)");
    }

    [Fact]
    public void DecodeRevert_Panic_GivesCodeAndMeaning()
    {
        var revert = AbiRevert.Decode(Convert.FromHexString("4e487b71" + Word(0x11))).Value;

        revert.Kind.ShouldBe(AbiRevertKind.Panic);
        revert.PanicCode.ShouldBe(0x11);
        revert.ToString().ShouldBe("Panic(0x11: arithmetic overflow or underflow)");
    }

    [Fact]
    public void DecodeRevert_EmptyUnknownAndBroken_AreClassified()
    {
        AbiRevert.Decode([]).Value.Kind.ShouldBe(AbiRevertKind.Empty);
        AbiRevert.Decode(Convert.FromHexString("cf479181" + Word(1) + Word(100))).Value.Kind.ShouldBe(AbiRevertKind.Unknown);
        AbiRevert.Decode(Convert.FromHexString("cf4791")).Error.Code.ShouldBe(AbiErrorCode.Truncated);
        AbiRevert.Decode(Convert.FromHexString("08c379a0" + Word(0x20) + Word(0x40))).Error.Code.ShouldBe(AbiErrorCode.InvalidLength);
        Token.DecodeRevert(Convert.FromHexString("cf479181" + Word(1))).Error.Code.ShouldBe(AbiErrorCode.Truncated);
    }

    [Fact]
    public void EncodeConstructor_Supply_IsOneWord() =>
        Convert.ToHexStringLower(Token.EncodeConstructor(1000).Value).ShouldBe(Word(1000));

    [Theory]
    [InlineData("not json", AbiErrorCode.InvalidJson)]
    [InlineData("{}", AbiErrorCode.InvalidJson)]
    [InlineData("[1]", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"modifier","name":"m"}]""", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"function","name":"1f","inputs":[]}]""", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint7"}]}]""", AbiErrorCode.InvalidType)]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"a"}]}]""", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"a","type":"tuple[]"}]}]""", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"a","type":"tuple[2","components":[]}]}]""", AbiErrorCode.InvalidType)]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint8","indexed":true}]}]""", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"function","name":"f","inputs":[]},{"type":"function","name":"f","inputs":[]}]""", AbiErrorCode.InvalidJson)]
    [InlineData("""[{"type":"event","name":"E","inputs":[{"type":"uint8","indexed":true},{"type":"uint8","indexed":true},{"type":"uint8","indexed":true},{"type":"uint8","indexed":true}]}]""", AbiErrorCode.InvalidJson)]
    public void Parse_MalformedAbi_IsRefused(string json, AbiErrorCode code)
    {
        var result = AbiContract.Parse(json);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code, result.Error.ToString());
    }

    [Fact]
    public void Parse_TupleArrayComponents_BuildsNestedTypes()
    {
        const string json = """
            [{"type":"function","name":"f","inputs":[{"name":"xs","type":"tuple[2][]","components":[{"name":"a","type":"uint"},{"name":"b","type":"tuple","components":[{"name":"c","type":"string"}]}]}]}]
            """;

        var f = AbiContract.Parse(json).Value.Functions.ShouldHaveSingleItem();

        f.Signature.ShouldBe("f((uint256,(string))[2][])");
    }

    private static string Word(long value) => value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
