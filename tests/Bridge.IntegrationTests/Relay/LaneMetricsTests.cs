using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.IntegrationTests.Api;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>Per-lane gauges on <c>/metrics</c>: backlog, age of the oldest pending message, failures by reason.</summary>
[Trait("Category", "Integration")]
public sealed class LaneMetricsTests
{
    [Fact]
    public async Task Metrics_ALaneWithPendingAndFailedMessages_ShowsItsBacklogAgeAndFailureReasons()
    {
        var host = BridgeHostFixture.WithArguments("--Bridge:Metrics:LaneSampleInterval=00:00:00.200");
        await host.InitializeAsync();
        try
        {
            using var client = host.Client(host.OperatorKey);
            var (source, destination, lane) = await RelayTestLanes.CreateAsync(client);

            await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
            var store = new MessageStore(dataSource, TimeProvider.System);
            var now = TimeProvider.System.GetUtcNow();
            RelayMessage Message(string tx) => RelayMessage.Observe(lane, MessageKind.Event, new MessageSource(source, new TxRef(tx, 1), 0, tx), destination, new string('c', 64), now.AddHours(1), now);
            var first = Message("tx-1");
            await store.ObserveAsync(first, Ct);
            await store.ObserveAsync(Message("tx-2"), Ct);
            await store.ApplyAsync(first.Id, new MessageEvent.StepFailed("proof-invalid", "a flipped byte", Retryable: false), MessageStateMachine.Default, null, null, Ct);

            // Wait for a sample taken after the failure: one taken between the second observation and the failure already
            // shows the backlog of 2 but no failure yet.
            string text = string.Empty;
            for (var i = 0; i < 200 && !(text.Contains($"bridge_lane_backlog{{lane=\"{lane}\"}} 2", StringComparison.Ordinal)
                && text.Contains($"bridge_lane_failed{{lane=\"{lane}\",reason=\"proof-invalid\"}} 1", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(100, Ct);
                text = await client.GetStringAsync("/metrics", Ct);
            }

            text.ShouldContain($"bridge_lane_backlog{{lane=\"{lane}\"}} 2");
            text.ShouldContain($"bridge_lane_failed{{lane=\"{lane}\",reason=\"proof-invalid\"}} 1");
            text.ShouldContain($"bridge_lane_oldest_pending_age_seconds{{lane=\"{lane}\"}}");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
