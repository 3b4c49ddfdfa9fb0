using System.Security.Claims;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Host.Security;
using Bridge.Relay.Lanes;
using Bridge.Relay.Registry;

namespace Bridge.Host.Api;

/// <summary>One lane as the API shows it (wire names throughout; docs/relay.md, "Lanes").</summary>
internal sealed record LaneResponse(
    Guid Id,
    string Name,
    string DisplayName,
    string Source,
    string Destination,
    IReadOnlyList<string> Flows,
    string Direction,
    LaneProofPolicyResponse ProofPolicy,
    int? MinConfirmations,
    int DeadlineSeconds,
    LaneRateLimitResponse RateLimit,
    IReadOnlyList<LaneAccessRuleResponse> Access,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static LaneResponse From(Lane l) => new(
        l.Id,
        l.Name,
        l.DisplayName,
        l.Source,
        l.Destination,
        [.. LaneWire.FlowNames(l.Flows)],
        LaneWire.DirectionName(l.Direction),
        new LaneProofPolicyResponse([.. l.ProofPolicy.SourceProofKinds.Select(k => k.ToWireName())], l.ProofPolicy.RelaySigners, l.ProofPolicy.RelayThreshold),
        l.MinConfirmations,
        (int)l.Deadline.TotalSeconds,
        new LaneRateLimitResponse(l.RateLimit.PerSecond, l.RateLimit.Burst),
        [.. l.Access.Select(a => new LaneAccessRuleResponse(a.Participant, a.Role, [.. LaneWire.OperationNames(a.Operations)]))],
        l.Paused,
        l.CreatedAt,
        l.UpdatedAt);
}

internal sealed record LaneProofPolicyResponse(IReadOnlyList<string> SourceProofKinds, IReadOnlyList<string> RelaySigners, int RelayThreshold);

internal sealed record LaneRateLimitResponse(int PerSecond, int Burst);

internal sealed record LaneAccessRuleResponse(string? Participant, string? Role, IReadOnlyList<string> Operations);

