using System.Text;
using System.Text.Json.Nodes;
using Bridge.Canonical.Disclosure;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;
using DisclosureModel = Bridge.Canonical.Disclosure.SaltedDisclosure;

namespace Bridge.UnitTests.Canonical.Disclosure;

[Trait("Category", "Unit")]
public sealed class DisclosureJsonTests
{
    private const string Root = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    private const string Hash1 = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Hash2 = "2222222222222222222222222222222222222222222222222222222222222222";
    private const string Salt = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    [Fact]
    public void Write_ThenParse_GivesTheSameDisclosureAndBytes()
    {
        var content = SaltedMerkleCommitmentTests.Parse("""{"b":"ü\n\"x\"","a":[1.50,{}],"c":{"d/e":null,"f~":1e2}}""");
        var disclosure = CommitmentVerifierTests.Disclose(content, ["/a/1"]);

        var bytes = DisclosureJson.Write(disclosure);
        var parsed = DisclosureJson.Parse(bytes).ShouldBeOfType<DisclosureParseResult<DisclosureModel>.Success>().Value;

        parsed.Root.ShouldBe(disclosure.Root);
        parsed.Fields.Keys.ShouldBe(disclosure.Fields.Keys);
        parsed.Salts.ShouldBe(disclosure.Salts);
        parsed.Hidden.ShouldBe(disclosure.Hidden);
        DisclosureJson.Write(parsed).ShouldBe(bytes);
        Encoding.UTF8.GetString(bytes).ShouldStartWith($$"""{"scheme":"bridge-salted-merkle-v1","root":"{{disclosure.Root}}","fields":{"/a/0":1.5,"/b":"ü\n\"x\"","/c/d~1e":null,"/c/f~0":100},"salts":{""");
    }

    [Fact]
    public void Write_FieldProof_HasTheDocumentedShape()
    {
        var proof = ((DisclosureResult<FieldProof>.Ok)SaltedMerkleCommitment.ProveField(CommitmentVerifierTests.Leaves(2), SaltedMerkleCommitmentTests.Secret, "/f1")).Value;

        var node = JsonNode.Parse(DisclosureJson.Write(proof))!.AsObject();

        node.Select(static m => m.Key).ShouldBe(["scheme", "root", "path", "value", "salt", "leafCount", "leafIndex", "auditPath"]);
        node["scheme"]!.GetValue<string>().ShouldBe(SaltedMerkleCommitment.Scheme);
        node["leafCount"]!.GetValue<int>().ShouldBe(2);
        node["auditPath"]!.AsArray().Count.ShouldBe(1);
    }

