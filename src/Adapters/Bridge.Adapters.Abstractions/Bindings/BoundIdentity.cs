namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>
/// One identity that an <see cref="IdentityBindingStatement"/> names: a closed set of <see cref="FabricBoundIdentity"/>,
/// <see cref="EthereumBoundIdentity"/> and <see cref="PlatformBoundIdentity"/>. Values compare by content.
/// </summary>
public abstract record BoundIdentity
{
    private protected BoundIdentity()
    {
    }

    /// <summary>The network kind whose key signs for this identity.</summary>
    public abstract NetworkKind Kind { get; }

    /// <summary>A short description for logs and messages (never key material, never the whole certificate).</summary>
    public abstract string Describe();
}

/// <summary>A Fabric MSP identity: an MSP id and the identity's X.509 certificate.</summary>
/// <param name="MspId">The MSP id, e.g. <c>CarrierMSP</c>.</param>
/// <param name="CertificatePem">The PEM certificate exactly as signed over (one <c>CERTIFICATE</c> block).</param>
public sealed record FabricBoundIdentity(string MspId, string CertificatePem) : BoundIdentity
{
    /// <inheritdoc />
    public override NetworkKind Kind => NetworkKind.Fabric;

    /// <inheritdoc />
    public override string Describe() => $"fabric {MspId}";
}

/// <summary>An Ethereum account.</summary>
/// <param name="Address">The address, <c>0x</c> + 40 lower-case hex digits (the parser lower-cases it).</param>
/// <param name="ChainId">The chain the binding is meant for, when the participant restricts it to one.</param>
public sealed record EthereumBoundIdentity(string Address, long? ChainId = null) : BoundIdentity
{
    /// <inheritdoc />
    public override NetworkKind Kind => NetworkKind.Ethereum;

    /// <inheritdoc />
    public override string Describe() => ChainId is { } chain ? $"ethereum {Address} on chain {chain}" : $"ethereum {Address}";
}

/// <summary>An organisation on a TradeLens-style platform.</summary>
/// <param name="Issuer">The platform's issuer (its trust anchors' <c>issuer</c>, compared as an exact string).</param>
/// <param name="OrganizationId">The platform's id of the organisation (<c>org_id</c>).</param>
public sealed record PlatformBoundIdentity(string Issuer, string OrganizationId) : BoundIdentity
{
    /// <inheritdoc />
    public override NetworkKind Kind => NetworkKind.Platform;

    /// <inheritdoc />
    public override string Describe() => $"platform {OrganizationId} at {Issuer}";
}
