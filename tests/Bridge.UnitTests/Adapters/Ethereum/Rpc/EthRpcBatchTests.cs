using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>Batches (JSON-RPC 2.0, jsonrpc.org/specification section 6): matching by id, item errors, splitting.</summary>
[Trait("Category", "Unit")]
public sealed class EthRpcBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeEthNode EchoNode() => new FakeEthNode()
        .On("echo", p => p[0]!.DeepClone())
        .On("fail", p => throw new RpcFault(3, "execution reverted: " + p[0]!.GetValue<string>()));

    private static RpcRequest Echo(string value) => new("echo", [value]);

    [Fact]
    public async Task BatchAsync_Requests_AreOneJsonArrayWithDistinctIds()
    {
        var node = EchoNode();

        await node.CreateRpcClient().BatchAsync([Echo("a"), Echo("b"), Echo("c")], Ct);

        var sent = JsonDocument.Parse(node.Bodies.Single()).RootElement;
        sent.ValueKind.ShouldBe(JsonValueKind.Array);
        sent.GetArrayLength().ShouldBe(3);
        sent.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(3);
        sent.EnumerateArray().All(r => r.GetProperty("jsonrpc").GetString() == "2.0").ShouldBeTrue();
    }

    [Fact]
    public async Task BatchAsync_RepliesInAnyOrder_AreMatchedById()
    {
        var node = EchoNode();
        node.BatchReply = reply => new JsonArray([.. reply.Reverse().Select(r => r!.DeepClone())]);
        var values = Enumerable.Range(0, 10).Select(i => $"v{i}").ToArray();

        var responses = await node.CreateRpcClient().BatchAsync([.. values.Select(Echo)], Ct);

        responses.Select(r => r.Result.GetString()).ShouldBe(values);
    }

    [Fact]
    public async Task BatchAsync_ErrorItems_AreReturnedBesideResults()
    {
        var node = EchoNode();

        var responses = await node.CreateRpcClient().BatchAsync([Echo("ok"), new RpcRequest("fail", ["nope"]), new RpcRequest("nosuch")], Ct);

        responses[0].IsSuccess.ShouldBeTrue();
        responses[0].Result.GetString().ShouldBe("ok");
        responses[1].Error!.Kind.ShouldBe(EthRpcErrorKind.ExecutionReverted);
        responses[1].Error!.RpcMessage.ShouldBe("execution reverted: nope");
        responses[1].Method.ShouldBe("fail");
        Should.Throw<EthRpcException>(() => responses[1].Result);
        responses[2].Error!.Kind.ShouldBe(EthRpcErrorKind.MethodNotFound);
    }

    [Fact]
    public async Task BatchAsync_MissingResponse_FailsOnlyThatItem()
    {
        var node = EchoNode();
        node.BatchReply = reply => new JsonArray([.. reply.Where((_, i) => i != 1).Select(r => r!.DeepClone())]);

        var responses = await node.CreateRpcClient().BatchAsync([Echo("a"), Echo("b"), Echo("c")], Ct);

        responses[0].Result.GetString().ShouldBe("a");
        responses[1].Error!.Kind.ShouldBe(EthRpcErrorKind.InvalidResponse);
        responses[1].Error!.Message.ShouldContain("no response");
        responses[2].Result.GetString().ShouldBe("c");
    }

    [Fact]
    public async Task BatchAsync_DuplicatedResponse_FailsThatItem()
    {
        var node = EchoNode();
        node.BatchReply = reply => new JsonArray([.. reply.Select(r => r!.DeepClone()), reply[0]!.DeepClone()]);

        var responses = await node.CreateRpcClient().BatchAsync([Echo("a"), Echo("b")], Ct);

        responses[0].Error!.Kind.ShouldBe(EthRpcErrorKind.InvalidResponse);
        responses[0].Error!.Message.ShouldContain("more than one");
        responses[1].Result.GetString().ShouldBe("b");
    }

    [Fact]
    public async Task BatchAsync_UnknownIdsAndNullIdErrors_AreIgnored()
    {
        var node = EchoNode();
        node.BatchReply = reply => new JsonArray(
        [
            .. reply.Select(r => r!.DeepClone()),
            JsonNode.Parse("{\"jsonrpc\":\"2.0\",\"id\":123456789,\"result\":\"stray\"}"),
            JsonNode.Parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"}}"),
        ]);

        var responses = await node.CreateRpcClient().BatchAsync([Echo("a")], Ct);

        responses.Single().Result.GetString().ShouldBe("a");
    }

    [Fact]
    public async Task BatchAsync_NonArrayReply_FailsEveryItem()
    {
        var node = EchoNode().Then((_, _, _) => Task.FromResult<HttpResponseMessage?>(FakeEthNode.Json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}")));

        var responses = await node.CreateRpcClient().BatchAsync([Echo("a"), Echo("b")], Ct);

        responses.ShouldAllBe(r => r.Error != null && r.Error.Kind == EthRpcErrorKind.InvalidResponse);
    }

    [Fact]
    public async Task BatchAsync_OneErrorObjectForTheBatch_IsEachItemsError()
    {
        // Besu answers an oversized batch with one error object (RpcErrorType EXCEEDS_RPC_MAX_BATCH_SIZE).
        var node = EchoNode().Then((_, _, _) => Task.FromResult<HttpResponseMessage?>(FakeEthNode.Json(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32005,\"message\":\"Number of requests exceeds max batch size\"}}")));

        var responses = await node.CreateRpcClient().BatchAsync([Echo("a"), Echo("b")], Ct);

        responses.ShouldAllBe(r => r.Error != null && r.Error.Kind == EthRpcErrorKind.LimitExceeded && r.Error.RpcCode == -32005);
        responses.Select(r => r.Error!.RequestId).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task BatchAsync_LargerThanTheMaximum_IsSplitInOrder()
    {
        var node = EchoNode();
        var client = node.CreateRpcClient(new EthRpcClientOptions { MaxBatchSize = 4 });
        var values = Enumerable.Range(0, 10).Select(i => $"v{i}").ToArray();

        var responses = await client.BatchAsync([.. values.Select(Echo)], Ct);

        responses.Select(r => r.Result.GetString()).ShouldBe(values);
        node.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetArrayLength()).ShouldBe([4, 4, 2]);
    }

    [Fact]
    public async Task BatchAsync_Empty_SendsNothing()
    {
        var node = EchoNode();

        (await node.CreateRpcClient().BatchAsync([], Ct)).ShouldBeEmpty();

        node.Exchanges.ShouldBe(0);
    }
}
