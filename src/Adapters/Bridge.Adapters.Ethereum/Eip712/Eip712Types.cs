using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>
/// A validated set of EIP-712 struct types (EIP-712, "Definition of typed structured data 𝕊") with
/// <c>encodeType</c>, <c>typeHash</c>, <c>encodeData</c> and <c>hashStruct</c>. Validation: names are identifiers,
/// no struct is named like an atomic type, member names are unique, every member type resolves, and no struct
/// reaches itself through members that every value must fill (structs and non-empty fixed arrays) — recursion
/// through a dynamic array <c>T[]</c> is allowed, since an empty array ends it.
/// Struct values are <see cref="AbiValue"/> lists holding one value per member in declaration order; arrays are
/// lists; atomic and dynamic values map as in <see cref="AbiValue"/>.
/// </summary>
public sealed class Eip712Types
{
    /// <summary>The deepest nesting of struct and array values accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most struct types one set may define.</summary>
    public const int MaxTypes = 1024;

    private readonly Dictionary<string, Eip712Field[]> _fields;
    private readonly Dictionary<string, Eip712TypeRef[]> _resolved;
    private readonly Dictionary<string, string> _encodedTypes;
    private readonly Dictionary<string, byte[]> _typeHashes;

    private Eip712Types(Dictionary<string, Eip712Field[]> fields, Dictionary<string, Eip712TypeRef[]> resolved)
    {
        _fields = fields;
        _resolved = resolved;
        _encodedTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        _typeHashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in fields.Keys)
        {
            string encoded = ComputeEncodeType(name);
            _encodedTypes[name] = encoded;
            _typeHashes[name] = Keccak256.Hash(Encoding.UTF8.GetBytes(encoded));
        }
    }

    /// <summary>The struct type names.</summary>
    public IReadOnlyCollection<string> Names => _fields.Keys;

    /// <summary>Validates struct definitions (name → members in order).</summary>
    public static Eip712Result<Eip712Types> Create(IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count > MaxTypes)
        {
            return Failure(Eip712ErrorCode.TooDeep, "types", $"more than {MaxTypes} struct types");
        }

        var fields = new Dictionary<string, Eip712Field[]>(StringComparer.Ordinal);
        foreach (var (name, members) in types)
        {
            if (!IsIdentifier(name))
            {
                return Failure(Eip712ErrorCode.InvalidName, "types", $"'{name}' is not an identifier");
            }

            if (AbiType.Parse(name).IsSuccess)
            {
                return Failure(Eip712ErrorCode.InvalidName, "types." + name, $"a struct cannot be named like the atomic type '{name}'");
            }

            if (members is null || members.Any(m => m is null || m.Name is null || m.Type is null))
            {
                throw new ArgumentException($"The members of {name} hold a null.", nameof(types));
            }

            fields[name] = [.. members];
        }

        var resolved = new Dictionary<string, Eip712TypeRef[]>(StringComparer.Ordinal);
        foreach (var (name, members) in fields)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var refs = new Eip712TypeRef[members.Length];
            for (int i = 0; i < members.Length; i++)
            {
                string path = $"types.{name}[{i.ToString(CultureInfo.InvariantCulture)}]";
                if (!IsIdentifier(members[i].Name))
                {
                    return Failure(Eip712ErrorCode.InvalidName, path, $"'{members[i].Name}' is not an identifier");
                }

                if (!seen.Add(members[i].Name))
                {
                    return Failure(Eip712ErrorCode.Duplicate, path, $"{name} declares '{members[i].Name}' twice");
                }

                var type = Eip712TypeRef.Resolve(members[i].Type, fields.Keys, out string reason);
                if (type is null)
                {
                    return Failure(Eip712ErrorCode.UnknownType, path, reason);
                }

                refs[i] = type;
            }

            resolved[name] = refs;
        }

        string? cycle = FindMandatoryCycle(resolved);
        return cycle is null
            ? Eip712Result<Eip712Types>.Success(new Eip712Types(fields, resolved))
            : Failure(Eip712ErrorCode.CyclicType, "types", $"no finite value exists for the cycle {cycle}");
    }

    /// <summary>True when a struct of this name is defined.</summary>
    public bool Contains(string typeName) => _fields.ContainsKey(typeName);

    /// <summary>The members of a struct type, in order.</summary>
    /// <exception cref="KeyNotFoundException">No such struct.</exception>
    public IReadOnlyList<Eip712Field> GetFields(string typeName) => _fields[typeName];

    /// <summary>
    /// <c>encodeType</c>: <c>Name(type1 name1,…)</c> followed by every struct it references, directly or not, sorted by
    /// name (EIP-712, "Definition of encodeType").
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such struct.</exception>
    public string EncodeType(string typeName) => _encodedTypes[typeName];

    /// <summary><c>typeHash = keccak256(encodeType(type))</c> (EIP-712, "Definition of hashStruct").</summary>
    /// <exception cref="KeyNotFoundException">No such struct.</exception>
    public byte[] TypeHash(string typeName) => _typeHashes[typeName].ToArray();

    /// <summary>
    /// <c>encodeData</c> (EIP-712, "Definition of encodeData"): the members' 32-byte encodings concatenated — atomic
    /// values as in the ABI, <c>bytes</c>/<c>string</c> as keccak256 of their contents, structs as their
    /// <c>hashStruct</c>, arrays as keccak256 of their elements' encodings concatenated. As in the EIP, the
    /// <c>typeHash</c> is not included (the reference Example.js's <c>encodeData</c> prepends it).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such struct.</exception>
    public Eip712Result<byte[]> EncodeData(string typeName, AbiValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] output = new byte[32 * _fields[typeName].Length];
        var error = WriteData(typeName, value, output, string.Empty, 0);
        return error is null ? Eip712Result<byte[]>.Success(output) : Eip712Result<byte[]>.Failure(error.Value);
    }

    /// <summary><c>hashStruct(s) = keccak256(typeHash ‖ encodeData(s))</c> (EIP-712, "Definition of hashStruct").</summary>
    /// <exception cref="KeyNotFoundException">No such struct.</exception>
    public Eip712Result<byte[]> HashStruct(string typeName, AbiValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] hash = new byte[32];
        var error = HashStructInto(typeName, value, hash, string.Empty, 0);
        return error is null ? Eip712Result<byte[]>.Success(hash) : Eip712Result<byte[]>.Failure(error.Value);
    }

    /// <summary>
    /// Converts a JSON value of struct <paramref name="typeName"/> in the eth_signTypedData_v4 shape into the positional
    /// form: integers as JSON numbers or decimal/0x-hex strings, addresses and bytes as 0x-hex strings, bools as JSON
    /// booleans, strings as strings, arrays as arrays, structs as objects with exactly their members.
    /// </summary>
    internal Eip712Result<AbiValue> FromJson(string typeName, JsonElement json, string path) =>
        ConvertStruct(typeName, json, path, 0);

    internal Eip712Error? HashStructInto(string typeName, AbiValue value, Span<byte> hash, string path, int depth)
    {
        var members = _fields[typeName];
        byte[] buffer = new byte[32 * (members.Length + 1)];
        _typeHashes[typeName].CopyTo(buffer, 0);
        var error = WriteData(typeName, value, buffer.AsSpan(32), path, depth);
        if (error is null)
        {
            Keccak256.Hash(buffer, hash);
        }

        return error;
    }

    private Eip712Error? WriteData(string typeName, AbiValue value, Span<byte> output, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return new Eip712Error(Eip712ErrorCode.TooDeep, path, $"values nest deeper than {MaxDepth}");
        }

        var members = _fields[typeName];
        if (value.Kind != AbiValueKind.List || value.Items.Count != members.Length)
        {
            return new Eip712Error(Eip712ErrorCode.InvalidValue, path, $"a {typeName} value is a list of its {members.Length} member values");
        }

        var types = _resolved[typeName];
        for (int i = 0; i < members.Length; i++)
        {
            var error = WriteMember(types[i], value.Items[i], output.Slice(32 * i, 32), path + "." + members[i].Name, depth + 1);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private Eip712Error? WriteMember(Eip712TypeRef type, AbiValue value, Span<byte> word, string path, int depth)
    {
        if (type.StructName is not null)
        {
            return HashStructInto(type.StructName, value, word, path, depth);
        }

        if (type.Element is not null)
        {
            if (depth > MaxDepth)
            {
                return new Eip712Error(Eip712ErrorCode.TooDeep, path, $"values nest deeper than {MaxDepth}");
            }

            if (value.Kind != AbiValueKind.List || (type.Length is { } length && value.Items.Count != length))
            {
                return new Eip712Error(
                    Eip712ErrorCode.InvalidValue,
                    path,
                    type.Length is { } k ? $"expected a list of exactly {k} elements" : "expected a list");
            }

            // keccak256 of the concatenated element encodings (EIP-712, "Definition of encodeData").
            var hasher = new Keccak256();
            Span<byte> element = stackalloc byte[32];
            for (int i = 0; i < value.Items.Count; i++)
            {
                element.Clear();
                var error = WriteMember(type.Element, value.Items[i], element, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
                if (error is not null)
                {
                    return error;
                }

                hasher.Append(element);
            }

            hasher.GetHashAndReset(word);
            return null;
        }

        var abiType = type.Elementary!;
        if (AbiEncoder.Validate(abiType, value) is { } invalid)
        {
            return new Eip712Error(Eip712ErrorCode.InvalidValue, path, invalid.Message);
        }

        switch (abiType.Kind)
        {
            case AbiTypeKind.Bytes:
                Keccak256.Hash(value.BytesSpan, word);
                break;
            case AbiTypeKind.String:
                Keccak256.Hash(Encoding.UTF8.GetBytes(value.AsString()), word);
                break;
            default:
                word.Clear();
                AbiEncoder.WriteElementaryWord(abiType, value, word);
                break;
        }

        return null;
    }

    private Eip712Result<AbiValue> ConvertStruct(string typeName, JsonElement json, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.TooDeep, path, $"values nest deeper than {MaxDepth}");
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, $"a {typeName} value is a JSON object");
        }

        var members = _fields[typeName];
        var types = _resolved[typeName];
        var values = new AbiValue[members.Length];
        for (int i = 0; i < members.Length; i++)
        {
            string memberPath = path + "." + members[i].Name;
            if (!json.TryGetProperty(members[i].Name, out var member))
            {
                return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.MissingField, memberPath, $"{typeName} needs '{members[i].Name}' ({members[i].Type})");
            }

            var converted = Convert(types[i], member, memberPath, depth + 1);
            if (!converted.IsSuccess)
            {
                return converted;
            }

            values[i] = converted.Value;
        }

        int count = 0;
        foreach (var property in json.EnumerateObject())
        {
            count++;
            if (!members.Any(m => string.Equals(m.Name, property.Name, StringComparison.Ordinal)))
            {
                return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.UnknownField, path + "." + property.Name, $"{typeName} has no member '{property.Name}'");
            }
        }

        return count == members.Length
            ? Eip712Result<AbiValue>.Success(AbiValue.List(values))
            : Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidJson, path, "a member appears twice");
    }

    private Eip712Result<AbiValue> Convert(Eip712TypeRef type, JsonElement json, string path, int depth)
    {
        if (type.StructName is not null)
        {
            return ConvertStruct(type.StructName, json, path, depth);
        }

        if (type.Element is not null)
        {
            if (depth > MaxDepth)
            {
                return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.TooDeep, path, $"values nest deeper than {MaxDepth}");
            }

            if (json.ValueKind != JsonValueKind.Array)
            {
                return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, "expected a JSON array");
            }

            var items = new List<AbiValue>();
            foreach (var item in json.EnumerateArray())
            {
                var converted = Convert(type.Element, item, path + "[" + items.Count.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
                if (!converted.IsSuccess)
                {
                    return converted;
                }

                items.Add(converted.Value);
            }

            return type.Length is { } length && items.Count != length
                ? Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, $"expected exactly {length} elements, not {items.Count}")
                : Eip712Result<AbiValue>.Success(AbiValue.List(items));
        }

        return ConvertElementary(type.Elementary!, json, path);
    }

    private static Eip712Result<AbiValue> ConvertElementary(AbiType type, JsonElement json, string path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bool when json.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return Eip712Result<AbiValue>.Success(AbiValue.Bool(json.ValueKind == JsonValueKind.True));
            case AbiTypeKind.String when json.ValueKind == JsonValueKind.String:
                return Eip712Result<AbiValue>.Success(AbiValue.String(json.GetString()!));
            case AbiTypeKind.Address when json.ValueKind == JsonValueKind.String:
                return EthAddress.TryParse(json.GetString(), out var address)
                    ? Eip712Result<AbiValue>.Success(AbiValue.Address(address))
                    : Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, "not a 0x-prefixed 20-byte address with a valid EIP-55 checksum");
            case AbiTypeKind.Bytes or AbiTypeKind.FixedBytes when json.ValueKind == JsonValueKind.String:
                string text = json.GetString()!;
                return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && Hex.TryDecode(text, out byte[] bytes)
                    ? Eip712Result<AbiValue>.Success(AbiValue.Bytes(bytes))
                    : Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, "bytes are written as 0x-prefixed hex");
            case AbiTypeKind.UInt or AbiTypeKind.Int when json.ValueKind is JsonValueKind.Number or JsonValueKind.String:
                return TryParseInteger(json, out var integer)
                    ? Eip712Result<AbiValue>.Success(AbiValue.Integer(integer))
                    : Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, "an integer is a JSON integer, a decimal string or a 0x-hex string");
            default:
                return Eip712Result<AbiValue>.Failure(Eip712ErrorCode.InvalidValue, path, $"a JSON {json.ValueKind} is not a {type.CanonicalName}");
        }
    }

    private static bool TryParseInteger(JsonElement json, out BigInteger value)
    {
        string text = json.ValueKind == JsonValueKind.Number ? json.GetRawText() : json.GetString()!;
        if (json.ValueKind == JsonValueKind.String && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var digits = text.AsSpan(2);
            value = default;
            return digits.Length > 0
                && !digits.ContainsAnyExcept("0123456789abcdefABCDEF")
                && BigInteger.TryParse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        // Decimal only: no exponent, fraction or whitespace.
        var body = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        value = default;
        return body.Length > 0
            && !body.ContainsAnyExcept("0123456789")
            && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private string ComputeEncodeType(string primary)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        CollectDependencies(primary, found);
        found.Remove(primary);
        var builder = new StringBuilder();
        foreach (string name in new[] { primary }.Concat(found.Order(StringComparer.Ordinal)))
        {
            builder.Append(name).Append('(');
            var members = _fields[name];
            for (int i = 0; i < members.Length; i++)
            {
                builder.Append(i == 0 ? string.Empty : ",").Append(members[i].Type).Append(' ').Append(members[i].Name);
            }

            builder.Append(')');
        }

        return builder.ToString();
    }

    private void CollectDependencies(string name, HashSet<string> found)
    {
        var pending = new Stack<string>();
        pending.Push(name);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            if (!found.Add(current))
            {
                continue;
            }

            foreach (var type in _resolved[current])
            {
                if (type.InnermostStruct(out _) is { } referenced)
                {
                    pending.Push(referenced);
                }
            }
        }
    }

    /// <summary>A cycle through members every value must fill (structs, non-empty fixed arrays), written A → B → A; else null.</summary>
    private static string? FindMandatoryCycle(Dictionary<string, Eip712TypeRef[]> resolved)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        foreach (string start in resolved.Keys.Order(StringComparer.Ordinal))
        {
            string? cycle = Visit(start);
            if (cycle is not null)
            {
                return cycle;
            }
        }

        return null;

        string? Visit(string name)
        {
            if (state.TryGetValue(name, out int s))
            {
                return s == 1 ? string.Join(" → ", stack.Skip(stack.IndexOf(name)).Append(name)) : null;
            }

            state[name] = 1;
            stack.Add(name);
            foreach (var type in resolved[name])
            {
                if (type.InnermostStruct(out bool mandatory) is { } next && mandatory)
                {
                    string? cycle = Visit(next);
                    if (cycle is not null)
                    {
                        return cycle;
                    }
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            return null;
        }
    }

    private static bool IsIdentifier(string text)
    {
        if (string.IsNullOrEmpty(text) || !(char.IsAsciiLetter(text[0]) || text[0] is '_' or '$'))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    private static Eip712Result<Eip712Types> Failure(Eip712ErrorCode code, string path, string message) =>
        Eip712Result<Eip712Types>.Failure(code, path, message);
}
