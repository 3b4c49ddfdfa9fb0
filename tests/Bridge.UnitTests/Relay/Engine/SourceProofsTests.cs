using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;
using static Bridge.UnitTests.Relay.Engine.EngineFixtures;

namespace Bridge.UnitTests.Relay.Engine;

[Trait("Category", "Unit")]
public sealed class SourceProofsTests
{
    private const string EthTx = "0x3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e";
    private const string SourceBlockHash = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string CheckpointHash = "0x2222222222222222222222222222222222222222222222222222222222222222";

    private static readonly EthereumTrustAnchors EthAnchors = new(
        31337,
        new Dictionary<string, string> { ["titleRegistry"] = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed" },
        new EthereumFinality(2),
        [new EthereumTrustedBlock(7, CheckpointHash)]);

    private static readonly FabricTrustAnchors FabricAnchors = new(
        "trade",
        "bridge",
        [new FabricMsp("CarrierMSP", [])],
        new FabricEndorsementPolicy(FabricEndorsementPolicy.NOfType, 1, ["CarrierMSP"]));

    [Fact]
    public void Check_ProofFromAnotherNetwork_IsWrongNetworkAndTheVerifierIsNotAsked()
    {
        var (message, payload) = EthereumMessage();
        var verifier = new RecordingVerifier(ProofKind.EthereumReceipt);
        var proof = Proof(payload.Subject, "eth-other", ProofKind.EthereumReceipt);

        var verdict = SourceProofs.Check(proof, message, payload, EthNetwork(), new ProofVerifierRegistry([verifier]));

        var invalid = verdict.ShouldBeOfType<ProofVerdict.Invalid>();
        invalid.Code.ShouldBe("wrong-network");
        invalid.Reason.ShouldContain("eth-other");
        verifier.Anchors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("type")]
    [InlineData("id")]
    [InlineData("digest")]
    [InlineData("digest-case")]
    public void Check_ProofOfAnotherSubject_IsDigestMismatchAndTheVerifierIsNotAsked(string differs)
    {
        var (message, payload) = EthereumMessage();
        var subject = payload.Subject;
        var proven = differs switch
        {
            "type" => subject with { Type = ProofSubjectType.Transaction },
            "id" => subject with { Id = EthTx + ":3" },
            "digest" => subject with { Digest = new string('0', 64) },
            _ => subject with { Digest = subject.Digest.ToUpperInvariant() },
        };
        proven.ShouldNotBe(subject);
        var verifier = new RecordingVerifier(ProofKind.EthereumReceipt);

        var verdict = SourceProofs.Check(Proof(proven, Ethereum, ProofKind.EthereumReceipt), message, payload, EthNetwork(), new ProofVerifierRegistry([verifier]));

        verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.DigestMismatch);
        verifier.Anchors.ShouldBeEmpty();
    }

