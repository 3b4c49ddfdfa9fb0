using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// What EIP-2930 and EIP-1559 transactions share: a chain id inside the signed payload, an access list, and a
/// signature of [yParity, r, s] appended to the fields; both the signing payload and the network form are the type
/// byte followed by an RLP list (EIP-2718).
/// </summary>
public abstract class TypedTransaction : EthTransaction
{
    private readonly IReadOnlyList<AccessListEntry> _accessList = [];

    private protected TypedTransaction()
    {
    }

    /// <summary>The chain the transaction is valid on.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>Accounts and storage keys the transaction declares in advance (EIP-2930); empty by default.</summary>
    public IReadOnlyList<AccessListEntry> AccessList
    {
        get => _accessList;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _accessList = Array.AsReadOnly(value.ToArray());
        }
    }

    internal override ulong GetV(byte recoveryId) => recoveryId;

    /// <summary>The fields before the signature, in wire order.</summary>
    private protected abstract RlpItem[] Fields();

    private protected override byte[] EncodeSigningPayload() => Typed(Type, RlpItem.List(Fields()));

    private protected override byte[] EncodeSigned(in EthSignature signature) =>
        Typed(Type, RlpItem.List([.. Fields(), RlpItem.FromUInt64(signature.RecoveryId), Scalar(signature.R), Scalar(signature.S)]));

    /// <summary>The access list as RLP: [[address, [key, …]], …].</summary>
    private protected RlpItem AccessListItem()
    {
        var entries = new RlpItem[AccessList.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = AccessList[i].ToRlp();
        }

        return RlpItem.List(entries);
    }
}
