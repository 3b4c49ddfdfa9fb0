namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>
/// Validation codes of <see cref="TrustAnchorsJson.Parse"/> beyond those of
/// <see cref="Bridge.Canonical.Validation.ValidationCodes"/>. Stable: clients may switch on them.
/// </summary>
public static class TrustAnchorCodes
{
    /// <summary>A member that the format does not define (often a misspelling); the path names it.</summary>
    public const string UnknownMember = "unknown-member";

    /// <summary>A root certificate that is not one PEM X.509 certificate of a CA (basic constraints CA=true).</summary>
    public const string InvalidCertificate = "invalid-certificate";

    /// <summary>A JWK that carries private or symmetric key material; trust anchors hold public keys only.</summary>
    public const string PrivateKeyMaterial = "private-key-material";
}
