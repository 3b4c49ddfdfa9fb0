using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// Checks proofs of one <see cref="Kind"/>. Verification is a pure function of (proof, trust anchors): no I/O,
/// no clock, no state, and no exception for an invalid proof; exceptions are reserved for bugs.
/// </summary>
public interface IProofVerifier
{
    /// <summary>The proof kind this verifier checks.</summary>
    ProofKind Kind { get; }

    /// <summary>
    /// Checks <paramref name="proof"/> against <paramref name="anchors"/>. Returns
    /// <see cref="ProofVerdict.NotApplicable"/> when the anchors are for another network kind.
    /// </summary>
    ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors);
}
