using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.UnitTests.Adapters.Trust;

[Trait("Category", "Unit")]
public sealed class PlatformTrustAnchorsTests
{
    private static JsonObject Sample() => new()
    {
        ["issuer"] = "https://platform.example.com/",
        ["jwks"] = new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject
                {
                    ["kty"] = "EC",
                    ["kid"] = "platform-2025",
                    ["use"] = "sig",
                    ["alg"] = "ES256",
                    ["crv"] = "P-256",
                    ["x"] = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                    ["y"] = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
                },
                new JsonObject
                {
                    ["kty"] = "RSA",
                    ["kid"] = "platform-rsa",
                    ["n"] = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
                    ["e"] = "AQAB",
                    ["x5t#S256"] = "Z3r7bMzE9d6r9Dkb3lYvbQ",
                }),
        },
    };

    private static TrustAnchorsParseResult Parse(JsonElement json) => TrustAnchorsJson.Parse(NetworkKind.Platform, json, "/trustAnchors");

    [Fact]
    public void Parse_ValidSample_ReturnsTypedAnchorsWithAllKeyMembers()
    {
        var anchors = Parse(JsonEdit.Element(Sample())).ShouldSucceedAs<PlatformTrustAnchors>();

        anchors.Kind.ShouldBe(NetworkKind.Platform);
        anchors.Issuer.ShouldBe("https://platform.example.com/");
        anchors.Jwks.Keys.Select(k => (k.Kty, k.Kid)).ShouldBe([("EC", "platform-2025"), ("RSA", "platform-rsa")]);
        anchors.Jwks.Keys[0].Parameters.Keys.ShouldBe(["use", "alg", "crv", "x", "y"]);
        anchors.Jwks.Keys[0].Parameters["crv"].GetString().ShouldBe("P-256");
        anchors.Jwks.Keys[1].Parameters["e"].GetString().ShouldBe("AQAB");
        anchors.Jwks.Keys[1].Parameters.ContainsKey("x5t#S256").ShouldBeTrue();
    }

    [Theory]
    [InlineData("/issuer", "\"http://localhost:5080\"")]
    [InlineData("/jwks/keys/0/kty", "\"OKP\"")]
    [InlineData("/jwks/keys/1", null)]
    [InlineData("/jwks/keys/0/ext", "{\"nested\":[1,2,{\"deep\":true}]}")]
    public void Parse_EdgeValidValue_Succeeds(string pointer, string? json)
    {
        Parse(JsonEdit.With(Sample(), pointer, json)).ShouldSucceedAs<PlatformTrustAnchors>();
    }

    [Theory]
    [InlineData("/issuer", null, "/trustAnchors/issuer required")]
    [InlineData("/issuer", "\"\"", "/trustAnchors/issuer required")]
    [InlineData("/issuer", "5", "/trustAnchors/issuer invalid-format")]
    [InlineData("/issuer", "\"platform.example.com\"", "/trustAnchors/issuer invalid-format")]
    [InlineData("/issuer", "\"/relative/path\"", "/trustAnchors/issuer invalid-format")]
    [InlineData("/issuer", "\"ftp://platform.example.com/\"", "/trustAnchors/issuer invalid-format")]
    [InlineData("/jwks", null, "/trustAnchors/jwks required")]
    [InlineData("/jwks", "[]", "/trustAnchors/jwks invalid-format")]
    [InlineData("/jwks/keys", null, "/trustAnchors/jwks/keys required")]
    [InlineData("/jwks/keys", "[]", "/trustAnchors/jwks/keys required")]
    [InlineData("/jwks/keys", "{}", "/trustAnchors/jwks/keys invalid-format")]
    [InlineData("/jwks/keys/0", "\"platform-2025\"", "/trustAnchors/jwks/keys/0 invalid-format")]
    [InlineData("/jwks/keys/0/kty", null, "/trustAnchors/jwks/keys/0/kty required")]
    [InlineData("/jwks/keys/0/kty", "\"oct\"", "/trustAnchors/jwks/keys/0/kty unknown-value")]
    [InlineData("/jwks/keys/0/kty", "\"ec\"", "/trustAnchors/jwks/keys/0/kty unknown-value")]
    [InlineData("/jwks/keys/0/kty", "1", "/trustAnchors/jwks/keys/0/kty invalid-format")]
    [InlineData("/jwks/keys/0/kid", null, "/trustAnchors/jwks/keys/0/kid required")]
    [InlineData("/jwks/keys/0/kid", "\"  \"", "/trustAnchors/jwks/keys/0/kid required")]
    [InlineData("/jwks/keys/1/kid", "\"platform-2025\"", "/trustAnchors/jwks/keys/1/kid duplicate")]
    [InlineData("/jwks/keys/0/d", "\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"", "/trustAnchors/jwks/keys/0/d private-key-material")]
    [InlineData("/jwks/keys/1/p", "\"83i-7IvMGXoMXCskv73TKr8637FiO7Z27zv8oj6pbWUQyLPQBQxtPVnwD20R-60eTDmD2ujnMt5PoqMrm8RfmNhVWDtjjMmCMjOpSXicFHj7XOuVIYQyqVWlWEh6dN36GVZYk93N8Bc9vY41xy8B9RzzOGVQzXvNEvn7O0nVbfs\"", "/trustAnchors/jwks/keys/1/p private-key-material")]
    [InlineData("/jwks/x5u", "\"https://platform.example.com/jwks\"", "/trustAnchors/jwks/x5u unknown-member")]
    [InlineData("/webhookSecret", "\"s3cret\"", "/trustAnchors/webhookSecret unknown-member")]
    public void Parse_InvalidValue_ReportsPointerAndCode(string pointer, string? json, params string[] expected)
    {
        Parse(JsonEdit.With(Sample(), pointer, json)).ShouldFailWith(expected);
    }

    [Fact]
    public void ToJson_ParsedAnchors_RoundTripsKeysLosslessly()
    {
        var input = JsonEdit.With(Sample(), "/jwks/keys/0/ext", "{\"nested\":[1,2.50,{\"deep\":true}]}");
        var anchors = Parse(input).ShouldSucceedAs<PlatformTrustAnchors>();

        var written = TrustAnchorsJson.ToJson(anchors);

        written.GetRawText().ShouldBe(input.GetRawText());
        var reread = Parse(written).ShouldSucceedAs<PlatformTrustAnchors>();
        TrustAnchorsJson.ToJson(reread).GetRawText().ShouldBe(written.GetRawText());
    }

    [Fact]
    public void ToJson_ConstructedAnchors_WritesFlatJwk()
    {
        var anchors = new PlatformTrustAnchors(
            "https://platform.example.com/",
            new JsonWebKeySet([new JsonWebKey("OKP", "ed-1", new Dictionary<string, JsonElement> { ["crv"] = JsonEdit.Parse("\"Ed25519\""), ["x"] = JsonEdit.Parse("\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"") })]));

        var written = TrustAnchorsJson.ToJson(anchors);

        written.GetRawText().ShouldBe(
            """{"issuer":"https://platform.example.com/","jwks":{"keys":[{"kty":"OKP","kid":"ed-1","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}}""");
        Parse(written).ShouldSucceedAs<PlatformTrustAnchors>().Jwks.Keys.Single().Kid.ShouldBe("ed-1");
    }

    [Fact]
    public void Parse_AnchorsOfAnotherKind_RejectsTheirMembers()
    {
        var ethereum = JsonEdit.Parse("""{"chainId":1,"contracts":{"a":"0x5FbDB2315678afecb367f032d93F642f64180aa3"},"finality":{"confirmations":1}}""");

        Parse(ethereum).ShouldFailWith(
            "/trustAnchors/chainId unknown-member",
            "/trustAnchors/contracts unknown-member",
            "/trustAnchors/finality unknown-member",
            "/trustAnchors/issuer required",
            "/trustAnchors/jwks required");
    }
}
