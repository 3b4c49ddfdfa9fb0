using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Host.Cli;

namespace Bridge.UnitTests.Relay.Bundles;

/// <summary><c>bridge verify &lt;bundle.json&gt; --trust &lt;trust.json&gt;</c> run in-process on files, as a user would type it.</summary>
[Trait("Category", "Unit")]
public sealed class BundleVerificationTests : IDisposable
{
    private readonly RelayBundleFixture _fixture = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-bundle-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _fixture.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(int Exit, string[] Lines, string StdErr)> VerifyAsync(JsonNode bundle, JsonNode trust)
    {
        var bundleFile = Path.Combine(_folder, "bundle.json");
        var trustFile = Path.Combine(_folder, "trust.json");
        await File.WriteAllTextAsync(bundleFile, bundle.ToJsonString(), Ct);
        await File.WriteAllTextAsync(trustFile, trust.ToJsonString(), Ct);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BridgeCommandLine.RunAsync(["verify", bundleFile, "--trust", trustFile], stdout, stderr, Ct);
        return (exit, stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    [Fact]
    public async Task Verify_BundleOfTheProofEndpoint_ExitsZeroWithOneValidLinePerCheck()
    {
        var bundle = _fixture.Bundle();

        var (exit, lines, stderr) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(0, string.Join('\n', lines) + stderr);
        lines.Length.ShouldBe(6);
        lines[0].ShouldStartWith($"bundle of message {bundle["message"]!["id"]}: title on lane {RelayBundleFixture.LaneName}");
        lines[1].ShouldStartWith("valid: message id ");
        lines[2].ShouldStartWith($"valid: payload digest {bundle["payloadDigest"]}");
        lines[3].ShouldStartWith($"valid: source: platform-jws proof of event {_fixture.SourceProof.Subject.Id} from {RelayBundleFixture.SourceNetwork}");
        lines[4].ShouldStartWith($"valid: relay-attestation: 2 of lane {RelayBundleFixture.LaneName}'s relay signers");
        lines[5].ShouldBe("bundle valid: all 4 checks hold");
    }

    [Fact]
    public async Task Verify_AlteredPayload_ExitsOneSayingThePayloadWasAltered()
    {
        var bundle = _fixture.Bundle();
        bundle["payload"]!["recipient"] = "0x" + new string('5', 40);

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({BundleVerification.PayloadDigestCode}): payload: ", StringComparison.Ordinal) && l.Contains("altered", StringComparison.Ordinal));
        lines[^1].ShouldStartWith("bundle invalid: ");
    }

    [Fact]
    public async Task Verify_AlteredPayloadWithItsDigestRecomputed_ExitsOneOnTheAttestation()
    {
        // A forger who also rewrites payloadDigest changes the message the relay signers attested.
        var bundle = _fixture.Bundle();
        bundle["payload"]!["recipient"] = "0x" + new string('5', 40);
        var payload = Bridge.Relay.Messages.MessagePayload.TryParse(bundle["payload"]!.ToJsonString(), out var parsed) ? parsed : null;
        bundle["payloadDigest"] = payload!.PayloadDigest();

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith("valid: payload digest", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith($"invalid ({BundleVerification.InconsistentCode}): relay-attestation: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_AlteredByteInTheSourceProof_ExitsOneWithTheVerifiersReason()
    {
        var bundle = _fixture.Bundle();
        var attested = bundle["proofs"]![0]!["envelope"]!["data"]!["object"]!;
        attested["sequence"] = attested["sequence"]!.GetValue<int>() + 1;

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        var source = lines.Single(l => l.Contains(": source: ", StringComparison.Ordinal));
        source.ShouldStartWith("invalid (");
        source.ShouldNotStartWith("invalid (no-trust)");
        lines.ShouldContain(l => l.StartsWith("valid: relay-attestation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_AlteredSignatureCharacterInTheSourceProof_ExitsOneWithBadSignature()
    {
        var bundle = _fixture.Bundle();
        var attested = bundle["proofs"]![0]!["envelope"]!["data"]!["object"]!;
        var jws = attested["attestation"]!.GetValue<string>();
        attested["attestation"] = jws[..^5] + (jws[^5] == 'A' ? 'B' : 'A') + jws[^4..];

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({ProofVerdictCodes.BadSignature}): source: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RelaySignersTheTrustFileDoesNotName_ExitsOneWithUntrustedSigner()
    {
        var bundle = _fixture.Bundle();
        var trust = _fixture.TrustFile([_fixture.Outsider.Address], threshold: 1);

        var (exit, lines, _) = await VerifyAsync(bundle, trust);

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({RelayAttestationCodes.UntrustedSigner}): relay-attestation: signer ", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("valid: source: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_VerdictsInsideTheBundleSayValid_AreNotTrusted()
    {
        var bundle = _fixture.Bundle();
        bundle["proofs"]![1]!["envelope"]!["data"]!["digest"] = "0x" + new string('0', 64);
        bundle["proofs"]![1]!["verdict"]!["valid"].ShouldNotBeNull().GetValue<bool>().ShouldBeTrue();

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({RelayAttestationCodes.DigestMismatch}): relay-attestation: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_TrustFileWithoutTheNetworkOrTheLane_SaysWhatToAdd()
    {
        var (exit, lines, _) = await VerifyAsync(_fixture.Bundle(), new JsonObject());

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({BundleVerification.NoTrustCode}): source: ", StringComparison.Ordinal)
            && l.Contains($"add \"networks\": {{\"{RelayBundleFixture.SourceNetwork}\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith($"invalid ({BundleVerification.NoTrustCode}): relay-attestation: ", StringComparison.Ordinal)
            && l.Contains($"add \"relaySigners\": {{\"{RelayBundleFixture.LaneName}\"", StringComparison.Ordinal));
        lines[^1].ShouldBe("bundle invalid: 2 of 4 checks failed");
    }

    [Fact]
    public async Task Verify_EthereumSourceAnchorsWithoutATrustedBlock_ExplainsTheMissingBlock()
    {
        var bundle = _fixture.Bundle();
        bundle["proofs"]![0]!["envelope"]!["kind"] = "ethereum-receipt";
        var trust = _fixture.TrustFile();
        trust["networks"]![RelayBundleFixture.SourceNetwork] = new JsonObject
        {
            ["kind"] = "ethereum",
            ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(new EthereumTrustAnchors(
                1337,
                new Dictionary<string, string> { [EthereumTrustAnchors.TitleEscrowRole] = _fixture.TitleRegistry.ToString() },
                new EthereumFinality(1))).GetRawText()),
        };

        var (exit, lines, _) = await VerifyAsync(bundle, trust);

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({BundleVerification.NoTrustCode}): source: ", StringComparison.Ordinal) && l.Contains("\"trustedBlocks\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_MessageIdNotDerivedFromTheSource_ExitsOne()
    {
        var bundle = _fixture.Bundle();
        bundle["message"]!["source"]!["index"] = 1;

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines[1].ShouldStartWith($"invalid ({BundleVerification.InconsistentCode}): message id: ");
    }

    [Fact]
    public async Task Verify_BundleWithoutTheAttestationOfATitle_ExitsOneWithMissingProof()
    {
        var bundle = _fixture.Bundle();
        bundle["proofs"]!.AsArray().RemoveAt(1);

        var (exit, lines, _) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"invalid ({BundleVerification.MissingProofCode}): relay-attestation: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_SingleEnvelopeWithPlainAnchors_WorksAsBefore()
    {
        var proof = JsonNode.Parse(ProofEnvelopeJson.Serialize(_fixture.SourceProof))!;
        var anchors = JsonNode.Parse(TrustAnchorsJson.ToJson(_fixture.Platform.Anchors).GetRawText())!;

        var (exit, lines, stderr) = await VerifyAsync(proof, anchors);

        exit.ShouldBe(0, stderr);
        lines[0].ShouldStartWith($"valid: platform-jws proof of event {_fixture.SourceProof.Subject.Id} from {RelayBundleFixture.SourceNetwork}");
    }

    [Fact]
    public async Task Verify_BundleWithoutAMessage_IsAOneLineError()
    {
        var bundle = _fixture.Bundle();
        bundle.Remove("message");

        var (exit, lines, stderr) = await VerifyAsync(bundle, _fixture.TrustFile());

        exit.ShouldBe(1);
        lines.ShouldBeEmpty();
        stderr.ShouldContain("not a proof bundle: /message");
    }
}
