using System.Runtime.CompilerServices;
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

/// <summary>A committed block as the committing peer announced it: every transaction in block order, duplicates included.</summary>
/// <param name="Number">The block number.</param>
/// <param name="Transactions">Its transactions, by index.</param>
public sealed record CommittedBlock(ulong Number, IReadOnlyList<CommittedTransaction> Transactions);

/// <summary>
/// One channel's ordering service and committing peer in one. Each submitted envelope is checked by its submitter (in
/// parallel, like Fabric's parallel validation), then queued; by default the orderer cuts whatever is queued, up to
/// <see cref="MaxBlockTransactions"/>, into the next block as soon as the previous one is written (group commit: a lone
/// transaction gets a block of its own at once, concurrent ones share blocks). With a <see cref="BatchTimeout"/> it cuts
/// like Fabric's orderer instead: when <see cref="MaxBlockTransactions"/> transactions wait, or when the timeout has
/// passed since the first waiting one arrived (hyperledger/fabric <c>sampleconfig/configtx.yaml</c>: <c>BatchTimeout</c>
/// "the amount of time to wait before creating a batch", <c>BatchSize.MaxMessageCount</c> "no block will contain more
/// than this number of messages"; the orderer's <c>orderer/common/blockcutter</c> cuts on whichever comes first). A block is committed under MVCC, in order:
/// a transaction that reads a key an earlier valid transaction of the same block wrote is MVCC_READ_CONFLICT, a
/// transaction id seen before (in an earlier block or earlier in the same one) is DUPLICATE_TXID. Commits are announced to
/// commit-status waiters and chaincode-event listeners a whole block at a time; a listener is only told that a new block
/// exists and then reads the ledger's committed blocks by number at its own pace, so a slow listener costs no memory
/// (as Fabric's gateway reads a ledger blocks iterator rather than queueing events). On open, the world state and the
/// transaction index are rebuilt from the persisted blocks (state is derived, blocks are the record), so a restart keeps
/// everything.
/// </summary>
public sealed class ChannelLedger : IDisposable
{
    private readonly BlockStore _blocks;
    private readonly WorldState _state;
    private readonly FabricSigner _orderer;
    private readonly Func<ByteString, EnvelopeCheck> _check;
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Lock _queueGate = new();
    private readonly List<PendingSubmission> _queue = [];
    private readonly Dictionary<string, CommittedTransaction> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommitWaiter> _waiters = new(StringComparer.Ordinal);
    private readonly List<CommittedBlock> _committedBlocks = [];
    private readonly List<BlockListener> _listeners = [];
    private readonly TimeProvider _time;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _newBlock = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;

