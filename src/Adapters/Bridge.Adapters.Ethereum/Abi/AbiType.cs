using System.Globalization;
using System.Text;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>The kinds of ABI type (Solidity docs, abi-spec.rst, "Types").</summary>
public enum AbiTypeKind
{
    /// <summary><c>address</c>: encoded as <c>uint160</c>.</summary>
    Address = 0,

    /// <summary><c>bool</c>: encoded as <c>uint8</c> restricted to 0 and 1.</summary>
    Bool = 1,

    /// <summary><c>uint&lt;M&gt;</c>, 8 ≤ M ≤ 256, M % 8 == 0.</summary>
    UInt = 2,

    /// <summary><c>int&lt;M&gt;</c>, two's complement, 8 ≤ M ≤ 256, M % 8 == 0.</summary>
    Int = 3,

    /// <summary><c>bytes&lt;M&gt;</c>, 1 ≤ M ≤ 32, left-aligned.</summary>
    FixedBytes = 4,

    /// <summary><c>bytes</c>: a dynamic byte sequence.</summary>
    Bytes = 5,

    /// <summary><c>string</c>: dynamic, UTF-8.</summary>
    String = 6,

    /// <summary><c>T[]</c>: a variable-length array.</summary>
    Array = 7,

    /// <summary><c>T[k]</c>: a fixed-length array.</summary>
    FixedArray = 8,

    /// <summary><c>(T1,…,Tn)</c>: a tuple (a Solidity struct), n ≥ 0.</summary>
    Tuple = 9,
}

