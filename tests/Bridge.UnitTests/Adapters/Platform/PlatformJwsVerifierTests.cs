using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Proofs;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Platform;

[Trait("Category", "Unit")]
public sealed class PlatformJwsVerifierTests : IDisposable
{
    // RFC 7515 Appendix A.3: the ES256 example's protected header {"alg":"ES256"}, payload, signature and public JWK.
    private const string A3Header = "eyJhbGciOiJFUzI1NiJ9";
    private const string A3Payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private const string A3Signature = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    private const string A3X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private const string A3Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    private readonly PlatformTestKeys _keys = new();
    private readonly PlatformJwsVerifier _verifier = new();

    public void Dispose() => _keys.Dispose();

    private static JsonWebKey A3Jwk(string kid = "a3") => new("EC", kid, new Dictionary<string, JsonElement>
    {
        ["crv"] = JsonSerializer.SerializeToElement("P-256"),
        ["x"] = JsonSerializer.SerializeToElement(A3X),
        ["y"] = JsonSerializer.SerializeToElement(A3Y),
    });

    private static JsonObject Event(string id = "b7c1e3a0-0001-4000-8000-000000000001") => new()
    {
        ["eventType"] = "actualGateIn",
        ["eventTransactionId"] = id,
        ["sequence"] = 7,
        ["eventOccurrenceTime8601"] = "2024-03-01T10:15:00.000+01:00",
        ["eventOccurrenceTime"] = 1709284500000,
        ["equipmentNumber"] = "MSKU1234565",
        ["originatorId"] = "MAEU",
        ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
    };

    private static ProofEnvelope Envelope(JsonObject data, ProofSubjectType type, string id, string digest) =>
        new(1, "platform-test", ProofKind.PlatformJws, new ProofSubject(type, id, digest), JsonSerializer.SerializeToElement(data));

    private ProofEnvelope EventProof(JsonObject attested) =>
        Envelope(
            new JsonObject { ["object"] = attested.DeepClone() },
            ProofSubjectType.Event,
            attested["eventTransactionId"]!.GetValue<string>(),
            PlatformTestKeys.Sha256Hex(PlatformTestKeys.Payload(attested)));

    [Fact]
    public void Verify_Rfc7515A3ExampleDetached_Verifies()
    {
        PlatformJws.TryParseDetached($"{A3Header}..{A3Signature}", out var jws, out var error).ShouldBeTrue(error);
        jws!.Algorithm.ShouldBe("ES256");

        PlatformJws.Verify(A3Jwk(), jws.EncodedHeader, PlatformTestKeys.FromB64Url(A3Payload), jws.Signature, out var keyError).ShouldBeTrue();
        keyError.ShouldBeNull();
    }

