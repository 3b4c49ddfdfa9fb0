namespace Bridge.Adapters.Ethereum.Trie;

/// <summary>
/// Where one RLP item lies in a buffer: its whole encoding and its payload (Yellow Paper, Appendix B). Read without
/// allocating by <see cref="TryRead"/>, which accepts only canonical prefixes, the same rules as
/// <see cref="Rlp.RlpDecoder"/>: a single byte below 0x80 is its own encoding, the long form only for payloads of 56
/// bytes or more, no leading zero in a long-form length, and nothing past the enclosing region.
/// </summary>
internal readonly struct RlpSlice
{
    private const byte StringOffset = 0x80;
    private const byte LongStringOffset = 0xb7;
    private const byte ListOffset = 0xc0;
    private const byte LongListOffset = 0xf7;
    private const int ShortLimit = 55;

    private RlpSlice(int start, int length, int payloadStart, int payloadLength, bool isList)
    {
        Start = start;
        Length = length;
        PayloadStart = payloadStart;
        PayloadLength = payloadLength;
        IsList = isList;
    }

    /// <summary>The offset of the prefix in the buffer.</summary>
    public int Start { get; }

    /// <summary>The length of the whole encoding, prefix included.</summary>
    public int Length { get; }

    /// <summary>The offset of the payload (the string's bytes or the list's item encodings).</summary>
    public int PayloadStart { get; }

    /// <summary>The length of the payload.</summary>
    public int PayloadLength { get; }

    /// <summary>True for a list.</summary>
    public bool IsList { get; }

    /// <summary>The offset just past the item.</summary>
    public int End => Start + Length;

    /// <summary>The whole encoding.</summary>
    public ReadOnlySpan<byte> Encoding(ReadOnlySpan<byte> buffer) => buffer.Slice(Start, Length);

    /// <summary>The payload.</summary>
    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> buffer) => buffer.Slice(PayloadStart, PayloadLength);

    /// <summary>
    /// Reads the item whose prefix is at <paramref name="offset"/>; it must end at or before <paramref name="end"/>.
    /// False for a non-canonical prefix or an item that does not fit. Nested items are not examined.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, int offset, int end, out RlpSlice item)
    {
        item = default;
        if (offset < 0 || offset >= end || end > buffer.Length)
        {
            return false;
        }

        var prefix = buffer[offset];
        if (prefix < StringOffset)
        {
            item = new RlpSlice(offset, 1, offset, 1, false);
            return true;
        }

        var isList = prefix >= ListOffset;
        int headerLength;
        long payloadLength;
        if (prefix <= LongStringOffset || (isList && prefix <= LongListOffset))
        {
            headerLength = 1;
            payloadLength = prefix - (isList ? ListOffset : StringOffset);
        }
        else
        {
            var lengthOfLength = prefix - (isList ? LongListOffset : LongStringOffset);
            headerLength = 1 + lengthOfLength;
            if (lengthOfLength > 4 || offset + headerLength > end || buffer[offset + 1] == 0)
            {
                return false; // a length past 2^32 cannot fit a span; a leading zero is not canonical
            }

            payloadLength = 0;
            for (var i = 1; i <= lengthOfLength; i++)
            {
                payloadLength = (payloadLength << 8) | buffer[offset + i];
            }

            if (payloadLength <= ShortLimit)
            {
                return false; // the long form for a short payload is not canonical
            }
        }

        if (offset + headerLength + payloadLength > end)
        {
            return false;
        }

        if (!isList && headerLength == 1 && payloadLength == 1 && buffer[offset + 1] < StringOffset)
        {
            return false; // a single byte below 0x80 must be its own encoding
        }

        item = new RlpSlice(offset, headerLength + (int)payloadLength, offset + headerLength, (int)payloadLength, isList);
        return true;
    }

    /// <summary>
    /// Reads the items of the list <paramref name="list"/> into <paramref name="items"/>; returns how many there are,
    /// or -1 when an item is malformed, they do not exactly fill the payload, or there are more than the span holds.
    /// </summary>
    public static int ReadItems(ReadOnlySpan<byte> buffer, in RlpSlice list, Span<RlpSlice> items)
    {
        var position = list.PayloadStart;
        var end = list.PayloadStart + list.PayloadLength;
        var count = 0;
        while (position < end)
        {
            if (count == items.Length || !TryRead(buffer, position, end, out items[count]))
            {
                return -1;
            }

            position = items[count].End;
            count++;
        }

        return count;
    }
}
