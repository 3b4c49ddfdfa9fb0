using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Ledger;

/// <summary>What the committer learns from checking one envelope (signatures, tx id, endorsement policy; see the peer).</summary>
/// <param name="Code">The validation code before MVCC (VALID when every check passed).</param>
/// <param name="TxId">The transaction id from the envelope's channel header (empty when it could not be read).</param>
/// <param name="Reads">The transaction's reads of the chaincode namespace.</param>
/// <param name="Writes">The transaction's writes.</param>
/// <param name="Event">The chaincode event, if the transaction set one.</param>
public sealed record EnvelopeCheck(TxValidationCode Code, string TxId, IReadOnlyList<StateRead> Reads, IReadOnlyList<StateWrite> Writes, ChaincodeEvent? Event);

/// <summary>A transaction as committed: where it is and whether it took effect.</summary>
/// <param name="TxId">The transaction id.</param>
/// <param name="BlockNumber">The block that holds it.</param>
/// <param name="TxIndex">Its index in the block.</param>
/// <param name="Code">Its validation code; only VALID transactions changed state and emitted their event.</param>
/// <param name="Event">Its chaincode event (null when it set none or is not VALID).</param>
public sealed record CommittedTransaction(string TxId, ulong BlockNumber, int TxIndex, TxValidationCode Code, ChaincodeEvent? Event);

/// <summary>
/// One channel's ordering service and committing peer in one: each submitted envelope is checked, ordered into its own
/// block (like a dev chain's automine), committed under MVCC (<see cref="WorldState.TryCommit"/>), and announced to
/// commit-status waiters and chaincode-event listeners. A transaction id seen before is DUPLICATE_TXID. On open, the
/// world state and the transaction index are rebuilt from the persisted blocks (state is derived, blocks are the
/// record), so a restart keeps everything.
/// </summary>
public sealed class ChannelLedger : IDisposable
{
    private readonly BlockStore _blocks;
    private readonly WorldState _state;
    private readonly FabricSigner _orderer;
    private readonly Func<ByteString, EnvelopeCheck> _check;
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CommittedTransaction> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<CommittedTransaction>> _waiters = new(StringComparer.Ordinal);
    private readonly List<Channel<CommittedTransaction>> _listeners = [];

    /// <summary>Opens the ledger of <paramref name="channel"/> over <paramref name="blocks"/>, replaying them into <paramref name="state"/>.</summary>
    public ChannelLedger(string channel, BlockStore blocks, WorldState state, FabricSigner orderer, Func<ByteString, EnvelopeCheck> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(orderer);
        ArgumentNullException.ThrowIfNull(check);
        Channel = channel;
        _blocks = blocks;
        _state = state;
        _orderer = orderer;
        _check = check;
        Replay();
    }

    /// <summary>The channel's name.</summary>
    public string Channel { get; }

    /// <summary>The blocks.</summary>
    public BlockStore Blocks => _blocks;

    /// <summary>The committed world state.</summary>
    public WorldState State => _state;

    /// <summary>Orders and commits <paramref name="envelope"/> in a block of its own; returns how it was committed.</summary>
    public async Task<CommittedTransaction> SubmitAsync(ByteString envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        await _order.WaitAsync(cancellationToken);
        try
        {
            var check = _check(envelope);
            var code = check.Code;
            lock (_gate)
            {
                if (code == TxValidationCode.Valid && _committed.ContainsKey(check.TxId))
                {
                    code = TxValidationCode.DuplicateTxid;
                }
            }

            var number = _blocks.Height;
            if (code == TxValidationCode.Valid && !_state.ReadsAreCurrent(check.Reads))
            {
                code = TxValidationCode.MvccReadConflict;
            }

            // The block is the record: append (and fsync) it first, then change state, so that a failed write leaves
            // neither a block nor state behind. Ordering is serialised, so the reads are still current here.
            _blocks.Append([envelope], [code], _orderer);
            if (code == TxValidationCode.Valid)
            {
                _state.Apply(check.Writes, new KeyVersion(number, 0));
            }

            var committed = new CommittedTransaction(check.TxId, number, 0, code, code == TxValidationCode.Valid ? check.Event : null);
            Announce(committed);
            return committed;
        }
        finally
        {
            _order.Release();
        }
    }

