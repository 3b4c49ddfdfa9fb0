using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Serialization;

/// <summary>Source-generated serialization for the types this assembly writes: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FabricTrustAnchors))]
[JsonSerializable(typeof(EthereumTrustAnchors))]
[JsonSerializable(typeof(PlatformTrustAnchors))]
[JsonSerializable(typeof(ProofEnvelope))]
internal sealed partial class AbstractionsJsonContext : JsonSerializerContext;
