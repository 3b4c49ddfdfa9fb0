using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Host.Hosting;
using Bridge.Host.Security;
using Bridge.Relay.Lanes;
using Bridge.Relay.Registry;

namespace Bridge.Host.Api;

/// <summary>The body of <c>POST /api/v1/participants/{name}/bindings</c>: the statement and one signature per identity, in order.</summary>
internal sealed record BindingRequest(JsonElement? Statement, List<BindingSignatureInput?>? Signatures);

/// <summary>One identity's signature and the registered network whose trust anchors check it.</summary>
internal sealed record BindingSignatureInput(string? Network, string? Signature);

internal sealed record BindingIdentityResponse(string Kind, string Key, string Network, string Signer);

internal sealed record BindingResponse(Guid Id, string Participant, string Digest, IReadOnlyList<BindingIdentityResponse> Identities, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, bool Active, IReadOnlyList<BindingAnchorResponse> Anchors)
{
    public static BindingResponse From(IdentityBinding b, DateTimeOffset now) =>
        new(b.Id, b.Participant, b.Digest, [.. b.Identities.Select(i => new BindingIdentityResponse(i.Kind.ToWireName(), i.Key, i.Network, i.Signer))], b.IssuedAt, b.ExpiresAt, b.RevokedAt, b.IsActive(now), [.. b.Anchors.Select(a => BindingAnchorResponse.From(a, withProof: false))]);
}

/// <summary>The body of <c>POST /api/v1/bindings/{id}/anchors</c>: the lanes whose source and destination networks get the anchor.</summary>
internal sealed record BindingAnchorRequest(List<string?>? Lanes);

/// <summary>The verifier's verdict on an anchor's proof, as stored.</summary>
internal sealed record AnchorVerdictResponse(bool Valid, IReadOnlyList<string>? Signers, long? BlockNumber, string? Code, string? Reason)
{
    public static AnchorVerdictResponse From(ProofVerdict verdict) => verdict switch
    {
        ProofVerdict.Valid v => new(true, v.Signers, v.BlockNumber, null, null),
        ProofVerdict.Invalid i => new(false, null, null, i.Code, i.Reason),
        ProofVerdict.NotApplicable n => new(false, null, null, "not-applicable", n.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };
}

/// <summary>A binding's anchor on one network; <see cref="Proof"/> (the proof envelope) only in the anchoring endpoint's answer.</summary>
internal sealed record BindingAnchorResponse(string Network, string TxId, long? BlockNumber, string? BlockHash, DateTimeOffset AnchoredAt, AnchorVerdictResponse Verdict, JsonElement? Proof)
{
    public static BindingAnchorResponse From(BindingAnchor a, bool withProof) =>
        new(a.Network, a.TxId, a.BlockNumber, a.BlockHash, a.AnchoredAt, AnchorVerdictResponse.From(a.Verdict), withProof ? ProofEnvelopeJson.ToJson(a.Proof) : null);
}

/// <summary>The answer of <c>POST /api/v1/bindings/{id}/anchors</c>: the binding's anchors on the requested lanes' networks, with proofs.</summary>
internal sealed record BindingAnchorsResponse(Guid Binding, string Participant, string Digest, IReadOnlyList<BindingAnchorResponse> Anchors);

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

    /// <summary>How many lanes one anchoring request may name.</summary>
    private const int MaxAnchorLanes = 32;

    /// <summary>The pure verifiers that check every anchor's proof before it is stored.</summary>
    private static readonly ProofVerifierRegistry Verifiers = ProofVerifiers.Create();

    public static void MapBindingEndpoints(this IEndpointRouteBuilder app)
    {
        var bindings = app.MapGroup("/api/v1/participants/{name}/bindings").WithTags("Identity bindings");
        bindings.MapPost("/", CreateAsync).RequireAuthorization(Policies.Submitter).WithName("CreateBinding")
            .WithSummary("Bind identities on several networks to a participant: a statement signed by every identity's own key, each signature verified before anything is stored.");
        bindings.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithName("ListBindings");
        bindings.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Submitter).WithName("RevokeBinding")
            .WithSummary("Revoke a binding: its identities no longer authenticate the participant. Idempotent.");
        app.MapPost("/api/v1/bindings/{id:guid}/anchors", AnchorAsync).RequireAuthorization(Policies.Submitter).WithName("AnchorBinding").WithTags("Identity bindings")
            .WithSummary("Anchor a binding's statement digest on the source and destination networks of the named lanes, each anchor final, proven and its proof verified before anything is stored. Idempotent per network.");
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

