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
/// A Fabric endorsement policy, in one of two forms (docs/fabric.md, "Trust anchors"):
/// <list type="bullet">
/// <item><see cref="NOfType"/> (<see cref="N"/>, <see cref="MspIds"/>): at least N distinct organisations among MspIds.
/// It is defined as the signature policy <c>n_out_of(N, [signed_by 0, signed_by 1, …])</c> over one MEMBER principal per
/// MSP id, which is what Fabric's <c>OutOf(N, 'A.member', 'B.member', …)</c> compiles to.</item>
/// <item><see cref="SignatureType"/> (<see cref="Identities"/>, <see cref="Rule"/>): Fabric's
/// <c>common.SignaturePolicyEnvelope</c> (hyperledger/fabric-protos <c>common/policies.proto</c>) in JSON, with ROLE
/// principals only (<c>msp/msp_principal.proto</c> MSPRole).</item>
/// </list>
/// <see cref="TrustAnchorsJson.Parse"/> validates either form; the Fabric adapter evaluates them (one identity per principal,
/// as Fabric's <c>common/cauthdsl</c> does).
/// </summary>
public sealed record FabricEndorsementPolicy
{
    /// <summary>Wire name of the "at least N distinct organisations among MspIds" policy.</summary>
    public const string NOfType = "n-of";

    /// <summary>Wire name of the signature policy (principals and a rule of nested n_out_of / signed_by).</summary>
    public const string SignatureType = "signature";

    /// <summary>An <see cref="NOfType"/> policy (or, with another <paramref name="type"/>, one that is never satisfied).</summary>
    /// <param name="type">The policy type; <c>n-of</c>.</param>
    /// <param name="n">How many distinct organisations must endorse, 1 to the number of <paramref name="mspIds"/>.</param>
    /// <param name="mspIds">The organisations whose endorsements count; each one of the anchors' MSPs.</param>
    public FabricEndorsementPolicy(string type, int n, IReadOnlyList<string> mspIds)
    {
        Type = type;
        N = n;
        MspIds = mspIds;
    }

    private FabricEndorsementPolicy(IReadOnlyList<FabricPrincipal> identities, FabricPolicyRule rule)
    {
        Type = SignatureType;
        Identities = identities;
        Rule = rule;
    }

    /// <summary>The policy type: <see cref="NOfType"/> or <see cref="SignatureType"/>.</summary>
    public string Type { get; init; }

    /// <summary><see cref="NOfType"/> only: how many distinct organisations must endorse.</summary>
    public int? N { get; init; }

    /// <summary><see cref="NOfType"/> only: the organisations whose endorsements count.</summary>
    public IReadOnlyList<string>? MspIds { get; init; }

    /// <summary><see cref="SignatureType"/> only: the principals that <see cref="FabricPolicyRule.SignedBy"/> indexes.</summary>
    public IReadOnlyList<FabricPrincipal>? Identities { get; init; }

    /// <summary><see cref="SignatureType"/> only: the rule over <see cref="Identities"/>.</summary>
    public FabricPolicyRule? Rule { get; init; }

    /// <summary>
    /// The MSP ids the policy names, in order of first mention, without repeats (for n-of, <see cref="MspIds"/>): the
    /// organisations whose peers are asked to endorse and to attest blocks.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> Organizations =>
        Type == NOfType ? MspIds ?? [] : [.. (Identities ?? []).Select(p => p.MspId).Distinct(StringComparer.Ordinal)];

    /// <summary>A <see cref="SignatureType"/> policy.</summary>
    public static FabricEndorsementPolicy Signature(IReadOnlyList<FabricPrincipal> identities, FabricPolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(rule);
        return new FabricEndorsementPolicy(identities, rule);
    }

    /// <summary>
    /// The policy as principals and a rule: itself for a signature policy; for n-of, <c>n_out_of(N, signed_by i)</c> over
    /// one MEMBER principal per MSP id. Null for an unknown type or a policy missing its parts (never satisfied).
    /// </summary>
    public (IReadOnlyList<FabricPrincipal> Identities, FabricPolicyRule Rule)? AsSignaturePolicy()
    {
        if (Type == SignatureType && Identities is { } identities && Rule is { } rule)
        {
            return (identities, rule);
        }

        if (Type == NOfType && N is { } n && MspIds is { } mspIds)
        {
            return (
                [.. mspIds.Select(id => new FabricPrincipal(id, FabricPrincipal.MemberRole))],
                FabricPolicyRule.OutOf(n, [.. Enumerable.Range(0, mspIds.Count).Select(FabricPolicyRule.Signed)]));
        }

        return null;
    }

