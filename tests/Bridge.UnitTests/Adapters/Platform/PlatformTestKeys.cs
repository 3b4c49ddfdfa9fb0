using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Json;

namespace Bridge.UnitTests.Adapters.Platform;

/// <summary>
/// A platform signing key for tests and an attestation signer written independently of the code under test: the JWS
/// steps of RFC 7515 §5.1 with the BCL's base64 and ECDSA (P1363 form, RFC 7518 §3.4), the payload being the RFC 8785
/// bytes of the object without its attestation.
/// </summary>
internal sealed class PlatformTestKeys : IDisposable
{
    public const string Issuer = "http://platform.test/";
    public const string Kid = "platform-key-1";

    public PlatformTestKeys(string kid = Kid)
    {
        KeyId = kid;
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = Key.ExportParameters(false).Q;
        Jwk = new JsonWebKey("EC", kid, new Dictionary<string, JsonElement>
        {
            ["crv"] = JsonSerializer.SerializeToElement("P-256"),
            ["x"] = JsonSerializer.SerializeToElement(B64Url(q.X!)),
            ["y"] = JsonSerializer.SerializeToElement(B64Url(q.Y!)),
            ["use"] = JsonSerializer.SerializeToElement("sig"),
            ["alg"] = JsonSerializer.SerializeToElement("ES256"),
        });
        Anchors = new PlatformTrustAnchors(Issuer, new JsonWebKeySet([Jwk]));
    }

    public string KeyId { get; }

    public ECDsa Key { get; }

    public JsonWebKey Jwk { get; }

    public PlatformTrustAnchors Anchors { get; }

    public static string B64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromB64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - (s.Length % 4)) % 4));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The JCS bytes of <paramref name="attested"/> without attestation.</summary>
    public static byte[] Payload(JsonObject attested)
    {
        var copy = (JsonObject)attested.DeepClone();
        copy.Remove("attestation");
        return Jcs.Canonicalize(Encoding.UTF8.GetBytes(copy.ToJsonString()));
    }

    public string Header(string alg = "ES256", string? kid = null, string issuer = Issuer, string typ = "platform-attestation+jws") =>
        new JsonObject { ["alg"] = alg, ["kid"] = kid ?? KeyId, ["iss"] = issuer, ["iat"] = 1_700_000_000, ["typ"] = typ }.ToJsonString();

    /// <summary>A detached JWS over <paramref name="payload"/> with <paramref name="headerJson"/>.</summary>
    public string Sign(ReadOnlySpan<byte> payload, string? headerJson = null)
    {
        var header = B64Url(Encoding.UTF8.GetBytes(headerJson ?? Header()));
        var input = Encoding.ASCII.GetBytes(header + "." + B64Url(payload));
        var signature = Key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return header + ".." + B64Url(signature);
    }

    /// <summary><paramref name="unsigned"/> with its attestation member added.</summary>
    public JsonObject Attest(JsonObject unsigned, string? headerJson = null)
    {
        var copy = (JsonObject)unsigned.DeepClone();
        copy["attestation"] = Sign(Payload(unsigned), headerJson);
        return copy;
    }

    public void Dispose() => Key.Dispose();
}
