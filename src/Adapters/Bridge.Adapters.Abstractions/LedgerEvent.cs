using System.Globalization;

namespace Bridge.Adapters.Abstractions;

/// <summary>One event from a network's subscription.</summary>
/// <param name="ProtocolId">
/// The event's position, unique per network and ordered by ordinal string comparison (see
/// <see cref="FormatProtocolId"/>); the checkpoint to resume after it.
/// </param>
/// <param name="Tx">The transaction that emitted it.</param>
/// <param name="Name">The event name (chaincode event name, Solidity event name, platform event type).</param>
/// <param name="Payload">The event's payload bytes as the network delivered them (usually UTF-8 JSON).</param>
/// <param name="Retracted">
/// When true, this is not a new event but the retraction of one delivered earlier with the same
/// <paramref name="ProtocolId"/>: its block left the canonical chain (a reorganisation), so consumers undo it. The
/// events of the new chain follow, in order. Only networks without instant finality (Ethereum) retract.
/// </param>
public sealed record LedgerEvent(string ProtocolId, TxRef Tx, string Name, ReadOnlyMemory<byte> Payload, bool Retracted = false)
{
    /// <summary>
    /// What a proof of this event is built for (id and digest as the adapter's proof builder defines them), so that a
    /// proof requested with it proves exactly the bytes this event was decoded from; null when the adapter cannot say.
    /// </summary>
    public Proofs.ProofSubject? Subject { get; init; }

    /// <summary>
    /// The sortable protocol id of the <paramref name="eventIndex"/>-th event of the
    /// <paramref name="transactionIndex"/>-th transaction of block <paramref name="blockNumber"/>: fixed-width,
    /// zero-padded decimals, e.g. <c>00000000000000000012/0000000003/0000000001</c>, so that ordinal order is
    /// ledger order.
    /// </summary>
    public static string FormatProtocolId(ulong blockNumber, uint transactionIndex, uint eventIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{blockNumber:D20}/{transactionIndex:D10}/{eventIndex:D10}");

    /// <summary>A checkpoint that resumes after this event.</summary>
    public Checkpoint ToCheckpoint() => new(ProtocolId);
}

/// <summary>Where a subscription resumes: strictly after the event with this <see cref="LedgerEvent.ProtocolId"/>.</summary>
/// <param name="ProtocolId">The protocol id of the last event the consumer processed.</param>
public sealed record Checkpoint(string ProtocolId);
