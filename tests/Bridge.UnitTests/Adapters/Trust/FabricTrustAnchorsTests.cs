using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Adapters.Trust;

[Trait("Category", "Unit")]
public sealed class FabricTrustAnchorsTests
{
    private const string Prefix = "/trustAnchors";

    private static JsonObject Sample() => new()
    {
        ["channel"] = "trade-channel",
        ["chaincode"] = "tradebridge",
        ["msps"] = new JsonArray(
            new JsonObject { ["mspId"] = "CarrierMSP", ["rootCertificates"] = new JsonArray(TestCertificates.CarrierCaPem) },
            new JsonObject { ["mspId"] = "BankMSP", ["rootCertificates"] = new JsonArray(TestCertificates.BankCaPem, TestCertificates.BankCa2Pem) }),
        ["endorsementPolicy"] = new JsonObject { ["type"] = "n-of", ["n"] = 2, ["mspIds"] = new JsonArray("CarrierMSP", "BankMSP") },
    };

    private static TrustAnchorsParseResult Parse(JsonElement json) => TrustAnchorsJson.Parse(NetworkKind.Fabric, json, Prefix);

    [Fact]
    public void Parse_ValidSample_ReturnsTypedAnchors()
    {
        var anchors = Parse(JsonEdit.Element(Sample())).ShouldSucceedAs<FabricTrustAnchors>();

        anchors.Kind.ShouldBe(NetworkKind.Fabric);
        anchors.Channel.ShouldBe("trade-channel");
        anchors.Chaincode.ShouldBe("tradebridge");
        anchors.Msps.Select(m => m.MspId).ShouldBe(["CarrierMSP", "BankMSP"]);
        anchors.Msps[1].RootCertificates.ShouldBe([TestCertificates.BankCaPem, TestCertificates.BankCa2Pem]);
        anchors.EndorsementPolicy.Type.ShouldBe(FabricEndorsementPolicy.NOfType);
        anchors.EndorsementPolicy.N.ShouldBe(2);
        anchors.EndorsementPolicy.MspIds.ShouldBe(["CarrierMSP", "BankMSP"]);
    }

    [Theory]
    [InlineData("/channel", "\"a\"")]
    [InlineData("/channel", "\"trade.channel-2\"")]
    [InlineData("/chaincode", "\"Trade_Bridge-v2\"")]
    [InlineData("/chaincode", "\"7\"")]
    [InlineData("/endorsementPolicy/n", "1")]
    public void Parse_EdgeValidValue_Succeeds(string pointer, string json)
    {
        Parse(JsonEdit.With(Sample(), pointer, json)).ShouldSucceedAs<FabricTrustAnchors>();
    }

