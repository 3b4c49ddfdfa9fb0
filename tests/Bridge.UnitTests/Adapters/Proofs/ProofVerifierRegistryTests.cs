using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.UnitTests.Adapters.Proofs;

[Trait("Category", "Unit")]
public sealed class ProofVerifierRegistryTests
{
    private const string Digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly FabricTrustAnchors FabricAnchors = new(
        "trade-channel",
        "tradebridge",
        [new FabricMsp("CarrierMSP", ["pem"]), new FabricMsp("BankMSP", ["pem"])],
        new FabricEndorsementPolicy(FabricEndorsementPolicy.NOfType, 2, ["CarrierMSP", "BankMSP"]));

    private static readonly EthereumTrustAnchors EthereumAnchors = new(
        1337,
        new Dictionary<string, string> { ["titleEscrow"] = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512" },
        new EthereumFinality(12));

    private static readonly PlatformTrustAnchors PlatformAnchors = new(
        "https://platform.example.com/",
        new JsonWebKeySet([new JsonWebKey("EC", "k1", new Dictionary<string, JsonElement>())]));

    private static ProofEnvelope Proof(ProofKind kind, string data = "{}", int version = ProofEnvelope.CurrentVersion)
    {
        using var document = JsonDocument.Parse(data);
        return new ProofEnvelope(version, "source", kind, new ProofSubject(ProofSubjectType.Event, "tx-1:0", Digest), document.RootElement.Clone());
    }

    private static TrustAnchors Anchors(NetworkKind kind) => kind switch
    {
        NetworkKind.Fabric => FabricAnchors,
        NetworkKind.Ethereum => EthereumAnchors,
        _ => PlatformAnchors,
    };

    [Fact]
    public void Verify_RegisteredKind_DispatchesToThatVerifierOnly()
    {
        var fabric = new RecordingVerifier(ProofKind.FabricEndorsement, new ProofVerdict.Valid(["CarrierMSP", "BankMSP"], 42));
        var receipt = new RecordingVerifier(ProofKind.EthereumReceipt, new ProofVerdict.Invalid("bad-signature", "never"));
        var registry = new ProofVerifierRegistry([receipt, fabric]);
        var proof = Proof(ProofKind.FabricEndorsement);

        var verdict = registry.Verify(proof, FabricAnchors);

        var valid = verdict.ShouldBeOfType<ProofVerdict.Valid>();
        valid.Signers.ShouldBe(["CarrierMSP", "BankMSP"]);
        valid.BlockNumber.ShouldBe(42L);
        verdict.IsValid.ShouldBeTrue();
        fabric.Calls.ShouldBe([(proof, (TrustAnchors)FabricAnchors)]);
        receipt.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void Verify_RealisticVerifier_ReturnsItsInvalidVerdict()
    {
        var registry = new ProofVerifierRegistry([new EndorsementCountingVerifier()]);

        var verdict = registry.Verify(Proof(ProofKind.FabricEndorsement, """{"endorsers":["CarrierMSP","CarrierMSP"]}"""), FabricAnchors);

        verdict.ShouldBe(new ProofVerdict.Invalid(ProofVerdictCodes.PolicyNotSatisfied, "endorsed by 1 of 2 required organisations"));
        verdict.IsValid.ShouldBeFalse();
        registry.Verify(Proof(ProofKind.FabricEndorsement, """{"endorsers":["BankMSP","CarrierMSP"]}"""), FabricAnchors)
            .ShouldBeOfType<ProofVerdict.Valid>().Signers.ShouldBe(["BankMSP", "CarrierMSP"]);
    }

    [Fact]
    public void Verify_NoVerifierForKind_ReturnsNoVerifier()
    {
        var registry = new ProofVerifierRegistry([new RecordingVerifier(ProofKind.EthereumReceipt, new ProofVerdict.Valid([]))]);

        var verdict = registry.Verify(Proof(ProofKind.EthereumState), EthereumAnchors);

        var invalid = verdict.ShouldBeOfType<ProofVerdict.Invalid>();
        invalid.Code.ShouldBe(ProofVerdictCodes.NoVerifier);
        invalid.Reason.ShouldContain("ethereum-state");
    }

    [Fact]
    public void Verify_EmptyRegistry_ReturnsNoVerifier()
    {
        new ProofVerifierRegistry([]).Verify(Proof(ProofKind.PlatformJws), PlatformAnchors)
            .ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe("no-verifier");
    }

    [Theory]
    [InlineData(ProofKind.FabricEndorsement, NetworkKind.Ethereum)]
    [InlineData(ProofKind.FabricEndorsement, NetworkKind.Platform)]
    [InlineData(ProofKind.EthereumReceipt, NetworkKind.Fabric)]
    [InlineData(ProofKind.EthereumState, NetworkKind.Platform)]
    [InlineData(ProofKind.PlatformJws, NetworkKind.Ethereum)]
    public void Verify_AnchorsOfWrongKind_ReturnsKindMismatchWithoutCallingVerifier(ProofKind proofKind, NetworkKind anchorsKind)
    {
        var verifier = new RecordingVerifier(proofKind, new ProofVerdict.Valid([]));
        var registry = new ProofVerifierRegistry([verifier]);

        var verdict = registry.Verify(Proof(proofKind), Anchors(anchorsKind));

        var invalid = verdict.ShouldBeOfType<ProofVerdict.Invalid>();
        invalid.Code.ShouldBe(ProofVerdictCodes.KindMismatch);
        invalid.Reason.ShouldContain(proofKind.ToWireName());
        invalid.Reason.ShouldContain(anchorsKind.ToWireName());
        verifier.Calls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(NetworkKind.Fabric)]
    [InlineData(NetworkKind.Ethereum)]
    [InlineData(NetworkKind.Platform)]
    public void Verify_RelayAttestation_AcceptsAnchorsOfAnyKind(NetworkKind anchorsKind)
    {
        var verifier = new RecordingVerifier(ProofKind.RelayAttestation, new ProofVerdict.Valid(["relay-1", "relay-2"]));
        var registry = new ProofVerifierRegistry([verifier]);

        registry.Verify(Proof(ProofKind.RelayAttestation), Anchors(anchorsKind)).ShouldBeOfType<ProofVerdict.Valid>();
        verifier.Calls.Single().Anchors.Kind.ShouldBe(anchorsKind);
    }

    [Fact]
    public void Verify_VerifierSaysNotApplicable_PassesItThrough()
    {
        var registry = new ProofVerifierRegistry([new RecordingVerifier(ProofKind.RelayAttestation, new ProofVerdict.NotApplicable("needs relay signer anchors"))]);

        registry.Verify(Proof(ProofKind.RelayAttestation), PlatformAnchors)
            .ShouldBe(new ProofVerdict.NotApplicable("needs relay signer anchors"));
    }

    [Fact]
    public void Verify_UnsupportedEnvelopeVersion_ReturnsInvalidWithoutCallingVerifier()
    {
        var verifier = new RecordingVerifier(ProofKind.PlatformJws, new ProofVerdict.Valid([]));
        var registry = new ProofVerifierRegistry([verifier]);

        registry.Verify(Proof(ProofKind.PlatformJws, version: 2), PlatformAnchors)
            .ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.UnsupportedVersion);
        verifier.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void Verify_VerifierReturnsNull_ThrowsBecauseThatIsABug()
    {
        var registry = new ProofVerifierRegistry([new RecordingVerifier(ProofKind.PlatformJws, null!)]);

        Should.Throw<InvalidOperationException>(() => registry.Verify(Proof(ProofKind.PlatformJws), PlatformAnchors));
    }

    [Fact]
    public void Constructor_TwoVerifiersForOneKind_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => new ProofVerifierRegistry(
        [
            new RecordingVerifier(ProofKind.EthereumReceipt, new ProofVerdict.Valid([])),
            new RecordingVerifier(ProofKind.EthereumReceipt, new ProofVerdict.Valid([])),
        ]));

        ex.Message.ShouldContain("ethereum-receipt");
    }

