using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// Validation codes of <see cref="ProofEnvelopeJson.Parse"/> beyond those of
/// <see cref="Bridge.Canonical.Validation.ValidationCodes"/>.
/// </summary>
public static class ProofEnvelopeCodes
{
    /// <summary>The input is not well-formed JSON (path is the empty pointer).</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>The envelope's <c>version</c> is not one this build understands.</summary>
    public const string UnsupportedVersion = "unsupported-version";

    /// <summary>A member that the envelope format does not define; the path names it.</summary>
    public const string UnknownMember = TrustAnchorCodes.UnknownMember;
}
