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

/// <summary>REST resource <c>/api/v1/lanes</c>: operators define, change, pause and resume lanes; readers list them.</summary>
internal static class LaneEndpoints
{
    public static void MapLaneEndpoints(this IEndpointRouteBuilder app)
    {
        var lanes = app.MapGroup("/api/v1/lanes").WithTags("Lanes");
        lanes.MapPost("/", CreateAsync).RequireAuthorization(Policies.Operator).WithName("CreateLane")
            .WithSummary("Define a lane between two registered networks: flows, direction, proof policy, finality, deadline, rate limit, access.");
        lanes.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithName("ListLanes")
            .WithSummary("List lanes by name, a page at a time (limit 1-200, cursor from nextCursor).");
        lanes.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.Reader).WithName("GetLane");
        lanes.MapPut("/{name}", UpdateAsync).RequireAuthorization(Policies.Operator).WithName("UpdateLane")
            .WithSummary("Replace a lane's definition (the name in the body may rename it); its paused state is kept.");
        lanes.MapDelete("/{name}", DeleteAsync).RequireAuthorization(Policies.Operator).WithName("DeleteLane");
        lanes.MapPost("/{name}/pause", (string name, ILaneRegistry registry, CancellationToken ct) => SetPausedAsync(name, true, registry, ct))
            .RequireAuthorization(Policies.Operator).WithName("PauseLane").WithSummary("Pause a lane: it accepts and dispatches nothing until resumed. Idempotent.");
        lanes.MapPost("/{name}/resume", (string name, ILaneRegistry registry, CancellationToken ct) => SetPausedAsync(name, false, registry, ct))
            .RequireAuthorization(Policies.Operator).WithName("ResumeLane").WithSummary("Resume a paused lane. Idempotent.");
    }

    /// <summary>Every registered network's kind by name (networks are few; paged through in full).</summary>
    internal static async Task<Dictionary<string, NetworkKind>> NetworkKindsAsync(INetworkRegistry networks, CancellationToken cancellationToken)
    {
        var kinds = new Dictionary<string, NetworkKind>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            var page = await networks.ListAsync(PageRequest.MaxLimit, after, cancellationToken);
            foreach (var network in page.Items)
            {
                kinds[network.Name] = network.Kind;
            }

            after = page.NextCursor is null ? null : page.Items[^1].Name;
        }
        while (after is not null);

        return kinds;
    }

    private static async Task<IResult> CreateAsync(LaneInput input, ILaneRegistry registry, INetworkRegistry networks, CancellationToken cancellationToken)
    {
        var (draft, validation) = LaneValidator.Validate(input, await NetworkKindsAsync(networks, cancellationToken));
        return draft is null
            ? Problems.Validation(validation)
            : ToHttp(await registry.CreateAsync(draft, cancellationToken), r => TypedResults.Created($"/api/v1/lanes/{r.Name}", r));
    }

    private static async Task<IResult> ListAsync(string? limit, string? cursor, ILaneRegistry registry, CancellationToken cancellationToken)
    {
        var (n, after, problem) = Paging.Read(limit, cursor);
        if (problem is not null)
        {
            return problem;
        }

        var page = await registry.ListAsync(n, after, cancellationToken);
        return TypedResults.Ok(new ListResponse<LaneResponse>([.. page.Items.Select(LaneResponse.From)], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string name, ILaneRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(name, cancellationToken) is { } lane ? TypedResults.Ok(LaneResponse.From(lane)) : Problems.NotFound("lane", name);

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
