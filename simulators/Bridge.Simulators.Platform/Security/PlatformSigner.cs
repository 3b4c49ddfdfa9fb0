using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Json;

namespace Bridge.Simulators.Platform.Security;

/// <summary>
/// The platform's ES256 key (RFC 7518 §3.4: ECDSA P-256 with SHA-256, the signature as the 64-byte R || S form, which
/// .NET calls <see cref="DSASignatureFormat.IeeeP1363FixedFieldConcatenation"/>), used for access tokens (JWT, RFC 7519
/// over a JWS compact serialization, RFC 7515 §7.1) and for detached attestations (RFC 7515 Appendix F). The key id is
/// the RFC 7638 JWK thumbprint.
/// </summary>
internal sealed class PlatformSigner : IDisposable
{
    /// <summary>The <c>typ</c> of attestation headers (docs/platform.md "Attestations").</summary>
    public const string AttestationType = "platform-attestation+jws";

    private readonly ECDsa _key;
    private readonly string _x;
    private readonly string _y;

    public PlatformSigner(ECDsa key, string issuer)
    {
        _key = key;
        Issuer = issuer;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        _x = Base64Url.Encode(parameters.Q.X);
        _y = Base64Url.Encode(parameters.Q.Y);
        KeyId = Thumbprint(_x, _y);
    }

    public string KeyId { get; }

    public string Issuer { get; }

    /// <summary>RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace, base64url.</summary>
    internal static string Thumbprint(string x, string y) =>
        Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));

    /// <summary>The JWK Set (RFC 7517 §5) with the one public key.</summary>
    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = _x,
            ["y"] = _y,
            ["kid"] = KeyId,
            ["use"] = "sig",
            ["alg"] = "ES256",
        }),
    };

    /// <summary>A JWT (RFC 7519) signed with ES256; header <c>{"alg":"ES256","typ":"JWT","kid"}</c>.</summary>
    public string CreateJwt(JsonObject claims)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signingInput = Base64Url.Encode(Utf8(header)) + "." + Base64Url.Encode(Utf8(claims));
        return signingInput + "." + Base64Url.Encode(Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// Checks a JWT this platform issued: three parts, header alg ES256 and our kid, the signature, <c>iss</c>, and
    /// <c>exp</c> strictly after <paramref name="now"/> (RFC 7519 §4.1.4). Returns the claims or null.
    /// </summary>
    public JsonObject? ValidateJwt(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3
            || !Base64Url.TryDecode(parts[0], out var headerBytes)
            || !Base64Url.TryDecode(parts[1], out var claimBytes)
            || !Base64Url.TryDecode(parts[2], out var signature))
        {
            return null;
        }

        if (ParseObject(headerBytes) is not { } header
            || header["alg"]?.GetValueKind() != JsonValueKind.String || (string?)header["alg"] != "ES256"
            || header["kid"]?.GetValueKind() != JsonValueKind.String || (string?)header["kid"] != KeyId)
        {
            return null;
        }

        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (signature.Length != 64 || !_key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return null;
        }

        if (ParseObject(claimBytes) is not { } claims
            || claims["iss"]?.GetValueKind() != JsonValueKind.String || (string?)claims["iss"] != Issuer
            || claims["exp"]?.GetValueKind() != JsonValueKind.Number || claims["exp"]!.GetValue<long>() <= now.ToUnixTimeSeconds())
        {
            return null;
        }

        return claims;
    }

    /// <summary>
    /// The detached attestation of a JSON object: a JWS compact serialization with an empty payload part (RFC 7515
    /// Appendix F) whose payload is the RFC 8785 canonical form of the object without its <c>attestation</c> member.
    /// </summary>
    public string AttestObject(JsonObject value, DateTimeOffset now)
    {
        var copy = value.DeepClone().AsObject();
        copy.Remove("attestation");
        return AttestBytes(Jcs.Canonicalize(Utf8(copy)), now);
    }

    /// <summary>A detached attestation over <paramref name="payload"/> (document content: the exact bytes).</summary>
    public string AttestBytes(ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        var header = new JsonObject
        {
            ["alg"] = "ES256",
            ["kid"] = KeyId,
            ["iss"] = Issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["typ"] = AttestationType,
        };
        var encodedHeader = Base64Url.Encode(Utf8(header));
        var signingInput = Encoding.ASCII.GetBytes(encodedHeader + "." + Base64Url.Encode(payload));
        return encodedHeader + ".." + Base64Url.Encode(Sign(signingInput));
    }

    /// <summary>A copy of <paramref name="value"/> with its <c>attestation</c> member set.</summary>
    public JsonObject Attested(JsonObject value, DateTimeOffset now)
    {
        var copy = value.DeepClone().AsObject();
        copy.Remove("attestation");
        copy["attestation"] = AttestObject(copy, now);
        return copy;
    }

    public void Dispose() => _key.Dispose();

    private byte[] Sign(byte[] signingInput) =>
        _key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static JsonObject? ParseObject(byte[] utf8)
    {
        try
        {
            return JsonNode.Parse(utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