    public static TheoryData<string, string, string> BadDisclosures => new()
    {
        { "not json", string.Empty, ValidationCodes.InvalidJson },
        { "[]", string.Empty, ValidationCodes.InvalidFormat },
        { SaltedDisclosure(extra: ""","more":1"""), "/more", ValidationCodes.UnknownMember },
        { "{\"scheme\":\"bridge-salted-merkle-v1\",\"root\":\"" + Root + "\",\"fields\":{},\"salts\":{}}", "/hidden", ValidationCodes.Required },
        { SaltedDisclosure(scheme: "bridge-salted-merkle-v2"), "/scheme", ValidationCodes.UnknownValue },
        { SaltedDisclosure(root: Root.ToUpperInvariant()), "/root", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(root: Root[..62]), "/root", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(fields: "[]", salts: "{}"), "/fields", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(fields: """{"/a":{"b":1}}"""), "/fields/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(fields: """{"/a":[0]}"""), "/fields/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(fields: """{"a":1}""", salts: $$"""{"a":"{{Salt}}"}"""), "/fields/a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(fields: """{"/a~":1}""", salts: $$"""{"/a~":"{{Salt}}"}"""), "/fields/~1a~0", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(salts: "{}"), "/salts/~1a", ValidationCodes.Required },
        { SaltedDisclosure(salts: $$"""{"/a":"{{Salt}}","/b":"{{Salt}}"}"""), "/salts/~1b", ValidationCodes.UnknownValue },
        { SaltedDisclosure(salts: """{"/a":"AAEC"}"""), "/salts/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(salts: $$"""{"/a":"{{Salt}}="}"""), "/salts/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(salts: $$"""{"/a":"{{Salt[..42]}}+"}"""), "/salts/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(salts: $$"""{"/a":"{{Salt[..42]}}9"}"""), "/salts/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(salts: """{"/a":1}"""), "/salts/~1a", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(hidden: $$"""["{{Hash2}}","{{Hash1}}"]"""), "/hidden/1", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(hidden: $$"""["{{Hash1}}","{{Hash1}}"]"""), "/hidden/1", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(hidden: """["xyz"]"""), "/hidden/0", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(hidden: "{}"), "/hidden", ValidationCodes.InvalidFormat },
        {
            SaltedDisclosure(fields: """{"/a":1,"/a/b":2}""", salts: $$"""{"/a":"{{Salt}}","/a/b":"{{Salt}}"}"""),
            "/fields/~1a~1b", ValidationCodes.InvalidFormat
        },
        { SaltedDisclosure(fields: """{"":1,"/b":2}""", salts: $$"""{"":"{{Salt}}","/b":"{{Salt}}"}"""), "/fields/~1b", ValidationCodes.InvalidFormat },
        { SaltedDisclosure(fields: "{}", salts: "{}", hidden: "[]"), string.Empty, ValidationCodes.Required },
        { SaltedDisclosure(fields: """{"/a":1,"/a":2}"""), "/fields/~1a", ValidationCodes.DuplicateMember },
    };

    [Theory]
    [MemberData(nameof(BadDisclosures))]
    public void Parse_BadDisclosure_FailsAtThePointer(string json, string path, string code)
    {
        var failure = DisclosureJson.Parse(Encoding.UTF8.GetBytes(json)).ShouldBeOfType<DisclosureParseResult<DisclosureModel>.Failure>();

        failure.Validation.Errors.ShouldContain(i => i.Path == path && i.Code == code, string.Join("; ", failure.Validation.Errors));
    }

    [Fact]
    public void Parse_GoodSkeleton_Succeeds()
    {
        // The skeleton the bad cases above are derived from is itself well-formed (it just does not verify).
        var disclosure = DisclosureJson.Parse(Encoding.UTF8.GetBytes(SaltedDisclosure())).ShouldBeOfType<DisclosureParseResult<DisclosureModel>.Success>().Value;

        disclosure.LeafCount.ShouldBe(2);
        CommitmentVerifier.Verify(disclosure).ShouldBeOfType<CommitmentVerdict.Invalid>().Code.ShouldBe(CommitmentCodes.RootMismatch);
    }

    public static TheoryData<string, string> BadFieldProofs => new()
    {
        { FieldProof(leafIndex: "2"), "/leafIndex" },
        { FieldProof(leafIndex: "-1"), "/leafIndex" },
        { FieldProof(leafIndex: "0.5"), "/leafIndex" },
        { FieldProof(leafCount: "0"), "/leafCount" },
        { FieldProof(value: """{"a":1}"""), "/value" },
        { FieldProof(path: "\"a\""), "/path" },
        { FieldProof(auditPath: """["00"]"""), "/auditPath/0" },
        { FieldProof(extra: ""","x":1"""), "/x" },
    };

    [Theory]
    [MemberData(nameof(BadFieldProofs))]
    public void ParseFieldProof_BadProof_FailsAtThePointer(string json, string path)
    {
        var failure = DisclosureJson.ParseFieldProof(Encoding.UTF8.GetBytes(json)).ShouldBeOfType<DisclosureParseResult<FieldProof>.Failure>();

        failure.Validation.Errors.ShouldContain(i => i.Path == path, string.Join("; ", failure.Validation.Errors));
        DisclosureJson.ParseFieldProof(Encoding.UTF8.GetBytes(FieldProof())).ShouldBeOfType<DisclosureParseResult<FieldProof>.Success>();
    }

    [Fact]
    public void Parse_CorruptedBytes_NeverThrows()
    {
        var content = SaltedMerkleCommitmentTests.Parse("""{"a":[1,{"b":"x"}],"c":true}""");
        var bytes = DisclosureJson.Write(CommitmentVerifierTests.Disclose(content, ["/a/1"]));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(
            Arb.From(Gen.Choose(0, bytes.Length - 1)), Arb.From(Gen.Choose(0, 255)), (position, value) =>
            {
                var corrupted = (byte[])bytes.Clone();
                corrupted[position] = (byte)value;
                if (DisclosureJson.Parse(corrupted) is DisclosureParseResult<DisclosureModel>.Success success)
                {
                    _ = CommitmentVerifier.Verify(success.Value);
                }

                return true;
            }));
    }

    [Fact]
    public void Reconstruct_FullDisclosure_IsTheOriginalDocument()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(GeneratedJson.Object()), json =>
        {
            var content = GeneratedJson.Parse(json);
            var rebuilt = CommitmentVerifierTests.RoundTrip(CommitmentVerifierTests.Disclose(content, [])).Reconstruct();
            return JsonNode.DeepEquals(JsonNode.Parse(rebuilt.GetRawText()), JsonNode.Parse(json));
        }));
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"c":2,"d":3}}""", new[] { "/b/c" }, """{"a":1,"b":{"d":3}}""")]
    [InlineData("""{"a":1,"b":{"c":2}}""", new[] { "/b/c" }, """{"a":1}""")]
    [InlineData("""{"list":["x","y","z"]}""", new[] { "/list/0" }, """{"list":[null,"y","z"]}""")]
    [InlineData("""{"list":["x","y","z"]}""", new[] { "/list/2" }, """{"list":["x","y"]}""")]
    [InlineData("""{"list":[{"a":1,"b":2},{"a":3}]}""", new[] { "/list/0/b", "/list/1" }, """{"list":[{"a":1}]}""")]
    [InlineData("""{"e":{},"f":[],"g":"x"}""", new[] { "/g" }, """{"e":{},"f":[]}""")]
    [InlineData("""{"a":1}""", new[] { "" }, "{}")]
    [InlineData("\"only\"", new string[0], "\"only\"")]
    [InlineData("""{"0":"zero","1":"one"}""", new string[0], """["zero","one"]""")]
    public void Reconstruct_RedactedDisclosure_OmitsHiddenMembersAndNullsHiddenItems(string json, string[] hidden, string expected)
    {
        var content = SaltedMerkleCommitmentTests.Parse(json);

        var rebuilt = CommitmentVerifierTests.RoundTrip(CommitmentVerifierTests.Disclose(content, hidden)).Reconstruct();

        JsonNode.DeepEquals(JsonNode.Parse(rebuilt.GetRawText()), JsonNode.Parse(expected)).ShouldBeTrue(rebuilt.GetRawText());
    }

