using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Ledger;
using Bridge.Simulators.Fabric.Peer;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace Bridge.UnitTests.Simulators.Fabric.Peer;

[Trait("Category", "Unit")]
public sealed class TransactionValidatorTests : IDisposable
{
    private readonly PeerTestNetwork _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public void Validate_TwoOfThreeEndorsementsSignedByClient_ValidWithRwsetAndEvent()
    {
        var (envelope, txId) = Prepare(_net.CarrierPeer, _net.BankPeer);

        var result = new TransactionValidator(_net.Definition).Validate(Sign(envelope), PeerTestNetwork.Now);

        result.Code.ShouldBe(TxValidationCode.Valid, result.Reason);
        result.TxId.ShouldBe(txId);
        result.ChannelId.ShouldBe("trade");
        result.ChaincodeName.ShouldBe("bridge");
        result.Reads.ShouldBe([new StateRead("k1", null)]);
        result.Writes.Single().Key.ShouldBe("k1");
        result.Writes.Single().Value.ShouldBe("v1"u8.ToArray());
        result.Event!.EventName.ShouldBe("Put");
        result.Event.TxId.ShouldBe(txId);

        var state = new WorldState();
        state.TryCommit(result.Reads, result.Writes, new KeyVersion(1, 0)).ShouldBeTrue();
    }

