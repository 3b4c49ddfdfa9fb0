using System.Numerics;
using System.Text.Json.Nodes;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The transaction object of eth_call and eth_estimateGas (ethereum/execution-apis src/schemas/transaction.yaml
/// <c>GenericTransaction</c>). Unset fields are omitted so the node applies its defaults. The input is sent as "data",
/// the name every client accepts (geth also takes "input").
/// </summary>
public sealed record EthCallRequest
{
    /// <summary>The sender ("0x" + 40 hex digits), or null.</summary>
    public string? From { get; init; }

    /// <summary>The recipient ("0x" + 40 hex digits); null for a contract creation.</summary>
    public string? To { get; init; }

    /// <summary>The gas limit, or null.</summary>
    public ulong? Gas { get; init; }

    /// <summary>The legacy gas price in wei, or null.</summary>
    public BigInteger? GasPrice { get; init; }

    /// <summary>The EIP-1559 fee cap in wei, or null.</summary>
    public BigInteger? MaxFeePerGas { get; init; }

    /// <summary>The EIP-1559 priority fee in wei, or null.</summary>
    public BigInteger? MaxPriorityFeePerGas { get; init; }

    /// <summary>The value in wei, or null.</summary>
    public BigInteger? Value { get; init; }

    /// <summary>The call data (ABI-encoded call or init code), or null.</summary>
    public ReadOnlyMemory<byte>? Data { get; init; }

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (From is not null)
        {
            json["from"] = RpcArguments.Address(From, nameof(From));
        }

        if (To is not null)
        {
            json["to"] = RpcArguments.Address(To, nameof(To));
        }

        if (Gas is { } gas)
        {
            json["gas"] = HexQuantity.Encode(gas);
        }

        AddQuantity(json, "gasPrice", GasPrice);
        AddQuantity(json, "maxFeePerGas", MaxFeePerGas);
        AddQuantity(json, "maxPriorityFeePerGas", MaxPriorityFeePerGas);
        AddQuantity(json, "value", Value);
        if (Data is { } data)
        {
            json["data"] = HexData.Encode(data.Span);
        }

        return json;
    }

    private static void AddQuantity(JsonObject json, string name, BigInteger? value)
    {
        if (value is { } v)
        {
            json[name] = HexQuantity.Encode(v);
        }
    }
}
