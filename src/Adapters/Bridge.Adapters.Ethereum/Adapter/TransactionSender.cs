using System.Numerics;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Ethereum.Transactions;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>The outcome of <see cref="TransactionSender.SendAsync"/>: <see cref="Sent"/> or <see cref="Reverted"/>.</summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The node accepted the signed transaction.</summary>
    /// <param name="TransactionHash">Its hash, <c>0x</c> + 64 lower-case hex digits.</param>
    /// <param name="Nonce">The nonce it used.</param>
    public sealed record Sent(string TransactionHash, ulong Nonce) : SendResult;

    /// <summary>The call reverts on the node's current state, so nothing was sent.</summary>
    /// <param name="Code">A stable code: the custom error's name in kebab case (<c>already-anchored</c>), <c>error-string</c>, <c>panic</c> or <c>reverted</c>.</param>
    /// <param name="Reason">The decoded revert, for people.</param>
    /// <param name="Revert">The decoded revert data, when the node returned any.</param>
    public sealed record Reverted(string Code, string Reason, AbiRevert? Revert) : SendResult;
}

/// <summary>
/// Builds, signs and sends EIP-1559 transactions: simulates the call first (eth_estimateGas, so a revert is reported
/// with its decoded reason and no transaction is sent), prices it from the latest base fee
/// (maxFeePerGas = 2 × baseFee + tip, EIP-1559), takes the nonce from the <see cref="NonceManager"/> and sends.
/// Keys are used, never logged.
/// </summary>
public sealed class TransactionSender
{
    /// <summary>EIP-7825 (Osaka) caps a transaction's gas at 2^24.</summary>
    private const ulong MaxTransactionGas = 16_777_216;

    private static readonly BigInteger DefaultTip = new(1_000_000_000);

    private readonly EthRpcClient _rpc;
    private readonly NonceManager _nonces;
    private readonly TimeProvider _time;

