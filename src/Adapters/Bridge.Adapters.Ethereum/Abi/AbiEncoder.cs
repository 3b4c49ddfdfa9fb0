using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// The ABI encoding of Solidity docs, abi-spec.rst, "Formal Specification of the Encoding": static values in place,
/// dynamic values as an offset in the head and their encoding in the tail, always in the strict (canonical) layout of
/// "Strict Encoding Mode". Each value is checked against its type first (kind, integer range, <c>bytes&lt;M&gt;</c>
/// length, <c>T[k]</c> length, tuple arity, well-formed UTF-16); a mismatch is an <see cref="AbiError"/> with the path
/// of the offending value, never an exception.
/// </summary>
public static class AbiEncoder
{
    /// <summary>The largest encoding produced, in bytes.</summary>
    public const int MaxEncodedLength = int.MaxValue - 64;

    private static readonly BigInteger[] PowersOfTwo = CreatePowersOfTwo();

    /// <summary>
    /// <c>enc((v1, …, vn))</c>: the values as the components of one tuple, i.e. function arguments, return values or
    /// Solidity's <c>abi.encode(v1, …, vn)</c>.
    /// </summary>
    public static AbiResult<byte[]> Encode(IReadOnlyList<AbiType> types, IReadOnlyList<AbiValue> values) =>
        EncodeWithPrefix(types, values, default, 0);

    /// <summary>A call: the 4-byte <paramref name="selector"/> followed by <c>enc((v1, …, vn))</c> (abi-spec "Function Selector and Argument Encoding").</summary>
    public static AbiResult<byte[]> EncodeCall(AbiSelector selector, IReadOnlyList<AbiType> types, IReadOnlyList<AbiValue> values) =>
        EncodeWithPrefix(types, values, selector, AbiSelector.Size);

    /// <summary>Checks one value against its type without encoding it.</summary>
    public static AbiError? Validate(AbiType type, AbiValue value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        return TryMeasure(type, value, out _, out var error) ? null : error;
    }

    /// <summary>Writes the 32-byte word of a checked static elementary value (integer, bool, address, bytesN) into zeroed <paramref name="word"/>.</summary>
    internal static void WriteElementaryWord(AbiType type, AbiValue value, Span<byte> word) => Write(type, value, word);

    /// <summary>Writes <paramref name="value"/> of a checked <paramref name="type"/> into zeroed <paramref name="destination"/>; returns the bytes written.</summary>
    internal static int WriteChecked(AbiType type, AbiValue value, Span<byte> destination) => Write(type, value, destination);

