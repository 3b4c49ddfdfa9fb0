using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Host.Cli;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// fabric-endorsement proofs built through the Gateway (the block from qscc, the block attestation endorsed by all three
/// organisations) for a real anchor on the simulator, checked by the pure verifier and by `bridge verify`.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FabricProofTests(FabricGatewayFixture fixture) : IClassFixture<FabricGatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Proof_OfAnAnchorEvent_VerifiesAgainstTheNetworksAnchorsAndViaTheCommandLine()
    {
        var documentId = Guid.NewGuid().ToString();
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var contract = fixture.CarrierGateway.Network("trade").Contract("bridge");
        var submitted = await contract.SubmitAsync("AnchorDocument", [documentId, digest, digest, "BILL_OF_LADING"], Ct);
        var builder = new FabricProofBuilder(fixture.CarrierGateway, "fabric-trade", "trade", ["CarrierMSP", "BankMSP", "CustomsMSP"]);

        var proof = await builder.BuildAsync(new ProofSubject(ProofSubjectType.Event, submitted.TransactionId, FabricProofBuilder.UnknownDigest), Ct);
        var anchors = fixture.Network.TrustAnchors("trade");

        var verdict = new FabricEndorsementVerifier().Verify(proof, anchors);
        verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString()).Details!["commitAttestedBy"].Split(", ").Length.ShouldBe(3);
        proof.Subject.Digest.ShouldNotBe(FabricProofBuilder.UnknownDigest);

        var folder = Directory.CreateTempSubdirectory("bridge-fabric-proof-").FullName;
        try
        {
            var proofFile = Path.Combine(folder, "proof.json");
            var trustFile = Path.Combine(folder, "trust.json");
            await File.WriteAllBytesAsync(proofFile, ProofEnvelopeJson.Serialize(proof, indented: true), Ct);
            await File.WriteAllTextAsync(trustFile, TrustAnchorsJson.ToJson(anchors).GetRawText(), Ct);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();

            var exit = await BridgeCommandLine.RunAsync(["verify", proofFile, "--trust", trustFile], stdout, stderr, Ct);

            exit.ShouldBe(0, stdout.ToString() + stderr);
            stdout.ToString().ShouldStartWith($"valid: fabric-endorsement proof of event {submitted.TransactionId} from fabric-trade");
            var tampered = await File.ReadAllTextAsync(proofFile, Ct);
            await File.WriteAllTextAsync(proofFile, tampered.Replace("\"blockAttestation\": \"", "\"blockAttestation\": \"AAAA", StringComparison.Ordinal), Ct);
            using var stdout2 = new StringWriter();
            (await BridgeCommandLine.RunAsync(["verify", proofFile, "--trust", trustFile], stdout2, stderr, Ct)).ShouldBe(1);
            stdout2.ToString().ShouldStartWith("invalid (");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Proofs_OfConcurrentAnchors_VerifyAndShareOneAttestationPerBlock()
    {
        var contract = fixture.CarrierGateway.Network("trade").Contract("bridge");
        var submitted = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
        {
            var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            return contract.SubmitAsync("AnchorDocument", [Guid.NewGuid().ToString(), digest, digest, "INVOICE"], Ct);
        }));
        var builder = new FabricProofBuilder(fixture.CarrierGateway, "fabric-trade", "trade", ["BankMSP", "CustomsMSP"]);
        var verifier = new FabricEndorsementVerifier();
        var anchors = fixture.Network.TrustAnchors("trade");

        var proofs = await Task.WhenAll(submitted.Select(s => builder.BuildAsync(new ProofSubject(ProofSubjectType.Event, s.TransactionId, FabricProofBuilder.UnknownDigest), Ct)));

        foreach (var proof in proofs)
        {
            verifier.Verify(proof, anchors).IsValid.ShouldBeTrue(verifier.Verify(proof, anchors).ToString());
        }

        var blocks = proofs.Select(p => p.Data.GetProperty("blockNumber").GetUInt64()).Distinct().Count();
        proofs.Select(p => p.Data.GetProperty("blockAttestation").GetString()).Distinct().Count().ShouldBe(blocks);
        proofs.Select(p => (p.Data.GetProperty("blockNumber").GetUInt64(), p.Data.GetProperty("txIndex").GetInt32())).Distinct().Count().ShouldBe(12);
    }

    [Fact]
    public async Task Proof_OfAnAnchorsWrite_VerifiesAndAnotherKeyIsRefusedByTheBuilder()
    {
        var documentId = Guid.NewGuid().ToString();
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var contract = fixture.CarrierGateway.Network("trade").Contract("bridge");
        var submitted = await contract.SubmitAsync("AnchorDocument", [documentId, digest, digest, "BILL_OF_LADING"], Ct);
        var builder = new FabricProofBuilder(fixture.CarrierGateway, "fabric-trade", "trade", ["CarrierMSP", "BankMSP"]);
        var anchors = fixture.Network.TrustAnchors("trade");
        var stored = await contract.EvaluateAsync("GetAnchor", [documentId], Ct);

        var proof = await builder.BuildAsync(new ProofSubject(ProofSubjectType.State, FabricEndorsementVerifier.StateSubjectId(submitted.TransactionId, $"anchor/{documentId}"), FabricProofBuilder.UnknownDigest), Ct);

        var verdict = new FabricEndorsementVerifier().Verify(proof, anchors);
        verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString());
        proof.Subject.Digest.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(stored)), "the proven value is the anchor the ledger holds");
        anchors.EndorsementPolicy.Type.ShouldBe(FabricEndorsementPolicy.SignatureType);
        anchors.EndorsementPolicy.ToString().ShouldBe("OutOf(2, 'CarrierMSP.peer', 'BankMSP.peer', 'CustomsMSP.peer')");
        await Should.ThrowAsync<Bridge.Adapters.Abstractions.AdapterException>(
            () => builder.BuildAsync(new ProofSubject(ProofSubjectType.State, FabricEndorsementVerifier.StateSubjectId(submitted.TransactionId, $"anchor/{documentId}-other"), FabricProofBuilder.UnknownDigest), Ct));
    }

    [Fact]
    public async Task Proof_OfAnUnknownTransaction_IsRefusedWithTheGatewaysError()
    {
        var builder = new FabricProofBuilder(fixture.CarrierGateway, "fabric-trade", "trade", ["CarrierMSP", "BankMSP"]);
        var unknown = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())));

        var error = await Should.ThrowAsync<Bridge.Adapters.Fabric.Gateway.FabricGatewayException>(
            () => builder.BuildAsync(new ProofSubject(ProofSubjectType.Transaction, unknown, FabricProofBuilder.UnknownDigest), Ct));

        error.Details.ShouldContain(d => d.Message.Contains("no such transaction ID", StringComparison.Ordinal));
    }
}
