using System.Numerics;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>
/// The standard <c>EIP712Domain</c> (EIP-712, "Definition of domainSeparator"): only the fields that are set take part,
/// always in the order name, version, chainId, verifyingContract, salt.
/// </summary>
public sealed class Eip712Domain
{
    /// <summary>The struct name of the domain type.</summary>
    public const string TypeName = "EIP712Domain";

    /// <summary><c>string name</c>: the user-readable name of the signing domain.</summary>
    public string? Name { get; init; }

    /// <summary><c>string version</c>: the current major version of the signing domain.</summary>
    public string? Version { get; init; }

    /// <summary><c>uint256 chainId</c>: the EIP-155 chain id.</summary>
    public BigInteger? ChainId { get; init; }

    /// <summary><c>address verifyingContract</c>: the contract that will verify the signature.</summary>
    public EthAddress? VerifyingContract { get; init; }

    /// <summary><c>bytes32 salt</c>: a disambiguating salt (32 bytes).</summary>
    public ReadOnlyMemory<byte>? Salt { get; init; }

    /// <summary>The <c>EIP712Domain</c> members of the fields that are set, in the standard order.</summary>
    public IReadOnlyList<Eip712Field> Fields
    {
        get
        {
            var fields = new List<Eip712Field>(5);
            if (Name is not null)
            {
                fields.Add(new("name", "string"));
            }

            if (Version is not null)
            {
                fields.Add(new("version", "string"));
            }

            if (ChainId is not null)
            {
                fields.Add(new("chainId", "uint256"));
            }

            if (VerifyingContract is not null)
            {
                fields.Add(new("verifyingContract", "address"));
            }

            if (Salt is not null)
            {
                fields.Add(new("salt", "bytes32"));
            }

            return fields;
        }
    }

    /// <summary>The domain value in the positional form (one value per member of <see cref="Fields"/>).</summary>
    public AbiValue Value
    {
        get
        {
            var values = new List<AbiValue>(5);
            if (Name is not null)
            {
                values.Add(AbiValue.String(Name));
            }

            if (Version is not null)
            {
                values.Add(AbiValue.String(Version));
            }

            if (ChainId is { } chainId)
            {
                values.Add(AbiValue.Integer(chainId));
            }

            if (VerifyingContract is { } contract)
            {
                values.Add(AbiValue.Address(contract));
            }

            if (Salt is { } salt)
            {
                values.Add(AbiValue.Bytes(salt.Span));
            }

            return AbiValue.List(values);
        }
    }

    /// <summary>The standard fields and their types, in order (for JSON without an <c>EIP712Domain</c> type).</summary>
    internal static IReadOnlyList<Eip712Field> StandardFields { get; } =
    [
        new("name", "string"),
        new("version", "string"),
        new("chainId", "uint256"),
        new("verifyingContract", "address"),
        new("salt", "bytes32"),
    ];
}
