using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Json;
using Bridge.Canonical.OpenAttestation;
using Bridge.UnitTests.Canonical.Disclosure;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.OpenAttestation;

[Trait("Category", "Unit")]
public sealed partial class OaV2Tests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void Wrap_FixtureValuesWithFixtureSalts_ReproducesPublishedDocument()
    {
        // Take the plain values and the salts out of the published fixture, wrap again: the same salted data and
        // the same target hash must come out (the UUIDs are used in document order, as deepMap visits them).
        var fixture = OaFixtures.V2NotObfuscated;
        var plain = OaV2.Unsalt(fixture).ShouldBeOfType<OaResult<OaUnsalted>.Ok>().Value.Data;
        var salts = new Queue<Guid>(SaltedStrings(fixture.GetProperty("data")).Select(static s => Guid.Parse(s[..36])));

        var wrapped = OaV2.Wrap(plain, salts.Dequeue).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        salts.Count.ShouldBe(0);
        JsonNode.DeepEquals(JsonNode.Parse(wrapped.GetRawText()), OaFixtures.V2NotObfuscatedNode).ShouldBeTrue(wrapped.GetRawText());
    }

    [Fact]
    public void Wrap_Numbers_UseJavaScriptStringConversion()
    {
        var raw = Element("""{"a":1e21,"b":0.1,"c":-0,"d":123456789012345678901234567890,"e":1.5e-7,"f":100,"g":true,"h":null,"i":"s"}""");

        var data = OaV2.Wrap(raw, Fixed).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value.GetProperty("data");

        // String(n) per ECMA-262 Number::toString.
        string Salted(string name) => data.GetProperty(name).GetString()!;
        Salted("a").ShouldBe($"{FixedUuid}:number:1e+21");
        Salted("b").ShouldBe($"{FixedUuid}:number:0.1");
        Salted("c").ShouldBe($"{FixedUuid}:number:0");
        Salted("d").ShouldBe($"{FixedUuid}:number:1.2345678901234568e+29");
        Salted("e").ShouldBe($"{FixedUuid}:number:1.5e-7");
        Salted("f").ShouldBe($"{FixedUuid}:number:100");
        Salted("g").ShouldBe($"{FixedUuid}:boolean:true");
        Salted("h").ShouldBe($"{FixedUuid}:null:null");
        Salted("i").ShouldBe($"{FixedUuid}:string:s");
    }

    [Fact]
    public void Wrap_DefaultSaltSource_UsesFreshVersion4Uuids()
    {
        var raw = Element("""{"a":"x","b":["y","z"]}""");

        var first = OaV2.Wrap(raw).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;
        var second = OaV2.Wrap(raw).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        var salts = SaltedStrings(first.GetProperty("data")).Concat(SaltedStrings(second.GetProperty("data"))).Select(static s => s[..36]).ToList();
        salts.ShouldAllBe(s => UuidV4().IsMatch(s));
        salts.Distinct().Count().ShouldBe(6);
        TargetHash(first).ShouldNotBe(TargetHash(second));
    }

    [Fact]
    public void Wrap_SaltSourceNotVersion4_Throws()
    {
        Should.Throw<ArgumentException>(() => OaV2.Wrap(Element("""{"a":1}"""), static () => Guid.Parse("00000000-0000-1000-8000-000000000000")));
    }

    [Theory]
    [InlineData("""{"a.b":1}""", OaCodes.IllegalKey, "a.b")]
    [InlineData("""{"a":{"b.c":{}}}""", OaCodes.IllegalKey, "a.b.c")]
    [InlineData("[1]", OaCodes.Malformed, "")]
    [InlineData("""{"":{"a":1},"a":2}""", OaCodes.DuplicatePath, "a")]
    public void Wrap_BadRawDocument_Fails(string json, string code, string path)
    {
        var failed = OaV2.Wrap(Element(json), Fixed).ShouldBeOfType<OaResult<JsonElement>.Failed>();

        failed.Code.ShouldBe(code);
        failed.Path.ShouldBe(path);
    }

    [Fact]
    public void Wrap_ThenVerify_IsValidForGeneratedDocuments()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object(emptyNames: false)), json =>
        {
            var wrapped = ((OaResult<JsonElement>.Ok)OaV2.Wrap(GeneratedJson.Parse(json))).Value;
            var verdict = OpenAttestationVerifier.VerifyIntegrity(wrapped);
            return verdict is IntegrityVerdict.Valid valid && valid.TargetHash == TargetHash(wrapped) && valid.MerkleRoot == valid.TargetHash;
        }));
    }

    [Fact]
    public void Wrap_ThenUnsalt_GivesBackTheValues()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object(emptyNames: false)), json =>
        {
            var raw = GeneratedJson.Parse(json);
            var wrapped = ((OaResult<JsonElement>.Ok)OaV2.Wrap(raw)).Value;
            var plain = ((OaResult<OaUnsalted>.Ok)OaV2.Unsalt(wrapped)).Value.Data;

            // Numbers come back in their JavaScript spelling (they went through a double), which is also how RFC 8785
            // spells them, so compare the canonical forms.
            return Jcs.Canonicalize(plain).AsSpan().SequenceEqual(Jcs.Canonicalize(raw));
        }));
    }

    [Fact]
    public void Wrap_ThenObfuscateAnyTopLevelMember_StillVerifiesWithSameTargetHash()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object(emptyNames: false)), Arb.From(Gen.Choose(0, 10)), (json, pick) =>
        {
            var wrapped = ((OaResult<JsonElement>.Ok)OaV2.Wrap(GeneratedJson.Parse(json))).Value;
            var names = wrapped.GetProperty("data").EnumerateObject().Select(static m => m.Name).ToList();
            if (names.Count == 0)
            {
                return true;
            }

            var hidden = names[pick % names.Count];
            var obfuscated = ((OaResult<JsonElement>.Ok)OaV2.Obfuscate(wrapped, [hidden])).Value;
            return OpenAttestationVerifier.VerifyIntegrity(obfuscated) is IntegrityVerdict.Valid valid
                && valid.TargetHash == TargetHash(wrapped)
                && !obfuscated.GetProperty("data").TryGetProperty(hidden, out _);
        }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void WrapBatch_EveryDocument_VerifiesWithItsProofAgainstTheSharedRoot(int count)
    {
        var raws = Enumerable.Range(0, count).Select(i => Element($$"""{"document":{{i}},"title":"batch member {{i}}"}""")).ToList();

        var wrapped = OaV2.WrapBatch(raws).ShouldBeOfType<OaResult<IReadOnlyList<JsonElement>>.Ok>().Value;

        wrapped.Count.ShouldBe(count);
        var expectedRoot = ReferenceRoot(wrapped.Select(TargetHash).ToList());
        for (var i = 0; i < count; i++)
        {
            var verdict = OpenAttestationVerifier.VerifyIntegrity(wrapped[i]).ShouldBeOfType<IntegrityVerdict.Valid>();
            verdict.MerkleRoot.ShouldBe(expectedRoot);
            wrapped[i].GetProperty("data").GetProperty("document").GetString().ShouldEndWith($":number:{i}");
            wrapped[i].GetProperty("signature").GetProperty("proof").GetArrayLength().ShouldBeLessThanOrEqualTo((int)Math.Ceiling(Math.Log2(count)));
        }
    }

    [Fact]
    public void WrapBatch_ProofOfOneDocument_DoesNotVerifyAnother()
    {
        var wrapped = ((OaResult<IReadOnlyList<JsonElement>>.Ok)OaV2.WrapBatch([Element("""{"a":1}"""), Element("""{"a":2}"""), Element("""{"a":3}""")])).Value;
        var node = JsonNode.Parse(wrapped[0].GetRawText())!;
        node["signature"]!["proof"] = JsonNode.Parse(wrapped[1].GetProperty("signature").GetProperty("proof").GetRawText());

        OpenAttestationVerifier.VerifyIntegrity(OaFixtures.Element(node))
            .ShouldBeOfType<IntegrityVerdict.Invalid>().Code.ShouldBe(OaCodes.MerkleRootMismatch);
    }

    [Fact]
    public void Obfuscate_RecipientNameOfFixture_GivesThePublishedObfuscatedFixture()
    {
        var obfuscated = OaV2.Obfuscate(OaFixtures.V2NotObfuscated, ["recipient.name"]).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        var expected = JsonNode.Parse(Conformance.Read("openattestation", "v2", "obfuscated-wrapped.json"))!;
        var actual = JsonNode.Parse(obfuscated.GetRawText())!;
        JsonNode.DeepEquals(actual["data"], expected["data"]).ShouldBeTrue();
        JsonNode.DeepEquals(actual["privacy"], expected["privacy"]).ShouldBeTrue();
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue();
        OpenAttestationVerifier.VerifyIntegrity(obfuscated).ShouldBe(
            new IntegrityVerdict.Valid(OaFixtures.V2TargetHash, OaFixtures.V2TargetHash, OaVersion.V2));
    }

    [Fact]
    public void Obfuscate_WholeRecipient_RemovesTheMemberAndStillVerifies()
    {
        var obfuscated = OaV2.Obfuscate(OaFixtures.V2NotObfuscated, ["recipient"]).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        obfuscated.GetProperty("data").TryGetProperty("recipient", out _).ShouldBeFalse();
        obfuscated.GetProperty("privacy").GetProperty("obfuscatedData").EnumerateArray().Select(static h => h.GetString())
            .ShouldBe([OaFixtures.V2ObfuscatedHash]);
        OpenAttestationVerifier.VerifyIntegrity(obfuscated).IsValid.ShouldBeTrue();
    }

    // src/2.0/__tests__/obfuscate.test.ts (Open-Attestation/open-attestation@32f34550): obfuscateData on plain data.
    public static TheoryData<string, string[], string[]> PublishedObfuscations => new()
    {
        { """{"key1":"value1","key2":"value2"}""", ["key1"], ["1549a7b5fac4126fa0fbdea8c156930790691317e30400feb76c0f5cec06b396"] },
        {
            """{"key1":"value1","key2":"value2"}""", ["key1", "key2"],
            ["1549a7b5fac4126fa0fbdea8c156930790691317e30400feb76c0f5cec06b396", "9effc0520df5aa99bd49cc6521f76b13274a113ef0e4f45cd3bedecbf5d9e3d6"]
        },
        {
            """{"key1":2,"key2":"value2","key3":false,"key4":"control"}""", ["key1", "key2", "key3"],
            [
                "95d3d5290cbedca7c616c3b531280a5d5bbc05ec1301af9990860eb4854974d6",
                "9effc0520df5aa99bd49cc6521f76b13274a113ef0e4f45cd3bedecbf5d9e3d6",
                "4efbbb60071bb9d068120fd1f855ae79773db8a2d966a17edc18235649d78b4f",
            ]
        },
        {
            """{"key1":"control","key2":{"key21":"control","key22":"value22","key23":{"key231":"control","key232":"value232","key233":{"key2331":"control"}}}}""",
            ["key2.key22", "key2.key23.key232"],
            ["ebc402e918095d861060397a080355b5ba70c203f709795256544d706e2babb1", "3155a96711e47297b1c9d8737e7662081c1771a02c535d6fc63c9cf810a9e1ff"]
        },
        { """{"key1":"test"}""", ["key1"], ["674afcc934fede83cbfef6361de969d520ec3f8aebacbc984b8d39b11dbdcd38"] },
    };

    [Theory]
    [MemberData(nameof(PublishedObfuscations))]
    public void Obfuscate_PublishedVectors_GiveThePublishedHashes(string data, string[] paths, string[] expected)
    {
        var document = Element(
            """{"version":"https://schema.openattestation.com/2.0/schema.json","data":""" + data +
            ""","privacy":{},"signature":{"type":"SHA3MerkleProof"}}""");

        var obfuscated = OaV2.Obfuscate(document, paths).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        obfuscated.GetProperty("privacy").GetProperty("obfuscatedData").EnumerateArray().Select(static h => h.GetString()).ShouldBe(expected);
        foreach (var path in paths)
        {
            Resolve(obfuscated.GetProperty("data"), path).ShouldBeNull(path);
        }
    }

    [Fact]
    public void Obfuscate_WholeArrays_HashEveryItemAsPublished()
    {
        // "removes values from arrays" publishes the hashes of key2.0, key2.2 and key3.key32.1; items cannot be hidden
        // one by one here (see next test), so hide the arrays and find the published hashes among the entries.
        var document = Element("""
            {"data":{"key1":"control","key2":["value21","value22","value23","value24"],"key3":{"key31":"control","key32":["value321","value322"]}},
             "signature":{"type":"SHA3MerkleProof"}}
            """);

        var obfuscated = OaV2.Obfuscate(document, ["key2", "key3.key32"]).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        var hashes = obfuscated.GetProperty("privacy").GetProperty("obfuscatedData").EnumerateArray().Select(static h => h.GetString()).ToList();
        hashes.Count.ShouldBe(6);
        hashes.ShouldContain("6861b14e4bb0633052a4c7cf1dbcdec397779ebd34be2c6d1171e3b0035e0a34");
        hashes.ShouldContain("97ae60af73c7b5f5523f950655c04e09e90d3d5f34fccd480888c0f8c47bf9de");
        hashes.ShouldContain("b42e640700371697ed374f8ce02f6b8348e41e1e9ef18fd3dfaf7ad8d11cca9f");
        obfuscated.GetProperty("data").GetProperty("key3").GetRawText().ShouldBe("""{"key31":"control"}""");
    }

    [Theory]
    [InlineData("issuers.0", OaCodes.ArrayElement)]
    [InlineData("issuers.1.name", OaCodes.UnknownPath)]
    [InlineData("issuers.00.name", OaCodes.UnknownPath)]
    [InlineData("recipient.title", OaCodes.UnknownPath)]
    [InlineData("signature", OaCodes.UnknownPath)]
    public void Obfuscate_PathThatCannotBeHidden_Fails(string path, string code)
    {
        OaV2.Obfuscate(OaFixtures.V2NotObfuscated, [path]).ShouldBeOfType<OaResult<JsonElement>.Failed>().Code.ShouldBe(code);
    }

    [Fact]
    public void Obfuscate_InsideArrayElement_IsAllowedAndVerifies()
    {
        var obfuscated = OaV2.Obfuscate(OaFixtures.V2NotObfuscated, ["issuers.0.identityProof"]).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        obfuscated.GetProperty("privacy").GetProperty("obfuscatedData").GetArrayLength().ShouldBe(2);
        OpenAttestationVerifier.VerifyIntegrity(obfuscated).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Obfuscate_OneAfterAnother_EqualsBothAtOnce()
    {
        // "is transitive" in obfuscate.test.ts.
        var document = OaFixtures.V2NotObfuscated;
        var stepwise = ((OaResult<JsonElement>.Ok)OaV2.Obfuscate(((OaResult<JsonElement>.Ok)OaV2.Obfuscate(document, ["recipient"])).Value, ["$template.url"])).Value;
        var together = ((OaResult<JsonElement>.Ok)OaV2.Obfuscate(document, ["recipient", "$template.url"])).Value;

        JsonNode.DeepEquals(JsonNode.Parse(stepwise.GetRawText()), JsonNode.Parse(together.GetRawText())).ShouldBeTrue();
    }

    [Fact]
    public void Unsalt_Fixture_GivesThePlainValues()
    {
        var unsalted = OaV2.Unsalt(OaFixtures.V2NotObfuscated).ShouldBeOfType<OaResult<OaUnsalted>.Ok>().Value;

        unsalted.ObfuscatedCount.ShouldBe(0);
        JsonNode.DeepEquals(JsonNode.Parse(unsalted.Data.GetRawText()), JsonNode.Parse("""
            {"$template":{"name":"main","type":"EMBEDDED_RENDERER","url":"https://tutorial-renderer.openattestation.com"},
             "recipient":{"name":"John Doe"},
             "issuers":[{"name":"Demo Issuer","documentStore":"0x8bA63EAB43342AAc3AdBB4B827b68Cf4aAE5Caca",
                         "identityProof":{"type":"DNS-TXT","location":"demo-tradetrust.openattestation.com"}}]}
            """)).ShouldBeTrue(unsalted.Data.GetRawText());
    }

    [Fact]
    public void Unsalt_ObfuscatedFixture_CountsHiddenFields()
    {
        var unsalted = OaV2.Unsalt(OaFixtures.V2Obfuscated).ShouldBeOfType<OaResult<OaUnsalted>.Ok>().Value;

        unsalted.ObfuscatedCount.ShouldBe(1);
        unsalted.Data.GetProperty("recipient").GetRawText().ShouldBe("{}");
    }

    [Fact]
    public void Unsalt_PublishedGetDataVector_GivesTypedValues()
    {
        // "getData" in obfuscate.test.ts.
        var document = Element("""
            {"data":{"key1":"f9ec69be-ab21-474d-b8d7-012424813dc3:string:value1",
                     "key2":{"key21":"181e6794-45e4-4ecd-ac45-4c2aed0d757f:boolean:true"}},
             "privacy":{"obfuscatedData":["674afcc934fede83cbfef6361de969d520ec3f8aebacbc984b8d39b11dbdcd38"]}}
            """);

        var unsalted = OaV2.Unsalt(document).ShouldBeOfType<OaResult<OaUnsalted>.Ok>().Value;

        unsalted.Data.GetRawText().ShouldBe("""{"key1":"value1","key2":{"key21":true}}""");
        unsalted.ObfuscatedCount.ShouldBe(1);
    }

    [Theory]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:number:1e+21", "1e+21")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:number:-0.5", "-0.5")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:null:null", "null")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:boolean:false", "false")]
    [InlineData("F9EC69BE-AB21-474D-B8D7-012424813DC3:string:a:b: c ", "\"a:b: c \"")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:string:", "\"\"")]
    [InlineData("not salted", "\"not salted\"")]
    [InlineData("f9ec69be-ab21-174d-b8d7-012424813dc3:string:v1 uuid", "\"f9ec69be-ab21-174d-b8d7-012424813dc3:string:v1 uuid\"")]
    public void Unsalt_TypedValue_BecomesThatValue(string salted, string plain)
    {
        var unsalted = OaV2.Unsalt(Element("""{"data":{"v":""" + JsonSerializer.Serialize(salted) + "}}")).ShouldBeOfType<OaResult<OaUnsalted>.Ok>().Value;

        unsalted.Data.GetProperty("v").GetRawText().ShouldBe(plain);
    }

    [Theory]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:number:abc")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:number:Infinity")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:boolean:yes")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:undefined:undefined")]
    [InlineData("f9ec69be-ab21-474d-b8d7-012424813dc3:object:[object Object]")]
    public void Unsalt_UnknownTypeOrBadValue_Fails(string salted)
    {
        var failed = OaV2.Unsalt(Element("""{"data":{"list":[""" + JsonSerializer.Serialize(salted) + "]}}")).ShouldBeOfType<OaResult<OaUnsalted>.Failed>();

        failed.Code.ShouldBe(OaCodes.InvalidSaltedValue);
        failed.Path.ShouldBe("list.0");
    }

    private const string FixedUuid = "2f1d5a7c-0b9e-4c3d-8e6f-123456789abc";

    private static Guid Fixed() => Guid.Parse(FixedUuid);

    private static JsonElement Element(string json) => OaFixtures.Element(System.Text.Encoding.UTF8.GetBytes(json));

    private static string TargetHash(JsonElement wrapped) => wrapped.GetProperty("signature").GetProperty("targetHash").GetString()!;

    private static IEnumerable<string> SaltedStrings(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Object => node.EnumerateObject().SelectMany(static m => SaltedStrings(m.Value)),
        JsonValueKind.Array => node.EnumerateArray().SelectMany(SaltedStrings),
        JsonValueKind.String => [node.GetString()!],
        _ => [],
    };

    private static JsonElement? Resolve(JsonElement data, string dotted)
    {
        var node = data;
        foreach (var token in dotted.Split('.'))
        {
            if (!node.TryGetProperty(token, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// OpenAttestation's batch root written out independently of the code under test: sort the target hashes
    /// bytewise, then repeatedly hash neighbours (sorted pair, keccak256) and carry an odd last one up.
    /// </summary>
    private static string ReferenceRoot(List<string> targetHashes)
    {
        var level = targetHashes.Select(Convert.FromHexString).OrderBy(static h => Convert.ToHexString(h), StringComparer.Ordinal).ToList();
        while (level.Count > 1)
        {
            level = level.Chunk(2).Select(static pair => pair.Length == 1
                ? pair[0]
                : Keccak256.Hash([.. pair.OrderBy(static h => Convert.ToHexString(h), StringComparer.Ordinal).SelectMany(static h => h)])).ToList();
        }

        return Convert.ToHexStringLower(level[0]);
    }

    [GeneratedRegex(@"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\z")]
    private static partial Regex UuidV4();
}
