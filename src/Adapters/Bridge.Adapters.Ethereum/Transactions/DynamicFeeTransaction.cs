using System.Numerics;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// An EIP-1559 transaction: 0x02 || RLP [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, destination,
/// amount, data, accessList, signatureYParity, signatureR, signatureS]; the signing hash is keccak256(0x02 || RLP of
/// the first nine fields).
/// </summary>
public sealed class DynamicFeeTransaction : TypedTransaction
{
    private readonly BigInteger _maxPriorityFeePerGas;
    private readonly BigInteger _maxFeePerGas;

    /// <inheritdoc />
    public override TransactionType Type => TransactionType.DynamicFee;

    /// <summary>The most wei per gas paid to the block producer on top of the base fee.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 2^256).</exception>
    public BigInteger MaxPriorityFeePerGas
    {
        get => _maxPriorityFeePerGas;
        init => _maxPriorityFeePerGas = UInt256.Require(value, nameof(MaxPriorityFeePerGas));
    }

    /// <summary>The most wei per gas paid in total (base fee plus priority fee).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 2^256).</exception>
    public BigInteger MaxFeePerGas
    {
        get => _maxFeePerGas;
        init => _maxFeePerGas = UInt256.Require(value, nameof(MaxFeePerGas));
    }

    private protected override RlpItem[] Fields() =>
    [
        RlpItem.FromUInt64(ChainId),
        RlpItem.FromUInt64(Nonce),
        RlpItem.FromBigInteger(MaxPriorityFeePerGas),
        RlpItem.FromBigInteger(MaxFeePerGas),
        RlpItem.FromUInt64(GasLimit),
        ToItem(To),
        RlpItem.FromBigInteger(Value),
        RlpItem.FromBytes(Data.Span),
        AccessListItem(),
    ];
}
