using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Access;
using Bridge.Relay.Registry;

namespace Bridge.Host.Api;

internal sealed record EndpointResponse(string Name, string Url);

internal sealed record NetworkResponse(
    Guid Id,
    string Name,
    string DisplayName,
    string Kind,
    IReadOnlyList<EndpointResponse> Endpoints,
    JsonElement TrustAnchors,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static NetworkResponse From(Network n) =>
        new(n.Id, n.Name, n.DisplayName, n.Kind.ToWireName(), n.Endpoints.Select(e => new EndpointResponse(e.Name, e.Url.OriginalString)).ToList(),
            TrustAnchorsJson.ToJson(n.TrustAnchors), n.CreatedAt, n.UpdatedAt);
}

internal sealed record IdentifierResponse(string Scheme, string Value);

internal sealed record ParticipantResponse(
    Guid Id,
    string Name,
    string DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<IdentifierResponse> Identifiers,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ParticipantResponse From(Participant p) =>
        new(p.Id, p.Name, p.DisplayName, p.Roles, p.Identifiers.Select(i => new IdentifierResponse(i.Scheme, i.Value)).ToList(), p.CreatedAt, p.UpdatedAt);
}

internal sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

internal sealed record ApiKeyCreateRequest(string? Role, string? Participant, string? Label);

internal sealed record ApiKeyResponse(string KeyId, string Role, string? Participant, string Label, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKeyInfo k) => new(k.KeyId, k.Role.ToWireName(), k.ParticipantName, k.Label, k.CreatedAt, k.RevokedAt);
}

/// <summary>The one response that carries a key's secret; it is never shown again.</summary>
internal sealed record ApiKeyCreatedResponse(string KeyId, string Key, string Role, string? Participant, string Label, DateTimeOffset CreatedAt);

internal sealed record ProblemTypeResponse(string Type, int Status, string Title, string Description);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(NetworkInput))]
[JsonSerializable(typeof(NetworkResponse))]
[JsonSerializable(typeof(ListResponse<NetworkResponse>))]
[JsonSerializable(typeof(ParticipantInput))]
[JsonSerializable(typeof(ParticipantResponse))]
[JsonSerializable(typeof(ListResponse<ParticipantResponse>))]
[JsonSerializable(typeof(Bridge.Relay.Lanes.LaneInput))]
[JsonSerializable(typeof(Bridge.Host.Hosting.RegistryFileContent))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(ListResponse<MessageResponse>))]
[JsonSerializable(typeof(List<MessageResponse>))]
[JsonSerializable(typeof(MessageCancelRequest))]
[JsonSerializable(typeof(BindingRequest))]
[JsonSerializable(typeof(BindingResponse))]
[JsonSerializable(typeof(ListResponse<BindingResponse>))]
[JsonSerializable(typeof(BindingAnchorRequest))]
[JsonSerializable(typeof(BindingAnchorsResponse))]
[JsonSerializable(typeof(LaneResponse))]
[JsonSerializable(typeof(ListResponse<LaneResponse>))]
[JsonSerializable(typeof(List<LaneResponse>))]
[JsonSerializable(typeof(ApiKeyCreateRequest))]
[JsonSerializable(typeof(ApiKeyResponse))]
[JsonSerializable(typeof(List<ApiKeyResponse>))]
[JsonSerializable(typeof(ApiKeyCreatedResponse))]
[JsonSerializable(typeof(ProblemTypeResponse))]
[JsonSerializable(typeof(Bridge.Host.Hosting.HealthReply))]
[JsonSerializable(typeof(List<ProblemTypeResponse>))]
[JsonSerializable(typeof(ProblemError))]
[JsonSerializable(typeof(List<ProblemError>))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
