using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Peer;
using Google.Protobuf;

namespace Bridge.UnitTests.Simulators.Fabric.Peer;

[Trait("Category", "Unit")]
public sealed class ProposalValidatorTests : IDisposable
{
    private readonly PeerTestNetwork _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public void Validate_ProposalAsTheOfficialClientBuildsIt_IsValidAndUnpacked()
    {
        var builder = new TestProposal { Signer = _net.Client, Function = "Title:put", Args = ["k1", "v1"] };
        var signed = builder.Build();

        var result = _net.Validator().Validate(signed, PeerTestNetwork.Now);

        result.IsValid.ShouldBeTrue(result.ToString());
        var proposal = result.Proposal;
        proposal.TxId.ShouldBe(builder.TxId);
        proposal.ChannelId.ShouldBe("trade");
        proposal.ChaincodeName.ShouldBe("bridge");
        proposal.ContractName.ShouldBe("Title");
        proposal.Function.ShouldBe("put");
        proposal.Args.Select(a => Encoding.UTF8.GetString(a)).ShouldBe(["k1", "v1"]);
        proposal.Creator.MspId.ShouldBe("CarrierMSP");
        proposal.Timestamp.ShouldBe(PeerTestNetwork.Now);
        proposal.Header.ChannelHeader.ToByteArray().ShouldBe(builder.ChannelHeaderBytes);
        proposal.Header.SignatureHeader.ToByteArray().ShouldBe(builder.SignatureHeaderBytes);
        proposal.ChaincodeProposalPayloadWithoutTransient.ToByteArray().ShouldBe(builder.PayloadWithoutTransient);
    }

    [Fact]
    public void Validate_ValidProposal_ProposalHashEqualsIndependentSha256OfTheThreeParts()
    {
        var builder = new TestProposal { Signer = _net.Client };
        var result = _net.Validator().Validate(builder.Build(), PeerTestNetwork.Now);

        var expected = SHA256.HashData([.. builder.ChannelHeaderBytes, .. builder.SignatureHeaderBytes, .. builder.PayloadWithoutTransient]);
        result.Proposal!.ProposalHash.ToArray().ShouldBe(expected);
    }

