namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>A member of an EIP-712 struct type: its name and its type as written in <c>encodeType</c> (EIP-712, "Definition of typed structured data").</summary>
/// <param name="Name">The member name (an identifier).</param>
/// <param name="Type">
/// An atomic type (<c>bytes1</c>..<c>bytes32</c>, <c>uint8</c>..<c>uint256</c>, <c>int8</c>..<c>int256</c>, <c>bool</c>,
/// <c>address</c>), a dynamic type (<c>bytes</c>, <c>string</c>), a struct name, or any of these followed by array
/// suffixes <c>[]</c>/<c>[k]</c>. The aliases <c>uint</c>/<c>int</c> do not exist in EIP-712.
/// </param>
public sealed record Eip712Field(string Name, string Type);
