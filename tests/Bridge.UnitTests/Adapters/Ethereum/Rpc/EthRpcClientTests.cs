using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>Request and response shapes of single calls (JSON-RPC 2.0, jsonrpc.org/specification sections 4-5).</summary>
[Trait("Category", "Unit")]
public sealed class EthRpcClientTests
{
    private const string Address = "0x71562b71999873DB5b286dF957af199Ec94617F7";
    private const string Hash = "0x9fc76417374aa880d4449a1f7f31ec597f00b1f6f3dd2d66f4c9c6c445836d8b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_AnyCall_PostsOneJsonRpc20ObjectWithAnIdAndParams()
    {
        var node = new FakeEthNode().On("eth_getBalance", p => p.ToJsonString());
        var client = node.CreateRpcClient();

        var result = await client.SendAsync("eth_getBalance", [Address, "latest"], Ct);

        var request = JsonDocument.Parse(node.Bodies.Single()).RootElement;
        request.GetProperty("jsonrpc").GetString().ShouldBe("2.0");
        request.GetProperty("method").GetString().ShouldBe("eth_getBalance");
        request.GetProperty("id").ValueKind.ShouldBe(JsonValueKind.Number);
        request.GetProperty("params").GetRawText().ShouldBe($"[\"{Address}\",\"latest\"]");
        result.GetString().ShouldBe($"[\"{Address}\",\"latest\"]");
    }

