using System.Numerics;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The eth_feeHistory result (ethereum/execution-apis src/eth/fee_market.yaml; EIP-1559 fee market): base fees of the
/// blocks from <see cref="OldestBlock"/> plus the next block's, gas-used ratios, and the requested priority-fee
/// percentiles per block.
/// </summary>
/// <param name="OldestBlock">The first block of the range.</param>
/// <param name="BaseFeePerGas">Base fee per block, one more than the range (the next block's).</param>
/// <param name="GasUsedRatio">Gas used / gas limit per block.</param>
/// <param name="Reward">Priority fees at the requested percentiles per block; empty when none were asked for.</param>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<BigInteger> BaseFeePerGas,
    IReadOnlyList<double> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward);
