using System.Text.Json;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Trie;

namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>
/// A transaction receipt as the receipts trie commits to it (Yellow Paper §4.3.1): the outcome (EIP-658
/// status 0 or 1 since Byzantium, before it the 32-byte post-transaction state root), the cumulative gas used in the
/// block, the logs bloom and the logs. Consensus encoding (EIP-2718): a legacy receipt (type 0) is the RLP list
/// [outcome, cumulativeGasUsed, logsBloom, logs]; a typed receipt is the type byte followed by the RLP of the same
/// list (types 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, 4 EIP-7702; later types up to 0x7f are kept as their byte with
/// the same payload). Immutable.
/// </summary>
public sealed class Receipt : IEquatable<Receipt>
{
    /// <summary>The type of a legacy (untyped) receipt.</summary>
    public const byte LegacyType = 0;

    /// <summary>The largest transaction type EIP-2718 allows (0x7f; 0x80 and above start an RLP item).</summary>
    public const byte MaxType = 0x7f;

    /// <summary>The length of a pre-Byzantium post-state root.</summary>
    public const int PostStateLength = 32;

    private const int FieldCount = 4;
    private const int LogFieldCount = 3;

    private readonly byte[] _postState;
    private readonly byte[] _bloom;
    private readonly ReceiptLog[] _logs;

    private Receipt(byte type, bool succeeded, byte[] postState, ulong cumulativeGasUsed, byte[] bloom, ReceiptLog[] logs)
    {
        Type = type;
        _postState = postState;
        Succeeded = postState.Length == 0 ? succeeded : null;
        CumulativeGasUsed = cumulativeGasUsed;
        _bloom = bloom;
        _logs = logs;
    }

    /// <summary>0 for legacy; otherwise the EIP-2718 type byte (1-4 known, up to 0x7f kept as is).</summary>
    public byte Type { get; }

    /// <summary>True when the receipt has the typed envelope (type byte first).</summary>
    public bool IsTyped => Type != LegacyType;

    /// <summary>The EIP-658 status: true for 1 (success), false for 0; null for a pre-Byzantium receipt.</summary>
    public bool? Succeeded { get; }

    /// <summary>The pre-Byzantium post-transaction state root (32 bytes); empty when the receipt has a status.</summary>
    public ReadOnlyMemory<byte> PostStateRoot => _postState;

    /// <summary>The gas used in the block up to and including this transaction.</summary>
    public ulong CumulativeGasUsed { get; }

    /// <summary>The 256-byte logs bloom.</summary>
    public ReadOnlyMemory<byte> LogsBloom => _bloom;

    /// <summary>The logs, in order.</summary>
    public IReadOnlyList<ReceiptLog> Logs => _logs;

    /// <summary>A receipt with an EIP-658 status; the bloom is computed from the logs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type is above 0x7f.</exception>
    public static Receipt Create(byte type, bool succeeded, ulong cumulativeGasUsed, IEnumerable<ReceiptLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var array = logs.ToArray();
        return new Receipt(CheckType(type), succeeded, [], cumulativeGasUsed, ComputeBloom(array), array);
    }

    /// <summary>A receipt with an EIP-658 status and a given bloom (as a node reports it).</summary>
    /// <exception cref="ArgumentException">The bloom is not 256 bytes or the type is above 0x7f.</exception>
    public static Receipt Create(byte type, bool succeeded, ulong cumulativeGasUsed, ReadOnlySpan<byte> logsBloom, IEnumerable<ReceiptLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return new Receipt(CheckType(type), succeeded, [], cumulativeGasUsed, CheckBloom(logsBloom), [.. logs]);
    }

    /// <summary>A pre-Byzantium legacy receipt carrying the post-transaction state root.</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes or the bloom not 256 bytes.</exception>
    public static Receipt CreatePreByzantium(ReadOnlySpan<byte> postStateRoot, ulong cumulativeGasUsed, ReadOnlySpan<byte> logsBloom, IEnumerable<ReceiptLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (postStateRoot.Length != PostStateLength)
        {
            throw new ArgumentException($"A post-state root has {PostStateLength} bytes.", nameof(postStateRoot));
        }

        return new Receipt(LegacyType, false, postStateRoot.ToArray(), cumulativeGasUsed, CheckBloom(logsBloom), [.. logs]);
    }

