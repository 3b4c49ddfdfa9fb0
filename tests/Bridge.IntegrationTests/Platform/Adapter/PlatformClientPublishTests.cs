using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Client;
using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>Publishing through the client and the adapter (docs/platform.md "Publishing", "The adapter").</summary>
[Trait("Category", "Integration")]
public sealed class PlatformClientPublishTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private SimulatorHarness H => fixture.Harness;

    [Fact]
    public async Task PublishEvent_SameIdempotencyKeyTwice_OneEventIdAndOneEventInFeed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var carrier = ClientSession.For(H, "carrier");
        var booking = "BKG-IDEM-" + Guid.NewGuid().ToString("N")[..8];
        var cid = (await carrier.Client.UpsertConsignmentAsync(Consignment(booking), ct)).ConsignmentId;
        await carrier.Client.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = AdapterTestSupport.Iso, ["consignmentId"] = cid }, ct);
        var before = (await carrier.Client.GetEventsAsync(0, 1000, ct)).LastSequence;
        var key = "idem-" + Guid.NewGuid().ToString("N");

        var body = Event("2025-02-01T08:00:00.000+01:00", booking);
        var first = await carrier.Client.PublishEventAsync("actualGateIn", body, key, ct);
        var second = await carrier.Client.PublishEventAsync("actualGateIn", body, key, ct);

        second.EventTransactionId.ShouldBe(first.EventTransactionId);
        first.Warnings.ShouldBeEmpty();
        var after = await carrier.Client.GetEventsAsync(before, 1000, ct);
        after.Events.Count(e => e.EventTransactionId == first.EventTransactionId).ShouldBe(1);
        after.Events.Count(e => e.EventType == "actualGateIn").ShouldBe(1);

        // The body the caller passed is not changed by the client (the key goes into a copy).
        body.ContainsKey("idempotencyKey").ShouldBeFalse();

        // A different key is a different event.
        var third = await carrier.Client.PublishEventAsync("actualGateIn", body, key + "-b", ct);
        third.EventTransactionId.ShouldNotBe(first.EventTransactionId);
    }

    [Fact]
    public async Task PublishEvent_RoleMayNotPublish_PlatformApiException403WithProblemTitle()
    {
        using var shipper = ClientSession.For(H, "shipper");
        var error = await Should.ThrowAsync<PlatformApiException>(() =>
            shipper.Client.PublishEventAsync("actualVesselDeparture", Event("2025-02-01T08:00:00.000Z", "BKG-ANY"), null, TestContext.Current.CancellationToken));

        error.Status.ShouldBe(HttpStatusCode.Forbidden);
        error.Title.ShouldBe("Not allowed");
        error.Type.ShouldBe("urn:trade-chain-bridge:platform:forbidden");
        error.Detail.ShouldNotBeNull().ShouldContain("actualVesselDeparture");
        shipper.Handler.Count("/api/v1/transportEvents/").ShouldBe(1);
    }

    [Fact]
    public async Task PublishEvent_NoOccurrenceTime_PlatformApiException400NamesTheField()
    {
        using var carrier = ClientSession.For(H, "carrier");
        var body = Event("2025-02-01T08:00:00.000Z", "BKG-ANY");
        body.Remove("eventOccurrenceTime8601");

        var error = await Should.ThrowAsync<PlatformApiException>(() =>
            carrier.Client.PublishEventAsync("actualGateOut", body, "k-400", TestContext.Current.CancellationToken));

        error.Status.ShouldBe(HttpStatusCode.BadRequest);
        error.Type.ShouldBe("urn:trade-chain-bridge:platform:validation");
        error.Errors.Select(e => e.Field).ShouldContain("eventOccurrenceTime8601");
        carrier.Handler.Count("/api/v1/transportEvents/").ShouldBe(1); // a 400 is not retried, even with a key
    }

    [Fact]
    public async Task Submit_PublishEventThroughAdapter_AcceptedOnceAndRejectionsCoded()
    {
        var ct = TestContext.Current.CancellationToken;
        using var carrier = ClientSession.For(H, "carrier");
        using var shipper = ClientSession.For(H, "shipper");
        var adapter = new PlatformAdapter(carrier.Client);
        var booking = "BKG-ADP-" + Guid.NewGuid().ToString("N")[..8];
        var command = new LedgerCommand.RawInvoke(PlatformAdapter.PublishEventFunction, ["plannedGateIn", Event("2025-02-03T08:00:00.000Z", booking).ToJsonString()]);

        var first = (await adapter.SubmitAsync(command, "adp-1", ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var again = (await adapter.SubmitAsync(command, "adp-1", ct)).ShouldBeOfType<SubmitResult.Accepted>();
        again.Tx.Id.ShouldBe(first.Tx.Id);

        var forbidden = await new PlatformAdapter(shipper.Client).SubmitAsync(command, "adp-2", ct);
        forbidden.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("forbidden");
        var invalid = await adapter.SubmitAsync(new LedgerCommand.RawInvoke(PlatformAdapter.PublishEventFunction, ["plannedGateIn", "{}"]), "adp-3", ct);
        invalid.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("invalid-command");
        var missing = await adapter.QueryAsync(new LedgerQuery.RawEvaluate(PlatformAdapter.DocumentMetadataFunction, ["no-such-document"]), ct);
        missing.ShouldBeOfType<QueryResult.NotFound>();
    }

    private static JsonObject Consignment(string booking) => new()
    {
        ["originatorName"] = "Carrier",
        ["originatorId"] = "MAEU",
        ["carrierBookingNumber"] = booking,
    };

    private static JsonObject Event(string time, string booking) => new()
    {
        ["originatorName"] = "Carrier",
        ["originatorId"] = "MAEU",
        ["eventOccurrenceTime8601"] = time,
        ["equipmentNumber"] = AdapterTestSupport.Iso,
        ["carrierBookingNumber"] = booking,
        ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
    };
}
