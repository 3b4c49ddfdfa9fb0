using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Chaincode;
using Bridge.Simulators.Fabric.Ledger;
using Bridge.Simulators.Fabric.Peer;
using Bridge.UnitTests.Simulators.Fabric.Peer;
using Google.Protobuf;

namespace Bridge.UnitTests.Adapters.Fabric.Proofs;

/// <summary>
/// fabric-endorsement proofs made of real material: a transaction proposed by a client, endorsed by the simulator's
/// peers of two organisations and signed, and a qscc GetTransactionByID answer endorsed by two organisations as the
/// commit attestation. The pure verifier accepts it and rejects every forgery the issue names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FabricEndorsementVerifierTests : IDisposable
{
    private readonly PeerTestNetwork _net = new();
    private readonly ChannelDefinition _definition;
    private readonly WorldState _state = new();
    private readonly FabricEndorsementVerifier _verifier = new();

    public FabricEndorsementVerifierTests() =>
        _definition = new ChannelDefinition(PeerTestNetwork.Channel, [PeerTestNetwork.Chaincode, FabricEndorsementVerifier.QueryChaincode], _net.Definition.Msps.Values, _net.Policy);

    public void Dispose() => _net.Dispose();

    [Fact]
    public void Verify_EndorsedCommittedTransaction_IsValidAndNamesTheEndorsers()
    {
        var (proof, _) = Proof(ProofSubjectType.Event);

        var verdict = _verifier.Verify(proof, Anchors());

        var valid = verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString());
        valid.Signers.ShouldBe(["CarrierMSP", "BankMSP"], ignoreOrder: true);
        valid.Details!["commitAttestedBy"].ShouldContain("CustomsMSP");
        valid.Details["event"].ShouldBe("Put");
    }

    [Fact]
    public void Verify_Forgeries_AreRejectedWithTheReason()
    {
        var (proof, txId) = Proof(ProofSubjectType.Event);

        Code(_verifier.Verify(proof, Anchors() with { EndorsementPolicy = new FabricEndorsementPolicy("n-of", 3, ["CarrierMSP", "BankMSP", "CustomsMSP"]) }))
            .ShouldBe(ProofVerdictCodes.PolicyNotSatisfied);
        Code(_verifier.Verify(proof, Anchors() with { Channel = "other" })).ShouldBe(FabricProofCodes.WrongChannelOrChaincode);
        Code(_verifier.Verify(proof, Anchors() with { Msps = [.. Anchors().Msps.Where(m => m.MspId != "CarrierMSP")] })).ShouldBe(ProofVerdictCodes.UntrustedSigner);
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Digest = new string('0', 64) } }, Anchors())).ShouldBe(ProofVerdictCodes.DigestMismatch);

        var uncommitted = Proof(ProofSubjectType.Event, TxValidationCode.MvccReadConflict).Proof;
        Code(_verifier.Verify(uncommitted, Anchors())).ShouldBe(FabricProofCodes.NotCommitted);
        var oneAttester = Proof(ProofSubjectType.Event, attesters: 1).Proof;
        Code(_verifier.Verify(oneAttester, Anchors())).ShouldBe(FabricProofCodes.NotCommitted);
        var otherAttestation = Proof(ProofSubjectType.Event).Proof;
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "commitAttestation", otherAttestation.Data.GetProperty("commitAttestation").GetString()!) }, Anchors()))
            .ShouldBe(FabricProofCodes.NotCommitted);
        txId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Verify_AnyFlippedByteOfTheTransaction_IsRejected()
    {
        var (proof, _) = Proof(ProofSubjectType.Transaction);
        var bytes = Convert.FromBase64String(proof.Data.GetProperty("transaction").GetString()!);
        var rejected = 0;

        for (var i = 0; i < bytes.Length; i += 5)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x04;
            var verdict = _verifier.Verify(proof with { Data = With(proof.Data, "transaction", Convert.ToBase64String(tampered)) }, Anchors());
            verdict.IsValid.ShouldBeFalse($"byte {i} of the transaction was flipped unnoticed");
            rejected++;
        }

        rejected.ShouldBeGreaterThan(100);
    }

    private static string Code(ProofVerdict verdict) => verdict.ShouldBeOfType<ProofVerdict.Invalid>(verdict.ToString()).Code;

    private FabricTrustAnchors Anchors() => new(
        PeerTestNetwork.Channel,
        PeerTestNetwork.Chaincode,
        [new FabricMsp("CarrierMSP", [_net.Carrier.Ca.CertificatePem]), new FabricMsp("BankMSP", [_net.Bank.Ca.CertificatePem]), new FabricMsp("CustomsMSP", [_net.Customs.Ca.CertificatePem])],
        new FabricEndorsementPolicy("n-of", 2, ["CarrierMSP", "BankMSP", "CustomsMSP"]));

    private (ProofEnvelope Proof, string TxId) Proof(ProofSubjectType type, TxValidationCode committedAs = TxValidationCode.Valid, int attesters = 2)
    {
        var key = $"k-{Guid.NewGuid():N}";
        var (envelope, txId) = Endorse(new TestProposal { Signer = _net.Client, Function = "put", Args = [key, "v"] }, PeerTestNetwork.TestChaincode, [_net.CarrierPeer, _net.BankPeer]);
        var signed = new Envelope { Payload = envelope.Payload, Signature = ByteString.CopyFrom(_net.Client.Sign(envelope.Payload.Span)) };
        var processed = new ProcessedTransaction { TransactionEnvelope = signed, ValidationCode = (int)committedAs }.ToByteArray();
        ChaincodeResponse Qscc(IChaincodeStub stub, string function, IReadOnlyList<byte[]> args) => new ChaincodeResponse.Success(processed);
        var (attestation, _) = Endorse(
            new TestProposal { Signer = _net.Client, Chaincode = FabricEndorsementVerifier.QueryChaincode, Function = "GetTransactionByID", Args = [PeerTestNetwork.Channel, txId] },
            Qscc,
            [.. new[] { _net.BankPeer, _net.CustomsPeer }.Take(attesters)]);

        var digest = type == ProofSubjectType.Event ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : SHA256.HashData(Encoding.UTF8.GetBytes("stored by CarrierMSP"));
        var data = JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["channel"] = PeerTestNetwork.Channel,
            ["txId"] = txId,
            ["transaction"] = Convert.ToBase64String(signed.ToByteArray()),
            ["commitAttestation"] = Convert.ToBase64String(attestation.ToByteArray()),
        });
        return (new ProofEnvelope(1, "fabric-trade", ProofKind.FabricEndorsement, new ProofSubject(type, txId, Convert.ToHexStringLower(digest)), data), txId);
    }

    private (Envelope Envelope, string TxId) Endorse(TestProposal builder, Func<IChaincodeStub, string, IReadOnlyList<byte[]>, ChaincodeResponse> chaincode, IReadOnlyList<FabricSigner> peers)
    {
        var validated = new ProposalValidator([_definition]).Validate(builder.Build(), PeerTestNetwork.Now);
        validated.IsValid.ShouldBeTrue(validated.ToString());
        var responses = peers.Select(p => new Endorser(p).Endorse(validated.Proposal!, _state, chaincode).Response!).ToList();
        var assembled = TransactionAssembler.Assemble(validated.Proposal!, responses);
        return (assembled.Envelope!, builder.TxId);
    }

    private static JsonElement With(JsonElement data, string member, string value)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, string>>(data.GetRawText())!;
        copy[member] = value;
        return JsonSerializer.SerializeToElement(copy);
    }
}
