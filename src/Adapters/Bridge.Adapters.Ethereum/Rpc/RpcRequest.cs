using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>One call in a batch: a method and its positional parameters (the client assigns the id).</summary>
public sealed class RpcRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="method">The JSON-RPC method name.</param>
    /// <param name="parameters">The positional parameters; null sends an empty array.</param>
    public RpcRequest(string method, JsonArray? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        Method = method;
        Parameters = parameters;
    }

    /// <summary>The JSON-RPC method name.</summary>
    public string Method { get; }

    /// <summary>The positional parameters (null: none).</summary>
    public JsonArray? Parameters { get; }
}

/// <summary>The outcome of one call in a batch: its result or its error.</summary>
public sealed class RpcResponse
{
    private readonly JsonElement _result;

    private RpcResponse(string method, JsonElement result, EthRpcException? error)
    {
        Method = method;
        _result = result;
        Error = error;
    }

    /// <summary>The method of the request this answers.</summary>
    public string Method { get; }

    /// <summary>True when the node returned a result.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The result (an owned copy; JSON null when the node returned null).</summary>
    /// <exception cref="EthRpcException">The call failed; the exception is <see cref="Error"/>.</exception>
    public JsonElement Result => Error is null ? _result : throw Error;

    /// <summary>The failure, or null on success.</summary>
    public EthRpcException? Error { get; }

    internal static RpcResponse Success(string method, JsonElement result) => new(method, result, null);

    internal static RpcResponse Failure(string method, EthRpcException error) => new(method, default, error);
}
