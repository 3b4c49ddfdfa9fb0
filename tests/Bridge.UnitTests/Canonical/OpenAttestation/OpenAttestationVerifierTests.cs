using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.OpenAttestation;

namespace Bridge.UnitTests.Canonical.OpenAttestation;

[Trait("Category", "Unit")]
public sealed class OpenAttestationVerifierTests
{
    [Fact]
    public void VerifyIntegrity_V2NotObfuscatedFixture_ReproducesPublishedHashes()
    {
        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.V2NotObfuscated);

        verdict.ShouldBe(new IntegrityVerdict.Valid(OaFixtures.V2TargetHash, OaFixtures.V2TargetHash, OaVersion.V2));
    }

    [Fact]
    public void VerifyIntegrity_V2ObfuscatedFixture_HasSameTargetHashAsNotObfuscated()
    {
        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.V2Obfuscated);

        verdict.ShouldBe(new IntegrityVerdict.Valid(OaFixtures.V2TargetHash, OaFixtures.V2TargetHash, OaVersion.V2));
    }

    [Fact]
    public void VerifyIntegrity_V3NotObfuscatedFixture_ReproducesPublishedHashes()
    {
        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.V3NotObfuscated);

        verdict.ShouldBe(new IntegrityVerdict.Valid(OaFixtures.V3TargetHash, OaFixtures.V3TargetHash, OaVersion.V3));
    }

    [Fact]
    public void VerifyIntegrity_V3ObfuscatedFixture_HasSameTargetHashAsNotObfuscated()
    {
        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.V3Obfuscated);

        verdict.ShouldBe(new IntegrityVerdict.Valid(OaFixtures.V3TargetHash, OaFixtures.V3TargetHash, OaVersion.V3));
    }

    [Fact]
    public void VerifyIntegrity_PublishedBatchDocument_FoldsProofIntoRoot()
    {
        // "is transitive" in src/2.0/__tests__/obfuscate.test.ts (Open-Attestation/open-attestation@32f34550):
        // unsalted data wrapped in a batch of three or four, with a two-step proof.
        var document = Element("""
            {"version":"https://schema.openattestation.com/2.0/schema.json","schema":"http://example.com/schema.json",
             "data":{"key1":"item1","key2":"item4"},"privacy":{},
             "signature":{"type":"SHA3MerkleProof",
               "targetHash":"e20e8b2ae5874860486e06a8b7506a16e2ac3bef77457622731718715fe14f02",
               "proof":["f83ab45ee162d8745ceb260a05149abc33a52a8efae81ed4c66b766945aa80d9",
                        "2dd7ff47612ae3a8416030c5824ef11062ac6bcaecac813f2e30674907771f8a"],
               "merkleRoot":"d32eac5b9695e00917e86041f527cd394b99e6c73366762ce40814b25c3f2653"}}
            """);

        var verdict = OpenAttestationVerifier.VerifyIntegrity(document);

        verdict.ShouldBe(new IntegrityVerdict.Valid(
            "e20e8b2ae5874860486e06a8b7506a16e2ac3bef77457622731718715fe14f02",
            "d32eac5b9695e00917e86041f527cd394b99e6c73366762ce40814b25c3f2653",
            OaVersion.V2));
    }

    public static TheoryData<string> V2SaltedValuePaths => new()
    {
        "$template.name", "$template.type", "$template.url", "recipient.name", "issuers.0.name",
        "issuers.0.documentStore", "issuers.0.identityProof.type", "issuers.0.identityProof.location",
    };

    [Theory]
    [MemberData(nameof(V2SaltedValuePaths))]
    public void VerifyIntegrity_V2OneCharacterFlipped_IsTargetHashMismatch(string path)
    {
        foreach (var position in new[] { 0, 37, -1 }) // in the salt, in the type, in the value
        {
            var node = OaFixtures.V2NotObfuscatedNode;
            var parent = Navigate(node["data"]!, path, out var last);
            var text = parent[last]!.GetValue<string>();
            var at = position < 0 ? text.Length - 1 : position;
            parent[last] = text[..at] + (text[at] == 'x' ? 'y' : 'x') + text[(at + 1)..];

            var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node));

            verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch, $"{path} @ {at}");
        }
    }

    [Fact]
    public void VerifyIntegrity_V2WrongMerkleRoot_IsMerkleRootMismatch()
    {
        var node = OaFixtures.V2NotObfuscatedNode;
        node["signature"]!["merkleRoot"] = "d5c53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692";

        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node));

        verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.MerkleRootMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V2ExtraProofStep_IsMerkleRootMismatch()
    {
        var node = OaFixtures.V2NotObfuscatedNode;
        node["signature"]!["proof"] = new JsonArray("45c49a0e6efbde83c602cf6bbe4aa356d495feaf78a9a309cc1bad101f5c52f4");

        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node));

        verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.MerkleRootMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V2TargetHashChanged_IsTargetHashMismatch()
    {
        var node = OaFixtures.V2NotObfuscatedNode;
        node["signature"]!["targetHash"] = OaFixtures.V2TargetHash.ToUpperInvariant();

        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node));

        verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V2ObfuscatedHashRemovedOrAdded_IsTargetHashMismatch()
    {
        var removed = JsonNode.Parse(Conformance.Read("openattestation", "v2", "obfuscated-wrapped.json"))!;
        removed["privacy"]!["obfuscatedData"] = new JsonArray();
        var added = OaFixtures.V2NotObfuscatedNode;
        added["privacy"] = new JsonObject { ["obfuscatedData"] = new JsonArray(OaFixtures.V2ObfuscatedHash) };

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(removed))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch);
        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(added))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V2FieldAdded_IsTargetHashMismatch()
    {
        var node = OaFixtures.V2NotObfuscatedNode;
        node["data"]!["recipient"]!["title"] = "fdb9d37a-ac86-4956-887c-d221c8e0cd62:string:Dr";

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch);
    }

    public static TheoryData<string> V3Paths => new()
    {
        "version", "@context[1]", "type[0]", "issuanceDate", "credentialSubject.id", "issuer.name",
        "openAttestationMetadata.proof.value", "openAttestationMetadata.identityProof.identifier", "recipient.name",
    };

    [Theory]
    [MemberData(nameof(V3Paths))]
    public void VerifyIntegrity_V3OneCharacterFlipped_IsTargetHashMismatch(string path)
    {
        var node = OaFixtures.V3NotObfuscatedNode;
        FlipFirstCharacterV3(node, path);

        var verdict = OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node));

        // Changing "version" makes the document unrecognisable rather than tampered.
        verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(
            path == "version" ? OaCodes.UnsupportedVersion : OaCodes.TargetHashMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V3SaltChanged_IsTargetHashMismatch()
    {
        var node = OaFixtures.V3NotObfuscatedNode;
        var salts = DecodeSalts(node);
        var first = salts[0]!["value"]!.GetValue<string>();
        salts[0]!["value"] = (first[0] == '0' ? '1' : '0') + first[1..];
        node["proof"]!["salts"] = EncodeSalts(salts);

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V3FieldAddedWithJunkSalt_IsSaltsMismatch()
    {
        // OpenAttestation only compares counts: an unsigned extra field plus a salt for a path that does not exist
        // would slip through there. Here the salts must name exactly the visible fields.
        var node = OaFixtures.V3NotObfuscatedNode;
        node["recipient"]!["title"] = "Dr";
        var salts = DecodeSalts(node);
        salts.Add(new JsonObject { ["value"] = new string('a', 64), ["path"] = "nowhere" });
        node["proof"]!["salts"] = EncodeSalts(salts);

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.SaltsMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V3FieldRemovedWithoutObfuscating_IsSaltsMismatch()
    {
        var node = OaFixtures.V3NotObfuscatedNode;
        node["recipient"]!.AsObject().Remove("name");

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.SaltsMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V3ObfuscatedHashDropped_IsTargetHashMismatch()
    {
        var node = JsonNode.Parse(JsonSerializer.Serialize(OaFixtures.V3Obfuscated))!;
        node["proof"]!["privacy"]!["obfuscated"] = new JsonArray();

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.TargetHashMismatch);
    }

    [Fact]
    public void VerifyIntegrity_V3FalsyAndNumericValues_AreHashedWithTheirJavaScriptSpelling()
    {
        // No published v3 fixture has false, 0, null or numbers. The targetHash below was derived outside .NET (a
        // separate Keccak-256 and JSON.stringify, following src/3.0/digest.ts after Open-Attestation/open-attestation#273):
        // entries "salt:false", "salt:0", "salt:null", "salt:0.5", "salt:1e+21". With the older truthy filter that
        // skipped false/0/null it would be a61ede93…, so this also pins the falsy-value behaviour.
        var document = Element("""
            {"version":"https://schema.openattestation.com/3.0/schema.json","flag":false,"count":0,"none":null,"ratio":0.5,"big":1e+21,
             "proof":{"type":"OpenAttestationMerkleProofSignature2018","proofPurpose":"assertionMethod",
               "targetHash":"ca39f478fcfa71d32c15309ea0ea65464235cea6a666090f66be30b61d9e8982","proofs":[],
               "merkleRoot":"ca39f478fcfa71d32c15309ea0ea65464235cea6a666090f66be30b61d9e8982",
               "salts":"W3sidmFsdWUiOiIwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAxIiwicGF0aCI6InZlcnNpb24ifSx7InZhbHVlIjoiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMiIsInBhdGgiOiJmbGFnIn0seyJ2YWx1ZSI6IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDMiLCJwYXRoIjoiY291bnQifSx7InZhbHVlIjoiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwNCIsInBhdGgiOiJub25lIn0seyJ2YWx1ZSI6IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDUiLCJwYXRoIjoicmF0aW8ifSx7InZhbHVlIjoiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwNiIsInBhdGgiOiJiaWcifV0=",
               "privacy":{"obfuscated":[]}}}
            """);

        var verdict = OpenAttestationVerifier.VerifyIntegrity(document);

        verdict.ShouldBe(new IntegrityVerdict.Valid(
            "ca39f478fcfa71d32c15309ea0ea65464235cea6a666090f66be30b61d9e8982",
            "ca39f478fcfa71d32c15309ea0ea65464235cea6a666090f66be30b61d9e8982",
            OaVersion.V3));
    }

    [Fact]
    public void VerifyIntegrity_V3WrongMerkleRoot_IsMerkleRootMismatch()
    {
        var node = OaFixtures.V3NotObfuscatedNode;
        node["proof"]!["merkleRoot"] = OaFixtures.V2TargetHash;

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.MerkleRootMismatch);
    }

    [Theory]
    [InlineData("[]", OaCodes.Malformed)]
    [InlineData("\"text\"", OaCodes.Malformed)]
    [InlineData("{}", OaCodes.UnsupportedVersion)]
    [InlineData("""{"version":"https://schema.openattestation.com/4.0/schema.json"}""", OaCodes.UnsupportedVersion)]
    [InlineData("""{"version":"https://schema.openattestation.com/2.0/schema.json"}""", OaCodes.Malformed)]
    [InlineData("""{"version":"https://schema.openattestation.com/2.0/schema.json","data":{},"signature":{"type":"SHA3MerkleProof"}}""", OaCodes.Malformed)]
    [InlineData("""{"version":"https://schema.openattestation.com/2.0/schema.json","data":[],"signature":{"type":"SHA3MerkleProof","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692"}}""", OaCodes.Malformed)]
    [InlineData("""{"data":{"a.b":"x"},"signature":{"type":"SHA3MerkleProof","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692"}}""", OaCodes.Malformed)]
    [InlineData("""{"data":{},"signature":{"type":"SHA3MerkleProof","targetHash":"","merkleRoot":"0xc5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a26"}}""", OaCodes.Malformed)]
    [InlineData("""{"data":{},"privacy":{"obfuscatedData":[1]},"signature":{"type":"SHA3MerkleProof","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692"}}""", OaCodes.Malformed)]
    [InlineData("""{"data":{},"signature":{"type":"Other","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692"}}""", OaCodes.Malformed)]
    [InlineData("""{"proof":{"type":"OpenAttestationMerkleProofSignature2018","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692","proofs":[],"salts":"not base64!","privacy":{"obfuscated":[]}}}""", OaCodes.Malformed)]
    [InlineData("""{"proof":{"type":"OpenAttestationMerkleProofSignature2018","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692","proofs":[],"salts":"e30=","privacy":{"obfuscated":[]}}}""", OaCodes.Malformed)]
    [InlineData("""{"proof":{"type":"OpenAttestationMerkleProofSignature2018","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692","proofs":[],"salts":"W10=","privacy":{}}}""", OaCodes.Malformed)]
    [InlineData("""{"a[0]":"x","proof":{"type":"OpenAttestationMerkleProofSignature2018","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692","proofs":[],"salts":"W10=","privacy":{"obfuscated":[]}}}""", OaCodes.Malformed)]
    public void VerifyIntegrity_BadShape_IsInvalidWithoutThrowing(string json, string code)
    {
        var verdict = OpenAttestationVerifier.VerifyIntegrity(Element(json));

        verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(code);
    }

    [Fact]
    public void VerifyIntegrity_LoneSurrogateParsedWithoutSafeJson_IsMalformed()
    {
        var verdict = OpenAttestationVerifier.VerifyIntegrity(Element(
            """{"data":{"a":"\ud800"},"signature":{"type":"SHA3MerkleProof","targetHash":"","merkleRoot":"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692"}}"""));

        verdict.ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.Malformed);
    }

    [Fact]
    public void VerifyIntegrity_V2EmptyArrayAndObject_ProduceNoEntry()
    {
        // §E.2 step 2: empty objects and arrays produce no entry, so adding either leaves the hash unchanged.
        var node = OaFixtures.V2NotObfuscatedNode;
        node["data"]!["extraObject"] = new JsonObject();
        node["data"]!["extraArray"] = new JsonArray();

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node)).IsValid.ShouldBeTrue();
    }

    internal static JsonElement Element(string json) => OaFixtures.Element(Encoding.UTF8.GetBytes(json));

    private static JsonNode Navigate(JsonNode data, string dottedPath, out string last)
    {
        var tokens = dottedPath.Split('.');
        var node = data;
        foreach (var token in tokens[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : node[token]!;
        }

        last = tokens[^1];
        return node;
    }

    /// <summary>Flips the first character of the string at a v3 path ("a.b" members, "a[1]" array items).</summary>
    private static void FlipFirstCharacterV3(JsonNode document, string path)
    {
        static string Flip(string text) => (text[0] == 'x' ? 'y' : 'x') + text[1..];

        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            var array = document[path[..bracket]]!.AsArray();
            var index = int.Parse(path[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            array[index] = Flip(array[index]!.GetValue<string>());
            return;
        }

        var parent = Navigate(document, path, out var last);
        parent[last] = Flip(parent[last]!.GetValue<string>());
    }

    private static JsonArray DecodeSalts(JsonNode node) =>
        JsonNode.Parse(Convert.FromBase64String(node["proof"]!["salts"]!.GetValue<string>()))!.AsArray();

    private static string EncodeSalts(JsonArray salts) => Convert.ToBase64String(Encoding.UTF8.GetBytes(salts.ToJsonString()));
}
