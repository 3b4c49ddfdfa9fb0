using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Proofs;
using Bridge.Canonical.Json;
using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>
/// <c>platform-jws</c> proofs built by the adapter from what the simulator served, checked by
/// <see cref="PlatformJwsVerifier"/> against the anchors the client fetched (docs/platform.md "Attestations"; RFC 7515
/// Appendix F detached payload, RFC 8785 JCS, RFC 7518 §3.4 ES256).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformProofTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly string[] TamperedCodes = [ProofVerdictCodes.BadSignature, ProofVerdictCodes.DigestMismatch];

    private readonly PlatformJwsVerifier _verifier = new();

    private SimulatorHarness H => fixture.Harness;

    [Fact]
    public async Task GetProof_StreamedEvent_ValidAndInvalidAfterOneAlteredByte()
    {
        var ct = TestContext.Current.CancellationToken;
        using var carrier = ClientSession.For(H, "carrier");
        var adapter = new PlatformAdapter(carrier.Client, new PlatformPollerOptions { Interval = TimeSpan.FromMilliseconds(50) });
        var anchors = await carrier.Client.GetTrustAnchorsAsync(ct);
        anchors.Issuer.ShouldBe(H.Simulator.Issuer);
        var booking = "BKG-PRF-" + Guid.NewGuid().ToString("N")[..8];
        var published = await carrier.Client.PublishEventAsync("actualGateIn", new JsonObject
        {
            ["originatorName"] = "Carrier",
            ["originatorId"] = "MAEU",
            ["eventOccurrenceTime8601"] = "2025-02-10T06:30:00.000+01:00",
            ["equipmentNumber"] = AdapterTestSupport.Iso,
            ["carrierBookingNumber"] = booking,
            ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "DEHAM" },
        }, null, ct);
        var streamed = (await AdapterStream.ReadUntilAsync(adapter, null, r => r.Any(e => e.Tx.Id == published.EventTransactionId), TimeSpan.FromSeconds(10)))
            .Single(e => e.Tx.Id == published.EventTransactionId);

        // The subject digest, computed independently: SHA-256 of the JCS bytes of the served object without attestation.
        var served = JsonNode.Parse(streamed.Payload.Span)!.AsObject();
        served.Remove("attestation");
        var digest = Convert.ToHexStringLower(SHA256.HashData(Jcs.Canonicalize(Encoding.UTF8.GetBytes(served.ToJsonString()))));

        var proof = await adapter.GetProofAsync(new ProofRequest(ProofKind.PlatformJws, new ProofSubject(ProofSubjectType.Event, published.EventTransactionId, digest)), ct);
        proof.Subject.Digest.ShouldBe(digest);
        var verdict = _verifier.Verify(proof, anchors).ShouldBeOfType<ProofVerdict.Valid>();
        var jwks = JsonNode.Parse(await H.Http.GetStringAsync(".well-known/jwks.json", ct))!;
        var kid = (string)jwks["keys"]![0]!["kid"]!;
        verdict.Signers.ShouldBe([kid]);

        // A fresh adapter that never streamed it finds it by its sequence (Tx.BlockNumber).
        var byFeed = await new PlatformAdapter(carrier.Client).GetProofAsync(
            new ProofRequest(ProofKind.PlatformJws, proof.Subject, new TxRef(published.EventTransactionId, streamed.Tx.BlockNumber)), ct);
        _verifier.Verify(byFeed, anchors).IsValid.ShouldBeTrue();

        // One byte of the attested object changed ("DEHAM" → "DEHAN"): refused.
        var altered = proof with { Data = AlterOneByte(proof.Data, "\"DEHAM\"", 5) };
        var refused = _verifier.Verify(altered, anchors).ShouldBeOfType<ProofVerdict.Invalid>();
        refused.Code.ShouldBeOneOf(TamperedCodes);
    }

    [Fact]
    public async Task GetProof_SharedDocumentContentAndMetadata_ValidAndInvalidAfterOneAlteredByte()
    {
        var ct = TestContext.Current.CancellationToken;
        using var carrier = ClientSession.For(H, "carrier");
        var adapter = new PlatformAdapter(carrier.Client);
        var anchors = await carrier.Client.GetTrustAnchorsAsync(ct);
        var booking = "BKG-DOC-" + Guid.NewGuid().ToString("N")[..8];
        var cid = (await carrier.Client.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking }, ct)).ConsignmentId;
        var content = Encoding.UTF8.GetBytes("{\"billOfLadingNumber\":\"BL-PROOF-1\",\"shipper\":\"ACME\"}");
        var metadata = new JsonObject { ["docType"] = "BILL_OF_LADING", ["docTypeNamespace"] = "platform", ["fileType"] = "JSON", ["consignmentId"] = cid, ["fileName"] = "bl.json" };

        var submitted = await adapter.SubmitAsync(new LedgerCommand.RawInvoke(PlatformAdapter.ShareDocumentFunction, [metadata.ToJsonString(), Convert.ToBase64String(content)]), "doc-1", ct);
        var documentId = submitted.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id;
        var contentDigest = Convert.ToHexStringLower(SHA256.HashData(content));

        var proof = await adapter.GetProofAsync(new ProofRequest(ProofKind.PlatformJws, new ProofSubject(ProofSubjectType.State, documentId + PlatformJwsVerifier.ContentSuffix, contentDigest)), ct);
        proof.Subject.Digest.ShouldBe(contentDigest);
        proof.Data.GetProperty("metadata").GetProperty("contentSha256").GetString().ShouldBe(contentDigest);
        _verifier.Verify(proof, anchors).IsValid.ShouldBeTrue();

        // One content byte changed ('B' of "BL-PROOF-1" → 'C'), re-encoded as base64: refused.
        var tampered = (byte[])content.Clone();
        tampered[Array.IndexOf(tampered, (byte)'B', 20)] ^= 0x01;
        var data = JsonNode.Parse(proof.Data.GetRawText())!.AsObject();
        data["contentBase64"] = Convert.ToBase64String(tampered);
        var altered = proof with { Data = JsonSerializer.SerializeToElement(data) };
        _verifier.Verify(altered, anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBeOneOf(TamperedCodes);

        // The metadata itself (subject documentId).
        var metadataProof = await adapter.GetProofAsync(new ProofRequest(ProofKind.PlatformJws, new ProofSubject(ProofSubjectType.State, documentId, contentDigest)), ct);
        _verifier.Verify(metadataProof, anchors).IsValid.ShouldBeTrue();
        var alteredMetadata = metadataProof with { Data = AlterOneByte(metadataProof.Data, "\"bl.json\"", 1) };
        _verifier.Verify(alteredMetadata, anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBeOneOf(TamperedCodes);
    }

    // Flips the low bit of the byte at offset `at` inside the first occurrence of `marker` in the JSON text.
    private static JsonElement AlterOneByte(JsonElement data, string marker, int at)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(data);
        var index = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        index.ShouldBeGreaterThanOrEqualTo(0, $"{marker} is in the proof data");
        bytes[index + at] ^= 0x01;
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }
}
