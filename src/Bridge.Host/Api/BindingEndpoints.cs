using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Host.Security;
using Bridge.Relay.Registry;

namespace Bridge.Host.Api;

/// <summary>The body of <c>POST /api/v1/participants/{name}/bindings</c>: the statement and one signature per identity, in order.</summary>
internal sealed record BindingRequest(JsonElement? Statement, List<BindingSignatureInput?>? Signatures);

/// <summary>One identity's signature and the registered network whose trust anchors check it.</summary>
internal sealed record BindingSignatureInput(string? Network, string? Signature);

internal sealed record BindingIdentityResponse(string Kind, string Key, string Network, string Signer);

internal sealed record BindingResponse(Guid Id, string Participant, string Digest, IReadOnlyList<BindingIdentityResponse> Identities, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, bool Active)
{
    public static BindingResponse From(IdentityBinding b, DateTimeOffset now) =>
        new(b.Id, b.Participant, b.Digest, [.. b.Identities.Select(i => new BindingIdentityResponse(i.Kind.ToWireName(), i.Key, i.Network, i.Signer))], b.IssuedAt, b.ExpiresAt, b.RevokedAt, b.IsActive(now));
}

/// <summary>
/// <c>/api/v1/participants/{name}/bindings</c> (docs/bindings.md): a participant (or an operator for it) submits an identity
/// binding statement with one signature per identity; every signature is verified against the trust anchors of the
/// registered network named beside it, and only then is the binding stored, active until the earliest of the statement's
/// expiry and its certificates' or membership statements' expiry, or until revoked.
/// </summary>
internal static class BindingEndpoints
{
    /// <summary>How far in the future a statement's issue time may lie (clock skew).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static void MapBindingEndpoints(this IEndpointRouteBuilder app)
    {
        var bindings = app.MapGroup("/api/v1/participants/{name}/bindings").WithTags("Identity bindings");
        bindings.MapPost("/", CreateAsync).RequireAuthorization(Policies.Submitter).WithName("CreateBinding")
            .WithSummary("Bind identities on several networks to a participant: a statement signed by every identity's own key, each signature verified before anything is stored.");
        bindings.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithName("ListBindings");
        bindings.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Submitter).WithName("RevokeBinding")
            .WithSummary("Revoke a binding: its identities no longer authenticate the participant. Idempotent.");
    }

    /// <summary>The stable key of a bound identity (see <see cref="BindingIdentity.Key"/>).</summary>
    public static string KeyOf(BoundIdentity identity) => identity switch
    {
        FabricBoundIdentity f => $"fabric:{f.MspId}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(f.CertificatePem)))}",
        EthereumBoundIdentity e => $"ethereum:{e.Address.ToLowerInvariant()}",
        PlatformBoundIdentity p => $"platform:{p.Issuer}:{p.OrganizationId}",
        _ => throw new ArgumentOutOfRangeException(nameof(identity), identity, "Not a known identity kind."),
    };

    private static async Task<IResult> CreateAsync(
        string name, BindingRequest request, ClaimsPrincipal user, IIdentityBindingStore store, INetworkRegistry networks, BindingSignatureVerifierRegistry verifiers, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MayActFor(user, name))
        {
            return Problems.Create(ProblemTypes.Forbidden, "A participant's key may only bind identities to its own participant.");
        }

        if (request.Statement is not { ValueKind: JsonValueKind.Object } json)
        {
            return Problems.Validation("/statement", "required", "the identity binding statement is required (an object)");
        }

        var parsedStatement = IdentityBindingStatementJson.Parse(json, "/statement");
        if (parsedStatement is not IdentityBindingParseResult.Success parsed)
        {
            return Problems.Validation(parsedStatement.Validation);
        }

        var statement = parsed.Statement;
        var now = time.GetUtcNow();
        if (statement.Participant != name)
        {
            return Problems.Validation("/statement/participant", "mismatch", $"the statement binds '{statement.Participant}', not '{name}'");
        }

        if (statement.ExpiresAt <= now)
        {
            return Problems.Validation("/statement/expiresAt", "out-of-range", "the statement has expired");
        }

        if (statement.IssuedAt > now + ClockSkew)
        {
            return Problems.Validation("/statement/issuedAt", "out-of-range", "the statement is issued in the future");
        }

        var signatures = request.Signatures ?? [];
        if (signatures.Count != statement.Identities.Count)
        {
            return Problems.Validation("/signatures", "mismatch", $"one signature per identity, in order: {statement.Identities.Count} expected, {signatures.Count} given");
        }

        var identities = new List<BindingIdentity>();
        var expires = statement.ExpiresAt;
        for (var i = 0; i < signatures.Count; i++)
        {
            var identity = statement.Identities[i];
            if (signatures[i] is not { Network: { } networkName, Signature: { Length: > 0 } signature })
            {
                return Problems.Validation($"/signatures/{i}", "required", "needs network and signature");
            }

            if (await networks.GetAsync(networkName, cancellationToken) is not { } network || network.Kind != identity.Kind)
            {
                return Problems.Validation($"/signatures/{i}/network", "unknown-value", $"no registered {identity.Kind.ToWireName()} network named '{networkName}'");
            }

            switch (verifiers.Verify(statement, identity, signature, network.TrustAnchors))
            {
                case BindingSignatureVerdict.Valid valid:
                    identities.Add(new BindingIdentity(identity.Kind, KeyOf(identity), network.Name, valid.Signer));
                    if (valid.NotAfter is { } notAfter && notAfter < expires)
                    {
                        expires = notAfter;
                    }

                    break;
                case BindingSignatureVerdict.Invalid invalid:
                    return Problems.Validation($"/signatures/{i}/signature", invalid.Code, $"{identity.Describe()}: {invalid.Reason}");
            }
        }

        if (expires <= now)
        {
            return Problems.Validation("/statement/expiresAt", "out-of-range", "a certificate or membership statement in the binding has expired");
        }

        var draft = new IdentityBindingDraft(name, statement.DigestHex, identities, statement.IssuedAt, expires, json.GetRawText());
        return await store.StoreAsync(draft, cancellationToken) switch
        {
            RegistryResult<StoredIdentityBinding>.Ok { Value.Created: false } ok => TypedResults.Ok(BindingResponse.From(ok.Value.Binding, now)),
            RegistryResult<StoredIdentityBinding>.Ok ok => TypedResults.Created($"/api/v1/participants/{name}/bindings/{ok.Value.Binding.Id}", BindingResponse.From(ok.Value.Binding, now)),
            RegistryResult<StoredIdentityBinding>.NotFound => Problems.NotFound("participant", name),
            RegistryResult<StoredIdentityBinding>.Conflict c => Problems.Conflict(c.Field, c.Message),
            var other => throw new InvalidOperationException($"Unhandled store result {other.GetType().Name}."),
        };
    }

    private static async Task<IResult> ListAsync(string name, IIdentityBindingStore store, IParticipantRegistry participants, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await participants.GetAsync(name, cancellationToken) is null)
        {
            return Problems.NotFound("participant", name);
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(new ListResponse<BindingResponse>([.. (await store.ListAsync(name, cancellationToken)).Select(b => BindingResponse.From(b, now))], null));
    }

    private static async Task<IResult> RevokeAsync(string name, Guid id, ClaimsPrincipal user, IIdentityBindingStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MayActFor(user, name))
        {
            return Problems.Create(ProblemTypes.Forbidden, "A participant's key may only revoke its own bindings.");
        }

        return await store.RevokeAsync(name, id, cancellationToken) switch
        {
            RegistryResult<IdentityBinding>.Ok ok => TypedResults.Ok(BindingResponse.From(ok.Value, time.GetUtcNow())),
            _ => Problems.NotFound("binding", id.ToString()),
        };
    }

    private static bool MayActFor(ClaimsPrincipal user, string participant) =>
        user.IsInRole("operator") || string.Equals(user.FindFirstValue(ApiKeyAuthenticationHandler.ParticipantClaim), participant, StringComparison.Ordinal);
}
