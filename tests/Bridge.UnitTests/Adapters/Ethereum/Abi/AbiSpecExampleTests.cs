using Bridge.Adapters.Ethereum.Abi;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>
/// Every worked example of the Solidity ABI specification (ethereum/solidity docs/abi-spec.rst, "Examples" and "Use of
/// Dynamic Types"), byte for byte, plus the canonical signature of its tuple JSON example ("Handling tuple types") and
/// the Error(string) revert data of control-structures.rst ("revert").
/// </summary>
[Trait("Category", "Unit")]
public sealed class AbiSpecExampleTests
{
    public static TheoryData<string, string, string> Selectors => new()
    {
        { "baz(uint32,bool)", "baz(uint32,bool)", "0xcdcd77c0" },
        { "bar(bytes3[2])", "bar(bytes3[2])", "0xfce353f6" },
        { "sam(bytes,bool,uint[])", "sam(bytes,bool,uint256[])", "0xa5643bf2" },
        { "f(uint,uint32[],bytes10,bytes)", "f(uint256,uint32[],bytes10,bytes)", "0x8be65246" },
        { "g(uint[][],string[])", "g(uint256[][],string[])", "0x2289b18c" },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void Parse_SpecFunction_GivesCanonicalSignatureAndSelector(string declared, string canonical, string selector)
    {
        var function = AbiFunction.Parse(declared);

        function.IsSuccess.ShouldBeTrue(function.ToString());
        function.Value.Signature.ShouldBe(canonical);
        function.Value.Selector.ToString().ShouldBe(selector);
    }

    [Fact]
    public void EncodeCall_Baz69True_MatchesSpec()
    {
        var baz = AbiFunction.Parse("baz(uint32 x, bool y)").Value;

        var encoded = baz.EncodeCall(69, true);

        Hex(encoded).ShouldBe(
            "cdcd77c0"
            + "0000000000000000000000000000000000000000000000000000000000000045"
            + "0000000000000000000000000000000000000000000000000000000000000001");
        encoded.Value.Length.ShouldBe(68);
    }

    [Fact]
    public void DecodeOutput_BazReturningFalse_IsFalse()
    {
        var baz = new AbiFunction("baz", [new AbiParameter("x", AbiType.UInt(32)), new AbiParameter("y", AbiType.Bool)], [new AbiParameter("r", AbiType.Bool)]);

        var decoded = baz.DecodeOutput(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"));

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.ShouldBe([AbiValue.Bool(false)]);
    }

    [Fact]
    public void EncodeCall_BarAbcDef_MatchesSpec()
    {
        var bar = AbiFunction.Parse("bar(bytes3[2])").Value;

        var encoded = bar.EncodeCall(AbiValue.List("abc"u8.ToArray(), "def"u8.ToArray()));

        Hex(encoded).ShouldBe(
            "fce353f6"
            + "6162630000000000000000000000000000000000000000000000000000000000"
            + "6465660000000000000000000000000000000000000000000000000000000000");
    }

    [Fact]
    public void EncodeCall_SamDaveTrue123_MatchesSpec()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint[])").Value;

        var encoded = sam.EncodeCall("dave"u8.ToArray(), true, AbiValue.List(1, 2, 3));

        Hex(encoded).ShouldBe(SamCall);
        encoded.Value.Length.ShouldBe(292);
    }

