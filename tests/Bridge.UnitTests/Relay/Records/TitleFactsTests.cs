using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Canonical.Hashing;
using Bridge.Relay.Records;
using Bridge.Simulators.Fabric.Chaincode;

namespace Bridge.UnitTests.Relay.Records;

/// <summary>
/// <see cref="TitleFacts.FromLedgerEvent"/> on the payloads the networks really emit: the Fabric form from the bridge
/// chaincode run on an in-memory world state, the Ethereum form from TitleRegistry's ABI events encoded, decoded and written
/// as the Ethereum adapter writes them.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TitleFactsTests : IDisposable
{
    private const string Carrier = "CarrierMSP::carrier-admin";
    private const string Bank = "BankMSP::bank-user";
    private const string Recipient = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private static readonly EthAddress Registry = EthAddress.Parse("0x00000000000000000000000000000000000000aa");
    private static readonly EthAddress Alice = EthAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    private static readonly EthAddress Bob = EthAddress.Parse("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB");

    private readonly Dictionary<string, byte[]> _state = [];
    private readonly BridgeChaincode _chaincode = new();
    private readonly EthPrivateKey _relay = EthPrivateKey.Generate();
    private int _block;

    public void Dispose() => _relay.Dispose();

    [Fact]
    public void FromLedgerEvent_FabricTitleLifecycle_GivesStateAndPartiesAfterEachEvent()
    {
        var titleId = Guid.NewGuid();
        var id = titleId.ToString("D").ToUpperInvariant(); // the chaincode keeps the id as given; the fact normalises it
        Invoke(Carrier, "SetRelaySigners", _relay.Address.ToString(), "1");

        var issued = Fact(Invoke(Carrier, "IssueTitle", id, Carrier, Carrier));
        var transferred = Fact(Invoke(Carrier, "TransferTitle", id, Bank));
        var endorsed = Fact(Invoke(Bank, "EndorseTitle", id, Bank));
        var locked = Fact(Invoke(Bank, "LockTitle", id, "lane-a", "eth-trade", Recipient));
        var messageId = "0x" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var released = Fact(Invoke(Carrier, "ReleaseTitle", "lane-a", messageId, id, Carrier, Bank, ValidUntilText, Attest("lane-a", messageId, id, Carrier, Bank)));

        new[] { issued, transferred, endorsed, locked, released }.Select(f => (f!.Event, f.State, f.Holder, f.Beneficiary)).ShouldBe(
        [
            ("TitleIssued", LedgerTitleState.Active, Carrier, Carrier),
            ("HolderTransferred", LedgerTitleState.Active, Bank, Carrier),
            ("BeneficiaryTransferred", LedgerTitleState.Active, Bank, Bank),
            ("CrossChainMessage", LedgerTitleState.Locked, Bank, Bank),
            ("TitleReleased", LedgerTitleState.Active, Carrier, Bank),
        ]);
        new[] { issued, transferred, endorsed, locked, released }.ShouldAllBe(f => f!.TitleId == titleId.ToString("D") && f.SourceSystem == "FABRIC" && f.Contract == null && f.Network == "fab");
        new[] { issued, transferred, endorsed, locked }.ShouldAllBe(f => f!.MessageId == null);
        released!.MessageId.ShouldBe(messageId[2..].ToLowerInvariant());
    }

    [Fact]
    public void FromLedgerEvent_FabricImportAndBurn_GiveActiveWithTheMessageThenBurned()
    {
        Invoke(Carrier, "SetRelaySigners", _relay.Address.ToString(), "1");
        var messageId = "0x" + new string('7', 64);

        var imported = Fact(Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-1", Bank, Carrier, ValidUntilText, Attest("lane-b", messageId, "EBL-1", Bank, Carrier)));
        var burned = Fact(Invoke(Bank, "BurnTitle", "EBL-1", "lane-b", "eth-trade", Recipient));

        imported.ShouldNotBeNull();
        imported.Event.ShouldBe("TitleImported");
        imported.State.ShouldBe(LedgerTitleState.Active);
        imported.MessageId.ShouldBe(new string('7', 64));
        (imported.Holder, imported.Beneficiary).ShouldBe((Bank, Carrier));
        burned.ShouldNotBeNull();
        burned.State.ShouldBe(LedgerTitleState.Burned);
        burned.MessageId.ShouldBeNull("a departure names the chain's own outbound id, not a relay message");
        // Not a UUID: the title id is its word, as TitleRegistry names the same title.
        imported.TitleId.ShouldBe("0x" + Convert.ToHexStringLower(Keccak256.Hash("EBL-1"u8)));
        burned.TitleId.ShouldBe(imported.TitleId);
    }

    [Fact]
    public void FromLedgerEvent_FabricProvenance_IsTheEventsPositionTransactionAndPayloadDigest()
    {
        var (name, payload) = Invoke(Carrier, "IssueTitle", "EBL-2", Carrier, Bank)!.Value;
        var ledgerEvent = new LedgerEvent("00000000000000000042/0000000000", new TxRef("tx-abc", 42), name, payload);

        var fact = TitleFacts.FromLedgerEvent("fab", ledgerEvent).ShouldNotBeNull();

        fact.ProtocolId.ShouldBe("00000000000000000042/0000000000");
        fact.TxId.ShouldBe("tx-abc");
        fact.Block.ShouldBe(42);
        fact.PayloadSha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(payload)));
    }

    [Fact]
    public void FromLedgerEvent_EthereumTitleEvents_GiveStateAndTheNamedParties()
    {
        var titleId = Guid.NewGuid();
        var word = Bytes32Names.Of(titleId.ToString());
        var lane = Bytes32Names.Of("lane-a");
        var messageId = RandomNumberGenerator.GetBytes(32);

        var facts = new[]
        {
            Abi("TitleIssued", word, Alice, Alice, Bob),
            Abi("HolderTransferred", word, Alice, Bob),
            Abi("BeneficiaryTransferred", word, Bob, Alice),
            Abi("TitleLocked", word, lane, messageId, Bob, Alice),
            Abi("TitleBurned", word, lane, messageId, Bob, Alice),
            Abi("TitleImported", word, lane, messageId, Alice, Bob),
            Abi("TitleReleased", word, lane, messageId, Bob, Bob),
        }.Select(e => TitleFacts.FromLedgerEvent("eth", e)).ToList();

        facts.Select(f => (f!.Event, f.State, f.Holder, f.Beneficiary, f.MessageId)).ShouldBe(
        [
            ("TitleIssued", LedgerTitleState.Active, Alice.ToString(), Bob.ToString(), null),
            ("HolderTransferred", LedgerTitleState.Active, Bob.ToString(), null, null),
            ("BeneficiaryTransferred", LedgerTitleState.Active, null, Alice.ToString(), null),
            ("TitleLocked", LedgerTitleState.Locked, Bob.ToString(), Alice.ToString(), null),
            ("TitleBurned", LedgerTitleState.Burned, Bob.ToString(), Alice.ToString(), null),
            ("TitleImported", LedgerTitleState.Active, Alice.ToString(), Bob.ToString(), Convert.ToHexStringLower(messageId)),
            ("TitleReleased", LedgerTitleState.Active, Bob.ToString(), Bob.ToString(), Convert.ToHexStringLower(messageId)),
        ]);
        facts.ShouldAllBe(f => f!.TitleId == titleId.ToString("D") && f.SourceSystem == "ETHEREUM" && f.Contract == Registry.ToString());
    }

    [Fact]
    public void FromLedgerEvent_SameTitleIdOnBothForms_IsTheSameTitle()
    {
        var fabric = Fact(Invoke(Carrier, "IssueTitle", "EBL-3", Carrier, Carrier));
        var ethereum = TitleFacts.FromLedgerEvent("eth", Abi("TitleIssued", Bytes32Names.Of("EBL-3"), Alice, Alice, Alice));

        ethereum.ShouldNotBeNull().TitleId.ShouldBe(fabric.ShouldNotBeNull().TitleId);
    }

    [Fact]
    public void FromLedgerEvent_NotATitleFact_IsNull()
    {
        var word = Bytes32Names.Of(Guid.NewGuid().ToString());
        var crossChain = Abi("CrossChainMessage", Bytes32Names.Of("lane-a"), RandomNumberGenerator.GetBytes(32), 1, Bytes32Names.Of("fab"), Bytes32Names.Of(Bank), RandomNumberGenerator.GetBytes(32));
        var issued = Abi("TitleIssued", word, Alice, Alice, Bob);
        var anchored = Invoke(Carrier, "AnchorDocument", "doc-1", new string('a', 64), new string('b', 64), "BILL_OF_LADING")!.Value;

        TitleFacts.FromLedgerEvent("eth", crossChain).ShouldBeNull("the TitleLocked or TitleBurned of the same transaction is the fact");
        TitleFacts.FromLedgerEvent("eth", issued with { Retracted = true }).ShouldBeNull();
        TitleFacts.FromLedgerEvent("fab", new LedgerEvent("1", new TxRef("t"), anchored.Name, anchored.Payload)).ShouldBeNull();
        TitleFacts.FromLedgerEvent("fab", new LedgerEvent("1", new TxRef("t"), "TitleIssued", "not json"u8.ToArray())).ShouldBeNull();
        TitleFacts.FromLedgerEvent("fab", new LedgerEvent("1", new TxRef("t"), "TitleIssued", """{"titleId":"x","state":"lost","holder":"a","beneficiary":"b"}"""u8.ToArray())).ShouldBeNull();
        TitleFacts.FromLedgerEvent("eth", new LedgerEvent("1", new TxRef("t"), "TitleIssued", """{"event":"TitleIssued","args":{"titleId":"0x12","holder":"a","beneficiary":"b"}}"""u8.ToArray())).ShouldBeNull();
        TitleFacts.FromLedgerEvent("fab", new LedgerEvent("1", new TxRef("t"), "TitleImported", """{"titleId":"x","messageId":"m","holder":"a","beneficiary":"b"}"""u8.ToArray())).ShouldBeNull();
    }

    [Theory]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("0x000000000000000000000000000000003f2504e04f8911d39a0c0305e82c3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("0xAB00000000000000000000000000000000000000000000000000000000000001", "0xab00000000000000000000000000000000000000000000000000000000000001")]
    public void NormalizeTitleId_UuidOrWord_GivesOneForm(string raw, string expected) =>
        TitleFacts.NormalizeTitleId(raw).ShouldBe(expected);

    private static LedgerEvent Abi(string name, params AbiValue[] values)
    {
        BridgeContracts.TitleRegistry.Abi.TryGetEvent(name, out var abiEvent).ShouldBeTrue();
        var log = abiEvent.EncodeLog(values).Value;
        var decoded = BridgeContracts.TitleRegistry.Abi.DecodeLog(log.Topics, log.Data).Value;
        return new LedgerEvent("00000000000000000007/0000000000/0000000001", new TxRef("0xabc", 7, "0xdef"), name, AbiJson.EventPayload(Registry.ToString(), decoded));
    }

    // The attestations' expiry: 2100-01-01 (unix seconds), far after the stub's transaction time.
    private const ulong ValidUntil = 4102444800;

    private static string ValidUntilText => ValidUntil.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private TitleFact? Fact((string Name, byte[] Payload)? emitted)
    {
        var (name, payload) = emitted.ShouldNotBeNull();
        _block++;
        return TitleFacts.FromLedgerEvent("fab", new LedgerEvent(LedgerEvent.FormatProtocolId((ulong)_block, 0, 0), new TxRef($"tx{_block}", _block), name, payload));
    }

    private string Attest(string lane, string messageId, string titleId, string holder, string beneficiary)
    {
        var digest = FabricRelayAttestation.Digest("trade", "bridge", Bytes32Names.Of(lane), Bytes32Names.Of(messageId), FabricRelayAttestation.InboundPayloadHash(titleId, holder, beneficiary), ValidUntil);
        return HexData.Encode(_relay.Sign(digest).ToBytes65());
    }

    private (string Name, byte[] Payload)? Invoke(string creator, string function, params string[] args)
    {
        var stub = new MemoryStub(_state, $"tx{_state.Count}", creator);
        var response = _chaincode.Invoke(stub, function, [.. args.Select(a => Encoding.UTF8.GetBytes(a))]);
        response.ShouldBeOfType<ChaincodeResponse.Success>(function);
        foreach (var (key, value) in stub.Writes)
        {
            _state[key] = value;
        }

        return stub.Event;
    }

    private sealed class MemoryStub(Dictionary<string, byte[]> state, string txId, string creator) : IChaincodeStub
    {
        public Dictionary<string, byte[]> Writes { get; } = [];

        public (string Name, byte[] Payload)? Event { get; private set; }

        public string TxId => txId;

        public string ChannelId => "trade";

        public string ChaincodeName => "bridge";

        public string CreatorMspId => creator[..creator.IndexOf("::", StringComparison.Ordinal)];

        public string Creator => creator;

        public DateTimeOffset Timestamp => new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

        public byte[]? GetState(string key) => Writes.TryGetValue(key, out var pending) ? pending : state.GetValueOrDefault(key);

        public void PutState(string key, byte[] value) => Writes[key] = value;

        public void SetEvent(string name, byte[] payload) => Event = (name, payload);
    }
}
