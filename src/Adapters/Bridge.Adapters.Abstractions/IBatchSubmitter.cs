namespace Bridge.Adapters.Abstractions;

/// <summary>One command of a batch, with its own idempotency key.</summary>
/// <param name="Command">The command.</param>
/// <param name="IdempotencyKey">The key that makes submitting this command again return its first outcome.</param>
public sealed record BatchCommand(LedgerCommand Command, string IdempotencyKey);

/// <summary>
/// An adapter that can put several commands into one ledger transaction (docs/relay.md "Batches"), so that a relay moving
/// many messages to one network pays for one endorsement, ordering and commit instead of one per message. Each command keeps
/// its own idempotency key: a command applied before (by an earlier batch or on its own) is not applied again, and its
/// result is the earlier arrival's.
/// </summary>
public interface IBatchSubmitter
{
    /// <summary>The most commands one call takes.</summary>
    int MaxBatchSize { get; }

    /// <summary>Whether <paramref name="command"/> may go into a batch (others are submitted alone).</summary>
    bool CanBatch(LedgerCommand command);

    /// <summary>
    /// Submits <paramref name="commands"/> (each one <see cref="CanBatch"/> admits, at most <see cref="MaxBatchSize"/>) in as few
    /// transactions as the ledger allows and waits for their commit; returns one result per command, in order. A command the
    /// ledger refuses is <see cref="SubmitResult.Rejected"/> on its own and does not hold back the others.
    /// </summary>
    /// <exception cref="AdapterException">The network failed; nothing can be said about the batch (submitting it again is safe).</exception>
    Task<IReadOnlyList<SubmitResult>> SubmitBatchAsync(IReadOnlyList<BatchCommand> commands, CancellationToken cancellationToken);
}