    /// <summary>True when <see cref="LogsBloom"/> is the bloom of <see cref="Logs"/>, as consensus requires.</summary>
    public bool HasConsistentBloom() => ComputeBloom(_logs).AsSpan().SequenceEqual(_bloom);

    /// <summary>The length of <see cref="Encode()"/>.</summary>
    public int GetEncodedLength() => (IsTyped ? 1 : 0) + RlpEncoder.GetPrefixedLength(PayloadLength());

    /// <summary>The consensus encoding: the value the receipts trie stores.</summary>
    public byte[] Encode()
    {
        var output = new byte[GetEncodedLength()];
        Encode(output);
        return output;
    }

    /// <summary>Writes the consensus encoding; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetEncodedLength"/>.</exception>
    public int Encode(Span<byte> destination)
    {
        var length = GetEncodedLength();
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the receipt needs {length}.", nameof(destination));
        }

        var position = 0;
        if (IsTyped)
        {
            destination[position++] = Type;
        }

        position += RlpEncoder.WriteListHeader(destination[position..], PayloadLength());
        if (_postState.Length > 0)
        {
            position += RlpEncoder.WriteString(destination[position..], _postState);
        }
        else
        {
            position += RlpEncoder.WriteUInt64(destination[position..], Succeeded == true ? 1UL : 0UL);
        }

        position += RlpEncoder.WriteUInt64(destination[position..], CumulativeGasUsed);
        position += RlpEncoder.WriteString(destination[position..], _bloom);
        position += RlpEncoder.WriteListHeader(destination[position..], LogsPayloadLength());
        foreach (var log in _logs)
        {
            position += RlpEncoder.WriteListHeader(destination[position..], LogPayloadLength(log));
            position += RlpEncoder.WriteString(destination[position..], log.Address.Span);
            position += RlpEncoder.WriteListHeader(destination[position..], log.Topics.Count * (ReceiptLog.TopicLength + 1));
            foreach (var topic in log.Topics)
            {
                position += RlpEncoder.WriteString(destination[position..], topic.Span);
            }

            position += RlpEncoder.WriteString(destination[position..], log.Data.Span);
        }

