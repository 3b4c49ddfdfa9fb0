using System.Numerics;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Trie;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>
/// An execution-layer block header and its hash, keccak-256 of its RLP (Yellow Paper §4.3): the fifteen
/// fields of the Yellow Paper (parentHash, sha3Uncles, miner, stateRoot, transactionsRoot, receiptsRoot, logsBloom,
/// difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce), then the fields forks appended in
/// order: baseFeePerGas (London, EIP-1559), withdrawalsRoot (Shanghai, EIP-4895), blobGasUsed and excessBlobGas
/// (Cancun, EIP-4844), parentBeaconBlockRoot (Cancun, EIP-4788), requestsHash (Prague, EIP-7685). A header has the
/// first <see cref="FieldCount"/> fields: a later fork's field is never present without every earlier one.
/// Immutable; copy with <c>with</c> to change a field.
/// </summary>
public sealed record BlockHeader
{
    /// <summary>The fields every header has (the Yellow Paper's, up to Berlin).</summary>
    public const int BaseFieldCount = 15;

    /// <summary>The fields of the latest layout this code knows (Prague/Osaka: 21).</summary>
    public const int MaxFieldCount = 21;

    private const int HashLength = 32;
    private const int AddressLength = 20;
    private const int NonceLength = 8;

    // The JSON-RPC names (ethereum/execution-apis src/schemas/block.yaml), in RLP order.
    private static readonly string[] Names =
    [
        "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom", "difficulty",
        "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "baseFeePerGas", "withdrawalsRoot",
        "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash",
    ];

    private readonly ReadOnlyMemory<byte> _parentHash;
    private readonly ReadOnlyMemory<byte> _uncleHash;
    private readonly ReadOnlyMemory<byte> _miner;
    private readonly ReadOnlyMemory<byte> _stateRoot;
    private readonly ReadOnlyMemory<byte> _transactionsRoot;
    private readonly ReadOnlyMemory<byte> _receiptsRoot;
    private readonly ReadOnlyMemory<byte> _logsBloom;
    private readonly BigInteger _difficulty;
    private readonly ReadOnlyMemory<byte> _extraData;
    private readonly ReadOnlyMemory<byte> _mixHash;
    private readonly ReadOnlyMemory<byte> _nonce;
    private readonly BigInteger? _baseFeePerGas;
    private readonly ReadOnlyMemory<byte>? _withdrawalsRoot;
    private readonly ReadOnlyMemory<byte>? _parentBeaconBlockRoot;
    private readonly ReadOnlyMemory<byte>? _requestsHash;

    /// <summary>The parent block's hash.</summary>
    public required ReadOnlyMemory<byte> ParentHash { get => _parentHash; init => _parentHash = Fixed(value, HashLength); }

    /// <summary>The hash of the ommers list (JSON "sha3Uncles").</summary>
    public required ReadOnlyMemory<byte> UncleHash { get => _uncleHash; init => _uncleHash = Fixed(value, HashLength); }

    /// <summary>The beneficiary's 20-byte address (JSON "miner", the Yellow Paper's coinbase).</summary>
    public required ReadOnlyMemory<byte> Miner { get => _miner; init => _miner = Fixed(value, AddressLength); }

    /// <summary>The state trie root after the block.</summary>
    public required ReadOnlyMemory<byte> StateRoot { get => _stateRoot; init => _stateRoot = Fixed(value, HashLength); }

    /// <summary>The transactions trie root.</summary>
    public required ReadOnlyMemory<byte> TransactionsRoot { get => _transactionsRoot; init => _transactionsRoot = Fixed(value, HashLength); }

    /// <summary>The receipts trie root (see <see cref="ReceiptTrie"/>).</summary>
    public required ReadOnlyMemory<byte> ReceiptsRoot { get => _receiptsRoot; init => _receiptsRoot = Fixed(value, HashLength); }

    /// <summary>The 256-byte bloom of all the block's logs.</summary>
    public required ReadOnlyMemory<byte> LogsBloom { get => _logsBloom; init => _logsBloom = Fixed(value, Bloom.ByteLength); }

    /// <summary>The proof-of-work difficulty (0 since the merge, EIP-3675).</summary>
    public required BigInteger Difficulty { get => _difficulty; init => _difficulty = UInt256(value); }