/// <summary>
/// An ABI type (Solidity docs, abi-spec.rst, "Types" and "Formal Specification of the Encoding"): address, bool,
/// uint8..uint256, int8..int256, bytes1..bytes32, bytes, string, <c>T[]</c>, <c>T[k]</c> and tuples, nested freely.
/// Immutable; two types are equal when their <see cref="CanonicalName"/>s are (tuple component names are carried for
/// display only). Not handled: <c>fixed</c>/<c>ufixed</c> and <c>function</c>.
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>The deepest nesting of arrays and tuples accepted (guards recursion on outside input).</summary>
    public const int MaxDepth = 32;

    /// <summary>The largest k accepted in <c>T[k]</c>.</summary>
    public const int MaxFixedArrayLength = 1 << 20;

    /// <summary>The largest in-place (head) encoding of a static type accepted, in bytes.</summary>
    public const int MaxStaticSize = 1 << 24;

    /// <summary>The largest number of values one instance of a type may hold outside dynamic arrays.</summary>
    internal const int MaxStaticValueCount = 1 << 20;

    private static readonly AbiType[] UIntTypes = CreateIntegers(AbiTypeKind.UInt);
    private static readonly AbiType[] IntTypes = CreateIntegers(AbiTypeKind.Int);
    private static readonly AbiType[] FixedBytesTypes = CreateFixedBytes();

    private AbiType(AbiTypeKind kind, int size, AbiType? element, AbiType[] components, string[] names, string canonicalName)
    {
        Kind = kind;
        Size = size;
        Element = element;
        ComponentArray = components;
        NameArray = names;
        CanonicalName = canonicalName;
        Depth = kind switch
        {
            AbiTypeKind.Array or AbiTypeKind.FixedArray => element!.Depth + 1,
            AbiTypeKind.Tuple => 1 + (components.Length == 0 ? 0 : components.Max(c => c.Depth)),
            _ => 0,
        };
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => components.Any(c => c.IsDynamic),
            _ => false,
        };

        // Sizes saturate at long.MaxValue / 4 so that products cannot overflow before the limits are checked.
        long staticSize = kind switch
        {
            AbiTypeKind.FixedArray => Saturate((long)size * element!.HeadSize),
            AbiTypeKind.Tuple => Saturate(components.Sum(c => (long)c.HeadSize)),
            _ => 32,
        };
        long valueCount = kind switch
        {
            AbiTypeKind.FixedArray => Saturate(1 + ((long)size * element!.StaticValueCount)),
            AbiTypeKind.Tuple => Saturate(1 + components.Sum(c => (long)c.StaticValueCount)),
            _ => 1,
        };
        StaticSize = (int)Math.Min(staticSize, int.MaxValue);
        StaticValueCount = (int)Math.Min(valueCount, int.MaxValue);
        HeadSize = IsDynamic ? 32 : StaticSize;
    }

    /// <summary>The type's kind.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>M for <c>uint&lt;M&gt;</c>/<c>int&lt;M&gt;</c> (bits), M for <c>bytes&lt;M&gt;</c> (bytes), k for <c>T[k]</c>; otherwise 0.</summary>
    public int Size { get; }

    /// <summary>The element type of <c>T[]</c> and <c>T[k]</c>; otherwise null.</summary>
    public AbiType? Element { get; }

    /// <summary>The component types of a tuple; otherwise empty.</summary>
    public IReadOnlyList<AbiType> Components => ComponentArray;

    /// <summary>The component names of a tuple, one per component ("" when unnamed); otherwise empty.</summary>
    public IReadOnlyList<string> ComponentNames => NameArray;

    /// <summary>
    /// True for the dynamic types of abi-spec "Formal Specification of the Encoding": <c>bytes</c>, <c>string</c>,
    /// <c>T[]</c>, and <c>T[k]</c> and tuples with a dynamic member.
    /// </summary>
    public bool IsDynamic { get; }

    /// <summary>The canonical type string used in signatures, e.g. <c>(uint256,bytes3[2])[]</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>The <c>address</c> type.</summary>
    public static AbiType Address { get; } = Elementary(AbiTypeKind.Address, 0, "address");

    /// <summary>The <c>bool</c> type.</summary>
    public static AbiType Bool { get; } = Elementary(AbiTypeKind.Bool, 0, "bool");

    /// <summary>The <c>bytes</c> type.</summary>
    public static AbiType Bytes { get; } = Elementary(AbiTypeKind.Bytes, 0, "bytes");

    /// <summary>The <c>string</c> type.</summary>
    public static AbiType String { get; } = Elementary(AbiTypeKind.String, 0, "string");

    /// <summary>The <c>uint256</c> type.</summary>
    public static AbiType UInt256 => UIntTypes[31];

    /// <summary>The <c>int256</c> type.</summary>
    public static AbiType Int256 => IntTypes[31];

    /// <summary>The <c>bytes32</c> type.</summary>
    public static AbiType Bytes32 => FixedBytesTypes[31];

    internal AbiType[] ComponentArray { get; }

    internal string[] NameArray { get; }

    /// <summary>Bytes in the head of an enclosing tuple: 32 for a dynamic type (an offset), else <see cref="StaticSize"/>.</summary>
    internal int HeadSize { get; }

    /// <summary>The in-place encoding size of a static type (32 for dynamic types, whose head is an offset).</summary>
    internal int StaticSize { get; }

    internal int StaticValueCount { get; }

    internal int Depth { get; }

    /// <summary><c>uint&lt;bits&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a multiple of 8 in 8..256.</exception>
    public static AbiType UInt(int bits) => UIntTypes[IntegerIndex(bits)];

    /// <summary><c>int&lt;bits&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a multiple of 8 in 8..256.</exception>
    public static AbiType Int(int bits) => IntTypes[IntegerIndex(bits)];

    /// <summary><c>bytes&lt;length&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not in 1..32.</exception>
    public static AbiType FixedBytes(int length) =>
        length is >= 1 and <= 32 ? FixedBytesTypes[length - 1] : throw new ArgumentOutOfRangeException(nameof(length), length, "bytes<M> needs 1 <= M <= 32.");

    /// <summary><c>element[]</c>.</summary>
    /// <exception cref="ArgumentException">The type would nest deeper than <see cref="MaxDepth"/>.</exception>
    public static AbiType ArrayOf(AbiType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return Checked(TryArray(element, null));
    }

    /// <summary><c>element[length]</c>.</summary>
    /// <exception cref="ArgumentException">The length or the resulting size is beyond the limits of this class.</exception>
    public static AbiType FixedArrayOf(AbiType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        return Checked(TryArray(element, length));
    }

    /// <summary>The tuple <c>(components…)</c> with unnamed components.</summary>
    /// <exception cref="ArgumentException">The tuple is beyond the limits of this class.</exception>
    public static AbiType Tuple(params AbiType[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return Checked(TryTuple(components, null));
    }

    /// <summary>The tuple <c>(components…)</c> with component names (for display; they do not change the encoding).</summary>
    /// <exception cref="ArgumentException">The counts differ or the tuple is beyond the limits of this class.</exception>
    public static AbiType Tuple(IReadOnlyList<AbiType> components, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(names);
        if (components.Count != names.Count)
        {
            throw new ArgumentException("A tuple needs one name per component.", nameof(names));
        }

        return Checked(TryTuple([.. components], [.. names]));
    }

    /// <summary>
    /// Parses a canonical type string such as <c>uint256</c>, <c>bytes3[2]</c> or <c>(uint256,string)[]</c>; the aliases
    /// <c>uint</c> and <c>int</c> become <c>uint256</c> and <c>int256</c> (abi-spec "Types"). No whitespace is allowed.
    /// </summary>
    public static AbiResult<AbiType> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int position = 0;
        var result = ParseType(text, ref position, 0);
        if (result.IsSuccess && position != text.Length)
        {
            return Invalid(text, $"unexpected '{text[position]}' at index {position}");
        }

        return result;
    }

    /// <inheritdoc />
    public bool Equals(AbiType? other) => other is not null && string.Equals(CanonicalName, other.CanonicalName, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalName);

    /// <summary>The canonical type string.</summary>
    public override string ToString() => CanonicalName;

    /// <summary>Applies array suffixes such as <c>[]</c>, <c>[2][]</c> to <paramref name="element"/> (JSON's <c>tuple[2][]</c>).</summary>
    internal static AbiResult<AbiType> ApplySuffixes(AbiType element, string suffixes, string context)
    {
        int position = 0;
        var result = ParseSuffixes(element, suffixes, ref position, context);
        if (result.IsSuccess && position != suffixes.Length)
        {
            return Invalid(context, $"unexpected '{suffixes[position]}' in the array suffix");
        }

        return result;
    }

    private static AbiResult<AbiType> ParseType(string text, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            return Invalid(text, $"nested deeper than {MaxDepth}");
        }

        AbiType baseType;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var components = new List<AbiType>();
            if (position < text.Length && text[position] == ')')
            {
                position++;
            }
            else
            {
                while (true)
                {
                    var component = ParseType(text, ref position, depth + 1);
                    if (!component.IsSuccess)
                    {
                        return component;
                    }

                    components.Add(component.Value);
                    if (position >= text.Length)
                    {
                        return Invalid(text, "a tuple is not closed");
                    }

                    char separator = text[position++];
                    if (separator == ')')
                    {
                        break;
                    }

                    if (separator != ',')
                    {
                        return Invalid(text, $"unexpected '{separator}' at index {position - 1}");
                    }
                }
            }

            var tuple = TryTuple([.. components], null);
            if (!tuple.IsSuccess)
            {
                return Invalid(text, tuple.Error.Message);
            }

            baseType = tuple.Value;
        }
        else
        {
            int start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
            {
                position++;
            }

            var elementary = Elementary(text.AsSpan(start, position - start), text);
            if (!elementary.IsSuccess)
            {
                return elementary;
            }

            baseType = elementary.Value;
        }

        return ParseSuffixes(baseType, text, ref position, text);
    }

    private static AbiResult<AbiType> ParseSuffixes(AbiType type, string text, ref int position, string context)
    {
        while (position < text.Length && text[position] == '[')
        {
            int close = text.IndexOf(']', position);
            if (close < 0)
            {
                return Invalid(context, "an array suffix is not closed");
            }

            var digits = text.AsSpan(position + 1, close - position - 1);
            int? length = null;
            if (digits.Length > 0)
            {
                // Canonical decimal: digits only, no sign, no leading zero (except "0" itself).
                bool canonical = digits.Length <= 9 && (digits.Length == 1 || digits[0] != '0');
                foreach (char c in digits)
                {
                    canonical &= char.IsAsciiDigit(c);
                }

                if (!canonical)
                {
                    return Invalid(context, $"'[{digits}]' is not an array length of at most {MaxFixedArrayLength}");
                }

                length = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            }

            var array = TryArray(type, length);
            if (!array.IsSuccess)
            {
                return Invalid(context, array.Error.Message);
            }

            type = array.Value;
            position = close + 1;
        }

        return AbiResult<AbiType>.Success(type);
    }

    private static AbiResult<AbiType> Elementary(ReadOnlySpan<char> name, string context)
    {
        switch (name)
        {
            case "address": return AbiResult<AbiType>.Success(Address);
            case "bool": return AbiResult<AbiType>.Success(Bool);
            case "string": return AbiResult<AbiType>.Success(String);
            case "bytes": return AbiResult<AbiType>.Success(Bytes);
            case "uint": return AbiResult<AbiType>.Success(UInt256);
            case "int": return AbiResult<AbiType>.Success(Int256);
            default: break;
        }

        if (TrySuffixNumber(name, "uint", out int bits) && bits is >= 8 and <= 256 && bits % 8 == 0)
        {
            return AbiResult<AbiType>.Success(UInt(bits));
        }

        if (TrySuffixNumber(name, "int", out bits) && bits is >= 8 and <= 256 && bits % 8 == 0)
        {
            return AbiResult<AbiType>.Success(Int(bits));
        }

        if (TrySuffixNumber(name, "bytes", out int length) && length is >= 1 and <= 32)
        {
            return AbiResult<AbiType>.Success(FixedBytes(length));
        }

        return Invalid(context, name.Length == 0 ? "a type name is missing" : $"'{name}' is not an ABI type handled here");
    }

    private static bool TrySuffixNumber(ReadOnlySpan<char> name, string prefix, out int number)
    {
        number = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = name[prefix.Length..];
        if (digits.Length is 0 or > 3 || digits[0] == '0')
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    private static AbiResult<AbiType> TryArray(AbiType element, int? length)
    {
        if (element.Depth + 1 > MaxDepth)
        {
            return InvalidValue($"nested deeper than {MaxDepth}");
        }

        if (length is null)
        {
            return AbiResult<AbiType>.Success(new(AbiTypeKind.Array, 0, element, [], [], element.CanonicalName + "[]"));
        }

        if (length.Value is < 0 or > MaxFixedArrayLength)
        {
            return InvalidValue($"a fixed array length must be in 0..{MaxFixedArrayLength}");
        }

        return Limited(new(
            AbiTypeKind.FixedArray,
            length.Value,
            element,
            [],
            [],
            element.CanonicalName + "[" + length.Value.ToString(CultureInfo.InvariantCulture) + "]"));
    }

    /// <summary>The tuple of a member's arguments; no depth or size limit applies to this outermost level.</summary>
    internal static AbiType Arguments(AbiType[] components) => Build(components, null);

    internal static AbiResult<AbiType> TryTuple(AbiType[] components, string[]? names)
    {
        if (Array.Exists(components, c => c is null))
        {
            throw new ArgumentException("A tuple component is null.", nameof(components));
        }

        if (components.Length > 0 && components.Max(c => c.Depth) + 1 > MaxDepth)
        {
            return InvalidValue($"nested deeper than {MaxDepth}");
        }

        return Limited(Build(components, names));
    }

    private static AbiType Build(AbiType[] components, string[]? names)
    {
        var canonical = new StringBuilder("(");
        for (int i = 0; i < components.Length; i++)
        {
            canonical.Append(i == 0 ? string.Empty : ",").Append(components[i].CanonicalName);
        }

        names ??= Enumerable.Repeat(string.Empty, components.Length).ToArray();
        return new(AbiTypeKind.Tuple, 0, null, components, names, canonical.Append(')').ToString());
    }

    private static AbiResult<AbiType> Limited(AbiType type) =>
        type.StaticSize > MaxStaticSize || type.StaticValueCount > MaxStaticValueCount
            ? InvalidValue($"'{Shorten(type.CanonicalName)}' is larger than this implementation accepts ({MaxStaticSize} bytes or {MaxStaticValueCount} values in place)")
            : AbiResult<AbiType>.Success(type);

    private static AbiType Checked(AbiResult<AbiType> result) =>
        result.IsSuccess ? result.Value : throw new ArgumentException(result.Error.Message);

    private static AbiResult<AbiType> Invalid(string text, string reason) =>
        AbiResult<AbiType>.Failure(AbiErrors.Value(AbiErrorCode.InvalidType, $"'{Shorten(text)}': {reason}"));

    private static AbiResult<AbiType> InvalidValue(string reason) =>
        AbiResult<AbiType>.Failure(AbiErrors.Value(AbiErrorCode.InvalidType, reason));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static long Saturate(long value) => Math.Min(value, long.MaxValue / 4);

    private static int IntegerIndex(int bits) =>
        bits is >= 8 and <= 256 && bits % 8 == 0
            ? (bits / 8) - 1
            : throw new ArgumentOutOfRangeException(nameof(bits), bits, "Integer types need 8 <= M <= 256 with M % 8 == 0.");

    private static AbiType Elementary(AbiTypeKind kind, int size, string name) => new(kind, size, null, [], [], name);

    private static AbiType[] CreateIntegers(AbiTypeKind kind)
    {
        string prefix = kind == AbiTypeKind.UInt ? "uint" : "int";
        var types = new AbiType[32];
        for (int i = 0; i < types.Length; i++)
        {
            int bits = (i + 1) * 8;
            types[i] = Elementary(kind, bits, prefix + bits.ToString(CultureInfo.InvariantCulture));
        }

        return types;
    }

    private static AbiType[] CreateFixedBytes()
    {
        var types = new AbiType[32];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = Elementary(AbiTypeKind.FixedBytes, i + 1, "bytes" + (i + 1).ToString(CultureInfo.InvariantCulture));
        }

        return types;
    }
}
