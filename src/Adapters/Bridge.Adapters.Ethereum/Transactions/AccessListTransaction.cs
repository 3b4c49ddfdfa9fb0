using System.Numerics;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// An EIP-2930 transaction: 0x01 || RLP [chainId, nonce, gasPrice, gasLimit, to, value, data, accessList,
/// signatureYParity, signatureR, signatureS]; the signing hash is keccak256(0x01 || RLP of the first eight fields).
/// </summary>
public sealed class AccessListTransaction : TypedTransaction
{
    private readonly BigInteger _gasPrice;

    /// <inheritdoc />
    public override TransactionType Type => TransactionType.AccessList;

    /// <summary>Wei paid per unit of gas.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 2^256).</exception>
    public BigInteger GasPrice
    {
        get => _gasPrice;
        init => _gasPrice = UInt256.Require(value, nameof(GasPrice));
    }

    private protected override RlpItem[] Fields() =>
    [
        RlpItem.FromUInt64(ChainId),
        RlpItem.FromUInt64(Nonce),
        RlpItem.FromBigInteger(GasPrice),
        RlpItem.FromUInt64(GasLimit),
        ToItem(To),
        RlpItem.FromBigInteger(Value),
        RlpItem.FromBytes(Data.Span),
        AccessListItem(),
    ];
}
