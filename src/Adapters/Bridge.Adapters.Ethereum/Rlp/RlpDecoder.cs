using System.Buffers.Binary;
using System.Numerics;

namespace Bridge.Adapters.Ethereum.Rlp;

/// <summary>
/// Strict RLP decoding: accepts exactly the encodings <see cref="RlpEncoder"/> produces (Ethereum Yellow Paper,
/// Appendix B; ethereum.org "Recursive-length prefix (RLP) serialization"), so that one value has one encoding.
/// Rejects empty input, trailing bytes, a single byte below 0x80 written as 0x81xx, the long form for a payload
/// under 56 bytes, long-form lengths with leading zero bytes, lengths past the input or the enclosing list, lengths
/// beyond <see cref="int.MaxValue"/>, and lists nested deeper than a limit. The same rules are enforced by go-ethereum
/// (rlp.ErrCanonSize, ErrCanonInt, ErrValueTooLarge) and exercised by ethereum/tests RLPTests/invalidRLPTest.json.
/// Bad input never throws: every method returns an <see cref="RlpResult{T}"/>.
/// </summary>
public static class RlpDecoder
{
    /// <summary>The default limit on list nesting; it bounds the recursion (and so the stack).</summary>
    public const int DefaultMaxDepth = 1024;

    /// <summary>The largest nesting limit accepted, to keep the recursion well inside a thread's stack.</summary>
    public const int MaxSupportedDepth = 4096;

    private const byte StringOffset = 0x80;
    private const byte LongStringOffset = 0xb7;
    private const byte ListOffset = 0xc0;
    private const byte LongListOffset = 0xf7;
    private const int ShortLimit = 55;

    /// <summary>Decodes a complete input holding exactly one item.</summary>
    /// <param name="input">The encoding.</param>
    /// <param name="maxDepth">The deepest list nesting accepted (the top-level list is depth 1).</param>
    public static RlpResult<RlpItem> Decode(ReadOnlySpan<byte> input, int maxDepth = DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxSupportedDepth);
        if (input.IsEmpty)
        {
            return RlpResult<RlpItem>.Failure(RlpErrorCode.EmptyInput, 0, "The input is empty.");
        }

        if (!TryDecodeItem(input, 0, 0, maxDepth, out var item, out var consumed, out var error))
        {
            return RlpResult<RlpItem>.Failure(error);
        }

