using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.Adapters.Abstractions;

/// <summary>What <see cref="INetworkAdapter.GetProofAsync"/> should prove, and how.</summary>
/// <param name="Kind">The proof kind to build; one of the adapter's <see cref="AdapterCapabilities.ProofKinds"/>.</param>
/// <param name="Subject">What is proven; it becomes the envelope's subject.</param>
/// <param name="Tx">The transaction that holds the subject, when it is a transaction or an event.</param>
public sealed record ProofRequest(ProofKind Kind, ProofSubject Subject, TxRef? Tx = null);
