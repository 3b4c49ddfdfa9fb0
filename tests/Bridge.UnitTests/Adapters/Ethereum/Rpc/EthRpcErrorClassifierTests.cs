using System.Net;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>
/// Classification of error objects as real nodes send them. Wording sources:
/// go-ethereum core/txpool/errors.go, core/error.go ("nonce too low: address %v, tx: %d state: %d", "insufficient funds
/// for gas * price + value: address %v have %v want %v") and internal/ethapi (code 3 "execution reverted");
/// Hardhat 3's EDR, NomicFoundation/edr crates/edr_provider/src/error.rs and the mem pool's MemPoolAddTransactionError;
/// the Hardhat node's HTTP error shape, hardhat v-next builtin-plugins/node/json-rpc/handler.ts; Besu RpcErrorType.java;
/// Nethermind AcceptTxResult texts as matched by smartcontractkit/chainlink core/chains/evm/client/errors.go;
/// ganache-core's "VM Exception while processing transaction: revert"; codes from JSON-RPC 2.0 and EIP-1474.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EthRpcErrorClassifierTests
{
    public static TheoryData<string, int, string, EthRpcErrorKind> RealErrors => new()
    {
        // go-ethereum
        { "geth", -32000, "nonce too low: address 0x71562b71999873DB5b286dF957af199Ec94617F7, tx: 2 state: 3", EthRpcErrorKind.NonceTooLow },
        { "geth", -32000, "nonce too high: address 0x71562b71999873DB5b286dF957af199Ec94617F7, tx: 9 state: 3", EthRpcErrorKind.NonceTooHigh },
        { "geth", -32000, "already known", EthRpcErrorKind.AlreadyKnown },
        { "geth", -32000, "replacement transaction underpriced", EthRpcErrorKind.ReplacementUnderpriced },
        { "geth", -32000, "insufficient funds for gas * price + value: address 0x71562b71999873DB5b286dF957af199Ec94617F7 have 0 want 21000000000000", EthRpcErrorKind.InsufficientFunds },
        { "geth", 3, "execution reverted: not the owner", EthRpcErrorKind.ExecutionReverted },
        { "geth", 3, "execution reverted", EthRpcErrorKind.ExecutionReverted },
        { "geth", -32601, "the method eth_foo does not exist/is not available", EthRpcErrorKind.MethodNotFound },
        { "geth", -32602, "invalid argument 0: hex string has length 3, want 40 for common.Address", EthRpcErrorKind.InvalidParams },
        { "geth", -32000, "header not found", EthRpcErrorKind.JsonRpc },
        { "geth", -32000, "transaction underpriced", EthRpcErrorKind.JsonRpc },

        // Hardhat 3 / EDR
        { "edr", -32000, "Nonce too low. Expected nonce to be 1 but got 0. Note that transactions can't be queued when automining.", EthRpcErrorKind.NonceTooLow },
        { "edr", -32000, "Nonce too high. Expected nonce to be 0 but got 3. Note that transactions can't be queued when automining.", EthRpcErrorKind.NonceTooHigh },
        { "edr", -32000, "Transaction nonce too low. Expected nonce to be at least 5 but got 3.", EthRpcErrorKind.NonceTooLow },
        { "edr", -32000, "Known transaction: 0x9fc76417374aa880d4449a1f7f31ec597f00b1f6f3dd2d66f4c9c6c445836d8b", EthRpcErrorKind.AlreadyKnown },
        { "edr", -32000, "Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least 2200000000 is necessary to replace the existing transaction with nonce 0.", EthRpcErrorKind.ReplacementUnderpriced },
        { "edr", -32000, "Sender doesn't have enough funds to send tx. The max upfront cost is: 21000000000000 and the sender's balance is: 0.", EthRpcErrorKind.InsufficientFunds },
        { "edr", -32603, "Error: VM Exception while processing transaction: reverted with reason string 'not the owner'", EthRpcErrorKind.ExecutionReverted },
        { "edr", -32603, "VM Exception while processing transaction: reverted with panic code 0x11 (Arithmetic operation underflowed or overflowed outside of an unchecked block)", EthRpcErrorKind.ExecutionReverted },
        { "edr", -32603, "Transaction reverted without a reason", EthRpcErrorKind.ExecutionReverted },
        { "edr", -32004, "eth_foo - Method not supported", EthRpcErrorKind.MethodNotFound },
        { "edr", -32000, "Transaction gasPrice (1) is too low for the next block, which has a baseFeePerGas of 875000000", EthRpcErrorKind.JsonRpc },

        // Besu
        { "besu", -32001, "Nonce too low", EthRpcErrorKind.NonceTooLow },
        { "besu", -32006, "Nonce too high", EthRpcErrorKind.NonceTooHigh },
        { "besu", -32000, "Known transaction", EthRpcErrorKind.AlreadyKnown },
        { "besu", -32000, "Replacement transaction underpriced", EthRpcErrorKind.ReplacementUnderpriced },
        { "besu", -32004, "Upfront cost exceeds account balance", EthRpcErrorKind.InsufficientFunds },
        { "besu", -32000, "Execution reverted", EthRpcErrorKind.ExecutionReverted },
        { "besu", -32601, "Method not found", EthRpcErrorKind.MethodNotFound },
        { "besu", -32604, "Method not enabled", EthRpcErrorKind.MethodNotFound },
        { "besu", -32602, "Invalid params", EthRpcErrorKind.InvalidParams },
        { "besu", -32005, "Number of requests exceeds max batch size", EthRpcErrorKind.LimitExceeded },
        { "besu", -32005, "Requested range exceeds maximum RPC range limit", EthRpcErrorKind.LimitExceeded },
        { "besu", -32005, "Transaction gas limit exceeds block gas limit", EthRpcErrorKind.JsonRpc },

        // Nethermind, OpenEthereum, ganache, EIP-1474
        { "nethermind", -32010, "OldNonce, Current nonce: 5, nonce of rejected tx: 3", EthRpcErrorKind.NonceTooLow },
        { "nethermind", -32010, "AlreadyKnown", EthRpcErrorKind.AlreadyKnown },
        { "nethermind", -32010, "InsufficientFunds, Account balance: 0, cumulative cost: 21000", EthRpcErrorKind.InsufficientFunds },
        { "openethereum", -32010, "Transaction nonce is too low. Try incrementing the nonce.", EthRpcErrorKind.NonceTooLow },
        { "openethereum", -32010, "Transaction with the same hash was already imported.", EthRpcErrorKind.AlreadyKnown },
        { "ganache", -32000, "VM Exception while processing transaction: revert", EthRpcErrorKind.ExecutionReverted },
        { "eip-1474", -32005, "Limit exceeded", EthRpcErrorKind.LimitExceeded },
        { "eip-1474", -32603, "Internal error", EthRpcErrorKind.JsonRpc },
    };

    [Theory]
    [MemberData(nameof(RealErrors))]
    public void Classify_RealNodeMessage_GivesTheKind(string client, int code, string message, EthRpcErrorKind expected) =>
        EthRpcErrorClassifier.Classify(code, message).ShouldBe(expected, $"{client}: {message}");

    [Theory]
    [InlineData(EthRpcErrorKind.Transport, true)]
    [InlineData(EthRpcErrorKind.Timeout, true)]
    [InlineData(EthRpcErrorKind.LimitExceeded, true)]
    [InlineData(EthRpcErrorKind.InvalidResponse, false)]
    [InlineData(EthRpcErrorKind.JsonRpc, false)]
    [InlineData(EthRpcErrorKind.NonceTooLow, false)]
    [InlineData(EthRpcErrorKind.NonceTooHigh, false)]
    [InlineData(EthRpcErrorKind.AlreadyKnown, false)]
    [InlineData(EthRpcErrorKind.ReplacementUnderpriced, false)]
    [InlineData(EthRpcErrorKind.InsufficientFunds, false)]
    [InlineData(EthRpcErrorKind.ExecutionReverted, false)]
    [InlineData(EthRpcErrorKind.MethodNotFound, false)]
    [InlineData(EthRpcErrorKind.InvalidParams, false)]
    public void IsTransient_Kind_OnlyForFaultsThatCanClear(EthRpcErrorKind kind, bool expected) =>
        new EthRpcException(kind, "x").IsTransient.ShouldBe(expected);

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public void IsTransient_HttpStatus_OnlyForRateLimitsAndGateways(HttpStatusCode status, bool expected) =>
        new EthRpcException(EthRpcErrorKind.HttpStatus, "x") { StatusCode = status }.IsTransient.ShouldBe(expected);

    [Fact]
    public void ExtractRevertData_GethShape_ReadsTheHexString()
    {
        // Error(string) "nope": selector 0x08c379a0, offset 0x20, length 4, "nope" padded (Solidity ABI spec, errors).
        var data = JsonDocument.Parse($"\"{ErrorNope}\"").RootElement;

        var bytes = EthRpcErrorClassifier.ExtractRevertData("execution reverted: nope", data);

        Convert.ToHexStringLower(bytes!).ShouldBe(ErrorNope[2..]);
    }

    [Fact]
    public void ExtractRevertData_HardhatNodeShape_ReadsDataData()
    {
        var data = JsonDocument.Parse(
            $$"""{"message":"Error: VM Exception while processing transaction: reverted with reason string 'nope'","data":"{{ErrorNope}}"}""").RootElement;

        var bytes = EthRpcErrorClassifier.ExtractRevertData("Error: VM Exception while processing transaction: reverted with reason string 'nope'", data);

        Convert.ToHexStringLower(bytes!).ShouldBe(ErrorNope[2..]);
    }

    [Fact]
    public void ExtractRevertData_EdrCustomErrorMessage_ReadsTheReturnData()
    {
        const string Message = "VM Exception while processing transaction: reverted with an unrecognized custom error (return data: 0xb427cbbb0000000000000000000000000000000000000000000000000000000000000020)";

        var bytes = EthRpcErrorClassifier.ExtractRevertData(Message, null);

        Convert.ToHexStringLower(bytes!).ShouldBe("b427cbbb0000000000000000000000000000000000000000000000000000000000000020");
    }

    [Theory]
    [InlineData("\"0xabc\"")] // odd digits
    [InlineData("\"revert\"")] // Nethermind's old "VM execution error." data
    [InlineData("{\"message\":\"Internal error\"}")] // Hardhat 3.1.9's revert answer carried nothing
    [InlineData("42")]
    public void ExtractRevertData_NoHexData_GivesNull(string json) =>
        EthRpcErrorClassifier.ExtractRevertData("execution reverted", JsonDocument.Parse(json).RootElement).ShouldBeNull();

    internal const string ErrorNope =
        "0x08c379a0" +
        "0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000004" +
        "6e6f706500000000000000000000000000000000000000000000000000000000";
}
