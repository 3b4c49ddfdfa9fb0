using System.Net;
using System.Text.Json;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>What went wrong with a JSON-RPC call. Values are stable.</summary>
public enum EthRpcErrorKind
{
    /// <summary>The connection failed or was reset (no HTTP response). Transient.</summary>
    Transport = 1,

    /// <summary>No response within the time allowed for an attempt. Transient.</summary>
    Timeout = 2,

    /// <summary>The endpoint answered with an HTTP error status; 429, 502, 503 and 504 are transient.</summary>
    HttpStatus = 3,

    /// <summary>The reply is not a JSON-RPC 2.0 response to the request (not JSON, wrong id, no result).</summary>
    InvalidResponse = 4,

    /// <summary>A JSON-RPC error object that none of the kinds below describes.</summary>
    JsonRpc = 5,

    /// <summary>The transaction's nonce was already used by a mined transaction of the sender.</summary>
    NonceTooLow = 6,

    /// <summary>The transaction's nonce leaves a gap (Hardhat rejects gaps while automining).</summary>
    NonceTooHigh = 7,

    /// <summary>The same transaction is already in the node's pool; a sender treats this as success.</summary>
    AlreadyKnown = 8,

    /// <summary>Another transaction with the same nonce is pending and this one does not pay enough more.</summary>
    ReplacementUnderpriced = 9,

    /// <summary>The sender cannot pay gas * price + value.</summary>
    InsufficientFunds = 10,

    /// <summary>The EVM reverted (or halted) the call; <see cref="EthRpcException.RevertData"/> holds the return data if sent.</summary>
    ExecutionReverted = 11,

    /// <summary>The node does not offer the method.</summary>
    MethodNotFound = 12,

    /// <summary>The node refused the parameters.</summary>
    InvalidParams = 13,

    /// <summary>A rate or size limit was hit (EIP-1474 code -32005). Transient.</summary>
    LimitExceeded = 14,
}

/// <summary>
/// A failed JSON-RPC call. <see cref="Kind"/> says what failed and <see cref="IsTransient"/> whether the same call may
/// succeed if retried (transport faults, timeouts, 429/502/503/504, limit exceeded). The message names the method, the
/// request id and the node's error text, never the request's parameters.
/// </summary>
public sealed class EthRpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What failed.</param>
    /// <param name="message">A readable explanation without request parameters.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public EthRpcException(EthRpcErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What failed.</summary>
    public EthRpcErrorKind Kind { get; }

    /// <summary>Whether retrying the same call can help.</summary>
    public bool IsTransient => Kind switch
    {
        EthRpcErrorKind.Transport or EthRpcErrorKind.Timeout or EthRpcErrorKind.LimitExceeded => true,
        EthRpcErrorKind.HttpStatus => StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    /// <summary>The JSON-RPC method called.</summary>
    public string? Method { get; init; }

    /// <summary>The JSON-RPC request id.</summary>
    public long? RequestId { get; init; }

    /// <summary>The HTTP status for <see cref="EthRpcErrorKind.HttpStatus"/>.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The delay the server asked for (HTTP Retry-After), if it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The JSON-RPC error code, when the node sent an error object.</summary>
    public int? RpcCode { get; init; }

    /// <summary>The JSON-RPC error message, when the node sent an error object.</summary>
    public string? RpcMessage { get; init; }

    /// <summary>The JSON-RPC error data (an owned copy), when the node sent one.</summary>
    public JsonElement? RpcData { get; init; }

    /// <summary>The revert return data (for example an Error(string) or custom-error encoding), when the node sent it.</summary>
    public ReadOnlyMemory<byte>? RevertData { get; init; }

    /// <summary>True when the node answered with a JSON-RPC error object.</summary>
    public bool IsJsonRpcError => RpcCode.HasValue;
}
