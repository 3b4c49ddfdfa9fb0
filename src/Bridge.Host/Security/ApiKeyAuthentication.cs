using System.Security.Claims;
using System.Text.Encodings.Web;
using Bridge.Host.Api;
using Bridge.Relay.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bridge.Host.Security;

/// <summary>
/// Authenticates requests by API key (<c>Authorization: Bearer tcb_...</c> or <c>X-Api-Key</c>). Keys are
/// looked up by their public id and compared by SHA-256 of the secret in constant time. Challenges and
/// refusals are problem details. Presented keys are never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "bridge:key_id";
    public const string ParticipantClaim = "bridge:participant";
    private const string FailureItem = "bridge:auth_failure";

    private readonly IApiKeyStore _keys;
    private readonly IProblemDetailsService _problems;
    private readonly Bridge.Relay.Registry.IIdentityBindingStore _bindings;
    private readonly TimeProvider _time;
    private readonly Bridge.Relay.Access.ISignedRequestUses _uses;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IApiKeyStore keys,
        IProblemDetailsService problems,
        Bridge.Relay.Registry.IIdentityBindingStore bindings,
        Bridge.Relay.Access.ISignedRequestUses uses,
        TimeProvider time)
        : base(options, logger, encoder)
    {
        _keys = keys;
        _problems = problems;
        _bindings = bindings;
        _time = time;
        _uses = uses;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.ContainsKey(SignedRequests.SignatureHeader))
        {
            // A request signed by a key bound to a participant acts as that participant (docs/bindings.md).
            var (participant, identityKey, failure) = await SignedRequests.AuthenticateAsync(Request, _bindings, _uses, _time, Context.RequestAborted);
            if (participant is null)
            {
                Context.Items[FailureItem] = failure;
                return AuthenticateResult.Fail(failure!);
            }

            var signed = new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, identityKey!), new(KeyIdClaim, "bound:" + identityKey), new(ClaimTypes.Role, "participant"), new(ParticipantClaim, participant)],
                SchemeName,
                ClaimTypes.NameIdentifier,
                ClaimTypes.Role);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(signed), SchemeName));
        }

        string? presented = null;
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }
        else if (Request.Headers.TryGetValue("X-Api-Key", out var header))
        {
            presented = header.ToString().Trim();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await _keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (principal is null)
        {
            Context.Items[FailureItem] = true;
            return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, principal.KeyId),
            new(KeyIdClaim, principal.KeyId),
            new(ClaimTypes.Role, principal.Role.ToWireName()),
        ];
        if (principal.ParticipantName is not null)
        {
            claims.Add(new Claim(ParticipantClaim, principal.ParticipantName));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"bridge\"";
        var detail = Context.Items.TryGetValue(FailureItem, out var failure) && failure is string reason
            ? $"The signed request is refused: {reason}."
            : Context.Items.ContainsKey(FailureItem)
            ? "The API key is not valid or has been revoked."
            : "No API key was sent. Send one as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.";
        await WriteAsync(ProblemTypes.Unauthenticated, detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "unknown";
        await WriteAsync(ProblemTypes.Forbidden, $"An API key with role '{role}' may not {Request.Method} {Request.Path}.");
    }

    private async Task WriteAsync(ProblemType type, string detail) =>
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail },
        });
}

/// <summary>Authorization policies by role.</summary>
internal static class Policies
{
    /// <summary>Changes the registry and keys.</summary>
    public const string Operator = "operator";

    /// <summary>Reads the registry: any valid key.</summary>
    public const string Reader = "reader";

    /// <summary>Reads the key list: operators and auditors.</summary>
    public const string Auditor = "auditor";

    /// <summary>Submits documents and events: operators and participants.</summary>
    public const string Submitter = "submitter";

    public static IServiceCollection AddBridgeAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Operator, p => p.RequireRole("operator"))
            .AddPolicy(Auditor, p => p.RequireRole("operator", "auditor"))
            .AddPolicy(Reader, p => p.RequireRole("operator", "participant", "auditor"))
            .AddPolicy(Submitter, p => p.RequireRole("operator", "participant"))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
