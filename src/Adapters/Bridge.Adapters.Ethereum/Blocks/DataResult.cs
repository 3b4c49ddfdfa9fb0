namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>Why block, receipt or proof data from outside (JSON-RPC results, RLP) was rejected. Values are stable.</summary>
public enum DataErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>A required field is missing or null.</summary>
    MissingField = 1,

    /// <summary>A field has the wrong JSON kind or is not "0x"-prefixed hexadecimal.</summary>
    MalformedField = 2,

    /// <summary>A byte field has the wrong length (a hash is 32 bytes, an address 20, a bloom 256).</summary>
    WrongLength = 3,

    /// <summary>A value is not in its one canonical form (a quantity with leading zeros, a status written as 0x00).</summary>
    NonCanonical = 4,

    /// <summary>A number is larger than its type allows.</summary>
    OutOfRange = 5,

    /// <summary>The bytes are not canonical RLP.</summary>
    BadRlp = 6,

    /// <summary>The RLP is well-formed but has the wrong shape (item count, list where a string belongs, …).</summary>
    BadStructure = 7,

    /// <summary>The first byte is not a receipt type this code can read (EIP-2718 types are 0x01-0x7f).</summary>
    UnsupportedType = 8,

    /// <summary>A header field of a later fork is present while one of an earlier fork is missing.</summary>
    ForkFieldOrder = 9,

    /// <summary>The logs bloom is not the bloom of the logs (Yellow Paper §4.3.1).</summary>
    BloomMismatch = 10,

    /// <summary>A claimed value differs from the value the proof proves.</summary>
    ValueMismatch = 11,
}

/// <summary>A rejection: what, which field (a JSON path such as <c>logs[1].topics[0]</c>) and a readable message.</summary>
/// <param name="Code">The stable reason.</param>
/// <param name="Field">The field, as a path into the input; empty for the whole input.</param>
/// <param name="Message">A readable explanation.</param>
public readonly record struct DataError(DataErrorCode Code, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Field.Length == 0 ? $"{Code}: {Message}" : $"{Code} at {Field}: {Message}";
}

/// <summary>A value read from outside, or the <see cref="DataError"/> that rejected it; bad input never throws.</summary>
/// <typeparam name="T">The value.</typeparam>
public readonly struct DataResult<T>
{
    private readonly T _value;

    private DataResult(T value, DataError error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>True when the input was accepted.</summary>
    public bool IsSuccess => Error.Code == DataErrorCode.None;

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">The input was rejected (check <see cref="IsSuccess"/> first).</exception>
    public T Value => IsSuccess ? _value : throw new InvalidOperationException($"The input was rejected: {Error}");

    /// <summary>The rejection; <see cref="DataErrorCode.None"/> on success.</summary>
    public DataError Error { get; }

    /// <summary>An accepted value.</summary>
    public static DataResult<T> Success(T value) => new(value, default);

    /// <summary>A rejection.</summary>
    public static DataResult<T> Failure(DataError error) =>
        error.Code == DataErrorCode.None
            ? throw new ArgumentException("A failure needs an error code.", nameof(error))
            : new(default!, error);

    /// <summary>A rejection.</summary>
    public static DataResult<T> Failure(DataErrorCode code, string field, string message) => Failure(new DataError(code, field, message));

    /// <summary>Reads the value when the input was accepted.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error})";
}
