using System.Globalization;
using System.Numerics;
using System.Text;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>The kinds of <see cref="AbiValue"/>.</summary>
public enum AbiValueKind
{
    /// <summary>An integer, for <c>uint&lt;M&gt;</c> and <c>int&lt;M&gt;</c>.</summary>
    Integer = 0,

    /// <summary>A boolean, for <c>bool</c>.</summary>
    Bool = 1,

    /// <summary>An address, for <c>address</c>.</summary>
    Address = 2,

    /// <summary>A byte sequence, for <c>bytes</c> and <c>bytes&lt;M&gt;</c>.</summary>
    Bytes = 3,

    /// <summary>A string, for <c>string</c>.</summary>
    String = 4,

    /// <summary>An ordered list, for <c>T[]</c>, <c>T[k]</c> and tuples.</summary>
    List = 5,
}

/// <summary>
/// A value to encode or a decoded value: a small closed model that maps onto the ABI types as follows.
/// <list type="bullet">
/// <item><c>uint&lt;M&gt;</c>, <c>int&lt;M&gt;</c> ↔ <see cref="AbiValueKind.Integer"/> (<see cref="BigInteger"/>)</item>
/// <item><c>bool</c> ↔ <see cref="AbiValueKind.Bool"/></item>
/// <item><c>address</c> ↔ <see cref="AbiValueKind.Address"/> (<see cref="EthAddress"/>)</item>
/// <item><c>bytes</c>, <c>bytes&lt;M&gt;</c> ↔ <see cref="AbiValueKind.Bytes"/> (exactly M bytes for <c>bytes&lt;M&gt;</c>)</item>
/// <item><c>string</c> ↔ <see cref="AbiValueKind.String"/></item>
/// <item><c>T[]</c>, <c>T[k]</c>, tuples ↔ <see cref="AbiValueKind.List"/> of element or component values, in order</item>
/// </list>
/// Immutable, compared by value (bytes and lists element by element). The type is not part of the value: the encoder
/// checks each value against its type and the decoder produces values from types.
/// </summary>
public sealed class AbiValue : IEquatable<AbiValue>
{
    private static readonly AbiValue TrueValue = new(AbiValueKind.Bool, BigInteger.One, null, default);
    private static readonly AbiValue FalseValue = new(AbiValueKind.Bool, BigInteger.Zero, null, default);

    private readonly BigInteger _integer;
    private readonly object? _reference;
    private readonly EthAddress _address;

    private AbiValue(AbiValueKind kind, BigInteger integer, object? reference, EthAddress address)
    {
        Kind = kind;
        _integer = integer;
        _reference = reference;
        _address = address;
    }

    /// <summary>The value's kind.</summary>
    public AbiValueKind Kind { get; }

    /// <summary>The elements or components of a list (empty for other kinds).</summary>
    public IReadOnlyList<AbiValue> Items => _reference as AbiValue[] ?? [];

    /// <summary>The bytes of a <see cref="AbiValueKind.Bytes"/> value.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public ReadOnlySpan<byte> BytesSpan => Kind == AbiValueKind.Bytes ? (byte[])_reference! : throw WrongKind(AbiValueKind.Bytes);

    internal AbiValue[] ItemArray => (AbiValue[])_reference!;

    internal string StringValue => (string)_reference!;

    internal byte[] ByteArray => (byte[])_reference!;

    internal BigInteger IntegerValue => _integer;

    internal EthAddress AddressValue => _address;

    /// <summary>An integer.</summary>
    public static AbiValue Integer(BigInteger value) => new(AbiValueKind.Integer, value, null, default);

    /// <summary>A boolean.</summary>
    public static AbiValue Bool(bool value) => value ? TrueValue : FalseValue;

    /// <summary>An address.</summary>
    public static AbiValue Address(EthAddress value) => new(AbiValueKind.Address, default, null, value);

    /// <summary>A byte sequence holding a copy of <paramref name="value"/>.</summary>
    public static AbiValue Bytes(ReadOnlySpan<byte> value) => new(AbiValueKind.Bytes, default, value.ToArray(), default);

