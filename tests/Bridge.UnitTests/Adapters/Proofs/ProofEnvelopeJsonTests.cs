using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Adapters.Proofs;

[Trait("Category", "Unit")]
public sealed class ProofEnvelopeJsonTests
{
    // SHA-256 of the empty string, a well-known vector.
    private const string Digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string SampleJson =
        """{"version":1,"sourceNetwork":"carrier-fabric","kind":"fabric-endorsement","subject":{"type":"transaction","id":"5f3c9a","digest":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},"data":{"endorsements":[{"mspId":"CarrierMSP","signature":"MEUCIQ=="}],"block":42}}""";

    private static ProofEnvelopeParseResult Parse(string json) => ProofEnvelopeJson.Parse(Encoding.UTF8.GetBytes(json));

    private static ProofEnvelope ShouldSucceed(ProofEnvelopeParseResult result)
    {
        var success = result.ShouldBeOfType<ProofEnvelopeParseResult.Success>(
            string.Join("; ", result.Validation.Issues.Select(i => $"{i.Path} {i.Code}: {i.Message}")));
        return success.Envelope;
    }

    private static void ShouldFailWith(ProofEnvelopeParseResult result, params string[] expected)
    {
        result.ShouldBeOfType<ProofEnvelopeParseResult.Failure>();
        result.Validation.Errors.Select(e => $"{e.Path} {e.Code}").ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void Parse_ValidEnvelope_ReturnsTypedFields()
    {
        var envelope = ShouldSucceed(Parse(SampleJson));

        envelope.Version.ShouldBe(1);
        envelope.SourceNetwork.ShouldBe("carrier-fabric");
        envelope.Kind.ShouldBe(ProofKind.FabricEndorsement);
        envelope.Subject.ShouldBe(new ProofSubject(ProofSubjectType.Transaction, "5f3c9a", Digest));
        envelope.Data.GetProperty("block").GetInt32().ShouldBe(42);
    }

    [Fact]
    public void Serialize_ParsedEnvelope_WritesTheSameBytes()
    {
        var envelope = ShouldSucceed(Parse(SampleJson));

        Encoding.UTF8.GetString(ProofEnvelopeJson.Serialize(envelope)).ShouldBe(SampleJson);
    }

    [Fact]
    public void Serialize_ConstructedEnvelope_RoundTrips()
    {
        using var data = JsonDocument.Parse("""{"attestations":[{"signer":"0xAbc","signature":"0x01"}],"threshold":2}""");
        var envelope = new ProofEnvelope(
            ProofEnvelope.CurrentVersion,
            "bank-ethereum",
            ProofKind.RelayAttestation,
            new ProofSubject(ProofSubjectType.Message, "msg-0001", Digest),
            data.RootElement.Clone());

        var bytes = ProofEnvelopeJson.Serialize(envelope, indented: true);
        var reread = ShouldSucceed(ProofEnvelopeJson.Parse(bytes));

        Encoding.UTF8.GetString(bytes).ShouldContain("\"kind\": \"relay-attestation\"");
        Encoding.UTF8.GetString(bytes).ShouldContain("\"type\": \"message\"");
        reread.Version.ShouldBe(envelope.Version);
        reread.SourceNetwork.ShouldBe(envelope.SourceNetwork);
        reread.Kind.ShouldBe(envelope.Kind);
        reread.Subject.ShouldBe(envelope.Subject);
        JsonElement.DeepEquals(reread.Data, envelope.Data).ShouldBeTrue();
        ProofEnvelopeJson.Serialize(reread).ShouldBe(ProofEnvelopeJson.Serialize(envelope));
    }

    [Fact]
    public void ToJson_Envelope_MatchesSerializedBytes()
    {
        var envelope = ShouldSucceed(Parse(SampleJson));

        ProofEnvelopeJson.ToJson(envelope).GetRawText().ShouldBe(SampleJson);
        ShouldSucceed(ProofEnvelopeJson.Parse(ProofEnvelopeJson.ToJson(envelope))).Subject.Digest.ShouldBe(Digest);
    }

    [Fact]
    public void Parse_DataOutlivesTheInputBuffer()
    {
        var bytes = Encoding.UTF8.GetBytes(SampleJson);
        var envelope = ShouldSucceed(ProofEnvelopeJson.Parse(bytes));

        Array.Fill(bytes, (byte)' ');

        envelope.Data.GetProperty("endorsements")[0].GetProperty("mspId").GetString().ShouldBe("CarrierMSP");
    }

    [Fact]
    public void Parse_LeadingByteOrderMark_IsIgnored()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(SampleJson)];

