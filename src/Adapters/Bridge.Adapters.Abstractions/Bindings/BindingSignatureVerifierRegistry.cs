using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>
/// Dispatches a binding signature to the verifier of its identity's network kind. Pure composition: besides picking the
/// verifier it checks only that the statement names the identity and that the anchors are of the identity's kind.
/// </summary>
public sealed class BindingSignatureVerifierRegistry
{
    private readonly Dictionary<NetworkKind, IBindingSignatureVerifier> _verifiers = [];

    /// <summary>Registers <paramref name="verifiers"/>.</summary>
    /// <exception cref="ArgumentException">Two verifiers claim the same kind.</exception>
    public BindingSignatureVerifierRegistry(IEnumerable<IBindingSignatureVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        foreach (var verifier in verifiers)
        {
            ArgumentNullException.ThrowIfNull(verifier, nameof(verifiers));
            if (!_verifiers.TryAdd(verifier.Kind, verifier))
            {
                throw new ArgumentException(
                    $"Two binding verifiers for '{verifier.Kind.ToWireName()}': {_verifiers[verifier.Kind].GetType().Name} and {verifier.GetType().Name}.",
                    nameof(verifiers));
            }
        }
    }

    /// <summary>The network kinds that have a verifier.</summary>
    public IReadOnlyCollection<NetworkKind> Kinds => _verifiers.Keys;

    /// <summary>
    /// Checks one identity's signature. Returns <see cref="BindingSignatureVerdict.Invalid"/> with
    /// <see cref="BindingSignatureCodes.IdentityNotInStatement"/>, <see cref="BindingSignatureCodes.KindMismatch"/> or
    /// <see cref="BindingSignatureCodes.NoVerifier"/> (checked in that order) before dispatching; otherwise the verifier's verdict.
    /// </summary>
    public BindingSignatureVerdict Verify(IdentityBindingStatement statement, BoundIdentity identity, string signature, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(anchors);
        if (!statement.Names(identity))
        {
            return new BindingSignatureVerdict.Invalid(BindingSignatureCodes.IdentityNotInStatement, $"the statement does not name {identity.Describe()}");
        }

        if (identity.Kind != anchors.Kind)
        {
            return new BindingSignatureVerdict.Invalid(
                BindingSignatureCodes.KindMismatch,
                $"a {identity.Kind.ToWireName()} identity cannot be checked against {anchors.Kind.ToWireName()} trust anchors");
        }

        if (!_verifiers.TryGetValue(identity.Kind, out var verifier))
        {
            return new BindingSignatureVerdict.Invalid(BindingSignatureCodes.NoVerifier, $"no binding verifier is registered for {identity.Kind.ToWireName()}");
        }

        return verifier.Verify(statement, identity, signature, anchors)
            ?? throw new InvalidOperationException($"{verifier.GetType().Name} returned no verdict.");
    }
}
