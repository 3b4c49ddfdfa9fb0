using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Adapters.Platform.Client;
using Bridge.Host.Webhooks;
using Bridge.IntegrationTests.Api;
using Bridge.Simulators.Platform;
using Bridge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.IntegrationTests.Platform.Webhooks;

/// <summary>
/// A bridge host whose platform network has its webhook receiver and a fast polling fallback (as the customs
/// organisation: every 200 ms once webhooks are silent for 1 s, else every 2 s), and a platform simulator on a fixed
/// port. No subscription exists unless a test makes one (and removes it).
/// </summary>
public sealed class PlatformPollingFixture() : PlatformHostFixture(NetworkName, "bridge-platform-polling-")
{
    public const string NetworkName = "platform-poll";
    public const string Secret = "whsec-poll-3e8a61f0";

    // A seed of its own: the other platform fixtures' simulators would hand out the same event ids.
    protected override PlatformSimulatorOptions SimulatorOptions(string dataDirectory, int port) =>
        new() { DataDirectory = dataDirectory, SeedDemoData = false, Port = port, Seed = "polling-" + Guid.NewGuid().ToString("N") };

    protected override IEnumerable<string> HostArguments() =>
    [
        $"--Bridge:Webhooks:Networks:{NetworkName}:SharedSecret={Secret}",
        "--Bridge:Webhooks:Polling:FastInterval=00:00:00.200",
        "--Bridge:Webhooks:Polling:SafetyInterval=00:00:02",
        "--Bridge:Webhooks:Polling:Silence=00:00:01",
        "--Bridge:Webhooks:Polling:PageSize=3", // small pages: a poll pages and checkpoints several times
    ];

    /// <summary>The host's current polling fallback (a new one after a restart).</summary>
    internal PlatformPollingFallback Fallback => Host.Services.GetRequiredService<PlatformPollingFallback>();

    /// <summary>The saved polling checkpoint (the last sequence handled), 0 when none.</summary>
    public async Task<long> CheckpointAsync() =>
        long.Parse(await Host.ScalarAsync<string>($"SELECT checkpoint FROM watcher_leases WHERE subscription = '{PlatformPollingFallback.SubscriptionOf(Network)}'") ?? "0", CultureInfo.InvariantCulture);
}

