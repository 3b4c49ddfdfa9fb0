using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.UnitTests.Support;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>
/// The retry and timeout pipeline, on a manual clock: transient failures of idempotent calls are retried with backoff
/// or the server's Retry-After; JSON-RPC errors and non-idempotent calls are not.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EthRpcResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Start);

    private EthRpcClientOptions Options(int attempts = 4) => new()
    {
        TimeProvider = _time,
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(60),
        UseJitter = false,
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };

    // A call that is not retried ends without the clock moving; one that waits for a retry delay ends in a TimeoutException.
    private static Task NoRetry(Task call) => call.WaitAsync(TimeSpan.FromSeconds(10), Ct);

    private static FakeEthNode Node() => new FakeEthNode()
        .On("eth_blockNumber", _ => "0x10")
        .On("evm_mine", _ => "0x0")
        .On("eth_call", _ => throw new RpcFault(3, "execution reverted: nope", EthRpcErrorClassifierTests.ErrorNope))
        .On("eth_estimateGas", _ => throw new RpcFault(-32602, "invalid argument 0: hex string has length 3, want 40 for common.Address"));

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Read_GatewayErrors_AreRetriedWithExponentialBackoff(HttpStatusCode status)
    {
        var node = Node().ThenStatus(status).ThenStatus(status);
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        node.Exchanges.ShouldBe(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
        node.Exchanges.ShouldBe(2);
        _time.Advance(TimeSpan.FromSeconds(2));

        (await call).ShouldBe(16UL);
        node.Exchanges.ShouldBe(3);
    }

    [Fact]
    public async Task Read_RateLimitedWithRetryAfter_WaitsExactlyThatLong()
    {
        var node = Node().ThenStatus(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(7));
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7));
        _time.Advance(TimeSpan.FromSeconds(6.9));
        call.IsCompleted.ShouldBeFalse();
        node.Exchanges.ShouldBe(1);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        (await call).ShouldBe(16UL);
        node.Exchanges.ShouldBe(2);
    }

    [Fact]
    public async Task Read_RetryAfterAsHttpDate_IsMeasuredOnTheInjectedClock()
    {
        var node = Node().Then((_, _, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Start.AddSeconds(12));
            return Task.FromResult<HttpResponseMessage?>(response);
        });
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(12));
        _time.Advance(TimeSpan.FromSeconds(12));

        (await call).ShouldBe(16UL);
    }

    [Fact]
    public async Task Read_RetryAfterBeyondMaxDelay_IsCapped()
    {
        var node = Node().ThenStatus(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromHours(1));
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(60));
        _time.Advance(TimeSpan.FromSeconds(60));

        (await call).ShouldBe(16UL);
    }

    [Fact]
    public async Task Read_ConnectionReset_IsRetried()
    {
        var node = Node().ThenReset();
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        (await call).ShouldBe(16UL);
        node.Exchanges.ShouldBe(2);
    }

    [Fact]
    public async Task Read_TransientFailureEveryTime_GivesUpAfterMaxAttempts()
    {
        var node = Node().ThenReset().ThenReset().ThenReset();
        var call = node.CreateRpcClient(Options(attempts: 3)).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        var error = await Should.ThrowAsync<EthRpcException>(call);
        error.Kind.ShouldBe(EthRpcErrorKind.Transport);
        error.IsTransient.ShouldBeTrue();
        node.Exchanges.ShouldBe(3);
    }

    [Fact]
    public async Task Read_AttemptHangs_TimesOutAndIsRetried()
    {
        var node = Node().ThenHang();
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(30));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        (await call).ShouldBe(16UL);
        node.Exchanges.ShouldBe(2);
    }

    [Fact]
    public async Task Read_EveryAttemptHangs_IsATimeout()
    {
        var node = Node().ThenHang();
        var call = node.CreateRpcClient(Options(attempts: 1)).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(30));

        var error = await Should.ThrowAsync<EthRpcException>(call);
        error.Kind.ShouldBe(EthRpcErrorKind.Timeout);
        error.Method.ShouldBe("eth_blockNumber");
    }

    [Fact]
    public async Task Read_LimitExceededError_IsRetried()
    {
        var node = Node().Then((_, body, _) =>
        {
            var id = JsonNode.Parse(body)!["id"]!.GetValue<long>();
            return Task.FromResult<HttpResponseMessage?>(FakeEthNode.Json(
                $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32005,\"message\":\"Limit exceeded\"}}}}"));
        });
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        (await call).ShouldBe(16UL);
        node.Exchanges.ShouldBe(2);
    }

    [Fact]
    public async Task Call_Revert_IsNotRetried()
    {
        var node = Node();

        var error = await Should.ThrowAsync<EthRpcException>(NoRetry(
            node.CreateRpcClient(Options()).CallAsync(new EthCallRequest { To = "0x" + new string('1', 40) }, BlockSelector.Latest, Ct)));

        error.Kind.ShouldBe(EthRpcErrorKind.ExecutionReverted);
        node.Exchanges.ShouldBe(1);
        _time.ArmedTimers().ShouldBeEmpty();
    }

    [Fact]
    public async Task EstimateGas_InvalidParams_IsNotRetried()
    {
        var node = Node();

        var error = await Should.ThrowAsync<EthRpcException>(NoRetry(
            node.CreateRpcClient(Options()).EstimateGasAsync(new EthCallRequest(), null, Ct)));

        error.Kind.ShouldBe(EthRpcErrorKind.InvalidParams);
        node.Exchanges.ShouldBe(1);
    }

    [Fact]
    public async Task Read_Http500_IsNotRetried()
    {
        var node = Node().ThenStatus(HttpStatusCode.InternalServerError);

        var error = await Should.ThrowAsync<EthRpcException>(NoRetry(node.CreateRpcClient(Options()).GetBlockNumberAsync(Ct)));

        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        node.Exchanges.ShouldBe(1);
    }

    [Theory]
    [InlineData("evm_mine")]
    [InlineData("evm_snapshot")]
    [InlineData("evm_revert")]
    [InlineData("eth_sendTransaction")]
    [InlineData("some_unknownMethod")]
    public async Task NonIdempotentMethod_TransientFailure_IsNotRetried(string method)
    {
        var node = Node().ThenStatus(HttpStatusCode.ServiceUnavailable);

        var error = await Should.ThrowAsync<EthRpcException>(NoRetry(node.CreateRpcClient(Options()).SendAsync(method, null, Ct)));

        error.Kind.ShouldBe(EthRpcErrorKind.HttpStatus);
        error.IsTransient.ShouldBeTrue();
        node.Exchanges.ShouldBe(1);
    }

    [Fact]
    public async Task Batch_AllIdempotent_IsRetriedAsAWhole()
    {
        var node = Node().ThenReset();
        var call = node.CreateRpcClient(Options()).BatchAsync([new RpcRequest("eth_blockNumber"), new RpcRequest("eth_blockNumber")], Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        (await call).ShouldAllBe(r => r.IsSuccess);
        node.Exchanges.ShouldBe(2);
    }

    [Fact]
    public async Task Batch_WithANonIdempotentMethod_IsNotRetried()
    {
        var node = Node().ThenReset();

        var error = await Should.ThrowAsync<EthRpcException>(NoRetry(
            node.CreateRpcClient(Options()).BatchAsync([new RpcRequest("eth_blockNumber"), new RpcRequest("evm_mine")], Ct)));

        error.Kind.ShouldBe(EthRpcErrorKind.Transport);
        node.Exchanges.ShouldBe(1);
    }

    [Fact]
    public async Task SendRawTransaction_ResponseLostThenNonceTooLow_IsResolvedAsSuccess()
    {
        // The node accepts (and, automining, mines) the transaction, but the answer is lost; the retry is answered
        // "Nonce too low" and the client finds the transaction by its hash.
        var chain = new FakeChain();
        var node = chain.Attach(new FakeEthNode());
        node.Then((_, body, _) =>
        {
            node.Process(body);
            throw new HttpRequestException("Connection reset by peer");
        });
        var sender = "0x" + new string('a', 40);
        var raw = FakeChain.Transaction(sender, 0);
        var call = node.CreateRpcClient(Options()).SendRawTransactionAsync(raw, Ct);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        (await call).ShouldBe(FakeChain.HashOf(raw));
        chain.Accepted.ShouldBe([(sender, 0UL)]);
        chain.Rejected.Single().Message.ShouldStartWith("Nonce too low");
    }

    [Fact]
    public async Task Cancellation_DuringBackoff_StopsRetrying()
    {
        var node = Node().ThenStatus(HttpStatusCode.ServiceUnavailable);
        using var cancel = new CancellationTokenSource();
        var call = node.CreateRpcClient(Options()).GetBlockNumberAsync(cancel.Token);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(call);
        node.Exchanges.ShouldBe(1);
    }
}
