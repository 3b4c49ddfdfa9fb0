using Bridge.Simulators.Fabric.Chaincode;

namespace Bridge.Simulators.Fabric.Ledger;

/// <summary>The version of a committed value: the block and the transaction within it that last wrote the key (kvrwset.Version).</summary>
/// <param name="BlockNumber">The block number.</param>
/// <param name="TxNumber">The transaction's index in the block.</param>
public readonly record struct KeyVersion(ulong BlockNumber, ulong TxNumber);

/// <summary>One read of a transaction: the key and the version it saw (null: the key was absent).</summary>
public readonly record struct StateRead(string Key, KeyVersion? Version);

/// <summary>One write of a transaction: the key and its new value (null: deleted).</summary>
public readonly record struct StateWrite(string Key, byte[]? Value);

/// <summary>
/// A channel's committed world state for one chaincode namespace: values with their versions. Transactions simulate
/// against it (<see cref="Simulate"/>) and commit in block order (<see cref="TryCommit"/>) under multi-version
/// concurrency control: a transaction whose reads are no longer current is invalid (MVCC_READ_CONFLICT) and writes
/// nothing (fabric-wire.md §2.3). Thread-safe; simulations see a consistent snapshot of committed values.
/// </summary>
public sealed class WorldState
{
    private readonly Dictionary<string, (byte[] Value, KeyVersion Version)> _values = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How many keys hold a value.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    /// <summary>The committed value and version of <paramref name="key"/>, if any.</summary>
    public (byte[] Value, KeyVersion Version)? Get(string key)
    {
        lock (_gate)
        {
            return _values.TryGetValue(key, out var entry) ? entry : null;
        }
    }

    /// <summary>A simulation context for one proposal: it reads committed state and records the read-write set.</summary>
    public TransactionSimulation Simulate(string txId, string channelId, string chaincodeName, string creatorMspId, string creator, DateTimeOffset timestamp) =>
        new(this, txId, channelId, chaincodeName, creatorMspId, creator, timestamp);

    /// <summary>
    /// Applies <paramref name="writes"/> at <paramref name="version"/> when every read in <paramref name="reads"/> still
    /// sees the same version; returns false (and changes nothing) on a conflict.
    /// </summary>
    public bool TryCommit(IReadOnlyList<StateRead> reads, IReadOnlyList<StateWrite> writes, KeyVersion version)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(writes);
        lock (_gate)
        {
            if (!ReadsAreCurrent(reads))
            {
                return false;
            }

            Apply(writes, version);
            return true;
        }
    }

    /// <summary>Whether every read still sees the version it saw (no MVCC conflict); changes nothing.</summary>
    public bool ReadsAreCurrent(IReadOnlyList<StateRead> reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        lock (_gate)
        {
            foreach (var read in reads)
            {
                KeyVersion? current = _values.TryGetValue(read.Key, out var entry) ? entry.Version : null;
                if (current != read.Version)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Applies <paramref name="writes"/> at <paramref name="version"/> (after <see cref="ReadsAreCurrent"/> said yes).</summary>
    public void Apply(IReadOnlyList<StateWrite> writes, KeyVersion version)
    {
        ArgumentNullException.ThrowIfNull(writes);
        lock (_gate)
        {
            foreach (var write in writes)
            {
                if (write.Value is null)
                {
                    _values.Remove(write.Key);
                }
                else
                {
                    _values[write.Key] = (write.Value, version);
                }
            }
        }
    }

    /// <summary>Forgets everything (a ledger reset).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _values.Clear();
        }
    }
}

/// <summary>
/// One chaincode execution against committed state: reads record the version they saw (first read of a key only,
/// and none for keys the transaction wrote first), writes are buffered and visible to later reads of the same
/// transaction, and at most one event is kept (Fabric allows one per transaction).
/// </summary>
public sealed class TransactionSimulation : IChaincodeStub
{
    private readonly WorldState _state;
    private readonly Dictionary<string, StateRead> _reads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StateWrite> _writes = new(StringComparer.Ordinal);
    private readonly List<string> _readOrder = [];
    private readonly List<string> _writeOrder = [];

    internal TransactionSimulation(WorldState state, string txId, string channelId, string chaincodeName, string creatorMspId, string creator, DateTimeOffset timestamp)
    {
        _state = state;
        TxId = txId;
        ChannelId = channelId;
        ChaincodeName = chaincodeName;
        CreatorMspId = creatorMspId;
        Creator = creator;
        Timestamp = timestamp;
    }

    /// <inheritdoc />
    public string TxId { get; }

    /// <inheritdoc />
    public string ChannelId { get; }

    /// <inheritdoc />
    public string ChaincodeName { get; }

    /// <inheritdoc />
    public string CreatorMspId { get; }

    /// <inheritdoc />
    public string Creator { get; }

    /// <inheritdoc />
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event the chaincode set, if any.</summary>
    public (string Name, byte[] Payload)? Event { get; private set; }

    /// <summary>The reads, in the order keys were first read.</summary>
    public IReadOnlyList<StateRead> Reads => [.. _readOrder.Select(k => _reads[k])];

    /// <summary>The writes, in the order keys were first written (the last value of each key).</summary>
    public IReadOnlyList<StateWrite> Writes => [.. _writeOrder.Select(k => _writes[k])];

    /// <inheritdoc />
    public byte[]? GetState(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_writes.TryGetValue(key, out var written))
        {
            return written.Value;
        }

        var committed = _state.Get(key);
        if (!_reads.ContainsKey(key))
        {
            _reads[key] = new StateRead(key, committed?.Version);
            _readOrder.Add(key);
        }

        return committed?.Value;
    }

    /// <inheritdoc />
    public void PutState(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_writes.ContainsKey(key))
        {
            _writeOrder.Add(key);
        }

        _writes[key] = new StateWrite(key, value);
    }

    /// <inheritdoc />
    public void SetEvent(string name, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(payload);
        Event = (name, payload);
    }
}
