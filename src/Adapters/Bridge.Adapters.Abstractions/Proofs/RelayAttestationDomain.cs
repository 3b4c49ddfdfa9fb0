using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// One destination type of relay attestations (the <c>domain.type</c> of the proof data): how its signed digest and its
/// inbound payload hash are recomputed from facts. Pure.
/// </summary>
public interface IRelayAttestationDomain
{
    /// <summary>The <c>domain.type</c> this handles, e.g. <c>ethereum</c> or <c>fabric</c>.</summary>
    string Type { get; }

    /// <summary>The digest the relay signers sign, from the <paramref name="domain"/> facts object and the three words.</summary>
    /// <returns>False, with what is missing or malformed, when the facts cannot give a digest.</returns>
    bool TryDigest(JsonElement domain, ReadOnlySpan<byte> lane, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> payloadHash, [NotNullWhen(true)] out byte[]? digest, [NotNullWhen(false)] out string? problem);

    /// <summary>The 32-byte payload hash the destination recomputes for <paramref name="title"/>.</summary>
    /// <returns>False, with why, when the title cannot arrive on this destination type in that form.</returns>
    bool TryInboundPayloadHash(InboundTitle title, [NotNullWhen(true)] out byte[]? payloadHash, [NotNullWhen(false)] out string? problem);
}

/// <summary>Reading the facts every relay attestation domain shares.</summary>
public static class RelayAttestationDomains
{
    /// <summary>The domain's <c>validUntil</c> (unix seconds, a decimal string or a number), which the digest covers.</summary>
    public static bool TryValidUntil(JsonElement domain, out ulong validUntil)
    {
        validUntil = 0;
        if (!domain.TryGetProperty("validUntil", out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetUInt64(out validUntil),
            JsonValueKind.String => ulong.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out validUntil),
            _ => false,
        };
    }
}
