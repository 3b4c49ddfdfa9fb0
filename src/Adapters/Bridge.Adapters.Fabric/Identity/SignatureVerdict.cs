namespace Bridge.Adapters.Fabric.Identity;

/// <summary>The outcome of checking one signature against a <see cref="FabricIdentity"/>.</summary>
public enum SignatureVerdict
{
    /// <summary>A low-S DER ECDSA signature over SHA-256 of the data by the identity's key.</summary>
    Valid = 0,

    /// <summary>Not a strict DER <c>SEQUENCE { INTEGER r, INTEGER s }</c> with 0 &lt; r, s &lt; n.</summary>
    Malformed = 1,

    /// <summary>Well-formed but s &gt; n/2; Fabric peers reject it (fabric-wire.md §2.1).</summary>
    HighS = 2,

    /// <summary>Well-formed, low S, but not made by this key over this data.</summary>
    Invalid = 3,
}
