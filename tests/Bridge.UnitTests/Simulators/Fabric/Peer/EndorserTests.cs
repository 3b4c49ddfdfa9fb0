using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Kvrwset;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Adapters.Fabric.Protos.Rwset;
using Bridge.Simulators.Fabric.Ledger;
using Bridge.Simulators.Fabric.Peer;

namespace Bridge.UnitTests.Simulators.Fabric.Peer;

[Trait("Category", "Unit")]
public sealed class EndorserTests : IDisposable
{
    private readonly PeerTestNetwork _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public void Endorse_TwoOrganisations_EachSignatureVerifiesOverPrpAndEndorser()
    {
        var proposal = Validate(new TestProposal { Signer = _net.Client });
        var state = new WorldState();

        var responses = new[] { _net.CarrierPeer, _net.BankPeer }
            .Select(peer => new Endorser(peer).Endorse(proposal, state, PeerTestNetwork.TestChaincode))
            .ToList();

        foreach (var (result, peer) in responses.Zip([_net.CarrierPeer, _net.BankPeer]))
        {
            result.IsSuccess.ShouldBeTrue();
            var endorsement = result.Response!.Endorsement;
            endorsement.Endorser.ToByteArray().ShouldBe(peer.SerializedIdentity());
            using var endorser = FabricIdentity.Deserialize(endorsement.Endorser.Span).Identity!;
            endorser.Verify([.. result.Response.Payload.ToByteArray(), .. endorsement.Endorser.ToByteArray()], endorsement.Signature.Span).ShouldBeTrue();
            endorser.Verify(result.Response.Payload.Span, endorsement.Signature.Span).ShouldBeFalse();
        }

        responses[0].Response!.Payload.ShouldBe(responses[1].Response!.Payload);
    }

    [Fact]
    public void Endorse_Put_ResponsePayloadHoldsProposalHashActionRwsetAndEvent()
    {
        var builder = new TestProposal { Signer = _net.Client, Args = ["title-1", "owner=carrier"] };
        var proposal = Validate(builder);
        var state = new WorldState();
        state.TryCommit([], [new StateWrite("other", [1])], new KeyVersion(3, 1)).ShouldBeTrue();

        var result = new Endorser(_net.CarrierPeer).Endorse(proposal, state, PeerTestNetwork.TestChaincode);

        var response = result.Response!;
        response.Version.ShouldBe(1);
        response.Response.Status.ShouldBe(200);
        Encoding.UTF8.GetString(result.Payload.Span).ShouldBe("stored by CarrierMSP");
        var prp = ProposalResponsePayload.Parser.ParseFrom(response.Payload);
        prp.ProposalHash.ToByteArray().ShouldBe(SHA256.HashData([.. builder.ChannelHeaderBytes, .. builder.SignatureHeaderBytes, .. builder.PayloadWithoutTransient]));

        var action = ChaincodeAction.Parser.ParseFrom(prp.Extension);
        action.ChaincodeId.Name.ShouldBe("bridge");
        action.ChaincodeId.Version.ShouldBe("1.0");
        action.Response.Status.ShouldBe(200);
        action.Response.Payload.ShouldBe(response.Response.Payload);

        var rwset = TxReadWriteSet.Parser.ParseFrom(action.Results);
        rwset.DataModel.ShouldBe(TxReadWriteSet.Types.DataModel.Kv);
        rwset.NsRwset.Count.ShouldBe(1);
        rwset.NsRwset[0].Namespace.ShouldBe("bridge");
        var kv = KVRWSet.Parser.ParseFrom(rwset.NsRwset[0].Rwset);
        kv.Reads.Count.ShouldBe(1);
        kv.Reads[0].Key.ShouldBe("title-1");
        kv.Reads[0].Version.ShouldBeNull("the key was absent");
        kv.Writes.Single().Key.ShouldBe("title-1");
        kv.Writes.Single().Value.ToStringUtf8().ShouldBe("owner=carrier");

        var ev = ChaincodeEvent.Parser.ParseFrom(action.Events);
        ev.ChaincodeId.ShouldBe("bridge");
        ev.TxId.ShouldBe(builder.TxId);
        ev.EventName.ShouldBe("Put");
        ev.Payload.ToStringUtf8().ShouldBe("title-1");
    }