    /// <summary>The policy in Fabric's policy language, e.g. <c>OutOf(2, 'CarrierMSP.peer', 'BankMSP.peer')</c>.</summary>
    public override string ToString()
    {
        if (AsSignaturePolicy() is not var (identities, rule))
        {
            return $"unknown policy type '{Type}'";
        }

        return Describe(rule, identities);

        static string Describe(FabricPolicyRule rule, IReadOnlyList<FabricPrincipal> identities) => rule switch
        {
            { SignedBy: { } index } => index >= 0 && index < identities.Count ? $"'{identities[index]}'" : $"'#{index}'",
            { NOutOf: { } outOf } => $"OutOf({outOf.N}, {string.Join(", ", outOf.Rules.Select(r => Describe(r, identities)))})",
            _ => "'?'",
        };
    }
}

/// <summary>
/// A ROLE principal of a signature policy (Fabric <c>common.MSPRole</c>): identities of <paramref name="MspId"/> in
/// <paramref name="Role"/>.
/// </summary>
/// <param name="MspId">The MSP id; one of the anchors' MSPs.</param>
/// <param name="Role">
/// <see cref="MemberRole"/> (any valid identity of the MSP), or <see cref="AdminRole"/>, <see cref="ClientRole"/>,
/// <see cref="PeerRole"/>, <see cref="OrdererRole"/>: a valid identity whose certificate carries that Fabric NodeOU.
/// </param>
public sealed record FabricPrincipal(string MspId, string Role)
{
    /// <summary>MSPRole MEMBER (0).</summary>
    public const string MemberRole = "member";

    /// <summary>MSPRole ADMIN (1).</summary>
    public const string AdminRole = "admin";

    /// <summary>MSPRole CLIENT (2).</summary>
    public const string ClientRole = "client";

    /// <summary>MSPRole PEER (3).</summary>
    public const string PeerRole = "peer";

    /// <summary>MSPRole ORDERER (4).</summary>
    public const string OrdererRole = "orderer";

    /// <summary>The roles, in MSPRole's numbering order.</summary>
    public static IReadOnlyList<string> Roles { get; } = [MemberRole, AdminRole, ClientRole, PeerRole, OrdererRole];

    /// <summary>Fabric's notation, e.g. <c>CarrierMSP.peer</c>.</summary>
    public override string ToString() => $"{MspId}.{Role}";
}

/// <summary>
/// A rule of a signature policy (Fabric <c>common.SignaturePolicy</c>): exactly one of <paramref name="SignedBy"/> (an
/// index into the policy's identities) and <paramref name="NOutOf"/>.
/// </summary>
/// <param name="SignedBy">Satisfied by one identity, not used by another principal, that satisfies <c>identities[SignedBy]</c>.</param>
/// <param name="NOutOf">Satisfied when at least n of its rules are.</param>
public sealed record FabricPolicyRule(int? SignedBy = null, FabricNOutOf? NOutOf = null)
{
    /// <summary><c>signed_by</c> <paramref name="index"/>.</summary>
    public static FabricPolicyRule Signed(int index) => new(SignedBy: index);

    /// <summary><c>n_out_of</c> <paramref name="n"/> of <paramref name="rules"/>.</summary>
    public static FabricPolicyRule OutOf(int n, IReadOnlyList<FabricPolicyRule> rules) => new(NOutOf: new FabricNOutOf(n, rules));
}

/// <summary>Fabric <c>SignaturePolicy.NOutOf</c>: at least <paramref name="N"/> of <paramref name="Rules"/>.</summary>
/// <param name="N">How many rules must hold, 1 to the number of rules.</param>
/// <param name="Rules">The sub-rules, at least one.</param>
public sealed record FabricNOutOf(int N, IReadOnlyList<FabricPolicyRule> Rules);

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