    /// <summary>Checks <paramref name="value"/> against <paramref name="type"/> and computes its encoded size.</summary>
    internal static bool TryMeasure(AbiType type, AbiValue value, out long size, out AbiError error)
    {
        size = 0;
        error = default;
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                if (value.Kind != AbiValueKind.Integer)
                {
                    error = Mismatch(type, value);
                    return false;
                }

                if (!InRange(type, value.IntegerValue))
                {
                    error = AbiErrors.Value(AbiErrorCode.IntegerOutOfRange, $"{value.IntegerValue} does not fit {type.CanonicalName}");
                    return false;
                }

                size = 32;
                return true;
            case AbiTypeKind.Bool:
                size = 32;
                return value.Kind == AbiValueKind.Bool || Fail(Mismatch(type, value), out error);
            case AbiTypeKind.Address:
                size = 32;
                return value.Kind == AbiValueKind.Address || Fail(Mismatch(type, value), out error);
            case AbiTypeKind.FixedBytes:
                if (value.Kind != AbiValueKind.Bytes)
                {
                    error = Mismatch(type, value);
                    return false;
                }

                size = 32;
                return value.ByteArray.Length == type.Size
                    || Fail(AbiErrors.Value(AbiErrorCode.FixedBytesLength, $"{type.CanonicalName} needs exactly {type.Size} bytes, not {value.ByteArray.Length}"), out error);
            case AbiTypeKind.Bytes:
                if (value.Kind != AbiValueKind.Bytes)
                {
                    error = Mismatch(type, value);
                    return false;
                }

                size = 32 + PaddedLength(value.ByteArray.Length);
                return true;
            case AbiTypeKind.String:
                if (value.Kind != AbiValueKind.String)
                {
                    error = Mismatch(type, value);
                    return false;
                }

                if (!IsWellFormedUtf16(value.StringValue))
                {
                    error = AbiErrors.Value(AbiErrorCode.InvalidString, "the string holds an unpaired UTF-16 surrogate and has no UTF-8 encoding");
                    return false;
                }

                size = 32 + PaddedLength(Encoding.UTF8.GetByteCount(value.StringValue));
                return true;
            case AbiTypeKind.Array:
                if (value.Kind != AbiValueKind.List)
                {
                    error = Mismatch(type, value);
                    return false;
                }

                if (!TryMeasureSequence(type, value.ItemArray, out size, out error))
                {
                    return false;
                }

                size += 32;
                return true;
            case AbiTypeKind.FixedArray:
            case AbiTypeKind.Tuple:
                if (value.Kind != AbiValueKind.List)
                {
                    error = Mismatch(type, value);
                    return false;
                }

                int expected = type.Kind == AbiTypeKind.Tuple ? type.ComponentArray.Length : type.Size;
                if (value.ItemArray.Length != expected)
                {
                    error = AbiErrors.Value(
                        AbiErrorCode.ArrayLength,
                        $"{type.CanonicalName} needs exactly {expected} {(type.Kind == AbiTypeKind.Tuple ? "components" : "elements")}, not {value.ItemArray.Length}");
                    return false;
                }

                return TryMeasureSequence(type, value.ItemArray, out size, out error);
            default:
                throw new InvalidOperationException($"Unhandled ABI type kind {type.Kind}.");
        }
    }

    private static AbiResult<byte[]> EncodeWithPrefix(IReadOnlyList<AbiType> types, IReadOnlyList<AbiValue> values, AbiSelector selector, int prefix)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            return AbiResult<byte[]>.Failure(AbiErrors.Value(
                AbiErrorCode.ArgumentCountMismatch, $"{types.Count} types but {values.Count} values"));
        }

        var typeArray = new AbiType[types.Count];
        var valueArray = new AbiValue[values.Count];
        for (int i = 0; i < typeArray.Length; i++)
        {
            typeArray[i] = types[i] ?? throw new ArgumentException($"Type {i} is null.", nameof(types));
            valueArray[i] = values[i] ?? throw new ArgumentException($"Value {i} is null.", nameof(values));
        }

        var tuple = AbiType.Arguments(typeArray);
        if (!TryMeasure(tuple, AbiValue.OwnedList(valueArray), out long size, out var error))
        {
            return AbiResult<byte[]>.Failure(error);
        }

        if (size > MaxEncodedLength - prefix)
        {
            return AbiResult<byte[]>.Failure(AbiErrors.Value(AbiErrorCode.TooLarge, $"the encoding would take {size} bytes"));
        }

        byte[] output = new byte[prefix + size];
        if (prefix > 0)
        {
            selector.WriteTo(output);
        }

        Write(tuple, AbiValue.OwnedList(valueArray), output.AsSpan(prefix));
        return AbiResult<byte[]>.Success(output);
    }

    private static bool TryMeasureSequence(AbiType type, AbiValue[] items, out long size, out AbiError error)
    {
        size = 0;
        error = default;
        for (int i = 0; i < items.Length; i++)
        {
            var itemType = type.Kind == AbiTypeKind.Tuple ? type.ComponentArray[i] : type.Element!;
            if (!TryMeasure(itemType, items[i], out long itemSize, out error))
            {
                error = error.Under(Segment(type, i));
                return false;
            }

            size += itemType.IsDynamic ? 32 + itemSize : itemSize;
            if (size > MaxEncodedLength)
            {
                error = AbiErrors.Value(AbiErrorCode.TooLarge, $"the encoding would take more than {MaxEncodedLength} bytes");
                return false;
            }
        }

        return true;
    }

    private static int Write(AbiType type, AbiValue value, Span<byte> destination)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                WriteInteger(value.IntegerValue, destination[..32]);
                return 32;
            case AbiTypeKind.Bool:
                destination[31] = value.IntegerValue.IsZero ? (byte)0 : (byte)1;
                return 32;
            case AbiTypeKind.Address:
                value.AddressValue.AsSpan().CopyTo(destination[12..32]);
                return 32;
            case AbiTypeKind.FixedBytes:
                value.ByteArray.CopyTo(destination);
                return 32;
            case AbiTypeKind.Bytes:
                WriteLength(value.ByteArray.Length, destination);
                value.ByteArray.CopyTo(destination[32..]);
                return 32 + PaddedLength(value.ByteArray.Length);
            case AbiTypeKind.String:
                int written = Encoding.UTF8.GetBytes(value.StringValue, destination[32..]);
                WriteLength(written, destination);
                return 32 + PaddedLength(written);
            case AbiTypeKind.Array:
                WriteLength(value.ItemArray.Length, destination);
                return 32 + WriteSequence(type, value.ItemArray, destination[32..]);
            default:
                return WriteSequence(type, value.ItemArray, destination);
        }
    }

    /// <summary>enc of a tuple (or of T[k], or of T[] after its length): heads, then the tails in order.</summary>
    private static int WriteSequence(AbiType type, AbiValue[] items, Span<byte> destination)
    {
        int headSize = 0;
        for (int i = 0; i < items.Length; i++)
        {
            headSize += (type.Kind == AbiTypeKind.Tuple ? type.ComponentArray[i] : type.Element!).HeadSize;
        }

        int head = 0;
        int tail = headSize;
        for (int i = 0; i < items.Length; i++)
        {
            var itemType = type.Kind == AbiTypeKind.Tuple ? type.ComponentArray[i] : type.Element!;
            if (itemType.IsDynamic)
            {
                WriteLength(tail, destination[head..]);
                tail += Write(itemType, items[i], destination[tail..]);
                head += 32;
            }
            else
            {
                head += Write(itemType, items[i], destination[head..]);
            }
        }

        return tail;
    }

    /// <summary>Big-endian two's complement, sign-extended to 32 bytes (abi-spec: <c>uint&lt;M&gt;</c> and <c>int&lt;M&gt;</c>).</summary>
    private static void WriteInteger(BigInteger value, Span<byte> word)
    {
        bool negative = value.Sign < 0;
        int count = value.GetByteCount(isUnsigned: !negative);
        if (!value.TryWriteBytes(word[(32 - count)..], out _, isUnsigned: !negative, isBigEndian: true))
        {
            throw new InvalidOperationException("A checked integer did not fit 32 bytes.");
        }

        if (negative)
        {
            word[..(32 - count)].Fill(0xff);
        }
    }

    private static void WriteLength(int length, Span<byte> word) => BinaryPrimitives.WriteInt32BigEndian(word[28..32], length);

    private static int PaddedLength(int length) => (int)(((long)length + 31) / 32 * 32);

    private static bool InRange(AbiType type, BigInteger value) =>
        type.Kind == AbiTypeKind.UInt
            ? value.Sign >= 0 && value < PowersOfTwo[type.Size]
            : value >= -PowersOfTwo[type.Size - 1] && value < PowersOfTwo[type.Size - 1];

    private static bool IsWellFormedUtf16(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Segment(AbiType type, int index)
    {
        if (type.Kind == AbiTypeKind.Tuple && type.NameArray[index].Length > 0)
        {
            return "." + type.NameArray[index];
        }

        return "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
    }

    private static AbiError Mismatch(AbiType type, AbiValue value) =>
        AbiErrors.Value(AbiErrorCode.TypeMismatch, $"a {value.Kind} value cannot be encoded as {type.CanonicalName}");

    private static bool Fail(AbiError error, out AbiError output)
    {
        output = error;
        return false;
    }

    private static BigInteger[] CreatePowersOfTwo()
    {
        var powers = new BigInteger[257];
        for (int i = 0; i < powers.Length; i++)
        {
            powers[i] = BigInteger.One << i;
        }

        return powers;
    }
}