    [Fact]
    public void Validate_OneEndorsement_EndorsementPolicyFailure()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer);

        new TransactionValidator(_net.Definition).Validate(Sign(envelope), PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.EndorsementPolicyFailure);
    }

    [Fact]
    public void Validate_TwoPeersOfTheSameOrg_EndorsementPolicyFailure()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer, _net.SecondCarrierPeer());

        new TransactionValidator(_net.Definition).Validate(Sign(envelope), PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.EndorsementPolicyFailure);
    }

    [Fact]
    public void Validate_SameEndorsementTwice_DeduplicatedToEndorsementPolicyFailure()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer);
        var doubled = RewriteEndorsements(envelope, e => [e[0], e[0]]);

        new TransactionValidator(_net.Definition).Validate(Sign(doubled), PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.EndorsementPolicyFailure);
    }

    [Fact]
    public void Validate_SecondEndorsementSignatureInvalid_DroppedToEndorsementPolicyFailure()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer, _net.BankPeer);
        var broken = RewriteEndorsements(envelope, e =>
        {
            var bad = e[1].Clone();
            bad.Signature = e[0].Signature;
            return [e[0], bad];
        });

        new TransactionValidator(_net.Definition).Validate(Sign(broken), PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.EndorsementPolicyFailure);
    }

    [Fact]
    public void Validate_TamperedEnvelopeSignature_BadCreatorSignature()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer, _net.BankPeer);
        var signed = Sign(envelope);
        var signature = signed.Signature.ToByteArray();
        signature[^1] ^= 0x01;
        signed.Signature = ByteString.CopyFrom(signature);

        new TransactionValidator(_net.Definition).Validate(signed, PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.BadCreatorSignature);
    }

    [Fact]
    public void Validate_UnsignedEnvelope_BadCreatorSignature()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer, _net.BankPeer);

        new TransactionValidator(_net.Definition).Validate(envelope, PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.BadCreatorSignature);
    }

    [Fact]
    public void Validate_TxIdChangedAfterEndorsement_BadProposalTxid()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer, _net.BankPeer);
        var payload = Payload.Parser.ParseFrom(envelope.Payload);
        var channelHeader = ChannelHeader.Parser.ParseFrom(payload.Header.ChannelHeader);
        channelHeader.TxId = new string('0', 64);
        payload.Header.ChannelHeader = channelHeader.ToByteString();

        var result = new TransactionValidator(_net.Definition).Validate(Sign(new Envelope { Payload = payload.ToByteString() }), PeerTestNetwork.Now);

        result.Code.ShouldBe(TxValidationCode.BadProposalTxid);
    }

    [Fact]
    public void Validate_ChaincodeProposalPayloadReplaced_InvalidEndorserTransaction()
    {
        var (envelope, _) = Prepare(_net.CarrierPeer, _net.BankPeer);
        var payload = Payload.Parser.ParseFrom(envelope.Payload);
        var transaction = Transaction.Parser.ParseFrom(payload.Data);
        var actionPayload = ChaincodeActionPayload.Parser.ParseFrom(transaction.Actions[0].Payload);
        actionPayload.ChaincodeProposalPayload = new ChaincodeProposalPayload { Input = ByteString.CopyFromUtf8("other input") }.ToByteString();
        transaction.Actions[0].Payload = actionPayload.ToByteString();
        payload.Data = transaction.ToByteString();

        var result = new TransactionValidator(_net.Definition).Validate(Sign(new Envelope { Payload = payload.ToByteString() }), PeerTestNetwork.Now);

        result.Code.ShouldBe(TxValidationCode.InvalidEndorserTransaction);
        result.Reason.ShouldBe("proposal hash does not match");
    }

    [Fact]
    public void Validate_NullAndGarbage_NilEnvelopeAndBadPayload()
    {
        var validator = new TransactionValidator(_net.Definition);

        validator.Validate(null, PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.NilEnvelope);
        validator.Validate(new Envelope { Payload = ByteString.CopyFrom(0xff, 0xff) }, PeerTestNetwork.Now).Code.ShouldBe(TxValidationCode.BadPayload);
    }

    [Fact]
    public void IsSatisfied_AnySubsetOfEndorsers_HoldsExactlyWhenAtLeastNDistinctOrgsEndorse()
    {
        // Candidates: carrier peer, a second carrier peer, bank peer, customs peer, and a peer of an MSP not on the channel.
        var outsider = MspMaterial.CreateOrganization("OutsiderMSP", "outsider.example.com", PeerTestNetwork.Start, PeerTestNetwork.Validity);
        using var outsiderPeer = outsider.Peer.CreateSigner("OutsiderMSP");
        using var secondCarrier = _net.SecondCarrierPeer();
        FabricIdentity[] candidates = [_net.CarrierPeer.Identity, secondCarrier.Identity, _net.BankPeer.Identity, _net.CustomsPeer.Identity, outsiderPeer.Identity];
        string[] orgs = ["CarrierMSP", "BankMSP", "CustomsMSP"];

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(150),
            Prop.ForAll(Arb.From(Gen.Choose(0, (3 << 5) - 1)), seed =>
            {
                var mask = seed & 0x1f;
                var n = 1 + (seed >> 5);
                var chosen = candidates.Where((_, i) => (mask & (1 << i)) != 0).ToList();
                var policy = EndorsementPolicy.NOutOf(n, orgs);
                var distinctChannelOrgs = chosen.Select(c => c.MspId).Where(orgs.Contains).Distinct().Count();
                return EndorsementPolicy.IsSatisfied(policy, chosen, _net.Definition.Msps, PeerTestNetwork.Now) == (distinctChannelOrgs >= n);
            }));
        outsider.Dispose();
    }

    [Fact]
    public void IsSatisfied_SamePrincipalRequiredTwice_OneIdentitySatisfiesOnlyOnePrincipal()
    {
        // OutOf(2, 'CarrierMSP.member', 'CarrierMSP.member'): the used[] bitmap must stop one identity counting twice.
        var policy = EndorsementPolicy.NOutOf(1, ["CarrierMSP"]);
        policy.Rule.NOutOf.N = 2;
        policy.Rule.NOutOf.Rules.Add(new SignaturePolicy { SignedBy = 0 });
        using var secondCarrier = _net.SecondCarrierPeer();

        EndorsementPolicy.IsSatisfied(policy, [_net.CarrierPeer.Identity], _net.Definition.Msps, PeerTestNetwork.Now).ShouldBeFalse();
        EndorsementPolicy.IsSatisfied(policy, [_net.CarrierPeer.Identity, secondCarrier.Identity], _net.Definition.Msps, PeerTestNetwork.Now).ShouldBeTrue();
    }

    [Fact]
    public void IsSatisfied_PeerRolePrincipal_NeedsThePeerNodeOu()
    {
        var policy = EndorsementPolicy.NOutOf(1, ["CarrierMSP"]);
        policy.Identities[0].Principal = new MSPRole { MspIdentifier = "CarrierMSP", Role = MSPRole.Types.MSPRoleType.Peer }.ToByteString();

        EndorsementPolicy.IsSatisfied(policy, [_net.CarrierPeer.Identity], _net.Definition.Msps, PeerTestNetwork.Now).ShouldBeTrue();
        EndorsementPolicy.IsSatisfied(policy, [_net.Client.Identity], _net.Definition.Msps, PeerTestNetwork.Now).ShouldBeFalse();
    }

    [Fact]
    public void NOutOf_TwoOfThree_IsNOutOfSignedByOverRoleMemberPrincipals()
    {
        var policy = EndorsementPolicy.NOutOf(2, ["A", "B", "C"]);

        policy.Rule.NOutOf.N.ShouldBe(2);
        policy.Rule.NOutOf.Rules.Select(r => r.SignedBy).ShouldBe([0, 1, 2]);
        policy.Identities.Select(p => p.PrincipalClassification).ShouldAllBe(c => c == MSPPrincipal.Types.Classification.Role);
        policy.Identities.Select(p => MSPRole.Parser.ParseFrom(p.Principal)).Select(r => (r.MspIdentifier, r.Role))
            .ShouldBe([("A", MSPRole.Types.MSPRoleType.Member), ("B", MSPRole.Types.MSPRoleType.Member), ("C", MSPRole.Types.MSPRoleType.Member)]);
    }

    private (Envelope Envelope, string TxId) Prepare(params FabricSigner[] peers)
    {
        var builder = new TestProposal { Signer = _net.Client };
        var validated = _net.Validator().Validate(builder.Build(), PeerTestNetwork.Now);
        validated.IsValid.ShouldBeTrue(validated.ToString());
        var state = new WorldState();
        var responses = peers.Select(p => new Endorser(p).Endorse(validated.Proposal, state, PeerTestNetwork.TestChaincode).Response!).ToList();
        var assembled = TransactionAssembler.Assemble(validated.Proposal, responses);
        assembled.IsSuccess.ShouldBeTrue();
        return (assembled.Envelope, builder.TxId);
    }

    /// <summary>The client's step between Endorse and Submit (fabric-wire.md §2.1, signature 2).</summary>
    private Envelope Sign(Envelope envelope) =>
        new() { Payload = envelope.Payload, Signature = ByteString.CopyFrom(_net.Client.Sign(envelope.Payload.Span)) };

    private static Envelope RewriteEndorsements(Envelope envelope, Func<IReadOnlyList<Endorsement>, Endorsement[]> rewrite)
    {
        var payload = Payload.Parser.ParseFrom(envelope.Payload);
        var transaction = Transaction.Parser.ParseFrom(payload.Data);
        var actionPayload = ChaincodeActionPayload.Parser.ParseFrom(transaction.Actions[0].Payload);
        var replaced = rewrite([.. actionPayload.Action.Endorsements]);
        actionPayload.Action.Endorsements.Clear();
        actionPayload.Action.Endorsements.AddRange(replaced);
        transaction.Actions[0].Payload = actionPayload.ToByteString();
        payload.Data = transaction.ToByteString();
        return new Envelope { Payload = payload.ToByteString() };
    }
}