    [Fact]
    public void Endorse_ReadOfCommittedKey_ReadCarriesItsVersion()
    {
        var proposal = Validate(new TestProposal { Signer = _net.Client, Function = "get", Args = ["k"] });
        var state = new WorldState();
        state.TryCommit([], [new StateWrite("k", Encoding.UTF8.GetBytes("v"))], new KeyVersion(7, 2)).ShouldBeTrue();

        var result = new Endorser(_net.BankPeer).Endorse(proposal, state, PeerTestNetwork.TestChaincode);

        Encoding.UTF8.GetString(result.Payload.Span).ShouldBe("v");
        var action = ChaincodeAction.Parser.ParseFrom(ProposalResponsePayload.Parser.ParseFrom(result.Response!.Payload).Extension);
        var read = KVRWSet.Parser.ParseFrom(TxReadWriteSet.Parser.ParseFrom(action.Results).NsRwset[0].Rwset).Reads.Single();
        read.Version.BlockNum.ShouldBe(7UL);
        read.Version.TxNum.ShouldBe(2UL);
        action.Events.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Endorse_ChaincodeError_ReturnsGatewayErrorsForEvaluateAndEndorse()
    {
        var proposal = Validate(new TestProposal { Signer = _net.Client, Function = "fail", Args = ["title already exists"] });

        var result = new Endorser(_net.CarrierPeer).Endorse(proposal, new WorldState(), PeerTestNetwork.TestChaincode);

        result.IsSuccess.ShouldBeFalse();
        result.Error!.Reason.ShouldBe("chaincode response 500, title already exists");
        result.Error.ForEvaluate().ShouldBe(new GatewayStatus(
            GrpcStatusCode.Unknown,
            "evaluate call to endorser returned error: chaincode response 500, title already exists",
            "chaincode response 500, title already exists"));
        result.Error.ForEndorse().ShouldBe(new GatewayStatus(
            GrpcStatusCode.Aborted,
            "failed to endorse transaction, see attached details for more info",
            "chaincode response 500, title already exists"));
    }

    [Fact]
    public void Assemble_EndorsementsOverDifferentStates_AbortedPayloadsDoNotMatch()
    {
        var proposal = Validate(new TestProposal { Signer = _net.Client });
        var stale = new WorldState();
        var fresh = new WorldState();
        fresh.TryCommit([], [new StateWrite("k1", [9])], new KeyVersion(1, 0)).ShouldBeTrue();

        var a = new Endorser(_net.CarrierPeer).Endorse(proposal, stale, PeerTestNetwork.TestChaincode).Response!;
        var b = new Endorser(_net.BankPeer).Endorse(proposal, fresh, PeerTestNetwork.TestChaincode).Response!;
        var result = TransactionAssembler.Assemble(proposal, [a, b]);

        result.IsSuccess.ShouldBeFalse();
        result.Error!.Kind.ShouldBe(PeerErrorKind.PayloadMismatch);
        result.Error.ForEndorse().Code.ShouldBe(GrpcStatusCode.Aborted);
        result.Error.ForEndorse().DetailMessage.ShouldBe("ProposalResponsePayloads do not match");
    }

    [Fact]
    public void Assemble_TwoEndorsements_EnvelopeHasTheShapeTheGatewayReturns()
    {
        var builder = new TestProposal { Signer = _net.Client };
        var proposal = Validate(builder);
        var state = new WorldState();
        var a = new Endorser(_net.CarrierPeer).Endorse(proposal, state, PeerTestNetwork.TestChaincode).Response!;
        var b = new Endorser(_net.CustomsPeer).Endorse(proposal, state, PeerTestNetwork.TestChaincode).Response!;

        var envelope = TransactionAssembler.Assemble(proposal, [a, b, a]).Envelope!;

        envelope.Signature.IsEmpty.ShouldBeTrue();
        var payload = Payload.Parser.ParseFrom(envelope.Payload);
        payload.Header.ChannelHeader.ToByteArray().ShouldBe(builder.ChannelHeaderBytes);
        payload.Header.SignatureHeader.ToByteArray().ShouldBe(builder.SignatureHeaderBytes);
        var action = Transaction.Parser.ParseFrom(payload.Data).Actions.Single();
        action.Header.ToByteArray().ShouldBe(builder.SignatureHeaderBytes);
        var actionPayload = ChaincodeActionPayload.Parser.ParseFrom(action.Payload);
        actionPayload.ChaincodeProposalPayload.ToByteArray().ShouldBe(builder.PayloadWithoutTransient);
        actionPayload.Action.ProposalResponsePayload.ShouldBe(a.Payload);
        actionPayload.Action.Endorsements.Select(e => e.Endorser).ShouldBe([a.Endorsement.Endorser, b.Endorsement.Endorser]);

        // What the official client reads (fabric-wire.md §2.2): the first action's ChaincodeAction.response.payload.
        var chaincodeAction = ChaincodeAction.Parser.ParseFrom(ProposalResponsePayload.Parser.ParseFrom(actionPayload.Action.ProposalResponsePayload).Extension);
        chaincodeAction.Response.Payload.ToStringUtf8().ShouldBe("stored by CarrierMSP");
    }

    private ValidatedProposal Validate(TestProposal builder)
    {
        var result = _net.Validator().Validate(builder.Build(), PeerTestNetwork.Now);
        result.IsValid.ShouldBeTrue(result.ToString());
        return result.Proposal;
    }
}