/// <summary>
/// The polling fallback end to end (real PostgreSQL, the platform simulator): events reach the stored timeline when
/// webhooks stop, an event that arrives both ways is stored once, and the checkpoint survives a host restart.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformPollingFallbackTests(PlatformPollingFixture fixture) : IClassFixture<PlatformPollingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PollingFallback_WebhookEndpointUnreachable_EventsStillReachTheStoredTimeline()
    {
        // The subscription's endpoint refuses connections (a port nobody listens on): every delivery fails and stays pending.
        var dead = new Uri($"http://127.0.0.1:{PlatformHostFixture.FreePort()}/hook");
        var subscription = await fixture.Customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(dead, PlatformPollingFixture.Secret), Ct);
        try
        {
            var before = fixture.Fallback.StatsOf(PlatformPollingFixture.NetworkName).EventsCreated;
            var deliveries = $"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformPollingFixture.NetworkName}'";
            var deliveriesBefore = await fixture.Host.ScalarAsync<long>(deliveries);
            var (container, published) = await PublishAsync(4);
            var ids = InList(published);

            (await fixture.WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})", published.Count, Ct)).ShouldBe(published.Count);
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})")).ShouldBe(published.Count);
            fixture.Simulator.PendingDeliveries.ShouldBeGreaterThanOrEqualTo(published.Count, "no webhook got through");
            (await fixture.Host.ScalarAsync<long>(deliveries)).ShouldBe(deliveriesBefore, "no webhook got through");
            var created = fixture.Fallback.StatsOf(PlatformPollingFixture.NetworkName).EventsCreated;
            created.ShouldBeGreaterThanOrEqualTo(before + published.Count);

            // Operators see the same on /metrics (observable counters, read at scrape time).
            using var bridge = fixture.Host.Client(fixture.Host.OperatorKey);
            var metrics = await bridge.GetStringAsync("/metrics", Ct);
            var line = metrics.Split('\n').Single(l => l.StartsWith($"bridge_platform_poll_events_created_total{{network=\"{PlatformPollingFixture.NetworkName}\"}} ", StringComparison.Ordinal));
            long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(created);
            metrics.ShouldContain($"bridge_platform_poll_requests_total{{network=\"{PlatformPollingFixture.NetworkName}\"}}");
            metrics.ShouldContain($"bridge_platform_poll_events_read_total{{network=\"{PlatformPollingFixture.NetworkName}\"}}");

            using var response = await bridge.GetAsync($"/api/v1/shipments/{container}/timeline?type=container", Ct);
            var timeline = (await response.ShouldBeJsonAsync(System.Net.HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("provenance").GetProperty("sourceId").GetString()!)
                .ToList();
            timeline.Where(published.Contains).ShouldBe(published, ignoreOrder: true);
        }
        finally
        {
            await fixture.Customs.UnsubscribeAsync(subscription, Ct);
        }
    }

    [Fact]
    public async Task PollingFallback_EventsArrivingByWebhookAndByPolling_AreStoredOnce()
    {
        var receiver = new Uri(fixture.Host.BaseAddress, $"/api/v1/webhooks/platform/{PlatformPollingFixture.NetworkName}");
        var subscription = await fixture.Customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(receiver, PlatformPollingFixture.Secret), Ct);
        try
        {
            var deliveriesBefore = await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformPollingFixture.NetworkName}'");
            var readBefore = fixture.Fallback.StatsOf(PlatformPollingFixture.NetworkName).EventsRead;
            var (_, published) = await PublishAsync(5);
            var feed = (await fixture.Customs.GetEventsAsync(0, 1000, Ct)).Events;
            var mine = feed.Where(e => published.Contains(e.EventTransactionId)).ToList();
            var newest = feed.Max(e => e.Sequence);

            // Both ways delivered every event: the webhooks were acknowledged and recorded, and the fallback (which polls
            // every 2 s even while webhooks arrive) read past the newest one.
            await WaitUntilAsync(async () => fixture.Simulator.PendingDeliveries == 0 && await fixture.CheckpointAsync() >= newest);
            fixture.Simulator.PendingDeliveries.ShouldBe(0);
            (await fixture.CheckpointAsync()).ShouldBeGreaterThanOrEqualTo(newest);
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformPollingFixture.NetworkName}'") - deliveriesBefore)
                .ShouldBeGreaterThanOrEqualTo(mine.Count, "each event came by webhook");
            (fixture.Fallback.StatsOf(PlatformPollingFixture.NetworkName).EventsRead - readBefore).ShouldBeGreaterThanOrEqualTo(mine.Count, "each event came by polling");

            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({InList(published)})")).ShouldBe(published.Count);
        }
        finally
        {
            await fixture.Customs.UnsubscribeAsync(subscription, Ct);
        }
    }

    [Fact]
    public async Task PollingFallback_HostRestart_ResumesFromTheSavedCheckpointLosingAndRepeatingNothing()
    {
        // Caught up before the restart: the checkpoint is the newest sequence.
        var (_, before) = await PublishAsync(2);
        var newest = (await fixture.Customs.GetEventsAsync(0, 1000, Ct)).LastSequence;
        await WaitUntilAsync(async () => await fixture.CheckpointAsync() >= newest);
        var checkpoint = await fixture.CheckpointAsync();
        checkpoint.ShouldBe(newest);

        // Published while the bridge is down: only the polling fallback can bring these in (no subscription exists).
        List<string> during = [];
        await fixture.Host.RestartAsync(async () => during = (await PublishAsync(3)).Published);
        var missed = (await fixture.Customs.GetEventsAsync(checkpoint, 1000, Ct)).Events;
        during.ShouldAllBe(id => missed.Any(e => e.EventTransactionId == id));

        var all = InList([.. before, .. during]);
        (await fixture.WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({all})", before.Count + during.Count, Ct)).ShouldBe(before.Count + during.Count);
        await WaitUntilAsync(async () => await fixture.CheckpointAsync() >= missed.Max(e => e.Sequence));

        // The new host read exactly the events after the checkpoint: nothing from before it again, nothing skipped.
        fixture.Fallback.StatsOf(PlatformPollingFixture.NetworkName).EventsRead.ShouldBe(missed.Count);
        (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({all})")).ShouldBe(before.Count + during.Count);
        (await fixture.CheckpointAsync()).ShouldBe(missed.Max(e => e.Sequence));
    }

    /// <summary>A new consignment and container, then <paramref name="count"/> actual gate-ins; their event ids.</summary>
    private async Task<(string Container, List<string> Published)> PublishAsync(int count)
    {
        var booking = "BKG-POLL-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Carrier.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking }, Ct);
        var container = "TCLU" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var te = await fixture.Carrier.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = container, ["carrierBookingNumber"] = booking }, Ct);
        var published = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var body = new JsonObject
            {
                ["originatorName"] = "Carrier",
                ["originatorId"] = "MAEU",
                ["eventOccurrenceTime8601"] = new DateTimeOffset(2026, 12, 1, 8, i, 0, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["transportEquipmentId"] = te.TransportEquipmentId,
                ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
            };
            published.Add((await fixture.Carrier.PublishEventAsync("actualGateIn", body, idempotencyKey: null, Ct)).EventTransactionId);
        }

        return (container, published);
    }

    private static string InList(IEnumerable<string> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(100, Ct);
        }
    }
}
