using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;

namespace Bridge.Adapters.Fabric.Blocks;

/// <summary>
/// A committed block as <c>qscc GetBlockByTxID</c> answered it, with an index of its transactions by id and their
/// validation codes (the block's <c>TRANSACTIONS_FILTER</c>). Immutable.
/// </summary>
internal sealed class IndexedBlock
{
    private readonly Dictionary<string, int> _indexes;

    /// <summary>Parses <paramref name="bytes"/> (a <c>common.Block</c>) and indexes its transactions.</summary>
    /// <exception cref="Google.Protobuf.InvalidProtocolBufferException">The bytes, or an envelope in them, do not parse.</exception>
    public IndexedBlock(byte[] bytes)
    {
        Block = Block.Parser.ParseFrom(bytes);
        Size = bytes.Length;
        _indexes = new Dictionary<string, int>(Block.Data.Data.Count, StringComparer.Ordinal);
        for (var i = 0; i < Block.Data.Data.Count; i++)
        {
            // A DUPLICATE_TXID entry is not its id's answer: GetBlockByTxID names the block of the id's first arrival.
            if (CodeAt(i) == TxValidationCode.DuplicateTxid)
            {
                continue;
            }

            var payload = Payload.Parser.ParseFrom(Envelope.Parser.ParseFrom(Block.Data.Data[i]).Payload);
            _indexes.TryAdd(ChannelHeader.Parser.ParseFrom(payload.Header.ChannelHeader).TxId, i);
        }
    }

    /// <summary>The block.</summary>
    public Block Block { get; }

    /// <summary>Its number.</summary>
    public ulong Number => Block.Header.Number;

    /// <summary>Its size as the gateway sent it, in bytes (what the memory counts).</summary>
    public int Size { get; }

    /// <summary>The ids of the block's transactions, except those committed as <c>DUPLICATE_TXID</c> (the first arrival is the answer).</summary>
    public IEnumerable<string> TransactionIds => _indexes.Keys;

    /// <summary>The index of <paramref name="txId"/> in the block, if it holds it.</summary>
    public bool TryIndexOf(string txId, out int index) => _indexes.TryGetValue(txId, out index);

    /// <summary>The validation code of the transaction at <paramref name="index"/> (<c>NOT_VALIDATED</c> when the filter lacks it).</summary>
    public TxValidationCode CodeAt(int index)
    {
        var filter = Block.Metadata.Metadata.Count > (int)BlockMetadataIndex.TransactionsFilter ? Block.Metadata.Metadata[(int)BlockMetadataIndex.TransactionsFilter].Span : [];
        return index < filter.Length ? (TxValidationCode)filter[index] : TxValidationCode.NotValidated;
    }
}

/// <summary>
/// The blocks of one channel that <c>qscc GetBlockByTxID</c> answered, remembered by number with an index from every
/// transaction id they hold to its block, so that finding, checking the finality of, or proving another transaction of a
/// block already fetched asks the gateway nothing. That is sound because a committed Fabric block never changes: its
/// header hash covers its data and chains to the previous header, and the committing peer writes the validation codes
/// once (fabric-wire.md §2.4). An id the memory does not hold is always asked for (nothing is remembered about absent
/// or not-yet-committed transactions). Bounded by block count and by bytes (blocks can be large): the oldest
/// remembered blocks are forgotten first. Thread-safe; callers that name the block they expect (an event's block) and miss it at once share one fetch by number.
/// </summary>
internal sealed class BlockMemory
{
    /// <summary>Blocks remembered by default.</summary>
    public const int DefaultMaxBlocks = 256;

    /// <summary>Bytes of blocks remembered by default (32 MiB).</summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    private readonly FabricGateway _gateway;
    private readonly string _network;
    private readonly string _channel;
    private readonly int _maxBlocks;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, IndexedBlock> _blocks = [];
    private readonly Dictionary<string, IndexedBlock> _byTxId = new(StringComparer.Ordinal);
    private readonly Queue<ulong> _order = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, Lazy<Task<IndexedBlock>>> _pending = new();
    private long _bytes;
    private long _fetches;

    /// <summary>Creates an empty memory of <paramref name="channel"/>'s blocks, fetched through <paramref name="gateway"/>.</summary>
    public BlockMemory(FabricGateway gateway, string network, string channel, int maxBlocks = DefaultMaxBlocks, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _gateway = gateway;
        _network = network;
        _channel = channel;
        _maxBlocks = maxBlocks;
        _maxBytes = maxBytes;
    }

