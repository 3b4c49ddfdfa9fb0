using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridge.Simulators.Platform.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bridge.Simulators.Platform.Api;

/// <summary>
/// The platform's signed statements of membership (prop; docs/bindings.md "Platform"):
/// <c>POST /api/v1/organizations/{orgId}/membership-statements</c> with <c>{"statementDigest": 64 lower-case hex}</c>, by a
/// solution token of that organisation, answers <c>{"statement": JWT}</c>: an ES256 JWT by the platform key with claims
/// <c>{iss, sub, org_id, org_name, statement_digest, iat, exp, token_use: "membership-statement"}</c>. The bridge checks it
/// with <c>PlatformBindingSignatureVerifier</c>. 403 for a token of another organisation, 400 for a bad digest.
/// </summary>
internal static partial class MembershipEndpoints
{
    /// <summary>The path of the endpoint.</summary>
    public const string Pattern = "/api/v1/organizations/{orgId}/membership-statements";

    /// <summary>The <c>token_use</c> claim that marks a membership statement.</summary>
    public const string TokenUse = "membership-statement";

    /// <summary>How long a membership statement is valid unless the host says otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    private const int MaxBodyBytes = 16 * 1024;

    [GeneratedRegex("^[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();

    /// <summary>Maps the endpoint; statements are stamped with <paramref name="time"/> and live <paramref name="lifetime"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, PlatformRuntime runtime, TimeProvider time, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(time);
        var validity = lifetime ?? DefaultLifetime;
        app.MapPost(Pattern, ctx => ServeAsync(ctx, runtime, time, validity));
    }

    /// <summary>Issues a statement for <paramref name="caller"/> about <paramref name="body"/>'s digest (the endpoint's logic).</summary>
    internal static ApiResult Issue(PlatformRuntime runtime, Caller caller, string orgId, JsonObject? body, DateTimeOffset now, TimeSpan lifetime)
    {
        if (caller.OrgId != orgId)
        {
            return ApiResult.Forbidden("A membership statement is issued only to the organisation itself.");
        }

        if (body is null)
        {
            return ApiResult.Validation("body", "must be a JSON object");
        }

        var digest = PlatformJson.Str(body, "statementDigest");
        if (digest is null || !Digest().IsMatch(digest))
        {
            return ApiResult.Validation("statementDigest", "is required: the SHA-256 of the binding statement as 64 lower-case hex digits");
        }

        var expires = now + lifetime;
        var statement = runtime.Signer.CreateJwt(new JsonObject
        {
            ["iss"] = runtime.Signer.Issuer,
            ["sub"] = caller.Organization.UserId,
            ["org_id"] = caller.OrgId,
            ["org_name"] = caller.Organization.Name,
            ["statement_digest"] = digest,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["token_use"] = TokenUse,
        });
        return ApiResult.Ok(new JsonObject { ["statement"] = statement, ["expiresAt"] = PlatformJson.Iso8601(expires) });
    }

    private static async Task ServeAsync(HttpContext ctx, PlatformRuntime runtime, TimeProvider time, TimeSpan lifetime)
    {
        await runtime.Ready.WaitAsync(ctx.RequestAborted);
        var caller = runtime.Tokens.Authenticate(ctx.Request.Headers.Authorization.FirstOrDefault());
        if (caller is null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteAsync(ctx, ApiResult.Unauthorized("The bearer token is missing, malformed, expired or badly signed."));
            return;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await WriteAsync(ctx, ApiResult.Validation("body", $"must be at most {MaxBodyBytes} bytes"));
                return;
            }

            buffer.Write(chunk, 0, read);
        }

        var body = PlatformState.ParseObject(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var orgId = (string)ctx.Request.RouteValues["orgId"]!;
        await WriteAsync(ctx, Issue(runtime, caller, orgId, body, time.GetUtcNow(), lifetime));
    }

    private static async Task WriteAsync(HttpContext ctx, ApiResult result)
    {
        ctx.Response.StatusCode = result.Status;
        ctx.Response.ContentType = result.IsProblem ? "application/problem+json" : "application/json; charset=utf-8";
        var body = result.IsProblem ? result.ProblemJson() : result.Body ?? new JsonObject();
        await ctx.Response.Body.WriteAsync(PlatformJson.Utf8(body), ctx.RequestAborted);
    }
}