    [Fact]
    public void Reconstruct_HugeIndexWithoutHiddenLeaves_IsKeptAsObjectMember()
    {
        // A forged disclosure cannot make Reconstruct pad an array with a billion nulls: gaps need hidden leaves.
        var json = SaltedDisclosure(fields: """{"/a/999999999":1}""", salts: $$"""{"/a/999999999":"{{Salt}}"}""", hidden: "[]");
        var disclosure = DisclosureJson.Parse(Encoding.UTF8.GetBytes(json)).ShouldBeOfType<DisclosureParseResult<DisclosureModel>.Success>().Value;

        disclosure.Reconstruct().GetRawText().ShouldBe("""{"a":{"999999999":1}}""");
    }

    private static string SaltedDisclosure(
        string scheme = "bridge-salted-merkle-v1",
        string root = Root,
        string fields = """{"/a":1}""",
        string? salts = null,
        string hidden = $"[\"{Hash1}\"]",
        string extra = "")
    {
        salts ??= "{\"/a\":\"" + Salt + "\"}";
        return $$"""{"scheme":"{{scheme}}","root":"{{root}}","fields":{{fields}},"salts":{{salts}},"hidden":{{hidden}}{{extra}}}""";
    }

    private static string FieldProof(
        string path = "\"/a\"",
        string value = "1",
        string leafCount = "2",
        string leafIndex = "1",
        string auditPath = $"[\"{Hash1}\"]",
        string extra = "") =>
        $$"""{"scheme":"bridge-salted-merkle-v1","root":"{{Root}}","path":{{path}},"value":{{value}},"salt":"{{Salt}}","leafCount":{{leafCount}},"leafIndex":{{leafIndex}},"auditPath":{{auditPath}}{{extra}}}""";
}
