using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.Adapters.Abstractions;

/// <summary>
/// The bridge's view of one network. Implementations live in one project per network kind; the relay sees
/// only this contract. Expected outcomes (rejected, not found, not final yet) are values; network faults
/// throw <see cref="AdapterException"/>, which says whether retrying can help.
/// </summary>
public interface INetworkAdapter
{
    /// <summary>The kind of network this adapter speaks to.</summary>
    NetworkKind Kind { get; }

    /// <summary>What this adapter can do; constant for the adapter's lifetime.</summary>
    AdapterCapabilities Capabilities { get; }

    /// <summary>Which identity the adapter signs with on the network (MSP id and certificate, address, organisation).</summary>
    ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Submits <paramref name="command"/>. Submitting again with the same <paramref name="idempotencyKey"/>
    /// must not apply the command twice; it returns the first submission's outcome.
    /// </summary>
    Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Reads ledger state without changing it.</summary>
    Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the bridge's events in <see cref="LedgerEvent.ProtocolId"/> order, starting after
    /// <paramref name="from"/> (from the beginning when null). At-least-once: after a restart from a stored
    /// checkpoint an event may come again, so consumers de-duplicate by protocol id. After a reorganisation the
    /// stream goes back: retractions (<see cref="LedgerEvent.Retracted"/>) of the orphaned events, newest first,
    /// then the new chain's events from the fork point.
    /// </summary>
    IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, CancellationToken cancellationToken);

    /// <summary>Builds the proof of a transaction, event or state, checkable offline by the verifier of its kind.</summary>
    Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken);

    /// <summary>How final <paramref name="tx"/> is under the network's finality model.</summary>
    Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken);
}
