using System.Text.Json;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>Reads and validates <see cref="PlatformTrustAnchors"/>.</summary>
internal static class PlatformTrustAnchorsReader
{
    private static readonly string[] Members = ["issuer", "jwks"];
    private static readonly string[] JwksMembers = ["keys"];
    private static readonly string[] KeyTypes = ["EC", "RSA", "OKP"];

    // JWK members that hold private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    public static PlatformTrustAnchors? Read(JsonElement json, string pointer, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(json, pointer, issues, "platform trust anchors", Members);
        if (reader is null)
        {
            return null;
        }

        var issuer = reader.String("issuer");
        if (issuer is not null
            && !(Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            issues.Error(reader.PointerOf("issuer"), ValidationCodes.InvalidFormat, "must be an absolute http or https URI");
            issuer = null;
        }

        var jwks = ReadJwks(reader, issues);
        return issuer is null || jwks is null ? null : new PlatformTrustAnchors(issuer, jwks);
    }

    private static JsonWebKeySet? ReadJwks(JsonObjectReader reader, ValidationCollector issues)
    {
        if (reader.Member("jwks") is not { } element)
        {
            return null;
        }

        var jwks = JsonObjectReader.Open(element, reader.PointerOf("jwks"), issues, "a JWK set", JwksMembers);
        if (jwks?.Array("keys", nonEmpty: true, "at least one key is required") is not { } array)
        {
            return null;
        }

        var keys = new List<JsonWebKey>();
        var kids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = JsonPointer.Append(jwks.PointerOf("keys"), index++);
            if (ReadKey(item, path, issues, kids) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys.Count == index ? new JsonWebKeySet([.. keys]) : null;
    }

    private static JsonWebKey? ReadKey(JsonElement item, string path, ValidationCollector issues, HashSet<string> kids)
    {
        // A JWK may carry any registered or private parameter (RFC 7517 §4), so no member is unknown.
        var key = JsonObjectReader.Open(item, path, issues, "a JWK", knownMembers: null);
        if (key is null)
        {
            return null;
        }

        var valid = true;
        var kty = key.String("kty");
        if (kty is not null && !KeyTypes.Contains(kty, StringComparer.Ordinal))
        {
            issues.Error(key.PointerOf("kty"), ValidationCodes.UnknownValue, $"'{kty}' is not a supported key type; expected: {string.Join(", ", KeyTypes)}");
            valid = false;
        }

        var kid = key.String("kid");
        if (kid is not null && !kids.Add(kid))
        {
            issues.Error(key.PointerOf("kid"), ValidationCodes.Duplicate, $"key id '{kid}' is used by more than one key");
            valid = false;
        }

        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in key.Members())
        {
            if (PrivateMembers.Contains(member.Name, StringComparer.Ordinal))
            {
                issues.Error(key.PointerOf(member.Name), TrustAnchorCodes.PrivateKeyMaterial, "trust anchors hold public keys only; remove the private key material");
                valid = false;
            }
            else if (member.Name is not ("kty" or "kid"))
            {
                parameters.TryAdd(member.Name, member.Value.Clone());
            }
        }

        return valid && kty is not null && kid is not null ? new JsonWebKey(kty, kid, parameters) : null;
    }
}
