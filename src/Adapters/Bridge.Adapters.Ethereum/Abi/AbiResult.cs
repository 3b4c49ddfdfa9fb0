namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>Why an ABI type, value or encoding was refused. Values are stable.</summary>
public enum AbiErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>A type string is not an ABI type handled here (abi-spec "Types").</summary>
    InvalidType = 1,

    /// <summary>A JSON ABI description is malformed (abi-spec "JSON").</summary>
    InvalidJson = 2,

    /// <summary>The number of values differs from the number of types.</summary>
    ArgumentCountMismatch = 3,

    /// <summary>A value's kind does not fit its type (e.g. a string for a <c>uint256</c>).</summary>
    TypeMismatch = 4,

    /// <summary>An integer lies outside the range of its <c>uint&lt;M&gt;</c>/<c>int&lt;M&gt;</c> type.</summary>
    IntegerOutOfRange = 5,

    /// <summary>A <c>bytes&lt;M&gt;</c> value does not hold exactly M bytes.</summary>
    FixedBytesLength = 6,

    /// <summary>A <c>T[k]</c> value does not hold exactly k elements, or a tuple value has the wrong arity.</summary>
    ArrayLength = 7,

    /// <summary>A string holds unpaired UTF-16 surrogates (encoding) or invalid UTF-8 (decoding).</summary>
    InvalidString = 8,

    /// <summary>The encoding would not fit the sizes handled here.</summary>
    TooLarge = 9,

    /// <summary>The input ends before the value it must hold.</summary>
    Truncated = 10,

    /// <summary>A dynamic offset is not the canonical one (past the end, overlapping or leaving a gap).</summary>
    InvalidOffset = 11,

    /// <summary>A length (of <c>bytes</c>, <c>string</c> or <c>T[]</c>) runs past the end of the input.</summary>
    InvalidLength = 12,

    /// <summary>Padding bytes that must be zero (or the sign extension of an <c>int&lt;M&gt;</c>) are not.</summary>
    DirtyPadding = 13,

    /// <summary>A <c>bool</c> word is neither 0 nor 1.</summary>
    InvalidBool = 14,

    /// <summary>Bytes follow the complete encoding.</summary>
    TrailingBytes = 15,

    /// <summary>Call or revert data does not start with the expected 4-byte selector.</summary>
    SelectorMismatch = 16,

    /// <summary>A log's topics do not match the event (count, size or topic 0).</summary>
    TopicMismatch = 17,
}

/// <summary>A refused type, value or encoding: what, where and a readable message.</summary>
/// <param name="Code">The stable reason.</param>
/// <param name="Path">Where in the value tree, e.g. <c>[1][0].amount</c>; empty at the top.</param>
/// <param name="Offset">The byte offset in the decoded input, or -1 when the failure is not about input bytes.</param>
/// <param name="Message">A readable explanation.</param>
public readonly record struct AbiError(AbiErrorCode Code, string Path, int Offset, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Code}{(Path.Length > 0 ? $" at {Path}" : string.Empty)}{(Offset >= 0 ? $" (byte {Offset})" : string.Empty)}: {Message}";
}

/// <summary>The outcome of an ABI operation on outside input: a value or an <see cref="AbiError"/>; never throws for bad input.</summary>
/// <typeparam name="T">The value produced.</typeparam>
public readonly struct AbiResult<T>
{
    private readonly T _value;

    private AbiResult(T value, AbiError error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>True when the operation succeeded.</summary>
    public bool IsSuccess => Error.Code == AbiErrorCode.None;

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">The operation failed (check <see cref="IsSuccess"/> first).</exception>
    public T Value => IsSuccess ? _value : throw new InvalidOperationException($"The ABI operation failed: {Error}");

    /// <summary>The failure; <see cref="AbiErrorCode.None"/> on success.</summary>
    public AbiError Error { get; }

    /// <summary>A success.</summary>
    public static AbiResult<T> Success(T value) => new(value, default);

    /// <summary>A failure.</summary>
    public static AbiResult<T> Failure(AbiError error) =>
        error.Code == AbiErrorCode.None
            ? throw new ArgumentException("A failure needs an error code.", nameof(error))
            : new(default!, error);

    /// <summary>Reads the value when the operation succeeded.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <summary>The same failure as a result of another type.</summary>
    internal AbiResult<TOther> Cast<TOther>() =>
        IsSuccess ? throw new InvalidOperationException("Only a failure can be cast.") : AbiResult<TOther>.Failure(Error);

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error})";
}

/// <summary>Builds <see cref="AbiError"/> values.</summary>
internal static class AbiErrors
{
    public static AbiError At(AbiErrorCode code, int offset, string message) => new(code, string.Empty, offset, message);

    public static AbiError Value(AbiErrorCode code, string message) => new(code, string.Empty, -1, message);

    /// <summary>The same error one level further down: <paramref name="segment"/> is prepended to the path.</summary>
    public static AbiError Under(this AbiError error, string segment) => error with { Path = segment + error.Path };
}