    [Fact]
    public void Check_SubjectIdDifferingOnlyInCase_IsTheSameSubject()
    {
        var (message, payload) = EthereumMessage();
        var verifier = new RecordingVerifier(ProofKind.EthereumReceipt);
        var proof = Proof(payload.Subject with { Id = payload.Subject.Id.ToUpperInvariant() }, Ethereum, ProofKind.EthereumReceipt);

        SourceProofs.Check(proof, message, payload, EthNetwork(), new ProofVerifierRegistry([verifier])).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Check_EthereumSource_AddsTheMessagesSourceBlockToTheTrustedBlocks()
    {
        var (message, payload) = EthereumMessage();
        var verifier = new RecordingVerifier(ProofKind.EthereumReceipt);

        var verdict = SourceProofs.Check(Proof(payload.Subject, Ethereum, ProofKind.EthereumReceipt), message, payload, EthNetwork(), new ProofVerifierRegistry([verifier]));

        verdict.ShouldBe(verifier.Verdict);
        var anchors = verifier.Anchors.ShouldHaveSingleItem().ShouldBeOfType<EthereumTrustAnchors>();
        anchors.TrustedBlocks.ShouldBe([new EthereumTrustedBlock(7, CheckpointHash), new EthereumTrustedBlock(40, SourceBlockHash)]);
        anchors.ChainId.ShouldBe(EthAnchors.ChainId);
        anchors.Contracts.ShouldBeSameAs(EthAnchors.Contracts);
        anchors.Finality.ShouldBe(EthAnchors.Finality);
        EthAnchors.TrustedBlocks.ShouldBe([new EthereumTrustedBlock(7, CheckpointHash)], "the network's own anchors are not changed");
    }

    [Fact]
    public void Check_EthereumAnchorsWithoutTrustedBlocks_TrustTheSourceBlockOnly()
    {
        var (message, payload) = EthereumMessage();
        var verifier = new RecordingVerifier(ProofKind.EthereumReceipt);
        var network = EthNetwork() with { TrustAnchors = EthAnchors with { TrustedBlocks = null } };

        SourceProofs.Check(Proof(payload.Subject, Ethereum, ProofKind.EthereumReceipt), message, payload, network, new ProofVerifierRegistry([verifier]));

        verifier.Anchors.ShouldHaveSingleItem().ShouldBeOfType<EthereumTrustAnchors>().TrustedBlocks.ShouldBe([new EthereumTrustedBlock(40, SourceBlockHash)]);
    }

    [Fact]
    public void Check_EthereumSourceWithoutABlock_PassesTheAnchorsAsTheyAre()
    {
        var (message, payload) = EthereumMessage(new TxRef(EthTx));
        var verifier = new RecordingVerifier(ProofKind.EthereumReceipt);

        SourceProofs.Check(Proof(payload.Subject, Ethereum, ProofKind.EthereumReceipt), message, payload, EthNetwork(), new ProofVerifierRegistry([verifier]));

        verifier.Anchors.ShouldHaveSingleItem().ShouldBeSameAs(EthAnchors);
    }

    [Fact]
    public void Check_FabricSource_PassesTheAnchorsAsTheyAreAndReturnsTheVerifiersVerdict()
    {
        var subject = EventSubject("fabric-tx-1");
        var payload = new MessagePayload.Title(subject, "title-1", "CarrierMSP::carrier", "CarrierMSP::carrier", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", TitleMove.Export, "msg-1");
        var message = RelayMessage.Observe(TitleLane, MessageKind.Title, new MessageSource(Fabric, new TxRef("fabric-tx-1", 12, "block-12"), 0, "p-1"), Ethereum, payload, null, T0);
        var refusal = new ProofVerdict.Invalid(ProofVerdictCodes.PolicyNotSatisfied, "one organisation of two");
        var verifier = new RecordingVerifier(ProofKind.FabricEndorsement, refusal);
        var network = new Network(Guid.NewGuid(), Fabric, Fabric, NetworkKind.Fabric, [], FabricAnchors, T0, T0);

        var verdict = SourceProofs.Check(Proof(subject, Fabric, ProofKind.FabricEndorsement), message, payload, network, new ProofVerifierRegistry([verifier]));

        verdict.ShouldBe(refusal);
        verifier.Anchors.ShouldHaveSingleItem().ShouldBeSameAs(FabricAnchors);
    }

    [Fact]
    public void Check_ProofKindWithoutAVerifier_IsTheRegistrysNoVerifier()
    {
        var (message, payload) = EthereumMessage();

        var verdict = SourceProofs.Check(Proof(payload.Subject, Ethereum, ProofKind.EthereumReceipt), message, payload, EthNetwork(), new ProofVerifierRegistry([]));

        verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.NoVerifier);
    }

    private static Network EthNetwork() => new(Guid.NewGuid(), Ethereum, Ethereum, NetworkKind.Ethereum, [], EthAnchors, T0, T0);

    private static (RelayMessage Message, MessagePayload Payload) EthereumMessage(TxRef? tx = null)
    {
        var subject = EventSubject(EthTx + ":2");
        var payload = new MessagePayload.Title(subject, "title-1", "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "0x" + new string('c', 64), TitleMove.Return, "0x" + new string('a', 64));
        var source = new MessageSource(Ethereum, tx ?? new TxRef(EthTx, 40, SourceBlockHash), 0, LedgerEvent.FormatProtocolId(40, 1, 2));
        return (RelayMessage.Observe(TitleLane, MessageKind.Title, source, Fabric, payload, null, T0), payload);
    }

    private static ProofEnvelope Proof(ProofSubject subject, string network, ProofKind kind)
    {
        using var data = JsonDocument.Parse("{}");
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, network, kind, subject, data.RootElement.Clone());
    }

    /// <summary>A verifier that records the anchors it is given and answers a fixed verdict.</summary>
    private sealed class RecordingVerifier(ProofKind kind, ProofVerdict? verdict = null) : IProofVerifier
    {
        public ProofKind Kind { get; } = kind;

        public ProofVerdict Verdict { get; } = verdict ?? new ProofVerdict.Valid(["recorded"]);

        public List<TrustAnchors> Anchors { get; } = [];

        public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
        {
            Anchors.Add(anchors);
            return Verdict;
        }
    }
}
