namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// A contract function: name, inputs, outputs and state mutability (Solidity docs, abi-spec.rst, "JSON"), its canonical
/// signature and 4-byte selector ("Function Selector"), and the encoding of calls and decoding of results.
/// </summary>
public sealed class AbiFunction
{
    private readonly AbiParameter[] _inputs;
    private readonly AbiParameter[] _outputs;
    private readonly AbiType[] _inputTypes;
    private readonly AbiType[] _outputTypes;

    /// <summary>A function.</summary>
    /// <exception cref="ArgumentException">The name is not an identifier or a parameter is null.</exception>
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null, string stateMutability = "nonpayable")
    {
        _inputs = AbiParameter.Checked(name, inputs, nameof(inputs));
        _outputs = AbiParameter.Checked(name, outputs, nameof(outputs));
        if (Array.Exists(_inputs, p => p.Indexed) || Array.Exists(_outputs, p => p.Indexed))
        {
            throw new ArgumentException("Function parameters cannot be indexed.", nameof(inputs));
        }

        Name = name;
        StateMutability = stateMutability ?? throw new ArgumentNullException(nameof(stateMutability));
        _inputTypes = [.. _inputs.Select(p => p.Type)];
        _outputTypes = [.. _outputs.Select(p => p.Type)];
        Signature = AbiParameter.Signature(name, _inputs);
        Selector = AbiSelector.FromSignature(Signature);
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The inputs, in order.</summary>
    public IReadOnlyList<AbiParameter> Inputs => _inputs;

    /// <summary>The outputs, in order.</summary>
    public IReadOnlyList<AbiParameter> Outputs => _outputs;

    /// <summary><c>pure</c>, <c>view</c>, <c>nonpayable</c> or <c>payable</c>.</summary>
    public string StateMutability { get; }

    /// <summary>The canonical signature, e.g. <c>sam(bytes,bool,uint256[])</c>.</summary>
    public string Signature { get; }

    /// <summary>The first four bytes of keccak256(<see cref="Signature"/>).</summary>
    public AbiSelector Selector { get; }

    /// <summary>
    /// Parses <c>name(type [name], …)</c>, e.g. <c>transfer(address to, uint256 amount)</c> or <c>baz(uint32,bool)</c>;
    /// the aliases <c>uint</c>/<c>int</c> become <c>uint256</c>/<c>int256</c>. Outputs are not read (none).
    /// </summary>
    public static AbiResult<AbiFunction> Parse(string signature, string stateMutability = "nonpayable")
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!AbiSignatureParser.TryParse(signature, allowIndexed: false, out var name, out var inputs, out var trailer, out var error))
        {
            return AbiResult<AbiFunction>.Failure(error);
        }

        return trailer.Length == 0
            ? AbiResult<AbiFunction>.Success(new AbiFunction(name, inputs, null, stateMutability))
            : AbiResult<AbiFunction>.Failure(AbiErrors.Value(AbiErrorCode.InvalidType, $"unexpected '{trailer}' after the parameters"));
    }

    /// <summary>Call data: the selector and the encoded arguments, checked against the input types.</summary>
    public AbiResult<byte[]> EncodeCall(params AbiValue[] arguments) => AbiEncoder.EncodeCall(Selector, _inputTypes, arguments);

    /// <summary>Decodes call data (selector, then the arguments) strictly (see <see cref="AbiDecoder"/>).</summary>
    public AbiResult<IReadOnlyList<AbiValue>> DecodeCall(ReadOnlySpan<byte> callData) => AbiDecoder.DecodeCall(Selector, _inputTypes, callData);

    /// <summary>Encodes return values (what the function returns to its caller).</summary>
    public AbiResult<byte[]> EncodeOutput(params AbiValue[] values) => AbiEncoder.Encode(_outputTypes, values);

    /// <summary>Decodes return data (<c>eth_call</c> result) strictly (see <see cref="AbiDecoder"/>).</summary>
    public AbiResult<IReadOnlyList<AbiValue>> DecodeOutput(ReadOnlySpan<byte> returnData) => AbiDecoder.Decode(_outputTypes, returnData);

    /// <inheritdoc />
    public override string ToString() => $"function {Name}({string.Join(", ", _inputs.Select(p => p.ToString()))})";
}
