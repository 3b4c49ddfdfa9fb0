namespace Bridge.Adapters.Fabric.Identity;

/// <summary>The elliptic curves Fabric's X.509 MSP identities use here (fabric-wire.md §2.1: P-256 and P-384).</summary>
public enum FabricCurve
{
    /// <summary>NIST P-256 (secp256r1).</summary>
    P256 = 1,

    /// <summary>NIST P-384 (secp384r1).</summary>
    P384 = 2,
}
