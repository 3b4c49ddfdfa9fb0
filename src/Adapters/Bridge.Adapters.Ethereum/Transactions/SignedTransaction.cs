using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// A signed transaction: the transaction, its signature, the network encoding (what eth_sendRawTransaction takes:
/// the legacy RLP list, or the type byte followed by the RLP payload), the transaction hash (keccak256 of that
/// encoding; EIP-2718) and the sender.
/// </summary>
public sealed class SignedTransaction
{
    private readonly byte[] _rawBytes;
    private readonly byte[] _hash;

    internal SignedTransaction(EthTransaction transaction, EthSignature signature, byte[] rawBytes, EthAddress sender)
    {
        Transaction = transaction;
        Signature = signature;
        _rawBytes = rawBytes;
        _hash = Keccak256.Hash(rawBytes);
        Sender = sender;
    }

    /// <summary>The transaction that was signed.</summary>
    public EthTransaction Transaction { get; }

    /// <summary>The signature over <see cref="EthTransaction.GetSigningHash"/>.</summary>
    public EthSignature Signature { get; }

    /// <summary>The network encoding.</summary>
    public ReadOnlyMemory<byte> RawBytes => _rawBytes;

    /// <summary>The transaction hash: keccak256 of <see cref="RawBytes"/>.</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    /// <summary>The transaction hash as "0x" and 64 lower-case hex digits.</summary>
    public string HashHex => Hex.Encode0x(_hash);

    /// <summary>The address that signed (the key's address, or the one recovered from the signature).</summary>
    public EthAddress Sender { get; }

    /// <summary>The v field as encoded: 27/28 or chainId·2 + 35/36 for legacy, the y parity (0/1) for typed.</summary>
    public ulong V => Transaction.GetV(Signature.RecoveryId);

    /// <summary>The network encoding as "0x" and lower-case hex (the parameter of eth_sendRawTransaction).</summary>
    public string ToRawHex() => Hex.Encode0x(_rawBytes);

    /// <summary>A short description: type, hash and sender.</summary>
    public override string ToString() => $"{Transaction.Type} transaction {HashHex} from {Sender}";
}
