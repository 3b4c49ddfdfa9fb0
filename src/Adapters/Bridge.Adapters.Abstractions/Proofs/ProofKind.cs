using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Serialization;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// What a <see cref="ProofEnvelope"/> carries. Written in JSON as its wire name (see <see cref="ProofKinds"/>).
/// </summary>
[JsonConverter(typeof(ProofKindJsonConverter))]
public enum ProofKind
{
    /// <summary><c>fabric-endorsement</c>: signed proposal responses plus commit evidence.</summary>
    FabricEndorsement,

    /// <summary><c>ethereum-receipt</c>: a receipt, its Merkle-Patricia path to the block's receiptsRoot, and the header.</summary>
    EthereumReceipt,

    /// <summary><c>ethereum-state</c>: an EIP-1186 account/storage proof.</summary>
    EthereumState,

    /// <summary><c>platform-jws</c>: a detached JWS by the platform's signing key.</summary>
    PlatformJws,

    /// <summary><c>relay-attestation</c>: M-of-N signatures by relay signers over the message digest.</summary>
    RelayAttestation,
}

/// <summary>Wire names of <see cref="ProofKind"/> and which network kind each proof kind is checked against.</summary>
public static class ProofKinds
{
    /// <summary>The wire name, e.g. <c>fabric-endorsement</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind (a bug in the caller).</exception>
    public static string ToWireName(this ProofKind kind) => kind switch
    {
        ProofKind.FabricEndorsement => "fabric-endorsement",
        ProofKind.EthereumReceipt => "ethereum-receipt",
        ProofKind.EthereumState => "ethereum-state",
        ProofKind.PlatformJws => "platform-jws",
        ProofKind.RelayAttestation => "relay-attestation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined proof kind."),
    };

    /// <summary>Parses a wire name; matching is exact (ordinal).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ProofKind kind)
    {
        (var ok, kind) = value switch
        {
            "fabric-endorsement" => (true, ProofKind.FabricEndorsement),
            "ethereum-receipt" => (true, ProofKind.EthereumReceipt),
            "ethereum-state" => (true, ProofKind.EthereumState),
            "platform-jws" => (true, ProofKind.PlatformJws),
            "relay-attestation" => (true, ProofKind.RelayAttestation),
            _ => (false, default(ProofKind)),
        };
        return ok;
    }

    /// <summary>
    /// The network kind whose trust anchors check this proof kind, or <see langword="null"/> when any
    /// kind's anchors may be used (<see cref="ProofKind.RelayAttestation"/>).
    /// </summary>
    public static NetworkKind? NetworkKindOf(this ProofKind kind) => kind switch
    {
        ProofKind.FabricEndorsement => NetworkKind.Fabric,
        ProofKind.EthereumReceipt or ProofKind.EthereumState => NetworkKind.Ethereum,
        ProofKind.PlatformJws => NetworkKind.Platform,
        ProofKind.RelayAttestation => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined proof kind."),
    };

    /// <summary>Whether a proof of <paramref name="kind"/> can be checked against trust anchors of <paramref name="anchorsKind"/>.</summary>
    public static bool IsCheckedAgainst(this ProofKind kind, NetworkKind anchorsKind) =>
        kind.NetworkKindOf() is not { } required || required == anchorsKind;
}