    /// <summary>The block number.</summary>
    public required ulong Number { get; init; }

    /// <summary>The gas limit.</summary>
    public required ulong GasLimit { get; init; }

    /// <summary>The gas used.</summary>
    public required ulong GasUsed { get; init; }

    /// <summary>The Unix timestamp in seconds.</summary>
    public required ulong Timestamp { get; init; }

    /// <summary>Arbitrary bytes chosen by the producer.</summary>
    public required ReadOnlyMemory<byte> ExtraData { get => _extraData; init => _extraData = value.ToArray(); }

    /// <summary>The proof-of-work mix hash; since the merge the beacon chain's prevRandao (EIP-4399).</summary>
    public required ReadOnlyMemory<byte> MixHash { get => _mixHash; init => _mixHash = Fixed(value, HashLength); }

    /// <summary>The 8-byte proof-of-work nonce (zero since the merge).</summary>
    public required ReadOnlyMemory<byte> Nonce { get => _nonce; init => _nonce = Fixed(value, NonceLength); }

    /// <summary>The base fee per gas (London, EIP-1559).</summary>
    public BigInteger? BaseFeePerGas { get => _baseFeePerGas; init => _baseFeePerGas = value is { } fee ? UInt256(fee) : null; }

    /// <summary>The withdrawals trie root (Shanghai, EIP-4895).</summary>
    public ReadOnlyMemory<byte>? WithdrawalsRoot { get => _withdrawalsRoot; init => _withdrawalsRoot = Optional(value); }

    /// <summary>The blob gas used (Cancun, EIP-4844).</summary>
    public ulong? BlobGasUsed { get; init; }

    /// <summary>The excess blob gas (Cancun, EIP-4844).</summary>
    public ulong? ExcessBlobGas { get; init; }

    /// <summary>The parent beacon block root (Cancun, EIP-4788).</summary>
    public ReadOnlyMemory<byte>? ParentBeaconBlockRoot { get => _parentBeaconBlockRoot; init => _parentBeaconBlockRoot = Optional(value); }

    /// <summary>The hash of the execution-layer requests (Prague, EIP-7685).</summary>
    public ReadOnlyMemory<byte>? RequestsHash { get => _requestsHash; init => _requestsHash = Optional(value); }

    /// <summary>
    /// The number of RLP fields: 15 up to Berlin, 16 from London, 17 from Shanghai, 20 from Cancun, 21 from Prague.
    /// </summary>
    /// <exception cref="InvalidOperationException">A fork field is set while an earlier one is not.</exception>
    public int FieldCount
    {
        get
        {
            var count = OptionalFieldCount(out var gap);
            return gap is null
                ? BaseFieldCount + count
                : throw new InvalidOperationException($"The header sets {Names[gap.Value]} without {Names[BaseFieldCount + count]}.");
        }
    }

    /// <summary>The header's RLP: the list of its <see cref="FieldCount"/> fields.</summary>
    public byte[] Encode() => RlpEncoder.Encode(ToRlp());

    /// <summary>The block hash: keccak-256 of <see cref="Encode"/>.</summary>
    public byte[] Hash() => Keccak256.Hash(Encode());

    /// <summary>
    /// Reads a header from a JSON-RPC block object (<c>eth_getBlockByNumber</c>/<c>eth_getBlockByHash</c>, ethereum/
    /// execution-apis src/schemas/block.yaml) or from <see cref="ToJson"/>'s form. Other members (hash, size,
    /// transactions, withdrawals, …) are ignored. Fork fields are present or absent (null counts as absent) and must
    /// form a prefix of the fork order.
    /// </summary>
    public static DataResult<BlockHeader> FromJson(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return DataResult<BlockHeader>.Failure(DataErrorCode.MalformedField, string.Empty, "A block is a JSON object.");
        }

        var present = 0;
        for (var i = BaseFieldCount; i < MaxFieldCount; i++)
        {
            if (!JsonHex.IsPresent(block, Names[i]))
            {
                continue;
            }

            if (present != i - BaseFieldCount)
            {
                return DataResult<BlockHeader>.Failure(
                    DataErrorCode.ForkFieldOrder,
                    Names[i],
                    $"{Names[i]} is present but {Names[BaseFieldCount + present]}, which an earlier fork added, is missing.");
            }

            present++;
        }

