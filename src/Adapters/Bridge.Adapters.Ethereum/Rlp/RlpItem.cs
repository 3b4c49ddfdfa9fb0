using System.Numerics;
using System.Text;

namespace Bridge.Adapters.Ethereum.Rlp;

/// <summary>
/// One RLP item: a byte string or a list of items (Ethereum Yellow Paper, Appendix B; ethereum.org "Recursive-length
/// prefix (RLP) serialization"). Immutable; <c>default</c> is the empty byte string. A list caches the length of its
/// encoded payload so that <see cref="RlpEncoder"/> sizes a tree without walking it twice.
/// </summary>
public readonly struct RlpItem : IEquatable<RlpItem>
{
    private readonly byte[]? _bytes;
    private readonly RlpItem[]? _items;
    private readonly int _payloadLength;

    private RlpItem(byte[] bytes)
    {
        _bytes = bytes;
        _items = null;
        _payloadLength = bytes.Length;
    }

    private RlpItem(RlpItem[] items)
    {
        _bytes = null;
        _items = items;
        var payload = 0L;
        foreach (var item in items)
        {
            payload += item.EncodedLength;
        }

        // Encoded sizes are ints everywhere (spans); a tree too big for one is a caller bug, not bad input.
        _payloadLength = payload <= RlpEncoder.MaxEncodedLength
            ? (int)payload
            : throw new OverflowException("The RLP list is larger than an encoding can hold.");
        _ = RlpEncoder.GetPrefixedLength(_payloadLength);
    }

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList => _items is not null;

    /// <summary>The bytes of a byte string (empty for a list).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The bytes of a byte string as memory (empty for a list).</summary>
    public ReadOnlyMemory<byte> BytesMemory => _bytes;

    /// <summary>The items of a list (empty for a byte string).</summary>
    public ReadOnlySpan<RlpItem> Items => _items;

    /// <summary>The number of items of a list (0 for a byte string).</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>The length of the encoded payload: the string's bytes or the concatenated item encodings.</summary>
    public int PayloadLength => _payloadLength;

    /// <summary>The length of the complete encoding, prefix included.</summary>
    public int EncodedLength =>
        _items is null && _payloadLength == 1 && _bytes![0] < 0x80
            ? 1
            : RlpEncoder.GetPrefixedLength(_payloadLength);

    /// <summary>The empty byte string (also <c>default</c>).</summary>
    public static RlpItem Empty => new(Array.Empty<byte>());

    /// <summary>The empty list.</summary>
    public static RlpItem EmptyList => new(Array.Empty<RlpItem>());

    /// <summary>A byte string holding a copy of <paramref name="bytes"/>.</summary>
    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>A byte string holding the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static RlpItem FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A scalar: big-endian with no leading zero bytes; 0 is the empty string (Yellow Paper, eq. 183).</summary>
    public static RlpItem FromUInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        var length = RlpEncoder.WriteUInt64Bytes(buffer, value);
        return new(buffer[..length].ToArray());
    }

    /// <summary>A scalar from a 128-bit value (big-endian, no leading zero bytes).</summary>
    public static RlpItem FromUInt128(UInt128 value) => FromBigInteger(value);

    /// <summary>A scalar from a non-negative <see cref="BigInteger"/> (big-endian, no leading zero bytes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative: RLP has no negative scalars.</exception>
    public static RlpItem FromBigInteger(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return Empty;
        }

        return new(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    /// <summary>A list of <paramref name="items"/> (copied).</summary>
    public static RlpItem List(params ReadOnlySpan<RlpItem> items) => new(items.ToArray());

    /// <summary>A byte string over <paramref name="bytes"/> without copying; the caller gives up the array.</summary>
    internal static RlpItem WrapBytes(byte[] bytes) => new(bytes);

    /// <summary>A list over <paramref name="items"/> without copying; the caller gives up the array.</summary>
    internal static RlpItem WrapList(RlpItem[] items) => new(items);

    /// <inheritdoc />
    public bool Equals(RlpItem other)
    {
        if (IsList != other.IsList || _payloadLength != other._payloadLength)
        {
            return false;
        }

        if (!IsList)
        {
            return Bytes.SequenceEqual(other.Bytes);
        }

        var mine = Items;
        var theirs = other.Items;
        if (mine.Length != theirs.Length)
        {
            return false;
        }

        for (var i = 0; i < mine.Length; i++)
        {
            if (!mine[i].Equals(theirs[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RlpItem other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IsList);
        hash.Add(_payloadLength);
        if (IsList)
        {
            hash.Add(Count);
        }
        else
        {
            hash.AddBytes(Bytes);
        }

        return hash.ToHashCode();
    }

    /// <summary>A short diagnostic form: hex for strings, brackets for lists.</summary>
    public override string ToString()
    {
        if (!IsList)
        {
            return "0x" + Convert.ToHexStringLower(Bytes);
        }

        var builder = new StringBuilder("[");
        for (var i = 0; i < Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(Items[i].ToString());
        }

        return builder.Append(']').ToString();
    }

    /// <summary>Deep structural equality.</summary>
    public static bool operator ==(RlpItem left, RlpItem right) => left.Equals(right);

    /// <summary>Deep structural inequality.</summary>
    public static bool operator !=(RlpItem left, RlpItem right) => !left.Equals(right);
}
