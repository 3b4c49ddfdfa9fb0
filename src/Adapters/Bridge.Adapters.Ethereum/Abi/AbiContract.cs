using System.Globalization;
using System.Text.Json;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// A contract's interface from solc's JSON ABI (Solidity docs, abi-spec.rst, "JSON"): functions, events and custom
/// errors, with lookups by name, selector and topic 0, log decoding and revert decoding. <c>internalType</c> is ignored;
/// <c>receive</c> and <c>fallback</c> entries are accepted and skipped.
/// </summary>
public sealed class AbiContract
{
    private readonly AbiFunction[] _functions;
    private readonly AbiEvent[] _events;
    private readonly AbiCustomError[] _errors;
    private readonly Dictionary<AbiSelector, AbiFunction> _functionsBySelector;
    private readonly Dictionary<string, AbiEvent> _eventsByTopic;
    private readonly Dictionary<AbiSelector, AbiCustomError> _errorsBySelector;

    /// <summary>A contract interface built in code.</summary>
    /// <exception cref="ArgumentException">Two functions share a selector, two events a topic 0, or two errors a selector.</exception>
    public AbiContract(
        IEnumerable<AbiFunction> functions,
        IEnumerable<AbiEvent> events,
        IEnumerable<AbiCustomError> errors,
        IReadOnlyList<AbiParameter>? constructorInputs = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(errors);
        _functions = [.. functions];
        _events = [.. events];
        _errors = [.. errors];
        ConstructorInputs = [.. constructorInputs ?? []];
        var duplicate = FindDuplicate(_functions, _events, _errors);
        if (duplicate is not null)
        {
            throw new ArgumentException(duplicate);
        }

        _functionsBySelector = _functions.ToDictionary(f => f.Selector);
        _eventsByTopic = _events.Where(e => !e.Anonymous).ToDictionary(e => Convert.ToHexStringLower(e.Topic0), StringComparer.Ordinal);
        _errorsBySelector = _errors.ToDictionary(e => e.Selector);
    }

    /// <summary>The functions, in ABI order.</summary>
    public IReadOnlyList<AbiFunction> Functions => _functions;

    /// <summary>The events, in ABI order.</summary>
    public IReadOnlyList<AbiEvent> Events => _events;

    /// <summary>The custom errors, in ABI order.</summary>
    public IReadOnlyList<AbiCustomError> Errors => _errors;

    /// <summary>The constructor's inputs (empty when it has none or the ABI has no constructor).</summary>
    public IReadOnlyList<AbiParameter> ConstructorInputs { get; }

