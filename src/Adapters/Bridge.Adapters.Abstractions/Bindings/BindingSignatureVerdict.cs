namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>
/// The typed outcome of checking one identity's signature over an <see cref="IdentityBindingStatement"/>:
/// <see cref="Valid"/> or <see cref="Invalid"/>. A bad signature is a value, never an exception.
/// </summary>
public abstract record BindingSignatureVerdict
{
    private BindingSignatureVerdict()
    {
    }

    /// <summary>Whether this is a <see cref="Valid"/> verdict.</summary>
    public bool IsValid => this is Valid;

    /// <summary>The identity's key signed the statement, and the identity is anchored.</summary>
    /// <param name="Signer">Who signed, as the kind names it: <c>{mspId}::{subject CN}</c>, the address, or the platform key id.</param>
    /// <param name="NotAfter">
    /// When the evidence stops vouching for the identity, when it says: the certificate's NotAfter (Fabric) or the
    /// membership statement's <c>exp</c> (platform); null for Ethereum. A relay may cap the binding's expiry with it.
    /// </param>
    public sealed record Valid(string Signer, DateTimeOffset? NotAfter = null) : BindingSignatureVerdict;

    /// <summary>The signature does not bind the identity.</summary>
    /// <param name="Code">A stable code, one of <see cref="BindingSignatureCodes"/>.</param>
    /// <param name="Reason">What is wrong, for people (never key material).</param>
    public sealed record Invalid(string Code, string Reason) : BindingSignatureVerdict;
}

/// <summary>Stable codes of <see cref="BindingSignatureVerdict.Invalid"/> (docs/bindings.md "Codes"). Clients may switch on them.</summary>
public static class BindingSignatureCodes
{
    /// <summary>No verifier is registered for the identity's network kind.</summary>
    public const string NoVerifier = "no-verifier";

    /// <summary>The trust anchors or the identity are of another network kind than the verifier's.</summary>
    public const string KindMismatch = "kind-mismatch";

    /// <summary>The statement does not name the identity.</summary>
    public const string IdentityNotInStatement = "identity-not-in-statement";

    /// <summary>The signature text cannot be decoded (wrong encoding, length or structure).</summary>
    public const string MalformedSignature = "malformed-signature";

    /// <summary>An ECDSA signature with s above n/2; Fabric peers and Ethereum (EIP-2) refuse these.</summary>
    public const string HighS = "high-s";

    /// <summary>The signature does not verify with the identity's key over this statement.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>The identity's certificate or the signing key is not anchored (unknown MSP, foreign CA, unknown key id).</summary>
    public const string UntrustedSigner = "untrusted-signer";

    /// <summary>The certificate, or the membership statement, is not valid at the statement's <c>issuedAt</c>.</summary>
    public const string Expired = "expired";

    /// <summary>The identity or the anchors name another chain.</summary>
    public const string WrongChain = "wrong-chain";

    /// <summary>The identity, or the membership statement, names another platform issuer than the anchors.</summary>
    public const string WrongIssuer = "wrong-issuer";

    /// <summary>The JWS uses an algorithm other than ES256 (<c>none</c> and HMAC included).</summary>
    public const string UnsupportedAlgorithm = "unsupported-algorithm";

    /// <summary>The platform's statement is not a membership statement (another token type or <c>typ</c>).</summary>
    public const string WrongStatementType = "wrong-statement-type";

    /// <summary>The membership statement names another organisation than the bound one.</summary>
    public const string WrongOrganization = "wrong-organization";

    /// <summary>The platform's statement is about another binding statement (its digest differs).</summary>
    public const string DigestMismatch = "digest-mismatch";
}