    /// <summary>
    /// <c>POST /api/v1/bindings/{id}/anchors</c> (docs/bindings.md "Anchoring a binding on the lanes' ledgers"). Every check
    /// comes before any ledger is written; every network is anchored, final and proven before anything is stored, and the
    /// anchors of one request are stored in one transaction, so a failure stores nothing (a ledger anchor written before
    /// the failure is found again, not duplicated, by the next request).
    /// </summary>
    private static async Task<IResult> AnchorAsync(
        Guid id,
        BindingAnchorRequest request,
        ClaimsPrincipal user,
        IIdentityBindingStore store,
        ILaneRegistry lanes,
        INetworkRegistry networks,
        IParticipantRegistry participants,
        ConfiguredAdapters adapters,
        RelayOptions options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var names = request.Lanes ?? [];
        if (names.Count is 0 or > MaxAnchorLanes)
        {
            return Problems.Validation("/lanes", "required", $"name 1 to {MaxAnchorLanes} lanes");
        }

        if (await store.GetAsync(id, cancellationToken) is not { } binding)
        {
            return Problems.NotFound("binding", id.ToString());
        }

        if (!MayActFor(user, binding.Participant))
        {
            return Problems.Create(ProblemTypes.Forbidden, "A participant's key may only anchor its own bindings.");
        }

        if (binding.RevokedAt is not null || !binding.IsActive(time.GetUtcNow()))
        {
            return Problems.Conflict("/id", $"binding {id} is {(binding.RevokedAt is null ? "expired" : "revoked")}; only an active binding is anchored");
        }

        var roles = user.IsInRole("operator") ? null : (await participants.GetAsync(binding.Participant, cancellationToken))?.Roles ?? [];
        var targets = new List<(Network Network, string Field)>();
        for (var i = 0; i < names.Count; i++)
        {
            var field = $"/lanes/{i}";
            if (names[i] is not { Length: > 0 } name || await lanes.GetAsync(name, cancellationToken) is not { } lane)
            {
                return Problems.Validation(field, "unknown-value", $"no lane named '{names[i]}'");
            }

            if (roles is not null && !lane.OperationsFor(binding.Participant, roles).HasFlag(LaneOperations.Submit))
            {
                return Problems.Create(ProblemTypes.Forbidden, $"participant '{binding.Participant}' may not submit on lane '{name}'.", field);
            }

            foreach (var networkName in new[] { lane.Source, lane.Destination })
            {
                if (targets.Any(t => t.Network.Name == networkName))
                {
                    continue;
                }

                if (await networks.GetAsync(networkName, cancellationToken) is not { } network)
                {
                    return Problems.Conflict(field, $"lane '{name}' names network '{networkName}', which is not registered");
                }

                targets.Add((network, field));
            }
        }

        var pending = new List<(Network Network, INetworkAdapter Adapter)>();
        foreach (var (network, field) in targets.Where(t => !binding.Anchors.Any(a => a.Network == t.Network.Name)))
        {
            INetworkAdapter? adapter;
            try
            {
                adapter = adapters.Ensure(network);
            }
            catch (InvalidOperationException e)
            {
                return Problems.Create(ProblemTypes.ServiceUnavailable, $"This host cannot reach network '{network.Name}': {e.Message}", field);
            }

            if (adapter is null)
            {
                return Problems.Conflict(field, $"this host has no connection to network '{network.Name}' (Bridge:Relay:Adapters:{network.Name}); nothing was anchored");
            }

            if (BindingAnchoring.CannotAnchor(adapter, network) is { } reason)
            {
                return Problems.Conflict(field, $"{BindingAnchoring.CannotAnchorCode}: {reason}; nothing was anchored");
            }

            pending.Add((network, adapter));
        }

        var timing = new BindingAnchorTiming(TimeSpan.FromSeconds(options.AnchorFinalitySeconds), TimeSpan.FromMilliseconds(options.FinalityPollMilliseconds));
        var anchored = new List<BindingAnchor>();
        foreach (var (network, adapter) in pending)
        {
            switch (await BindingAnchoring.AnchorAsync(binding, network, adapter, Verifiers, time, timing, cancellationToken))
            {
                case BindingAnchorResult.Anchored ok:
                    anchored.Add(ok.Anchor);
                    break;
                case BindingAnchorResult.Failed failed:
                    var field = targets.First(t => t.Network.Name == network.Name).Field;
                    return failed.Transient
                        ? Problems.Create(ProblemTypes.ServiceUnavailable, $"{failed.Code}: {failed.Reason}. Nothing was stored; ask again.", field)
                        : Problems.Conflict(field, $"{failed.Code}: {failed.Reason}. Nothing was stored.");
            }
        }

        var saved = anchored.Count == 0 ? binding : await store.SaveAnchorsAsync(id, anchored, cancellationToken) switch
        {
            RegistryResult<IdentityBinding>.Ok ok => ok.Value,
            _ => null,
        };
        if (saved is null)
        {
            return Problems.Conflict("/id", $"binding {id} was revoked, expired or removed while it was being anchored; nothing was stored");
        }

        var wanted = targets.Select(t => t.Network.Name).ToHashSet(StringComparer.Ordinal);
        var response = new BindingAnchorsResponse(saved.Id, saved.Participant, saved.Digest, [.. saved.Anchors.Where(a => wanted.Contains(a.Network)).Select(a => BindingAnchorResponse.From(a, withProof: true))]);
        return anchored.Count == 0 ? TypedResults.Ok(response) : TypedResults.Created($"/api/v1/participants/{saved.Participant}/bindings", response);
    }

    private static bool MayActFor(ClaimsPrincipal user, string participant) =>
        user.IsInRole("operator") || string.Equals(user.FindFirstValue(ApiKeyAuthenticationHandler.ParticipantClaim), participant, StringComparison.Ordinal);
}
