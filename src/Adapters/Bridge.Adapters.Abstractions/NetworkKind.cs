using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Serialization;

namespace Bridge.Adapters.Abstractions;

/// <summary>
/// The kind of ledger or platform a network is. In JSON and configuration it is written as its
/// stable wire name: <c>fabric</c>, <c>ethereum</c> or <c>platform</c> (see <see cref="NetworkKinds"/>).
/// </summary>
[JsonConverter(typeof(NetworkKindJsonConverter))]
public enum NetworkKind
{
    /// <summary>A channel and chaincode on a Hyperledger Fabric network (<c>fabric</c>).</summary>
    Fabric,

    /// <summary>A chain id and contract addresses on an Ethereum chain (<c>ethereum</c>).</summary>
    Ethereum,

    /// <summary>A TradeLens-style REST platform (<c>platform</c>).</summary>
    Platform,
}

/// <summary>Converts <see cref="NetworkKind"/> to and from its stable wire name.</summary>
public static class NetworkKinds
{
    /// <summary>The wire name of <paramref name="kind"/>: <c>fabric</c>, <c>ethereum</c> or <c>platform</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind (a bug in the caller).</exception>
    public static string ToWireName(this NetworkKind kind) => kind switch
    {
        NetworkKind.Fabric => "fabric",
        NetworkKind.Ethereum => "ethereum",
        NetworkKind.Platform => "platform",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined network kind."),
    };

    /// <summary>
    /// Parses a wire name. Matching is exact (ordinal, lower case): <c>Fabric</c> or <c>0</c> are not wire names.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out NetworkKind kind)
    {
        switch (value)
        {
            case "fabric":
                kind = NetworkKind.Fabric;
                return true;
            case "ethereum":
                kind = NetworkKind.Ethereum;
                return true;
            case "platform":
                kind = NetworkKind.Platform;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
