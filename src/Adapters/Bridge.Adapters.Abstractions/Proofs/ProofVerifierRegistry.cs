using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// Dispatches a proof to the verifier of its kind. Pure composition: it holds verifiers and picks one; it does
/// no checking of its own beyond that the envelope version is known and that the anchors' network kind fits
/// the proof kind (<see cref="ProofKinds.IsCheckedAgainst"/>).
/// </summary>
public sealed class ProofVerifierRegistry
{
    private readonly Dictionary<ProofKind, IProofVerifier> _verifiers = [];

    /// <summary>Registers <paramref name="verifiers"/>.</summary>
    /// <exception cref="ArgumentException">Two verifiers claim the same kind.</exception>
    public ProofVerifierRegistry(IEnumerable<IProofVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        foreach (var verifier in verifiers)
        {
            ArgumentNullException.ThrowIfNull(verifier, nameof(verifiers));
            if (!_verifiers.TryAdd(verifier.Kind, verifier))
            {
                throw new ArgumentException(
                    $"Two verifiers for '{verifier.Kind.ToWireName()}': {_verifiers[verifier.Kind].GetType().Name} and {verifier.GetType().Name}.",
                    nameof(verifiers));
            }
        }
    }

    /// <summary>The proof kinds that have a verifier.</summary>
    public IReadOnlyCollection<ProofKind> Kinds => _verifiers.Keys;

    /// <summary>Whether a verifier for <paramref name="kind"/> is registered.</summary>
    public bool Supports(ProofKind kind) => _verifiers.ContainsKey(kind);

    /// <summary>
    /// Checks <paramref name="proof"/> against <paramref name="anchors"/> with the verifier of its kind.
    /// Returns <see cref="ProofVerdict.Invalid"/> with <see cref="ProofVerdictCodes.UnsupportedVersion"/>,
    /// <see cref="ProofVerdictCodes.KindMismatch"/> or <see cref="ProofVerdictCodes.NoVerifier"/> (checked in that
    /// order) before dispatching; otherwise the verifier's verdict.
    /// </summary>
    public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(anchors);

        if (proof.Version != ProofEnvelope.CurrentVersion)
        {
            return new ProofVerdict.Invalid(
                ProofVerdictCodes.UnsupportedVersion,
                $"proof envelope version {proof.Version} is not supported; expected {ProofEnvelope.CurrentVersion}");
        }

        if (!proof.Kind.IsCheckedAgainst(anchors.Kind))
        {
            return new ProofVerdict.Invalid(
                ProofVerdictCodes.KindMismatch,
                $"a {proof.Kind.ToWireName()} proof cannot be checked against {anchors.Kind.ToWireName()} trust anchors");
        }

        if (!_verifiers.TryGetValue(proof.Kind, out var verifier))
        {
            return new ProofVerdict.Invalid(
                ProofVerdictCodes.NoVerifier,
                $"no verifier is registered for {proof.Kind.ToWireName()} proofs");
        }

        return verifier.Verify(proof, anchors)
            ?? throw new InvalidOperationException($"{verifier.GetType().Name} returned no verdict.");
    }
}
