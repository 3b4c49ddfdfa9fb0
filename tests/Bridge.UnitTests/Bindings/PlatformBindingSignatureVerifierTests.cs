using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Bindings;

namespace Bridge.UnitTests.Bindings;

[Trait("Category", "Unit")]
public sealed class PlatformBindingSignatureVerifierTests : IDisposable
{
    private const string Issuer = "http://platform.test";
    private const string Kid = "platform-key-1";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly PlatformBindingSignatureVerifier _verifier = new();
    private readonly PlatformTrustAnchors _anchors;
    private readonly PlatformBoundIdentity _identity = new(Issuer, "org-carrier");
    private readonly IdentityBindingStatement _statement;

    public PlatformBindingSignatureVerifierTests()
    {
        var q = _key.ExportParameters(false).Q;
        var jwk = new JsonWebKey("EC", Kid, new Dictionary<string, JsonElement>
        {
            ["crv"] = JsonSerializer.SerializeToElement("P-256"),
            ["x"] = JsonSerializer.SerializeToElement(B64(q.X!)),
            ["y"] = JsonSerializer.SerializeToElement(B64(q.Y!)),
            ["alg"] = JsonSerializer.SerializeToElement("ES256"),
        });
        _anchors = new PlatformTrustAnchors(Issuer, new JsonWebKeySet([jwk]));
        _statement = BindingTestData.Statement("Carrier", _identity);
    }

    [Fact]
    public void Verify_MembershipStatementOfTheOrganisationAndDigest_IsValid()
    {
        var verdict = _verifier.Verify(_statement, _identity, Jwt(Claims()), _anchors);

        var valid = verdict.ShouldBeOfType<BindingSignatureVerdict.Valid>();
        valid.Signer.ShouldBe(Kid);
        valid.NotAfter.ShouldBe(_statement.IssuedAt.AddDays(30));
    }

    [Fact]
    public void Verify_StatementOfAnotherOrganisation_IsWrongOrganization() =>
        Code(Jwt(Claims(org: "org-bank"))).ShouldBe(BindingSignatureCodes.WrongOrganization);

    [Fact]
    public void Verify_StatementAboutAnotherDigest_IsDigestMismatch()
    {
        var other = BindingTestData.Statement("Someone else", _identity);

        Code(Jwt(Claims(digest: other.DigestHex))).ShouldBe(BindingSignatureCodes.DigestMismatch);
        Code(Jwt(Claims(digest: _statement.DigestHex.ToUpperInvariant()))).ShouldBe(BindingSignatureCodes.DigestMismatch);
    }

    [Fact]
    public void Verify_ExpiredBeforeIssuedAt_IsExpired()
    {
        Code(Jwt(Claims(exp: _statement.IssuedAt.ToUnixTimeSeconds()))).ShouldBe(BindingSignatureCodes.Expired);
        _verifier.Verify(_statement, _identity, Jwt(Claims(exp: _statement.IssuedAt.ToUnixTimeSeconds() + 1)), _anchors).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_AlgNone_IsUnsupportedAlgorithm()
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = Kid };

        Code(Jwt(Claims(), header)).ShouldBe(BindingSignatureCodes.UnsupportedAlgorithm);
        Code(Jwt(Claims(), header)[..(Jwt(Claims(), header).LastIndexOf('.') + 1)]).ShouldBe(BindingSignatureCodes.MalformedSignature); // unsigned "a.b."
        Code(Jwt(Claims(), new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = Kid })).ShouldBe(BindingSignatureCodes.UnsupportedAlgorithm);
    }

    [Fact]
    public void Verify_KeyNotInTheJwks_IsBadSignatureOrUntrusted()
    {
        Code(Jwt(Claims(), signer: _stranger)).ShouldBe(BindingSignatureCodes.BadSignature);
        Code(Jwt(Claims(), new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = "other" })).ShouldBe(BindingSignatureCodes.UntrustedSigner);
    }

    [Fact]
    public void Verify_OtherTokenTypes_AreNotMembershipStatements()
    {
        Code(Jwt(Claims(tokenUse: "solution"))).ShouldBe(BindingSignatureCodes.WrongStatementType);
        Code(Jwt(Claims(), new JsonObject { ["alg"] = "ES256", ["typ"] = "platform-attestation+jws", ["kid"] = Kid })).ShouldBe(BindingSignatureCodes.WrongStatementType);
    }

    [Fact]
    public void Verify_OtherIssuer_IsWrongIssuer()
    {
        Code(Jwt(Claims(issuer: "http://evil.test"))).ShouldBe(BindingSignatureCodes.WrongIssuer);
        var elsewhere = new PlatformBoundIdentity("http://elsewhere.test", "org-carrier");
        var statement = BindingTestData.Statement("Carrier", elsewhere);
        _verifier.Verify(statement, elsewhere, Jwt(Claims(digest: statement.DigestHex)), _anchors)
            .ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code.ShouldBe(BindingSignatureCodes.WrongIssuer);
    }

    [Fact]
    public void Verify_TamperedOrNotCompact_IsRefused()
    {
        var jwt = Jwt(Claims());
        var parts = jwt.Split('.');
        var tampered = parts[0] + "." + B64(Encoding.UTF8.GetBytes(Claims(org: "org-carrier").ToJsonString().Replace("carrier", "bank", StringComparison.Ordinal))) + "." + parts[2];

        Code(tampered).ShouldBe(BindingSignatureCodes.BadSignature);
        Code(parts[0] + ".." + parts[2]).ShouldBe(BindingSignatureCodes.MalformedSignature);
        Code(jwt + "=").ShouldBe(BindingSignatureCodes.MalformedSignature);
        Code("garbage").ShouldBe(BindingSignatureCodes.MalformedSignature);
    }

    public void Dispose()
    {
        _key.Dispose();
        _stranger.Dispose();
    }

    private JsonObject Claims(string? org = null, string? digest = null, long? exp = null, string tokenUse = "membership-statement", string issuer = Issuer) => new()
    {
        ["iss"] = issuer,
        ["sub"] = "user-1",
        ["org_id"] = org ?? _identity.OrganizationId,
        ["statement_digest"] = digest ?? _statement.DigestHex,
        ["iat"] = _statement.IssuedAt.ToUnixTimeSeconds(),
        ["exp"] = exp ?? _statement.IssuedAt.AddDays(30).ToUnixTimeSeconds(),
        ["token_use"] = tokenUse,
    };

    /// <summary>A JWS compact serialization (RFC 7515 §7.1) signed ES256 with the BCL.</summary>
    private string Jwt(JsonObject claims, JsonObject? header = null, ECDsa? signer = null)
    {
        header ??= new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = Kid };
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = (signer ?? _key).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + B64(signature);
    }

    private static string B64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string Code(string signature) =>
        _verifier.Verify(_statement, _identity, signature, _anchors).ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code;
}
