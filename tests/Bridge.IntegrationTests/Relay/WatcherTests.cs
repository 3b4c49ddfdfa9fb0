using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// Watchers on a real database and a real source: the Fabric adapter over the in-process Fabric simulator. One active
/// watcher per subscription across "hosts", checkpoints that a stalled holder cannot overwrite, and a takeover that resumes
/// where the first watcher stopped, storing every anchor once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WatcherTests : IClassFixture<BridgeHostFixture>, IClassFixture<FabricAdapterFixture>, IAsyncLifetime
{
    private readonly BridgeHostFixture _host;
    private readonly FabricAdapterFixture _fabric;
    private NpgsqlDataSource _dataSource = null!;

    public WatcherTests(BridgeHostFixture host, FabricAdapterFixture fabric)
    {
        _host = host;
        _fabric = fabric;
    }

    public ValueTask InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(_host.ConnectionString);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task WatcherLease_OneHolderAtATime_RenewsExpiresAndFencesCheckpoints()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var store = new WatcherStore(_dataSource, time);
        var subscription = UniqueName("sub");

        var a = await store.AcquireAsync(subscription, "host-a", TimeSpan.FromSeconds(30), Ct);
        a.ShouldNotBeNull();
        a.Checkpoint.ShouldBeNull();
        (await store.AcquireAsync(subscription, "host-b", TimeSpan.FromSeconds(30), Ct)).ShouldBeNull("host-a holds a current lease");
        var renewed = await store.AcquireAsync(subscription, "host-a", TimeSpan.FromSeconds(30), Ct);
        renewed!.Lease.Token.ShouldBe(a.Lease.Token, "a renewal keeps the token");
        (await store.SaveCheckpointAsync(subscription, renewed.Lease, "0000000001", Ct)).ShouldBeTrue();

        time.Advance(TimeSpan.FromSeconds(31));
        var b = await store.AcquireAsync(subscription, "host-b", TimeSpan.FromSeconds(30), Ct);
        b.ShouldNotBeNull("the lease expired");
        b.Lease.Token.ShouldBeGreaterThan(a.Lease.Token);
        b.Checkpoint.ShouldBe("0000000001");
        (await store.SaveCheckpointAsync(subscription, renewed.Lease, "0000000009", Ct)).ShouldBeFalse("host-a's lease is fenced");
        (await store.SaveCheckpointAsync(subscription, b.Lease, "0000000002", Ct)).ShouldBeTrue();

        await store.ReleaseAsync(subscription, b.Lease, Ct);
        var again = await store.AcquireAsync(subscription, "host-a", TimeSpan.FromSeconds(30), Ct);
        again!.Checkpoint.ShouldBe("0000000002");
        again.Lease.Token.ShouldBeGreaterThan(b.Lease.Token);
    }

    [Fact]
    public async Task SourceWatcher_TwoHostsOneSubscription_OneWatchesAndTheOtherTakesOverWithoutLossOrRepeats()
    {
        var (lane, destination) = await LaneAsync();
        var adapter = _fabric.CreateAdapter();
        var subscription = UniqueName("fabric-events");
        var options = new SourceWatcherOptions { LeaseDuration = TimeSpan.FromSeconds(3), RetryDelay = TimeSpan.FromMilliseconds(100) };
        var messages = new MessageStore(_dataSource, TimeProvider.System);
        var watchers = new WatcherStore(_dataSource, TimeProvider.System);
        var hostA = new SourceWatcher(watchers, messages, TimeProvider.System, "host-a", options);
        var hostB = new SourceWatcher(watchers, messages, TimeProvider.System, "host-b", options);
        IReadOnlyList<RelayMessage> ToMessages(LedgerEvent e) => e.Name != "DocumentAnchored"
            ? []
            : [RelayMessage.Observe(lane, MessageKind.DocumentAnchor, new MessageSource(FabricAdapterFixture.NetworkName, e.Tx, 0, e.ProtocolId), destination, Convert.ToHexStringLower(SHA256.HashData(e.Payload.Span)), null, TimeProvider.System.GetUtcNow())];

        var before = await AnchorsAsync(adapter, 3);
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var runA = hostA.RunAsync(subscription, adapter, ToMessages, stopA.Token);
        await WaitForAsync(() => hostA.Stats.Events > 0);
        var runB = hostB.RunAsync(subscription, _fabric.CreateAdapter(), ToMessages, stopB.Token);
        await WaitForMessagesAsync(lane, before);
        hostB.Stats.Events.ShouldBe(0, "host-b watched while host-a held the lease");

        await stopA.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => runA);
        var later = await AnchorsAsync(adapter, 2);
        await WaitForMessagesAsync(lane, before + later);
        await Task.Delay(300, Ct);

        (await CountAsync(lane)).ShouldBe(before + later, "every anchor is one message");
        hostB.Stats.Observed.ShouldBe(later, "host-b stored only what host-a had not");
        hostA.Stats.Observed.ShouldBe(before);
        await stopB.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => runB);
    }

    private async Task<int> AnchorsAsync(Bridge.Adapters.Fabric.Adapter.FabricAdapter adapter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid().ToString();
            var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            (await adapter.SubmitAsync(new LedgerCommand.Anchor(id, digest, digest, "INVOICE"), $"watch-{id}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        }

        return count;
    }

    private async Task<long> CountAsync(string lane) =>
        await _host.ScalarAsync<long>($"SELECT count(*) FROM relay_messages m JOIN lanes l ON l.id = m.lane_id WHERE l.name = '{lane}'");

    private async Task WaitForMessagesAsync(string lane, long atLeast) => await WaitForAsync(async () => await CountAsync(lane) >= atLeast);

    private static async Task WaitForAsync(Func<bool> condition) => await WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        (await condition()).ShouldBeTrue("timed out waiting");
    }

    /// <summary>A document lane from the adapter's Fabric network to a new Ethereum one.</summary>
    private async Task<(string Lane, string Destination)> LaneAsync()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (_, destination, lane) = await RelayTestLanes.CreateAsync(client, "documents", FabricAdapterFixture.NetworkName);
        return (lane, destination);
    }
}