    [Fact]
    public void Validate_WrongTxId_FailedPreconditionIncorrectlyComputedTxid()
    {
        var builder = new TestProposal { Signer = _net.Client, TxIdOverride = new string('a', 64) };
        var error = Reject(builder.Build());

        error.Kind.ShouldBe(PeerErrorKind.ProposalRejected);
        error.Reason.ShouldStartWith($"error validating proposal: incorrectly computed txid '{new string('a', 64)}' -- expected '");
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.FailedPrecondition);
    }

    [Fact]
    public void Validate_HighSSignature_FailedPreconditionAccessDenied()
    {
        var signed = new TestProposal { Signer = _net.Client }.Build();
        signed.Signature = ByteString.CopyFrom(PeerTestNetwork.ToHighS(signed.Signature.ToByteArray()));
        _net.Client.Identity.VerifySignature(signed.ProposalBytes.Span, signed.Signature.Span).ShouldBe(SignatureVerdict.HighS);

        var status = Reject(signed).ForEvaluate();

        status.Code.ShouldBe(GrpcStatusCode.FailedPrecondition);
        status.Message.ShouldBe("evaluate call to endorser returned error: error validating proposal: access denied: channel [trade] creator org [CarrierMSP]");
        status.DetailMessage.ShouldBe("error validating proposal: access denied: channel [trade] creator org [CarrierMSP]");
    }

    [Fact]
    public void Validate_TamperedProposalBytes_FailedPreconditionAccessDenied()
    {
        var signed = new TestProposal { Signer = _net.Client }.Build();
        var proposal = Proposal.Parser.ParseFrom(signed.ProposalBytes);
        proposal.Extension = ByteString.CopyFromUtf8("tampered");
        signed.ProposalBytes = proposal.ToByteString();

        var error = Reject(signed);

        error.Reason.ShouldBe("error validating proposal: access denied: channel [trade] creator org [CarrierMSP]");
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.FailedPrecondition);
    }

    [Fact]
    public void Validate_UnknownMsp_FailedPreconditionCreatorOrgUnknown()
    {
        var error = Reject(new TestProposal { Signer = _net.OutsiderClient() }.Build());

        error.Reason.ShouldBe("error validating proposal: access denied: channel [trade] creator org unknown, creator is malformed");
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.FailedPrecondition);
    }

    [Fact]
    public void Validate_CertificateFromAnotherCa_FailedPreconditionAccessDenied()
    {
        var error = Reject(new TestProposal { Signer = _net.ImpostorClient() }.Build());

        error.Reason.ShouldBe("error validating proposal: access denied: channel [trade] creator org [CarrierMSP]");
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.FailedPrecondition);
    }

    [Fact]
    public void Validate_CertificateExpiredAtValidationTime_FailedPrecondition()
    {
        var signed = new TestProposal { Signer = _net.Client }.Build();

        var result = _net.Validator().Validate(signed, PeerTestNetwork.Start.AddDays(400));

        result.IsValid.ShouldBeFalse();
        result.Error.Reason.ShouldBe("error validating proposal: access denied: channel [trade] creator org [CarrierMSP]");
    }

    [Fact]
    public void Validate_NonZeroEpoch_FailedPreconditionEpochIsNonZero()
    {
        var error = Reject(new TestProposal { Signer = _net.Client, Epoch = 1 }.Build());

        error.Reason.ShouldBe("error validating proposal: epoch is non-zero");
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.FailedPrecondition);
        error.ForEndorse().Code.ShouldBe(GrpcStatusCode.Aborted);
        error.ForEndorse().Message.ShouldBe("failed to endorse transaction, see attached details for more info");
        error.ForEndorse().DetailMessage.ShouldBe("error validating proposal: epoch is non-zero");
    }

    [Fact]
    public void Validate_ConfigUpdateHeaderType_FailedPreconditionInvalidHeaderType()
    {
        var error = Reject(new TestProposal { Signer = _net.Client, HeaderType = 2 }.Build());

        error.Reason.ShouldBe("error validating proposal: invalid header type CONFIG_UPDATE");
    }

    [Fact]
    public void Validate_EmptyNonce_FailedPreconditionNonceIsEmpty()
    {
        var error = Reject(new TestProposal { Signer = _net.Client, Nonce = [] }.Build());

        error.Reason.ShouldBe("error validating proposal: nonce is empty");
    }

    [Fact]
    public void Validate_GarbageProposalBytes_InvalidArgument()
    {
        var signed = new SignedProposal { ProposalBytes = ByteString.CopyFrom(0xff, 0xff, 0xff), Signature = ByteString.CopyFrom(1) };

        var error = Reject(signed);

        error.Kind.ShouldBe(PeerErrorKind.Malformed);
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.InvalidArgument);
        error.ForEvaluate().Message.ShouldStartWith("failed to unpack transaction proposal: ");
        error.ForEvaluate().DetailMessage.ShouldBeNull();
    }

    [Fact]
    public void Validate_EmptyProposalBytes_InvalidArgumentSignedProposalRequired()
    {
        var error = Reject(new SignedProposal());

        error.ForEvaluate().ShouldBe(new GatewayStatus(GrpcStatusCode.InvalidArgument, "failed to unpack transaction proposal: a signed proposal is required", null));
    }

    [Fact]
    public void Validate_UnknownChannel_Unavailable()
    {
        var error = Reject(new TestProposal { Signer = _net.Client, Channel = "nowhere" }.Build());

        error.Kind.ShouldBe(PeerErrorKind.ChannelNotFound);
        error.ForEvaluate().Code.ShouldBe(GrpcStatusCode.Unavailable);
        error.Reason.ShouldStartWith("failed to get config for channel [nowhere]");
    }

    [Fact]
    public void Validate_UnknownChaincode_FailedPreconditionNoPeersAvailable()
    {
        var error = Reject(new TestProposal { Signer = _net.Client, Chaincode = "other" }.Build());

        error.Kind.ShouldBe(PeerErrorKind.ChaincodeNotFound);
        error.ForEvaluate().ShouldBe(new GatewayStatus(GrpcStatusCode.FailedPrecondition, "no peers available to evaluate chaincode other in channel trade", null));
    }

    private PeerError Reject(SignedProposal signed)
    {
        var result = _net.Validator().Validate(signed, PeerTestNetwork.Now);
        result.IsValid.ShouldBeFalse();
        return result.Error!;
    }
}
