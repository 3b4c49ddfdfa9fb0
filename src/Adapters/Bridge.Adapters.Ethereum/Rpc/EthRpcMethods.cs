namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// Method names used by <see cref="EthRpcClient"/> (ethereum/execution-apis; dev-chain methods from Hardhat's
/// documentation, "Hardhat Network reference") and which of them may be retried.
/// </summary>
public static class EthRpcMethods
{
#pragma warning disable CS1591 // The names are their own documentation.
    public const string ChainId = "eth_chainId";
    public const string BlockNumber = "eth_blockNumber";
    public const string GetBlockByNumber = "eth_getBlockByNumber";
    public const string GetBlockByHash = "eth_getBlockByHash";
    public const string GetTransactionByHash = "eth_getTransactionByHash";
    public const string GetTransactionReceipt = "eth_getTransactionReceipt";
    public const string GetTransactionCount = "eth_getTransactionCount";
    public const string GetBalance = "eth_getBalance";
    public const string GetCode = "eth_getCode";
    public const string GetStorageAt = "eth_getStorageAt";
    public const string GetProof = "eth_getProof";
    public const string GetLogs = "eth_getLogs";
    public const string Call = "eth_call";
    public const string EstimateGas = "eth_estimateGas";
    public const string GasPrice = "eth_gasPrice";
    public const string MaxPriorityFeePerGas = "eth_maxPriorityFeePerGas";
    public const string FeeHistory = "eth_feeHistory";
    public const string SendRawTransaction = "eth_sendRawTransaction";
    public const string Syncing = "eth_syncing";
    public const string NetVersion = "net_version";
    public const string ClientVersion = "web3_clientVersion";
    public const string EvmSnapshot = "evm_snapshot";
    public const string EvmRevert = "evm_revert";
    public const string EvmMine = "evm_mine";
    public const string EvmSetAutomine = "evm_setAutomine";
    public const string HardhatSetBalance = "hardhat_setBalance";
    public const string HardhatSetLoggingEnabled = "hardhat_setLoggingEnabled";
#pragma warning restore CS1591

    // Reads, and writes whose repetition leaves the same state. eth_sendRawTransaction is here because the same signed
    // bytes always have the same hash: a repeat is either accepted once or answered "already known"/"nonce too low",
    // which EthRpcClient.SendRawTransactionAsync resolves by looking the hash up. evm_snapshot (a new id each time),
    // evm_revert (ids are single-use), evm_mine (one more block each time) and any method not listed are not retried.
    private static readonly HashSet<string> Idempotent = new(StringComparer.Ordinal)
    {
        ChainId, BlockNumber, GetBlockByNumber, GetBlockByHash, GetTransactionByHash, GetTransactionReceipt,
        GetTransactionCount, GetBalance, GetCode, GetStorageAt, GetProof, GetLogs, Call, EstimateGas, GasPrice,
        MaxPriorityFeePerGas, FeeHistory, SendRawTransaction, Syncing, NetVersion, ClientVersion,
        EvmSetAutomine, HardhatSetBalance, HardhatSetLoggingEnabled,
    };

    /// <summary>True when sending <paramref name="method"/> twice has the effect of sending it once.</summary>
    public static bool IsIdempotent(string method) => Idempotent.Contains(method);
}
