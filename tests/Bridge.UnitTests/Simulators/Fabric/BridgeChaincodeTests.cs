using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Canonical.Hashing;
using Bridge.Simulators.Fabric.Chaincode;

namespace Bridge.UnitTests.Simulators.Fabric;

/// <summary>The bridge chaincode's rules on an in-memory world state (the simulator's peer adds endorsement and MVCC).</summary>
[Trait("Category", "Unit")]
public sealed class BridgeChaincodeTests : IDisposable
{
    private const string Channel = "trade";
    private const string Chaincode = "bridge";
    private const string Carrier = "CarrierMSP::carrier-admin";
    private const string Bank = "BankMSP::bank-user";

    private readonly Dictionary<string, byte[]> _state = [];
    private readonly BridgeChaincode _chaincode = new();
    private readonly EthPrivateKey[] _relays = [EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate()];
    private int _tx;

    public void Dispose()
    {
        foreach (var relay in _relays)
        {
            relay.Dispose();
        }
    }

    [Fact]
    public void AnchorDocument_TwiceOrRevokedByAnother_IsRefusedAndReadable()
    {
        var digest = new string('a', 64);

        var first = Invoke(Carrier, "AnchorDocument", "doc-1", digest, new string('b', 64), "BILL_OF_LADING");
        var again = Invoke(Carrier, "AnchorDocument", "doc-1", digest, new string('b', 64), "BILL_OF_LADING");
        var revokedByOther = Invoke(Bank, "RevokeDocument", "doc-1", "SUPERSEDED");

        first.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        first.Event!.Value.Name.ShouldBe("DocumentAnchored");
        again.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("already anchored");
        revokedByOther.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("only the issuer");
        var anchor = Json(Invoke(Bank, "GetAnchor", "doc-1"));
        anchor.GetProperty("contentDigest").GetString().ShouldBe(digest);
        anchor.GetProperty("issuer").GetString().ShouldBe(Carrier);
        Invoke(Bank, "GetAnchor", "doc-2").Response.ShouldBeOfType<ChaincodeResponse.Error>().Status.ShouldBe(404);
    }