    [Fact]
    public async Task SendAsync_NoParams_SendsAnEmptyArray()
    {
        var node = new FakeEthNode().On("eth_chainId", _ => "0x7a69");

        await node.CreateRpcClient().SendAsync("eth_chainId", null, Ct);

        JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_ManyConcurrentCalls_UseUniqueIds()
    {
        var node = new FakeEthNode().On("eth_blockNumber", _ => "0x1");
        var client = node.CreateRpcClient();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => client.SendAsync("eth_blockNumber", null, Ct))));

        node.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(200);
    }

    [Fact]
    public async Task SendAsync_Result_IsAnOwnedCopy()
    {
        var node = new FakeEthNode().On("eth_getBlockByNumber", _ => new JsonObject { ["number"] = "0x5", ["hash"] = Hash });

        var block = await node.CreateRpcClient().SendAsync("eth_getBlockByNumber", ["0x5", false], Ct);
        GC.Collect();

        block.GetProperty("hash").GetString().ShouldBe(Hash);
    }

    [Fact]
    public async Task TypedReads_NodeAnswers_AreDecoded()
    {
        var node = new FakeEthNode()
            .On("eth_chainId", _ => "0x7a69")
            .On("eth_blockNumber", _ => "0x10")
            .On("eth_gasPrice", _ => "0x3b9aca00")
            .On("eth_maxPriorityFeePerGas", _ => "0x59682f00")
            .On("eth_getCode", _ => "0x6080")
            .On("net_version", _ => "31337")
            .On("eth_getBalance", _ => "0xde0b6b3a7640000");
        var client = node.CreateRpcClient();

        (await client.GetChainIdAsync(Ct)).ShouldBe(31337UL);
        (await client.GetBlockNumberAsync(Ct)).ShouldBe(16UL);
        (await client.GetGasPriceAsync(Ct)).ShouldBe(new BigInteger(1_000_000_000));
        (await client.GetMaxPriorityFeePerGasAsync(Ct)).ShouldBe(new BigInteger(1_500_000_000));
        (await client.GetCodeAsync(Address, BlockSelector.Latest, Ct)).ShouldBe(new byte[] { 0x60, 0x80 });
        (await client.GetNetVersionAsync(Ct)).ShouldBe("31337");
        (await client.GetBalanceAsync(Address, BlockSelector.Latest, Ct)).ShouldBe(BigInteger.Pow(10, 18));
    }

    [Theory]
    [InlineData("\"0x\"")]
    [InlineData("\"0x007a69\"")]
    [InlineData("\"7a69\"")]
    [InlineData("31337")]
    [InlineData("null")]
    public async Task GetChainIdAsync_MalformedQuantity_IsAnInvalidResponse(string result)
    {
        var node = new FakeEthNode().On("eth_chainId", _ => JsonNode.Parse(result));

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().GetChainIdAsync(Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.InvalidResponse);
    }

    [Fact]
    public async Task GetTransactionCountAsync_Pending_SendsAddressLowercaseAndTheTag()
    {
        var node = new FakeEthNode().On("eth_getTransactionCount", _ => "0x2a");

        var count = await node.CreateRpcClient().GetTransactionCountAsync(Address, BlockSelector.Pending, Ct);

        count.ShouldBe(42UL);
        JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params").GetRawText()
            .ShouldBe($"[\"{Address.ToLowerInvariant()}\",\"pending\"]");
    }

    [Fact]
    public async Task GetBlockByNumberAsync_NumberSelector_SendsAQuantityAndTheFlag()
    {
        var node = new FakeEthNode().On("eth_getBlockByNumber", _ => new JsonObject { ["number"] = "0x1b4" });

        var block = await node.CreateRpcClient().GetBlockByNumberAsync(BlockSelector.Number(436), true, Ct);

        block!.Value.GetProperty("number").GetString().ShouldBe("0x1b4");
        JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params").GetRawText().ShouldBe("[\"0x1b4\",true]");
    }

    [Fact]
    public async Task GetBlockByHashAsync_UnknownBlock_IsNull()
    {
        var node = new FakeEthNode().On("eth_getBlockByHash", _ => null);

        (await node.CreateRpcClient().GetBlockByHashAsync(Hash, false, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task GetTransactionReceiptAsync_UnknownTransaction_IsNull()
    {
        var node = new FakeEthNode().On("eth_getTransactionReceipt", _ => null);

        (await node.CreateRpcClient().GetTransactionReceiptAsync(Hash, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task GetTransactionReceiptAsync_KnownTransaction_GivesTheReceipt()
    {
        var node = new FakeEthNode().On("eth_getTransactionReceipt", _ => new JsonObject { ["status"] = "0x1", ["transactionHash"] = Hash });

        var receipt = await node.CreateRpcClient().GetTransactionReceiptAsync(Hash, Ct);

        receipt!.Value.GetProperty("status").GetString().ShouldBe("0x1");
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("71562b71999873DB5b286dF957af199Ec94617F7")]
    [InlineData("0x71562b71999873DB5b286dF957af199Ec94617Fz")]
    public async Task GetTransactionCountAsync_MalformedAddress_ThrowsBeforeSending(string address)
    {
        var node = new FakeEthNode();

        await Should.ThrowAsync<ArgumentException>(() => node.CreateRpcClient().GetTransactionCountAsync(address, BlockSelector.Latest, Ct));

        node.Exchanges.ShouldBe(0);
    }

    [Fact]
    public async Task CallAsync_Request_SendsOnlySetFieldsAsQuantitiesAndData()
    {
        var node = new FakeEthNode().On("eth_call", _ => "0x0000000000000000000000000000000000000000000000000000000000000001");
        var call = new EthCallRequest { From = Address, To = Address, Data = new byte[] { 0x70, 0xa0, 0x82, 0x31 }, Value = 1024, Gas = 21000 };

        var output = await node.CreateRpcClient().CallAsync(call, BlockSelector.Number(7), Ct);

        output.Length.ShouldBe(32);
        output[31].ShouldBe((byte)1);
        var sent = JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params");
        var lower = Address.ToLowerInvariant();
        sent.GetRawText().ShouldBe($"[{{\"from\":\"{lower}\",\"to\":\"{lower}\",\"gas\":\"0x5208\",\"value\":\"0x400\",\"data\":\"0x70a08231\"}},\"0x7\"]");
    }

    [Fact]
    public async Task CallAsync_Revert_ThrowsExecutionRevertedWithTheRevertData()
    {
        var node = new FakeEthNode().On("eth_call", _ => throw new RpcFault(3, "execution reverted: nope", EthRpcErrorClassifierTests.ErrorNope));

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().CallAsync(new EthCallRequest { To = Address }, BlockSelector.Latest, Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.ExecutionReverted);
        error.RpcCode.ShouldBe(3);
        error.RpcMessage.ShouldBe("execution reverted: nope");
        Convert.ToHexStringLower(error.RevertData!.Value.Span).ShouldBe(EthRpcErrorClassifierTests.ErrorNope[2..]);
        error.Message.ShouldContain("eth_call");
        error.Message.ShouldNotContain(Address.ToLowerInvariant());
    }

    [Fact]
    public async Task EstimateGasAsync_NoBlock_SendsOnlyTheTransaction()
    {
        var node = new FakeEthNode().On("eth_estimateGas", p => p.Count == 1 ? "0x5208" : throw new RpcFault(-32602, "too many arguments"));

        (await node.CreateRpcClient().EstimateGasAsync(new EthCallRequest { To = Address }, null, Ct)).ShouldBe(21000UL);
    }

    [Fact]
    public async Task GetLogsAsync_Filter_SendsRangeAddressesAndTopicsByPosition()
    {
        var node = new FakeEthNode().On("eth_getLogs", _ => new JsonArray());
        var topic = "0x" + new string('a', 64);
        var filter = new LogFilter
        {
            FromBlock = BlockSelector.Number(1),
            ToBlock = BlockSelector.Latest,
            Addresses = [Address, "0x" + new string('1', 40)],
            Topics = [[topic], null, [topic, topic]],
        };

        var logs = await node.CreateRpcClient().GetLogsAsync(filter, Ct);

        logs.GetArrayLength().ShouldBe(0);
        var sent = JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params")[0];
        sent.GetProperty("fromBlock").GetString().ShouldBe("0x1");
        sent.GetProperty("toBlock").GetString().ShouldBe("latest");
        sent.GetProperty("address").GetArrayLength().ShouldBe(2);
        sent.GetProperty("topics").GetRawText().ShouldBe($"[[\"{topic}\"],null,[\"{topic}\",\"{topic}\"]]");
    }

    [Fact]
    public async Task GetLogsAsync_BlockHashAndRange_IsRejected()
    {
        var node = new FakeEthNode();
        var filter = new LogFilter { BlockHash = Hash, FromBlock = BlockSelector.Latest };

        await Should.ThrowAsync<ArgumentException>(() => node.CreateRpcClient().GetLogsAsync(filter, Ct));

        node.Exchanges.ShouldBe(0);
    }

    [Fact]
    public async Task GetProofAsync_Keys_AreSentAsFull32ByteWords()
    {
        var node = new FakeEthNode().On("eth_getProof", _ => new JsonObject { ["accountProof"] = new JsonArray() });
        var slot0 = new byte[32];
        var slot1 = new byte[32];
        slot1[31] = 1;

        await node.CreateRpcClient().GetProofAsync(Address, [slot0, slot1], BlockSelector.Number(3), Ct);

        var sent = JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params");
        sent[1][0].GetString().ShouldBe("0x" + new string('0', 64));
        sent[1][1].GetString().ShouldBe("0x" + new string('0', 63) + "1");
        sent[2].GetString().ShouldBe("0x3");
        await Should.ThrowAsync<ArgumentException>(() => node.CreateRpcClient().GetProofAsync(Address, [new byte[1]], BlockSelector.Latest, Ct));
    }

    [Fact]
    public async Task GetFeeHistoryAsync_Answer_IsParsed()
    {
        // The example of ethereum/execution-apis tests/eth_feeHistory shape: oldestBlock, baseFeePerGas (n+1), gasUsedRatio, reward.
        var node = new FakeEthNode().On("eth_feeHistory", _ => JsonNode.Parse(
            """{"oldestBlock":"0x1","baseFeePerGas":["0x3b9aca00","0x342770c0","0x2da282a8"],"gasUsedRatio":[0.5,0.0],"reward":[["0x1","0x2"],["0x0","0x0"]]}"""));

        var history = await node.CreateRpcClient().GetFeeHistoryAsync(2, BlockSelector.Latest, [10, 90], Ct);

        history.OldestBlock.ShouldBe(1UL);
        history.BaseFeePerGas.ShouldBe([new BigInteger(1_000_000_000), new BigInteger(875_000_000), new BigInteger(765_625_000)]);
        history.GasUsedRatio.ShouldBe([0.5, 0.0]);
        history.Reward.Count.ShouldBe(2);
        history.Reward[0].ShouldBe([BigInteger.One, new BigInteger(2)]);
        JsonDocument.Parse(node.Bodies.Single()).RootElement.GetProperty("params").GetRawText().ShouldBe("[\"0x2\",\"latest\",[10,90]]");
    }

    [Fact]
    public async Task SendRawTransactionAsync_Accepted_ReturnsKeccakOfTheBytes()
    {
        var raw = new byte[] { 0x02, 0xc0 };
        var expected = Hex.Encode0x(Keccak256.Hash(raw));
        var node = new FakeEthNode().On("eth_sendRawTransaction", p => p[0]!.GetValue<string>() == "0x02c0" ? expected : throw new RpcFault(-32602, "bad"));

        (await node.CreateRpcClient().SendRawTransactionAsync(raw, Ct)).ShouldBe(expected);
    }

    [Fact]
    public async Task SendRawTransactionAsync_NodeReportsAnotherHash_IsAnInvalidResponse()
    {
        var node = new FakeEthNode().On("eth_sendRawTransaction", _ => Hash);

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().SendRawTransactionAsync(new byte[] { 0xc0 }, Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.InvalidResponse);
    }

    [Fact]
    public async Task SendRawTransactionAsync_AlreadyKnownAndFoundByHash_IsSuccess()
    {
        var chain = new FakeChain { Automine = false };
        var node = chain.Attach(new FakeEthNode());
        var client = node.CreateRpcClient();
        var raw = FakeChain.Transaction(Address.ToLowerInvariant(), 0);
        await client.SendRawTransactionAsync(raw, Ct);

        // The same bytes again: the node answers "Known transaction: 0x..." and the client checks the hash.
        var again = await client.SendRawTransactionAsync(raw, Ct);

        again.ShouldBe(FakeChain.HashOf(raw));
        chain.Accepted.Count.ShouldBe(1);
        chain.Rejected.Single().Message.ShouldStartWith("Known transaction");
        node.Calls["eth_getTransactionByHash"].ShouldBe(1);
    }

    [Fact]
    public async Task SendRawTransactionAsync_NonceTooLowForAnotherTransaction_Throws()
    {
        var chain = new FakeChain();
        var node = chain.Attach(new FakeEthNode());
        var client = node.CreateRpcClient();
        var from = Address.ToLowerInvariant();
        await client.SendRawTransactionAsync(FakeChain.Transaction(from, 0, "first"), Ct);

        var error = await Should.ThrowAsync<EthRpcException>(() => client.SendRawTransactionAsync(FakeChain.Transaction(from, 0, "second"), Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.NonceTooLow);
        node.Calls["eth_getTransactionByHash"].ShouldBe(1);
    }

    [Fact]
    public async Task DevChainHelpers_Requests_HaveTheDocumentedShapes()
    {
        var node = new FakeEthNode()
            .On("evm_snapshot", _ => "0x1")
            .On("evm_revert", p => p[0]!.GetValue<string>() == "0x1")
            .On("evm_mine", _ => "0x0")
            .On("evm_setAutomine", _ => true)
            .On("hardhat_setBalance", _ => true)
            .On("hardhat_setLoggingEnabled", _ => true);
        var client = node.CreateRpcClient();

        var id = await client.SnapshotAsync(Ct);
        (await client.RevertAsync(id, Ct)).ShouldBeTrue();
        await client.MineAsync(Ct);
        await client.SetAutomineAsync(false, Ct);
        await client.SetBalanceAsync(Address, BigInteger.Pow(10, 18), Ct);
        await client.SetLoggingEnabledAsync(false, Ct);

        var sent = node.Bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        sent.Select(r => r.GetProperty("method").GetString()).ShouldBe(
            ["evm_snapshot", "evm_revert", "evm_mine", "evm_setAutomine", "hardhat_setBalance", "hardhat_setLoggingEnabled"]);
        sent[1].GetProperty("params").GetRawText().ShouldBe("[\"0x1\"]");
        sent[3].GetProperty("params").GetRawText().ShouldBe("[false]");
        sent[4].GetProperty("params").GetRawText().ShouldBe($"[\"{Address.ToLowerInvariant()}\",\"0xde0b6b3a7640000\"]");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("[]")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":\"0x1\"}")] // another id
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":\"0x1\"}")]
    [InlineData("{\"id\":1,\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")] // neither result nor error
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\",\"error\":{\"code\":1,\"message\":\"x\"}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"no code\"}}")]
    public async Task SendAsync_MalformedReply_IsAnInvalidResponse(string body)
    {
        var node = new FakeEthNode().Then((_, _, _) => Task.FromResult<HttpResponseMessage?>(FakeEthNode.Json(body)));

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().SendAsync("eth_blockNumber", null, Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.InvalidResponse);
        error.IsTransient.ShouldBeFalse();
        node.Exchanges.ShouldBe(1);
    }

    [Fact]
    public async Task SendAsync_ErrorWithNullId_IsTheNodesError()
    {
        // JSON-RPC 2.0 section 5: id is null when the server could not read it (e.g. a parse error).
        var node = new FakeEthNode().Then((_, _, _) => Task.FromResult<HttpResponseMessage?>(FakeEthNode.Json(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}")));

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().SendAsync("eth_blockNumber", null, Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.JsonRpc);
        error.RpcCode.ShouldBe(-32700);
    }

    [Fact]
    public async Task SendAsync_JsonRpcErrorInAnHttp400_IsTheNodesError()
    {
        var node = new FakeEthNode().Then((request, body, _) =>
        {
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
            return Task.FromResult<HttpResponseMessage?>(FakeEthNode.Json(
                $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32602,\"message\":\"Invalid params\"}}}}", HttpStatusCode.BadRequest));
        });

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().SendAsync("eth_blockNumber", null, Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.InvalidParams);
    }

    [Fact]
    public async Task SendAsync_Http500WithoutJsonRpc_IsAnHttpStatusError()
    {
        var node = new FakeEthNode().ThenStatus(HttpStatusCode.InternalServerError, body: "oops");

        var error = await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().SendAsync("eth_blockNumber", null, Ct));

        error.Kind.ShouldBe(EthRpcErrorKind.HttpStatus);
        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        error.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_Telemetry_CarriesMethodIdAndErrorKindButNoParameters()
    {
        const string Method = "test_telemetryProbe";
        const string Secretish = "0xfeedfacefeedfacefeedfacefeedface";
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Bridge.Adapters.Ethereum.Rpc",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var node = new FakeEthNode().On(Method, _ => throw new RpcFault(-32602, "Invalid params"));

        await Should.ThrowAsync<EthRpcException>(() => node.CreateRpcClient().SendAsync(Method, [Secretish], Ct));

        var activity = stopped.Single(a => a.OperationName == Method);
        activity.GetTagItem("rpc.method").ShouldBe(Method);
        activity.GetTagItem("rpc.jsonrpc.request_id").ShouldNotBeNull();
        activity.GetTagItem("error.type").ShouldBe("InvalidParams");
        activity.GetTagItem("rpc.jsonrpc.error_code").ShouldBe(-32602);
        activity.Status.ShouldBe(ActivityStatusCode.Error);
        activity.TagObjects.ShouldAllBe(tag => !(tag.Value ?? "").ToString()!.Contains("feedface", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_NoEndpoint_Throws()
    {
        using var http = new HttpClient(new FakeEthNode());

        Should.Throw<ArgumentException>(() => new EthRpcClient(http));
        Should.Throw<ArgumentOutOfRangeException>(() => new EthRpcClient(http, new EthRpcClientOptions { Endpoint = FakeEthNode.Endpoint, MaxBatchSize = 0 }));
        Should.Throw<ArgumentOutOfRangeException>(() => new EthRpcClient(http, new EthRpcClientOptions { Endpoint = FakeEthNode.Endpoint, AttemptTimeout = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData(0UL, "0x0")]
    [InlineData(436UL, "0x1b4")]
    public void BlockSelector_Number_IsAQuantity(ulong number, string expected)
    {
        var selector = BlockSelector.Number(number);

        selector.ToRpcParameter().ShouldBe(expected);
        selector.IsNumber.ShouldBeTrue();
        selector.BlockNumber.ShouldBe(number);
    }

    [Fact]
    public void BlockSelector_Tags_AreTheirNames()
    {
        default(BlockSelector).ToRpcParameter().ShouldBe("latest");
        BlockSelector.Latest.ToRpcParameter().ShouldBe("latest");
        BlockSelector.Pending.ToRpcParameter().ShouldBe("pending");
        BlockSelector.Earliest.ToRpcParameter().ShouldBe("earliest");
        BlockSelector.Safe.ToRpcParameter().ShouldBe("safe");
        BlockSelector.Finalized.ToRpcParameter().ShouldBe("finalized");
        BlockSelector.Pending.IsNumber.ShouldBeFalse();
        (BlockSelector.Number(0) == BlockSelector.Earliest).ShouldBeFalse();
    }
}