    [Theory]
    [InlineData("/channel", null, "/trustAnchors/channel required")]
    [InlineData("/channel", "\"\"", "/trustAnchors/channel required")]
    [InlineData("/channel", "null", "/trustAnchors/channel required")]
    [InlineData("/channel", "42", "/trustAnchors/channel invalid-format")]
    [InlineData("/channel", "\"Trade\"", "/trustAnchors/channel invalid-format")]
    [InlineData("/channel", "\"1trade\"", "/trustAnchors/channel invalid-format")]
    [InlineData("/channel", "\"trade_channel\"", "/trustAnchors/channel invalid-format")]
    [InlineData("/chaincode", null, "/trustAnchors/chaincode required")]
    [InlineData("/chaincode", "\"-bridge\"", "/trustAnchors/chaincode invalid-format")]
    [InlineData("/chaincode", "\"bridge_\"", "/trustAnchors/chaincode invalid-format")]
    [InlineData("/chaincode", "\"trade--bridge\"", "/trustAnchors/chaincode invalid-format")]
    [InlineData("/chaincode", "\"trade bridge\"", "/trustAnchors/chaincode invalid-format")]
    [InlineData("/msps", null, "/trustAnchors/msps required")]
    [InlineData("/msps", "[]", "/trustAnchors/msps required")]
    [InlineData("/msps", "{}", "/trustAnchors/msps invalid-format")]
    [InlineData("/msps/0", "\"CarrierMSP\"", "/trustAnchors/msps/0 invalid-format", "/trustAnchors/endorsementPolicy/mspIds/0 unknown-value")]
    [InlineData("/msps/0/mspId", null, "/trustAnchors/msps/0/mspId required", "/trustAnchors/endorsementPolicy/mspIds/0 unknown-value")]
    [InlineData("/msps/1/mspId", "\"CarrierMSP\"", "/trustAnchors/msps/1/mspId duplicate", "/trustAnchors/endorsementPolicy/mspIds/1 unknown-value")]
    [InlineData("/msps/0/rootCertificates", null, "/trustAnchors/msps/0/rootCertificates required")]
    [InlineData("/msps/0/rootCertificates", "[]", "/trustAnchors/msps/0/rootCertificates required")]
    [InlineData("/msps/1/rootCertificates/1", "5", "/trustAnchors/msps/1/rootCertificates/1 invalid-format")]
    [InlineData("/msps/1/rootCertificates/1", "\"not a certificate\"", "/trustAnchors/msps/1/rootCertificates/1 invalid-certificate")]
    [InlineData("/msps/0/admins", "[]", "/trustAnchors/msps/0/admins unknown-member")]
    [InlineData("/endorsementPolicy", null, "/trustAnchors/endorsementPolicy required")]
    [InlineData("/endorsementPolicy", "\"2-of\"", "/trustAnchors/endorsementPolicy invalid-format")]
    [InlineData("/endorsementPolicy/type", null, "/trustAnchors/endorsementPolicy/type required")]
    [InlineData("/endorsementPolicy/type", "\"majority\"", "/trustAnchors/endorsementPolicy/type unknown-value")]
    [InlineData("/endorsementPolicy/n", null, "/trustAnchors/endorsementPolicy/n required")]
    [InlineData("/endorsementPolicy/n", "0", "/trustAnchors/endorsementPolicy/n out-of-range")]
    [InlineData("/endorsementPolicy/n", "3", "/trustAnchors/endorsementPolicy/n out-of-range")]
    [InlineData("/endorsementPolicy/n", "1.5", "/trustAnchors/endorsementPolicy/n invalid-format")]
    [InlineData("/endorsementPolicy/n", "\"2\"", "/trustAnchors/endorsementPolicy/n invalid-format")]
    [InlineData("/endorsementPolicy/mspIds", "[]", "/trustAnchors/endorsementPolicy/mspIds required")]
    [InlineData("/endorsementPolicy/mspIds/-", "\"CarrierMSP\"", "/trustAnchors/endorsementPolicy/mspIds/2 duplicate")]
    [InlineData("/endorsementPolicy/mspIds/1", "\"CustomsMSP\"", "/trustAnchors/endorsementPolicy/mspIds/1 unknown-value")]
    [InlineData("/endorsementPolicy/mspIds/1", "7", "/trustAnchors/endorsementPolicy/mspIds/1 invalid-format")]
    [InlineData("/endorsementPolicy/rule", "\"OR\"", "/trustAnchors/endorsementPolicy/rule unknown-member")]
    [InlineData("/chainId", "1", "/trustAnchors/chainId unknown-member")]
    [InlineData("/Channel", "\"trade-channel\"", "/trustAnchors/Channel unknown-member")]
    public void Parse_InvalidValue_ReportsPointerAndCode(string pointer, string? json, params string[] expected)
    {
        Parse(JsonEdit.With(Sample(), pointer, json)).ShouldFailWith(expected);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOne()
    {
        var json = JsonEdit.Parse("""{"channel":"X","chaincode":"","msps":[],"endorsementPolicy":{"type":"n-of","n":0,"mspIds":["A"]},"extra":1}""");

        Parse(json).ShouldFailWith(
            "/trustAnchors/channel invalid-format",
            "/trustAnchors/chaincode required",
            "/trustAnchors/msps required",
            "/trustAnchors/endorsementPolicy/n out-of-range",
            "/trustAnchors/extra unknown-member");
    }

    [Fact]
    public void Parse_ChannelAtLengthLimit_SucceedsAndOneOverFails()
    {
        Parse(JsonEdit.With(Sample(), "/channel", $"\"{new string('c', 249)}\"")).ShouldSucceedAs<FabricTrustAnchors>();
        Parse(JsonEdit.With(Sample(), "/channel", $"\"{new string('c', 250)}\"")).ShouldFailWith("/trustAnchors/channel too-long");
    }

    [Fact]
    public void Parse_ChaincodeAtLengthLimit_SucceedsAndOneOverFails()
    {
        Parse(JsonEdit.With(Sample(), "/chaincode", $"\"{new string('C', 255)}\"")).ShouldSucceedAs<FabricTrustAnchors>();
        Parse(JsonEdit.With(Sample(), "/chaincode", $"\"{new string('C', 256)}\"")).ShouldFailWith("/trustAnchors/chaincode too-long");
    }

    [Fact]
    public void Parse_LeafCertificateIssuedByCa_RejectedAsNotCa()
    {
        var json = JsonEdit.With(Sample(), "/msps/0/rootCertificates/-", JsonSerializer.Serialize(TestCertificates.LeafPem()));

        var result = Parse(json);

        result.ShouldFailWith("/trustAnchors/msps/0/rootCertificates/1 invalid-certificate");
        var issue = result.Validation.Errors.Single();
        issue.Code.ShouldBe(TrustAnchorCodes.InvalidCertificate);
        issue.Message.ShouldContain("peer0.carrier.example.com");
        issue.Message.ShouldContain("not a CA certificate");
    }

    [Fact]
    public void Parse_CertificateWithoutBasicConstraints_RejectedAsNotCa()
    {
        var json = JsonEdit.With(Sample(), "/msps/1/rootCertificates/0", JsonSerializer.Serialize(TestCertificates.NoBasicConstraintsPem()));

        var result = Parse(json);

        result.ShouldFailWith("/trustAnchors/msps/1/rootCertificates/0 invalid-certificate");
        result.Validation.Errors.Single().Message.ShouldContain("not a CA certificate");
    }

    [Fact]
    public void Parse_PrivateKeyPemInsteadOfCertificate_Rejected()
    {
        var json = JsonEdit.With(Sample(), "/msps/0/rootCertificates/0", JsonSerializer.Serialize(TestCertificates.PrivateKeyPem()));

        var result = Parse(json);

        result.ShouldFailWith("/trustAnchors/msps/0/rootCertificates/0 invalid-certificate");
        result.Validation.Errors.Single().Message.ShouldContain("PRIVATE KEY");
    }

    [Fact]
    public void Parse_TwoCertificatesInOneEntry_Rejected()
    {
        var bundle = TestCertificates.BankCaPem + "\n" + TestCertificates.BankCa2Pem;
        var json = JsonEdit.With(Sample(), "/msps/1/rootCertificates/0", JsonSerializer.Serialize(bundle));

        var result = Parse(json);

        result.ShouldFailWith("/trustAnchors/msps/1/rootCertificates/0 invalid-certificate");
        result.Validation.Errors.Single().Message.ShouldContain("more than one");
    }

    [Fact]
    public void Parse_PemWrappingNonCertificateBytes_Rejected()
    {
        var pem = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String("not DER at all"u8) + "\n-----END CERTIFICATE-----\n";
        var json = JsonEdit.With(Sample(), "/msps/0/rootCertificates/0", JsonSerializer.Serialize(pem));

        var result = Parse(json);

        result.ShouldFailWith("/trustAnchors/msps/0/rootCertificates/0 invalid-certificate");
        result.Validation.Errors.Single().Message.ShouldContain("not a valid X.509 certificate");
    }

    [Fact]
    public void Parse_DuplicateMember_ReportsDuplicate()
    {
        var json = JsonEdit.Parse("""{"channel":"a","channel":"b","chaincode":"cc","msps":[],"endorsementPolicy":{}}""");

        var result = Parse(json);

        result.Validation.Errors.ShouldContain(e => e.Path == "/trustAnchors/channel" && e.Code == ValidationCodes.Duplicate);
    }

    [Theory]
    [InlineData("[]", ValidationCodes.InvalidFormat)]
    [InlineData("\"anchors\"", ValidationCodes.InvalidFormat)]
    [InlineData("null", ValidationCodes.Required)]
    public void Parse_NotAnObject_ReportsPrefixPointer(string json, string code)
    {
        Parse(JsonEdit.Parse(json)).ShouldFailWith($"/trustAnchors {code}");
    }

    [Fact]
    public void Parse_UndefinedElement_ReportsRequired()
    {
        Parse(default).ShouldFailWith("/trustAnchors required");
    }

    [Fact]
    public void Parse_EmptyPointerPrefix_UsesRootPointers()
    {
        var result = TrustAnchorsJson.Parse(NetworkKind.Fabric, JsonEdit.With(Sample(), "/msps/0/mspId", "\"\""), string.Empty);

        result.ShouldFailWith("/msps/0/mspId required", "/endorsementPolicy/mspIds/0 unknown-value");
    }

    [Fact]
    public void ToJson_ParsedAnchors_RoundTripsIdentically()
    {
        var input = JsonEdit.Element(Sample());
        var anchors = Parse(input).ShouldSucceedAs<FabricTrustAnchors>();

        var written = TrustAnchorsJson.ToJson(anchors);
        var reread = Parse(written).ShouldSucceedAs<FabricTrustAnchors>();

        JsonElement.DeepEquals(written, input).ShouldBeTrue(written.GetRawText());
        TrustAnchorsJson.ToJson(reread).GetRawText().ShouldBe(written.GetRawText());
        written.TryGetProperty("kind", out _).ShouldBeFalse();
        written.GetProperty("endorsementPolicy").GetProperty("type").GetString().ShouldBe("n-of");
    }

    private static JsonObject SignatureSample()
    {
        var sample = Sample();
        sample["endorsementPolicy"] = JsonNode.Parse("""
            {"type":"signature",
             "identities":[{"mspId":"CarrierMSP","role":"peer"},{"mspId":"BankMSP","role":"peer"},{"mspId":"BankMSP","role":"admin"}],
             "rule":{"nOutOf":{"n":2,"rules":[{"signedBy":0},{"nOutOf":{"n":1,"rules":[{"signedBy":1},{"signedBy":2}]}}]}}}
            """);
        return sample;
    }

    [Fact]
    public void Parse_SignaturePolicy_ReturnsPrincipalsAndNestedRule()
    {
        var policy = Parse(JsonEdit.Element(SignatureSample())).ShouldSucceedAs<FabricTrustAnchors>().EndorsementPolicy;

        policy.Type.ShouldBe(FabricEndorsementPolicy.SignatureType);
        policy.Identities!.Select(p => p.ToString()).ShouldBe(["CarrierMSP.peer", "BankMSP.peer", "BankMSP.admin"]);
        policy.Rule!.NOutOf!.N.ShouldBe(2);
        policy.Rule.NOutOf.Rules[1].NOutOf!.Rules.Select(r => r.SignedBy).ShouldBe([1, 2]);
        policy.Organizations.ShouldBe(["CarrierMSP", "BankMSP"]);
        policy.ToString().ShouldBe("OutOf(2, 'CarrierMSP.peer', OutOf(1, 'BankMSP.peer', 'BankMSP.admin'))");
    }

    [Fact]
    public void ToJson_SignaturePolicy_RoundTripsIdentically()
    {
        var input = JsonEdit.Element(SignatureSample());

        var written = TrustAnchorsJson.ToJson(Parse(input).ShouldSucceedAs<FabricTrustAnchors>());

        JsonElement.DeepEquals(written, input).ShouldBeTrue(written.GetRawText());
    }

    [Fact]
    public void AsSignaturePolicy_NOf_IsNOutOfSignedByOverMemberPrincipals()
    {
        var policy = new FabricEndorsementPolicy(FabricEndorsementPolicy.NOfType, 2, ["CarrierMSP", "BankMSP", "CustomsMSP"]);

        var (identities, rule) = policy.AsSignaturePolicy()!.Value;

        identities.ShouldBe([new("CarrierMSP", "member"), new("BankMSP", "member"), new("CustomsMSP", "member")]);
        rule.NOutOf!.N.ShouldBe(2);
        rule.NOutOf.Rules.Select(r => r.SignedBy).ShouldBe([0, 1, 2]);
        policy.ToString().ShouldBe("OutOf(2, 'CarrierMSP.member', 'BankMSP.member', 'CustomsMSP.member')");
    }

    [Theory]
    [InlineData("/endorsementPolicy/identities", "[]", "/trustAnchors/endorsementPolicy/identities required")]
    [InlineData("/endorsementPolicy/identities", null, "/trustAnchors/endorsementPolicy/identities required")]
    [InlineData("/endorsementPolicy/identities/0/role", "\"endorser\"", "/trustAnchors/endorsementPolicy/identities/0/role unknown-value")]
    [InlineData("/endorsementPolicy/identities/0/role", "\"Peer\"", "/trustAnchors/endorsementPolicy/identities/0/role unknown-value")]
    [InlineData("/endorsementPolicy/identities/0/role", null, "/trustAnchors/endorsementPolicy/identities/0/role required")]
    [InlineData("/endorsementPolicy/identities/1/mspId", "\"CustomsMSP\"", "/trustAnchors/endorsementPolicy/identities/1/mspId unknown-value")]
    [InlineData("/endorsementPolicy/identities/1/ou", "\"x\"", "/trustAnchors/endorsementPolicy/identities/1/ou unknown-member")]
    [InlineData("/endorsementPolicy/rule", null, "/trustAnchors/endorsementPolicy/rule required")]
    [InlineData("/endorsementPolicy/rule", "{}", "/trustAnchors/endorsementPolicy/rule invalid-format")]
    [InlineData("/endorsementPolicy/rule", "{\"signedBy\":0,\"nOutOf\":{\"n\":1,\"rules\":[{\"signedBy\":1}]}}", "/trustAnchors/endorsementPolicy/rule invalid-format")]
    [InlineData("/endorsementPolicy/rule", "{\"signedBy\":3}", "/trustAnchors/endorsementPolicy/rule/signedBy out-of-range")]
    [InlineData("/endorsementPolicy/rule", "{\"signedBy\":-1}", "/trustAnchors/endorsementPolicy/rule/signedBy out-of-range")]
    [InlineData("/endorsementPolicy/rule", "{\"signedBy\":\"0\"}", "/trustAnchors/endorsementPolicy/rule/signedBy invalid-format")]
    [InlineData("/endorsementPolicy/rule", "{\"signed_by\":0}", "/trustAnchors/endorsementPolicy/rule/signed_by unknown-member", "/trustAnchors/endorsementPolicy/rule invalid-format")]
    [InlineData("/endorsementPolicy/rule/nOutOf/n", "0", "/trustAnchors/endorsementPolicy/rule/nOutOf/n out-of-range")]
    [InlineData("/endorsementPolicy/rule/nOutOf/n", "3", "/trustAnchors/endorsementPolicy/rule/nOutOf/n out-of-range")]
    [InlineData("/endorsementPolicy/rule/nOutOf/rules", "[]", "/trustAnchors/endorsementPolicy/rule/nOutOf/rules required")]
    [InlineData("/endorsementPolicy/rule/nOutOf/rules/1/nOutOf/rules/0/signedBy", "9", "/trustAnchors/endorsementPolicy/rule/nOutOf/rules/1/nOutOf/rules/0/signedBy out-of-range")]
    [InlineData("/endorsementPolicy/rule/nOutOf/rules/1/nOutOf/n", "2.5", "/trustAnchors/endorsementPolicy/rule/nOutOf/rules/1/nOutOf/n invalid-format")]
    [InlineData("/endorsementPolicy/n", "2", "/trustAnchors/endorsementPolicy/n unknown-member")]
    [InlineData("/endorsementPolicy/type", "\"majority\"", "/trustAnchors/endorsementPolicy/type unknown-value")]
    public void Parse_InvalidSignaturePolicy_NamesTheField(string pointer, string? json, params string[] expected)
    {
        Parse(JsonEdit.With(SignatureSample(), pointer, json)).ShouldFailWith(expected);
    }

    [Fact]
    public void Parse_SignaturePolicyNestedTooDeep_IsTooDeep()
    {
        var rule = "{\"signedBy\":0}";
        for (var i = 0; i < 16; i++)
        {
            rule = $"{{\"nOutOf\":{{\"n\":1,\"rules\":[{rule}]}}}}";
        }

        var result = Parse(JsonEdit.With(SignatureSample(), "/endorsementPolicy/rule", rule));

        result.Validation.Errors.ShouldContain(e => e.Code == ValidationCodes.TooDeep, string.Join("; ", result.Validation.Issues));
    }
}
