using System.Text.Json;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// Maps a JSON-RPC error object to an <see cref="EthRpcErrorKind"/>. Node wording is not standardised
/// (ethereum/execution-apis leaves error objects open), so the well-known texts of each client are matched first and
/// the codes of JSON-RPC 2.0 (jsonrpc.org/specification, section 5.1) and EIP-1474 after them, because codes are reused
/// differently (Besu sends -32004 for "Upfront cost exceeds account balance", EIP-1474 -32004 is "Method not supported";
/// Besu's -32005 covers "Transaction gas limit exceeds block gas limit" too). Sources of the texts:
/// <list type="bullet">
/// <item>go-ethereum core/txpool/errors.go and core/error.go: "nonce too low", "nonce too high", "already known",
/// "replacement transaction underpriced", "insufficient funds for gas * price + value"; reverts are code 3
/// "execution reverted[: reason]" with the return data as a hex string in data (since geth 1.9.15).</item>
/// <item>Hardhat 3 / EDR (NomicFoundation/edr crates/edr_provider/src/error.rs, crates/edr_mem_pool): "Nonce too low.
/// Expected nonce to be N but got M. Note that transactions can't be queued when automining.", "Nonce too high. ...",
/// "Transaction nonce too low. Expected nonce to be at least N but got M.", "Known transaction: 0x...",
/// "Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least ...", "Sender doesn't have enough funds
/// to send tx. ...", revert texts "reverted with reason string '...'", "reverted with panic code ...", "reverted with
/// an unrecognized custom error (return data: 0x...)", "Transaction reverted without a reason"; the Hardhat node's HTTP
/// handler (hardhat v-next builtin-plugins/node/json-rpc/handler.ts) sends data as { message, txHash?, data: "0x..." }.</item>
/// <item>Besu RpcErrorType.java: -32001 "Nonce too low", -32006 "Nonce too high", -32000 "Known transaction",
/// -32000 "Replacement transaction underpriced", -32004 "Upfront cost exceeds account balance", -32000 "Execution
/// reverted" with the return data in data.</item>
/// <item>Nethermind AcceptTxResult: "OldNonce", "NonceGap", "AlreadyKnown", "InsufficientFunds"; OpenEthereum
/// "Transaction nonce is too low", "Transaction with the same hash was already imported."; ganache "VM Exception while
/// processing transaction: revert".</item>
/// </list>
/// </summary>
internal static class EthRpcErrorClassifier
{
    /// <summary>JSON-RPC 2.0: the method does not exist / is not available.</summary>
    public const int MethodNotFoundCode = -32601;

    /// <summary>JSON-RPC 2.0: invalid method parameter(s).</summary>
    public const int InvalidParamsCode = -32602;

    /// <summary>EIP-1474: method not supported.</summary>
    public const int MethodNotSupportedCode = -32004;

    /// <summary>EIP-1474: limit exceeded (request exceeds defined limit; rate limits of hosted nodes).</summary>
    public const int LimitExceededCode = -32005;

    /// <summary>go-ethereum's code for a reverted call (internal/ethapi revertError).</summary>
    public const int ExecutionRevertedCode = 3;

    /// <summary>Besu: -32604 "Method not enabled".</summary>
    private const int MethodNotEnabledCode = -32604;

    private static readonly string[] RevertTexts =
    [
        "execution reverted",
        "reverted with reason string",
        "reverted with panic code",
        "reverted with an unrecognized custom error",
        "reverted with custom error",
        "transaction reverted without a reason",
        "vm exception while processing transaction: revert",
    ];

    private static readonly string[] NonceTooLowTexts = ["nonce too low", "nonce is too low", "oldnonce"];

    private static readonly string[] NonceTooHighTexts = ["nonce too high", "noncegap"];

    private static readonly string[] AlreadyKnownTexts = ["already known", "known transaction", "alreadyknown", "already imported"];

    private static readonly string[] InsufficientFundsTexts =
    [
        "insufficient funds",
        "insufficientfunds",
        "doesn't have enough funds",
        "upfront cost exceeds account balance",
    ];

    private static readonly string[] RateLimitTexts = ["rate limit", "too many requests"];

    /// <summary>The kind for an error object's code and message.</summary>
    public static EthRpcErrorKind Classify(int code, string? message)
    {
        var text = message ?? string.Empty;
        if (code == ExecutionRevertedCode || ContainsAny(text, RevertTexts))
        {
            return EthRpcErrorKind.ExecutionReverted;
        }

        if (ContainsAny(text, NonceTooLowTexts))
        {
            return EthRpcErrorKind.NonceTooLow;
        }

        if (ContainsAny(text, NonceTooHighTexts))
        {
            return EthRpcErrorKind.NonceTooHigh;
        }

        // Checked before "underpriced": a known transaction is not a replacement.
        if (ContainsAny(text, AlreadyKnownTexts))
        {
            return EthRpcErrorKind.AlreadyKnown;
        }

        if (text.Contains("replacement transaction underpriced", StringComparison.OrdinalIgnoreCase))
        {
            return EthRpcErrorKind.ReplacementUnderpriced;
        }

        if (ContainsAny(text, InsufficientFundsTexts))
        {
            return EthRpcErrorKind.InsufficientFunds;
        }

        if (ContainsAny(text, RateLimitTexts))
        {
            return EthRpcErrorKind.LimitExceeded;
        }

        return code switch
        {
            MethodNotFoundCode or MethodNotSupportedCode or MethodNotEnabledCode => EthRpcErrorKind.MethodNotFound,
            InvalidParamsCode => EthRpcErrorKind.InvalidParams,
            LimitExceededCode when !text.Contains("gas limit", StringComparison.OrdinalIgnoreCase) => EthRpcErrorKind.LimitExceeded,
            _ => EthRpcErrorKind.JsonRpc,
        };
    }

    /// <summary>
    /// The revert return data carried by an error: data as a hex string (geth, Besu), data.data as a hex string
    /// (the Hardhat node), or "(return data: 0x...)" in the message (EDR's unrecognized custom error). Null when
    /// none is present or it is not strict hex data.
    /// </summary>
    public static byte[]? ExtractRevertData(string? message, JsonElement? data)
    {
        if (data is { } element)
        {
            if (element.ValueKind == JsonValueKind.String && HexData.TryDecode(element.GetString(), out var direct))
            {
                return direct;
            }

            if (element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty("data", out var inner)
                && inner.ValueKind == JsonValueKind.String
                && HexData.TryDecode(inner.GetString(), out var nested))
            {
                return nested;
            }
        }

        const string Marker = "(return data: ";
        var start = message?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (start >= 0)
        {
            var rest = message.AsSpan(start + Marker.Length);
            var end = rest.IndexOf(')');
            if (end > 0 && HexData.TryDecode(rest[..end], out var fromMessage))
            {
                return fromMessage;
            }
        }

        return null;
    }

    private static bool ContainsAny(string text, string[] needles)
    {
        foreach (var needle in needles)
        {
            if (text.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
