using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Canonical.Json;
using Bridge.Simulators.Platform.Security;
using B64 = System.Buffers.Text.Base64Url;

namespace Bridge.UnitTests.Simulators.Platform;

[Trait("Category", "Unit")]
public sealed class PlatformSignerTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ValidateJwt_OwnToken_ReturnsClaimsUntilExpiry()
    {
        using var signer = NewSigner();
        var token = signer.CreateJwt(new JsonObject { ["iss"] = signer.Issuer, ["sub"] = "u", ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds() });
        ((string)signer.ValidateJwt(token, Now)!["sub"]!).ShouldBe("u");
        signer.ValidateJwt(token, Now.AddMinutes(5)).ShouldBeNull();
    }

    [Fact]
    public void ValidateJwt_TamperedOrForeign_ReturnsNull()
    {
        using var signer = NewSigner();
        var token = signer.CreateJwt(new JsonObject { ["iss"] = signer.Issuer, ["sub"] = "u", ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds() });
        var parts = token.Split('.');
        var forged = B64.EncodeToString(Encoding.UTF8.GetBytes($$"""{"iss":"{{signer.Issuer}}","sub":"admin","exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}}}"""));
        signer.ValidateJwt($"{parts[0]}.{forged}.{parts[2]}", Now).ShouldBeNull();
        using var other = new PlatformSigner(new SeedDerivation("other").SigningKey("k"), signer.Issuer);
        signer.ValidateJwt(other.CreateJwt(new JsonObject { ["iss"] = signer.Issuer, ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds() }), Now).ShouldBeNull();
        signer.ValidateJwt("not.a.jwt", Now).ShouldBeNull();
    }

    [Fact]
    public void AttestObject_Verified_IndependentlyWithJwksAndJcs()
    {
        using var signer = NewSigner();
        var value = new JsonObject { ["b"] = 1, ["a"] = "x", ["attestation"] = "ignored" };
        var jws = signer.AttestObject(value, Now);
        var jwk = signer.Jwks()["keys"]![0]!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = B64.DecodeFromChars((string)jwk["x"]!), Y = B64.DecodeFromChars((string)jwk["y"]!) },
        });
        var parts = jws.Split('.');
        parts[1].ShouldBeEmpty();
        var header = JsonNode.Parse(B64.DecodeFromChars(parts[0]))!;
        ((string)header["kid"]!).ShouldBe((string)jwk["kid"]!);
        ((long)header["iat"]!).ShouldBe(Now.ToUnixTimeSeconds());
        var payload = """{"a":"x","b":1}"""u8.ToArray(); // RFC 8785 order, written by hand
        Jcs.Canonicalize("""{"b":1,"a":"x"}"""u8).ShouldBe(payload);
        var input = Encoding.ASCII.GetBytes(parts[0] + "." + B64.EncodeToString(payload));
        var signature = B64.DecodeFromChars(parts[2]);
        signature.Length.ShouldBe(64);
        key.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).ShouldBeTrue();
        input[^1] ^= 1;
        key.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).ShouldBeFalse();
    }

    [Fact]
    public void Thumbprint_Kid_IsRfc7638OverRequiredMembers()
    {
        using var signer = NewSigner();
        var jwk = signer.Jwks()["keys"]![0]!;
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{(string)jwk["x"]!}}","y":"{{(string)jwk["y"]!}}"}""";
        ((string)jwk["kid"]!).ShouldBe(B64.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    private static PlatformSigner NewSigner() => new(new SeedDerivation("unit").SigningKey("platform-signing-key"), "http://127.0.0.1:1");
}
