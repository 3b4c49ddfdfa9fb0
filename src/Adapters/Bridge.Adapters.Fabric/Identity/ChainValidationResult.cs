namespace Bridge.Adapters.Fabric.Identity;

/// <summary>Why a certificate does not chain to an MSP's roots.</summary>
public enum ChainFailure
{
    /// <summary>The chain is valid.</summary>
    None = 0,

    /// <summary>The identity names another MSP id.</summary>
    WrongMsp = 1,

    /// <summary>The certificate is a CA certificate; Fabric refuses CA certificates as identities.</summary>
    CertificateIsCa = 2,

    /// <summary>The certificate or one of its issuers is expired at the given time.</summary>
    Expired = 3,

    /// <summary>The certificate or one of its issuers is not yet valid at the given time.</summary>
    NotYetValid = 4,

    /// <summary>No chain to one of the MSP's root CAs (through its intermediates) exists.</summary>
    UntrustedChain = 5,

    /// <summary>A certificate's signature in the chain does not verify.</summary>
    InvalidSignature = 6,

    /// <summary>Another X.509 problem (basic constraints, key usage, ...); see the reason text.</summary>
    Other = 7,
}

/// <summary>The verdict of <see cref="MspTrust.Validate(FabricIdentity, DateTimeOffset)"/>.</summary>
/// <param name="Failure">What failed, or <see cref="ChainFailure.None"/>.</param>
/// <param name="Reason">A human-readable explanation (empty when valid).</param>
public sealed record ChainValidationResult(ChainFailure Failure, string Reason)
{
    /// <summary>A valid chain.</summary>
    public static ChainValidationResult Valid { get; } = new(ChainFailure.None, string.Empty);

    /// <summary>True when the certificate chains to the MSP's roots at the given time.</summary>
    public bool IsValid => Failure == ChainFailure.None;
}