    /// <summary>
    /// Parses solc's ABI: a JSON array of entries, or an object whose <c>abi</c> property is that array (a Hardhat or
    /// solc artifact). Malformed JSON, unknown entry types, invalid types and duplicate selectors are errors.
    /// </summary>
    public static AbiResult<AbiContract> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            return Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            return Invalid(string.Empty, $"not JSON: {exception.Message}");
        }
    }

    /// <summary>Reads an already parsed ABI (see <see cref="Parse(string)"/>).</summary>
    public static AbiResult<AbiContract> Read(JsonElement abi)
    {
        if (abi.ValueKind == JsonValueKind.Object && abi.TryGetProperty("abi", out var inner))
        {
            abi = inner;
        }

        if (abi.ValueKind != JsonValueKind.Array)
        {
            return Invalid(string.Empty, "an ABI is a JSON array");
        }

        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiCustomError>();
        AbiParameter[]? constructor = null;
        int index = 0;
        foreach (var entry in abi.EnumerateArray())
        {
            string path = "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            index++;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                return Invalid(path, "an ABI entry is a JSON object");
            }

            string kind = OptionalString(entry, "type") ?? "function";
            if (kind is "receive" or "fallback")
            {
                continue;
            }

            if (kind is not ("function" or "constructor" or "event" or "error"))
            {
                return Invalid(path, $"unknown entry type '{kind}'");
            }

            string name = OptionalString(entry, "name") ?? string.Empty;
            if (kind != "constructor" && !AbiSignatureParser.IsIdentifier(name))
            {
                return Invalid(path, $"'{name}' is not a Solidity identifier");
            }

            var inputs = ReadParameters(entry, "inputs", kind == "event", path);
            if (!inputs.IsSuccess)
            {
                return inputs.Cast<AbiContract>();
            }

            switch (kind)
            {
                case "function":
                    var outputs = ReadParameters(entry, "outputs", false, path);
                    if (!outputs.IsSuccess)
                    {
                        return outputs.Cast<AbiContract>();
                    }

                    string mutability = OptionalString(entry, "stateMutability") ?? "nonpayable";
                    functions.Add(new AbiFunction(name, inputs.Value, outputs.Value, mutability));
                    break;
                case "constructor":
                    constructor = inputs.Value;
                    break;
                case "event":
                    bool anonymous = entry.TryGetProperty("anonymous", out var flag) && flag.ValueKind == JsonValueKind.True;
                    int indexed = inputs.Value.Count(p => p.Indexed);
                    if (indexed > AbiEvent.MaxTopics - (anonymous ? 0 : 1))
                    {
                        return Invalid(path, $"event {name} has {indexed} indexed parameters");
                    }

                    events.Add(new AbiEvent(name, inputs.Value, anonymous));
                    break;
                default:
                    errors.Add(new AbiCustomError(name, inputs.Value));
                    break;
            }
        }

        var duplicate = FindDuplicate(functions, events, errors);
        return duplicate is null ? AbiResult<AbiContract>.Success(new AbiContract(functions, events, errors, constructor)) : Invalid(string.Empty, duplicate);
    }

    /// <summary>
    /// The function with this name (when exactly one has it) or this canonical signature (when the text contains '(').
    /// </summary>
    public bool TryGetFunction(string nameOrSignature, out AbiFunction function)
    {
        ArgumentNullException.ThrowIfNull(nameOrSignature);
        bool bySignature = nameOrSignature.Contains('(', StringComparison.Ordinal);
        var matches = _functions.Where(f => string.Equals(bySignature ? f.Signature : f.Name, nameOrSignature, StringComparison.Ordinal)).Take(2).ToArray();
        function = matches.Length == 1 ? matches[0] : null!;
        return matches.Length == 1;
    }

    /// <summary>The function with this selector (the first four bytes of call data).</summary>
    public bool TryGetFunction(AbiSelector selector, out AbiFunction function) => _functionsBySelector.TryGetValue(selector, out function!);

    /// <summary>The event with this name (when exactly one has it) or this canonical signature (when the text contains '(').</summary>
    public bool TryGetEvent(string nameOrSignature, out AbiEvent abiEvent)
    {
        ArgumentNullException.ThrowIfNull(nameOrSignature);
        bool bySignature = nameOrSignature.Contains('(', StringComparison.Ordinal);
        var matches = _events.Where(e => string.Equals(bySignature ? e.Signature : e.Name, nameOrSignature, StringComparison.Ordinal)).Take(2).ToArray();
        abiEvent = matches.Length == 1 ? matches[0] : null!;
        return matches.Length == 1;
    }

    /// <summary>The non-anonymous event whose topic 0 this is.</summary>
    public bool TryGetEvent(ReadOnlySpan<byte> topic0, out AbiEvent abiEvent)
    {
        abiEvent = null!;
        return topic0.Length == 32 && _eventsByTopic.TryGetValue(Convert.ToHexStringLower(topic0), out abiEvent!);
    }

    /// <summary>The custom error with this selector.</summary>
    public bool TryGetError(AbiSelector selector, out AbiCustomError error) => _errorsBySelector.TryGetValue(selector, out error!);

    /// <summary>
    /// Decodes a log by its topic 0 (see <see cref="AbiEvent.DecodeLog"/>). Logs of anonymous events cannot be matched:
    /// decode them with the event itself.
    /// </summary>
    public AbiResult<AbiEventLog> DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0 || topics[0] is null || !TryGetEvent(topics[0], out var abiEvent))
        {
            return AbiResult<AbiEventLog>.Failure(AbiErrors.Value(AbiErrorCode.TopicMismatch, "no event of this ABI has the log's topic 0"));
        }

        return abiEvent.DecodeLog(topics, data);
    }

    /// <summary>Decodes revert data against the built-in errors and this ABI's custom errors (see <see cref="AbiRevert.Decode"/>).</summary>
    public AbiResult<AbiRevert> DecodeRevert(ReadOnlySpan<byte> data) => AbiRevert.Decode(data, this);

    /// <summary>Encodes constructor arguments (appended to the creation bytecode when deploying).</summary>
    public AbiResult<byte[]> EncodeConstructor(params AbiValue[] arguments) =>
        AbiEncoder.Encode([.. ConstructorInputs.Select(p => p.Type)], arguments);

    private static string? FindDuplicate(IReadOnlyList<AbiFunction> functions, IReadOnlyList<AbiEvent> events, IReadOnlyList<AbiCustomError> errors)
    {
        var selector = functions.GroupBy(f => f.Selector).FirstOrDefault(g => g.Count() > 1);
        if (selector is not null)
        {
            return $"functions {string.Join(" and ", selector.Select(f => f.Signature))} share selector {selector.Key}";
        }

        var topic = events.Where(e => !e.Anonymous).GroupBy(e => e.Signature, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (topic is not null)
        {
            return $"event {topic.Key} is declared twice";
        }

        var error = errors.GroupBy(e => e.Selector).FirstOrDefault(g => g.Count() > 1);
        return error is null ? null : $"errors {string.Join(" and ", error.Select(e => e.Signature))} share selector {error.Key}";
    }

    private static AbiResult<AbiParameter[]> ReadParameters(JsonElement entry, string property, bool allowIndexed, string path)
    {
        if (!entry.TryGetProperty(property, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return AbiResult<AbiParameter[]>.Success([]);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return InvalidParameters(path + "." + property, "expected an array");
        }

        var parameters = new List<AbiParameter>();
        foreach (var item in list.EnumerateArray())
        {
            string itemPath = path + "." + property + "[" + parameters.Count.ToString(CultureInfo.InvariantCulture) + "]";
            var type = ReadType(item, itemPath, 0);
            if (!type.IsSuccess)
            {
                return type.Cast<AbiParameter[]>();
            }

            bool indexed = item.TryGetProperty("indexed", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (indexed && !allowIndexed)
            {
                return InvalidParameters(itemPath, "only event parameters can be indexed");
            }

            parameters.Add(new AbiParameter(OptionalString(item, "name") ?? string.Empty, type.Value, indexed));
        }

        return AbiResult<AbiParameter[]>.Success([.. parameters]);
    }

    /// <summary>A parameter's type: <c>tuple</c> plus array suffixes with <c>components</c> (abi-spec "Handling tuple types"), else a type string.</summary>
    private static AbiResult<AbiType> ReadType(JsonElement item, string path, int depth)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return InvalidParameters(path, "a parameter is a JSON object").Cast<AbiType>();
        }

        string? text = OptionalString(item, "type");
        if (text is null)
        {
            return InvalidParameters(path, "a parameter needs a type").Cast<AbiType>();
        }

        if (!text.StartsWith("tuple", StringComparison.Ordinal))
        {
            var parsed = AbiType.Parse(text);
            return parsed.IsSuccess ? parsed : AbiResult<AbiType>.Failure(parsed.Error with { Path = path });
        }

        if (depth >= AbiType.MaxDepth)
        {
            return AbiResult<AbiType>.Failure(new AbiError(AbiErrorCode.InvalidType, path, -1, $"nested deeper than {AbiType.MaxDepth}"));
        }

        if (!item.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
        {
            return InvalidParameters(path, "a tuple needs components").Cast<AbiType>();
        }

        var types = new List<AbiType>();
        var names = new List<string>();
        foreach (var component in components.EnumerateArray())
        {
            var type = ReadType(component, path + ".components[" + types.Count.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
            if (!type.IsSuccess)
            {
                return type;
            }

            types.Add(type.Value);
            names.Add(OptionalString(component, "name") ?? string.Empty);
        }

        var tuple = AbiType.TryTuple([.. types], [.. names]);
        if (!tuple.IsSuccess)
        {
            return AbiResult<AbiType>.Failure(tuple.Error with { Path = path });
        }

        var withSuffixes = AbiType.ApplySuffixes(tuple.Value, text["tuple".Length..], text);
        return withSuffixes.IsSuccess ? withSuffixes : AbiResult<AbiType>.Failure(withSuffixes.Error with { Path = path });
    }

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AbiResult<AbiContract> Invalid(string path, string message) =>
        AbiResult<AbiContract>.Failure(new AbiError(AbiErrorCode.InvalidJson, path, -1, message));

    private static AbiResult<AbiParameter[]> InvalidParameters(string path, string message) =>
        AbiResult<AbiParameter[]>.Failure(new AbiError(AbiErrorCode.InvalidJson, path, -1, message));
}