    [Fact]
    public void Supports_ListsRegisteredKindsOnly()
    {
        var registry = new ProofVerifierRegistry(
        [
            new RecordingVerifier(ProofKind.EthereumReceipt, new ProofVerdict.Valid([])),
            new EndorsementCountingVerifier(),
        ]);

        registry.Supports(ProofKind.FabricEndorsement).ShouldBeTrue();
        registry.Supports(ProofKind.EthereumReceipt).ShouldBeTrue();
        registry.Supports(ProofKind.PlatformJws).ShouldBeFalse();
        registry.Kinds.ShouldBe([ProofKind.EthereumReceipt, ProofKind.FabricEndorsement], ignoreOrder: true);
    }

    /// <summary>Returns a fixed verdict and records what it was asked.</summary>
    private sealed class RecordingVerifier(ProofKind kind, ProofVerdict verdict) : IProofVerifier
    {
        public List<(ProofEnvelope Proof, TrustAnchors Anchors)> Calls { get; } = [];

        public ProofKind Kind => kind;

        public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
        {
            Calls.Add((proof, anchors));
            return verdict;
        }
    }

    /// <summary>
    /// A toy Fabric verifier shaped like a real one: reads the (already signature-checked, in this toy) endorsers
    /// from the data and applies the anchors' endorsement policy.
    /// </summary>
    private sealed class EndorsementCountingVerifier : IProofVerifier
    {
        public ProofKind Kind => ProofKind.FabricEndorsement;

        public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
        {
            if (anchors is not FabricTrustAnchors fabric)
            {
                return new ProofVerdict.NotApplicable("needs Fabric trust anchors");
            }

            if (!proof.Data.TryGetProperty("endorsers", out var endorsers) || endorsers.ValueKind != JsonValueKind.Array)
            {
                return new ProofVerdict.Invalid(ProofVerdictCodes.MalformedProof, "no endorsers");
            }

            var mspIds = endorsers.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
            // A test double: the n-of policy counted over MSP ids (the real evaluation is FabricSignaturePolicies').
            var policy = fabric.EndorsementPolicy;
            var listed = policy.MspIds ?? [];
            var endorsing = mspIds.Distinct(StringComparer.Ordinal).Count(id => listed.Contains(id, StringComparer.Ordinal));
            return endorsing >= (policy.N ?? int.MaxValue)
                ? new ProofVerdict.Valid(mspIds)
                : new ProofVerdict.Invalid(ProofVerdictCodes.PolicyNotSatisfied, $"endorsed by {endorsing} of {policy.N} required organisations");
        }
    }
}
