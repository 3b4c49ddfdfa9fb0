using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Kvrwset;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Adapters.Fabric.Protos.Rwset;
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
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockNumber", 99) }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof); // the header says otherwise
        var renumbered = JsonSerializer.Deserialize<Dictionary<string, object>>(proof.Data.GetProperty("blockHeader").GetRawText())!;
        renumbered["number"] = 99;
        Code(_verifier.Verify(proof with { Data = With(With(proof.Data, "blockNumber", 99), "blockHeader", renumbered) }, _anchors)).ShouldBe(FabricProofCodes.NotCommitted);

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

    [Fact]
    public void Verify_PeerSignaturePolicySatisfied_IsValid()
    {
        var proof = Block(ProofSubjectType.Event).Proofs[0];

        var verdict = _verifier.Verify(proof, Anchors() with { EndorsementPolicy = PeerPolicy(2, "CarrierMSP", "BankMSP", "CustomsMSP") });

        verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString()).Signers.ShouldBe(["CarrierMSP", "BankMSP"], ignoreOrder: true);
    }

    [Fact]
    public void Verify_SignaturePolicyNotSatisfiedByTheEndorsers_IsPolicyNotSatisfied()
    {
        // AND(Customs peer, OR(Carrier peer, Bank peer)): Bank and Customs attest the block, but Carrier and Bank endorsed.
        var policy = FabricEndorsementPolicy.Signature(
            [new("CustomsMSP", "peer"), new("CarrierMSP", "peer"), new("BankMSP", "peer")],
            FabricPolicyRule.OutOf(2, [FabricPolicyRule.Signed(0), FabricPolicyRule.OutOf(1, [FabricPolicyRule.Signed(1), FabricPolicyRule.Signed(2)])]));
        var proof = Block(ProofSubjectType.Event).Proofs[0];

        Code(_verifier.Verify(proof, Anchors() with { EndorsementPolicy = policy })).ShouldBe(ProofVerdictCodes.PolicyNotSatisfied);
    }

    [Fact]
    public void Verify_ClientEndorsementsUnderAPeerPolicy_IsPolicyNotSatisfied()
    {
        var proof = Block(ProofSubjectType.Event, endorsingPeers: [_net.Client, _net.BankPeer]).Proofs[0];

        _verifier.Verify(proof, _anchors).IsValid.ShouldBeTrue("a MEMBER principal takes a client's endorsement, as in Fabric");
        Code(_verifier.Verify(proof, Anchors() with { EndorsementPolicy = PeerPolicy(2, "CarrierMSP", "BankMSP", "CustomsMSP") })).ShouldBe(ProofVerdictCodes.PolicyNotSatisfied);
    }

    [Fact]
    public void Verify_ClientRoleAttester_IsNotCommitted()
    {
        // The carrier's client signs a qscc answer next to the bank's peer: two organisations, but only one peer.
        var proof = Block(ProofSubjectType.Event, attestingPeers: [_net.BankPeer, _net.Client]).Proofs[0];
        var genuine = Block(ProofSubjectType.Event, attestingPeers: [_net.BankPeer, _net.CarrierPeer]).Proofs[0];

        Code(_verifier.Verify(proof, _anchors)).ShouldBe(FabricProofCodes.NotCommitted);
        _verifier.Verify(genuine, _anchors).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_StateSubjectOfTheWrittenKey_IsValid()
    {
        var proof = Block(ProofSubjectType.State, value: "title-42").Proofs[0];

        var verdict = _verifier.Verify(proof, _anchors);

        verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString());
        proof.Subject.Digest.ShouldBe(Convert.ToHexStringLower(SHA256.HashData("title-42"u8)));
    }

    [Fact]
    public void Verify_StateSubjectForgeries_AreRejected()
    {
        var (proofs, _) = Block(ProofSubjectType.State, transactions: 2, value: "title-42");
        var proof = proofs[0];
        FabricEndorsementVerifier.TryParseStateSubjectId(proof.Subject.Id, out var txId, out _).ShouldBeTrue();

        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Id = FabricEndorsementVerifier.StateSubjectId(txId, "k-other") } }, _anchors))
            .ShouldBe(FabricProofCodes.WriteNotFound);
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Digest = Convert.ToHexStringLower(SHA256.HashData("title-43"u8)) } }, _anchors))
            .ShouldBe(ProofVerdictCodes.DigestMismatch);
        FabricEndorsementVerifier.TryParseStateSubjectId(proofs[1].Subject.Id, out _, out var otherKey).ShouldBeTrue();
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Id = FabricEndorsementVerifier.StateSubjectId(txId, otherKey) } }, _anchors))
            .ShouldBe(FabricProofCodes.WriteNotFound); // another transaction's key
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Id = txId } }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Subject = proof.Subject with { Id = proofs[1].Subject.Id } }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof); // another tx id
    }

    [Fact]
    public void Verify_StateSubjectOfAnEmptyValueWrite_IsWriteNotFoundBecauseFabricCommitsItAsADelete()
    {
        var proof = Block(ProofSubjectType.State, value: string.Empty).Proofs[0];

        Code(_verifier.Verify(proof, _anchors)).ShouldBe(FabricProofCodes.WriteNotFound);
    }

    [Fact]
    public void WrittenValue_DeleteOtherNamespaceOrRepeatedKey_IsNotAWrite()
    {
        static ByteString Results(string ns, params KVWrite[] writes)
        {
            var kv = new KVRWSet();
            kv.Writes.AddRange(writes);
            var set = new TxReadWriteSet { DataModel = TxReadWriteSet.Types.DataModel.Kv };
            set.NsRwset.Add(new NsReadWriteSet { Namespace = ns, Rwset = kv.ToByteString() });
            return set.ToByteString();
        }

        var write = new KVWrite { Key = "k", Value = ByteString.CopyFromUtf8("v") };
        FabricEndorsementVerifier.WrittenValue(Results("bridge", write), "bridge", "k").Value!.ToStringUtf8().ShouldBe("v");
        FabricEndorsementVerifier.WrittenValue(Results("bridge", new KVWrite { Key = "k", IsDelete = true }), "bridge", "k").Problem!.ShouldContain("deletes");
        FabricEndorsementVerifier.WrittenValue(Results("other", write), "bridge", "k").Value.ShouldBeNull();
        FabricEndorsementVerifier.WrittenValue(Results("bridge", write, write), "bridge", "k").Value.ShouldBeNull();
        FabricEndorsementVerifier.WrittenValue(Results("bridge", write), "bridge", "K").Value.ShouldBeNull();
    }

    [Fact]
    public void Verify_HeaderNotTheAttestedOne_IsHeaderMismatch()
    {
        Block(ProofSubjectType.Transaction); // the first block's previous hash is empty (genesis); prove a later one
        var proof = Block(ProofSubjectType.Transaction).Proofs[0];
        var header = proof.Data.GetProperty("blockHeader");
        var previous = header.GetProperty("previousHash").GetString()!;
        var dataHash = header.GetProperty("dataHash").GetString()!;
        var number = header.GetProperty("number").GetUInt64();

        object Header(ulong n, string p, string d) => new Dictionary<string, object> { ["number"] = n, ["previousHash"] = p, ["dataHash"] = d };
        _verifier.Verify(proof, _anchors).IsValid.ShouldBeTrue();
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockHeader", Header(number, Flip(previous), dataHash)) }, _anchors)).ShouldBe(FabricProofCodes.HeaderMismatch);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockHeader", Header(number, string.Empty, dataHash)) }, _anchors)).ShouldBe(FabricProofCodes.HeaderMismatch);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockHeader", Header(number, previous, Flip(dataHash))) }, _anchors)).ShouldBe(FabricProofCodes.HeaderMismatch);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockHeader", Header(number + 1, previous, dataHash)) }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);
        Code(_verifier.Verify(proof with { Data = With(proof.Data, "blockHeader", "none") }, _anchors)).ShouldBe(ProofVerdictCodes.MalformedProof);

        static string Flip(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];
    }

    private static FabricEndorsementPolicy PeerPolicy(int n, params string[] mspIds) => FabricEndorsementPolicy.Signature(
        [.. mspIds.Select(id => new FabricPrincipal(id, FabricPrincipal.PeerRole))],
        FabricPolicyRule.OutOf(n, [.. Enumerable.Range(0, mspIds.Length).Select(FabricPolicyRule.Signed)]));

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
        IReadOnlyList<FabricSigner>? attestingPeers = null,
        string value = "v")
    {
        var keys = new List<string>();
        var envelopes = new List<ByteString>();
        var txIds = new List<string>();
        for (var i = 0; i < transactions; i++)
        {
            var key = $"k-{Guid.NewGuid():N}";
            var (envelope, txId) = Endorse(new TestProposal { Signer = _net.Client, Function = "put", Args = [key, value] }, PeerTestNetwork.TestChaincode, endorsingPeers ?? [_net.CarrierPeer, _net.BankPeer]);
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
            var digest = type switch
            {
                ProofSubjectType.Event => SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])),
                ProofSubjectType.State => SHA256.HashData(Encoding.UTF8.GetBytes(value)),
                _ => SHA256.HashData(Encoding.UTF8.GetBytes("stored by CarrierMSP")),
            };
            var data = JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["channel"] = PeerTestNetwork.Channel,
                ["txId"] = txIds[i],
                ["blockNumber"] = number,
                ["txIndex"] = i,
                ["blockHeader"] = new Dictionary<string, object>
                {
                    ["number"] = number,
                    ["previousHash"] = Convert.ToHexStringLower(block.Header.PreviousHash.Span),
                    ["dataHash"] = Convert.ToHexStringLower(block.Header.DataHash.Span),
                },
                ["blockAttestation"] = attestationText,
            });
            var id = type == ProofSubjectType.State ? FabricEndorsementVerifier.StateSubjectId(txIds[i], keys[i]) : txIds[i];
            proofs.Add(new ProofEnvelope(1, "fabric-trade", ProofKind.FabricEndorsement, new ProofSubject(type, id, Convert.ToHexStringLower(digest)), data));
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