        var fields = new JsonFields(block, string.Empty);
        var header = new BlockHeader
        {
            ParentHash = fields.Bytes("parentHash", HashLength),
            UncleHash = fields.Bytes("sha3Uncles", HashLength),
            Miner = fields.Bytes("miner", AddressLength),
            StateRoot = fields.Bytes("stateRoot", HashLength),
            TransactionsRoot = fields.Bytes("transactionsRoot", HashLength),
            ReceiptsRoot = fields.Bytes("receiptsRoot", HashLength),
            LogsBloom = fields.Bytes("logsBloom", Bloom.ByteLength),
            Difficulty = fields.UInt256("difficulty"),
            Number = fields.UInt64("number"),
            GasLimit = fields.UInt64("gasLimit"),
            GasUsed = fields.UInt64("gasUsed"),
            Timestamp = fields.UInt64("timestamp"),
            ExtraData = fields.Bytes("extraData", -1),
            MixHash = fields.Bytes("mixHash", HashLength),
            Nonce = fields.Bytes("nonce", NonceLength),
            BaseFeePerGas = present > 0 ? fields.UInt256("baseFeePerGas") : null,
            WithdrawalsRoot = present > 1 ? Some(fields.Bytes("withdrawalsRoot", HashLength)) : null,
            BlobGasUsed = present > 2 ? fields.UInt64("blobGasUsed") : null,
            ExcessBlobGas = present > 3 ? fields.UInt64("excessBlobGas") : null,
            ParentBeaconBlockRoot = present > 4 ? Some(fields.Bytes("parentBeaconBlockRoot", HashLength)) : null,
            RequestsHash = present > 5 ? Some(fields.Bytes("requestsHash", HashLength)) : null,
        };

