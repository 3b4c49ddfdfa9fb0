using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Client;
using Bridge.IntegrationTests.Platform.Simulator;
using Bridge.Simulators.Platform;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>
/// The adapter's polling subscription (docs/platform.md "The adapter": <c>SubscribeAsync</c> over <c>GET /api/v1/events</c>)
/// across a simulator restart on the same data directory and address: the journal keeps every event and its sequence,
/// the poller rides out the outage, and a checkpoint resumes exactly after itself.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformPollerRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "platform-adapter-it-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(SimulatorHarness.Start);
    private readonly int _port = AdapterTestSupport.FreePort();
    private PlatformSimulator? _simulator;

    [Fact]
    public async Task Subscribe_SimulatorRestartsMidStream_EveryEventExactlyOnceAndCheckpointResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        _simulator = await StartAsync();
        var carrierOrg = _simulator.Organization("carrier");
        var portOrg = _simulator.Organization("port");
        using var carrier = new ClientSession(_simulator.BaseAddress, carrierOrg.ApiKey, carrierOrg.Id);
        using var reader = new ClientSession(_simulator.BaseAddress, portOrg.ApiKey, portOrg.Id, configure: o =>
        {
            o.MaxAttempts = 2;
            o.BreakerMinimumThroughput = 1000; // the outage below must not open the circuit for long
            o.BreakerBreakDuration = TimeSpan.FromMilliseconds(500);
        });
        var adapter = new PlatformAdapter(reader.Client, new PlatformPollerOptions { Interval = TimeSpan.FromMilliseconds(50), PageSize = 2 });

        var cid = (await carrier.Client.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = "BKG-RESTART" }, ct)).ConsignmentId;
        var teId = (await carrier.Client.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = AdapterTestSupport.Iso, ["consignmentId"] = cid }, ct)).TransportEquipmentId;
        var before = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            before.Add((await carrier.Client.PublishEventAsync("actualGateIn", Event(teId, i), "before-" + i, ct)).EventTransactionId);
        }

        // One subscription runs through the whole test.
        var seen = new List<LedgerEvent>();
        var seenGate = new Lock();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var consumer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in adapter.SubscribeAsync(null, stop.Token))
                {
                    lock (seenGate)
                    {
                        seen.Add(item);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped by the test.
            }
        }, ct);
        int Seen()
        {
            lock (seenGate)
            {
                return seen.Count;
            }
        }

        await WaitUntilAsync(() => Seen() == 7, "the 7 events before the restart"); // consignmentCreated, transportEquipmentCreated, 5 gate-ins

        // Down: the poller's requests fail (connection refused) and it keeps waiting; then up again on the same folder and port.
        await _simulator.DisposeAsync();
        _simulator = null;
        var callsBeforeOutage = reader.Handler.Calls.Count;
        await WaitUntilAsync(() => reader.Handler.Calls.Skip(callsBeforeOutage).Any(c => c.Status == 0), "a failed poll during the outage");
        _simulator = await StartAsync();

        var after = new List<string>();
        for (var i = 5; i < 8; i++)
        {
            after.Add((await carrier.Client.PublishEventAsync("actualGateOut", Event(teId, i), "after-" + i, ct)).EventTransactionId);
        }

        await WaitUntilAsync(() => Seen() >= 10, "the 3 events after the restart");
        await Task.Delay(TimeSpan.FromMilliseconds(200), ct); // a few more polls: nothing may come twice
        await stop.CancelAsync();
        await consumer;

        List<LedgerEvent> all;
        lock (seenGate)
        {
            all = [.. seen];
        }

        var feed = await reader.Client.GetEventsAsync(0, 1000, ct);
        feed.Events.Count.ShouldBe(10);
        all.Select(e => e.Tx.Id).ShouldBe(feed.Events.Select(e => e.EventTransactionId)); // no gap, no repeat, in order
        all.Select(e => e.Tx.BlockNumber).ShouldBe([1L, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        all.Select(e => e.Tx.Id).Distinct().Count().ShouldBe(10);
        all.Select(e => e.ProtocolId).ShouldBe(all.Select(e => e.ProtocolId).Order(StringComparer.Ordinal));
        all.Select(e => e.Tx.Id).ShouldBe([.. all.Take(2).Select(e => e.Tx.Id), .. before, .. after]);

        // A new adapter (as after a bridge restart) resumes strictly after a checkpoint taken before the outage.
        var checkpoint = all[4].ToCheckpoint();
        var resumed = await AdapterStream.ReadUntilAsync(new PlatformAdapter(reader.Client, new PlatformPollerOptions { Interval = TimeSpan.FromMilliseconds(50) }), checkpoint, r => r.Count >= 5, Limit);
        resumed.Select(e => e.Tx.Id).ShouldBe(all.Skip(5).Select(e => e.Tx.Id));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private Task<PlatformSimulator> StartAsync() => PlatformSimulator.StartAsync(
        new PlatformSimulatorOptions { DataDirectory = _directory, TimeProvider = _time, SeedDemoData = false, Port = _port },
        TestContext.Current.CancellationToken);

    private static JsonObject Event(string teId, int i) => new()
    {
        ["originatorName"] = "Carrier",
        ["originatorId"] = "MAEU",
        ["eventOccurrenceTime8601"] = AdapterTestSupport.Iso8601(SimulatorHarness.Start.AddHours(i)),
        ["transportEquipmentId"] = teId,
        ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
    };

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(20))
        {
            waited.ShouldBeLessThan(Limit, $"waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }
}