    [Fact]
    public void Verify_Rfc7515A3ExampleWithAlteredPayload_Fails()
    {
        var payload = PlatformTestKeys.FromB64Url(A3Payload);
        payload[^2] ^= 0x01;
        PlatformJws.TryParseDetached($"{A3Header}..{A3Signature}", out var jws, out _).ShouldBeTrue();

        PlatformJws.Verify(A3Jwk(), jws!.EncodedHeader, payload, jws.Signature, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParseDetached_AttachedPayload_IsRefused()
    {
        PlatformJws.TryParseDetached($"{A3Header}.{A3Payload}.{A3Signature}", out _, out var error).ShouldBeFalse();
        error.ShouldContain("detached");
    }

    [Fact]
    public void Verify_AttestedEvent_IsValidWithTheKeyId()
    {
        var verdict = _verifier.Verify(EventProof(_keys.Attest(Event())), _keys.Anchors);

        var valid = verdict.ShouldBeOfType<ProofVerdict.Valid>();
        valid.Signers.ShouldBe([PlatformTestKeys.Kid]);
        valid.Details!["issuer"].ShouldBe(PlatformTestKeys.Issuer);
    }

    [Fact]
    public void Verify_EveryOneBitChangeOfTheServedObject_Fails()
    {
        var attested = _keys.Attest(Event());
        var original = PlatformTestKeys.Payload(attested);
        var bytes = Encoding.UTF8.GetBytes(attested.ToJsonString());
        var tried = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;
            JsonObject? changed;
            try
            {
                changed = JsonNode.Parse(altered) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (changed is null)
            {
                continue;
            }

            tried++;
            var proof = Envelope(new JsonObject { ["object"] = changed }, ProofSubjectType.Event, "b7c1e3a0-0001-4000-8000-000000000001", PlatformTestKeys.Sha256Hex(original));
            _verifier.Verify(proof, _keys.Anchors).IsValid.ShouldBeFalse($"byte {i} flipped");
        }

        tried.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Verify_EveryFlippedSignatureByte_FailsAsBadSignature()
    {
        var attested = _keys.Attest(Event());
        var parts = attested["attestation"]!.GetValue<string>().Split('.');
        var signature = PlatformTestKeys.FromB64Url(parts[2]);
        for (var i = 0; i < signature.Length; i++)
        {
            var altered = (byte[])signature.Clone();
            altered[i] ^= 0x80;
            var copy = (JsonObject)attested.DeepClone();
            copy["attestation"] = parts[0] + ".." + PlatformTestKeys.B64Url(altered);

            var verdict = _verifier.Verify(EventProof(copy), _keys.Anchors);

            verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.BadSignature, $"signature byte {i}");
        }
    }

    [Fact]
    public void Verify_EveryFlippedContentByte_Fails()
    {
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 bill of lading MAEU123456789");
        var attestation = _keys.Sign(content);
        var digest = PlatformTestKeys.Sha256Hex(content);
        for (var i = 0; i < content.Length; i++)
        {
            var altered = (byte[])content.Clone();
            altered[i] ^= 0x01;
            var proof = Envelope(
                new JsonObject { ["contentBase64"] = Convert.ToBase64String(altered), ["attestation"] = attestation },
                ProofSubjectType.State,
                "doc-1/content",
                digest);

            _verifier.Verify(proof, _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.BadSignature);
        }
    }

    [Fact]
    public void Verify_ContentBoundToAttestedMetadata_IsValid()
    {
        var content = Encoding.UTF8.GetBytes("{\"transportDocumentReference\":\"MAEU123\"}");
        var metadata = _keys.Attest(new JsonObject
        {
            ["documentId"] = "doc-1",
            ["docType"] = "BILL_OF_LADING",
            ["contentSha256"] = PlatformTestKeys.Sha256Hex(content),
        });
        var data = new JsonObject
        {
            ["contentBase64"] = Convert.ToBase64String(content),
            ["attestation"] = _keys.Sign(content),
            ["metadata"] = metadata,
        };

        _verifier.Verify(Envelope(data, ProofSubjectType.State, "doc-1/content", PlatformTestKeys.Sha256Hex(content)), _keys.Anchors).IsValid.ShouldBeTrue();

        data["metadata"] = _keys.Attest(new JsonObject { ["documentId"] = "doc-1", ["contentSha256"] = new string('0', 64) });
        _verifier.Verify(Envelope(data, ProofSubjectType.State, "doc-1/content", PlatformTestKeys.Sha256Hex(content)), _keys.Anchors)
            .ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.DigestMismatch);
    }

    [Fact]
    public void Verify_DocumentMetadataAsState_IsValid()
    {
        var metadata = _keys.Attest(new JsonObject { ["documentId"] = "doc-9", ["docType"] = "COMMERCIAL_INVOICE", ["size"] = 12 });
        var proof = Envelope(new JsonObject { ["object"] = metadata }, ProofSubjectType.State, "doc-9", PlatformTestKeys.Sha256Hex(PlatformTestKeys.Payload(metadata)));

        _verifier.Verify(proof, _keys.Anchors).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_KeyIdNotInJwks_IsUntrustedSigner()
    {
        using var other = new PlatformTestKeys("rogue-key");
        var attested = other.Attest(Event());

        _verifier.Verify(EventProof(attested), _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.UntrustedSigner);
    }

    [Fact]
    public void Verify_SameKidButAnotherKey_IsBadSignature()
    {
        using var impostor = new PlatformTestKeys();
        var attested = impostor.Attest(Event());

        _verifier.Verify(EventProof(attested), _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.BadSignature);
    }

    [Fact]
    public void Verify_WrongIssuer_IsWrongIssuer()
    {
        var attested = _keys.Attest(Event(), _keys.Header(issuer: "http://other-platform.test/"));

        _verifier.Verify(EventProof(attested), _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(PlatformProofCodes.WrongIssuer);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public void Verify_AlgorithmOtherThanEs256_IsRefused(string alg)
    {
        var unsigned = Event();
        var header = PlatformTestKeys.B64Url(Encoding.UTF8.GetBytes(_keys.Header(alg: alg)));
        var signature = alg switch
        {
            "none" => string.Empty,
            "HS256" => PlatformTestKeys.B64Url(System.Security.Cryptography.HMACSHA256.HashData(
                Encoding.UTF8.GetBytes(PlatformTestKeys.Issuer),
                Encoding.ASCII.GetBytes(header + "." + PlatformTestKeys.B64Url(PlatformTestKeys.Payload(unsigned))))),
            _ => _keys.Sign(PlatformTestKeys.Payload(unsigned), _keys.Header(alg: alg)).Split('.')[2],
        };
        var attested = (JsonObject)unsigned.DeepClone();
        attested["attestation"] = header + ".." + signature;

        _verifier.Verify(EventProof(attested), _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(PlatformProofCodes.UnsupportedAlgorithm);
    }

    [Fact]
    public void Verify_WrongTypOrCrit_IsMalformed()
    {
        var wrongTyp = _keys.Attest(Event(), _keys.Header(typ: "JWT"));
        _verifier.Verify(EventProof(wrongTyp), _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.MalformedProof);

        var header = JsonNode.Parse(_keys.Header())!.AsObject();
        header["crit"] = new JsonArray("b64");
        header["b64"] = false;
        var crit = _keys.Attest(Event(), header.ToJsonString());
        _verifier.Verify(EventProof(crit), _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.MalformedProof);
    }

    [Fact]
    public void Verify_SubjectNamesAnotherEvent_IsSubjectMismatch()
    {
        var attested = _keys.Attest(Event());
        var proof = Envelope(new JsonObject { ["object"] = attested }, ProofSubjectType.Event, "another-event", PlatformTestKeys.Sha256Hex(PlatformTestKeys.Payload(attested)));

        _verifier.Verify(proof, _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(PlatformProofCodes.SubjectMismatch);
    }

    [Fact]
    public void Verify_SubjectDigestOfOtherBytes_IsDigestMismatch()
    {
        var attested = _keys.Attest(Event());
        var proof = Envelope(new JsonObject { ["object"] = attested }, ProofSubjectType.Event, "b7c1e3a0-0001-4000-8000-000000000001", new string('a', 64));

        _verifier.Verify(proof, _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(ProofVerdictCodes.DigestMismatch);
    }

    [Fact]
    public void Verify_FabricAnchors_IsNotApplicable()
    {
        var anchors = new FabricTrustAnchors("ch", "cc", [], new FabricEndorsementPolicy("n-of", 1, []));

        _verifier.Verify(EventProof(_keys.Attest(Event())), anchors).ShouldBeOfType<ProofVerdict.NotApplicable>();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"object\": 5}")]
    [InlineData("{\"object\": {\"eventTransactionId\": \"x\"}}")]
    [InlineData("{\"object\": {\"eventTransactionId\": \"x\", \"attestation\": 7}}")]
    [InlineData("{\"object\": {\"eventTransactionId\": \"x\", \"attestation\": \"a.b\"}}")]
    [InlineData("{\"object\": {\"eventTransactionId\": \"x\", \"attestation\": \"!!..??\"}}")]
    [InlineData("{\"object\": {\"eventTransactionId\": \"x\", \"attestation\": \"e30..AA\", \"attestation\": \"e30..AA\"}}")]
    [InlineData("{\"object\": {\"a\": 1, \"a\": 2, \"attestation\": \"eyJhbGciOiJFUzI1NiJ9..AA\"}}")]
    [InlineData("{\"contentBase64\": \"***\", \"attestation\": \"e30..AA\"}")]
    [InlineData("{\"contentBase64\": \"AAAA\"}")]
    public void Verify_MalformedData_IsInvalidWithoutThrowing(string data)
    {
        var proof = new ProofEnvelope(1, "p", ProofKind.PlatformJws, new ProofSubject(ProofSubjectType.Event, "x", new string('0', 64)), JsonDocument.Parse(data).RootElement.Clone());

        _verifier.Verify(proof, _keys.Anchors).ShouldBeOfType<ProofVerdict.Invalid>();
    }

    [Fact]
    public void ProofBuilder_ForEvent_ProducesAProofTheVerifierAccepts()
    {
        var attested = _keys.Attest(Event());
        using var document = JsonDocument.Parse(attested.ToJsonString());

        var proof = PlatformProofBuilder.ForEvent("platform-test", document.RootElement);

        proof.Subject.Digest.ShouldBe(PlatformTestKeys.Sha256Hex(PlatformTestKeys.Payload(attested)));
        _verifier.Verify(proof, _keys.Anchors).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_RandomObjectsSignedByTheTestKey_AreValid()
    {
        var value = Gen.OneOf(
            Gen.Elements("GateIn", "Rotterdam", "é ü ß", "tab\tquote\"", "😀", string.Empty).Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Elements(0.5, 1e21, -3.25, 1e-7).Select(d => (JsonNode?)JsonValue.Create(d)),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)));
        var names = Gen.Elements("eventType", "b", "a", "€uro", "Z", "aa", "sequence", "location", "10", "_");
        var gen = Gen.Choose(0, 8).SelectMany(n => Gen.ListOf(Gen.Zip(names, value), n)).Select(pairs =>
        {
            var o = new JsonObject { ["eventTransactionId"] = "evt-1" };
            foreach (var (name, v) in pairs)
            {
                o[name] = v?.DeepClone();
            }

            return o;
        });

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(60),
            Prop.ForAll(Arb.From(gen), unsigned => _verifier.Verify(EventProof(_keys.Attest(unsigned)), _keys.Anchors).IsValid));
    }
}