        return fields.Error is { } error ? DataResult<BlockHeader>.Failure(error) : DataResult<BlockHeader>.Success(header);
    }

    /// <summary>
    /// Decodes a header's RLP strictly (canonical RLP, nothing after it, 15 to 21 fields of the right lengths and
    /// canonical scalars): the inverse of <see cref="Encode"/>.
    /// </summary>
    public static DataResult<BlockHeader> Decode(ReadOnlySpan<byte> encoded)
    {
        var decoded = RlpDecoder.Decode(encoded, maxDepth: 1);
        if (!decoded.TryGetValue(out var list))
        {
            return DataResult<BlockHeader>.Failure(DataErrorCode.BadRlp, string.Empty, decoded.Error.Message);
        }

        if (!list.IsList || list.Count < BaseFieldCount || list.Count > MaxFieldCount)
        {
            return DataResult<BlockHeader>.Failure(
                DataErrorCode.BadStructure, string.Empty, $"A header is a list of {BaseFieldCount} to {MaxFieldCount} byte strings.");
        }

        var fields = new RlpFields(list.Items.ToArray());
        var count = list.Count;
        var header = new BlockHeader
        {
            ParentHash = fields.Bytes(0, HashLength),
            UncleHash = fields.Bytes(1, HashLength),
            Miner = fields.Bytes(2, AddressLength),
            StateRoot = fields.Bytes(3, HashLength),
            TransactionsRoot = fields.Bytes(4, HashLength),
            ReceiptsRoot = fields.Bytes(5, HashLength),
            LogsBloom = fields.Bytes(6, Bloom.ByteLength),
            Difficulty = fields.UInt256(7),
            Number = fields.UInt64(8),
            GasLimit = fields.UInt64(9),
            GasUsed = fields.UInt64(10),
            Timestamp = fields.UInt64(11),
            ExtraData = fields.Bytes(12, -1),
            MixHash = fields.Bytes(13, HashLength),
            Nonce = fields.Bytes(14, NonceLength),
            BaseFeePerGas = count > 15 ? fields.UInt256(15) : null,
            WithdrawalsRoot = count > 16 ? Some(fields.Bytes(16, HashLength)) : null,
            BlobGasUsed = count > 17 ? fields.UInt64(17) : null,
            ExcessBlobGas = count > 18 ? fields.UInt64(18) : null,
            ParentBeaconBlockRoot = count > 19 ? Some(fields.Bytes(19, HashLength)) : null,
            RequestsHash = count > 20 ? Some(fields.Bytes(20, HashLength)) : null,
        };

        return fields.Error is { } error ? DataResult<BlockHeader>.Failure(error) : DataResult<BlockHeader>.Success(header);
    }

    /// <summary>
    /// The compact JSON form for proofs: an object with the header's fields only, under their JSON-RPC names, in RLP
    /// order; numbers as QUANTITY ("0x" without leading zeros), bytes as DATA. <see cref="FromJson"/> reads it back.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the compact JSON form (see <see cref="ToJson"/>) as one object.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var count = FieldCount;
        writer.WriteStartObject();
        writer.WriteString(Names[0], Hex.Encode0x(ParentHash.Span));
        writer.WriteString(Names[1], Hex.Encode0x(UncleHash.Span));
        writer.WriteString(Names[2], Hex.Encode0x(Miner.Span));
        writer.WriteString(Names[3], Hex.Encode0x(StateRoot.Span));
        writer.WriteString(Names[4], Hex.Encode0x(TransactionsRoot.Span));
        writer.WriteString(Names[5], Hex.Encode0x(ReceiptsRoot.Span));
        writer.WriteString(Names[6], Hex.Encode0x(LogsBloom.Span));
        writer.WriteString(Names[7], Rpc.HexQuantity.Encode(Difficulty));
        writer.WriteString(Names[8], Rpc.HexQuantity.Encode(Number));
        writer.WriteString(Names[9], Rpc.HexQuantity.Encode(GasLimit));
        writer.WriteString(Names[10], Rpc.HexQuantity.Encode(GasUsed));
        writer.WriteString(Names[11], Rpc.HexQuantity.Encode(Timestamp));
        writer.WriteString(Names[12], Hex.Encode0x(ExtraData.Span));
        writer.WriteString(Names[13], Hex.Encode0x(MixHash.Span));
        writer.WriteString(Names[14], Hex.Encode0x(Nonce.Span));
        if (count > 15)
        {
            writer.WriteString(Names[15], Rpc.HexQuantity.Encode(BaseFeePerGas!.Value));
        }

        if (count > 16)
        {
            writer.WriteString(Names[16], Hex.Encode0x(WithdrawalsRoot!.Value.Span));
        }

        if (count > 17)
        {
            writer.WriteString(Names[17], Rpc.HexQuantity.Encode(BlobGasUsed!.Value));
        }

        if (count > 18)
        {
            writer.WriteString(Names[18], Rpc.HexQuantity.Encode(ExcessBlobGas!.Value));
        }

        if (count > 19)
        {
            writer.WriteString(Names[19], Hex.Encode0x(ParentBeaconBlockRoot!.Value.Span));
        }

        if (count > 20)
        {
            writer.WriteString(Names[20], Hex.Encode0x(RequestsHash!.Value.Span));
        }

        writer.WriteEndObject();
    }

    /// <summary>Equal when the encodings are equal.</summary>
    public bool Equals(BlockHeader? other) =>
        other is not null && (ReferenceEquals(this, other) || Encode().AsSpan().SequenceEqual(other.Encode()));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(ParentHash.Span);
        hash.Add(Number);
        hash.AddBytes(StateRoot.Span);
        return hash.ToHashCode();
    }

    /// <summary>The number and hash (or a note that the fork fields are out of order).</summary>
    public override string ToString()
    {
        OptionalFieldCount(out var gap);
        return gap is null ? $"BlockHeader(#{Number}, {Hex.Encode0x(Hash())})" : $"BlockHeader(#{Number}, fork fields out of order)";
    }

    private RlpItem ToRlp()
    {
        var count = FieldCount;
        var items = new RlpItem[count];
        items[0] = RlpItem.FromBytes(ParentHash.Span);
        items[1] = RlpItem.FromBytes(UncleHash.Span);
        items[2] = RlpItem.FromBytes(Miner.Span);
        items[3] = RlpItem.FromBytes(StateRoot.Span);
        items[4] = RlpItem.FromBytes(TransactionsRoot.Span);
        items[5] = RlpItem.FromBytes(ReceiptsRoot.Span);
        items[6] = RlpItem.FromBytes(LogsBloom.Span);
        items[7] = RlpItem.FromBigInteger(Difficulty);
        items[8] = RlpItem.FromUInt64(Number);
        items[9] = RlpItem.FromUInt64(GasLimit);
        items[10] = RlpItem.FromUInt64(GasUsed);
        items[11] = RlpItem.FromUInt64(Timestamp);
        items[12] = RlpItem.FromBytes(ExtraData.Span);
        items[13] = RlpItem.FromBytes(MixHash.Span);
        items[14] = RlpItem.FromBytes(Nonce.Span);
        if (count > 15)
        {
            items[15] = RlpItem.FromBigInteger(BaseFeePerGas!.Value);
        }

        if (count > 16)
        {
            items[16] = RlpItem.FromBytes(WithdrawalsRoot!.Value.Span);
        }

        if (count > 17)
        {
            items[17] = RlpItem.FromUInt64(BlobGasUsed!.Value);
        }

        if (count > 18)
        {
            items[18] = RlpItem.FromUInt64(ExcessBlobGas!.Value);
        }

        if (count > 19)
        {
            items[19] = RlpItem.FromBytes(ParentBeaconBlockRoot!.Value.Span);
        }

        if (count > 20)
        {
            items[20] = RlpItem.FromBytes(RequestsHash!.Value.Span);
        }

        return RlpItem.List(items);
    }

    // How many fork fields are set in order; gap is the index of a set field that follows an unset one.
    private int OptionalFieldCount(out int? gap)
    {
        ReadOnlySpan<bool> set =
        [
            BaseFeePerGas.HasValue, WithdrawalsRoot.HasValue, BlobGasUsed.HasValue, ExcessBlobGas.HasValue,
            ParentBeaconBlockRoot.HasValue, RequestsHash.HasValue,
        ];
        var count = 0;
        while (count < set.Length && set[count])
        {
            count++;
        }

        gap = null;
        for (var i = count + 1; i < set.Length; i++)
        {
            if (set[i])
            {
                gap = BaseFieldCount + i;
                break;
            }
        }

        return count;
    }

    private static ReadOnlyMemory<byte> Fixed(ReadOnlyMemory<byte> value, int length) =>
        value.Length == length
            ? value.ToArray()
            : throw new ArgumentException($"The field has {length} bytes, not {value.Length}.", nameof(value));

    // The cast matters: null alone would convert to an empty ReadOnlyMemory (through byte[]) and count as set.
    private static ReadOnlyMemory<byte>? Optional(ReadOnlyMemory<byte>? value) =>
        value is { } bytes ? (ReadOnlyMemory<byte>?)Fixed(bytes, HashLength) : null;

    private static BigInteger UInt256(BigInteger value) =>
        value.Sign >= 0 && value.GetByteCount(isUnsigned: true) <= 32
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "The field is an unsigned 256-bit integer.");

    private static ReadOnlyMemory<byte>? Some(byte[] value) => value;

    // Reads header fields from decoded RLP items in turn, keeping the first error (as JsonFields does for JSON).
    private sealed class RlpFields(RlpItem[] items)
    {
        public DataError? Error { get; private set; }

        public byte[] Bytes(int index, int length)
        {
            var item = items[index];
            if (Error is null && (item.IsList || (length >= 0 && item.Bytes.Length != length)))
            {
                Error = new DataError(
                    DataErrorCode.WrongLength, Names[index], length >= 0 ? $"Expected a {length}-byte string." : "Expected a byte string.");
            }

            return Error is null ? item.Bytes.ToArray() : new byte[Math.Max(length, 0)];
        }

        public ulong UInt64(int index)
        {
            var result = RlpDecoder.ToUInt64(items[index]);
            Error ??= result.IsSuccess ? null : new DataError(DataErrorCode.NonCanonical, Names[index], result.Error.Message);
            return result.IsSuccess ? result.Value : 0;
        }

        public BigInteger UInt256(int index)
        {
            var result = RlpDecoder.ToUInt256(items[index]);
            Error ??= result.IsSuccess ? null : new DataError(DataErrorCode.NonCanonical, Names[index], result.Error.Message);
            return result.IsSuccess ? result.Value : BigInteger.Zero;
        }
    }
}
