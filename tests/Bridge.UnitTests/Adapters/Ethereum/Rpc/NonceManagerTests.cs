using System.Collections.Concurrent;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>
/// Nonces per signing address against a node that enforces Hardhat's automine rule (no gaps, no reuse): concurrency,
/// release, resynchronisation and restarts.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NonceManagerTests
{
    private const string Alice = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Bob = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeChain _chain = new();
    private readonly FakeEthNode _node;
    private readonly EthRpcClient _client;

    public NonceManagerTests()
    {
        _node = _chain.Attach(new FakeEthNode());
        _client = _node.CreateRpcClient();
    }

    private async Task<string> Send(string from, ulong nonce, CancellationToken token, string tag = "")
    {
        await Task.Yield(); // signing and sending take time: let other submitters run meanwhile
        return await _client.SendRawTransactionAsync(FakeChain.Transaction(from, nonce, tag), token);
    }

    [Fact]
    public async Task SubmitAsync_64ConcurrentSubmissionsForOneKey_GetConsecutiveUniqueNonces()
    {
        var manager = new NonceManager(_client);

        var hashes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => manager.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token, $"tx{i}"), Ct))));

        hashes.Distinct().Count().ShouldBe(64);
        _chain.Accepted.Select(a => a.Nonce).ShouldBe(Enumerable.Range(0, 64).Select(n => (ulong)n));
        _chain.Rejected.ShouldBeEmpty();
        _chain.Count(Alice).ShouldBe(64UL);
        _node.Calls["eth_getTransactionCount"].ShouldBe(1); // read once, then counted locally
    }

    [Fact]
    public async Task AcquireAsync_64ConcurrentAcquirers_GetConsecutiveUniqueNoncesInLeaseOrder()
    {
        var manager = new NonceManager(_client);
        var seen = new ConcurrentQueue<ulong>();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            using var lease = await manager.AcquireAsync(Alice, Ct);
            seen.Enqueue(lease.Nonce);
            await Send(Alice, lease.Nonce, Ct);
            lease.Commit();
        })));

        seen.ShouldBe(Enumerable.Range(0, 64).Select(n => (ulong)n)); // lease order is nonce order
        _chain.Rejected.ShouldBeEmpty();
    }

    [Fact]
    public async Task SubmitAsync_TwoKeysConcurrently_AreIndependent()
    {
        var manager = new NonceManager(_client);
        _chain.SetCount(Bob, 100);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
        {
            var from = i % 2 == 0 ? Alice : Bob;
            return Task.Run(() => manager.SubmitAsync(from, (nonce, token) => Send(from, nonce, token, $"tx{i}"), Ct));
        }));

        _chain.Accepted.Where(a => a.From == Alice).Select(a => a.Nonce).ShouldBe(Enumerable.Range(0, 32).Select(n => (ulong)n));
        _chain.Accepted.Where(a => a.From == Bob).Select(a => a.Nonce).ShouldBe(Enumerable.Range(100, 32).Select(n => (ulong)n));
        _chain.Rejected.ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireAsync_AnotherKeyIsHeld_DoesNotWait()
    {
        var manager = new NonceManager(_client);
        using var alice = await manager.AcquireAsync(Alice, Ct);

        var bob = manager.AcquireAsync(Bob, Ct);

        using var lease = await bob.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        lease.Nonce.ShouldBe(0UL);
    }

    [Fact]
    public async Task AcquireAsync_SameKeyIsHeld_WaitsForTheRelease()
    {
        var manager = new NonceManager(_client);
        var first = await manager.AcquireAsync(Alice, Ct);

        var second = manager.AcquireAsync(Alice, Ct);
        await Task.Yield();
        second.IsCompleted.ShouldBeFalse();
        await Send(Alice, first.Nonce, Ct);
        first.Commit();
        first.Dispose();

        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        lease.Nonce.ShouldBe(1UL);
    }

    [Fact]
    public async Task Dispose_WithoutCommit_ReleasesTheNonceForReuse()
    {
        var manager = new NonceManager(_client);

        using (var abandoned = await manager.AcquireAsync(Alice, Ct))
        {
            abandoned.Nonce.ShouldBe(0UL);
        }

        using var next = await manager.AcquireAsync(Alice, Ct);
        next.Nonce.ShouldBe(0UL);
        _node.Calls["eth_getTransactionCount"].ShouldBe(2); // an uncommitted lease makes the next acquire reconcile
    }

    [Fact]
    public async Task Dispose_WithoutCommitAfterTheNodeAccepted_ContinuesFromTheNode()
    {
        // The send reached the node but its answer was lost: the lease ends uncommitted, the node's count is ahead.
        var manager = new NonceManager(_client);
        using (var lease = await manager.AcquireAsync(Alice, Ct))
        {
            await Send(Alice, lease.Nonce, Ct);
        }

        using var next = await manager.AcquireAsync(Alice, Ct);
        next.Nonce.ShouldBe(1UL);
    }

    [Fact]
    public async Task SubmitAsync_NonceTooLowAfterAnotherWriter_ResyncsAndSucceeds()
    {
        var manager = new NonceManager(_client);
        for (var i = 0; i < 4; i++)
        {
            await manager.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token, $"ours{i}"), Ct);
        }

        _chain.SetCount(Alice, 10); // another process with the same key sent six transactions

        await manager.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token, "after"), Ct);

        _chain.Rejected.Single().Nonce.ShouldBe(4UL);
        _chain.Rejected.Single().Message.ShouldStartWith("Nonce too low");
        _chain.Accepted.Last().Nonce.ShouldBe(10UL);
        using var lease = await manager.AcquireAsync(Alice, Ct);
        lease.Nonce.ShouldBe(11UL);
    }

    [Fact]
    public async Task Invalidate_AfterNonceTooHigh_TakesTheNodeCountEvenWhenLower()
    {
        // A dev-chain revert can move the node back; "Nonce too high" then invalidates the local counter.
        var manager = new NonceManager(_client);
        for (var i = 0; i < 3; i++)
        {
            await manager.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token, $"t{i}"), Ct);
        }

        _chain.SetCount(Alice, 1);
        using (var lease = await manager.AcquireAsync(Alice, Ct))
        {
            lease.Nonce.ShouldBe(3UL);
            var error = await Should.ThrowAsync<EthRpcException>(() => Send(Alice, lease.Nonce, Ct));
            error.Kind.ShouldBe(EthRpcErrorKind.NonceTooHigh);
            lease.Invalidate();
        }

        using var resynced = await manager.AcquireAsync(Alice, Ct);
        resynced.Nonce.ShouldBe(1UL);
    }

    [Fact]
    public async Task NewManager_AfterRestart_ContinuesFromThePendingCount()
    {
        var before = new NonceManager(_client);
        for (var i = 0; i < 5; i++)
        {
            await before.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token, $"t{i}"), Ct);
        }

        var after = new NonceManager(_node.CreateRpcClient());
        var hash = await after.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token, "after restart"), Ct);

        _chain.Accepted.Last().Nonce.ShouldBe(5UL);
        hash.ShouldStartWith("0x");
        _chain.Rejected.ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireAsync_AddressCase_IsTheSameKey()
    {
        var manager = new NonceManager(_client);
        await manager.SubmitAsync(Alice, (nonce, token) => Send(Alice, nonce, token), Ct);

        using var lease = await manager.AcquireAsync(Alice.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), Ct);

        lease.Nonce.ShouldBe(1UL);
        lease.Address.ShouldBe(Alice);
    }

    [Fact]
    public async Task AcquireAsync_NodeUnreachable_ThrowsAndHoldsNothing()
    {
        var failures = 1;
        var manager = new NonceManager((_, _) => Interlocked.Decrement(ref failures) >= 0
            ? throw new EthRpcException(EthRpcErrorKind.Transport, "down")
            : Task.FromResult(7UL));

        await Should.ThrowAsync<EthRpcException>(() => manager.AcquireAsync(Alice, Ct));

        using var lease = await manager.AcquireAsync(Alice, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        lease.Nonce.ShouldBe(7UL);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndLeavesTheLockWithTheHolder()
    {
        var manager = new NonceManager(_client);
        var held = await manager.AcquireAsync(Alice, Ct);
        using var cancel = new CancellationTokenSource();

        var waiting = manager.AcquireAsync(Alice, cancel.Token);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(waiting);
        held.Commit();
        held.Dispose();
        using var next = await manager.AcquireAsync(Alice, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        next.Nonce.ShouldBe(1UL);
    }

    [Fact]
    public async Task Lease_CommitAfterDispose_Throws()
    {
        var manager = new NonceManager(_client);
        var lease = await manager.AcquireAsync(Alice, Ct);
        lease.Dispose();
        lease.Dispose(); // idempotent

        Should.Throw<ObjectDisposedException>(lease.Commit);
    }

    [Fact]
    public async Task SubmitAsync_OtherFailure_ReleasesTheNonceAndPropagates()
    {
        var manager = new NonceManager(_client);

        await Should.ThrowAsync<InvalidOperationException>(() =>
            manager.SubmitAsync<string>(Alice, (_, _) => throw new InvalidOperationException("signer failed"), Ct));

        using var lease = await manager.AcquireAsync(Alice, Ct);
        lease.Nonce.ShouldBe(0UL);
    }
}
