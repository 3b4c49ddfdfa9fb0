namespace Bridge.Adapters.Platform.Webhooks;

/// <summary>
/// Remembers webhook delivery ids to refuse replays (docs/platform.md: a delivery id seen before → 409 "replayed",
/// nothing stored). The host keeps a durable one; <see cref="InMemoryDeliveryLedger"/> serves tests and single processes.
/// </summary>
public interface IDeliveryLedger
{
    /// <summary>
    /// Records <paramref name="deliveryId"/> until <paramref name="expiresAt"/>. True when it was not known (first
    /// sight), false when it was already recorded and not yet expired (a replay).
    /// </summary>
    ValueTask<bool> TryRecordAsync(string deliveryId, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}

/// <summary>
/// An in-memory, bounded <see cref="IDeliveryLedger"/>: expired ids are dropped first; when still full, the id that
/// expires soonest is evicted (a replay of that one delivery is then no longer detected, so size the capacity above the
/// deliveries expected within one freshness window). Thread-safe.
/// </summary>
public sealed class InMemoryDeliveryLedger : IDeliveryLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _ids = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

    /// <summary>Creates the ledger.</summary>
    /// <param name="timeProvider">The clock that decides expiry.</param>
    /// <param name="capacity">The most ids kept, at least 1. Default 100,000.</param>
    public InMemoryDeliveryLedger(TimeProvider timeProvider, int capacity = 100_000)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = timeProvider;
        _capacity = capacity;
    }

    /// <summary>The number of ids held (expired ones may still be counted until the next record).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryRecordAsync(string deliveryId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_ids.TryGetValue(deliveryId, out var known) && known > now)
            {
                return ValueTask.FromResult(false);
            }

            // Drop expired ids; queue entries whose id was re-recorded later are stale and skipped.
            while (_byExpiry.TryPeek(out var id, out var expiry) && (expiry <= now || _ids.Count >= _capacity || !IsCurrent(id, expiry)))
            {
                _byExpiry.Dequeue();
                if (IsCurrent(id, expiry))
                {
                    _ids.Remove(id);
                }
            }

            _ids[deliveryId] = expiresAt;
            _byExpiry.Enqueue(deliveryId, expiresAt);
            return ValueTask.FromResult(true);
        }
    }

    private bool IsCurrent(string id, DateTimeOffset expiry) => _ids.TryGetValue(id, out var current) && current == expiry;
}
