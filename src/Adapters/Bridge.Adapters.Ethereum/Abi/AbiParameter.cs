namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>A named, typed parameter of a function, event or error (Solidity docs, abi-spec.rst, "JSON").</summary>
/// <param name="Name">The parameter name; empty when unnamed. Not part of any encoding.</param>
/// <param name="Type">The parameter type.</param>
/// <param name="Indexed">For event parameters: true when the value is a log topic rather than part of the data.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false)
{
    /// <summary>An unnamed parameter.</summary>
    public AbiParameter(AbiType type)
        : this(string.Empty, type)
    {
    }

    /// <summary>The parameter as written in a signature: type, "indexed" when indexed, then the name.</summary>
    public override string ToString() =>
        Type.CanonicalName + (Indexed ? " indexed" : string.Empty) + (Name.Length > 0 ? " " + Name : string.Empty);

    /// <summary>The canonical signature <c>name(type1,type2,…)</c> of a member with these inputs (abi-spec "Function Selector").</summary>
    internal static string Signature(string name, IReadOnlyList<AbiParameter> inputs) =>
        name + "(" + string.Join(",", inputs.Select(p => p.Type.CanonicalName)) + ")";

    /// <summary>Checks a member's name and inputs; throws for misuse (these are built by code or by the validated JSON reader).</summary>
    internal static AbiParameter[] Checked(string name, IReadOnlyList<AbiParameter>? parameters, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AbiSignatureParser.IsIdentifier(name))
        {
            throw new ArgumentException($"'{name}' is not a Solidity identifier.", nameof(name));
        }

        var array = parameters?.ToArray() ?? [];
        if (Array.Exists(array, p => p is null || p.Type is null || p.Name is null))
        {
            throw new ArgumentException("A parameter, its type or its name is null.", parameterName);
        }

        return array;
    }
}