        return position;
    }

    /// <summary>
    /// Decodes a consensus encoding strictly: canonical RLP only, nothing after the receipt, exact field lengths, the
    /// status as 0x80 or 0x01 (a status written 0x00 is rejected), a post-state root only in a legacy receipt.
    /// </summary>
    public static DataResult<Receipt> Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            return Fail(DataErrorCode.BadRlp, "The input is empty.");
        }

        byte type = LegacyType;
        var offset = 0;
        var first = encoded[0];
        if (first <= MaxType)
        {
            if (first == LegacyType)
            {
                return Fail(DataErrorCode.UnsupportedType, "A legacy receipt is a bare RLP list, not a 0x00-typed envelope.");
            }

            type = first;
            offset = 1;
        }
        else if (first < 0xc0)
        {
            return Fail(DataErrorCode.UnsupportedType, $"0x{first:x2} starts neither a typed receipt (0x01-0x7f) nor an RLP list.");
        }

        if (!RlpSlice.TryRead(encoded, offset, encoded.Length, out var list) || list.End != encoded.Length)
        {
            return Fail(DataErrorCode.BadRlp, "The payload is not exactly one canonical RLP item.");
        }

        Span<RlpSlice> fields = stackalloc RlpSlice[FieldCount + 1];
        if (!list.IsList || RlpSlice.ReadItems(encoded, list, fields) != FieldCount)
        {
            return Fail(DataErrorCode.BadStructure, "A receipt is a list of four canonical items.");
        }

        var outcome = fields[0];
        var succeeded = false;
        var postState = Array.Empty<byte>();
        if (outcome.IsList)
        {
            return Fail(DataErrorCode.BadStructure, "The status must be a byte string.", "status");
        }

        switch (outcome.PayloadLength)
        {
            case 0:
                break;
            case 1 when encoded[outcome.PayloadStart] == 1:
                succeeded = true;
                break;
            case 1 when encoded[outcome.PayloadStart] == 0:
                return Fail(DataErrorCode.NonCanonical, "Status 0 is the empty string (0x80), not 0x00.", "status");
            case PostStateLength when type == LegacyType:
                postState = outcome.Payload(encoded).ToArray();
                break;
            default:
                return Fail(DataErrorCode.BadStructure, "The first field is neither a status (0 or 1) nor a legacy 32-byte post-state root.", "status");
        }

        var gas = fields[1];
        var gasBytes = gas.Payload(encoded);
        if (gas.IsList || gasBytes.Length > sizeof(ulong) || (gasBytes.Length > 0 && gasBytes[0] == 0))
        {
            return Fail(DataErrorCode.NonCanonical, "The cumulative gas is not a canonical 64-bit scalar.", "cumulativeGasUsed");
        }

        var cumulativeGasUsed = 0UL;
        foreach (var b in gasBytes)
        {
            cumulativeGasUsed = (cumulativeGasUsed << 8) | b;
        }

        var bloom = fields[2];
        if (bloom.IsList || bloom.PayloadLength != Bloom.ByteLength)
        {
            return Fail(DataErrorCode.WrongLength, "The logs bloom is a 256-byte string.", "logsBloom");
        }

        var logsResult = DecodeLogs(encoded, fields[3]);
        if (!logsResult.TryGetValue(out var logs))
        {
            return DataResult<Receipt>.Failure(logsResult.Error);
        }

        return DataResult<Receipt>.Success(new Receipt(type, succeeded, postState, cumulativeGasUsed, bloom.Payload(encoded).ToArray(), logs));
    }

    /// <summary>
    /// Reads the consensus fields of an <c>eth_getTransactionReceipt</c> result (ethereum/execution-apis
    /// src/schemas/receipt.yaml): <c>type</c> (absent on pre-EIP-2718 nodes: legacy), <c>status</c> or, before
    /// Byzantium, <c>root</c>, <c>cumulativeGasUsed</c>, <c>logsBloom</c> and <c>logs[].address/topics/data</c>.
    /// The bloom must be the bloom of the logs.
    /// </summary>
    public static DataResult<Receipt> FromJson(JsonElement receipt)
    {
        if (receipt.ValueKind != JsonValueKind.Object)
        {
            return Fail(DataErrorCode.MalformedField, "A receipt is a JSON object.");
        }

        var type = 0UL;
        if (JsonHex.IsPresent(receipt, "type") && JsonHex.UInt64(receipt, "type", string.Empty, out type) is { } typeError)
        {
            return DataResult<Receipt>.Failure(typeError);
        }

        if (type > MaxType)
        {
            return Fail(DataErrorCode.UnsupportedType, $"Type {type} is above 0x7f (EIP-2718).", "type");
        }

        var succeeded = false;
        var postState = Array.Empty<byte>();
        if (JsonHex.IsPresent(receipt, "status"))
        {
            if (JsonHex.UInt64(receipt, "status", string.Empty, out var status) is { } statusError)
            {
                return DataResult<Receipt>.Failure(statusError);
            }

            if (status > 1)
            {
                return Fail(DataErrorCode.OutOfRange, "The status is 0x0 or 0x1 (EIP-658).", "status");
            }

            succeeded = status == 1;
        }
        else if (type != LegacyType)
        {
            return Fail(DataErrorCode.MissingField, "A typed receipt has a status.", "status");
        }
        else if (JsonHex.Bytes(receipt, "root", string.Empty, PostStateLength, out postState) is { } rootError)
        {
            return DataResult<Receipt>.Failure(rootError with
            {
                Message = rootError.Code == DataErrorCode.MissingField ? "A receipt has a status or, before Byzantium, a root." : rootError.Message,
            });
        }

        if (JsonHex.UInt64(receipt, "cumulativeGasUsed", string.Empty, out var cumulativeGasUsed) is { } gasError)
        {
            return DataResult<Receipt>.Failure(gasError);
        }

        if (JsonHex.Bytes(receipt, "logsBloom", string.Empty, Bloom.ByteLength, out var bloom) is { } bloomError)
        {
            return DataResult<Receipt>.Failure(bloomError);
        }

        if (JsonHex.Array(receipt, "logs", string.Empty, out var logsElement) is { } logsError)
        {
            return DataResult<Receipt>.Failure(logsError);
        }

        var logs = new ReceiptLog[logsElement.GetArrayLength()];
        var index = 0;
        foreach (var log in logsElement.EnumerateArray())
        {
            var field = JsonHex.Index("logs", index);
            if (JsonHex.Bytes(log, "address", field, ReceiptLog.AddressLength, out var address) is { } addressError)
            {
                return DataResult<Receipt>.Failure(addressError);
            }

            if (JsonHex.Array(log, "topics", field, out var topicsElement) is { } topicsError)
            {
                return DataResult<Receipt>.Failure(topicsError);
            }

            var topics = new ReadOnlyMemory<byte>[topicsElement.GetArrayLength()];
            var t = 0;
            foreach (var topic in topicsElement.EnumerateArray())
            {
                if (JsonHex.Bytes(topic, JsonHex.Index(field + ".topics", t), ReceiptLog.TopicLength, out var topicBytes) is { } topicError)
                {
                    return DataResult<Receipt>.Failure(topicError);
                }

                topics[t++] = topicBytes;
            }

            if (JsonHex.Bytes(log, "data", field, -1, out var data) is { } dataError)
            {
                return DataResult<Receipt>.Failure(dataError);
            }

            logs[index++] = ReceiptLog.Wrap(address, topics, data);
        }

        var result = new Receipt((byte)type, succeeded, postState, cumulativeGasUsed, bloom, logs);
        return result.HasConsistentBloom()
            ? DataResult<Receipt>.Success(result)
            : Fail(DataErrorCode.BloomMismatch, "The logsBloom is not the bloom of the logs (Yellow Paper §4.3.1).", "logsBloom");
    }

    /// <inheritdoc />
    public bool Equals(Receipt? other)
    {
        if (other is null)
        {
            return false;
        }

        return Type == other.Type
            && Succeeded == other.Succeeded
            && CumulativeGasUsed == other.CumulativeGasUsed
            && _postState.AsSpan().SequenceEqual(other._postState)
            && _bloom.AsSpan().SequenceEqual(other._bloom)
            && _logs.AsSpan().SequenceEqual(other._logs);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Receipt);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Succeeded, CumulativeGasUsed, _logs.Length);

    /// <inheritdoc />
    public override string ToString()
    {
        var outcome = Succeeded switch
        {
            true => "success",
            false => "failure",
            null => "root 0x" + Convert.ToHexStringLower(_postState),
        };
        return $"Receipt(type {Type}, {outcome}, cumulative gas {CumulativeGasUsed}, {_logs.Length} logs)";
    }

    private static DataResult<ReceiptLog[]> DecodeLogs(ReadOnlySpan<byte> encoded, in RlpSlice logsList)
    {
        if (!logsList.IsList)
        {
            return DataResult<ReceiptLog[]>.Failure(DataErrorCode.BadStructure, "logs", "The logs are a list.");
        }

        var count = Count(encoded, logsList);
        if (count < 0)
        {
            return DataResult<ReceiptLog[]>.Failure(DataErrorCode.BadRlp, "logs", "The logs are not canonical RLP.");
        }

        var logs = new ReceiptLog[count];
        Span<RlpSlice> fields = stackalloc RlpSlice[LogFieldCount + 1];
        var position = logsList.PayloadStart;
        for (var i = 0; i < count; i++)
        {
            RlpSlice.TryRead(encoded, position, logsList.End, out var log);
            position = log.End;
            var field = JsonHex.Index("logs", i);
            if (!log.IsList || RlpSlice.ReadItems(encoded, log, fields) != LogFieldCount)
            {
                return DataResult<ReceiptLog[]>.Failure(DataErrorCode.BadStructure, field, "A log is a list of address, topics and data.");
            }

            var address = fields[0];
            var topicsList = fields[1];
            var data = fields[2];
            if (address.IsList || address.PayloadLength != ReceiptLog.AddressLength)
            {
                return DataResult<ReceiptLog[]>.Failure(DataErrorCode.WrongLength, field + ".address", "An address is a 20-byte string.");
            }

            var topicCount = topicsList.IsList ? Count(encoded, topicsList) : -1;
            if (topicCount < 0 || data.IsList)
            {
                return DataResult<ReceiptLog[]>.Failure(DataErrorCode.BadStructure, field, "A log's topics are a list and its data a string.");
            }

            var topics = new ReadOnlyMemory<byte>[topicCount];
            var topicPosition = topicsList.PayloadStart;
            for (var t = 0; t < topicCount; t++)
            {
                RlpSlice.TryRead(encoded, topicPosition, topicsList.End, out var topic);
                topicPosition = topic.End;
                if (topic.IsList || topic.PayloadLength != ReceiptLog.TopicLength)
                {
                    return DataResult<ReceiptLog[]>.Failure(DataErrorCode.WrongLength, JsonHex.Index(field + ".topics", t), "A topic is a 32-byte string.");
                }

                topics[t] = topic.Payload(encoded).ToArray();
            }

            logs[i] = ReceiptLog.Wrap(address.Payload(encoded).ToArray(), topics, data.Payload(encoded).ToArray());
        }

        return DataResult<ReceiptLog[]>.Success(logs);
    }

    // The number of items in a list, or -1 when an item header is malformed.
    private static int Count(ReadOnlySpan<byte> encoded, in RlpSlice list)
    {
        var count = 0;
        for (var position = list.PayloadStart; position < list.End; count++)
        {
            if (!RlpSlice.TryRead(encoded, position, list.End, out var item))
            {
                return -1;
            }

            position = item.End;
        }

        return count;
    }

    private int PayloadLength() =>
        (_postState.Length > 0 ? 1 + PostStateLength : 1)
        + RlpEncoder.GetUInt64EncodedLength(CumulativeGasUsed)
        + RlpEncoder.GetPrefixedLength(Bloom.ByteLength)
        + RlpEncoder.GetPrefixedLength(LogsPayloadLength());

    private int LogsPayloadLength()
    {
        var length = 0;
        foreach (var log in _logs)
        {
            length += RlpEncoder.GetPrefixedLength(LogPayloadLength(log));
        }

        return length;
    }

    private static int LogPayloadLength(ReceiptLog log) =>
        1 + ReceiptLog.AddressLength
        + RlpEncoder.GetPrefixedLength(log.Topics.Count * (ReceiptLog.TopicLength + 1))
        + RlpEncoder.GetStringEncodedLength(log.Data.Span);

    private static byte CheckType(byte type) =>
        type <= MaxType ? type : throw new ArgumentOutOfRangeException(nameof(type), type, "EIP-2718 types are 0x00-0x7f.");

    private static byte[] CheckBloom(ReadOnlySpan<byte> bloom) =>
        bloom.Length == Bloom.ByteLength
            ? bloom.ToArray()
            : throw new ArgumentException($"A logs bloom has {Bloom.ByteLength} bytes.", nameof(bloom));

    private static byte[] ComputeBloom(ReceiptLog[] logs) => Bloom.Compute(logs);

    private static DataResult<Receipt> Fail(DataErrorCode code, string message, string field = "") =>
        DataResult<Receipt>.Failure(code, field, message);
}