    /// <summary>How many blocks are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _blocks.Count;
            }
        }
    }

    /// <summary>The bytes of the remembered blocks.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>How many blocks were fetched from the gateway so far.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>
    /// The block holding <paramref name="txId"/> and its index there: from memory when a remembered block holds it,
    /// otherwise from one <c>qscc GetBlockByTxID</c> call, whose block is then remembered.
    /// </summary>
    /// <exception cref="FabricGatewayException">The gateway failed, or does not know the id ("no such transaction ID").</exception>
    /// <exception cref="AdapterException">The gateway answered a block that does not hold the id (not transient).</exception>
    public async Task<(IndexedBlock Block, int Index)> GetByTxIdAsync(string txId, CancellationToken cancellationToken, ulong? blockHint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(txId);
        if (TryFind(txId, out var remembered, out var index))
        {
            return (remembered, index);
        }

        // The block the caller was told holds the id (an event's block): fetched once by number however many callers miss
        // it at once, and used only when it really holds the id.
        if (blockHint is { } hint)
        {
            IndexedBlock? hinted = null;
            try
            {
                hinted = await GetByNumberAsync(hint, cancellationToken);
            }
            catch (FabricGatewayException)
            {
                // No such block (yet), or it could not be read: the id itself is asked for below.
            }

            if (hinted is not null && hinted.TryIndexOf(txId, out index))
            {
                return (hinted, index);
            }
        }

        var qscc = _gateway.Network(_channel).Contract(FabricEndorsementVerifier.QueryChaincode);
        var bytes = await qscc.EvaluateAsync("GetBlockByTxID", [_channel, txId], cancellationToken);
        Interlocked.Increment(ref _fetches);
        var block = new IndexedBlock(bytes);
        if (!block.TryIndexOf(txId, out index))
        {
            throw new AdapterException(_network, $"the gateway answered block {block.Number} for transaction {txId}, which it does not hold", isTransient: false);
        }

        return (Remember(block), index);
    }

    /// <summary>Block <paramref name="number"/>: remembered, or fetched with <c>qscc GetBlockByNumber</c> by one caller while the others wait for it.</summary>
    private async Task<IndexedBlock> GetByNumberAsync(ulong number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_blocks.TryGetValue(number, out var known))
            {
                return known;
            }
        }

        var fetch = _pending.GetOrAdd(number, n => new Lazy<Task<IndexedBlock>>(() => FetchByNumberAsync(n)));
        try
        {
            return await fetch.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (fetch.Value.IsCompleted)
            {
                _pending.TryRemove(new KeyValuePair<ulong, Lazy<Task<IndexedBlock>>>(number, fetch));
            }
        }
    }

    private async Task<IndexedBlock> FetchByNumberAsync(ulong number)
    {
        var qscc = _gateway.Network(_channel).Contract(FabricEndorsementVerifier.QueryChaincode);
        var bytes = await qscc.EvaluateAsync("GetBlockByNumber", [_channel, number.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None);
        Interlocked.Increment(ref _fetches);
        var block = new IndexedBlock(bytes);
        return block.Number == number
            ? Remember(block)
            : throw new AdapterException(_network, $"the gateway answered block {block.Number} when asked for block {number}", isTransient: false);
    }

    /// <summary>The remembered block holding <paramref name="txId"/>, if any.</summary>
    public bool TryFind(string txId, out IndexedBlock block, out int index)
    {
        lock (_gate)
        {
            if (_byTxId.TryGetValue(txId, out block!) && block.TryIndexOf(txId, out index))
            {
                return true;
            }
        }

        block = null!;
        index = -1;
        return false;
    }

    /// <summary>Remembers <paramref name="block"/> (or keeps the copy already remembered under its number) and returns the one kept.</summary>
    public IndexedBlock Remember(IndexedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_gate)
        {
            if (_blocks.TryGetValue(block.Number, out var known))
            {
                return known;
            }

            _blocks[block.Number] = block;
            _order.Enqueue(block.Number);
            _bytes += block.Size;
            foreach (var txId in block.TransactionIds)
            {
                _byTxId.TryAdd(txId, block);
            }

            // The block just added stays even when it alone is over the byte bound: its caller is about to use it.
            while (_order.Count > 1 && (_blocks.Count > _maxBlocks || _bytes > _maxBytes))
            {
                Forget(_order.Dequeue());
            }

            return block;
        }
    }

    private void Forget(ulong number)
    {
        if (!_blocks.Remove(number, out var block))
        {
            return;
        }

        _bytes -= block.Size;
        foreach (var txId in block.TransactionIds)
        {
            if (_byTxId.TryGetValue(txId, out var holder) && holder == block)
            {
                _byTxId.Remove(txId);
            }
        }
    }
}
