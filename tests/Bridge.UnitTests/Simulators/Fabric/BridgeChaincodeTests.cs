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

    /// <summary>The transactions' time (the proposal's channel header timestamp) unless a test moves it.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An hour after <see cref="Now"/>, in unix seconds, as the chaincode argument.</summary>
    private static readonly string ValidUntil = Now.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly Dictionary<string, byte[]> _state = [];
    private DateTimeOffset _now = Now;
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
    public void AnchorDocuments_NewPresentAndConflicting_WritesOnlyTheNewAndAnswersPerItem()
    {
        var (digest, root) = (new string('a', 64), new string('b', 64));
        var earlier = Invoke(Carrier, "AnchorDocument", "doc-same", digest, root, "INVOICE");
        Invoke(Carrier, "AnchorDocument", "doc-other", digest, root, "INVOICE");
        Invoke(Bank, "AnchorDocument", "doc-bank", digest, root, "INVOICE");
        var earlierTx = Json(earlier).GetProperty("txId").GetString();

        var batch = Invoke(Carrier, "AnchorDocuments", Items(
            ("doc-new", digest, root, "BILL_OF_LADING"),
            ("doc-same", digest.ToUpperInvariant(), root, "INVOICE"),
            ("doc-other", new string('c', 64), root, "INVOICE"),
            ("doc-bank", digest, root, "INVOICE"),
            ("doc-new", digest, root, "BILL_OF_LADING")));

        var answer = Json(batch);
        var txId = answer.GetProperty("txId").GetString();
        var results = answer.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("documentId").GetString(), r.GetProperty("status").GetString(), r.GetProperty("txId").GetString())).ToList();
        results.ShouldBe([
            ("doc-new", "anchored", txId),
            ("doc-same", "present", earlierTx),
            ("doc-other", "conflict", Json(Invoke(Bank, "GetAnchor", "doc-other")).GetProperty("txId").GetString()),
            ("doc-bank", "conflict", Json(Invoke(Bank, "GetAnchor", "doc-bank")).GetProperty("txId").GetString()),
            ("doc-new", "present", txId),
        ]);
        RejectionCodes.OfChaincodeMessage(answer.GetProperty("results")[2].GetProperty("reason").GetString()!).ShouldBe("already-anchored");
        batch.Event!.Value.Name.ShouldBe("DocumentsAnchored");
        JsonDocument.Parse(batch.Event.Value.Payload).RootElement.GetProperty("anchors").EnumerateArray().Select(a => a.GetProperty("documentId").GetString()).ShouldBe(["doc-new"]);
        Json(Invoke(Bank, "GetAnchor", "doc-other")).GetProperty("contentDigest").GetString().ShouldBe(digest);
        Json(Invoke(Bank, "GetAnchor", "doc-new")).GetProperty("issuer").GetString().ShouldBe(Carrier);
    }

    [Fact]
    public void AnchorDocuments_NothingNew_SetsNoEvent()
    {
        var item = ("doc-again", new string('a', 64), string.Empty, "INVOICE");
        Invoke(Carrier, "AnchorDocuments", Items(item)).Event.ShouldNotBeNull();

        var again = Invoke(Carrier, "AnchorDocuments", Items(item));

        Json(again).GetProperty("results")[0].GetProperty("status").GetString().ShouldBe("present");
        again.Event.ShouldBeNull();
    }

    [Theory]
    [InlineData("{}", "expected a JSON array")]
    [InlineData("[]", "expected a JSON array")]
    [InlineData("not json", "expected a JSON array")]
    [InlineData("[{\"documentId\":\"d\",\"contentDigest\":\"xyz\"}]", "anchor 0: a document id")]
    [InlineData("[{\"contentDigest\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]", "anchor 0: a document id")]
    public void AnchorDocuments_MalformedArgument_IsRefusedAsInvalidAndWritesNothing(string argument, string message)
    {
        var refused = Invoke(Carrier, "AnchorDocuments", argument);

        refused.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain(message);
        RejectionCodesOf(refused).ShouldBe("invalid-command");
        _state.ShouldBeEmpty();
    }

    [Fact]
    public void AnchorDocuments_OverTheBounds_IsRefused()
    {
        var tooMany = Items([.. Enumerable.Range(0, BridgeChaincode.MaxAnchorsPerCall + 1).Select(i => ($"doc-{i}", new string('a', 64), string.Empty, "X"))]);
        var tooLarge = Items(($"doc-{new string('x', BridgeChaincode.MaxAnchorsArgumentBytes)}", new string('a', 64), string.Empty, "X"));

        Invoke(Carrier, "AnchorDocuments", tooMany).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain($"1 to {BridgeChaincode.MaxAnchorsPerCall} anchors");
        Invoke(Carrier, "AnchorDocuments", tooLarge).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain($"at most {BridgeChaincode.MaxAnchorsArgumentBytes} bytes");
        _state.ShouldBeEmpty();
    }

    private static string Items(params (string DocumentId, string Digest, string Root, string Type)[] items) =>
        JsonSerializer.Serialize(items.Select(i => new Dictionary<string, string> { ["documentId"] = i.DocumentId, ["contentDigest"] = i.Digest, ["commitmentRoot"] = i.Root, ["documentType"] = i.Type }));

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

        var imported = Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-9", Bank, Bank, ValidUntil, signatures);
        var replay = Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-10", Bank, Bank, ValidUntil, signatures);

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
        Refused(Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[0], _relays[1], validUntil: 1)).ShouldContain("not from a current relay signer");
        Encoding.UTF8.GetString(((ChaincodeResponse.Success)Invoke(Bank, "IsConsumed", messageId).Response).Payload).ShouldBe("false");
        Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-7", Bank, Bank, ValidUntil, Attest("lane-b", messageId, "EBL-7", Bank, Bank, _relays[0], _relays[1]))
            .Response.ShouldBeOfType<ChaincodeResponse.Success>();

        string Refused(string signatures) =>
            Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-7", Bank, Bank, ValidUntil, signatures).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message;
    }

    [Fact]
    public void ReleaseTitle_OfALockedHomeTitle_ReactivatesItForTheAttestedHolder()
    {
        SetSigners(1);
        Invoke(Carrier, "IssueTitle", "EBL-5", Carrier, Carrier);
        Invoke(Carrier, "LockTitle", "EBL-5", "lane-c", "eth-trade", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var messageId = "0x" + new string('3', 64);

        var released = Invoke(Carrier, "ReleaseTitle", "lane-c", messageId, "EBL-5", Bank, Carrier, ValidUntil, Attest("lane-c", messageId, "EBL-5", Bank, Carrier, _relays[1]));

        released.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        var title = Json(Invoke(Bank, "GetTitle", "EBL-5"));
        title.GetProperty("state").GetString().ShouldBe("active");
        title.GetProperty("holder").GetString().ShouldBe(Bank);
        title.GetProperty("home").GetBoolean().ShouldBeTrue();
        Invoke(Carrier, "SetRelaySigners", _relays[0].Address.ToString(), "1").Response.ShouldBeOfType<ChaincodeResponse.Success>();
        Invoke(Bank, "SetRelaySigners", _relays[0].Address.ToString(), "1").Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("only members of CarrierMSP");
    }

    [Fact]
    public void ImportTitle_AfterTheAttestationsValidUntil_IsRefusedAndConsumesNothing()
    {
        SetSigners(2);
        var messageId = "0x" + new string('4', 64);
        var signatures = Attest("lane-b", messageId, "EBL-11", Bank, Bank, _relays[0], _relays[1]);
        var validUntil = Now.AddHours(1);

        _now = validUntil.AddSeconds(1);
        var late = Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-11", Bank, Bank, ValidUntil, signatures);
        _now = validUntil;
        var lastSecond = Invoke(Carrier, "ImportTitle", "lane-b", messageId, "EBL-11", Bank, Bank, ValidUntil, signatures);

        late.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("attestation expired");
        RejectionCodesOf(late).ShouldBe("attestation-expired");
        lastSecond.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        Json(Invoke(Bank, "GetTitle", "EBL-11")).GetProperty("holder").GetString().ShouldBe(Bank);
    }

    [Fact]
    public void ReleaseTitle_AfterTheAttestationsValidUntil_IsRefusedAndTheTitleStaysLocked()
    {
        SetSigners(1);
        var outbound = IssueAndLock("EBL-12", Carrier);
        var messageId = "0x" + new string('5', 64);
        _now = Now.AddDays(1);

        var late = Invoke(Carrier, "ReleaseTitle", "lane-c", messageId, "EBL-12", Bank, Carrier, ValidUntil, Attest("lane-c", messageId, "EBL-12", Bank, Carrier, _relays[1]));

        late.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("attestation expired");
        Json(Invoke(Bank, "GetTitle", "EBL-12")).GetProperty("state").GetString().ShouldBe("locked");
        Json(Invoke(Bank, "GetOutboundMessage", outbound)).GetProperty("status").GetString().ShouldBe("pending");
    }

    [Fact]
    public void AcknowledgeMessage_OfAnOutboundMessage_IsRecordedOnceAndBlocksARefund()
    {
        SetSigners(2);
        var messageId = IssueAndLock("EBL-20", Bank);
        var destinationTx = "0x" + new string('e', 64);

        var acknowledged = Invoke(Carrier, "AcknowledgeMessage", messageId, destinationTx, Sign(AcknowledgementDigest(messageId, destinationTx), _relays[2], _relays[0]));
        var again = Invoke(Carrier, "AcknowledgeMessage", messageId, destinationTx, Sign(AcknowledgementDigest(messageId, destinationTx), _relays[2], _relays[0]));
        var refund = Invoke(Carrier, "RefundTitle", messageId, Sign(RefundDigest(messageId), _relays[0], _relays[1]));

        acknowledged.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        acknowledged.Event!.Value.Name.ShouldBe("MessageAcknowledged");
        var payload = JsonDocument.Parse(acknowledged.Event.Value.Payload).RootElement;
        payload.GetProperty("messageId").GetString().ShouldBe(messageId);
        payload.GetProperty("destinationTx").GetString().ShouldBe(destinationTx);
        again.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message.ShouldContain("already settled (acknowledged)");
        RejectionCodesOf(again).ShouldBe("message-already-settled");
        RejectionCodesOf(refund).ShouldBe("message-already-settled");
        var record = Json(Invoke(Bank, "GetOutboundMessage", messageId));
        record.GetProperty("status").GetString().ShouldBe("acknowledged");
        record.GetProperty("titleId").GetString().ShouldBe("EBL-20");
        Json(Invoke(Bank, "GetTitle", "EBL-20")).GetProperty("state").GetString().ShouldBe("locked");
    }

    [Fact]
    public void AcknowledgeMessage_BadAttestationsOrUnknownMessage_AreRefusedAndSettleNothing()
    {
        SetSigners(2);
        var messageId = IssueAndLock("EBL-21", Bank);
        var destinationTx = new string('e', 64);
        var digest = AcknowledgementDigest(messageId, "0x" + destinationTx);
        using var outsider = EthPrivateKey.Generate();

        Refused(Sign(digest, _relays[1])).ShouldContain("2 are required");
        Refused(Sign(digest, _relays[1], outsider)).ShouldContain("not from a current relay signer");
        Refused(Sign(AcknowledgementDigest(messageId, "0x" + new string('f', 64)), _relays[0], _relays[1])).ShouldContain("not from a current relay signer");
        Refused(Sign(RefundDigest(messageId), _relays[0], _relays[1])).ShouldContain("not from a current relay signer");
        var unknown = "0x" + new string('9', 64);
        RejectionCodesOf(Invoke(Carrier, "AcknowledgeMessage", unknown, destinationTx, Sign(AcknowledgementDigest(unknown, "0x" + destinationTx), _relays[0], _relays[1]))).ShouldBe("unknown-message");
        Json(Invoke(Bank, "GetOutboundMessage", messageId)).GetProperty("status").GetString().ShouldBe("pending");

        // A bare 64-hex Fabric transaction id is the same word as its 0x form.
        Invoke(Carrier, "AcknowledgeMessage", messageId, destinationTx, Sign(digest, _relays[0], _relays[1])).Response.ShouldBeOfType<ChaincodeResponse.Success>();

        string Refused(string signatures) =>
            Invoke(Carrier, "AcknowledgeMessage", messageId, destinationTx, signatures).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message;
    }

    [Fact]
    public void RefundTitle_OfALockedHomeTitle_RestoresItsHolderOnceAndBlocksAnAcknowledgement()
    {
        SetSigners(2);
        var messageId = IssueAndLock("EBL-22", Bank);
        var signatures = Sign(RefundDigest(messageId), _relays[1], _relays[2]);

        var refunded = Invoke(Carrier, "RefundTitle", messageId, signatures);
        var again = Invoke(Carrier, "RefundTitle", messageId, signatures);
        var destinationTx = "0x" + new string('e', 64);
        var acknowledge = Invoke(Carrier, "AcknowledgeMessage", messageId, destinationTx, Sign(AcknowledgementDigest(messageId, destinationTx), _relays[0], _relays[1]));

        refunded.Response.ShouldBeOfType<ChaincodeResponse.Success>();
        refunded.Event!.Value.Name.ShouldBe("TitleRefunded");
        var payload = JsonDocument.Parse(refunded.Event.Value.Payload).RootElement;
        (payload.GetProperty("titleId").GetString(), payload.GetProperty("messageId").GetString(), payload.GetProperty("holder").GetString()).ShouldBe(("EBL-22", messageId, Bank));
        var title = Json(Invoke(Bank, "GetTitle", "EBL-22"));
        (title.GetProperty("state").GetString(), title.GetProperty("holder").GetString(), title.GetProperty("beneficiary").GetString(), title.GetProperty("home").GetBoolean())
            .ShouldBe(("active", Bank, Carrier, true));
        RejectionCodesOf(again).ShouldBe("message-already-settled");
        RejectionCodesOf(acknowledge).ShouldBe("message-already-settled");
        Json(Invoke(Bank, "GetOutboundMessage", messageId)).GetProperty("status").GetString().ShouldBe("refunded");

        // The holder acts on it again: it can leave once more, with a new message.
        Invoke(Bank, "TransferTitle", "EBL-22", Carrier).Response.ShouldBeOfType<ChaincodeResponse.Success>();
    }

    [Fact]
    public void RefundTitle_OfABurnedImportedTitle_MakesItActiveAndImportedAgain()
    {
        SetSigners(1);
        var inbound = "0x" + new string('6', 64);
        Invoke(Carrier, "ImportTitle", "lane-b", inbound, "EBL-23", Bank, Carrier, ValidUntil, Attest("lane-b", inbound, "EBL-23", Bank, Carrier, _relays[0]))
            .Response.ShouldBeOfType<ChaincodeResponse.Success>();
        var burned = Invoke(Bank, "BurnTitle", "EBL-23", "lane-b", "eth-trade", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var messageId = JsonDocument.Parse(burned.Event!.Value.Payload).RootElement.GetProperty("messageId").GetString()!;

        Invoke(Carrier, "RefundTitle", messageId, Sign(RefundDigest(messageId), _relays[2])).Response.ShouldBeOfType<ChaincodeResponse.Success>();

        var title = Json(Invoke(Bank, "GetTitle", "EBL-23"));
        (title.GetProperty("state").GetString(), title.GetProperty("holder").GetString(), title.GetProperty("home").GetBoolean()).ShouldBe(("active", Bank, false));
    }

    [Fact]
    public void RefundTitle_BadAttestationsOrATitleThatCameBack_AreRefusedAndChangeNothing()
    {
        SetSigners(2);
        var messageId = IssueAndLock("EBL-24", Bank);
        using var outsider = EthPrivateKey.Generate();

        Refused(messageId, Sign(RefundDigest(messageId), _relays[0])).ShouldContain("2 are required");
        Refused(messageId, Sign(RefundDigest(messageId), _relays[0], _relays[0])).ShouldContain("2 are required");
        Refused(messageId, Sign(RefundDigest(messageId), outsider, _relays[0])).ShouldContain("not from a current relay signer");
        Refused(messageId, Sign(AcknowledgementDigest(messageId, messageId), _relays[0], _relays[1])).ShouldContain("not from a current relay signer");
        Json(Invoke(Bank, "GetTitle", "EBL-24")).GetProperty("state").GetString().ShouldBe("locked");

        // The title came back by a release (the message was delivered after all): the refund is refused.
        var release = "0x" + new string('7', 64);
        Invoke(Carrier, "ReleaseTitle", "lane-c", release, "EBL-24", Carrier, Carrier, ValidUntil, Attest("lane-c", release, "EBL-24", Carrier, Carrier, _relays[0], _relays[1]))
            .Response.ShouldBeOfType<ChaincodeResponse.Success>();
        var afterRelease = Invoke(Carrier, "RefundTitle", messageId, Sign(RefundDigest(messageId), _relays[0], _relays[1]));
        RejectionCodesOf(afterRelease).ShouldBe("wrong-title-state");
        Json(Invoke(Bank, "GetTitle", "EBL-24")).GetProperty("holder").GetString().ShouldBe(Carrier);
        Json(Invoke(Bank, "GetOutboundMessage", messageId)).GetProperty("status").GetString().ShouldBe("pending");

        string Refused(string id, string signatures) =>
            Invoke(Carrier, "RefundTitle", id, signatures).Response.ShouldBeOfType<ChaincodeResponse.Error>().Message;
    }

    /// <summary>The code the Fabric adapter gives a chaincode refusal (RejectionCodes, through its internals' test access).</summary>
    private static string RejectionCodesOf((ChaincodeResponse Response, (string Name, byte[] Payload)? Event) result) =>
        Bridge.Adapters.Fabric.Adapter.RejectionCodes.OfChaincodeMessage(result.Response.ShouldBeOfType<ChaincodeResponse.Error>().Message);

    private void SetSigners(int threshold) =>
        Invoke(Carrier, "SetRelaySigners", string.Join(',', _relays.Select(r => r.Address.ToString())), threshold.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Response.ShouldBeOfType<ChaincodeResponse.Success>();

    private static string Attest(string lane, string messageId, string titleId, string holder, string beneficiary, EthPrivateKey first, EthPrivateKey? second = null, string channel = Channel, ulong? validUntil = null)
    {
        var digest = FabricRelayAttestation.Digest(channel, Chaincode, Bytes32Names.Of(lane), Bytes32Names.Of(messageId), FabricRelayAttestation.InboundPayloadHash(titleId, holder, beneficiary), validUntil ?? ulong.Parse(ValidUntil, System.Globalization.CultureInfo.InvariantCulture));
        return Sign(digest, first, second);
    }

    private static string Sign(byte[] digest, EthPrivateKey first, EthPrivateKey? second = null)
    {
        var keys = second is null ? new[] { first } : [first, second];
        return string.Join(',', keys.Select(k => HexData.Encode(k.Sign(digest).ToBytes65())));
    }

    /// <summary>
    /// The acknowledgement digest written out from docs/fabric.md: keccak256(0x1901 ‖ domainSeparator ‖
    /// keccak256(typeHash ‖ messageId ‖ destinationTx ‖ network)), independent of FabricRelayAttestation.
    /// </summary>
    private static byte[] AcknowledgementDigest(string messageId, string destinationTx) =>
        TypedDigest(Keccak256.Hash([.. Keccak256.Hash("Acknowledgement(bytes32 messageId,bytes32 destinationTx,bytes32 network)"u8), .. Convert.FromHexString(messageId.AsSpan(2)), .. Convert.FromHexString(destinationTx.AsSpan(2)), .. NetworkWord()]));

    /// <summary>The refund digest written out from docs/fabric.md: keccak256(typeHash ‖ messageId ‖ network) as the struct hash.</summary>
    private static byte[] RefundDigest(string messageId) =>
        TypedDigest(Keccak256.Hash([.. Keccak256.Hash("Refund(bytes32 messageId,bytes32 network)"u8), .. Convert.FromHexString(messageId.AsSpan(2)), .. NetworkWord()]));

    private static byte[] NetworkWord() => Keccak256.Hash(Encoding.UTF8.GetBytes($"{Channel}/{Chaincode}"));

    private static byte[] TypedDigest(byte[] structHash)
    {
        var domain = Keccak256.Hash([
            .. Keccak256.Hash("EIP712Domain(string name,string version,bytes32 salt)"u8),
            .. Keccak256.Hash("TradeChainBridge.TitleChaincode"u8),
            .. Keccak256.Hash("1"u8),
            .. NetworkWord()]);
        return Keccak256.Hash([0x19, 0x01, .. domain, .. structHash]);
    }

    /// <summary>Issues <paramref name="titleId"/> to <paramref name="holder"/> (beneficiary Carrier) and locks it; returns the outbound message id.</summary>
    private string IssueAndLock(string titleId, string holder)
    {
        Invoke(Carrier, "IssueTitle", titleId, holder, Carrier).Response.ShouldBeOfType<ChaincodeResponse.Success>();
        var locked = Invoke(holder, "LockTitle", titleId, "lane-r", "eth-trade", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        return JsonDocument.Parse(locked.Event!.Value.Payload).RootElement.GetProperty("messageId").GetString()!;
    }

    private static JsonElement Json((ChaincodeResponse Response, (string Name, byte[] Payload)? Event) result) =>
        JsonDocument.Parse(result.Response.ShouldBeOfType<ChaincodeResponse.Success>().Payload).RootElement;

    private (ChaincodeResponse Response, (string Name, byte[] Payload)? Event) Invoke(string creator, string function, params string[] args)
    {
        var stub = new MemoryStub(_state, $"tx{++_tx}", creator, _now);
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

    private sealed class MemoryStub(Dictionary<string, byte[]> state, string txId, string creator, DateTimeOffset timestamp) : IChaincodeStub
    {
        public Dictionary<string, byte[]> Writes { get; } = [];

        public (string Name, byte[] Payload)? Event { get; private set; }

        public string TxId => txId;

        public string ChannelId => Channel;

        public string ChaincodeName => Chaincode;

        public string CreatorMspId => creator[..creator.IndexOf("::", StringComparison.Ordinal)];

        public string Creator => creator;

        public DateTimeOffset Timestamp => timestamp;

        public byte[]? GetState(string key) => Writes.TryGetValue(key, out var pending) ? pending : state.GetValueOrDefault(key);

        public void PutState(string key, byte[] value) => Writes[key] = value;

        public void SetEvent(string name, byte[] payload) => Event = (name, payload);
    }
}
