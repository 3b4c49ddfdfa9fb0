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
/// fabric-endorsement proofs made of real material: transactions proposed by a client, endorsed by the simulator's peers
/// of two organisations, signed, and ordered into a real block (BlockStore, orderer-signed, with its validation filter);
/// then a qscc GetBlockByNumber answer endorsed by two organisations as the block attestation. The pure verifier accepts
/// it and rejects every forgery the issue names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FabricEndorsementVerifierTests : IDisposable
{
    private readonly PeerTestNetwork _net = new();
    private readonly ChannelDefinition _definition;
    private readonly WorldState _state = new();
    private readonly BlockStore _blocks = BlockStore.InMemory();
    private readonly FabricEndorsementVerifier _verifier = new();
    private readonly FabricTrustAnchors _anchors;

    public FabricEndorsementVerifierTests()
    {
        _definition = new ChannelDefinition(PeerTestNetwork.Channel, [PeerTestNetwork.Chaincode, FabricEndorsementVerifier.QueryChaincode], _net.Definition.Msps.Values, _net.Policy);
        _anchors = Anchors();
    }

    public void Dispose()
    {
        _blocks.Dispose();
        _net.Dispose();
    }

    [Fact]
    public void Verify_EndorsedCommittedTransaction_IsValidAndNamesTheEndorsersAndTheBlock()
    {
        var proof = Block(ProofSubjectType.Event).Proofs[0];

        var verdict = _verifier.Verify(proof, _anchors);

        var valid = verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString());
        valid.Signers.ShouldBe(["CarrierMSP", "BankMSP"], ignoreOrder: true);
        valid.Details!["commitAttestedBy"].ShouldContain("CustomsMSP");
        valid.Details["event"].ShouldBe("Put");
        var block = _blocks.Get(_blocks.Height - 1)!;
        valid.Details["blockNumber"].ShouldBe(block.Header.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        valid.Details["blockHash"].ShouldBe(Convert.ToHexStringLower(SHA256.HashData(HeaderDer(block.Header))));
    }

    [Fact]
    public void Verify_EveryTransactionOfABlock_IsProvenByTheOneAttestation()
    {
        var (proofs, _) = Block(ProofSubjectType.Transaction, transactions: 4);

        foreach (var proof in proofs)
        {
            _verifier.Verify(proof, _anchors).IsValid.ShouldBeTrue(proof.Subject.Id);
        }

        proofs.Select(p => p.Data.GetProperty("blockAttestation").GetString()).Distinct().Count().ShouldBe(1);
        proofs.Select(p => p.Data.GetProperty("txIndex").GetInt32()).ShouldBe([0, 1, 2, 3]);
    }

    [Fact]
    public void Verify_Forgeries_AreRejectedWithTheReason()
    {
        var (proofs, _) = Block(ProofSubjectType.Event, transactions: 2);
        var proof = proofs[0];

        Code(_verifier.Verify(proof, Anchors() with { EndorsementPolicy = new FabricEndorsementPolicy("n-of", 3, ["CarrierMSP", "BankMSP", "CustomsMSP"]) }))
            .ShouldBe(FabricProofCodes.NotCommitted); // two attesters no longer suffice either
        Code(_verifier.Verify(proof, Anchors() with { Channel = "other" })).ShouldBe(FabricProofCodes.NotCommitted);
        Code(_verifier.Verify(proof, Anchors() with { Chaincode = "other" })).ShouldBe(FabricProofCodes.WrongChannelOrChaincode);
        Code(_verifier.Verify(proof, Anchors() with { Msps = [.. Anchors().Msps.Where(m => m.MspId != "CarrierMSP")] })).ShouldBe(ProofVerdictCodes.UntrustedSigner);
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Digest = new string('0', 64) } }, _anchors)).ShouldBe(ProofVerdictCodes.DigestMismatch);
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Id = proofs[1].Subject.Id } }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "txIndex", 1) }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "txIndex", 7) }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockNumber", 99) }, _anchors)).ShouldBe(FabricProofCodes.NotCommitted);

        var uncommitted = Block(ProofSubjectType.Event, committedAs: TxValidationCode.MvccReadConflict).Proofs[0];
        Code(_verifier.Verify(uncommitted, _anchors)).ShouldBe(FabricProofCodes.NotCommitted);
        var oneAttester = Block(ProofSubjectType.Event, attesters: 1).Proofs[0];
        Code(_verifier.Verify(oneAttester, _anchors)).ShouldBe(FabricProofCodes.NotCommitted);
        var otherBlock = Block(ProofSubjectType.Event).Proofs[0];
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockAttestation", otherBlock.Data.GetProperty("blockAttestation").GetString()!) }, _anchors))
            .ShouldBe(FabricProofCodes.NotCommitted);
        Code(_verifier.Verify(proof, Anchors() with { Msps = [.. Anchors().Msps.Where(m => m.MspId != "CustomsMSP")] })).ShouldBe(FabricProofCodes.NotCommitted);
        var oneOrganisationTwice = Block(ProofSubjectType.Event, attestingPeers: [_net.CarrierPeer, _net.SecondCarrierPeer()]).Proofs[0];
        Code(_verifier.Verify(oneOrganisationTwice, _anchors)).ShouldBe(FabricProofCodes.NotCommitted);
    }

    [Fact]
    public void Verify_ATransactionWithoutThePolicysEndorsements_IsRejectedEvenWhenTheBlockIsAttested()
    {
        var proof = Block(ProofSubjectType.Event, endorsingPeers: [_net.CarrierPeer]).Proofs[0];

        Code(_verifier.Verify(proof, _anchors)).ShouldBe(ProofVerdictCodes.PolicyNotSatisfied);
    }

    [Fact]
    public void Verify_AnyFlippedByteOfTheAttestation_IsRejectedEvenAfterTheGenuineOneWasRemembered()
    {
        var proof = Block(ProofSubjectType.Transaction).Proofs[0];
        _verifier.Verify(proof, _anchors).IsValid.ShouldBeTrue("the genuine proof is remembered first");
        var bytes = Convert.FromBase64String(proof.Data.GetProperty("blockAttestation").GetString()!);
        var rejected = 0;

        for (var i = 0; i < bytes.Length; i += 7)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x04;
            var verdict = _verifier.Verify(proof with { Data = With(proof.Data, "blockAttestation", Convert.ToBase64String(tampered)) }, _anchors);
            verdict.IsValid.ShouldBeFalse($"byte {i} of the attestation was flipped unnoticed");
            rejected++;
        }

        rejected.ShouldBeGreaterThan(300);
        _verifier.Verify(proof, _anchors).IsValid.ShouldBeTrue("the genuine proof still verifies");
    }

    [Fact]
    public void Verify_MalformedData_IsMalformedNotAnException()
    {
        var proof = Block(ProofSubjectType.Event).Proofs[0];

        Code(_verifier.Verify(proof with { Data = JsonSerializer.SerializeToElement(new { txId = "x" }) }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockAttestation", "not base64!") }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "txIndex", -1) }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
    }

    private static string Code(ProofVerdict verdict) => verdict.ShouldBeOfType<ProofVerdict.Invalid>(verdict.ToString()).Code;

    private static byte[] HeaderDer(BlockHeader header) =>
        Bridge.Adapters.Fabric.Blocks.BlockHashing.HeaderBytes(header.Number, header.PreviousHash.Span, header.DataHash.Span);

    private FabricTrustAnchors Anchors() => new(
        PeerTestNetwork.Channel,
        PeerTestNetwork.Chaincode,
        [new FabricMsp("CarrierMSP", [_net.Carrier.Ca.CertificatePem]), new FabricMsp("BankMSP", [_net.Bank.Ca.CertificatePem]), new FabricMsp("CustomsMSP", [_net.Customs.Ca.CertificatePem])],
        new FabricEndorsementPolicy("n-of", 2, ["CarrierMSP", "BankMSP", "CustomsMSP"]));

    /// <summary>A block of <paramref name="transactions"/> endorsed transactions, and a proof of each through one attestation of the block.</summary>
    private (IReadOnlyList<ProofEnvelope> Proofs, ulong Number) Block(
        ProofSubjectType type,
        int transactions = 1,
        TxValidationCode committedAs = TxValidationCode.Valid,
        int attesters = 2,
        IReadOnlyList<FabricSigner>? endorsingPeers = null,
        IReadOnlyList<FabricSigner>? attestingPeers = null)
    {
        var keys = new List<string>();
        var envelopes = new List<ByteString>();
        var txIds = new List<string>();
        for (var i = 0; i < transactions; i++)
        {
            var key = $"k-{Guid.NewGuid():N}";
            var (envelope, txId) = Endorse(new TestProposal { Signer = _net.Client, Function = "put", Args = [key, "v"] }, PeerTestNetwork.TestChaincode, endorsingPeers ?? [_net.CarrierPeer, _net.BankPeer]);
            var signed = new Envelope { Payload = envelope.Payload, Signature = ByteString.CopyFrom(_net.Client.Sign(envelope.Payload.Span)) };
            keys.Add(key);
            envelopes.Add(signed.ToByteString());
            txIds.Add(txId);
        }

        var block = _blocks.Append(envelopes, [.. Enumerable.Repeat(committedAs, transactions)], _net.CustomsPeer);
        var number = block.Header.Number;
        var blockBytes = block.ToByteArray();
        ChaincodeResponse Qscc(IChaincodeStub stub, string function, IReadOnlyList<byte[]> args) => new ChaincodeResponse.Success(blockBytes);
        var (attestation, _) = Endorse(
            new TestProposal { Signer = _net.Client, Chaincode = FabricEndorsementVerifier.QueryChaincode, Function = FabricEndorsementVerifier.AttestedFunction, Args = [PeerTestNetwork.Channel, number.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
            Qscc,
            [.. (attestingPeers ?? [_net.BankPeer, _net.CustomsPeer]).Take(attesters)]);
        var attestationText = Convert.ToBase64String(attestation.ToByteArray());

        var proofs = new List<ProofEnvelope>();
        for (var i = 0; i < transactions; i++)
        {
            var digest = type == ProofSubjectType.Event ? SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])) : SHA256.HashData(Encoding.UTF8.GetBytes("stored by CarrierMSP"));
            var data = JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["channel"] = PeerTestNetwork.Channel,
                ["txId"] = txIds[i],
                ["blockNumber"] = number,
                ["txIndex"] = i,
                ["blockAttestation"] = attestationText,
            });
            proofs.Add(new ProofEnvelope(1, "fabric-trade", ProofKind.FabricEndorsement, new ProofSubject(type, txIds[i], Convert.ToHexStringLower(digest)), data));
        }

        return (proofs, number);
    }

    private (Envelope Envelope, string TxId) Endorse(TestProposal builder, Func<IChaincodeStub, string, IReadOnlyList<byte[]>, ChaincodeResponse> chaincode, IReadOnlyList<FabricSigner> peers)
    {
        var validated = new ProposalValidator([_definition]).Validate(builder.Build(), PeerTestNetwork.Now);
        validated.IsValid.ShouldBeTrue(validated.ToString());
        var responses = peers.Select(p => new Endorser(p).Endorse(validated.Proposal!, _state, chaincode).Response!).ToList();
        var assembled = TransactionAssembler.Assemble(validated.Proposal!, responses);
        return (assembled.Envelope!, builder.TxId);
    }

    private static JsonElement With(JsonElement data, string member, object value)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(data.GetRawText())!;
        copy[member] = JsonSerializer.SerializeToElement(value);
        return JsonSerializer.SerializeToElement(copy);
    }
}