    [Fact]
    public void DecodeCall_SamSpecBytes_GivesTheArguments()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint[])").Value;

        var decoded = sam.DecodeCall(Convert.FromHexString(SamCall));

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.ShouldBe([AbiValue.Bytes("dave"u8), AbiValue.Bool(true), AbiValue.List(1, 2, 3)]);
    }

    [Fact]
    public void EncodeCall_DynamicTypesExampleF_MatchesSpec()
    {
        var f = AbiFunction.Parse("f(uint,uint32[],bytes10,bytes)").Value;

        var encoded = f.EncodeCall(0x123, AbiValue.List(0x456, 0x789), "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());

        Hex(encoded).ShouldBe(FCall);
        f.DecodeCall(Convert.FromHexString(FCall)).Value.ShouldBe(
            [AbiValue.Integer(0x123), AbiValue.List(0x456, 0x789), AbiValue.Bytes("1234567890"u8), AbiValue.Bytes("Hello, world!"u8)]);
    }

    [Fact]
    public void EncodeCall_DynamicTypesExampleG_MatchesSpec()
    {
        var g = AbiFunction.Parse("g(uint[][],string[])").Value;

        var encoded = g.EncodeCall(AbiValue.List(AbiValue.List(1, 2), AbiValue.List(3)), AbiValue.List("one", "two", "three"));

        Hex(encoded).ShouldBe(GCall);
        g.DecodeCall(Convert.FromHexString(GCall)).Value.ShouldBe(
            [AbiValue.List(AbiValue.List(1, 2), AbiValue.List(3)), AbiValue.List("one", "two", "three")]);
    }

    [Fact]
    public void Encode_GEmbeddedArraysSwapped_KeepTheirEncodings()
    {
        // "the encodings of the embedded elements of the root arrays are not dependent on each other and have the same
        // encodings for a function with a signature g(string[],uint[][])".
        var swapped = AbiEncoder.Encode(
            [AbiType.Parse("string[]").Value, AbiType.Parse("uint[][]").Value],
            [AbiValue.List("one", "two", "three"), AbiValue.List(AbiValue.List(1, 2), AbiValue.List(3))]).Value;

        string strings = GCall[(8 + (10 * 64))..];
        string integers = GCall[(8 + (2 * 64))..(8 + (10 * 64))];
        Convert.ToHexStringLower(swapped).ShouldBe(
            Word(0x40) + Word(0x40 + (strings.Length / 2)) + strings + integers);
    }

    [Fact]
    public void Parse_SpecTupleJson_GivesCanonicalTupleSignature()
    {
        // abi-spec "Handling tuple types": struct S { uint a; uint[] b; T[] c; } struct T { uint x; uint y; }
        // function f(S memory, T memory, uint).
        const string json = """
            [{"name":"f","type":"function","inputs":[
              {"name":"s","type":"tuple","components":[
                {"name":"a","type":"uint256"},{"name":"b","type":"uint256[]"},
                {"name":"c","type":"tuple[]","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]}]},
              {"name":"t","type":"tuple","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]},
              {"name":"a","type":"uint256"}],"outputs":[]}]
            """;

        var contract = AbiContract.Parse(json);

        contract.IsSuccess.ShouldBeTrue(contract.ToString());
        var f = contract.Value.Functions.ShouldHaveSingleItem();
        f.Signature.ShouldBe("f((uint256,uint256[],(uint256,uint256)[]),(uint256,uint256),uint256)");
        f.Selector.ShouldBe(AbiSelector.FromSignature(f.Signature));
        f.Inputs[0].Type.ComponentNames.ShouldBe(["a", "b", "c"]);
        f.Inputs[0].Type.IsDynamic.ShouldBeTrue();
        f.Inputs[1].Type.IsDynamic.ShouldBeFalse();
    }

    [Fact]
    public void Parse_SpecEventJson_GivesEventsAndFunction()
    {
        const string json = """
            [{"type":"event","inputs":[{"name":"a","type":"uint256","indexed":true},{"name":"b","type":"bytes32","indexed":false}],"name":"Event"},
             {"type":"event","inputs":[{"name":"a","type":"uint256","indexed":true},{"name":"b","type":"bytes32","indexed":false}],"name":"Event2"},
             {"type":"function","inputs":[{"name":"a","type":"uint256"}],"name":"foo","outputs":[]}]
            """;

        var contract = AbiContract.Parse(json).Value;

        contract.Events.Select(e => e.Signature).ShouldBe(["Event(uint256,bytes32)", "Event2(uint256,bytes32)"]);
        contract.Events[0].IndexedCount.ShouldBe(1);
        contract.Functions.ShouldHaveSingleItem().Signature.ShouldBe("foo(uint256)");
    }

    [Fact]
    public void DecodeRevert_ControlStructuresExample_GivesTheReason()
    {
        // Solidity docs, control-structures.rst, "revert": revert("Not enough Ether provided.").
        var data = Convert.FromHexString(
            "08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "000000000000000000000000000000000000000000000000000000000000001a"
            + "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");

        var revert = AbiRevert.Decode(data);

        revert.IsSuccess.ShouldBeTrue(revert.ToString());
        revert.Value.Kind.ShouldBe(AbiRevertKind.Error);
        revert.Value.Message.ShouldBe("Not enough Ether provided.");
        Convert.ToHexStringLower(AbiCustomError.ErrorString.Encode("Not enough Ether provided.").Value).ShouldBe(Convert.ToHexStringLower(data));
    }

    [Theory]
    [InlineData("Error(string)", 0x08c379a0u)]
    [InlineData("Panic(uint256)", 0x4e487b71u)]
    public void FromSignature_BuiltInErrors_MatchPublishedSelectors(string signature, uint selector)
    {
        AbiSelector.FromSignature(signature).Value.ShouldBe(selector);
        (signature.StartsWith("Error", StringComparison.Ordinal) ? AbiSelector.ErrorString : AbiSelector.Panic).Value.ShouldBe(selector);
    }

    private const string SamCall =
        "a5643bf2"
        + "0000000000000000000000000000000000000000000000000000000000000060"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "00000000000000000000000000000000000000000000000000000000000000a0"
        + "0000000000000000000000000000000000000000000000000000000000000004"
        + "6461766500000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000003";

    private const string FCall =
        "8be65246"
        + "0000000000000000000000000000000000000000000000000000000000000123"
        + "0000000000000000000000000000000000000000000000000000000000000080"
        + "3132333435363738393000000000000000000000000000000000000000000000"
        + "00000000000000000000000000000000000000000000000000000000000000e0"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000456"
        + "0000000000000000000000000000000000000000000000000000000000000789"
        + "000000000000000000000000000000000000000000000000000000000000000d"
        + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000";

    // Lines 0-19 of the spec's listing; f = 0x40 and g = 0x140 as the spec derives them.
    private const string GCall =
        "2289b18c"
        + "0000000000000000000000000000000000000000000000000000000000000040"
        + "0000000000000000000000000000000000000000000000000000000000000140"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000040"
        + "00000000000000000000000000000000000000000000000000000000000000a0"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "0000000000000000000000000000000000000000000000000000000000000060"
        + "00000000000000000000000000000000000000000000000000000000000000a0"
        + "00000000000000000000000000000000000000000000000000000000000000e0"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "6f6e650000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "74776f0000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000005"
        + "7468726565000000000000000000000000000000000000000000000000000000";

    private static string Hex(AbiResult<byte[]> result)
    {
        result.IsSuccess.ShouldBeTrue(result.ToString());
        return Convert.ToHexStringLower(result.Value);
    }

    private static string Word(int value) => value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