    [Fact]
    public void LockTitle_ByTheHolder_EmitsTheCrossChainMessageWithIndependentlyComputedIds()
    {
        Invoke(Carrier, "IssueTitle", "EBL-1", Carrier, Carrier);
        Invoke(Bank, "TransferTitle", "EBL-1", Bank).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("only the holder");
        Invoke(Carrier, "TransferTitle", "EBL-1", Bank).Response.ShouldBeOfType<ChaincodeResponse.Success>();
        const string recipient = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

        var first = Invoke(Bank, "LockTitle", "EBL-1", "lane-a", "eth-trade", recipient);

        var message = JsonDocument.Parse(first.Event!.Value.Payload).RootElement;
        first.Event.Value.Name.ShouldBe("CrossChainMessage");
        message.GetProperty("nonce").GetUInt64().ShouldBe(1UL);
        var network = Keccak256.Hash(Encoding.UTF8.GetBytes($"{Channel}/{Chaincode}"));
        var lane = Keccak256.Hash("lane-a"u8);
        var nonce = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(24), 1);
        message.GetProperty("messageId").GetString().ShouldBe(HexData.Encode(Keccak256.Hash([.. network, .. lane, .. nonce])));
        var recipientWord = new byte[32];
        EthAddress.Parse(recipient).AsSpan().CopyTo(recipientWord.AsSpan(12));
        var expectedPayload = Keccak256.Hash([.. Keccak256.Hash("EBL-1"u8), .. Keccak256.Hash(Encoding.UTF8.GetBytes(Bank)), .. Keccak256.Hash(Encoding.UTF8.GetBytes(Carrier)), .. recipientWord]);
        message.GetProperty("payloadHash").GetString().ShouldBe(HexData.Encode(expectedPayload));
        Json(Invoke(Bank, "GetTitle", "EBL-1")).GetProperty("state").GetString().ShouldBe("locked");
        Invoke(Bank, "LockTitle", "EBL-1", "lane-a", "eth-trade", recipient).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("not active");
        Invoke(Carrier, "IssueTitle", "EBL-2", Bank, Bank);
        var second = Invoke(Bank, "LockTitle", "EBL-2", "lane-a", "eth-trade", recipient);
        JsonDocument.Parse(second.Event!.Value.Payload).RootElement.GetProperty("nonce").GetUInt64().ShouldBe(2UL);
    }

    [Fact]
    public void ImportTitle_WithAValidAttestation_ImportsOnceAndRefusesAReplay()
    {
        SetSigners(2);
        var messageId = "0x" + new string('1', 64);
        var signatures = Attest("lane-b", messageId, "EBL-9", Bank, Bank, _relays[0], _relays[2]);

        var imported = Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-9", Bank, Bank, signatures);
        var replay = Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-10", Bank, Bank, signatures);

        imported.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        imported.Event!.Value.Name.ShouldBe("TitleImported");
        var title = Json(Invoke(Bank, "GetTitle", "EBL-9"));
        title.GetProperty("home").GetBoolean().ShouldBeFalse();
        title.GetProperty("holder").GetString().ShouldBe(Bank);
        replay.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("already consumed");
        Encoding.UTF8.GetString(((ChaincodeResponse.Success)Invoke(Bank, "IsConsumed", messageId).Response).Payload).ShouldBe("true");
    }

    [Fact]
    public void ImportTitle_BadAttestations_AreRefusedAndConsumeNothing()
    {
        SetSigners(2);
        var messageId = "0x" + new string('2', 64);
        using var outsider = EthPrivateKey.Generate();

        Refused(Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[1])).ShouldContain("2 are required");
        Refused(Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[1], _relays[1])).ShouldContain("2 are required");
        Refused(Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[1], outsider)).ShouldContain("not from a current relay signer");
        Refused(Attest("lane-b", messageId, "EBL-7", Carrier, Bank, _relays[0], _relays[1])).ShouldContain("not from a current relay signer");
        Refused(Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[0], _relays[1], channel: "other")).ShouldContain("not from a current relay signer");
        Refused("0x1234").ShouldContain("65 bytes");
        Encoding.UTF8.GetString(((ChaincodeResponse.Success)Invoke(Bank, "IsConsumed", messageId).Response).Payload).ShouldBe("false");
        Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-7", Bank, Bank, Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[0], _relays[1]))
            .Response.ShouldBeOfType<ChaincodeResponse.Success>();

        string Refused(string signatures) =>
            Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-7", Bank, Bank, signatures).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message;
    }

    [Fact]
    public void ReleaseTitle_OfALockedHomeTitle_ReactivatesItForTheAttestedHolder()
    {
        SetSigners(1);
        Invoke(Carrier, "IssueTitle", "EBL-5", Carrier, Carrier);
        Invoke(Carrier, "LockTitle", "EBL-5", "lane-c", "eth-trade", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var messageId = "0x" + new string('3', 64);

        var released = Invoke(Carrier, "ReleaseTitle", "lane-c", messageId, "EBL-5", Bank, Carrier, Attest("lane-c", messageId, "EBL-5", Bank, Carrier, _relays[1]));

        released.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        var title = Json(Invoke(Bank, "GetTitle", "EBL-5"));
        title.GetProperty("state").GetString().ShouldBe("active");
        title.GetProperty("holder").GetString().ShouldBe(Bank);
        title.GetProperty("home").GetBoolean().ShouldBeTrue();
        Invoke(Carrier, "SetRelaySigners", _relays[0].Address.ToString(), "1").Response.ShouldBeOfType<ChaincodeResponse.Success>();
        Invoke(Bank, "SetRelaySigners", _relays[0].Address.ToString(), "1").Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("only members of CarrierMSP");
    }

    private void SetSigners(int threshold) =>
        Invoke(Carrier, "SetRelaySigners", string.Join(',', _relays.Select(r => r.Address.ToString())), threshold.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Response.ShouldBeOfType<ChaincodeResponse.Success>();

    private static string Attest(string lane, string messageId, string titleId, string holder, string beneficiary, EthPrivateKey first, EthPrivateKey? second = null, string channel = Channel)
    {
        var digest = FabricRelayAttestation.Digest(channel, Chaincode, Bytes32Names.Of(lane), Bytes32Names.Of(messageId), FabricRelayAttestation.InboundPayloadHash(titleId, holder, beneficiary));
        var keys = second is null ? new[] { first } : [first, second];
        return string.Join(',', keys.Select(k => HexData.Encode(k.Sign(digest).ToBytes65())));
    }

    private static JsonElement Json((ChaincodeResponse Response, (string Name, byte[] Payload)? Event) result) =>
        JsonDocument.Parse(result.Response.ShouldBeOfType<ChaincodeResponse.Success>().Payload).RootElement;

    private (ChaincodeResponse Response, (string Name, byte[] Payload)? Event) Invoke(string creator, string function, params string[] args)
    {
        var stub = new MemoryStub(_state, $"tx{++_tx}", creator);
        var response = _chaincode.Invoke(stub, function, [.. args.Select(a => Encoding.UTF8.GetBytes(a))]);
        if (response is ChaincodeResponse.Success)
        {
            foreach (var (key, value) in stub.Writes)
            {
                _state[key] = value;
            }
        }

        return (response, stub.Event);
    }

    private sealed class MemoryStub(Dictionary<string, byte[]> state, string txId, string creator) : IChaincodeStub
    {
        public Dictionary<string, byte[]> Writes { get; } = [];

        public (string Name, byte[] Payload)? Event { get; private set; }

        public string TxId => txId;

        public string ChannelId => Channel;

        public string ChaincodeName => Chaincode;

        public string CreatorMspId => creator[..creator.IndexOf("::", StringComparison.Ordinal)];

        public string Creator => creator;

        public DateTimeOffset Timestamp => new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

        public byte[]? GetState(string key) => Writes.TryGetValue(key, out var pending) ? pending : state.GetValueOrDefault(key);

        public void PutState(string key, byte[] value) => Writes[key] = value;

        public void SetEvent(string name, byte[] payload) => Event = (name, payload);
    }
}
