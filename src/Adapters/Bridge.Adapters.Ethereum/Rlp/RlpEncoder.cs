using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Bridge.Adapters.Ethereum.Rlp;

/// <summary>
/// Canonical RLP encoding (Ethereum Yellow Paper, Appendix B, eqs. 179-183; ethereum.org "Recursive-length prefix
/// (RLP) serialization", https://ethereum.org/en/developers/docs/data-structures-and-encoding/rlp/):
/// <list type="bullet">
/// <item>a single byte below 0x80 is its own encoding;</item>
/// <item>a string of 0-55 bytes is 0x80+length then the bytes; a longer one is 0xb7+(length of the length), the
/// length big-endian without leading zeros, then the bytes;</item>
/// <item>a list whose concatenated item encodings (the payload) take 0-55 bytes is 0xc0+length then the payload;
/// a longer one is 0xf7+(length of the length), the length, then the payload;</item>
/// <item>a scalar is its big-endian bytes without leading zeros (0 is the empty string).</item>
/// </list>
/// Every writer needs a destination of exactly the precomputed size or more; a short destination is a caller bug
/// and throws <see cref="ArgumentException"/>.
/// </summary>
public static class RlpEncoder
{
    /// <summary>The largest encoding handled here: one span.</summary>
    public const int MaxEncodedLength = int.MaxValue;

    private const int ShortLimit = 55;
    private const byte StringOffset = 0x80;
    private const byte LongStringOffset = 0xb7;
    private const byte ListOffset = 0xc0;
    private const byte LongListOffset = 0xf7;

    /// <summary>The length of the complete encoding of <paramref name="item"/>.</summary>
    public static int GetEncodedLength(in RlpItem item) => item.EncodedLength;

    /// <summary>
    /// The length of a string or list prefix plus <paramref name="payloadLength"/> bytes of payload (both kinds use
    /// the same prefix sizes; not for the single-byte form).
    /// </summary>
    /// <exception cref="OverflowException">The total exceeds <see cref="MaxEncodedLength"/>.</exception>
    public static int GetPrefixedLength(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        return checked(GetHeaderLength(payloadLength) + payloadLength);
    }

    /// <summary>The length of the encoding of the byte string <paramref name="bytes"/>.</summary>
    public static int GetStringEncodedLength(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 1 && bytes[0] < StringOffset ? 1 : GetPrefixedLength(bytes.Length);

    /// <summary>The length of the encoding of the scalar <paramref name="value"/>.</summary>
    public static int GetUInt64EncodedLength(ulong value) =>
        value < StringOffset ? 1 : 1 + ByteCount(value);

    /// <summary>The length of a string or list prefix for <paramref name="payloadLength"/> bytes of payload.</summary>
    public static int GetHeaderLength(int payloadLength) =>
        payloadLength <= ShortLimit ? 1 : 1 + ByteCount((ulong)payloadLength);

    /// <summary>The encoding of <paramref name="item"/>.</summary>
    public static byte[] Encode(in RlpItem item)
    {
        var output = new byte[item.EncodedLength];
        var written = Write(item, output);
        System.Diagnostics.Debug.Assert(written == output.Length, "the precomputed length is exact");
        return output;
    }

    /// <summary>Writes the encoding of <paramref name="item"/> to <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(in RlpItem item, Span<byte> destination)
    {
        if (destination.Length < item.EncodedLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the encoding needs {item.EncodedLength}.", nameof(destination));
        }

        return Write(item, destination);
    }

    /// <summary>Writes the encoding of <paramref name="item"/> to <paramref name="writer"/> in one span.</summary>
    public static void Encode(in RlpItem item, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = item.EncodedLength;
        var written = Write(item, writer.GetSpan(length));
        writer.Advance(written);
    }

    /// <summary>The encoding of the byte string <paramref name="bytes"/>.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        var output = new byte[GetStringEncodedLength(bytes)];
        WriteString(output, bytes);
        return output;
    }

    /// <summary>The encoding of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] EncodeString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodeBytes(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The encoding of the scalar <paramref name="value"/>.</summary>
    public static byte[] EncodeUInt64(ulong value)
    {
        var output = new byte[GetUInt64EncodedLength(value)];
        WriteUInt64(output, value);
        return output;
    }

    /// <summary>The encoding of the non-negative scalar <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static byte[] EncodeBigInteger(BigInteger value) => Encode(RlpItem.FromBigInteger(value));

    /// <summary>Writes the encoding of the byte string <paramref name="bytes"/>; returns the bytes written.</summary>
    public static int WriteString(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < StringOffset)
        {
            Require(destination, 1)[0] = bytes[0];
            return 1;
        }

        var header = WriteHeader(Require(destination, GetPrefixedLength(bytes.Length)), bytes.Length, isList: false);
        bytes.CopyTo(destination[header..]);
        return header + bytes.Length;
    }

    /// <summary>Writes a list prefix for <paramref name="payloadLength"/> bytes of item encodings; returns its length.</summary>
    public static int WriteListHeader(Span<byte> destination, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        return WriteHeader(Require(destination, GetHeaderLength(payloadLength)), payloadLength, isList: true);
    }

    /// <summary>Writes the encoding of the scalar <paramref name="value"/>; returns the bytes written.</summary>
    public static int WriteUInt64(Span<byte> destination, ulong value)
    {
        if (value == 0)
        {
            Require(destination, 1)[0] = StringOffset;
            return 1;
        }

        if (value < StringOffset)
        {
            Require(destination, 1)[0] = (byte)value;
            return 1;
        }

        var count = ByteCount(value);
        Require(destination, 1 + count)[0] = (byte)(StringOffset + count);
        WriteUInt64Bytes(destination[1..], value);
        return 1 + count;
    }

    /// <summary>Writes <paramref name="value"/> big-endian without leading zeros (nothing for 0); returns the count.</summary>
    internal static int WriteUInt64Bytes(Span<byte> destination, ulong value)
    {
        var count = value == 0 ? 0 : ByteCount(value);
        Span<byte> full = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(full, value);
        full[(sizeof(ulong) - count)..].CopyTo(destination);
        return count;
    }

    private static int Write(in RlpItem item, Span<byte> destination)
    {
        if (!item.IsList)
        {
            return WriteString(destination, item.Bytes);
        }

        var position = WriteHeader(destination, item.PayloadLength, isList: true);
        foreach (ref readonly var child in item.Items)
        {
            position += Write(child, destination[position..]);
        }

        return position;
    }

    private static int WriteHeader(Span<byte> destination, int payloadLength, bool isList)
    {
        if (payloadLength <= ShortLimit)
        {
            destination[0] = (byte)((isList ? ListOffset : StringOffset) + payloadLength);
            return 1;
        }

        var count = ByteCount((ulong)payloadLength);
        destination[0] = (byte)((isList ? LongListOffset : LongStringOffset) + count);
        WriteUInt64Bytes(destination[1..], (ulong)payloadLength);
        return 1 + count;
    }

    private static Span<byte> Require(Span<byte> destination, int length) =>
        destination.Length >= length
            ? destination
            : throw new ArgumentException($"The destination holds {destination.Length} bytes; the encoding needs {length}.", nameof(destination));

    // Bytes needed for a non-zero value big-endian without leading zeros.
    private static int ByteCount(ulong value) => (64 - BitOperations.LeadingZeroCount(value) + 7) / 8;
}
