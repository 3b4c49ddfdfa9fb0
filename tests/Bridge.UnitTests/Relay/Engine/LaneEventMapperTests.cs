using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Hashing;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using static Bridge.UnitTests.Relay.Engine.EngineFixtures;

namespace Bridge.UnitTests.Relay.Engine;

/// <summary>
/// Which ledger events start title messages: the chaincode's JSON form and TitleRegistry's ABI form, each with the
/// events that must start nothing.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LaneEventMapperTests
{
    private const string Tx = "f2c1d0e9b8a7";
    private const string TitleId = "6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f";
    private const string Carrier = "CarrierMSP::carrier";
    private const string Bank = "BankMSP::bank";
    private const string Recipient = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
    private const string HolderAddress = "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359";
    private const string BeneficiaryAddress = "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb";
    private const string OtherAddress = "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb";
    private const string MessageWordText = "0x00000000000000000000000000000000000000000000000000000000000000a7";

    private static readonly DateTimeOffset Now = T0.AddMinutes(5);

    private static readonly byte[] RecipientWord = Keccak256.Hash(Encoding.UTF8.GetBytes(Carrier));

    // ---- The chaincode's JSON form ----

    [Fact]
    public void ToMessages_FabricLock_IsOneExportMessageOnTheNamedLane()
    {
        var lane = NewLane(deadline: TimeSpan.FromMinutes(90));
        var ledgerEvent = FabricEvent(FabricJson("lock"));

        var message = LaneEventMapper.ToMessages(Fabric, ledgerEvent, [NewLane(name: "other-lane"), lane], Now).ShouldHaveSingleItem();

        message.Lane.ShouldBe(TitleLane);
        message.Kind.ShouldBe(MessageKind.Title);
        message.DestinationNetwork.ShouldBe(Ethereum);
        message.State.ShouldBe(MessageState.Observed);
        message.Deadline.ShouldBe(Now.AddMinutes(90));
        message.CreatedAt.ShouldBe(Now);
        message.Id.ShouldBe(MessageId.Derive(TitleLane, Fabric, Tx, 0));
        message.Source.ShouldBe(new MessageSource(Fabric, ledgerEvent.Tx, 0, ledgerEvent.ProtocolId));
        var title = message.Payload.ShouldBeOfType<MessagePayload.Title>();
        title.ShouldBe(new MessagePayload.Title(ledgerEvent.Subject!, TitleId, Carrier, Bank, Recipient, TitleMove.Export, "msg-7"));
        message.PayloadDigest.ShouldBe(title.PayloadDigest());
    }

    [Fact]
    public void ToMessages_FabricBurnOnTheReverseSideOfABothLane_IsAReturnToTheLanesSource()
    {
        // The lane runs Ethereum → Fabric; the title came over it and is burned on Fabric to go home.
        var lane = NewLane(source: Ethereum, destination: Fabric);

        var message = LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("burn")), [lane], Now).ShouldHaveSingleItem();

        message.DestinationNetwork.ShouldBe(Ethereum);
        message.Payload.ShouldBeOfType<MessagePayload.Title>().Move.ShouldBe(TitleMove.Return);
        message.Id.ShouldBe(MessageId.Derive(TitleLane, Fabric, Tx, 0));
    }

    [Fact]
    public void ToMessages_FabricLockOnAOneWayLaneInItsOwnDirection_IsAMessage()
    {
        var lane = NewLane(direction: LaneDirection.OneWay);

        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("lock")), [lane], Now).ShouldHaveSingleItem();
    }

    [Fact]
    public void ToMessages_OneWayLaneInTheReverseDirection_IsNoMessage()
    {
        var lane = NewLane(source: Ethereum, destination: Fabric, direction: LaneDirection.OneWay);

        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("lock")), [lane], Now).ShouldBeEmpty();
        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("burn")), [lane], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_RetractedEvent_IsNoMessage()
    {
        var ledgerEvent = FabricEvent(FabricJson("lock")) with { Retracted = true };

        LaneEventMapper.ToMessages(Fabric, ledgerEvent, [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EventWithoutSubject_IsNoMessage()
    {
        var ledgerEvent = FabricEvent(FabricJson("lock")) with { Subject = null };

        LaneEventMapper.ToMessages(Fabric, ledgerEvent, [NewLane()], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("TitleLocked")]
    [InlineData("crosschainmessage")]
    [InlineData("AnchorRecorded")]
    public void ToMessages_OtherEventName_IsNoMessage(string name)
    {
        var ledgerEvent = FabricEvent(FabricJson("lock")) with { Name = name };

        LaneEventMapper.ToMessages(Fabric, ledgerEvent, [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_LaneNameNotRegistered_IsNoMessage()
    {
        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("lock", lane: "no-such-lane")), [NewLane()], Now).ShouldBeEmpty();
        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("lock")), [], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(LaneFlows.Documents)]
    [InlineData(LaneFlows.Events)]
    [InlineData(LaneFlows.Documents | LaneFlows.Events)]
    public void ToMessages_LaneWithoutTitle_IsNoMessage(LaneFlows flows)
    {
        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("lock")), [NewLane(flows: flows)], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_LaneCarryingTitleAmongOtherFlows_IsAMessage()
    {
        var lane = NewLane(flows: LaneFlows.Documents | LaneFlows.Title);

        LaneEventMapper.ToMessages(Fabric, FabricEvent(FabricJson("lock")), [lane], Now).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(Platform)]
    [InlineData(Fabric)]
    [InlineData("eth-other")]
    public void ToMessages_DestinationNotTheLanesOtherEnd_IsNoMessage(string destination)
    {
        var ledgerEvent = FabricEvent(FabricJson("lock", destination: destination));

        LaneEventMapper.ToMessages(Fabric, ledgerEvent, [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EventFromANetworkTheLaneDoesNotTouch_IsNoMessage()
    {
        LaneEventMapper.ToMessages(Platform, FabricEvent(FabricJson("lock")), [NewLane()], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("{\"laneName\":\"title-both\"")]
    public void ToMessages_MalformedJson_IsNoMessage(string payload)
    {
        LaneEventMapper.ToMessages(Fabric, FabricEvent(payload), [NewLane()], Now).ShouldBeEmpty();
    }

    /// <summary>
    /// Valid JSON that is not an object (or whose <c>args</c> is not one) is as malformed as broken JSON: no message.
    /// A throw here escapes the watcher's mapping of an event that will be delivered again after every restart.
    /// </summary>
    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"CrossChainMessage\"")]
    [InlineData("null")]
    [InlineData("{\"args\":5,\"title\":{}}")]
    public void ToMessages_JsonThatIsNotAnObject_IsNoMessage(string payload)
    {
        IReadOnlyList<RelayMessage>? messages = null;
        Should.NotThrow(() => messages = LaneEventMapper.ToMessages(Fabric, FabricEvent(payload), [NewLane()], Now));
        messages.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("kind", "transfer")]
    [InlineData("kind", "LOCK")]
    [InlineData("holder", "")]
    [InlineData("recipient", "")]
    [InlineData("titleId", null)]
    [InlineData("messageId", null)]
    [InlineData("beneficiary", null)]
    [InlineData("destinationNetwork", null)]
    [InlineData("laneName", null)]
    public void ToMessages_FabricMemberMissingEmptyOrUnknown_IsNoMessage(string member, string? value)
    {
        var node = JsonNode.Parse(FabricJson("lock"))!.AsObject();
        if (value is null)
        {
            node.Remove(member);
        }
        else
        {
            node[member] = value;
        }

        LaneEventMapper.ToMessages(Fabric, FabricEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_FabricMemberNotAString_IsNoMessage()
    {
        var node = JsonNode.Parse(FabricJson("lock"))!.AsObject();
        node["holder"] = 7;

        LaneEventMapper.ToMessages(Fabric, FabricEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    // ---- TitleRegistry's ABI form (with the adapter's title facts) ----

    [Fact]
    public void ToMessages_EthereumBurnBoundByPayloadHash_IsAReturnWithTheUuidTitleId()
    {
        // The lane runs Fabric → Ethereum both ways; the title is burned on Ethereum to go home to Fabric.
        var ledgerEvent = EthereumEvent(AbiJson("TitleBurned"));

        var message = LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [NewLane(name: "other-lane"), NewLane()], Now).ShouldHaveSingleItem();

        message.Lane.ShouldBe(TitleLane);
        message.DestinationNetwork.ShouldBe(Fabric);
        message.Id.ShouldBe(MessageId.Derive(TitleLane, Ethereum, ledgerEvent.Tx.Id, 0));
        message.Deadline.ShouldBe(Now + TimeSpan.FromHours(2));
        var title = message.Payload.ShouldBeOfType<MessagePayload.Title>();
        title.ShouldBe(new MessagePayload.Title(ledgerEvent.Subject!, TitleId, HolderAddress, BeneficiaryAddress, Word(RecipientWord), TitleMove.Return, MessageWordText));
        message.PayloadDigest.ShouldBe(title.PayloadDigest());
    }

    [Fact]
    public void ToMessages_EthereumLockOnALaneFromEthereum_IsAnExport()
    {
        var lane = NewLane(source: Ethereum, destination: Fabric, direction: LaneDirection.OneWay);

        var message = LaneEventMapper.ToMessages(Ethereum, EthereumEvent(AbiJson("TitleLocked")), [lane], Now).ShouldHaveSingleItem();

        message.DestinationNetwork.ShouldBe(Fabric);
        message.Payload.ShouldBeOfType<MessagePayload.Title>().Move.ShouldBe(TitleMove.Export);
    }

    [Fact]
    public void ToMessages_EthereumWordsInUpperCaseHex_AreTheSameWordsAndTheRecipientComesBackLowerCase()
    {
        var json = AbiJson("TitleBurned", upperCase: true);

        var message = LaneEventMapper.ToMessages(Ethereum, EthereumEvent(json), [NewLane()], Now).ShouldHaveSingleItem();

        var title = message.Payload.ShouldBeOfType<MessagePayload.Title>();
        title.TitleId.ShouldBe(TitleId);
        title.Recipient.ShouldBe(Word(RecipientWord));
    }

    [Fact]
    public void ToMessages_EthereumTitleIdThatIsNotAUuidWord_ComesBackAsTheLowerCaseWord()
    {
        var titleWord = Keccak256.Hash(Encoding.UTF8.GetBytes("BL-2025-0001"));

        var message = LaneEventMapper.ToMessages(Ethereum, EthereumEvent(AbiJson("TitleBurned", titleWord: titleWord, upperCase: true)), [NewLane()], Now).ShouldHaveSingleItem();

        message.Payload.ShouldBeOfType<MessagePayload.Title>().TitleId.ShouldBe(Word(titleWord));
    }

    [Theory]
    [InlineData("holder")]
    [InlineData("beneficiary")]
    [InlineData("titleId")]
    public void ToMessages_EthereumTitleFactAltered_IsNoMessage(string fact)
    {
        // The payloadHash is of the genuine facts; one fact is then changed in the "title" part the adapter added.
        var node = JsonNode.Parse(AbiJson("TitleBurned"))!.AsObject();
        node["title"]![fact] = fact == "titleId" ? Word(Guid.Parse("00000000-0000-4000-8000-000000000001")) : OtherAddress;

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("recipient")]
    [InlineData("payloadHash")]
    public void ToMessages_EthereumArgumentAltered_IsNoMessage(string argument)
    {
        var node = JsonNode.Parse(AbiJson("TitleBurned"))!.AsObject();
        node["args"]![argument] = Word(Keccak256.Hash(Encoding.UTF8.GetBytes("someone else")));

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EthereumWithoutTheTitlePart_IsNoMessage()
    {
        var node = JsonNode.Parse(AbiJson("TitleBurned"))!.AsObject();
        node.Remove("title");

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("TitleTransferred")]
    [InlineData("titleburned")]
    [InlineData(null)]
    public void ToMessages_EthereumTitleEventNotALockOrBurn_IsNoMessage(string? name)
    {
        var node = JsonNode.Parse(AbiJson("TitleBurned"))!.AsObject();
        if (name is null)
        {
            node["title"]!.AsObject().Remove("event");
        }
        else
        {
            node["title"]!["event"] = name;
        }

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EthereumLaneWordOfNoRegisteredLane_IsNoMessage()
    {
        var json = AbiJson("TitleBurned", lane: "no-such-lane");

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(json), [NewLane()], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Ethereum)]
    [InlineData(Platform)]
    public void ToMessages_EthereumDestinationWordNotTheLanesOtherEnd_IsNoMessage(string destination)
    {
        var json = AbiJson("TitleBurned", destination: destination);

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(json), [NewLane()], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EthereumOnAOneWayLaneInTheReverseDirection_IsNoMessage()
    {
        var lane = NewLane(direction: LaneDirection.OneWay);

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(AbiJson("TitleBurned")), [lane], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EthereumLaneWithoutTitle_IsNoMessage()
    {
        var lane = NewLane(flows: LaneFlows.Documents);

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(AbiJson("TitleBurned")), [lane], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("titleId", "0x1234")]
    [InlineData("titleId", "0xzz")]
    public void ToMessages_EthereumTitleIdNotAWord_IsNoMessage(string fact, string value)
    {
        var node = JsonNode.Parse(AbiJson("TitleBurned"))!.AsObject();
        node["title"]![fact] = value;

        LaneEventMapper.ToMessages(Ethereum, EthereumEvent(node.ToJsonString()), [NewLane()], Now).ShouldBeEmpty();
    }

    // ---- Builders ----

    private static string FabricJson(string kind, string lane = TitleLane, string destination = Ethereum) => new JsonObject
    {
        ["laneName"] = lane,
        ["messageId"] = "msg-7",
        ["destinationNetwork"] = destination,
        ["recipient"] = Recipient,
        ["titleId"] = TitleId,
        ["holder"] = Carrier,
        ["beneficiary"] = Bank,
        ["kind"] = kind,
    }.ToJsonString();

    [Fact]
    public void ToMessages_FabricDocumentAnchored_IsOneAnchorMessagePerForwardDocumentsLane()
    {
        var documents = NewLane(name: "docs-out", flows: LaneFlows.Documents);
        var incoming = NewLane(name: "docs-in", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents);
        var title = NewLane(name: "title-only");
        var anchor = AnchorJson("bl-1", "bill-of-lading");
        var ledgerEvent = FabricEvent(anchor.ToJsonString()) with { Name = LaneEventMapper.DocumentAnchored };

        var message = LaneEventMapper.ToMessages(Fabric, ledgerEvent, [documents, incoming, title], Now).ShouldHaveSingleItem();

        message.Lane.ShouldBe("docs-out");
        message.Kind.ShouldBe(MessageKind.DocumentAnchor);
        message.DestinationNetwork.ShouldBe(Ethereum);
        var payload = message.Payload.ShouldBeOfType<MessagePayload.Anchor>();
        (payload.RecordId, payload.Digest, payload.MerkleRoot, payload.RecordType).ShouldBe(("bl-1", anchor["contentDigest"]!.GetValue<string>(), anchor["commitmentRoot"]!.GetValue<string>(), "bill-of-lading"));
        payload.Subject.ShouldBe(ledgerEvent.Subject);
        message.Id.ShouldBe(MessageId.Derive("docs-out", Fabric, Tx, 0));
    }

    [Fact]
    public void ToMessages_FabricDocumentsAnchoredBatch_IsOneMessagePerAnchorWithItsIndex_SkippingBindingsAndMalformedEntries()
    {
        var documents = NewLane(name: "docs-out", flows: LaneFlows.Documents);
        var batch = new System.Text.Json.Nodes.JsonObject
        {
            ["txId"] = Tx,
            ["anchors"] = new System.Text.Json.Nodes.JsonArray(AnchorJson("a", "invoice"), AnchorJson("b", LaneEventMapper.IdentityBindingType), new System.Text.Json.Nodes.JsonObject { ["documentId"] = "c" }, AnchorJson("d", "invoice")),
        };
        var ledgerEvent = FabricEvent(batch.ToJsonString()) with { Name = LaneEventMapper.DocumentsAnchored };

        var messages = LaneEventMapper.ToMessages(Fabric, ledgerEvent, [documents], Now);

        messages.Select(m => ((MessagePayload.Anchor)m.Payload!).RecordId).ShouldBe(["a", "d"]);
        messages.Select(m => m.Source.Index).ShouldBe([0UL, 3UL]);
        messages.Select(m => m.Id).Distinct().Count().ShouldBe(2);
        messages.Select(m => m.Source.ProtocolId).ShouldBe([ledgerEvent.ProtocolId + "/0", ledgerEvent.ProtocolId + "/3"]);
    }

    // ---- DocumentRegistry's DocumentAnchored log ----

    [Fact]
    public void ToMessages_EthereumDocumentAnchored_IsOneAnchorMessagePerForwardDocumentsLane()
    {
        var toFabric = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var toPlatform = NewLane(name: "docs-to-platform", source: Ethereum, destination: Platform, flows: LaneFlows.Documents | LaneFlows.Events, direction: LaneDirection.OneWay);
        var incoming = NewLane(name: "docs-in", source: Fabric, destination: Ethereum, flows: LaneFlows.Documents);
        var title = NewLane(name: "title-out", source: Ethereum, destination: Fabric);
        var documentId = Guid.NewGuid();
        var digest = RandomNumberGenerator.GetBytes(32);
        var root = RandomNumberGenerator.GetBytes(32);
        var ledgerEvent = AnchorLog(UuidWord(documentId), digest, root, TypeWord("BILL_OF_LADING"));

        var messages = LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [toFabric, incoming, title, toPlatform], Now);

        messages.Select(m => (m.Lane, m.DestinationNetwork)).ShouldBe([("docs-to-fabric", Fabric), ("docs-to-platform", Platform)]);
        foreach (var message in messages)
        {
            message.Kind.ShouldBe(MessageKind.DocumentAnchor);
            message.Source.ShouldBe(new MessageSource(Ethereum, ledgerEvent.Tx, AnchorLogIndex, ledgerEvent.ProtocolId));
            message.Id.ShouldBe(MessageId.Derive(message.Lane, Ethereum, ledgerEvent.Tx.Id, AnchorLogIndex));
            message.Deadline.ShouldBe(Now + TimeSpan.FromHours(2));
            var payload = message.Payload.ShouldBeOfType<MessagePayload.Anchor>();
            payload.ShouldBe(new MessagePayload.Anchor(ledgerEvent.Subject!, documentId.ToString("D"), Convert.ToHexStringLower(digest), Convert.ToHexStringLower(root), "BILL_OF_LADING"));
            ProofSubject.IsDigest(payload.Digest).ShouldBeTrue();
            message.PayloadDigest.ShouldBe(payload.PayloadDigest());
        }
    }

    [Fact]
    public void ToMessages_EthereumAnchorsOfOneTransaction_AreTwoMessagesTellingTheLogsApart()
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var first = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE"), logIndex: 4);
        var second = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE"), logIndex: 5);

        var a = LaneEventMapper.ToMessages(Ethereum, first, [lane], Now).ShouldHaveSingleItem();
        var b = LaneEventMapper.ToMessages(Ethereum, second, [lane], Now).ShouldHaveSingleItem();

        first.Tx.ShouldBe(second.Tx);
        (a.Source.Index, b.Source.Index).ShouldBe((4UL, 5UL));
        a.Id.ShouldNotBe(b.Id);
    }

    [Fact]
    public void ToMessages_EthereumDocumentIdThatIsNotAUuidWord_IsTheLowerCaseWordThatMapsBackToIt()
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var idWord = Bytes32Words.Of("MEDUTT912077");
        var ledgerEvent = AnchorLog(idWord, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("SEA_WAYBILL"), upperCase: true);

        var message = LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldHaveSingleItem();

        var documentId = message.Payload.ShouldBeOfType<MessagePayload.Anchor>().RecordId;
        documentId.ShouldBe(Word(idWord));
        Bytes32Words.Of(documentId).ShouldBe(idWord, "the id anchored on the destination is the same word on Ethereum");
    }

    [Fact]
    public void ToMessages_EthereumAnchorWithAUuid_RoundTripsThroughTheWordTheAdapterWrites()
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var documentId = Guid.NewGuid().ToString("D");
        var ledgerEvent = AnchorLog(Bytes32Words.Of(documentId), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), Bridge.Adapters.Ethereum.Adapter.Bytes32Names.OfDocumentType("CERTIFICATE_OF_ORIGIN"));

        var payload = LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldHaveSingleItem().Payload.ShouldBeOfType<MessagePayload.Anchor>();

        (payload.RecordId, payload.RecordType).ShouldBe((documentId, "CERTIFICATE_OF_ORIGIN"));
    }

    [Fact]
    public void ToMessages_EthereumAnchorWithoutCommitmentRoot_TakesTheContentDigestAsRoot()
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var digest = RandomNumberGenerator.GetBytes(32);

        var payload = LaneEventMapper.ToMessages(Ethereum, AnchorLog(UuidWord(Guid.NewGuid()), digest, new byte[32], TypeWord("INVOICE")), [lane], Now)
            .ShouldHaveSingleItem().Payload.ShouldBeOfType<MessagePayload.Anchor>();

        payload.MerkleRoot.ShouldBe(Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void ToMessages_EthereumIdentityBindingAnchor_IsNoMessage()
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var ledgerEvent = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord(LaneEventMapper.IdentityBindingType));

        LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(LaneDirection.OneWay)]
    [InlineData(LaneDirection.Both)]
    public void ToMessages_EthereumAnchorOnADocumentsLaneTowardsEthereum_IsNoMessage(LaneDirection direction)
    {
        var lane = NewLane(name: "docs-in", source: Fabric, destination: Ethereum, flows: LaneFlows.Documents, direction: direction);
        var ledgerEvent = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE"));

        LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(LaneFlows.Title)]
    [InlineData(LaneFlows.Events)]
    public void ToMessages_EthereumAnchorOnALaneWithoutDocuments_IsNoMessage(LaneFlows flows)
    {
        var lane = NewLane(name: "other", source: Ethereum, destination: Fabric, flows: flows);
        var ledgerEvent = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE"));

        LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldBeEmpty();
    }

    [Fact]
    public void ToMessages_EthereumAnchorRetracted_IsNoMessage()
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var ledgerEvent = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE"));

        LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldHaveSingleItem("the same log not retracted is a message");
        LaneEventMapper.ToMessages(Ethereum, ledgerEvent with { Retracted = true }, [lane], Now).ShouldBeEmpty();
    }

    /// <summary>Malformed words, each in a log whose subject digest is computed over exactly those words.</summary>
    [Theory]
    [InlineData("zero-id")]
    [InlineData("zero-digest")]
    [InlineData("empty-type")]
    [InlineData("type-not-zero-padded")]
    [InlineData("type-not-printable")]
    [InlineData("type-not-left-aligned")]
    public void ToMessages_EthereumAnchorWithMalformedWords_IsNoMessage(string malformation)
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var id = UuidWord(Guid.NewGuid());
        var digest = RandomNumberGenerator.GetBytes(32);
        var type = TypeWord("INVOICE");
        switch (malformation)
        {
            case "zero-id": id = new byte[32]; break;
            case "zero-digest": digest = new byte[32]; break;
            case "empty-type": type = new byte[32]; break;
            case "type-not-zero-padded": type[20] = (byte)'X'; break;
            case "type-not-printable": type[3] = 0x07; break;
            case "type-not-left-aligned": type = [0, .. type[..31]]; break;
        }

        LaneEventMapper.ToMessages(Ethereum, AnchorLog(id, digest, RandomNumberGenerator.GetBytes(32), type), [lane], Now).ShouldBeEmpty();
    }

    /// <summary>Values that are not words, missing, or not the ones the proven log encodes.</summary>
    [Theory]
    [InlineData("documentId", "0x1234")]
    [InlineData("contentDigest", "0xzz")]
    [InlineData("commitmentRoot", null)]
    [InlineData("documentType", "INVOICE")]
    [InlineData("issuer", "carrier")]
    [InlineData("issuer", OtherAddress)]
    [InlineData("contentDigest", "other-word")]
    [InlineData("documentId", "other-word")]
    [InlineData("contract", OtherAddress)]
    public void ToMessages_EthereumAnchorArgumentNotAWordOrNotTheProvenOne_IsNoMessage(string argument, string? value)
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var ledgerEvent = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE"));
        LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now).ShouldHaveSingleItem("the log as it was emitted is a message");
        var node = JsonNode.Parse(ledgerEvent.Payload.Span)!.AsObject();
        var target = argument == "contract" ? node : node["args"]!.AsObject();
        if (value is null)
        {
            target.Remove(argument);
        }
        else
        {
            target[argument] = value == "other-word" ? Word(RandomNumberGenerator.GetBytes(32)) : value;
        }

        LaneEventMapper.ToMessages(Ethereum, ledgerEvent with { Payload = Encoding.UTF8.GetBytes(node.ToJsonString()) }, [lane], Now).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{\"contract\":\"x\",\"args\":5}")]
    [InlineData("{\"args\":[]}")]
    [InlineData("{\"args\":{}}")]
    [InlineData("{\"args\":{\"documentId\":7}}")]
    public void ToMessages_EthereumAnchorPayloadMalformed_IsNoMessageAndDoesNotThrow(string payload)
    {
        var lane = NewLane(name: "docs-to-fabric", source: Ethereum, destination: Fabric, flows: LaneFlows.Documents, direction: LaneDirection.OneWay);
        var ledgerEvent = AnchorLog(UuidWord(Guid.NewGuid()), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), TypeWord("INVOICE")) with { Payload = Encoding.UTF8.GetBytes(payload) };

        IReadOnlyList<RelayMessage>? messages = null;
        Should.NotThrow(() => messages = LaneEventMapper.ToMessages(Ethereum, ledgerEvent, [lane], Now));
        messages.ShouldBeEmpty();
    }

    private const ulong AnchorLogIndex = 2;

    private const string DocumentRegistryAddress = "0x8A791620dd6260079BF849Dc5567aDC3F2FdC318";

    private const string IssuerAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    /// <summary>
    /// A DocumentRegistry <c>DocumentAnchored</c> log as the Ethereum adapter delivers it, its subject digest computed by the
    /// receipt verifier over the log these words make (topic0 the event signature's keccak256, then documentId and issuer).
    /// </summary>
    private static LedgerEvent AnchorLog(byte[] id, byte[] digest, byte[] root, byte[] type, ulong logIndex = AnchorLogIndex, bool upperCase = false)
    {
        const string hash = "0x9d1c2a4e3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e3b5d4c7e9f801a2b3c4d5e6f";
        string W(byte[] word) => upperCase ? "0x" + Convert.ToHexString(word) : Word(word);
        var topic = Keccak256.Hash(Encoding.ASCII.GetBytes("DocumentAnchored(bytes32,address,bytes32,bytes32,bytes32)"));
        var log = new Bridge.Adapters.Ethereum.Blocks.ReceiptLog(Convert.FromHexString(DocumentRegistryAddress.AsSpan(2)), [topic, id, AddressWord(IssuerAddress)], [.. digest, .. root, .. type]);
        var payload = new JsonObject
        {
            ["contract"] = DocumentRegistryAddress,
            ["event"] = LaneEventMapper.DocumentAnchored,
            ["args"] = new JsonObject
            {
                ["documentId"] = W(id),
                ["issuer"] = IssuerAddress,
                ["contentDigest"] = W(digest),
                ["commitmentRoot"] = W(root),
                ["documentType"] = W(type),
            },
        };
        return new(LedgerEvent.FormatProtocolId(40, 1, (uint)logIndex), new TxRef(hash, 40, "0x" + new string('b', 64)), LaneEventMapper.DocumentAnchored, Encoding.UTF8.GetBytes(payload.ToJsonString()))
        {
            Subject = new ProofSubject(ProofSubjectType.Event, $"{hash}:{logIndex}", Bridge.Adapters.Ethereum.Proofs.EthereumReceiptVerifier.LogDigest(log)),
        };
    }

    /// <summary>A document type as Solidity's <c>bytes32("…")</c>: left-aligned ASCII, zero-padded.</summary>
    private static byte[] TypeWord(string type)
    {
        var word = new byte[32];
        Encoding.ASCII.GetBytes(type).CopyTo(word, 0);
        return word;
    }

    private static System.Text.Json.Nodes.JsonObject AnchorJson(string documentId, string type) => new()
    {
        ["documentId"] = documentId,
        ["contentDigest"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(documentId))),
        ["commitmentRoot"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("root-" + documentId))),
        ["documentType"] = type,
        ["issuer"] = "x509::CN=carrier",
        ["txId"] = Tx,
    };

    private static LedgerEvent FabricEvent(string payload) =>
        new(LedgerEvent.FormatProtocolId(12, 0, 0), new TxRef(Tx, 12, "block-12"), LaneEventMapper.CrossChainMessage, Encoding.UTF8.GetBytes(payload))
        {
            Subject = EventSubject(Tx),
        };

    private static LedgerEvent EthereumEvent(string payload)
    {
        const string hash = "0x3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e";
        return new(LedgerEvent.FormatProtocolId(40, 1, 2), new TxRef(hash, 40, "0x" + new string('b', 64)), LaneEventMapper.CrossChainMessage, Encoding.UTF8.GetBytes(payload))
        {
            Subject = EventSubject(hash + ":2"),
        };
    }

    /// <summary>
    /// A CrossChainMessage as the Ethereum adapter delivers it, its payloadHash computed here as TitleRegistry does:
    /// keccak256(abi.encode(bytes32 titleId, address holder, address beneficiary, bytes32 recipient)).
    /// </summary>
    private static string AbiJson(string titleEvent, string lane = TitleLane, string destination = Fabric, byte[]? titleWord = null, bool upperCase = false)
    {
        titleWord ??= UuidWord(Guid.Parse(TitleId));
        byte[] preimage = [.. titleWord, .. AddressWord(HolderAddress), .. AddressWord(BeneficiaryAddress), .. RecipientWord];
        string W(byte[] word) => upperCase ? "0x" + Convert.ToHexString(word) : Word(word);
        return new JsonObject
        {
            ["args"] = new JsonObject
            {
                ["lane"] = W(Bytes32Words.Of(lane)),
                ["messageId"] = MessageWordText,
                ["destinationNetwork"] = W(Bytes32Words.Of(destination)),
                ["recipient"] = W(RecipientWord),
                ["payloadHash"] = W(Keccak256.Hash(preimage)),
            },
            ["title"] = new JsonObject
            {
                ["event"] = titleEvent,
                ["titleId"] = W(titleWord),
                ["holder"] = HolderAddress,
                ["beneficiary"] = BeneficiaryAddress,
            },
        }.ToJsonString();
    }

    /// <summary>A UUID as TitleRegistry's bytes32 title id: its 16 bytes (RFC 9562 order) right-aligned.</summary>
    private static byte[] UuidWord(Guid id)
    {
        var word = new byte[32];
        id.TryWriteBytes(word.AsSpan(16), bigEndian: true, out _).ShouldBeTrue();
        return word;
    }

    /// <summary>An address as an ABI word: 12 zero bytes, then its 20 bytes.</summary>
    private static byte[] AddressWord(string address) => [.. new byte[12], .. Convert.FromHexString(address.AsSpan(2))];

    private static string Word(byte[] word) => "0x" + Convert.ToHexStringLower(word);

    private static string Word(Guid id) => Word(UuidWord(id));
}