        return consumed == input.Length
            ? RlpResult<RlpItem>.Success(item)
            : TrailingBytes<RlpItem>(input.Length, consumed);
    }

    /// <summary>Decodes a complete input holding one canonical unsigned integer of at most 8 bytes.</summary>
    public static RlpResult<ulong> ReadUInt64(ReadOnlySpan<byte> input)
    {
        if (!TryReadScalar(input, sizeof(ulong), out var payload, out _, out var error))
        {
            return RlpResult<ulong>.Failure(error);
        }

        return RlpResult<ulong>.Success(ToUInt64Unchecked(payload));
    }

    /// <summary>Decodes a complete input holding one canonical unsigned integer of at most 16 bytes.</summary>
    public static RlpResult<UInt128> ReadUInt128(ReadOnlySpan<byte> input) =>
        TryReadScalar(input, 16, out var payload, out _, out var error)
            ? RlpResult<UInt128>.Success(ToUInt128Unchecked(payload))
            : RlpResult<UInt128>.Failure(error);

    /// <summary>Decodes a complete input holding one canonical unsigned integer of at most 32 bytes (uint256).</summary>
    public static RlpResult<BigInteger> ReadUInt256(ReadOnlySpan<byte> input) =>
        TryReadScalar(input, 32, out var payload, out _, out var error)
            ? RlpResult<BigInteger>.Success(new BigInteger(payload, isUnsigned: true, isBigEndian: true))
            : RlpResult<BigInteger>.Failure(error);

    /// <summary>Reads a decoded byte string as a canonical unsigned integer of at most 8 bytes (offsets are item-relative).</summary>
    public static RlpResult<ulong> ToUInt64(in RlpItem item) =>
        CheckScalar(item, sizeof(ulong), 0, out var error)
            ? RlpResult<ulong>.Success(ToUInt64Unchecked(item.Bytes))
            : RlpResult<ulong>.Failure(error);

    /// <summary>Reads a decoded byte string as a canonical unsigned integer of at most 16 bytes.</summary>
    public static RlpResult<UInt128> ToUInt128(in RlpItem item) =>
        CheckScalar(item, 16, 0, out var error)
            ? RlpResult<UInt128>.Success(ToUInt128Unchecked(item.Bytes))
            : RlpResult<UInt128>.Failure(error);

    /// <summary>Reads a decoded byte string as a canonical unsigned integer of at most 32 bytes (uint256).</summary>
    public static RlpResult<BigInteger> ToUInt256(in RlpItem item) =>
        CheckScalar(item, 32, 0, out var error)
            ? RlpResult<BigInteger>.Success(new BigInteger(item.Bytes, isUnsigned: true, isBigEndian: true))
            : RlpResult<BigInteger>.Failure(error);

    private static bool TryReadScalar(ReadOnlySpan<byte> input, int maxBytes, out ReadOnlySpan<byte> payload, out int offset, out RlpError error)
    {
        payload = default;
        offset = 0;
        if (input.IsEmpty)
        {
            error = new RlpError(RlpErrorCode.EmptyInput, 0, "The input is empty.");
            return false;
        }

        if (!TryReadHeader(input, 0, out var header, out error))
        {
            return false;
        }

        if (header.IsList)
        {
            error = new RlpError(RlpErrorCode.ExpectedString, 0, "An integer must be a byte string, not a list.");
            return false;
        }

        var end = header.HeaderLength + header.PayloadLength;
        if (end != input.Length)
        {
            error = TrailingBytes<int>(input.Length, end).Error;
            return false;
        }

        payload = input.Slice(header.HeaderLength, header.PayloadLength);
        offset = header.HeaderLength;
        return CheckScalarBytes(payload, maxBytes, offset, out error);
    }

    private static bool CheckScalar(in RlpItem item, int maxBytes, int offset, out RlpError error)
    {
        if (item.IsList)
        {
            error = new RlpError(RlpErrorCode.ExpectedString, offset, "An integer must be a byte string, not a list.");
            return false;
        }

        return CheckScalarBytes(item.Bytes, maxBytes, offset, out error);
    }

    // Yellow Paper eq. 183: a scalar is BE(x), the shortest big-endian form, so 0 is the empty string and no
    // non-empty integer starts with a zero byte.
    private static bool CheckScalarBytes(ReadOnlySpan<byte> payload, int maxBytes, int offset, out RlpError error)
    {
        if (!payload.IsEmpty && payload[0] == 0)
        {
            error = new RlpError(RlpErrorCode.LeadingZeroInInteger, offset, "An unsigned integer must not start with a zero byte.");
            return false;
        }

        if (payload.Length > maxBytes)
        {
            error = new RlpError(RlpErrorCode.IntegerTooLarge, offset, $"The integer has {payload.Length} bytes; at most {maxBytes} fit.");
            return false;
        }

        error = default;
        return true;
    }

    private static ulong ToUInt64Unchecked(ReadOnlySpan<byte> payload)
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        buffer.Clear();
        payload.CopyTo(buffer[(sizeof(ulong) - payload.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(buffer);
    }

    private static UInt128 ToUInt128Unchecked(ReadOnlySpan<byte> payload)
    {
        Span<byte> buffer = stackalloc byte[16];
        buffer.Clear();
        payload.CopyTo(buffer[(16 - payload.Length)..]);
        return BinaryPrimitives.ReadUInt128BigEndian(buffer);
    }

    private static RlpResult<T> TrailingBytes<T>(int inputLength, int consumed) =>
        RlpResult<T>.Failure(
            RlpErrorCode.TrailingBytes,
            consumed,
            $"The item ends at byte {consumed} but the input has {inputLength} bytes.");

    // Decodes the item at the start of region (which ends where the input or the enclosing list ends).
    private static bool TryDecodeItem(
        ReadOnlySpan<byte> region, int baseOffset, int depth, int maxDepth, out RlpItem item, out int consumed, out RlpError error)
    {
        item = default;
        consumed = 0;
        if (!TryReadHeader(region, baseOffset, out var header, out error))
        {
            return false;
        }

        consumed = header.HeaderLength + header.PayloadLength;
        var payload = region.Slice(header.HeaderLength, header.PayloadLength);
        if (!header.IsList)
        {
            item = RlpItem.WrapBytes(payload.ToArray());
            return true;
        }

        if (depth + 1 > maxDepth)
        {
            error = new RlpError(RlpErrorCode.DepthExceeded, baseOffset, $"Lists nest deeper than {maxDepth}.");
            return false;
        }

        var payloadOffset = baseOffset + header.HeaderLength;

        // First pass: validate and count the children's headers so the array is allocated once at its exact size.
        var count = 0;
        for (var position = 0; position < payload.Length; count++)
        {
            if (!TryReadHeader(payload[position..], payloadOffset + position, out var child, out error))
            {
                return false;
            }

            position += child.HeaderLength + child.PayloadLength;
        }

        var items = count == 0 ? [] : new RlpItem[count];
        for (int i = 0, position = 0; i < count; i++)
        {
            if (!TryDecodeItem(payload[position..], payloadOffset + position, depth + 1, maxDepth, out items[i], out var used, out error))
            {
                return false;
            }

            position += used;
        }

        item = RlpItem.WrapList(items);
        return true;
    }

    // Reads one prefix at region[0] and checks that the item fits the region. offset is region[0]'s input offset.
    private static bool TryReadHeader(ReadOnlySpan<byte> region, int offset, out Header header, out RlpError error)
    {
        header = default;
        error = default;
        var prefix = region[0];
        if (prefix < StringOffset)
        {
            header = new Header(false, 0, 1);
            return true;
        }

        bool isList = prefix >= ListOffset;
        int payloadLength;
        int headerLength;
        if (prefix <= LongStringOffset || (isList && prefix <= LongListOffset))
        {
            payloadLength = prefix - (isList ? ListOffset : StringOffset);
            headerLength = 1;
        }
        else
        {
            var lengthOfLength = prefix - (isList ? LongListOffset : LongStringOffset);
            headerLength = 1 + lengthOfLength;
            if (headerLength > region.Length)
            {
                error = new RlpError(
                    RlpErrorCode.LengthOverrun,
                    offset,
                    $"The prefix 0x{prefix:x2} needs {lengthOfLength} length bytes; {region.Length - 1} remain.");
                return false;
            }

            var lengthBytes = region.Slice(1, lengthOfLength);
            if (lengthBytes[0] == 0)
            {
                error = new RlpError(RlpErrorCode.LeadingZeroInLength, offset + 1, "A long-form length must not start with a zero byte.");
                return false;
            }

            var length = 0UL;
            foreach (var b in lengthBytes)
            {
                length = (length << 8) | b; // at most 8 bytes, so this cannot wrap
            }

            if (length > int.MaxValue)
            {
                error = new RlpError(RlpErrorCode.LengthOverflow, offset, $"The length {length} is larger than {int.MaxValue}.");
                return false;
            }

            if (length <= ShortLimit)
            {
                error = new RlpError(
                    RlpErrorCode.NonCanonicalLongLength,
                    offset,
                    $"The long form was used for a {length}-byte payload; below 56 bytes the short form is required.");
                return false;
            }

            payloadLength = (int)length;
        }

        if ((long)headerLength + payloadLength > region.Length)
        {
            error = new RlpError(
                RlpErrorCode.LengthOverrun,
                offset,
                $"The item needs {(long)headerLength + payloadLength} bytes; {region.Length} remain.");
            return false;
        }

        if (!isList && headerLength == 1 && payloadLength == 1 && region[1] < StringOffset)
        {
            error = new RlpError(
                RlpErrorCode.NonCanonicalSingleByte,
                offset,
                $"The byte 0x{region[1]:x2} must be encoded as itself, not behind 0x81.");
            return false;
        }

        header = new Header(isList, headerLength, payloadLength);
        return true;
    }

    private readonly record struct Header(bool IsList, int HeaderLength, int PayloadLength);
}
