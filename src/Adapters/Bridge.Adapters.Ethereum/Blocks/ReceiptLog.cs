namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>
/// One log entry of a receipt (Yellow Paper §4.3.1): the emitting contract's 20-byte address, a series of
/// 32-byte topics, and a byte string of data. Consensus-encoded as the RLP list [address, [topics…], data].
/// Immutable; the constructor copies its inputs.
/// </summary>
public sealed class ReceiptLog : IEquatable<ReceiptLog>
{
    /// <summary>The length of an address.</summary>
    public const int AddressLength = 20;

    /// <summary>The length of a topic.</summary>
    public const int TopicLength = 32;

    private readonly ReadOnlyMemory<byte>[] _topics;

    /// <summary>A log entry.</summary>
    /// <exception cref="ArgumentException">The address is not 20 bytes or a topic is not 32 bytes.</exception>
    public ReceiptLog(ReadOnlySpan<byte> address, IEnumerable<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (address.Length != AddressLength)
        {
            throw new ArgumentException($"An address has {AddressLength} bytes.", nameof(address));
        }

        _topics = topics.Select(topic => (ReadOnlyMemory<byte>)(topic?.Length == TopicLength
            ? (byte[])topic.Clone()
            : throw new ArgumentException($"A topic has {TopicLength} bytes.", nameof(topics)))).ToArray();
        Address = address.ToArray();
        Data = data.ToArray();
    }

    // Wraps already validated arrays without copying (the decoders own them).
    private ReceiptLog(byte[] address, ReadOnlyMemory<byte>[] topics, byte[] data)
    {
        Address = address;
        _topics = topics;
        Data = data;
    }

    /// <summary>The 20-byte address of the contract that emitted the log.</summary>
    public ReadOnlyMemory<byte> Address { get; }

    /// <summary>The 32-byte topics (at most four from the EVM's LOG0-LOG4; not limited here).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Topics => _topics;

    /// <summary>The data.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <inheritdoc />
    public bool Equals(ReceiptLog? other)
    {
        if (other is null)
        {
            return false;
        }

        if (!Address.Span.SequenceEqual(other.Address.Span) || !Data.Span.SequenceEqual(other.Data.Span) || _topics.Length != other._topics.Length)
        {
            return false;
        }

        for (var i = 0; i < _topics.Length; i++)
        {
            if (!_topics[i].Span.SequenceEqual(other._topics[i].Span))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ReceiptLog);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Address.Span);
        hash.Add(_topics.Length);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Log(0x{Convert.ToHexStringLower(Address.Span)}, {_topics.Length} topics, {Data.Length} bytes)";

    internal static ReceiptLog Wrap(byte[] address, ReadOnlyMemory<byte>[] topics, byte[] data) => new(address, topics, data);
}
