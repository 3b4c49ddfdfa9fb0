using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>
/// Validated typed data — struct types, primary type, domain and message — with its domain separator, message hash and
/// signing digest <c>keccak256("\x19\x01" ‖ domainSeparator ‖ hashStruct(message))</c> (EIP-712, "Specification",
/// the encoding of 𝕊, which follows EIP-191 with version byte 0x01). Built from the eth_signTypedData_v4 JSON shape
/// (<see cref="FromJson"/>) or in code (<see cref="Create"/>); every hash is computed once, at construction.
/// </summary>
public sealed class Eip712TypedData
{
    private readonly byte[] _domainSeparator;
    private readonly byte[] _messageHash;
    private readonly byte[] _digest;

    private Eip712TypedData(Eip712Types types, string primaryType, AbiValue domain, AbiValue message, byte[] domainSeparator, byte[] messageHash)
    {
        Types = types;
        PrimaryType = primaryType;
        Domain = domain;
        Message = message;
        _domainSeparator = domainSeparator;
        _messageHash = messageHash;
        _digest = ComputeDigest(domainSeparator, messageHash);
    }

    /// <summary>The struct types, <c>EIP712Domain</c> included.</summary>
    public Eip712Types Types { get; }

    /// <summary>The message's struct type.</summary>
    public string PrimaryType { get; }

    /// <summary>The domain in the positional form of <c>EIP712Domain</c>.</summary>
    public AbiValue Domain { get; }

    /// <summary>The message in the positional form of <see cref="PrimaryType"/>.</summary>
    public AbiValue Message { get; }

    /// <summary>Typed data built in code; <paramref name="types"/> must not define <c>EIP712Domain</c> (it comes from <paramref name="domain"/>).</summary>
    public static Eip712Result<Eip712TypedData> Create(
        IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types,
        string primaryType,
        Eip712Domain domain,
        AbiValue message)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(primaryType);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(message);
        if (types.ContainsKey(Eip712Domain.TypeName))
        {
            return Eip712Result<Eip712TypedData>.Failure(Eip712ErrorCode.Duplicate, "types." + Eip712Domain.TypeName, "the domain type comes from the Eip712Domain argument");
        }

