using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// The bridge chaincode's attestation domain (<see cref="FabricRelayAttestation"/>): facts <c>{"type": "fabric",
/// "channel", "chaincode", "network", "payloadHash"}</c>, where network, when present, must be the word of channel and
/// chaincode. Pure; the relay attestation verifier (in the Ethereum adapter) is given it by the host, so neither adapter
/// references the other.
/// </summary>
public sealed class FabricRelayAttestationDomain : IRelayAttestationDomain
{
    /// <inheritdoc />
    public string Type => "fabric";

    /// <inheritdoc />
    public bool TryDigest(JsonElement domain, ReadOnlySpan<byte> lane, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> payloadHash, [NotNullWhen(true)] out byte[]? digest, [NotNullWhen(false)] out string? problem)
    {
        digest = null;
        if (!domain.TryGetProperty("channel", out var channelJson) || channelJson.ValueKind != JsonValueKind.String || channelJson.GetString() is not { Length: > 0 } channel
            || !domain.TryGetProperty("chaincode", out var chaincodeJson) || chaincodeJson.ValueKind != JsonValueKind.String || chaincodeJson.GetString() is not { Length: > 0 } chaincode)
        {
            problem = "domain.channel and domain.chaincode must be non-empty strings";
            return false;
        }

        if (domain.TryGetProperty("network", out var networkJson)
            && !string.Equals(networkJson.ValueKind == JsonValueKind.String ? networkJson.GetString() : null, "0x" + Convert.ToHexStringLower(FabricRelayAttestation.Network(channel, chaincode)), StringComparison.OrdinalIgnoreCase))
        {
            problem = $"domain.network is not keccak256(\"{channel}/{chaincode}\")";
            return false;
        }

        if (!RelayAttestationDomains.TryValidUntil(domain, out var validUntil))
        {
            digest = null;
            problem = "domain.validUntil must be unix seconds";
            return false;
        }

        digest = FabricRelayAttestation.Digest(channel, chaincode, lane, messageId, payloadHash, validUntil);
        problem = null;
        return true;
    }

    /// <inheritdoc />
    public bool TryInboundPayloadHash(InboundTitle title, [NotNullWhen(true)] out byte[]? payloadHash, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (string.IsNullOrEmpty(title.TitleId) || string.IsNullOrEmpty(title.Holder) || string.IsNullOrEmpty(title.Beneficiary))
        {
            payloadHash = null;
            problem = "the title id, holder and beneficiary must be non-empty";
            return false;
        }

        payloadHash = FabricRelayAttestation.InboundPayloadHash(title.TitleId, title.Holder, title.Beneficiary);
        problem = null;
        return true;
    }
}
