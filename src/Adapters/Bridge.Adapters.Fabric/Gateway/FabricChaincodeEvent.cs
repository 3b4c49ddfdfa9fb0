using System.Text;
using Bridge.Adapters.Fabric.Protos.Orderer;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>Where processing of chaincode events stands: the block and transaction of the last event handled.</summary>
/// <param name="BlockNumber">The block of the last event processed.</param>
/// <param name="TransactionId">The transaction of the last event processed.</param>
public sealed record FabricEventCheckpoint(ulong BlockNumber, string TransactionId);

/// <summary>One chaincode event of a committed, valid transaction (<c>protos.ChaincodeEvent</c>, fabric-wire.md §1.2).</summary>
/// <param name="BlockNumber">The block holding the transaction.</param>
/// <param name="TransactionId">The transaction that emitted the event.</param>
/// <param name="ChaincodeName">The chaincode.</param>
/// <param name="EventName">The event name.</param>
/// <param name="Payload">The event payload.</param>
public sealed record FabricChaincodeEvent(ulong BlockNumber, string TransactionId, string ChaincodeName, string EventName, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Gets the checkpoint to store once this event is processed (resume with <see cref="ChaincodeEventPosition.After"/>).</summary>
    public FabricEventCheckpoint Checkpoint => new(BlockNumber, TransactionId);

    /// <summary>Gets the payload as UTF-8 text.</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>
/// Where a chaincode event stream starts (<c>ChaincodeEventsRequest.start_position</c> and
/// <c>after_transaction_id</c>, fabric-wire.md §1.2, §3.1).
/// </summary>
public sealed record ChaincodeEventPosition
{
    private ChaincodeEventPosition(ulong? blockNumber, string? afterTransactionId)
    {
        BlockNumber = blockNumber;
        AfterTransactionId = afterTransactionId;
    }

    /// <summary>Gets the events of blocks committed from now on (<c>next_commit</c>; the official client's default).</summary>
    public static ChaincodeEventPosition NextCommit { get; } = new(null, null);

    /// <summary>Gets the start block; <see langword="null"/> for the next commit.</summary>
    public ulong? BlockNumber { get; }

    /// <summary>Gets the transaction after which events are delivered (those up to and including it in the start block are skipped).</summary>
    public string? AfterTransactionId { get; }

    /// <summary>Every event from block <paramref name="blockNumber"/> on (<c>specified{number}</c>).</summary>
    /// <param name="blockNumber">The first block to read.</param>
    /// <returns>The position.</returns>
    public static ChaincodeEventPosition FromBlock(ulong blockNumber) => new(blockNumber, null);

    /// <summary>
    /// The events after a checkpoint: start at its block and skip events up to and including its transaction, as the
    /// official client's checkpointer resumes (<c>specified{number}</c> + <c>after_transaction_id</c>).
    /// </summary>
    /// <param name="checkpoint">The last event processed.</param>
    /// <returns>The position.</returns>
    public static ChaincodeEventPosition After(FabricEventCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.TransactionId);
        return new ChaincodeEventPosition(checkpoint.BlockNumber, checkpoint.TransactionId);
    }

    internal SeekPosition ToSeekPosition() => BlockNumber is { } number
        ? new SeekPosition { Specified = new SeekSpecified { Number = number } }
        : new SeekPosition { NextCommit = new SeekNextCommit() };
}