    /// <summary>Opens the ledger of <paramref name="channel"/> over <paramref name="blocks"/>, replaying them into <paramref name="state"/>.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="blocks">The block store (the record).</param>
    /// <param name="state">The world state to rebuild and maintain.</param>
    /// <param name="orderer">The ordering service's signing identity (block signatures).</param>
    /// <param name="check">The committing peer's checks of one envelope (pure; called concurrently).</param>
    /// <param name="maxBlockTransactions">The most transactions per block (Fabric's <c>BatchSize.MaxMessageCount</c>).</param>
    /// <param name="batchTimeout">Fabric's <c>BatchTimeout</c>; null cuts as soon as the previous block is written.</param>
    /// <param name="time">The clock of the batch timeout; <see cref="TimeProvider.System"/> when null.</param>
    public ChannelLedger(string channel, BlockStore blocks, WorldState state, FabricSigner orderer, Func<ByteString, EnvelopeCheck> check, int maxBlockTransactions = 10, TimeSpan? batchTimeout = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(orderer);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockTransactions, 1);
        if (batchTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(batchTimeout));
        }

        Channel = channel;
        BatchTimeout = batchTimeout;
        _time = time ?? TimeProvider.System;
        _blocks = blocks;
        _state = state;
        _orderer = orderer;
        _check = check;
        MaxBlockTransactions = maxBlockTransactions;
        Replay();
    }

    /// <summary>The channel's name.</summary>
    public string Channel { get; }

    /// <summary>The most transactions the orderer cuts into one block.</summary>
    public int MaxBlockTransactions { get; }

    /// <summary>How long the first waiting transaction may wait for a full block (Fabric's <c>BatchTimeout</c>); null: not at all.</summary>
    public TimeSpan? BatchTimeout { get; }

    /// <summary>The blocks.</summary>
    public BlockStore Blocks => _blocks;

    /// <summary>The committed world state.</summary>
    public WorldState State => _state;

    /// <summary>
    /// Orders and commits <paramref name="envelope"/>; returns how it was committed. Cancelling while the envelope still
    /// waits for the orderer withdraws it; once it is cut into a block it commits regardless.
    /// </summary>
    public async Task<CommittedTransaction> SubmitAsync(ByteString envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var pending = new PendingSubmission(envelope, _check(envelope), _time.GetTimestamp());
        lock (_queueGate)
        {
            _queue.Add(pending);
            _arrived.TrySetResult();
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        try
        {
            await _order.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_queueGate)
            {
                if (_queue.Remove(pending))
                {
                    throw;
                }
            }

            // Another submitter already cut it into a block.
            return await pending.Done.Task;
        }

        try
        {
            if (BeforeCut is { } beforeCut)
            {
                await beforeCut();
            }

            while (!pending.Done.Task.IsCompleted)
            {
                if (BatchTimeout is { } timeout)
                {
                    await WaitForCutAsync(timeout);
                }

                List<PendingSubmission> batch;
                lock (_queueGate)
                {
                    batch = _queue[..Math.Min(_queue.Count, MaxBlockTransactions)];
                    _queue.RemoveRange(0, batch.Count);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                CommitBlock(batch);
            }
        }
        finally
        {
            _order.Release();
        }

        return await pending.Done.Task;
    }

    /// <summary>
    /// Waits until <see cref="MaxBlockTransactions"/> transactions are queued or <paramref name="timeout"/> has passed
    /// since the first queued one arrived (whichever is first), as Fabric's orderer does before cutting a block.
    /// </summary>
    private async Task WaitForCutAsync(TimeSpan timeout)
    {
        while (true)
        {
            Task arrived;
            TimeSpan left;
            lock (_queueGate)
            {
                if (_queue.Count == 0 || _queue.Count >= MaxBlockTransactions)
                {
                    return;
                }

                left = timeout - _time.GetElapsedTime(_queue[0].Arrived);
                arrived = _arrived.Task;
            }

            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.WhenAny(arrived, Task.Delay(left, _time));
        }
    }

    /// <summary>The commit of <paramref name="txId"/>: at once when it is committed, otherwise when it is.</summary>
    public async Task<CommittedTransaction> WaitForCommitAsync(string txId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(txId);
        CommitWaiter? waiter;
        lock (_gate)
        {
            if (_committed.TryGetValue(txId, out var done))
            {
                return done;
            }

            if (!_waiters.TryGetValue(txId, out waiter))
            {
                waiter = new CommitWaiter();
                _waiters[txId] = waiter;
            }

            waiter.Count++;
        }

        try
        {
            return await waiter.Done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            // A waiter nobody waits for any more is dropped, so ids that never commit do not pile up.
            lock (_gate)
            {
                if (--waiter.Count == 0 && _waiters.TryGetValue(txId, out var current) && current == waiter)
                {
                    _waiters.Remove(txId);
                }
            }
        }
    }

    /// <summary>Awaited by the orderer before it cuts a block (tests hold it to make transactions queue up).</summary>
    internal Func<Task>? BeforeCut { get; set; }

    /// <summary>How many submitted transactions wait to be cut into a block (for tests that hold the cut).</summary>
    internal int QueuedCount
    {
        get
        {
            lock (_queueGate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>How many transaction ids have someone waiting for their commit (for tests of the waiter bookkeeping).</summary>
    internal int PendingWaiters
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
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

    /// <summary>How many blocks are committed and announced (the next block's number).</summary>
    public ulong Height
    {
        get
        {
            lock (_gate)
            {
                return (ulong)_committedBlocks.Count;
            }
        }
    }

    /// <summary>How many block listeners are open (for tests).</summary>
    internal int ListenerCount
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Count;
            }
        }
    }

    /// <summary>
    /// The most committed transactions any open listener holds but has not handed to its consumer yet (for tests: a
    /// listener holds at most the rest of one block, however far behind its consumer is).
    /// </summary>
    internal int MaxListenerBacklog
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Count == 0 ? 0 : _listeners.Max(l => Volatile.Read(ref l.Held));
            }
        }
    }

    /// <summary>
    /// Every committed transaction from block <paramref name="fromBlock"/> on, in order, then new ones as they commit,
    /// until <paramref name="cancellationToken"/> is cancelled or the ledger is <see cref="Reset"/> (the sequence then ends).
    /// </summary>
    public async IAsyncEnumerable<CommittedTransaction> CommitsAsync(ulong fromBlock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var block in BlocksAsync(fromBlock, cancellationToken))
        {
            foreach (var committed in block.Transactions)
            {
                yield return committed;
            }
        }
    }

    /// <summary>
    /// Every committed block from <paramref name="fromBlock"/> on, in order, then new ones as they commit, until
    /// <paramref name="cancellationToken"/> is cancelled or the ledger is <see cref="Reset"/> (the sequence then ends).
    /// The listener keeps only its next block number: it waits for a "new block" signal and then reads the committed
    /// blocks by number, so however slowly the consumer reads, nothing queues up for it.
    /// </summary>
    public async IAsyncEnumerable<CommittedBlock> BlocksAsync(ulong fromBlock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listener = new BlockListener();
        long generation;
        lock (_gate)
        {
            generation = _generation;
            _listeners.Add(listener);
        }

        try
        {
            var next = fromBlock;
            while (true)
            {
                CommittedBlock? block;
                Task signal;
                lock (_gate)
                {
                    if (_generation != generation)
                    {
                        yield break;
                    }

                    // Take the signal before looking at the height, so a block committed right after is not missed.
                    signal = _newBlock.Task;
                    block = next < (ulong)_committedBlocks.Count ? _committedBlocks[(int)next] : null;
                    Volatile.Write(ref listener.Held, block?.Transactions.Count ?? 0);
                }

                if (block is null)
                {
                    await signal.WaitAsync(cancellationToken);
                    continue;
                }

                yield return block;
                Volatile.Write(ref listener.Held, 0);
                next++;
            }
        }
        finally
        {
            lock (_gate)
            {
                _listeners.Remove(listener);
            }
        }
    }

    /// <summary>
    /// Forgets the channel's blocks and state (an explicit reset): the height is 0 again and the next transaction goes
    /// into block 0. Open listeners end; commit waiters keep waiting for their transaction ids.
    /// </summary>
    public void Reset()
    {
        _order.Wait();
        try
        {
            _blocks.Reset();
            _state.Clear();
            TaskCompletionSource signal;
            lock (_gate)
            {
                _committed.Clear();
                _committedBlocks.Clear();
                _generation++;
                signal = _newBlock;
                _newBlock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            signal.TrySetResult();
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
            var transactions = new CommittedTransaction[block.Data.Data.Count];
            for (var index = 0; index < block.Data.Data.Count; index++)
            {
                var check = _check(block.Data.Data[index]);
                var code = (TxValidationCode)filter[index];
                if (code == TxValidationCode.Valid && !_state.TryCommit(check.Reads, check.Writes, new KeyVersion(number, (ulong)index)))
                {
                    throw new InvalidDataException($"channel {Channel}: block {number} transaction {index} is recorded VALID but does not replay");
                }

                transactions[index] = new CommittedTransaction(check.TxId, number, index, code, code == TxValidationCode.Valid ? check.Event : null);
                _committed.TryAdd(check.TxId, transactions[index]);
            }

            _committedBlocks.Add(new CommittedBlock(number, transactions));
        }
    }

    /// <summary>
    /// Commits one block: duplicate and MVCC checks in block order, the block appended (and fsynced) before any state
    /// changes, so a failed write leaves neither a block nor state behind; then state, then the announcement.
    /// </summary>
    private void CommitBlock(List<PendingSubmission> batch)
    {
        var number = _blocks.Height;
        var codes = new TxValidationCode[batch.Count];
        var idsInBlock = new HashSet<string>(StringComparer.Ordinal);
        var writtenInBlock = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var check = batch[i].Check;
            var code = check.Code;
            bool known;
            lock (_gate)
            {
                known = _committed.ContainsKey(check.TxId);
            }

            if (code == TxValidationCode.Valid && (known || !idsInBlock.Add(check.TxId)))
            {
                code = TxValidationCode.DuplicateTxid;
            }

            // fabric core/ledger/kvledger/txmgmt/validation: a read conflicts with committed state or with a write of an
            // earlier valid transaction of the same block.
            if (code == TxValidationCode.Valid && (!_state.ReadsAreCurrent(check.Reads) || check.Reads.Any(r => writtenInBlock.Contains(r.Key))))
            {
                code = TxValidationCode.MvccReadConflict;
            }

            if (code == TxValidationCode.Valid)
            {
                writtenInBlock.UnionWith(check.Writes.Select(w => w.Key));
            }

            codes[i] = code;
        }

        try
        {
            _blocks.Append([.. batch.Select(p => p.Envelope)], codes, _orderer);
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }

            throw;
        }

        var committed = new CommittedTransaction[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var check = batch[i].Check;
            if (codes[i] == TxValidationCode.Valid)
            {
                _state.Apply(check.Writes, new KeyVersion(number, (ulong)i));
            }

            committed[i] = new CommittedTransaction(check.TxId, number, i, codes[i], codes[i] == TxValidationCode.Valid ? check.Event : null);
        }

        Announce(new CommittedBlock(number, committed));
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(committed[i]);
        }
    }

    /// <summary>
    /// Announces a whole block at once: it becomes readable by number (a listener that registers meanwhile sees all of
    /// it or none of it), commit waiters get their answers, and listeners get the "new block" signal.
    /// </summary>
    private void Announce(CommittedBlock block)
    {
        var waiters = new List<(CommitWaiter Waiter, CommittedTransaction Committed)>();
        TaskCompletionSource signal;
        lock (_gate)
        {
            foreach (var committed in block.Transactions)
            {
                // A duplicate keeps the first commit as the answer for its id; the duplicate is still in its block.
                _committed.TryAdd(committed.TxId, committed);
                if (_waiters.Remove(committed.TxId, out var waiter))
                {
                    waiters.Add((waiter, _committed[committed.TxId]));
                }
            }

            _committedBlocks.Add(block);
            signal = _newBlock;
            _newBlock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        foreach (var (waiter, committed) in waiters)
        {
            waiter.Done.TrySetResult(committed);
        }

        signal.TrySetResult();
    }

    private sealed class PendingSubmission(ByteString envelope, EnvelopeCheck check, long arrived)
    {
        public ByteString Envelope { get; } = envelope;

        /// <summary>When it was queued (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
        public long Arrived { get; } = arrived;

        public EnvelopeCheck Check { get; } = check;

        public TaskCompletionSource<CommittedTransaction> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One open <see cref="BlocksAsync"/>: all it keeps is how many transactions of its current block it holds.</summary>
    private sealed class BlockListener
    {
        public int Held;
    }

    private sealed class CommitWaiter
    {
        public TaskCompletionSource<CommittedTransaction> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }
}
