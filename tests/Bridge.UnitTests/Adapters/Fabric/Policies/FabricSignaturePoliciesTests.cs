using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Policies;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.UnitTests.Simulators.Fabric.Peer;
using Google.Protobuf;

namespace Bridge.UnitTests.Adapters.Fabric.Policies;

/// <summary>
/// The one policy evaluator (verifier and simulator) over real MSP material: three organisations with peer, client and
/// admin certificates carrying Fabric's NodeOUs.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FabricSignaturePoliciesTests : IDisposable
{
    private readonly PeerTestNetwork _net = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _net.Dispose();
    }

    private static FabricPrincipal P(string principal)
    {
        var dot = principal.IndexOf('.', StringComparison.Ordinal);
        return new FabricPrincipal(principal[..dot], principal[(dot + 1)..]);
    }

    private static FabricPolicyRule S(int index) => FabricPolicyRule.Signed(index);

    private static FabricPolicyRule OutOf(int n, params FabricPolicyRule[] rules) => FabricPolicyRule.OutOf(n, rules);

    private static SignaturePolicyEnvelope Policy(FabricPolicyRule rule, params string[] principals) =>
        FabricSignaturePolicies.ToEnvelope(FabricEndorsementPolicy.Signature([.. principals.Select(P)], rule));

    private bool Satisfied(SignaturePolicyEnvelope policy, params FabricIdentity[] identities) =>
        FabricSignaturePolicies.IsSatisfied(policy, identities, _net.Definition.Msps, PeerTestNetwork.Now);

    private FabricIdentity Member(MspOrganization organization, string commonName, string ou)
    {
        var signer = organization.Ca.Issue(commonName, ou, PeerTestNetwork.Start, PeerTestNetwork.Validity).CreateSigner(organization.MspId);
        _owned.Add(signer);
        return signer.Identity;
    }

    [Fact]
    public void IsSatisfied_NestedNOutOf_HoldsExactlyForTheRequiredCombinations()
    {
        // AND('CarrierMSP.peer', OR('BankMSP.peer', 'CustomsMSP.peer'))
        var policy = Policy(OutOf(2, S(0), OutOf(1, S(1), S(2))), "CarrierMSP.peer", "BankMSP.peer", "CustomsMSP.peer");
        var carrier = _net.CarrierPeer.Identity;
        var bank = _net.BankPeer.Identity;
        var customs = _net.CustomsPeer.Identity;

        Satisfied(policy, carrier, bank).ShouldBeTrue();
        Satisfied(policy, customs, carrier).ShouldBeTrue();
        Satisfied(policy, bank, customs).ShouldBeFalse();
        Satisfied(policy, carrier).ShouldBeFalse();
        Satisfied(policy).ShouldBeFalse();
    }

    [Fact]
    public void IsSatisfied_OneIdentityForTwoPrincipals_SatisfiesOnlyOne()
    {
        var policy = Policy(OutOf(2, S(0), S(1)), "CarrierMSP.member", "CarrierMSP.peer");
        var secondPeer = Member(_net.Carrier, "peer1.carrier.example.com", "peer");

        Satisfied(policy, _net.CarrierPeer.Identity).ShouldBeFalse("one identity cannot be both principals");
        Satisfied(policy, _net.CarrierPeer.Identity, _net.CarrierPeer.Identity).ShouldBeFalse("repeats are one identity");
        Satisfied(policy, _net.CarrierPeer.Identity, secondPeer).ShouldBeTrue();
    }

    [Fact]
    public void IsSatisfied_GreedyMatchingInIdentityOrder_AsFabricsCauthdsl()
    {
        // signed_by takes the first unused identity that fits: the member principal takes whichever comes first.
        var policy = Policy(OutOf(2, S(0), S(1)), "CarrierMSP.member", "CarrierMSP.peer");

        Satisfied(policy, _net.Client.Identity, _net.CarrierPeer.Identity).ShouldBeTrue();
        Satisfied(policy, _net.CarrierPeer.Identity, _net.Client.Identity).ShouldBeFalse("Fabric's evaluation is greedy, and the verifier must agree with it");
    }

    [Theory]
    [InlineData("peer", "peer", true)]
    [InlineData("peer", "client", false)]
    [InlineData("peer", "admin", false)]
    [InlineData("client", "client", true)]
    [InlineData("client", "peer", false)]
    [InlineData("admin", "admin", true)]
    [InlineData("admin", "peer", false)]
    [InlineData("orderer", "orderer", true)]
    [InlineData("orderer", "peer", false)]
    [InlineData("member", "client", true)]
    [InlineData("member", "peer", true)]
    [InlineData("peer", "Peer", false)]
    [InlineData("peer", "gateway", false)]
    [InlineData("member", "gateway", true)]
    public void IsSatisfied_RolePrincipal_NeedsTheExactNodeOu(string role, string ou, bool expected)
    {
        var policy = Policy(S(0), $"CarrierMSP.{role}");

        Satisfied(policy, Member(_net.Carrier, $"someone-{ou}.carrier.example.com", ou)).ShouldBe(expected);
    }

    [Fact]
    public void IsSatisfied_UnknownMspOrForeignCa_IsNotSatisfied()
    {
        var outsider = MspMaterial.CreateOrganization("OutsiderMSP", "outsider.example.com", PeerTestNetwork.Start, PeerTestNetwork.Validity);
        _owned.Add(outsider);
        var outsiderPeer = outsider.Peer.CreateSigner("OutsiderMSP");
        _owned.Add(outsiderPeer);

        Satisfied(Policy(S(0), "OutsiderMSP.member"), outsiderPeer.Identity).ShouldBeFalse("OutsiderMSP is not anchored");
        Satisfied(Policy(S(0), "CarrierMSP.member"), _net.ImpostorClient().Identity).ShouldBeFalse("issued by another CA");
        Satisfied(Policy(S(0), "CarrierMSP.member"), _net.BankPeer.Identity).ShouldBeFalse("another MSP");
    }

    [Fact]
    public void IsSatisfied_MalformedEnvelope_IsNeverSatisfied()
    {
        var outOfRange = new SignaturePolicyEnvelope { Rule = new SignaturePolicy { SignedBy = 3 } };
        outOfRange.Identities.Add(FabricSignaturePolicies.ToEnvelope(new FabricEndorsementPolicy("n-of", 1, ["CarrierMSP"])).Identities[0]);
        var unreadable = outOfRange.Clone();
        unreadable.Rule = new SignaturePolicy { SignedBy = 0 };
        unreadable.Identities[0].Principal = ByteString.CopyFrom(0xff, 0xff);
        var organisationalUnit = unreadable.Clone();
        organisationalUnit.Identities[0] = new MSPPrincipal { PrincipalClassification = MSPPrincipal.Types.Classification.OrganizationUnit };

        Satisfied(new SignaturePolicyEnvelope(), _net.CarrierPeer.Identity).ShouldBeFalse();
        Satisfied(outOfRange, _net.CarrierPeer.Identity).ShouldBeFalse();
        Satisfied(unreadable, _net.CarrierPeer.Identity).ShouldBeFalse();
        Satisfied(organisationalUnit, _net.CarrierPeer.Identity).ShouldBeFalse();
    }

    [Fact]
    public void ToEnvelope_NOf_IsOutOfOverMemberPrincipals()
    {
        var envelope = FabricSignaturePolicies.ToEnvelope(new FabricEndorsementPolicy("n-of", 2, ["A", "B", "C"]));

        envelope.Rule.NOutOf.N.ShouldBe(2);
        envelope.Rule.NOutOf.Rules.Select(r => r.SignedBy).ShouldBe([0, 1, 2]);
        envelope.Identities.Select(p => MSPRole.Parser.ParseFrom(p.Principal)).Select(r => (r.MspIdentifier, r.Role))
            .ShouldBe([("A", MSPRole.Types.MSPRoleType.Member), ("B", MSPRole.Types.MSPRoleType.Member), ("C", MSPRole.Types.MSPRoleType.Member)]);
        Should.Throw<ArgumentException>(() => FabricSignaturePolicies.ToEnvelope(new FabricEndorsementPolicy("majority", 1, ["A"])));
    }

    [Fact]
    public void FromEnvelope_RoundTripsAndRefusesWhatAnchorsCannotSay()
    {
        var anchored = FabricEndorsementPolicy.Signature([P("A.peer"), P("B.admin")], OutOf(1, S(0), OutOf(1, S(1))));
        var envelope = FabricSignaturePolicies.ToEnvelope(anchored);

        var back = FabricSignaturePolicies.FromEnvelope(envelope, out var problem);

        problem.ShouldBeNull();
        back!.ToString().ShouldBe(anchored.ToString());
        var zero = envelope.Clone();
        zero.Rule.NOutOf.N = 0;
        FabricSignaturePolicies.FromEnvelope(zero, out problem).ShouldBeNull();
        problem.ShouldNotBeNull();
        var identity = envelope.Clone();
        identity.Identities[0].PrincipalClassification = MSPPrincipal.Types.Classification.Identity;
        FabricSignaturePolicies.FromEnvelope(identity, out problem).ShouldBeNull();
    }

    [Fact]
    public void AsPeers_MemberPrincipals_BecomePeerPrincipals()
    {
        var peers = FabricSignaturePolicies.AsPeers(FabricSignaturePolicies.ToEnvelope(new FabricEndorsementPolicy("n-of", 1, ["CarrierMSP"])));

        Satisfied(peers, _net.Client.Identity).ShouldBeFalse();
        Satisfied(peers, _net.CarrierPeer.Identity).ShouldBeTrue();
    }
}