        ShouldSucceed(ProofEnvelopeJson.Parse(bytes)).SourceNetwork.ShouldBe("carrier-fabric");
    }

    [Theory]
    [InlineData("fabric-endorsement", ProofKind.FabricEndorsement)]
    [InlineData("ethereum-receipt", ProofKind.EthereumReceipt)]
    [InlineData("ethereum-state", ProofKind.EthereumState)]
    [InlineData("platform-jws", ProofKind.PlatformJws)]
    [InlineData("relay-attestation", ProofKind.RelayAttestation)]
    public void Parse_EachKind_ReadsItsWireName(string wireName, ProofKind expected)
    {
        ShouldSucceed(Parse(SampleJson.Replace("fabric-endorsement", wireName, StringComparison.Ordinal))).Kind.ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "", ProofEnvelopeCodes.InvalidJson)]
    [InlineData("{", "", ProofEnvelopeCodes.InvalidJson)]
    [InlineData("{\"version\":1,}", "", ProofEnvelopeCodes.InvalidJson)]
    [InlineData("{\"version\":1} {}", "", ProofEnvelopeCodes.InvalidJson)]
    [InlineData("/* c */ {\"version\":1}", "", ProofEnvelopeCodes.InvalidJson)]
    [InlineData("[]", "", ValidationCodes.InvalidFormat)]
    [InlineData("{\"sourceNetwork\":\"n\"}", "/version", ValidationCodes.Required)]
    [InlineData("{\"version\":\"1\"}", "/version", ValidationCodes.InvalidFormat)]
    [InlineData("{\"version\":1.0e0}", "/version", ValidationCodes.InvalidFormat)]
    [InlineData("{\"version\":2,\"future\":true}", "/version", ProofEnvelopeCodes.UnsupportedVersion)]
    [InlineData("{\"version\":0}", "/version", ProofEnvelopeCodes.UnsupportedVersion)]
    public void Parse_UnreadableOrUnsupportedInput_ReportsSingleError(string json, string path, string code)
    {
        ShouldFailWith(Parse(json), $"{path} {code}");
    }

    [Fact]
    public void Parse_UnsupportedVersion_MessageNamesBothVersions()
    {
        var issue = Parse(SampleJson.Replace("\"version\":1", "\"version\":7", StringComparison.Ordinal)).Validation.Errors.Single();

        issue.Message.ShouldContain("version 7");
        issue.Message.ShouldContain("version 1");
    }

    [Theory]
    [InlineData("\"sourceNetwork\":\"carrier-fabric\",", "", "/sourceNetwork required")]
    [InlineData("\"sourceNetwork\":\"carrier-fabric\"", "\"sourceNetwork\":\"\"", "/sourceNetwork required")]
    [InlineData("\"sourceNetwork\":\"carrier-fabric\"", "\"sourceNetwork\":3", "/sourceNetwork invalid-format")]
    [InlineData("\"kind\":\"fabric-endorsement\",", "", "/kind required")]
    [InlineData("\"kind\":\"fabric-endorsement\"", "\"kind\":\"ethereum-log\"", "/kind unknown-value")]
    [InlineData("\"kind\":\"fabric-endorsement\"", "\"kind\":\"Fabric-Endorsement\"", "/kind unknown-value")]
    [InlineData("\"kind\":\"fabric-endorsement\"", "\"kind\":0", "/kind invalid-format")]
    [InlineData("\"type\":\"transaction\"", "\"type\":\"block\"", "/subject/type unknown-value")]
    [InlineData("\"type\":\"transaction\",", "", "/subject/type required")]
    [InlineData("\"id\":\"5f3c9a\",", "", "/subject/id required")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "/subject/digest invalid-format")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "e3b0c44298fc1c149afbf4c8996fb924", "/subject/digest invalid-format")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "/subject/digest invalid-format")]
    [InlineData("\"digest\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"", "\"digest\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"hash\":\"x\"", "/subject/hash unknown-member")]
    [InlineData(",\"data\":{\"endorsements\":[{\"mspId\":\"CarrierMSP\",\"signature\":\"MEUCIQ==\"}],\"block\":42}", "", "/data required")]
    [InlineData("\"data\":{\"endorsements\":[{\"mspId\":\"CarrierMSP\",\"signature\":\"MEUCIQ==\"}],\"block\":42}", "\"data\":\"MEUCIQ==\"", "/data invalid-format")]
    [InlineData("\"data\":{\"endorsements\":[{\"mspId\":\"CarrierMSP\",\"signature\":\"MEUCIQ==\"}],\"block\":42}", "\"data\":null", "/data required")]
    [InlineData("\"version\":1,", "\"version\":1,\"signature\":\"x\",", "/signature unknown-member")]
    [InlineData("\"version\":1,", "\"version\":1,\"kind\":\"platform-jws\",", "/kind duplicate")]
    public void Parse_InvalidMember_ReportsPointerAndCode(string find, string replace, string expected)
    {
        var json = SampleJson.Replace(find, replace, StringComparison.Ordinal);
        json.ShouldNotBe(SampleJson);

        ShouldFailWith(Parse(json), expected);
    }

    [Fact]
    public void Parse_SubjectMissing_ReportsRequired()
    {
        ShouldFailWith(
            Parse("""{"version":1,"sourceNetwork":"n","kind":"platform-jws","data":{}}"""),
            "/subject required");
    }

    [Fact]
    public void Parse_EverythingWrong_ReportsEveryProblem()
    {
        ShouldFailWith(
            Parse("""{"version":1,"kind":"zk-snark","subject":{"type":"event","digest":"00"},"data":[],"extra":0}"""),
            "/sourceNetwork required",
            "/kind unknown-value",
            "/subject/id required",
            "/subject/digest invalid-format",
            "/data invalid-format",
            "/extra unknown-member");
    }
}
