using System.Globalization;
using System.Text;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// A contract event (Solidity docs, abi-spec.rst, "Events"): topic 0 is keccak256 of the canonical signature (absent for
/// an anonymous event), each indexed parameter is one more topic, and the other parameters are ABI-encoded in the data.
/// Indexed parameters of value types (address, bool, integers, <c>bytes&lt;M&gt;</c>) are their 32-byte encoding; any
/// other indexed parameter (<c>bytes</c>, <c>string</c>, arrays, tuples) is only the Keccak-256 hash of its in-place
/// encoding ("Encoding of Indexed Event Parameters"), which cannot be decoded.
/// </summary>
public sealed class AbiEvent
{
    /// <summary>The most topics a log holds (LOG0..LOG4; Yellow Paper, Appendix H, the LOG operations).</summary>
    public const int MaxTopics = 4;

    private readonly AbiParameter[] _inputs;
    private readonly AbiType[] _dataTypes;
    private readonly byte[] _topic0;

    /// <summary>An event.</summary>
    /// <exception cref="ArgumentException">The name is not an identifier, a parameter is null, or too many are indexed.</exception>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        _inputs = AbiParameter.Checked(name, inputs, nameof(inputs));
        int indexed = _inputs.Count(p => p.Indexed);
        if (indexed > MaxTopics - (anonymous ? 0 : 1))
        {
            throw new ArgumentException($"An {(anonymous ? "anonymous " : string.Empty)}event has at most {MaxTopics - (anonymous ? 0 : 1)} indexed parameters.", nameof(inputs));
        }

        Name = name;
        Anonymous = anonymous;
        IndexedCount = indexed;
        _dataTypes = [.. _inputs.Where(p => !p.Indexed).Select(p => p.Type)];
        Signature = AbiParameter.Signature(name, _inputs);
        _topic0 = Keccak256.Hash(Encoding.UTF8.GetBytes(Signature));
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Inputs => _inputs;

    /// <summary>True for an <c>anonymous</c> event, whose logs carry no topic 0.</summary>
    public bool Anonymous { get; }

    /// <summary>How many parameters are indexed.</summary>
    public int IndexedCount { get; }

    /// <summary>The canonical signature, e.g. <c>Transfer(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>keccak256(<see cref="Signature"/>): topic 0 of a non-anonymous event's logs.</summary>
    public ReadOnlySpan<byte> Topic0 => _topic0;

    /// <summary>True when an indexed parameter of this type is stored as a hash (any type but address, bool, integers and <c>bytes&lt;M&gt;</c>).</summary>
    public static bool IsHashedWhenIndexed(AbiType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind is not (AbiTypeKind.Address or AbiTypeKind.Bool or AbiTypeKind.UInt or AbiTypeKind.Int or AbiTypeKind.FixedBytes);
    }

