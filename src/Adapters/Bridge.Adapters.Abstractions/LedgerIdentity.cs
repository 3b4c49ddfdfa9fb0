namespace Bridge.Adapters.Abstractions;

/// <summary>The identity an adapter acts as on its network.</summary>
/// <param name="Kind">The network kind.</param>
/// <param name="Id">
/// The identity: on Fabric the certificate subject, on Ethereum the <c>0x</c> address, on a platform the
/// client id.
/// </param>
/// <param name="Organization">The organisation: the Fabric MSP id or the platform organisation id; null on Ethereum.</param>
/// <param name="CertificatePem">The Fabric X.509 certificate in PEM; null elsewhere.</param>
public sealed record LedgerIdentity(NetworkKind Kind, string Id, string? Organization = null, string? CertificatePem = null);
