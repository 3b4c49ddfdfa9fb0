using System.Text.Json.Serialization;

namespace Bridge.Relay.Persistence;

internal sealed record StoredEndpoint(string Name, string Url);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<StoredEndpoint>))]
internal sealed partial class PersistenceJsonContext : JsonSerializerContext;
