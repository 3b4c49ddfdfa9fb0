namespace Bridge.Adapters.Ethereum.Rlp;

/// <summary>Why an input is not canonical RLP (or not the value asked for). Values are stable.</summary>
public enum RlpErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input holds no bytes.</summary>
    EmptyInput = 1,

    /// <summary>Bytes follow the complete top-level item.</summary>
    TrailingBytes = 2,

    /// <summary>A single byte below 0x80 was written as 0x81 followed by the byte.</summary>
    NonCanonicalSingleByte = 3,

    /// <summary>The long form (0xb8-0xbf, 0xf8-0xff) was used for a payload shorter than 56 bytes.</summary>
    NonCanonicalLongLength = 4,

    /// <summary>A long-form length starts with a zero byte.</summary>
    LeadingZeroInLength = 5,

    /// <summary>A length runs past the end of the input or of the enclosing list.</summary>
    LengthOverrun = 6,

    /// <summary>A length does not fit the sizes handled here (more than <see cref="int.MaxValue"/> bytes).</summary>
    LengthOverflow = 7,

    /// <summary>An unsigned integer has a leading zero byte (0 must be the empty string).</summary>
    LeadingZeroInInteger = 8,

    /// <summary>An unsigned integer has more bytes than the type read.</summary>
    IntegerTooLarge = 9,

    /// <summary>Lists nest deeper than the depth limit.</summary>
    DepthExceeded = 10,

    /// <summary>A byte string was expected, a list was found.</summary>
    ExpectedString = 11,
}

/// <summary>A decoding failure: what, where (byte offset in the input) and a readable message.</summary>
/// <param name="Code">The stable reason.</param>
/// <param name="Offset">The byte offset of the offending prefix or byte; for checks on a detached item, 0.</param>
/// <param name="Message">A readable explanation.</param>
public readonly record struct RlpError(RlpErrorCode Code, int Offset, string Message);

/// <summary>The outcome of a decode: a value or an <see cref="RlpError"/>; bad input never throws.</summary>
/// <typeparam name="T">The decoded value.</typeparam>
public readonly struct RlpResult<T>
{
    private readonly T _value;

    private RlpResult(T value, RlpError error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>True when the input decoded.</summary>
    public bool IsSuccess => Error.Code == RlpErrorCode.None;

    /// <summary>The decoded value.</summary>
    /// <exception cref="InvalidOperationException">The decode failed (check <see cref="IsSuccess"/> first).</exception>
    public T Value => IsSuccess ? _value : throw new InvalidOperationException($"The RLP decode failed: {Error.Message}");

    /// <summary>The failure; <see cref="RlpErrorCode.None"/> on success.</summary>
    public RlpError Error { get; }

    /// <summary>A success.</summary>
    public static RlpResult<T> Success(T value) => new(value, default);

    /// <summary>A failure.</summary>
    public static RlpResult<T> Failure(RlpError error) =>
        error.Code == RlpErrorCode.None
            ? throw new ArgumentException("A failure needs an error code.", nameof(error))
            : new(default!, error);

    /// <summary>A failure.</summary>
    public static RlpResult<T> Failure(RlpErrorCode code, int offset, string message) => Failure(new RlpError(code, offset, message));

    /// <summary>Reads the value when the decode succeeded.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error.Code} at {Error.Offset}: {Error.Message})";
}