    /// <summary>Creates a sender for the chain <paramref name="chainId"/> behind <paramref name="rpc"/>.</summary>
    public TransactionSender(EthRpcClient rpc, NonceManager nonces, ulong chainId, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentOutOfRangeException.ThrowIfZero(chainId);
        _rpc = rpc;
        _nonces = nonces;
        ChainId = chainId;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The EIP-155 chain id every transaction is signed for.</summary>
    public ulong ChainId { get; }

    /// <summary>The JSON-RPC client.</summary>
    public EthRpcClient Rpc => _rpc;

    /// <summary>
    /// Simulates a call of <paramref name="data"/> to <paramref name="to"/> (a deployment when null) from
    /// <paramref name="key"/>'s address; when it would revert returns <see cref="SendResult.Reverted"/> with the reason
    /// decoded against <paramref name="errors"/>; otherwise signs and sends it.
    /// </summary>
    /// <exception cref="EthRpcException">The node could not be reached or refused the transaction for another reason.</exception>
    public Task<SendResult> SendAsync(EthPrivateKey key, EthAddress? to, ReadOnlyMemory<byte> data, AbiContract? errors, CancellationToken cancellationToken) =>
        SendAsync(key, to, data, BigInteger.Zero, errors, cancellationToken);

    /// <summary>Sends <paramref name="wei"/> to <paramref name="to"/> (a plain value transfer).</summary>
    public Task<SendResult> TransferAsync(EthPrivateKey key, EthAddress to, BigInteger wei, CancellationToken cancellationToken) =>
        SendAsync(key, to, ReadOnlyMemory<byte>.Empty, wei, errors: null, cancellationToken);

    private async Task<SendResult> SendAsync(EthPrivateKey key, EthAddress? to, ReadOnlyMemory<byte> data, BigInteger value, AbiContract? errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var from = key.Address.ToLowerHex();
        ulong estimate;
        try
        {
            estimate = await _rpc.EstimateGasAsync(
                new EthCallRequest { From = from, To = to?.ToLowerHex(), Data = data, Value = value.IsZero ? null : value },
                block: null,
                cancellationToken);
        }
        catch (EthRpcException e) when (e.Kind == EthRpcErrorKind.ExecutionReverted)
        {
            return DescribeRevert(e, errors);
        }

        var gasLimit = Math.Min(MaxTransactionGas, estimate + (estimate / 4) + 10_000);
        var (maxFee, tip) = await PriceAsync(cancellationToken);
        return await _nonces.SubmitAsync(
            from,
            async (nonce, token) =>
            {
                var transaction = new DynamicFeeTransaction
                {
                    ChainId = ChainId,
                    Nonce = nonce,
                    MaxPriorityFeePerGas = tip,
                    MaxFeePerGas = maxFee,
                    GasLimit = gasLimit,
                    To = to,
                    Value = value,
                    Data = data,
                };
                var signed = transaction.Sign(key);
                try
                {
                    var hash = await _rpc.SendRawTransactionAsync(signed.RawBytes, token);
                    return (SendResult)new SendResult.Sent(hash, nonce);
                }
                catch (EthRpcException e) when (e.Kind == EthRpcErrorKind.ExecutionReverted)
                {
                    // Hardhat answers a send that reverts while automining with an error, yet mines the transaction (status 0)
                    // and uses the nonce. When the node knows the transaction it was sent: the caller sees the failed receipt.
                    if (await _rpc.GetTransactionByHashAsync(signed.HashHex, token) is not null)
                    {
                        return new SendResult.Sent(signed.HashHex, nonce);
                    }

                    throw;
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Polls for the receipt of <paramref name="transactionHash"/> until it exists or <paramref name="timeout"/> passes
    /// (then <see cref="TimeoutException"/>). Back-off from 20 ms to 500 ms; no fixed sleeps.
    /// </summary>
    public async Task<JsonElement> WaitForReceiptAsync(string transactionHash, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (await _rpc.GetTransactionReceiptAsync(transactionHash, cancellationToken) is { } receipt)
            {
                return receipt;
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new TimeoutException($"No receipt for {transactionHash} within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
        }
    }

    /// <summary>The stable code of a revert: a custom error's name in kebab case, or a generic code.</summary>
    internal static string CodeOf(AbiRevert? revert) => revert?.Kind switch
    {
        AbiRevertKind.Custom => KebabCase(revert.Error!.Name),
        AbiRevertKind.Error => "error-string",
        AbiRevertKind.Panic => "panic",
        _ => "reverted",
    };

    private static SendResult.Reverted DescribeRevert(EthRpcException exception, AbiContract? errors)
    {
        AbiRevert? revert = null;
        if (exception.RevertData is { } data)
        {
            var decoded = errors is null ? AbiRevert.Decode(data.Span) : errors.DecodeRevert(data.Span);
            revert = decoded.TryGetValue(out var value) ? value : null;
        }

        var reason = revert?.ToString() ?? exception.RpcMessage ?? "the call reverted";
        return new SendResult.Reverted(CodeOf(revert), reason, revert);
    }

    private static string KebabCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private async Task<(BigInteger MaxFee, BigInteger Tip)> PriceAsync(CancellationToken cancellationToken)
    {
        var latest = await _rpc.GetBlockByNumberAsync(BlockSelector.Latest, fullTransactions: false, cancellationToken)
            ?? throw new EthRpcException(EthRpcErrorKind.InvalidResponse, "The node has no latest block.");
        var baseFee = latest.TryGetProperty("baseFeePerGas", out var fee) && HexQuantity.TryParseUInt256(fee.GetString(), out var parsed)
            ? parsed
            : BigInteger.Zero;
        BigInteger tip;
        try
        {
            tip = await _rpc.GetMaxPriorityFeePerGasAsync(cancellationToken);
        }
        catch (EthRpcException e) when (e.Kind == EthRpcErrorKind.MethodNotFound)
        {
            tip = DefaultTip;
        }

        return ((baseFee * 2) + tip, tip);
    }
}
