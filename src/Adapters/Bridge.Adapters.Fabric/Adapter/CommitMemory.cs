using Bridge.Adapters.Fabric.Gateway;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// The commit statuses of the transactions this adapter submitted and saw committed (the <c>CommitStatus</c> answer names
/// the block and the validation code, which never change once committed; fabric-wire.md §2.4), so that the finality of
/// its own submissions needs no gateway call. Only commits are remembered, never "not found". Bounded: the oldest
/// statuses are forgotten first (the ledger stays the record). Thread-safe.
/// </summary>
internal sealed class CommitMemory
{
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FabricCommitStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Creates a memory of at most <paramref name="capacity"/> statuses.</summary>
    public CommitMemory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many statuses are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _statuses.Count;
            }
        }
    }

    /// <summary>Remembers the commit of <paramref name="status"/>'s transaction (a later status for the same id is ignored: the first commit is the answer).</summary>
    public void Remember(FabricCommitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            if (!_statuses.TryAdd(status.TransactionId, status))
            {
                return;
            }

            _order.Enqueue(status.TransactionId);
            while (_order.Count > _capacity)
            {
                _statuses.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The remembered commit of <paramref name="txId"/>, if any.</summary>
    public bool TryGet(string txId, out FabricCommitStatus status)
    {
        lock (_gate)
        {
            return _statuses.TryGetValue(txId, out status!);
        }
    }
}
