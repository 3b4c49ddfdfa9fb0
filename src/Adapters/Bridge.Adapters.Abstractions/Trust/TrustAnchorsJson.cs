using System.Text.Json;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>
/// Reads, validates and writes trust anchors as JSON (camelCase members, nulls omitted), so that the relay
/// can store them (e.g. as jsonb) and read them back identically.
/// </summary>
public static class TrustAnchorsJson
{
    /// <summary>
    /// Reads the trust anchors of a <paramref name="kind"/> network from <paramref name="json"/> and validates
    /// them. Members the format does not define are rejected, so a misspelling such as <c>chainID</c> is an
    /// error rather than a silently ignored value. Every finding's path is an RFC 6901 pointer under
    /// <paramref name="pointer"/> (e.g. <c>/trustAnchors</c> gives <c>/trustAnchors/msps/0/rootCertificates/1</c>).
    /// Never throws for bad input.
    /// </summary>
    /// <param name="kind">The network's kind, which decides the expected shape.</param>
    /// <param name="json">The anchors object.</param>
    /// <param name="pointer">Where <paramref name="json"/> sits in the caller's document; empty for the root.</param>
    public static TrustAnchorsParseResult Parse(NetworkKind kind, JsonElement json, string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var issues = new ValidationCollector();
        TrustAnchors? anchors = kind switch
        {
            NetworkKind.Fabric => FabricTrustAnchorsReader.Read(json, pointer, issues),
            NetworkKind.Ethereum => EthereumTrustAnchorsReader.Read(json, pointer, issues),
            NetworkKind.Platform => PlatformTrustAnchorsReader.Read(json, pointer, issues),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined network kind."),
        };

        var result = issues.ToResult();
        return anchors is not null && result.IsValid
            ? new TrustAnchorsParseResult.Success(anchors, result)
            : new TrustAnchorsParseResult.Failure(result);
    }

    /// <summary>
    /// Writes <paramref name="anchors"/> as the JSON object that <see cref="Parse"/> reads back. The kind
    /// is not written; store it beside the anchors.
    /// </summary>
    public static JsonElement ToJson(TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var context = AbstractionsJsonContext.Default;
        return anchors switch
        {
            FabricTrustAnchors fabric => JsonSerializer.SerializeToElement(fabric, context.FabricTrustAnchors),
            EthereumTrustAnchors ethereum => JsonSerializer.SerializeToElement(ethereum, context.EthereumTrustAnchors),
            PlatformTrustAnchors platform => JsonSerializer.SerializeToElement(platform, context.PlatformTrustAnchors),
            _ => throw new ArgumentOutOfRangeException(nameof(anchors), anchors.GetType(), "Not a known trust anchors type."),
        };
    }
}
