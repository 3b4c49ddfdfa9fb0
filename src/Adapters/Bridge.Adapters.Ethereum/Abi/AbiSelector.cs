using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// A 4-byte function or error selector: the first (high-order) four bytes of the Keccak-256 hash of the canonical
/// signature, e.g. <c>baz(uint32,bool)</c> → 0xcdcd77c0 (Solidity docs, abi-spec.rst, "Function Selector").
/// </summary>
/// <param name="Value">The four bytes as a big-endian number.</param>
public readonly record struct AbiSelector(uint Value)
{
    /// <summary>The size of a selector in bytes.</summary>
    public const int Size = 4;

    /// <summary>The selector of <c>Error(string)</c>, which <c>require(…, "reason")</c> and <c>revert("reason")</c> produce (Solidity docs, control-structures.rst, "Panic via assert and Error via require").</summary>
    public static AbiSelector ErrorString { get; } = new(0x08c379a0);

    /// <summary>The selector of <c>Panic(uint256)</c>, produced by failing assertions, overflow, division by zero and similar (same source).</summary>
    public static AbiSelector Panic { get; } = new(0x4e487b71);

    /// <summary>The selector of a canonical signature such as <c>transfer(address,uint256)</c> (no spaces, no parameter names).</summary>
    public static AbiSelector FromSignature(string canonicalSignature)
    {
        ArgumentNullException.ThrowIfNull(canonicalSignature);
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(Encoding.UTF8.GetBytes(canonicalSignature), hash);
        return new(BinaryPrimitives.ReadUInt32BigEndian(hash));
    }

    /// <summary>The four bytes.</summary>
    public static AbiSelector FromBytes(ReadOnlySpan<byte> four) =>
        four.Length == Size
            ? new(BinaryPrimitives.ReadUInt32BigEndian(four))
            : throw new ArgumentException($"A selector is {Size} bytes.", nameof(four));

    /// <summary>Reads the selector at the start of call or revert data; false when fewer than four bytes are given.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out AbiSelector selector)
    {
        selector = data.Length >= Size ? new(BinaryPrimitives.ReadUInt32BigEndian(data)) : default;
        return data.Length >= Size;
    }

    /// <summary>Writes the four bytes to the start of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>The four bytes.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary><c>0x</c> and eight lowercase hex digits.</summary>
    public override string ToString() => "0x" + Value.ToString("x8", CultureInfo.InvariantCulture);
}
