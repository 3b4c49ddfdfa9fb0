using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Lanes;

namespace Bridge.UnitTests.Relay.Lanes;

[Trait("Category", "Unit")]
public sealed class LaneValidatorTests
{
    // EIP-55 examples from https://eips.ethereum.org/EIPS/eip-55.
    private const string SignerA = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private const string SignerB = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    private const string SignerC = "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB";

    private static readonly Dictionary<string, NetworkKind> Networks = new(StringComparer.Ordinal)
    {
        ["fabric-trade"] = NetworkKind.Fabric,
        ["eth-finance"] = NetworkKind.Ethereum,
        ["tradelens"] = NetworkKind.Platform,
    };

    private static LaneInput TitleLane() => new(
        "title-out",
        null,
        "fabric-trade",
        "eth-finance",
        ["title"],
        "both",
        new LaneProofPolicyInput(["fabric-endorsement", "ethereum-receipt"], [SignerA, SignerB, SignerC], 2),
        12,
        7200,
        new LaneRateLimitInput(50, null),
        [new LaneAccessRuleInput("acme-carrier", null, ["submit", "read"]), new LaneAccessRuleInput(null, "bank", ["read"])]);

    [Fact]
    public void Validate_ATitleLaneBetweenLedgers_GivesTheDraftWithDefaultsFilledIn()
    {
        var (draft, result) = LaneValidator.Validate(TitleLane(), Networks);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
        draft.ShouldNotBeNull();
        draft.DisplayName.ShouldBe("title-out");
        draft.Flows.ShouldBe(LaneFlows.Title);
        draft.Direction.ShouldBe(LaneDirection.Both);
        draft.ProofPolicy.SourceProofKinds.ShouldBe([ProofKind.FabricEndorsement, ProofKind.EthereumReceipt]);
        draft.ProofPolicy.RelayThreshold.ShouldBe(2);
        draft.Deadline.ShouldBe(TimeSpan.FromHours(2));
        draft.RateLimit.ShouldBe(new LaneRateLimit(50, 100));
        draft.Access.Select(a => a.Operations).ShouldBe([LaneOperations.Submit | LaneOperations.Read, LaneOperations.Read]);
    }

    [Fact]
    public void Validate_AnEventLaneFromThePlatform_NeedsOnlyThePlatformsProofKind()
    {
        var input = TitleLane() with
        {
            Source = "tradelens",
            Destination = "fabric-trade",
            Flows = ["events", "documents"],
            Direction = null,
            MinConfirmations = null,
            ProofPolicy = new LaneProofPolicyInput(["platform-jws"], [SignerA], 1),
        };

        var (draft, result) = LaneValidator.Validate(input, Networks);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
        draft!.Direction.ShouldBe(LaneDirection.OneWay);
        draft.Flows.ShouldBe(LaneFlows.Events | LaneFlows.Documents);
    }