    /// <summary>The commit of <paramref name="txId"/>: at once when it is committed, otherwise when it is.</summary>
    public Task<CommittedTransaction> WaitForCommitAsync(string txId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(txId);
        lock (_gate)
        {
            if (_committed.TryGetValue(txId, out var done))
            {
                return Task.FromResult(done);
            }

            if (!_waiters.TryGetValue(txId, out var waiter))
            {
                waiter = new TaskCompletionSource<CommittedTransaction>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[txId] = waiter;
            }

            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The commit of <paramref name="txId"/> if it is committed.</summary>
    public CommittedTransaction? Find(string txId)
    {
        lock (_gate)
        {
            return _committed.GetValueOrDefault(txId);
        }
    }

    /// <summary>
    /// Every committed transaction from block <paramref name="fromBlock"/> on, in order, then new ones as they commit,
    /// until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<CommittedTransaction> CommitsAsync(ulong fromBlock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var live = System.Threading.Channels.Channel.CreateUnbounded<CommittedTransaction>(new UnboundedChannelOptions { SingleReader = true });
        List<CommittedTransaction> backlog;
        lock (_gate)
        {
            backlog = [.. _committed.Values.Where(c => c.BlockNumber >= fromBlock).OrderBy(c => c.BlockNumber).ThenBy(c => c.TxIndex)];
            _listeners.Add(live);
        }

        try
        {
            var last = backlog.Count > 0 ? backlog[^1].BlockNumber : (ulong?)null;
            foreach (var committed in backlog)
            {
                yield return committed;
            }

            await foreach (var committed in live.Reader.ReadAllAsync(cancellationToken))
            {
                if (committed.BlockNumber >= fromBlock && (last is null || committed.BlockNumber > last))
                {
                    yield return committed;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _listeners.Remove(live);
            }
        }
    }

    /// <summary>Forgets the channel's blocks and state (an explicit reset).</summary>
    public void Reset()
    {
        _order.Wait();
        try
        {
            _blocks.Reset();
            _state.Clear();
            lock (_gate)
            {
                _committed.Clear();
            }
        }
        finally
        {
            _order.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _order.Dispose();

    private void Replay()
    {
        for (ulong number = 0; number < _blocks.Height; number++)
        {
            var block = _blocks.Get(number)!;
            var filter = block.Metadata.Metadata[2].Span;
            for (var index = 0; index < block.Data.Data.Count; index++)
            {
                var check = _check(block.Data.Data[index]);
                var code = (TxValidationCode)filter[index];
                if (code == TxValidationCode.Valid && !_state.TryCommit(check.Reads, check.Writes, new KeyVersion(number, (ulong)index)))
                {
                    throw new InvalidDataException($"channel {Channel}: block {number} transaction {index} is recorded VALID but does not replay");
                }

                _committed.TryAdd(check.TxId, new CommittedTransaction(check.TxId, number, index, code, code == TxValidationCode.Valid ? check.Event : null));
            }
        }
    }

    private void Announce(CommittedTransaction committed)
    {
        TaskCompletionSource<CommittedTransaction>? waiter;
        Channel<CommittedTransaction>[] listeners;
        lock (_gate)
        {
            // A duplicate keeps the first commit as the answer for its id; the duplicate is still in its block.
            _committed.TryAdd(committed.TxId, committed);
            _waiters.Remove(committed.TxId, out waiter);
            listeners = [.. _listeners];
        }

        waiter?.TrySetResult(committed);
        foreach (var listener in listeners)
        {
            listener.Writer.TryWrite(committed);
        }
    }
}
