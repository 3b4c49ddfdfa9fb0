using System.Text.Json;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// A typed, self-contained proof: <c>{version, sourceNetwork, kind, subject, data}</c>. It can be saved to a
/// file (<see cref="ProofEnvelopeJson"/>) and checked later, offline, by an <see cref="IProofVerifier"/> of
/// its <see cref="Kind"/> against the source network's trust anchors.
/// </summary>
/// <param name="Version">Envelope format version; only <see cref="CurrentVersion"/> exists.</param>
/// <param name="SourceNetwork">Name of the network the proven fact comes from (as registered in the relay).</param>
/// <param name="Kind">How the fact is proven; decides the shape of <paramref name="Data"/>.</param>
/// <param name="Subject">What is proven.</param>
/// <param name="Data">The kind-specific evidence, a JSON object read only by the verifier of <paramref name="Kind"/>.</param>
public sealed record ProofEnvelope(int Version, string SourceNetwork, ProofKind Kind, ProofSubject Subject, JsonElement Data)
{
    /// <summary>The only envelope version this build reads and writes.</summary>
    public const int CurrentVersion = 1;
}
