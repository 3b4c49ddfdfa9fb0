using Bridge.Canonical.Validation;
using Bridge.Host.Security;
using Bridge.Relay.Registry;

namespace Bridge.Host.Api;

/// <summary>REST resources for the registry: <c>/api/v1/networks</c> and <c>/api/v1/participants</c>.</summary>
internal static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var networks = app.MapGroup("/api/v1/networks").WithTags("Networks");
        networks.MapPost("/", CreateNetworkAsync).RequireAuthorization(Policies.Operator).WithName("CreateNetwork")
            .WithSummary("Register a network (fabric, ethereum or platform) with its endpoints and trust anchors.");
        networks.MapGet("/", ListNetworksAsync).RequireAuthorization(Policies.Reader).WithName("ListNetworks")
            .WithSummary("List networks by name, a page at a time (limit 1-200, cursor from nextCursor).");
        networks.MapGet("/{name}", GetNetworkAsync).RequireAuthorization(Policies.Reader).WithName("GetNetwork");
        networks.MapPut("/{name}", UpdateNetworkAsync).RequireAuthorization(Policies.Operator).WithName("UpdateNetwork")
            .WithSummary("Replace a network's definition (the name in the body may rename it).");
        networks.MapDelete("/{name}", DeleteNetworkAsync).RequireAuthorization(Policies.Operator).WithName("DeleteNetwork");

        var participants = app.MapGroup("/api/v1/participants").WithTags("Participants");
        participants.MapPost("/", CreateParticipantAsync).RequireAuthorization(Policies.Operator).WithName("CreateParticipant")
            .WithSummary("Register a participant (an organisation) with its trade roles and identifiers (lei, scac, gln, bic, eori).");
        participants.MapGet("/", ListParticipantsAsync).RequireAuthorization(Policies.Reader).WithName("ListParticipants");
        participants.MapGet("/{name}", GetParticipantAsync).RequireAuthorization(Policies.Reader).WithName("GetParticipant");
        participants.MapPut("/{name}", UpdateParticipantAsync).RequireAuthorization(Policies.Operator).WithName("UpdateParticipant");
        participants.MapDelete("/{name}", DeleteParticipantAsync).RequireAuthorization(Policies.Operator).WithName("DeleteParticipant")
            .WithSummary("Delete a participant; refused (409) while it has active API keys.");
    }

    private static async Task<IResult> CreateNetworkAsync(NetworkInput input, INetworkRegistry registry, CancellationToken cancellationToken)
    {
        var (draft, validation) = NetworkValidator.Validate(input);
        if (draft is null)
        {
            return Problems.Validation(validation);
        }

        return ToHttp(await registry.CreateAsync(draft, cancellationToken), "network", NetworkResponse.From, r => TypedResults.Created($"/api/v1/networks/{r.Name}", r));
    }

    private static async Task<IResult> ListNetworksAsync(string? limit, string? cursor, INetworkRegistry registry, CancellationToken cancellationToken)
    {
        var (n, after, problem) = Paging.Read(limit, cursor);
        if (problem is not null)
        {
            return problem;
        }

        var page = await registry.ListAsync(n, after, cancellationToken);
        return TypedResults.Ok(new ListResponse<NetworkResponse>(page.Items.Select(NetworkResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<IResult> GetNetworkAsync(string name, INetworkRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(name, cancellationToken) is { } network
            ? TypedResults.Ok(NetworkResponse.From(network))
            : Problems.NotFound("network", name);

    private static async Task<IResult> UpdateNetworkAsync(string name, NetworkInput input, INetworkRegistry registry, CancellationToken cancellationToken)
    {
        var (draft, validation) = NetworkValidator.Validate(input with { Name = input.Name ?? name });
        if (draft is null)
        {
            return Problems.Validation(validation);
        }

        return ToHttp(await registry.UpdateAsync(name, draft, cancellationToken), "network", NetworkResponse.From, r => TypedResults.Ok(r));
    }

    private static async Task<IResult> DeleteNetworkAsync(string name, INetworkRegistry registry, CancellationToken cancellationToken) =>
        ToHttp(await registry.DeleteAsync(name, cancellationToken), "network", NetworkResponse.From, _ => TypedResults.NoContent());

    private static async Task<IResult> CreateParticipantAsync(ParticipantInput input, IParticipantRegistry registry, CancellationToken cancellationToken)
    {
        var (draft, validation) = ParticipantValidator.Validate(input);
        if (draft is null)
        {
            return Problems.Validation(validation);
        }

        return ToHttp(await registry.CreateAsync(draft, cancellationToken), "participant", ParticipantResponse.From, r => TypedResults.Created($"/api/v1/participants/{r.Name}", r));
    }

    private static async Task<IResult> ListParticipantsAsync(string? limit, string? cursor, IParticipantRegistry registry, CancellationToken cancellationToken)
    {
        var (n, after, problem) = Paging.Read(limit, cursor);
        if (problem is not null)
        {
            return problem;
        }

        var page = await registry.ListAsync(n, after, cancellationToken);
        return TypedResults.Ok(new ListResponse<ParticipantResponse>(page.Items.Select(ParticipantResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<IResult> GetParticipantAsync(string name, IParticipantRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(name, cancellationToken) is { } participant
            ? TypedResults.Ok(ParticipantResponse.From(participant))
            : Problems.NotFound("participant", name);

    private static async Task<IResult> UpdateParticipantAsync(string name, ParticipantInput input, IParticipantRegistry registry, CancellationToken cancellationToken)
    {
        var (draft, validation) = ParticipantValidator.Validate(input with { Name = input.Name ?? name });
        if (draft is null)
        {
            return Problems.Validation(validation);
        }

        return ToHttp(await registry.UpdateAsync(name, draft, cancellationToken), "participant", ParticipantResponse.From, r => TypedResults.Ok(r));
    }

    private static async Task<IResult> DeleteParticipantAsync(string name, IParticipantRegistry registry, CancellationToken cancellationToken) =>
        ToHttp(await registry.DeleteAsync(name, cancellationToken), "participant", ParticipantResponse.From, _ => TypedResults.NoContent());

    private static IResult ToHttp<T, TResponse>(RegistryResult<T> result, string what, Func<T, TResponse> map, Func<TResponse, IResult> ok) =>
        result switch
        {
            RegistryResult<T>.Ok r => ok(map(r.Value)),
            RegistryResult<T>.Invalid r => Problems.Validation(r.Validation),
            RegistryResult<T>.NotFound r => Problems.NotFound(what, r.Name),
            RegistryResult<T>.Conflict r => Problems.Conflict(r.Field, r.Message),
            _ => throw new InvalidOperationException($"Unhandled registry result {result.GetType().Name}."),
        };
}
