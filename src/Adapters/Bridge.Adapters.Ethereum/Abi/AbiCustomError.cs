namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// A Solidity custom error (<c>error InsufficientBalance(uint256 available, uint256 required)</c>): revert data is its
/// 4-byte selector followed by the ABI encoding of its arguments, exactly like a function call (Solidity docs,
/// abi-spec.rst, "Errors"; JSON entries of type <c>"error"</c>).
/// </summary>
public sealed class AbiCustomError
{
    private readonly AbiParameter[] _inputs;
    private readonly AbiType[] _types;

    /// <summary>A custom error.</summary>
    /// <exception cref="ArgumentException">The name is not an identifier or a parameter is null or indexed.</exception>
    public AbiCustomError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        _inputs = AbiParameter.Checked(name, inputs, nameof(inputs));
        if (Array.Exists(_inputs, p => p.Indexed))
        {
            throw new ArgumentException("Error parameters cannot be indexed.", nameof(inputs));
        }

        Name = name;
        _types = [.. _inputs.Select(p => p.Type)];
        Signature = AbiParameter.Signature(name, _inputs);
        Selector = AbiSelector.FromSignature(Signature);
    }

    /// <summary>The built-in <c>Error(string)</c> of <c>require</c>/<c>revert</c> with a reason.</summary>
    public static AbiCustomError ErrorString { get; } = new("Error", [new AbiParameter("message", AbiType.String)]);

    /// <summary>The built-in <c>Panic(uint256)</c>.</summary>
    public static AbiCustomError Panic { get; } = new("Panic", [new AbiParameter("code", AbiType.UInt256)]);

    /// <summary>The error name.</summary>
    public string Name { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<AbiParameter> Inputs => _inputs;

    /// <summary>The canonical signature, e.g. <c>InsufficientBalance(uint256,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>The first four bytes of keccak256(<see cref="Signature"/>).</summary>
    public AbiSelector Selector { get; }

    /// <summary>Parses <c>Name(type [name], …)</c>.</summary>
    public static AbiResult<AbiCustomError> Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!AbiSignatureParser.TryParse(signature, allowIndexed: false, out var name, out var inputs, out var trailer, out var error))
        {
            return AbiResult<AbiCustomError>.Failure(error);
        }

        return trailer.Length == 0
            ? AbiResult<AbiCustomError>.Success(new AbiCustomError(name, inputs))
            : AbiResult<AbiCustomError>.Failure(AbiErrors.Value(AbiErrorCode.InvalidType, $"unexpected '{trailer}' after the parameters"));
    }

    /// <summary>Revert data: the selector and the encoded arguments.</summary>
    public AbiResult<byte[]> Encode(params AbiValue[] arguments) => AbiEncoder.EncodeCall(Selector, _types, arguments);

    /// <summary>Decodes revert data of this error strictly (see <see cref="AbiDecoder"/>).</summary>
    public AbiResult<IReadOnlyList<AbiValue>> Decode(ReadOnlySpan<byte> revertData) => AbiDecoder.DecodeCall(Selector, _types, revertData);

    /// <inheritdoc />
    public override string ToString() => $"error {Name}({string.Join(", ", _inputs.Select(p => p.ToString()))})";
}
