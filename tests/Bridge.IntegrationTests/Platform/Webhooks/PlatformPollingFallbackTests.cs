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
public sealed class PlatformPollingFixture : IAsyncLifetime
{
    public const string Network = "platform-poll";
    public const string Secret = "whsec-poll-3e8a61f0";

    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-platform-polling-").FullName;
    private readonly List<IDisposable> _owned = [];

    public BridgeHostFixture Host { get; private set; } = null!;

    public PlatformSimulator Simulator { get; private set; } = null!;

    public PlatformClient Carrier { get; private set; } = null!;

    public PlatformClient Customs { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // A seed of its own: the other platform fixtures' simulators would hand out the same event ids.
        Simulator = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions { DataDirectory = Path.Combine(_folder, "sim"), SeedDemoData = false, Port = PlatformWebhookFixture.FreePort(), Seed = "polling-" + Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var customs = Simulator.Organization("customs");
        var keyFile = Path.Combine(_folder, "customs.key");
        await File.WriteAllTextAsync(keyFile, customs.ApiKey);
        Host = BridgeHostFixture.WithArguments(
            $"--Bridge:Webhooks:Networks:{Network}:SharedSecret={Secret}",
            $"--Bridge:Relay:Adapters:{Network}:Endpoint={Simulator.BaseAddress}",
            $"--Bridge:Relay:Adapters:{Network}:ApiKeyFile={keyFile}",
            $"--Bridge:Relay:Adapters:{Network}:OrganizationId={customs.Id}",
            "--Bridge:Webhooks:Polling:FastInterval=00:00:00.200",
            "--Bridge:Webhooks:Polling:SafetyInterval=00:00:02",
            "--Bridge:Webhooks:Polling:Silence=00:00:01",
            "--Bridge:Webhooks:Polling:PageSize=3"); // small pages: a poll pages and checkpoints several times
        await Host.InitializeAsync();
        Carrier = Client("carrier");
        Customs = Client("customs");
        var anchors = await Customs.GetTrustAnchorsAsync(CancellationToken.None);
        using var client = Host.Client(Host.OperatorKey);
        var body = new JsonObject
        {
            ["name"] = Network,
            ["displayName"] = "Platform simulator (polled)",
            ["kind"] = "platform",
            ["endpoints"] = new JsonArray(new JsonObject { ["name"] = "api", ["url"] = Simulator.BaseAddress.AbsoluteUri }),
            ["trustAnchors"] = JsonNode.Parse(Bridge.Adapters.Abstractions.Trust.TrustAnchorsJson.ToJson(anchors).GetRawText()),
        };
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/networks", body);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The host's current polling fallback (a new one after a restart).</summary>
    internal PlatformPollingFallback Fallback => Host.Services.GetRequiredService<PlatformPollingFallback>();

    /// <summary>The saved polling checkpoint (the last sequence handled), 0 when none.</summary>
    public async Task<long> CheckpointAsync() =>
        long.Parse(await Host.ScalarAsync<string>($"SELECT checkpoint FROM watcher_leases WHERE subscription = '{PlatformPollingFallback.SubscriptionOf(Network)}'") ?? "0", CultureInfo.InvariantCulture);

    public PlatformClient Client(string role)
    {
        var organization = Simulator.Organization(role);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _owned.Add(http);
        return new PlatformClient(http, new PlatformClientOptions { BaseAddress = Simulator.BaseAddress, ApiKey = organization.ApiKey, OrganizationId = organization.Id, NetworkName = Network });
    }
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
        var dead = new Uri($"http://127.0.0.1:{PlatformWebhookFixture.FreePort()}/hook");
        var subscription = await fixture.Customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(dead, PlatformPollingFixture.Secret), Ct);
        try
        {
            var before = fixture.Fallback.StatsOf(PlatformPollingFixture.Network).EventsCreated;
            var deliveries = $"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformPollingFixture.Network}'";
            var deliveriesBefore = await fixture.Host.ScalarAsync<long>(deliveries);
            var (container, published) = await PublishAsync(4);
            var ids = InList(published);

            (await WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})", published.Count)).ShouldBe(published.Count);
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})")).ShouldBe(published.Count);
            fixture.Simulator.PendingDeliveries.ShouldBeGreaterThanOrEqualTo(published.Count, "no webhook got through");
            (await fixture.Host.ScalarAsync<long>(deliveries)).ShouldBe(deliveriesBefore, "no webhook got through");
            fixture.Fallback.StatsOf(PlatformPollingFixture.Network).EventsCreated.ShouldBeGreaterThanOrEqualTo(before + published.Count);

            using var bridge = fixture.Host.Client(fixture.Host.OperatorKey);
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
        var receiver = new Uri(fixture.Host.BaseAddress, $"/api/v1/webhooks/platform/{PlatformPollingFixture.Network}");
        var subscription = await fixture.Customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(receiver, PlatformPollingFixture.Secret), Ct);
        try
        {
            var deliveriesBefore = await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformPollingFixture.Network}'");
            var readBefore = fixture.Fallback.StatsOf(PlatformPollingFixture.Network).EventsRead;
            var (_, published) = await PublishAsync(5);
            var feed = (await fixture.Customs.GetEventsAsync(0, 1000, Ct)).Events;
            var mine = feed.Where(e => published.Contains(e.EventTransactionId)).ToList();
            var newest = feed.Max(e => e.Sequence);

            // Both ways delivered every event: the webhooks were acknowledged and recorded, and the fallback (which polls
            // every 2 s even while webhooks arrive) read past the newest one.
            await WaitUntilAsync(async () => fixture.Simulator.PendingDeliveries == 0 && await fixture.CheckpointAsync() >= newest);
            fixture.Simulator.PendingDeliveries.ShouldBe(0);
            (await fixture.CheckpointAsync()).ShouldBeGreaterThanOrEqualTo(newest);
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformPollingFixture.Network}'") - deliveriesBefore)
                .ShouldBeGreaterThanOrEqualTo(mine.Count, "each event came by webhook");
            (fixture.Fallback.StatsOf(PlatformPollingFixture.Network).EventsRead - readBefore).ShouldBeGreaterThanOrEqualTo(mine.Count, "each event came by polling");

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
        (await WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({all})", before.Count + during.Count)).ShouldBe(before.Count + during.Count);
        await WaitUntilAsync(async () => await fixture.CheckpointAsync() >= missed.Max(e => e.Sequence));

        // The new host read exactly the events after the checkpoint: nothing from before it again, nothing skipped.
        fixture.Fallback.StatsOf(PlatformPollingFixture.Network).EventsRead.ShouldBe(missed.Count);
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

    private async Task<long> WaitForAsync(string sql, long atLeast)
    {
        long value = 0;
        for (var i = 0; i < 200; i++)
        {
            value = await fixture.Host.ScalarAsync<long>(sql);
            if (value >= atLeast)
            {
                return value;
            }

            await Task.Delay(100, Ct);
        }

        return value;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(100, Ct);
        }
    }
}
