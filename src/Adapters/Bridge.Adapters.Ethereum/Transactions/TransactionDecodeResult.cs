namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>Why bytes are not a valid signed transaction. Values are stable.</summary>
public enum TransactionErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input holds no bytes.</summary>
    EmptyInput = 1,

    /// <summary>The RLP is malformed or not canonical (wrong lengths, trailing bytes; see the message).</summary>
    BadRlp = 2,

    /// <summary>The first byte is a transaction type other than 0x01 and 0x02, or 0x80-0xbf (an RLP string, not an envelope).</summary>
    UnknownType = 3,

    /// <summary>A typed transaction's payload is an RLP string instead of a list.</summary>
    NotAList = 4,

    /// <summary>The list has the wrong number of fields for its type.</summary>
    WrongFieldCount = 5,

    /// <summary>An integer field has a leading zero byte (0 must be the empty string).</summary>
    NonCanonicalInteger = 6,

    /// <summary>An integer field has more bytes than it may (8 for nonce, gas and chain id; 32 for quantities, r and s).</summary>
    IntegerTooLarge = 7,

    /// <summary>A list sits where a byte string belongs.</summary>
    ExpectedString = 8,

    /// <summary>The recipient is neither empty (contract creation) nor 20 bytes.</summary>
    BadAddress = 9,

    /// <summary>The access list is not a list of [20-byte address, [32-byte key, …]].</summary>
    BadAccessList = 10,

    /// <summary>v is not 27/28 or chainId·2 + 35/36 (legacy), or the y parity is not 0 or 1 (typed).</summary>
    BadV = 11,

    /// <summary>r or s is 0 or at least the group order n.</summary>
    InvalidSignature = 12,

    /// <summary>s is above n/2 (refused since Homestead, EIP-2).</summary>
    HighS = 13,

    /// <summary>No public key recovers from the signature (for example r is no curve point's x).</summary>
    UnrecoverableSignature = 14,
}

/// <summary>A decoding failure: a stable code and a readable message naming the field.</summary>
/// <param name="Code">The reason.</param>
/// <param name="Message">A readable explanation.</param>
public readonly record struct TransactionError(TransactionErrorCode Code, string Message);

/// <summary>The outcome of <see cref="TransactionDecoder.Decode"/>: a signed transaction with its sender, or an error.</summary>
public readonly struct TransactionDecodeResult
{
    private readonly SignedTransaction? _value;

    private TransactionDecodeResult(SignedTransaction? value, TransactionError error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>True when the bytes are a valid signed transaction.</summary>
    public bool IsSuccess => _value is not null;

    /// <summary>The decoded transaction.</summary>
    /// <exception cref="InvalidOperationException">The decode failed (check <see cref="IsSuccess"/> first).</exception>
    public SignedTransaction Value => _value ?? throw new InvalidOperationException($"The transaction did not decode: {Error.Message}");

    /// <summary>The failure; code <see cref="TransactionErrorCode.None"/> on success.</summary>
    public TransactionError Error { get; }

    /// <summary>Reads the transaction when the decode succeeded.</summary>
    public bool TryGetValue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignedTransaction? value)
    {
        value = _value;
        return value is not null;
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error.Code}: {Error.Message})";

    internal static TransactionDecodeResult Success(SignedTransaction value) => new(value, default);

    internal static TransactionDecodeResult Failure(TransactionErrorCode code, string message) => new(null, new TransactionError(code, message));
}
