using System.Numerics;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// An unsigned Ethereum transaction: build one of <see cref="LegacyTransaction"/>, <see cref="AccessListTransaction"/>
/// or <see cref="DynamicFeeTransaction"/>, then <see cref="Sign"/> it. 256-bit quantities are
/// <see cref="BigInteger"/>s checked to lie in [0, 2^256); nonce and gas limit are 64-bit (EIP-2681 bounds the nonce to
/// 2^64 − 1). Instances are immutable.
/// </summary>
public abstract class EthTransaction
{
    private readonly BigInteger _value;

    private protected EthTransaction()
    {
    }

    /// <summary>The EIP-2718 type.</summary>
    public abstract TransactionType Type { get; }

    /// <summary>The sender's transaction count before this transaction.</summary>
    public ulong Nonce { get; init; }

    /// <summary>The most gas the transaction may use.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>The recipient; null creates a contract (the RLP field is then the empty string).</summary>
    public EthAddress? To { get; init; }

    /// <summary>Wei transferred to the recipient.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 2^256).</exception>
    public BigInteger Value
    {
        get => _value;
        init => _value = UInt256.Require(value, nameof(Value));
    }

    /// <summary>Call data, or the init code of a contract creation.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The bytes whose keccak256 is signed (an RLP list, after the type byte for a typed transaction).</summary>
    public byte[] GetSigningPayload() => EncodeSigningPayload();

    /// <summary>keccak256 of <see cref="GetSigningPayload"/>: the hash the sender signs.</summary>
    public byte[] GetSigningHash() => Keccak256.Hash(EncodeSigningPayload());

    /// <summary>Signs the transaction (RFC 6979, low s) and encodes it for the network.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public SignedTransaction Sign(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(GetSigningHash());
        return new SignedTransaction(this, signature, EncodeSigned(signature), key.Address);
    }

    /// <summary>
    /// Attaches a signature made elsewhere (a hardware wallet, a key service) and recovers the sender from it.
    /// </summary>
    /// <exception cref="ArgumentException">No sender can be recovered from the signature over this transaction.</exception>
    public SignedTransaction WithSignature(in EthSignature signature)
    {
        if (!Secp256k1.TryRecoverAddress(GetSigningHash(), signature, out var sender))
        {
            throw new ArgumentException("No sender can be recovered from this signature over this transaction.", nameof(signature));
        }

        return new SignedTransaction(this, signature, EncodeSigned(signature), sender);
    }

    /// <summary>The value of the signature field v (legacy: 27/28 or EIP-155's chainId·2 + 35/36; typed: y parity).</summary>
    internal abstract ulong GetV(byte recoveryId);

    /// <summary>The bytes hashed for signing.</summary>
    private protected abstract byte[] EncodeSigningPayload();

    /// <summary>The network encoding with a signature.</summary>
    private protected abstract byte[] EncodeSigned(in EthSignature signature);

    /// <summary>The RLP item of an optional recipient.</summary>
    private protected static RlpItem ToItem(EthAddress? to) => to is { } address ? RlpItem.FromBytes(address.AsSpan()) : RlpItem.Empty;

    /// <summary>A 32-byte big-endian r or s as an RLP scalar (no leading zero bytes).</summary>
    private protected static RlpItem Scalar(ReadOnlySpan<byte> word) => RlpItem.FromBytes(word.TrimStart((byte)0));

    /// <summary>The type byte followed by the RLP encoding of a list of fields (EIP-2718).</summary>
    private protected static byte[] Typed(TransactionType type, RlpItem list)
    {
        var output = new byte[1 + list.EncodedLength];
        output[0] = (byte)type;
        RlpEncoder.Encode(list, output.AsSpan(1));
        return output;
    }
}
