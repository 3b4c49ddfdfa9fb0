namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// Hands out transaction nonces per signing address so that concurrent submissions from one key get consecutive,
/// unique nonces, and different keys do not wait for each other.
/// </summary>
/// <remarks>
/// A lease holds the address's async lock from the moment its nonce is reserved until it is committed or disposed,
/// so one address sends one transaction at a time, in nonce order: Hardhat rejects nonce gaps while automining
/// ("Nonce too high ... transactions can't be queued when automining"; ../shared/design/ethereum-notes.md), and a
/// released nonce must be reused before any later one. The node is the source of truth across restarts: the first
/// acquire for an address, and the first after any lease ended without a commit, read eth_getTransactionCount(address,
/// "pending") and continue from the larger of that and the local counter (a transaction whose answer was lost but
/// which the node accepted is then not reused). After the node rejected a nonce (too low: another sender used it;
/// too high: the node lost state, e.g. a dev-chain revert) call <see cref="NonceLease.Invalidate"/>: the local
/// counter is dropped and the node's count is taken as it is.
/// </remarks>
public sealed class NonceManager
{
    private readonly Func<string, CancellationToken, Task<ulong>> _pendingCount;
    private readonly Dictionary<string, AddressState> _addresses = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a manager that reads pending counts through <paramref name="client"/>.</summary>
    public NonceManager(EthRpcClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _pendingCount = (address, token) => client.GetTransactionCountAsync(address, BlockSelector.Pending, token);
    }

    /// <summary>Creates a manager over any source of the node's pending transaction count of an address.</summary>
    public NonceManager(Func<string, CancellationToken, Task<ulong>> pendingTransactionCount)
    {
        ArgumentNullException.ThrowIfNull(pendingTransactionCount);
        _pendingCount = pendingTransactionCount;
    }

    /// <summary>
    /// Waits for the address's lock and reserves its next nonce. Dispose the lease when the send is over;
    /// call <see cref="NonceLease.Commit"/> first when the node accepted the transaction.
    /// </summary>
    /// <param name="address">The signing address, "0x" + 40 hex digits (case is ignored).</param>
    /// <param name="cancellationToken">Cancels the wait and the node query.</param>
    /// <exception cref="EthRpcException">The node's pending count could not be read; nothing is held.</exception>
    public async Task<NonceLease> AcquireAsync(string address, CancellationToken cancellationToken)
    {
        var key = RpcArguments.Address(address, nameof(address));
        AddressState state;
        lock (_gate)
        {
            if (!_addresses.TryGetValue(key, out state!))
            {
                state = new AddressState();
                _addresses.Add(key, state);
            }
        }

        await state.Lock.WaitAsync(cancellationToken);
        try
        {
            if (state.Next is not { } next || state.NeedsSync)
            {
                var onNode = await _pendingCount(key, cancellationToken);
                state.Next = state.Next is { } local && local > onNode ? local : onNode;
                state.NeedsSync = false;
            }

            return new NonceLease(key, state.Next.Value, state);
        }
        catch
        {
            state.Lock.Release();
            throw;
        }
    }

    /// <summary>
    /// Acquires a nonce, runs <paramref name="send"/> with it (sign and submit), and commits when it returns. When the
    /// node rejects the nonce (<see cref="EthRpcErrorKind.NonceTooLow"/> or <see cref="EthRpcErrorKind.NonceTooHigh"/>),
    /// the counter is resynchronised with the node and the send is tried once more with the new nonce. Any other failure
    /// releases the nonce and propagates.
    /// </summary>
    /// <typeparam name="T">What the send returns (typically the transaction hash).</typeparam>
    public async Task<T> SubmitAsync<T>(string address, Func<ulong, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        for (var attempt = 1; ; attempt++)
        {
            using var lease = await AcquireAsync(address, cancellationToken);
            try
            {
                var result = await send(lease.Nonce, cancellationToken);
                lease.Commit();
                return result;
            }
            catch (EthRpcException e) when (e.Kind is EthRpcErrorKind.NonceTooLow or EthRpcErrorKind.NonceTooHigh)
            {
                lease.Invalidate();
                if (attempt == 2)
                {
                    throw;
                }
            }
        }
    }

    internal sealed class AddressState
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        // The next nonce to hand out; null until read from the node (or after Invalidate).
        public ulong? Next { get; set; }

        public bool NeedsSync { get; set; }
    }
}

/// <summary>
/// A reserved nonce and the address's lock. <see cref="Commit"/> after the node accepted the transaction; dispose in
/// every case (a lease disposed without a commit gives its nonce back for the next acquire).
/// </summary>
public sealed class NonceLease : IDisposable
{
    private readonly NonceManager.AddressState _state;
    private int _ended;
    private bool _committed;
    private bool _invalidated;

    internal NonceLease(string address, ulong nonce, NonceManager.AddressState state)
    {
        Address = address;
        Nonce = nonce;
        _state = state;
    }

    /// <summary>The signing address (lowercase).</summary>
    public string Address { get; }

    /// <summary>The nonce to sign with.</summary>
    public ulong Nonce { get; }

    /// <summary>Records that the node accepted the transaction: the next acquire gets <see cref="Nonce"/> + 1.</summary>
    /// <exception cref="InvalidOperationException">The lease is already disposed or invalidated.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _ended) != 0, this);
        if (_invalidated)
        {
            throw new InvalidOperationException("An invalidated lease cannot be committed.");
        }

        _committed = true;
    }

    /// <summary>
    /// Records that the node rejected the nonce (too low or too high): the next acquire takes the node's pending count
    /// as it is, dropping the local counter.
    /// </summary>
    public void Invalidate()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _ended) != 0, this);
        _committed = false;
        _invalidated = true;
    }

    /// <summary>Applies the outcome to the address's counter and releases its lock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        if (_committed)
        {
            _state.Next = Nonce + 1;
        }
        else if (_invalidated)
        {
            _state.Next = null;
        }
        else
        {
            _state.NeedsSync = true;
        }

        _state.Lock.Release();
    }
}
