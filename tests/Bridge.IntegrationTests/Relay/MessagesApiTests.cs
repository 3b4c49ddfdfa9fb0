using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Host.Cli;
using Bridge.IntegrationTests.Api;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary><c>/api/v1/messages</c> and <c>bridge messages</c>: list, show, retry and cancel through the state machine.</summary>
[Trait("Category", "Integration")]
public sealed class MessagesApiTests : IClassFixture<BridgeHostFixture>, IAsyncLifetime
{
    private readonly BridgeHostFixture _host;
    private NpgsqlDataSource _dataSource = null!;
    private MessageStore _store = null!;
    private string _lane = string.Empty;
    private string _destination = string.Empty;

    public MessagesApiTests(BridgeHostFixture host) => _host = host;

    public async ValueTask InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(_host.ConnectionString);
        _store = new MessageStore(_dataSource, TimeProvider.System);
        using var client = _host.Client(_host.OperatorKey);
        (_, _destination, _lane) = await RelayTestLanes.CreateAsync(client);
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Messages_ListShowRetryAndCancel_GoThroughTheStateMachine()
    {
        var failed = await ObserveAsync("tx-failed");
        (await _store.ApplyAsync(failed.Id, new MessageEvent.StepFailed("source-unreachable", "the node did not answer", Retryable: true), MessageStateMachine.Default, null, null, Ct)).ShouldBeOfType<ApplyOutcome.Applied>();
        var fresh = await ObserveAsync("tx-fresh");
        using var client = _host.Client(_host.OperatorKey);

        using (var list = await client.GetAsync($"/api/v1/messages?lane={_lane}&state=failed", Ct))
        {
            var items = (await list.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
            items.Select(i => i.Str("id")).ShouldBe([failed.Id.Value]);
            items[0].GetProperty("lastError").Str("code").ShouldBe("source-unreachable");
        }

        using (var retried = await client.PostAsync($"/api/v1/messages/{failed.Id.Value}/retry", null, Ct))
        {
            var body = await retried.ShouldBeJsonAsync(HttpStatusCode.OK);
            body.Str("state").ShouldBe("observed");
            body.GetProperty("transitions").EnumerateArray().Last().Str("evidence").ShouldStartWith("key:");
        }

        using (var cancelled = await client.PostJsonAsync($"/api/v1/messages/{fresh.Id.Value}/cancel", new JsonObject { ["reason"] = "duplicate booking" }))
        {
            var body = await cancelled.ShouldBeJsonAsync(HttpStatusCode.OK);
            body.Str("state").ShouldBe("cancelled");
            body.GetProperty("transitions").EnumerateArray().Last().Str("reason").ShouldContain("duplicate booking");
        }

        using (var again = await client.PostAsync($"/api/v1/messages/{fresh.Id.Value}/retry", null, Ct))
        {
            (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "message-transition-refused")).Str("detail").ShouldStartWith("terminal");
        }

        using (var unknown = await client.GetAsync($"/api/v1/messages/{new string('0', 64)}", Ct))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        using (var badState = await client.GetAsync("/api/v1/messages?state=lost", Ct))
        {
            await badState.ShouldBeValidationProblemAsync("/query/state", "unknown-value");
        }

        using var participant = _host.Client(_host.ParticipantKey);
        using (var forbidden = await participant.PostAsync($"/api/v1/messages/{failed.Id.Value}/retry", null, Ct))
        {
            await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        string[] Common() => ["--url", _host.BaseAddress.ToString(), "--api-key", _host.OperatorKey];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        (await BridgeCommandLine.RunAsync(["messages", "list", "--lane", _lane, "--output", "json", .. Common()], stdout, stderr, Ct)).ShouldBe(0, stderr.ToString());
        JsonNode.Parse(stdout.ToString())!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ShouldBe([fresh.Id.Value, failed.Id.Value], ignoreOrder: true);
        using var shown = new StringWriter();
        (await BridgeCommandLine.RunAsync(["messages", "show", failed.Id.Value, .. Common()], shown, stderr, Ct)).ShouldBe(0, stderr.ToString());
        shown.ToString().ShouldContain("failed -> observed");
    }

    private async Task<RelayMessage> ObserveAsync(string txId)
    {
        var now = TimeProvider.System.GetUtcNow();
        var message = RelayMessage.Observe(_lane, MessageKind.Event, new MessageSource("fabric-src", new TxRef(txId + Guid.NewGuid().ToString("N")[..6], 3), 0, txId), _destination, new string('b', 64), now.AddHours(1), now);
        (await _store.ObserveAsync(message, Ct)).ShouldBeTrue();
        return message;
    }
}
