using System.Globalization;
using System.Numerics;

namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>What kind of revert data a call returned.</summary>
public enum AbiRevertKind
{
    /// <summary>No data: <c>revert()</c>, <c>require(cond)</c> without a reason, or a failure outside Solidity's control.</summary>
    Empty = 0,

    /// <summary><c>Error(string)</c>: a reason string (selector 0x08c379a0).</summary>
    Error = 1,

    /// <summary><c>Panic(uint256)</c>: a panic code (selector 0x4e487b71).</summary>
    Panic = 2,

    /// <summary>A custom error of the contract's ABI.</summary>
    Custom = 3,

    /// <summary>A selector that is neither built in nor in the ABI given.</summary>
    Unknown = 4,
}

/// <summary>
/// Decoded revert data (Solidity docs, control-structures.rst, "Panic via assert and Error via require" and
/// "revert"; abi-spec.rst, "Errors"): empty, <c>Error(string)</c>, <c>Panic(uint256)</c>, a custom error, or unknown.
/// </summary>
public sealed class AbiRevert
{
    private readonly AbiValue[] _values;
    private readonly byte[] _data;

    private AbiRevert(AbiRevertKind kind, AbiSelector? selector, AbiCustomError? error, AbiValue[] values, byte[] data)
    {
        Kind = kind;
        Selector = selector;
        Error = error;
        _values = values;
        _data = data;
    }

    /// <summary>The kind of revert.</summary>
    public AbiRevertKind Kind { get; }

    /// <summary>The 4-byte selector; null when the data is empty.</summary>
    public AbiSelector? Selector { get; }

    /// <summary>The error definition (the built-in <c>Error</c>/<c>Panic</c> or the ABI's custom error); null for empty or unknown data.</summary>
    public AbiCustomError? Error { get; }

    /// <summary>The decoded arguments (empty for empty or unknown data).</summary>
    public IReadOnlyList<AbiValue> Values => _values;

    /// <summary>The reason of <c>Error(string)</c>; otherwise null.</summary>
    public string? Message => Kind == AbiRevertKind.Error ? _values[0].AsString() : null;

    /// <summary>The code of <c>Panic(uint256)</c>; otherwise null.</summary>
    public BigInteger? PanicCode => Kind == AbiRevertKind.Panic ? _values[0].AsInteger() : null;

    /// <summary>The raw revert data.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>
    /// Decodes revert data: empty, the built-in <c>Error(string)</c> and <c>Panic(uint256)</c>, the custom errors of
    /// <paramref name="contract"/> when given, else <see cref="AbiRevertKind.Unknown"/>. Data of a known selector that does
    /// not decode strictly, or 1-3 bytes of data, is an error.
    /// </summary>
    public static AbiResult<AbiRevert> Decode(ReadOnlySpan<byte> data, AbiContract? contract = null)
    {
        if (data.IsEmpty)
        {
            return AbiResult<AbiRevert>.Success(new(AbiRevertKind.Empty, null, null, [], []));
        }

        if (!AbiSelector.TryRead(data, out var selector))
        {
            return AbiResult<AbiRevert>.Failure(AbiErrors.At(AbiErrorCode.Truncated, 0, $"{data.Length} bytes of revert data, shorter than a selector"));
        }

        AbiCustomError? definition = null;
        var kind = AbiRevertKind.Custom;
        if (selector == AbiSelector.ErrorString)
        {
            (definition, kind) = (AbiCustomError.ErrorString, AbiRevertKind.Error);
        }
        else if (selector == AbiSelector.Panic)
        {
            (definition, kind) = (AbiCustomError.Panic, AbiRevertKind.Panic);
        }
        else if (contract is not null && contract.TryGetError(selector, out var custom))
        {
            definition = custom;
        }

        if (definition is null)
        {
            return AbiResult<AbiRevert>.Success(new(AbiRevertKind.Unknown, selector, null, [], data.ToArray()));
        }

        var values = definition.Decode(data);
        return values.IsSuccess
            ? AbiResult<AbiRevert>.Success(new(kind, selector, definition, [.. values.Value], data.ToArray()))
            : AbiResult<AbiRevert>.Failure(values.Error);
    }

    /// <summary>
    /// The meaning of a panic code (Solidity docs, control-structures.rst, "Panic via assert and Error via require"),
    /// or null for a code not listed there.
    /// </summary>
    public static string? DescribePanic(BigInteger code) => (int)BigInteger.Min(code, 0x100) switch
    {
        0x00 => "generic compiler-inserted panic",
        0x01 => "assert(false)",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "conversion to an enum out of range",
        0x22 => "incorrectly encoded storage byte array",
        0x31 => "pop() on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "too much memory allocated",
        0x51 => "call of a zero-initialized internal function",
        _ => null,
    };

    /// <summary>A readable form, e.g. <c>Error("not owner")</c>, <c>Panic(0x11: arithmetic overflow or underflow)</c>.</summary>
    public override string ToString() => Kind switch
    {
        AbiRevertKind.Empty => "revert without data",
        AbiRevertKind.Panic => $"Panic(0x{PanicCode!.Value.ToString("x2", CultureInfo.InvariantCulture)}{(DescribePanic(PanicCode.Value) is { } text ? ": " + text : string.Empty)})",
        AbiRevertKind.Unknown => $"unknown error {Selector} ({_data.Length} bytes)",
        _ => $"{Error!.Name}({string.Join(", ", _values.Select(v => v.ToString()))})",
    };
}
