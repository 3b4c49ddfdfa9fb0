using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>
/// Checks the signature by which one identity of one network <see cref="Kind"/> signs an
/// <see cref="IdentityBindingStatement"/>. A pure function of (statement, identity, signature, trust anchors): no I/O, no
/// clock (times are the statement's <see cref="IdentityBindingStatement.IssuedAt"/>), no exception for bad input;
/// exceptions are for bugs (null arguments).
/// </summary>
public interface IBindingSignatureVerifier
{
    /// <summary>The network kind whose identities this verifier checks.</summary>
    NetworkKind Kind { get; }

    /// <summary>
    /// Whether <paramref name="signature"/> (in the kind's text form, docs/bindings.md) shows that
    /// <paramref name="identity"/>, which <paramref name="statement"/> must name, signed the statement, judged against the
    /// anchors of the identity's network.
    /// </summary>
    BindingSignatureVerdict Verify(IdentityBindingStatement statement, BoundIdentity identity, string signature, TrustAnchors anchors);
}
