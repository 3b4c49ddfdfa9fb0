using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// Strict ABI decoding of untrusted bytes (Solidity docs, abi-spec.rst, "Formal Specification of the Encoding" and
/// "Strict Encoding Mode"). Every failure is an <see cref="AbiError"/> with the byte offset; nothing throws for bad input.
/// Checks enforced:
/// <list type="bullet">
/// <item>every word read lies inside the input (<see cref="AbiErrorCode.Truncated"/>);</item>
/// <item>offsets are canonical: each dynamic value's tail starts exactly where the previous one ended (no gaps,
/// overlaps or pointers elsewhere), so a decoded value re-encodes to the same bytes (<see cref="AbiErrorCode.InvalidOffset"/>);</item>
/// <item>a length of <c>bytes</c>, <c>string</c> or <c>T[]</c> is checked against the bytes left before anything is
/// allocated: n elements need n × (head size, at least 32) bytes, and arrays of zero-size elements (such as <c>()[]</c>)
/// are limited to <see cref="MaxZeroSizeElements"/> (<see cref="AbiErrorCode.InvalidLength"/>);</item>
/// <item>padding is zero: the high bytes of <c>uint&lt;M&gt;</c> and <c>address</c>, the low bytes of <c>bytes&lt;M&gt;</c>,
/// the tail of <c>bytes</c>/<c>string</c>; the high bytes of <c>int&lt;M&gt;</c> are its sign extension (<see cref="AbiErrorCode.DirtyPadding"/>);</item>
/// <item>a <c>bool</c> is exactly 0 or 1 (<see cref="AbiErrorCode.InvalidBool"/>); a <c>string</c> is valid UTF-8 (<see cref="AbiErrorCode.InvalidString"/>);</item>
/// <item>no bytes follow the encoding (<see cref="AbiErrorCode.TrailingBytes"/>).</item>
/// </list>
/// </summary>
public static class AbiDecoder
{
    /// <summary>The most elements accepted in one dynamic array whose elements encode to zero bytes.</summary>
    public const int MaxZeroSizeElements = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <c>enc((v1, …, vn))</c>: function arguments, return values, event data or <c>abi.encode</c> output.</summary>
    public static AbiResult<IReadOnlyList<AbiValue>> Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data) =>
        DecodeAt(types, data, 0);

    /// <summary>Decodes call (or revert) data: the 4-byte <paramref name="selector"/>, then <c>enc((v1, …, vn))</c>.</summary>
    public static AbiResult<IReadOnlyList<AbiValue>> DecodeCall(AbiSelector selector, IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        if (!AbiSelector.TryRead(data, out var actual))
        {
            return AbiResult<IReadOnlyList<AbiValue>>.Failure(AbiErrors.At(AbiErrorCode.Truncated, 0, "call data shorter than a selector"));
        }

        if (actual != selector)
        {
            return AbiResult<IReadOnlyList<AbiValue>>.Failure(AbiErrors.At(AbiErrorCode.SelectorMismatch, 0, $"selector {actual}, expected {selector}"));
        }

        return DecodeAt(types, data[AbiSelector.Size..], AbiSelector.Size);
    }

    /// <summary>Decodes one 32-byte word of a static elementary type (an event topic) with the same padding checks.</summary>
    internal static AbiResult<AbiValue> DecodeWord(AbiType type, ReadOnlySpan<byte> word, int reportedOffset)
    {
        if (word.Length != 32)
        {
            return AbiResult<AbiValue>.Failure(AbiErrors.At(AbiErrorCode.Truncated, reportedOffset, "a word is 32 bytes"));
        }

        var reader = new Reader(word, reportedOffset);
        return reader.TryDecode(type, 0, out var value, out _, out var error)
            ? AbiResult<AbiValue>.Success(value)
            : AbiResult<AbiValue>.Failure(error);
    }

    private static AbiResult<IReadOnlyList<AbiValue>> DecodeAt(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int reportedOffset)
    {
        ArgumentNullException.ThrowIfNull(types);
        var typeArray = new AbiType[types.Count];
        for (int i = 0; i < typeArray.Length; i++)
        {
            typeArray[i] = types[i] ?? throw new ArgumentException($"Type {i} is null.", nameof(types));
        }

        var reader = new Reader(data, reportedOffset);
        if (!reader.TryDecode(AbiType.Arguments(typeArray), 0, out var tuple, out int end, out var error))
        {
            return AbiResult<IReadOnlyList<AbiValue>>.Failure(error);
        }

        if (end != data.Length)
        {
            return AbiResult<IReadOnlyList<AbiValue>>.Failure(
                AbiErrors.At(AbiErrorCode.TrailingBytes, reportedOffset + end, $"{data.Length - end} bytes follow the encoding"));
        }

        return AbiResult<IReadOnlyList<AbiValue>>.Success(tuple.ItemArray);
    }

    private readonly ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly int _reportedOffset;

        public Reader(ReadOnlySpan<byte> data, int reportedOffset)
        {
            _data = data;
            _reportedOffset = reportedOffset;
        }

        /// <summary>Decodes the value of <paramref name="type"/> whose encoding starts at <paramref name="start"/>.</summary>
        public bool TryDecode(AbiType type, int start, out AbiValue value, out int end, out AbiError error)
        {
            value = null!;
            end = start;
            error = default;
            switch (type.Kind)
            {
                case AbiTypeKind.UInt:
                case AbiTypeKind.Int:
                case AbiTypeKind.Bool:
                case AbiTypeKind.Address:
                case AbiTypeKind.FixedBytes:
                    if (!TryWord(start, out var word, out error))
                    {
                        return false;
                    }

                    end = start + 32;
                    return TryElementary(type, word, start, out value, out error);
                case AbiTypeKind.Bytes:
                case AbiTypeKind.String:
                    return TryByteString(type, start, out value, out end, out error);
                case AbiTypeKind.Array:
                    if (!TryLength(start, out int count, out error))
                    {
                        return false;
                    }

                    long remaining = _data.Length - (start + 32L);
                    int elementBytes = type.Element!.HeadSize;
                    bool fits = elementBytes == 0 ? count <= MaxZeroSizeElements : count <= remaining / elementBytes;
                    if (!fits)
                    {
                        error = Error(AbiErrorCode.InvalidLength, start, $"{count} elements of {type.Element.CanonicalName} do not fit the {remaining} bytes left");
                        return false;
                    }

                    return TrySequence(type, count, start + 32, out value, out end, out error);
                default:
                    int items = type.Kind == AbiTypeKind.Tuple ? type.ComponentArray.Length : type.Size;
                    return TrySequence(type, items, start, out value, out end, out error);
            }
        }

        /// <summary>enc of a tuple (or of T[k], or of T[] after its length) starting at <paramref name="start"/>.</summary>
        private bool TrySequence(AbiType type, int count, int start, out AbiValue value, out int end, out AbiError error)
        {
            value = null!;
            end = start;
            long headSize = 0;
            for (int i = 0; i < count; i++)
            {
                headSize += ItemType(type, i).HeadSize;
            }

            if (start + headSize > _data.Length)
            {
                error = Error(AbiErrorCode.Truncated, start, $"the heads of {type.CanonicalName} need {headSize} bytes, {_data.Length - start} are left");
                return false;
            }

            var items = new AbiValue[count];
            int head = start;
            int tail = start + (int)headSize;
            for (int i = 0; i < count; i++)
            {
                var itemType = ItemType(type, i);
                if (itemType.IsDynamic)
                {
                    if (!TryLength(head, out int offset, out error) || start + (long)offset != tail)
                    {
                        if (error.Code == AbiErrorCode.None || error.Code == AbiErrorCode.InvalidLength)
                        {
                            error = Error(AbiErrorCode.InvalidOffset, head, $"the offset is not the canonical {tail - start}");
                        }

                        error = error.Under(Segment(type, i));
                        return false;
                    }

                    if (!TryDecode(itemType, tail, out items[i], out tail, out error))
                    {
                        error = error.Under(Segment(type, i));
                        return false;
                    }
                }
                else if (!TryDecode(itemType, head, out items[i], out _, out error))
                {
                    error = error.Under(Segment(type, i));
                    return false;
                }

                head += itemType.HeadSize;
            }

            error = default;
            value = AbiValue.OwnedList(items);
            end = tail;
            return true;
        }

        private bool TryByteString(AbiType type, int start, out AbiValue value, out int end, out AbiError error)
        {
            value = null!;
            end = start;
            if (!TryLength(start, out int length, out error))
            {
                return false;
            }

            int body = start + 32;
            long padded = ((long)length + 31) / 32 * 32;
            if (body + padded > _data.Length)
            {
                error = Error(AbiErrorCode.InvalidLength, start, $"a length of {length} bytes (padded to {padded}) runs past the end ({_data.Length - body} bytes left)");
                return false;
            }

            var content = _data.Slice(body, length);
            int firstPadding = _data[(body + length)..(body + (int)padded)].IndexOfAnyExcept((byte)0);
            if (firstPadding >= 0)
            {
                error = Error(AbiErrorCode.DirtyPadding, body + length + firstPadding, $"the padding after the {type.CanonicalName} value is not zero");
                return false;
            }

            end = body + (int)padded;
            if (type.Kind == AbiTypeKind.Bytes)
            {
                value = AbiValue.OwnedBytes(content.ToArray());
                return true;
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                error = Error(AbiErrorCode.InvalidString, body, "the string is not valid UTF-8");
                return false;
            }

            value = AbiValue.String(text);
            return true;
        }

        private bool TryElementary(AbiType type, ReadOnlySpan<byte> word, int start, out AbiValue value, out AbiError error)
        {
            value = null!;
            error = default;
            switch (type.Kind)
            {
                case AbiTypeKind.UInt:
                    {
                        int padding = 32 - (type.Size / 8);
                        if (word[..padding].ContainsAnyExcept((byte)0))
                        {
                            error = Error(AbiErrorCode.DirtyPadding, start, $"the value does not fit {type.CanonicalName} (high bytes are not zero)");
                            return false;
                        }

                        value = AbiValue.Integer(new BigInteger(word[padding..], isUnsigned: true, isBigEndian: true));
                        return true;
                    }

                case AbiTypeKind.Int:
                    {
                        int padding = 32 - (type.Size / 8);
                        byte extension = (word[padding] & 0x80) != 0 ? (byte)0xff : (byte)0;
                        if (word[..padding].ContainsAnyExcept(extension))
                        {
                            error = Error(AbiErrorCode.DirtyPadding, start, $"the value does not fit {type.CanonicalName} (high bytes are not its sign extension)");
                            return false;
                        }

                        value = AbiValue.Integer(new BigInteger(word[padding..], isUnsigned: false, isBigEndian: true));
                        return true;
                    }

                case AbiTypeKind.Bool:
                    if (word[..31].ContainsAnyExcept((byte)0) || word[31] > 1)
                    {
                        error = Error(AbiErrorCode.InvalidBool, start, "a bool must be 0 or 1");
                        return false;
                    }

                    value = AbiValue.Bool(word[31] == 1);
                    return true;
                case AbiTypeKind.Address:
                    if (word[..12].ContainsAnyExcept((byte)0))
                    {
                        error = Error(AbiErrorCode.DirtyPadding, start, "the 12 high bytes of an address are not zero");
                        return false;
                    }

                    value = AbiValue.Address(EthAddress.FromBytes(word[12..]));
                    return true;
                default:
                    if (word[type.Size..].ContainsAnyExcept((byte)0))
                    {
                        error = Error(AbiErrorCode.DirtyPadding, start, $"the bytes after a {type.CanonicalName} value are not zero");
                        return false;
                    }

                    value = AbiValue.Bytes(word[..type.Size]);
                    return true;
            }
        }

        /// <summary>Reads a length or offset word: a uint256 that must fit an int.</summary>
        private bool TryLength(int start, out int length, out AbiError error)
        {
            length = 0;
            if (!TryWord(start, out var word, out error))
            {
                return false;
            }

            uint low = BinaryPrimitives.ReadUInt32BigEndian(word[28..]);
            if (word[..28].ContainsAnyExcept((byte)0) || low > int.MaxValue)
            {
                error = Error(AbiErrorCode.InvalidLength, start, "a length or offset beyond any input");
                return false;
            }

            length = (int)low;
            return true;
        }

        private bool TryWord(int start, out ReadOnlySpan<byte> word, out AbiError error)
        {
            if (start < 0 || start + 32L > _data.Length)
            {
                word = default;
                error = Error(AbiErrorCode.Truncated, start, $"a 32-byte word at {start} runs past the end ({_data.Length} bytes)");
                return false;
            }

            word = _data.Slice(start, 32);
            error = default;
            return true;
        }

        private AbiError Error(AbiErrorCode code, int start, string message) => AbiErrors.At(code, _reportedOffset + start, message);

        private static AbiType ItemType(AbiType type, int index) =>
            type.Kind == AbiTypeKind.Tuple ? type.ComponentArray[index] : type.Element!;

        private static string Segment(AbiType type, int index) =>
            type.Kind == AbiTypeKind.Tuple && type.NameArray[index].Length > 0
                ? "." + type.NameArray[index]
                : "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
    }
}