/// <summary>
/// REST resource <c>/api/v1/lanes</c>: operators define, change, pause and resume lanes; operators and auditors list and show
/// every lane; a participant only the lanes whose access rules grant it an operation, with only the rules that apply to it
/// (another lane is 404, as if it did not exist; docs/relay.md, "Access").
/// </summary>
internal static class LaneEndpoints
{
    public static void MapLaneEndpoints(this IEndpointRouteBuilder app)
    {
        var lanes = app.MapGroup("/api/v1/lanes").WithTags("Lanes");
        lanes.MapPost("/", CreateAsync).RequireAuthorization(Policies.Operator).WithName("CreateLane")
            .WithSummary("Define a lane between two registered networks: flows, direction, proof policy, finality, deadline, rate limit, access.");
        lanes.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithName("ListLanes")
            .WithSummary("List lanes by name, a page at a time (limit 1-200, cursor from nextCursor); a participant sees only lanes it may use.");
        lanes.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.Reader).WithName("GetLane")
            .WithSummary("One lane (404 for a participant it grants nothing).");
        lanes.MapPut("/{name}", UpdateAsync).RequireAuthorization(Policies.Operator).WithName("UpdateLane")
            .WithSummary("Replace a lane's definition (the name in the body may rename it); its paused state is kept.");
        lanes.MapDelete("/{name}", DeleteAsync).RequireAuthorization(Policies.Operator).WithName("DeleteLane");
        lanes.MapPost("/{name}/pause", (string name, ILaneRegistry registry, CancellationToken ct) => SetPausedAsync(name, true, registry, ct))
            .RequireAuthorization(Policies.Operator).WithName("PauseLane").WithSummary("Pause a lane: it accepts and dispatches nothing until resumed. Idempotent.");
        lanes.MapPost("/{name}/resume", (string name, ILaneRegistry registry, CancellationToken ct) => SetPausedAsync(name, false, registry, ct))
            .RequireAuthorization(Policies.Operator).WithName("ResumeLane").WithSummary("Resume a paused lane. Idempotent.");
    }

    /// <summary>Every registered network's kind by name (networks are few; paged through in full).</summary>
    internal static async Task<Dictionary<string, NetworkKind>> NetworkKindsAsync(INetworkRegistry networks, CancellationToken cancellationToken) =>
        (await LaneAccess.AllAsync(networks.ListAsync, n => n.Name, cancellationToken)).ToDictionary(n => n.Name, n => n.Kind, StringComparer.Ordinal);

    private static async Task<IResult> CreateAsync(LaneInput input, ILaneRegistry registry, INetworkRegistry networks, CancellationToken cancellationToken)
    {
        var (draft, validation) = LaneValidator.Validate(input, await NetworkKindsAsync(networks, cancellationToken));
        return draft is null
            ? Problems.Validation(validation)
            : ToHttp(await registry.CreateAsync(draft, cancellationToken), r => TypedResults.Created($"/api/v1/lanes/{r.Name}", r));
    }

    private static async Task<IResult> ListAsync(string? limit, string? cursor, ClaimsPrincipal user, ILaneRegistry registry, IParticipantRegistry participants, CancellationToken cancellationToken)
    {
        var (n, after, problem) = Paging.Read(limit, cursor);
        if (problem is not null)
        {
            return problem;
        }

        if (LaneAccess.SeesEverything(user))
        {
            var page = await registry.ListAsync(n, after, cancellationToken);
            return TypedResults.Ok(new ListResponse<LaneResponse>([.. page.Items.Select(LaneResponse.From)], page.NextCursor));
        }

        // A participant's pages are cut from its own lanes, so a cursor only ever names a lane it may see.
        var granted = await LaneAccess.GrantedAsync(user, registry, participants, cancellationToken);
        var rest = granted.Lanes.Where(g => after is null || string.CompareOrdinal(g.Lane.Name, after) > 0).Take(n + 1).ToList();
        var items = rest.Take(n).Select(g => LaneResponse.From(LaneAccess.AsSeenBy(g.Lane, granted.Participant!))).ToList();
        return TypedResults.Ok(new ListResponse<LaneResponse>(items, rest.Count > n ? PageCursor.Encode(items[^1].Name) : null));
    }

    private static async Task<IResult> GetAsync(string name, ClaimsPrincipal user, ILaneRegistry registry, IParticipantRegistry participants, CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(name, cancellationToken) is not { } lane)
        {
            return Problems.NotFound("lane", name);
        }

        if (LaneAccess.SeesEverything(user))
        {
            return TypedResults.Ok(LaneResponse.From(lane));
        }

        // The same 404 as for a lane that does not exist: a participant cannot probe for lanes that grant it nothing.
        return await LaneAccess.ParticipantAsync(user, participants, cancellationToken) is { } participant
            && lane.OperationsFor(participant.Name, participant.Roles) != LaneOperations.None
            ? TypedResults.Ok(LaneResponse.From(LaneAccess.AsSeenBy(lane, participant)))
            : Problems.NotFound("lane", name);
    }

    private static async Task<IResult> UpdateAsync(string name, LaneInput input, ILaneRegistry registry, INetworkRegistry networks, CancellationToken cancellationToken)
    {
        var (draft, validation) = LaneValidator.Validate(input with { Name = input.Name ?? name }, await NetworkKindsAsync(networks, cancellationToken));
        return draft is null ? Problems.Validation(validation) : ToHttp(await registry.UpdateAsync(name, draft, cancellationToken), r => TypedResults.Ok(r));
    }

    private static async Task<IResult> DeleteAsync(string name, ILaneRegistry registry, CancellationToken cancellationToken) =>
        ToHttp(await registry.DeleteAsync(name, cancellationToken), _ => TypedResults.NoContent());

    private static async Task<IResult> SetPausedAsync(string name, bool paused, ILaneRegistry registry, CancellationToken cancellationToken) =>
        ToHttp(await registry.SetPausedAsync(name, paused, cancellationToken), r => TypedResults.Ok(r));

    private static IResult ToHttp(RegistryResult<Lane> result, Func<LaneResponse, IResult> ok) => result switch
    {
        RegistryResult<Lane>.Ok r => ok(LaneResponse.From(r.Value)),
        RegistryResult<Lane>.Invalid r => Problems.Validation(r.Validation),
        RegistryResult<Lane>.NotFound r => Problems.NotFound("lane", r.Name),
        RegistryResult<Lane>.Conflict r => Problems.Conflict(r.Field, r.Message),
        _ => throw new InvalidOperationException($"Unhandled registry result {result.GetType().Name}."),
    };
}