    public static TheoryData<string, string, string> Broken() => new()
    {
        { "no name", "/name", "required" },
        { "same networks", "/destination", "mismatch" },
        { "unknown network", "/source", "unknown-value" },
        { "no flows", "/flows", "required" },
        { "unknown flow", "/flows/0", "unknown-value" },
        { "title to a platform", "/flows", "unknown-value" },
        { "title one way", "/direction", "mismatch" },
        { "bad direction", "/direction", "unknown-value" },
        { "relay attestation as source proof", "/proofPolicy/sourceProofKinds/1", "unknown-value" },
        { "proof kind of no proven network", "/proofPolicy/sourceProofKinds/1", "mismatch" },
        { "destination proven but no kind for it", "/proofPolicy/sourceProofKinds", "required" },
        { "bad checksum", "/proofPolicy/relaySigners/0", "invalid-format" },
        { "duplicate signer", "/proofPolicy/relaySigners/1", "duplicate" },
        { "threshold above signers", "/proofPolicy/relayThreshold", "out-of-range" },
        { "threshold zero", "/proofPolicy/relayThreshold", "out-of-range" },
        { "confirmations without ethereum", "/minConfirmations", "mismatch" },
        { "deadline too short", "/deadlineSeconds", "out-of-range" },
        { "burst below rate", "/rateLimit/burst", "out-of-range" },
        { "rule with both", "/access/0", "required" },
        { "unknown role", "/access/1/role", "unknown-value" },
        { "unknown operation", "/access/0/operations/1", "unknown-value" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_ABrokenRule_IsRefusedAtItsField(string breakage, string path, string code)
    {
        var input = Break(TitleLane(), breakage);

        var (draft, result) = LaneValidator.Validate(input, Networks);

        draft.ShouldBeNull(breakage);
        result.Errors.ShouldContain(e => e.Path == path && e.Code == code, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void OperationsFor_ANamedParticipantAndARole_CombineTheirRules()
    {
        var (draft, _) = LaneValidator.Validate(TitleLane(), Networks);
        var lane = new Lane(Guid.NewGuid(), draft!.Name, draft.DisplayName, draft.Source, draft.Destination, draft.Flows, draft.Direction, draft.ProofPolicy, draft.MinConfirmations, draft.Deadline, draft.RateLimit, draft.Access, false, default, default);

        lane.OperationsFor("acme-carrier", ["carrier"]).ShouldBe(LaneOperations.Submit | LaneOperations.Read);
        lane.OperationsFor("some-bank", ["bank"]).ShouldBe(LaneOperations.Read);
        lane.OperationsFor("stranger", ["customs"]).ShouldBe(LaneOperations.None);
    }

    private static LaneInput Break(LaneInput input, string breakage) => breakage switch
    {
        "no name" => input with { Name = null },
        "same networks" => input with { Destination = "fabric-trade" },
        "unknown network" => input with { Source = "nowhere" },
        "no flows" => input with { Flows = [] },
        "unknown flow" => input with { Flows = ["cargo"] },
        "title to a platform" => input with { Destination = "tradelens", MinConfirmations = null, ProofPolicy = new LaneProofPolicyInput(["fabric-endorsement", "platform-jws"], [SignerA], 1) },
        "title one way" => input with { Direction = "one-way" },
        "bad direction" => input with { Direction = "sideways" },
        "relay attestation as source proof" => input with { ProofPolicy = input.ProofPolicy! with { SourceProofKinds = ["fabric-endorsement", "relay-attestation"] } },
        "proof kind of no proven network" => input with { ProofPolicy = input.ProofPolicy! with { SourceProofKinds = ["fabric-endorsement", "platform-jws", "ethereum-receipt"] } },
        "destination proven but no kind for it" => input with { ProofPolicy = input.ProofPolicy! with { SourceProofKinds = ["fabric-endorsement"] } },
        "bad checksum" => input with { ProofPolicy = input.ProofPolicy! with { RelaySigners = ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"] } },
        "duplicate signer" => input with { ProofPolicy = input.ProofPolicy! with { RelaySigners = [SignerA, SignerA.ToLowerInvariant()] } },
        "threshold above signers" => input with { ProofPolicy = input.ProofPolicy! with { RelayThreshold = 4 } },
        "threshold zero" => input with { ProofPolicy = input.ProofPolicy! with { RelayThreshold = 0 } },
        "confirmations without ethereum" => input with { Destination = "tradelens", Flows = ["events"], Direction = "one-way", ProofPolicy = new LaneProofPolicyInput(["fabric-endorsement"], [SignerA], 1) },
        "deadline too short" => input with { DeadlineSeconds = 59 },
        "burst below rate" => input with { RateLimit = new LaneRateLimitInput(50, 49) },
        "rule with both" => input with { Access = [new LaneAccessRuleInput("acme-carrier", "carrier", ["read"])] },
        "unknown role" => input with { Access = [new LaneAccessRuleInput("acme-carrier", null, ["read"]), new LaneAccessRuleInput(null, "pirate", ["read"])] },
        "unknown operation" => input with { Access = [new LaneAccessRuleInput("acme-carrier", null, ["read", "delete"])] },
        _ => throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null),
    };
}