        var all = new Dictionary<string, IReadOnlyList<Eip712Field>>(types, StringComparer.Ordinal)
        {
            [Eip712Domain.TypeName] = domain.Fields,
        };
        var validated = Eip712Types.Create(all);
        return validated.IsSuccess
            ? Build(validated.Value, primaryType, domain.Value, message)
            : Eip712Result<Eip712TypedData>.Failure(validated.Error);
    }

    /// <summary>
    /// Reads the eth_signTypedData_v4 JSON shape: <c>types</c> (name → [{name, type}]), <c>primaryType</c>, <c>domain</c>,
    /// <c>message</c> (EIP-712, "Specification of the eth_signTypedData JSON RPC"). When <c>types</c> has no
    /// <c>EIP712Domain</c>, it is built from the standard domain fields present. Values: integers as JSON numbers or
    /// decimal/0x-hex strings, addresses and bytes as 0x-hex strings; every member must be present and no other.
    /// </summary>
    public static Eip712Result<Eip712TypedData> FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 * Eip712Types.MaxDepth });
            return FromJson(document.RootElement);
        }
        catch (JsonException exception)
        {
            return Invalid(string.Empty, $"not JSON: {exception.Message}");
        }
    }

    /// <summary>Reads an already parsed eth_signTypedData_v4 object (see <see cref="FromJson(string)"/>).</summary>
    public static Eip712Result<Eip712TypedData> FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("types", out var typesJson) || typesJson.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("primaryType", out var primaryJson) || primaryJson.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("domain", out var domainJson) || domainJson.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("message", out var messageJson))
        {
            return Invalid(string.Empty, "typed data is an object with types (object), primaryType (string), domain (object) and message");
        }

        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        foreach (var type in typesJson.EnumerateObject())
        {
            if (types.ContainsKey(type.Name))
            {
                return Eip712Result<Eip712TypedData>.Failure(Eip712ErrorCode.Duplicate, "types." + type.Name, "a type is defined twice");
            }

            if (type.Value.ValueKind != JsonValueKind.Array)
            {
                return Invalid("types." + type.Name, "a type is an array of {name, type}");
            }

            var fields = new List<Eip712Field>();
            foreach (var field in type.Value.EnumerateArray())
            {
                if (field.ValueKind != JsonValueKind.Object
                    || !field.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !field.TryGetProperty("type", out var fieldType) || fieldType.ValueKind != JsonValueKind.String)
                {
                    return Invalid($"types.{type.Name}[{fields.Count}]", "a member is {\"name\": string, \"type\": string}");
                }

                fields.Add(new Eip712Field(name.GetString()!, fieldType.GetString()!));
            }

            types[type.Name] = fields;
        }

        if (!types.ContainsKey(Eip712Domain.TypeName))
        {
            // Derive the domain type from the standard fields present, in the standard order (EIP-712, "Definition of domainSeparator").
            types[Eip712Domain.TypeName] = [.. Eip712Domain.StandardFields.Where(f => domainJson.TryGetProperty(f.Name, out _))];
        }

        var validated = Eip712Types.Create(types);
        if (!validated.IsSuccess)
        {
            return Eip712Result<Eip712TypedData>.Failure(validated.Error);
        }

        string primaryType = primaryJson.GetString()!;
        if (!validated.Value.Contains(primaryType))
        {
            return Eip712Result<Eip712TypedData>.Failure(Eip712ErrorCode.UnknownType, "primaryType", $"'{primaryType}' is not a defined struct");
        }

        var domain = validated.Value.FromJson(Eip712Domain.TypeName, domainJson, "domain");
        if (!domain.IsSuccess)
        {
            return Eip712Result<Eip712TypedData>.Failure(domain.Error);
        }

        var message = validated.Value.FromJson(primaryType, messageJson, "message");
        return message.IsSuccess
            ? Build(validated.Value, primaryType, domain.Value, message.Value)
            : Eip712Result<Eip712TypedData>.Failure(message.Error);
    }

    /// <summary><c>domainSeparator = hashStruct(eip712Domain)</c>.</summary>
    public byte[] GetDomainSeparator() => _domainSeparator.ToArray();

    /// <summary><c>hashStruct(message)</c>.</summary>
    public byte[] GetMessageHash() => _messageHash.ToArray();

    /// <summary>The digest to sign: <c>keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message))</c>.</summary>
    public byte[] GetDigest() => _digest.ToArray();

    internal ReadOnlySpan<byte> Digest => _digest;

    /// <summary><c>keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ messageHash)</c> (EIP-712, "Specification").</summary>
    /// <exception cref="ArgumentException">An input is not 32 bytes.</exception>
    public static byte[] ComputeDigest(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> messageHash)
    {
        if (domainSeparator.Length != 32 || messageHash.Length != 32)
        {
            throw new ArgumentException("The domain separator and the message hash are 32 bytes each.");
        }

        Span<byte> preimage = stackalloc byte[66];
        preimage[0] = 0x19;
        preimage[1] = 0x01;
        domainSeparator.CopyTo(preimage[2..]);
        messageHash.CopyTo(preimage[34..]);
        return Keccak256.Hash(preimage);
    }

    private static Eip712Result<Eip712TypedData> Build(Eip712Types types, string primaryType, AbiValue domain, AbiValue message)
    {
        if (!types.Contains(primaryType))
        {
            return Eip712Result<Eip712TypedData>.Failure(Eip712ErrorCode.UnknownType, "primaryType", $"'{primaryType}' is not a defined struct");
        }

        byte[] domainSeparator = new byte[Keccak256.HashSizeInBytes];
        var error = types.HashStructInto(Eip712Domain.TypeName, domain, domainSeparator, "domain", 0);
        if (error is not null)
        {
            return Eip712Result<Eip712TypedData>.Failure(error.Value);
        }

        byte[] messageHash = new byte[Keccak256.HashSizeInBytes];
        error = types.HashStructInto(primaryType, message, messageHash, "message", 0);
        return error is null
            ? Eip712Result<Eip712TypedData>.Success(new Eip712TypedData(types, primaryType, domain, message, domainSeparator, messageHash))
            : Eip712Result<Eip712TypedData>.Failure(error.Value);
    }

    private static Eip712Result<Eip712TypedData> Invalid(string path, string message) =>
        Eip712Result<Eip712TypedData>.Failure(Eip712ErrorCode.InvalidJson, path, message);
}
