using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Serialization;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>
/// What a network's proofs are checked against. A closed set: <see cref="FabricTrustAnchors"/>,
/// <see cref="EthereumTrustAnchors"/>, <see cref="PlatformTrustAnchors"/>. Read and validated by
/// <see cref="TrustAnchorsJson.Parse"/>; written by <see cref="TrustAnchorsJson.ToJson"/>. The JSON does not
/// carry the kind: it is stored beside the anchors (the network's kind).
/// </summary>
/// <remarks>
/// Collections compare by reference under record equality; compare <see cref="TrustAnchorsJson.ToJson"/>
/// output to compare contents.
/// </remarks>
public abstract record TrustAnchors
{
    private protected TrustAnchors()
    {
    }

    /// <summary>The network kind these anchors belong to.</summary>
    [JsonIgnore]
    public abstract NetworkKind Kind { get; }
}

/// <summary>Trust anchors of a Fabric network: where the bridge's chaincode runs and whose endorsements count.</summary>
/// <param name="Channel">The channel name (Fabric channel-name rules).</param>
/// <param name="Chaincode">The chaincode name (Fabric chaincode-name rules).</param>
/// <param name="Msps">The organisations whose identities are trusted, each with its root CA certificates.</param>
/// <param name="EndorsementPolicy">Which endorsements make a transaction count.</param>
public sealed record FabricTrustAnchors(
    string Channel,
    string Chaincode,
    IReadOnlyList<FabricMsp> Msps,
    FabricEndorsementPolicy EndorsementPolicy) : TrustAnchors
{
    /// <inheritdoc />
    [JsonIgnore]
    public override NetworkKind Kind => NetworkKind.Fabric;
}

/// <summary>One Fabric organisation (MSP) and the root CA certificates its identities chain to.</summary>
/// <param name="MspId">The MSP id, e.g. <c>CarrierMSP</c>; unique within the anchors.</param>
/// <param name="RootCertificates">PEM-encoded X.509 CA certificates (basic constraints CA=true), one per entry.</param>
public sealed record FabricMsp(string MspId, IReadOnlyList<string> RootCertificates);

/// <summary>
/// A Fabric endorsement policy. The only type so far is <see cref="NOfType"/>: at least <paramref name="N"/>
/// distinct organisations among <paramref name="MspIds"/> must endorse.
/// </summary>
/// <param name="Type">The policy type; <c>n-of</c>.</param>
/// <param name="N">How many distinct organisations must endorse, 1 to the number of <paramref name="MspIds"/>.</param>
/// <param name="MspIds">The organisations whose endorsements count; each one of the anchors' MSPs.</param>
public sealed record FabricEndorsementPolicy(string Type, int N, IReadOnlyList<string> MspIds)
{
    /// <summary>Wire name of the "at least N distinct organisations among MspIds" policy.</summary>
    public const string NOfType = "n-of";

    /// <summary>
    /// Whether endorsements by <paramref name="endorsingMspIds"/> (already verified, one entry per valid
    /// endorsement; repeats allowed) satisfy the policy: at least <see cref="N"/> distinct listed MSPs.
    /// </summary>
    public bool IsSatisfiedBy(IEnumerable<string> endorsingMspIds)
    {
        ArgumentNullException.ThrowIfNull(endorsingMspIds);
        if (!string.Equals(Type, NOfType, StringComparison.Ordinal))
        {
            return false;
        }

        var distinct = endorsingMspIds
            .Where(id => MspIds.Contains(id, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Count();
        return N >= 1 && distinct >= N;
    }
}

/// <summary>Trust anchors of an Ethereum network: the chain, the bridge's contracts and when a block counts as final.</summary>
/// <param name="ChainId">The EIP-155 chain id, greater than zero.</param>
/// <param name="Contracts">
/// Contract addresses by role name (camelCase, e.g. <see cref="AnchorRegistryRole"/>), each <c>0x</c> + 40 hex digits.
/// </param>
/// <param name="Finality">The finality rule.</param>
/// <param name="TrustedBlocks">
/// Block hashes the verifier trusts (checkpoints): an <c>ethereum-receipt</c> proof must carry a header chain that reaches
/// one of them. Without any, receipt proofs fail closed. Static files name them for offline checks; the relay adds its
/// own node's current head when it verifies.
/// </param>
public sealed record EthereumTrustAnchors(
    long ChainId,
    IReadOnlyDictionary<string, string> Contracts,
    EthereumFinality Finality,
    IReadOnlyList<EthereumTrustedBlock>? TrustedBlocks = null) : TrustAnchors
{
    /// <summary>Role name of the document anchor registry contract.</summary>
    public const string AnchorRegistryRole = "anchorRegistry";

    /// <summary>Role name of the title escrow (lock/mint/burn/release) contract.</summary>
    public const string TitleEscrowRole = "titleEscrow";

    /// <inheritdoc />
    [JsonIgnore]
    public override NetworkKind Kind => NetworkKind.Ethereum;
}

/// <summary>A block the verifier trusts: its number and hash.</summary>
/// <param name="Number">The block number, 0 or more.</param>
/// <param name="Hash">The block hash: <c>0x</c> and 64 lower-case hex digits.</param>
public sealed record EthereumTrustedBlock(long Number, string Hash);

/// <summary>When an Ethereum transaction counts as final.</summary>
/// <param name="Confirmations">Blocks needed on top of the including block, 0 to 1000.</param>
public sealed record EthereumFinality(int Confirmations);

/// <summary>Trust anchors of a TradeLens-style platform: who issues its statements and the keys it signs them with.</summary>
/// <param name="Issuer">The platform's issuer identifier, an absolute http(s) URI, compared as an exact string.</param>
/// <param name="Jwks">The platform's public signing keys.</param>
public sealed record PlatformTrustAnchors(string Issuer, JsonWebKeySet Jwks) : TrustAnchors
{
    /// <inheritdoc />
    [JsonIgnore]
    public override NetworkKind Kind => NetworkKind.Platform;
}

/// <summary>A JWK set (RFC 7517 §5) of public keys.</summary>
/// <param name="Keys">The keys; <c>kid</c>s are unique.</param>
public sealed record JsonWebKeySet(IReadOnlyList<JsonWebKey> Keys);

/// <summary>
/// One public JSON Web Key (RFC 7517). <see cref="Kty"/> and <see cref="Kid"/> are typed; every other member
/// (<c>crv</c>, <c>x</c>, <c>y</c>, <c>n</c>, <c>e</c>, <c>alg</c>, <c>use</c>, …) is kept as read, in order, in
/// <see cref="Parameters"/> and written back flat.
/// </summary>
/// <param name="Kty">Key type: <c>EC</c>, <c>RSA</c> or <c>OKP</c>.</param>
/// <param name="Kid">Key id, unique within the set.</param>
/// <param name="Parameters">The other JWK members by name.</param>
[JsonConverter(typeof(JsonWebKeyConverter))]
public sealed record JsonWebKey(string Kty, string Kid, IReadOnlyDictionary<string, JsonElement> Parameters);
