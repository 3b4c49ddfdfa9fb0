using Bridge.Adapters.Abstractions;

namespace Bridge.UnitTests.Adapters.Abstractions;

[Trait("Category", "Unit")]
public sealed class IdempotentSubmissionsTests
{
    [Fact]
    public async Task RunAsync_ConcurrentSubmissionsWithOneKey_RunOnceAndShareTheResult()
    {
        var guard = new IdempotentSubmissions(10);
        var runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<SubmitResult> Submit()
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return new SubmitResult.Accepted(new TxRef("tx-1"));
        }

        var all = Enumerable.Range(0, 8).Select(_ => guard.RunAsync("key", "anchor:doc-1", Submit, TestContext.Current.CancellationToken)).ToList();
        release.SetResult();
        var results = await Task.WhenAll(all);

        runs.ShouldBe(1);
        results.ShouldAllBe(r => r == results[0]);
    }

    [Fact]
    public async Task RunAsync_TheKeyForAnotherCommand_IsRefusedWithoutRunning()
    {
        var guard = new IdempotentSubmissions(10);
        await guard.RunAsync("key", "anchor:doc-1", () => Task.FromResult<SubmitResult>(new SubmitResult.Accepted(new TxRef("tx-1"))), TestContext.Current.CancellationToken);

        var reused = await guard.RunAsync("key", "anchor:doc-2", () => throw new InvalidOperationException("must not run"), TestContext.Current.CancellationToken);

        reused.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("idempotency-key-reused");
    }

    [Fact]
    public async Task RunAsync_PastItsMemory_ForgetsTheOldestKeys()
    {
        var guard = new IdempotentSubmissions(2);
        var runs = 0;
        Task<SubmitResult> Submit()
        {
            runs++;
            return Task.FromResult<SubmitResult>(new SubmitResult.Accepted(new TxRef($"tx-{runs}")));
        }

        foreach (var key in new[] { "a", "b", "c", "a" })
        {
            await guard.RunAsync(key, "f", Submit, TestContext.Current.CancellationToken);
        }

        runs.ShouldBe(4, "'a' was forgotten after 'c' and ran again");
        await guard.RunAsync("c", "f", Submit, TestContext.Current.CancellationToken);
        runs.ShouldBe(4, "'c' is still remembered");
    }
}
