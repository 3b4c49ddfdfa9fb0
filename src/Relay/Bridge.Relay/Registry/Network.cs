using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Relay.Registry;

/// <summary>One endpoint of a network (a gateway peer, a JSON-RPC URL, a platform API base).</summary>
public sealed record NetworkEndpoint(string Name, Uri Url);

/// <summary>A ledger or platform the bridge talks to, with the trust anchors its proofs are checked against.</summary>
public sealed record Network(
    Guid Id,
    string Name,
    string DisplayName,
    NetworkKind Kind,
    IReadOnlyList<NetworkEndpoint> Endpoints,
    TrustAnchors TrustAnchors,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A validated network definition, ready to be stored.</summary>
public sealed record NetworkDraft(
    string Name,
    string DisplayName,
    NetworkKind Kind,
    IReadOnlyList<NetworkEndpoint> Endpoints,
    TrustAnchors TrustAnchors);

/// <summary>A network definition as a client sends it (REST body or command line), not yet validated.</summary>
public sealed record NetworkInput(
    string? Name,
    string? DisplayName,
    string? Kind,
    IReadOnlyList<NetworkEndpointInput>? Endpoints,
    JsonElement? TrustAnchors);

public sealed record NetworkEndpointInput(string? Name, string? Url);
