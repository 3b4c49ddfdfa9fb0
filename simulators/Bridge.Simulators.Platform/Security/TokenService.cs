using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Api;

namespace Bridge.Simulators.Platform.Security;

/// <summary>
/// The two-step token exchange of docs/platform.md "Authentication" (trade-standards.md §B.1, as TradeLens with IBM
/// IAM): an API key buys an IAM access token; the IAM token buys a solution token for one organisation of the user.
/// Both are ES256 JWTs by the platform key; <c>token_use</c> tells them apart.
/// </summary>
internal sealed class TokenService(PlatformSigner signer, TimeProvider time, TimeSpan lifetime, IReadOnlyList<SimulatedOrganization> organizations)
{
    /// <summary>The grant type of step 1 (IBM Cloud IAM).</summary>
    public const string ApiKeyGrant = "urn:ibm:params:oauth:grant-type:apikey";

    /// <summary>Step 1: <c>POST /identity/token</c>.</summary>
    public ApiResult IssueIamToken(string? grantType, string? apiKey)
    {
        if (grantType != ApiKeyGrant)
        {
            return ApiResult.Validation("grant_type", $"must be {ApiKeyGrant}");
        }

        var organization = apiKey is null ? null : organizations.FirstOrDefault(o => FixedTimeEquals(o.ApiKey, apiKey));
        if (organization is null)
        {
            return ApiResult.Unauthorized("The API key is not known.");
        }

        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var token = signer.CreateJwt(new JsonObject
        {
            ["iss"] = signer.Issuer,
            ["sub"] = organization.UserId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["scope"] = "ibm openid",
            ["token_use"] = "iam",
        });
        return ApiResult.Ok(new JsonObject
        {
            ["access_token"] = token,
            ["refresh_token"] = "not_supported",
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)lifetime.TotalSeconds,
            ["expiration"] = expires.ToUnixTimeSeconds(),
            ["scope"] = "ibm openid",
        });
    }

    /// <summary>Step 2: <c>POST /sa/api/v1/auth/exchange_token/organizations/{orgId}</c> with the step-1 JSON.</summary>
    public ApiResult ExchangeToken(JsonObject? step1, string orgId)
    {
        var token = PlatformJson.Str(step1, "access_token");
        var claims = token is null ? null : signer.ValidateJwt(token, time.GetUtcNow());
        if (claims is null || PlatformJson.Str(claims, "token_use") != "iam")
        {
            return ApiResult.Unauthorized("The IAM token is missing, malformed, expired or badly signed.");
        }

        var user = PlatformJson.Str(claims, "sub");
        var organization = organizations.FirstOrDefault(o => o.UserId == user);
        if (organization is null || organization.Id != orgId)
        {
            return ApiResult.Forbidden("The user is not a member of this organisation.");
        }

        var now = time.GetUtcNow();
        var roles = PlatformJson.Strings(organization.Roles);
        var solution = signer.CreateJwt(new JsonObject
        {
            ["iss"] = signer.Issuer,
            ["sub"] = organization.UserId,
            ["org_id"] = organization.Id,
            ["org_name"] = organization.Name,
            ["roles"] = roles,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["token_use"] = "solution",
        });
        return ApiResult.Ok(new JsonObject { ["solution_token"] = solution });
    }

    /// <summary>Every <c>/api/**</c> call: the caller of a valid solution token, or null (401).</summary>
    public Caller? Authenticate(string? authorization)
    {
        const string Prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var claims = signer.ValidateJwt(authorization[Prefix.Length..].Trim(), time.GetUtcNow());
        if (claims is null || PlatformJson.Str(claims, "token_use") != "solution")
        {
            return null;
        }

        var orgId = PlatformJson.Str(claims, "org_id");
        var organization = organizations.FirstOrDefault(o => o.Id == orgId);
        return organization is null || organization.UserId != PlatformJson.Str(claims, "sub") ? null : new Caller(organization);
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));
}
