using System.Text.Json.Serialization;

namespace Bridge.Relay.Persistence;

internal sealed record StoredEndpoint(string Name, string Url);

/// <summary>The jsonb <c>lanes.definition</c>: everything of a lane but its name and networks, in wire names.</summary>
internal sealed record StoredLaneDefinition(
    List<string> Flows,
    string Direction,
    List<string> SourceProofKinds,
    List<string> RelaySigners,
    int RelayThreshold,
    int? MinConfirmations,
    int DeadlineSeconds,
    int PerSecond,
    int Burst,
    List<StoredLaneAccessRule> Access);

internal sealed record StoredLaneAccessRule(string? Participant, string? Role, List<string> Operations);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<StoredEndpoint>))]
[JsonSerializable(typeof(StoredLaneDefinition))]
internal sealed partial class PersistenceJsonContext : JsonSerializerContext;
