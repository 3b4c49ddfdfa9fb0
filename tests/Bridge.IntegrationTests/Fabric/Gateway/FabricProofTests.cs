using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Host.Cli;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// fabric-endorsement proofs built through the Gateway (the transaction from qscc, the commit attestation endorsed by
/// all three organisations) for a real anchor on the simulator, checked by the pure verifier and by `bridge verify`.
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
            await File.WriteAllTextAsync(proofFile, tampered.Replace("\"commitAttestation\": \"", "\"commitAttestation\": \"AAAA", StringComparison.Ordinal), Ct);
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
    public async Task Proof_OfAnUnknownTransaction_IsRefusedWithTheGatewaysError()
    {
        var builder = new FabricProofBuilder(fixture.CarrierGateway, "fabric-trade", "trade", ["CarrierMSP", "BankMSP"]);
        var unknown = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())));

        var error = await Should.ThrowAsync<Bridge.Adapters.Fabric.Gateway.FabricGatewayException>(
            () => builder.BuildAsync(new ProofSubject(ProofSubjectType.Transaction, unknown, FabricProofBuilder.UnknownDigest), Ct));

        error.Details.ShouldContain(d => d.Message.Contains("no such transaction ID", StringComparison.Ordinal));
    }
}