    /// <summary>A string.</summary>
    public static AbiValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AbiValueKind.String, default, value, default);
    }

    /// <summary>A list of values (array elements or tuple components).</summary>
    public static AbiValue List(params AbiValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return OwnedList([.. items]);
    }

    /// <summary>A list of values (array elements or tuple components).</summary>
    public static AbiValue List(IEnumerable<AbiValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return OwnedList([.. items]);
    }

    /// <summary>An integer.</summary>
    public static implicit operator AbiValue(BigInteger value) => Integer(value);

    /// <summary>An integer.</summary>
    public static implicit operator AbiValue(int value) => Integer(value);

    /// <summary>An integer.</summary>
    public static implicit operator AbiValue(long value) => Integer(value);

    /// <summary>An integer.</summary>
    public static implicit operator AbiValue(ulong value) => Integer(value);

    /// <summary>A boolean.</summary>
    public static implicit operator AbiValue(bool value) => Bool(value);

    /// <summary>An address.</summary>
    public static implicit operator AbiValue(EthAddress value) => Address(value);

    /// <summary>A string.</summary>
    public static implicit operator AbiValue(string value) => String(value);

    /// <summary>A byte sequence (copied).</summary>
    public static implicit operator AbiValue(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Bytes(value);
    }

    /// <summary>The integer.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public BigInteger AsInteger() => Kind == AbiValueKind.Integer ? _integer : throw WrongKind(AbiValueKind.Integer);

    /// <summary>The boolean.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public bool AsBool() => Kind == AbiValueKind.Bool ? !_integer.IsZero : throw WrongKind(AbiValueKind.Bool);

    /// <summary>The address.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public EthAddress AsAddress() => Kind == AbiValueKind.Address ? _address : throw WrongKind(AbiValueKind.Address);

    /// <summary>A copy of the bytes.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public byte[] AsBytes() => BytesSpan.ToArray();

    /// <summary>The string.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public string AsString() => Kind == AbiValueKind.String ? (string)_reference! : throw WrongKind(AbiValueKind.String);

    /// <inheritdoc />
    public bool Equals(AbiValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return Kind switch
        {
            AbiValueKind.Integer or AbiValueKind.Bool => _integer == other._integer,
            AbiValueKind.Address => _address == other._address,
            AbiValueKind.Bytes => ByteArray.AsSpan().SequenceEqual(other.ByteArray),
            AbiValueKind.String => string.Equals(StringValue, other.StringValue, StringComparison.Ordinal),
            _ => ItemArray.AsSpan().SequenceEqual(other.ItemArray),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AbiValue);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        switch (Kind)
        {
            case AbiValueKind.Integer or AbiValueKind.Bool:
                hash.Add(_integer);
                break;
            case AbiValueKind.Address:
                hash.Add(_address);
                break;
            case AbiValueKind.Bytes:
                hash.AddBytes(ByteArray);
                break;
            case AbiValueKind.String:
                hash.Add(StringValue, StringComparer.Ordinal);
                break;
            default:
                foreach (var item in ItemArray)
                {
                    hash.Add(item);
                }

                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>A readable form: decimal integers, <c>true</c>/<c>false</c>, EIP-55 addresses, 0x-hex bytes, quoted strings, <c>[a, b]</c> lists.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    /// <summary>Wraps an array the caller gives up (no copy).</summary>
    internal static AbiValue OwnedList(AbiValue[] items)
    {
        if (Array.Exists(items, i => i is null))
        {
            throw new ArgumentException("A list item is null.", nameof(items));
        }

        return new(AbiValueKind.List, default, items, default);
    }

    /// <summary>Wraps bytes the caller gives up (no copy).</summary>
    internal static AbiValue OwnedBytes(byte[] bytes) => new(AbiValueKind.Bytes, default, bytes, default);

    private void Append(StringBuilder builder)
    {
        switch (Kind)
        {
            case AbiValueKind.Integer:
                builder.Append(_integer.ToString(CultureInfo.InvariantCulture));
                break;
            case AbiValueKind.Bool:
                builder.Append(_integer.IsZero ? "false" : "true");
                break;
            case AbiValueKind.Address:
                builder.Append(_address.ToString());
                break;
            case AbiValueKind.Bytes:
                builder.Append("0x").Append(Convert.ToHexStringLower(ByteArray));
                break;
            case AbiValueKind.String:
                builder.Append('"').Append(System.Text.Json.JsonEncodedText.Encode(StringValue).Value).Append('"');
                break;
            default:
                builder.Append('[');
                for (int i = 0; i < ItemArray.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    ItemArray[i].Append(builder);
                }

                builder.Append(']');
                break;
        }
    }

    private InvalidOperationException WrongKind(AbiValueKind wanted) => new($"The ABI value is {Kind}, not {wanted}.");
}
