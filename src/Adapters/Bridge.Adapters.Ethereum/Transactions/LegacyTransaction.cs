using System.Numerics;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// A legacy transaction: RLP [nonce, gasPrice, gasLimit, to, value, data, v, r, s] (Yellow Paper §4.3 and
/// Appendix F). With a <see cref="ChainId"/> it is signed as EIP-155 prescribes: the signing hash covers nine fields,
/// the six above then chainId, 0, 0, and v = chainId·2 + 35 + recovery id. Without one, the hash covers six fields and
/// v = 27 + recovery id (replayable on any chain).
/// </summary>
public sealed class LegacyTransaction : EthTransaction
{
    /// <summary>The largest chain id whose EIP-155 v still fits 64 bits.</summary>
    public const ulong MaxChainId = (ulong.MaxValue - 36) / 2;

    private readonly BigInteger _gasPrice;
    private readonly ulong? _chainId;

    /// <inheritdoc />
    public override TransactionType Type => TransactionType.Legacy;

    /// <summary>Wei paid per unit of gas.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 2^256).</exception>
    public BigInteger GasPrice
    {
        get => _gasPrice;
        init => _gasPrice = UInt256.Require(value, nameof(GasPrice));
    }

    /// <summary>The EIP-155 chain id, or null for an unprotected (pre-EIP-155) transaction.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set above <see cref="MaxChainId"/>.</exception>
    public ulong? ChainId
    {
        get => _chainId;
        init => _chainId = value is null or <= MaxChainId
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ChainId), value, $"An EIP-155 chain id must not exceed {MaxChainId}.");
    }

    internal override ulong GetV(byte recoveryId) =>
        ChainId is { } chainId ? (chainId * 2) + 35 + recoveryId : 27UL + recoveryId;

    private protected override byte[] EncodeSigningPayload()
    {
        if (ChainId is not { } chainId)
        {
            return RlpEncoder.Encode(RlpItem.List(Fields()));
        }

        return RlpEncoder.Encode(RlpItem.List([.. Fields(), RlpItem.FromUInt64(chainId), RlpItem.Empty, RlpItem.Empty]));
    }

    private protected override byte[] EncodeSigned(in EthSignature signature) =>
        RlpEncoder.Encode(RlpItem.List([.. Fields(), RlpItem.FromUInt64(GetV(signature.RecoveryId)), Scalar(signature.R), Scalar(signature.S)]));

    private RlpItem[] Fields() =>
    [
        RlpItem.FromUInt64(Nonce),
        RlpItem.FromBigInteger(GasPrice),
        RlpItem.FromUInt64(GasLimit),
        ToItem(To),
        RlpItem.FromBigInteger(Value),
        RlpItem.FromBytes(Data.Span),
    ];
}