    /// <summary>Parses <c>Name(type [indexed] [name], …)</c>, optionally followed by <c>anonymous</c>.</summary>
    public static AbiResult<AbiEvent> Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!AbiSignatureParser.TryParse(signature, allowIndexed: true, out var name, out var inputs, out var trailer, out var error))
        {
            return AbiResult<AbiEvent>.Failure(error);
        }

        if (trailer.Length > 0 && trailer != "anonymous")
        {
            return AbiResult<AbiEvent>.Failure(AbiErrors.Value(AbiErrorCode.InvalidType, $"unexpected '{trailer}' after the parameters"));
        }

        bool anonymous = trailer.Length > 0;
        if (inputs.Count(p => p.Indexed) > MaxTopics - (anonymous ? 0 : 1))
        {
            return AbiResult<AbiEvent>.Failure(AbiErrors.Value(AbiErrorCode.InvalidType, "too many indexed parameters"));
        }

        return AbiResult<AbiEvent>.Success(new AbiEvent(name, inputs, anonymous));
    }

    /// <summary>
    /// The topic for an indexed value: its 32-byte encoding for value types, otherwise keccak256 of its in-place encoding
    /// (abi-spec "Encoding of Indexed Event Parameters"): <c>bytes</c>/<c>string</c> contents unpadded; array elements
    /// and struct members concatenated, each padded to a multiple of 32 bytes, with no lengths or offsets.
    /// Use it to filter logs by an indexed value.
    /// </summary>
    public static AbiResult<byte[]> EncodeTopic(AbiType type, AbiValue value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        if (!AbiEncoder.TryMeasure(type, value, out _, out var error))
        {
            return AbiResult<byte[]>.Failure(error);
        }

        byte[] topic = new byte[32];
        if (!IsHashedWhenIndexed(type))
        {
            AbiEncoder.WriteElementaryWord(type, value, topic);
            return AbiResult<byte[]>.Success(topic);
        }

        var hasher = new Keccak256();
        AppendInPlace(hasher, type, value, topLevel: true);
        hasher.GetHashAndReset(topic);
        return AbiResult<byte[]>.Success(topic);
    }

    /// <summary>The log a contract emits for these values (declaration order): topics and data.</summary>
    public AbiResult<AbiLog> EncodeLog(params AbiValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _inputs.Length)
        {
            return AbiResult<AbiLog>.Failure(AbiErrors.Value(AbiErrorCode.ArgumentCountMismatch, $"{_inputs.Length} parameters but {values.Length} values"));
        }

        var topics = new List<byte[]>(MaxTopics);
        if (!Anonymous)
        {
            topics.Add(_topic0.ToArray());
        }

        var dataValues = new List<AbiValue>();
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (!_inputs[i].Indexed)
            {
                dataValues.Add(values[i]);
                continue;
            }

            var topic = EncodeTopic(_inputs[i].Type, values[i]);
            if (!topic.IsSuccess)
            {
                return AbiResult<AbiLog>.Failure(topic.Error.Under(ParameterSegment(i)));
            }

            topics.Add(topic.Value);
        }

        var data = AbiEncoder.Encode(_dataTypes, dataValues);
        return data.IsSuccess
            ? AbiResult<AbiLog>.Success(new AbiLog(topics, data.Value))
            : AbiResult<AbiLog>.Failure(data.Error with { Path = "data" + data.Error.Path });
    }

    /// <summary>
    /// Decodes a log of this event: the topic count and topic 0 must match, indexed value types are decoded with the
    /// same padding checks as data, hashed indexed values are returned as their 32-byte topic, and the data is decoded
    /// strictly (see <see cref="AbiDecoder"/>).
    /// </summary>
    public AbiResult<AbiEventLog> DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        int expected = IndexedCount + (Anonymous ? 0 : 1);
        if (topics.Count != expected)
        {
            return TopicFailure($"{Signature} has {expected} topics, the log {topics.Count}");
        }

        for (int i = 0; i < topics.Count; i++)
        {
            if (topics[i] is null || topics[i].Length != 32)
            {
                return TopicFailure($"topic {i} is not 32 bytes");
            }
        }

        if (!Anonymous && !topics[0].AsSpan().SequenceEqual(_topic0))
        {
            return TopicFailure($"topic 0 is not keccak256(\"{Signature}\")");
        }

        var decodedData = AbiDecoder.Decode(_dataTypes, data);
        if (!decodedData.IsSuccess)
        {
            return AbiResult<AbiEventLog>.Failure(decodedData.Error with { Path = "data" + decodedData.Error.Path });
        }

        var values = new AbiValue[_inputs.Length];
        int topic = Anonymous ? 0 : 1;
        int dataIndex = 0;
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (!_inputs[i].Indexed)
            {
                values[i] = decodedData.Value[dataIndex++];
            }
            else if (IsHashedWhenIndexed(_inputs[i].Type))
            {
                values[i] = AbiValue.Bytes(topics[topic++]);
            }
            else
            {
                var word = AbiDecoder.DecodeWord(_inputs[i].Type, topics[topic], 0);
                if (!word.IsSuccess)
                {
                    return AbiResult<AbiEventLog>.Failure(word.Error with { Path = $"topics[{topic}]", Offset = -1 });
                }

                values[i] = word.Value;
                topic++;
            }
        }

        return AbiResult<AbiEventLog>.Success(new AbiEventLog(this, values));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"event {Name}({string.Join(", ", _inputs.Select(p => p.ToString()))}){(Anonymous ? " anonymous" : string.Empty)}";

    private static void AppendInPlace(Keccak256 hasher, AbiType type, AbiValue value, bool topLevel)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
            case AbiTypeKind.String:
                byte[] content = type.Kind == AbiTypeKind.Bytes ? value.ByteArray : Encoding.UTF8.GetBytes(value.StringValue);
                hasher.Append(content);
                if (!topLevel && content.Length % 32 != 0)
                {
                    hasher.Append(new byte[32 - (content.Length % 32)]);
                }

                break;
            case AbiTypeKind.Array:
            case AbiTypeKind.FixedArray:
            case AbiTypeKind.Tuple:
                for (int i = 0; i < value.ItemArray.Length; i++)
                {
                    AppendInPlace(hasher, type.Kind == AbiTypeKind.Tuple ? type.ComponentArray[i] : type.Element!, value.ItemArray[i], topLevel: false);
                }

                break;
            default:
                Span<byte> word = stackalloc byte[32];
                word.Clear();
                AbiEncoder.WriteElementaryWord(type, value, word);
                hasher.Append(word);
                break;
        }
    }

    private string ParameterSegment(int index) =>
        _inputs[index].Name.Length > 0 ? "." + _inputs[index].Name : "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static AbiResult<AbiEventLog> TopicFailure(string message) =>
        AbiResult<AbiEventLog>.Failure(AbiErrors.Value(AbiErrorCode.TopicMismatch, message));
}

/// <summary>A log's topics and data, as a node returns them.</summary>
/// <param name="Topics">Up to four 32-byte topics.</param>
/// <param name="Data">The non-indexed parameters, ABI-encoded.</param>
public sealed record AbiLog(IReadOnlyList<byte[]> Topics, byte[] Data);

/// <summary>A decoded log: the event and one value per parameter, in declaration order.</summary>
public sealed class AbiEventLog
{
    private readonly AbiValue[] _values;

    internal AbiEventLog(AbiEvent abiEvent, AbiValue[] values)
    {
        Event = abiEvent;
        _values = values;
    }

    /// <summary>The event.</summary>
    public AbiEvent Event { get; }

    /// <summary>One value per parameter of <see cref="AbiEvent.Inputs"/>; a hashed indexed parameter is its 32-byte topic.</summary>
    public IReadOnlyList<AbiValue> Values => _values;

    /// <summary>The value of the parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The event has no such parameter.</exception>
    public AbiValue this[string name] =>
        TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"{Event.Signature} has no parameter '{name}'.");

    /// <summary>True when parameter <paramref name="index"/> is indexed and so only its Keccak-256 hash is known.</summary>
    public bool IsHashedTopic(int index) => Event.Inputs[index].Indexed && AbiEvent.IsHashedWhenIndexed(Event.Inputs[index].Type);

    /// <summary>The value of the parameter named <paramref name="name"/>, if there is one.</summary>
    public bool TryGetValue(string name, out AbiValue value)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            if (string.Equals(Event.Inputs[i].Name, name, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Event.Name}({string.Join(", ", _values.Select((v, i) => (Event.Inputs[i].Name.Length > 0 ? Event.Inputs[i].Name + ": " : string.Empty) + v))})";
}
