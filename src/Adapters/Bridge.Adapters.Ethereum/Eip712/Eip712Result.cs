namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>Why typed data was refused. Values are stable.</summary>
public enum Eip712ErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The JSON is malformed or lacks a member of the eth_signTypedData_v4 shape.</summary>
    InvalidJson = 1,

    /// <summary>A struct or field name is not an identifier, or a struct is named like an atomic type.</summary>
    InvalidName = 2,

    /// <summary>A field's type is neither an EIP-712 atomic/dynamic type nor a defined struct (nor an array of them).</summary>
    UnknownType = 3,

    /// <summary>A struct declares the same field twice, or a type is defined twice.</summary>
    Duplicate = 4,

    /// <summary>Struct types reference each other in a cycle that no finite value can satisfy.</summary>
    CyclicType = 5,

    /// <summary>A struct value lacks a field of its type.</summary>
    MissingField = 6,

    /// <summary>A struct value has a field its type does not declare.</summary>
    UnknownField = 7,

    /// <summary>A value does not fit its type (kind, range, length, encoding).</summary>
    InvalidValue = 8,

    /// <summary>The value nests deeper than the limit.</summary>
    TooDeep = 9,
}

/// <summary>A refusal: what, where (e.g. <c>message.to[0].wallets[1]</c>) and a readable message.</summary>
/// <param name="Code">The stable reason.</param>
/// <param name="Path">Where in the typed data.</param>
/// <param name="Message">A readable explanation.</param>
public readonly record struct Eip712Error(Eip712ErrorCode Code, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}{(Path.Length > 0 ? $" at {Path}" : string.Empty)}: {Message}";
}

/// <summary>The outcome of an EIP-712 operation on outside input: a value or an <see cref="Eip712Error"/>; never throws for bad input.</summary>
/// <typeparam name="T">The value produced.</typeparam>
public readonly struct Eip712Result<T>
{
    private readonly T _value;

    private Eip712Result(T value, Eip712Error error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>True when the operation succeeded.</summary>
    public bool IsSuccess => Error.Code == Eip712ErrorCode.None;

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">The operation failed (check <see cref="IsSuccess"/> first).</exception>
    public T Value => IsSuccess ? _value : throw new InvalidOperationException($"The EIP-712 operation failed: {Error}");

    /// <summary>The failure; <see cref="Eip712ErrorCode.None"/> on success.</summary>
    public Eip712Error Error { get; }

    /// <summary>A success.</summary>
    public static Eip712Result<T> Success(T value) => new(value, default);

    /// <summary>A failure.</summary>
    public static Eip712Result<T> Failure(Eip712Error error) =>
        error.Code == Eip712ErrorCode.None
            ? throw new ArgumentException("A failure needs an error code.", nameof(error))
            : new(default!, error);

    /// <summary>A failure.</summary>
    public static Eip712Result<T> Failure(Eip712ErrorCode code, string path, string message) => Failure(new Eip712Error(code, path, message));

    /// <summary>Reads the value when the operation succeeded.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error})";
}
