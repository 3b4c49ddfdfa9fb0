using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Platform.Client;
using Bridge.IntegrationTests.Api;
using Bridge.Simulators.Platform;

namespace Bridge.IntegrationTests.Platform.Webhooks;

/// <summary>
/// The platform lane end to end through the host's webhook receiver: the platform simulator publishes, its webhook
/// dispatcher delivers to <c>POST /api/v1/webhooks/platform/{network}</c>, and the bridge verifies, maps and stores; plus
/// crafted deliveries for every rejection (wrong signature, stale, replay, altered attestation) that must change nothing,
/// and a simulator restart with deliveries pending that must lose none and store none twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformWebhookTests(PlatformWebhookFixture fixture) : IClassFixture<PlatformWebhookFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TradeLensFixture_ReplayedThroughThePlatform_ReachesTheBridgeTimelineWithTheSimulatorsStepsAndTimes()
    {
        // The captured TradeLens answer (../shared/conformance/tradelens): B/L BOL419328, equipment 10193652010736 (not ISO
        // 6346: accepted with a warning), 20H0. Every event the fixture carries is offered to the publish API: the
        // milestone members of each equipment (planned/estimated/actual + milestone, epoch ms; departures at the port of
        // entry, arrivals at the port of discharge) and the events of its transport plans' summaries. The capture holds
        // two real ones (a planned vessel departure and arrival); its summary event is a schema placeholder (eventType
        // "string"), which the API refuses. The booking number is ours: the fixture has none.
        using var fixtureJson = JsonDocument.Parse(Records.Conformance("tradelens", "tradelens-container-details.json"));
        var equipment = fixtureJson.RootElement.GetProperty("transportEquipmentList")[0];
        var bl = equipment.GetProperty("billsOfLading").GetString()!;
        var number = equipment.GetProperty("equipmentNumber").GetString()!;
        var booking = "BKG-" + bl + "-" + Guid.NewGuid().ToString("N")[..6];
        var consignment = await fixture.Carrier.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking, ["billOfLadingNumber"] = bl }, Ct);
        var te = await fixture.Carrier.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = number, ["equipmentType"] = equipment.GetProperty("transportEquipmentTypes")[0].GetProperty("code").GetString(), ["carrierBookingNumber"] = booking }, Ct);
        te.Warnings.ShouldContain(w => w.Field == "equipmentNumber");

        var published = new List<string>();
        var refused = 0;
        foreach (var (type, body) in FixtureEvents(equipment))
        {
            body["originatorName"] = "Carrier";
            body["originatorId"] = "MAEU";
            body["transportEquipmentId"] = te.TransportEquipmentId;
            try
            {
                published.Add((await fixture.Carrier.PublishEventAsync(type, body, idempotencyKey: null, Ct)).EventTransactionId);
            }
            catch (PlatformApiException e) when (e.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
            {
                refused++;
            }
        }

        published.Count.ShouldBeGreaterThanOrEqualTo(2, "the capture's planned departure and arrival are accepted");
        refused.ShouldBeGreaterThanOrEqualTo(1, "the capture's placeholder summary event is refused");

        // The simulator's view: its steps in order, each step's plan, estimates and actuals.
        var progress = await fixture.Carrier.GetCurrentProgressAsync(consignment.ConsignmentId, te.TransportEquipmentId, Ct);
        var simulator = new List<(string Id, string Port, string Classifier, DateTimeOffset At)>();
        foreach (var step in progress.GetProperty("transportEquipmentList")[0].GetProperty("currentProgressEvents").EnumerateArray())
        {
            IEnumerable<JsonElement> planned = step.GetProperty("planned").ValueKind == JsonValueKind.Object ? [step.GetProperty("planned")] : [];
            foreach (var e in planned.Concat(step.GetProperty("estimates").EnumerateArray()).Concat(step.GetProperty("actuals").EnumerateArray()))
            {
                var eventType = e.GetProperty("eventType").GetString()!;
                var classifier = eventType.StartsWith("planned", StringComparison.Ordinal) ? "PLN" : eventType.StartsWith("estimated", StringComparison.Ordinal) ? "EST" : "ACT";
                simulator.Add((e.GetProperty("eventTransactionId").GetString()!, step.GetProperty("locationKey").GetString()!, classifier, DateTimeOffset.Parse(e.GetProperty("eventOccurrenceTime8601").GetString()!, CultureInfo.InvariantCulture)));
            }
        }

        simulator.Select(s => s.Id).ShouldBe(published, ignoreOrder: true);

        // The bridge's stored canonical timeline of the same events.
        var ids = string.Join(", ", published.Select(p => $"'{p}'"));
        (await fixture.WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})", published.Count, Ct)).ShouldBe(published.Count);
        using var bridge = fixture.Host.Client(fixture.Host.OperatorKey);
        using var response = await bridge.GetAsync($"/api/v1/shipments/{number}/timeline?type=container", Ct);
        var timeline = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("provenance").TryGetProperty("sourceId", out var id) && published.Contains(id.GetString()!))
            .Select(i => (Id: i.GetProperty("provenance").Str("sourceId"), Port: i.GetProperty("location").Str("unLocode"), Classifier: i.Str("classifier"), At: DateTimeOffset.Parse(i.Str("at"), CultureInfo.InvariantCulture)))
            .ToList();

        // The same events, each with the same step (port), classifier and time; and in the same order, which both define
        // by time (steps by their time, the timeline by event time); events at one instant are matched by id above.
        timeline.OrderBy(t => t.Id, StringComparer.Ordinal).ShouldBe(simulator.OrderBy(s => s.Id, StringComparer.Ordinal));
        timeline.Select(t => t.At).ShouldBe(simulator.Select(s => s.At));
    }

    /// <summary>Every event the fixture's equipment carries, as (eventType, publish body without originator and target).</summary>
    private static List<(string Type, JsonObject Body)> FixtureEvents(JsonElement equipment)
    {
        var events = new List<(string, JsonObject)>();
        foreach (var member in equipment.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt64(out var epochMs)
                && (member.Name.StartsWith("planned", StringComparison.Ordinal) || member.Name.StartsWith("estimated", StringComparison.Ordinal) || member.Name.StartsWith("actual", StringComparison.Ordinal)))
            {
                var port = equipment.GetProperty(member.Name.EndsWith("Departure", StringComparison.Ordinal) ? "portOfEntry" : "portOfDischarge").GetString()!;
                events.Add((member.Name, new JsonObject
                {
                    ["eventOccurrenceTime8601"] = DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                    ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = port },
                }));
            }
        }

        foreach (var plan in equipment.GetProperty("transportPlans").EnumerateArray())
        {
            foreach (var summary in plan.GetProperty("transportSummaryEvents").EnumerateArray())
            {
                var e = summary.GetProperty("event");
                var body = new JsonObject { ["eventOccurrenceTime8601"] = e.GetProperty("eventOccurrenceTime8601").GetString() };
                if (e.GetProperty("location").TryGetProperty("unlocode", out var unlocode))
                {
                    body["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = unlocode.GetString() };
                }

                events.Add((e.GetProperty("eventType").GetString()!, body));
            }
        }

        return events;
    }

    [Fact]
    public async Task CraftedDelivery_GenuineIsStoredOnce_ReplayWrongSignatureStaleAndAlteredAttestationChangeNothing()
    {
        var eventObject = await PublishAndReadAsync();
        var body = Encoding.UTF8.GetBytes(new JsonArray(JsonNode.Parse(eventObject.GetRawText())).ToJsonString());
        var deliveryId = "test-" + Guid.NewGuid().ToString("N");
        var now = TimeProvider.System.GetUtcNow();

        using (var genuine = await PostAsync(body, Headers(body, deliveryId, now)))
        {
            var receipt = await genuine.ShouldBeJsonAsync(HttpStatusCode.OK);
            receipt.Str("deliveryId").ShouldBe(deliveryId);
            receipt.GetProperty("events").GetInt32().ShouldBe(1);
        }

        // The subscription delivers the same event on its own; crafted deliveries have ids starting "test-".
        var id = eventObject.GetProperty("eventTransactionId").GetString()!;
        var counts = $"SELECT (SELECT count(*) FROM logistics_events WHERE source_event_id = '{id}') * 1000000 + (SELECT count(*) FROM webhook_deliveries WHERE delivery_id LIKE 'test-%')";
        var before = await fixture.Host.ScalarAsync<long>(counts);
        (before / 1000000).ShouldBe(1);
        using (var replay = await PostAsync(body, Headers(body, deliveryId, now)))
        {
            await replay.ShouldBeProblemAsync(HttpStatusCode.Conflict, "webhook-replayed");
        }

        var wrongSecret = Headers(body, "test-" + Guid.NewGuid().ToString("N"), now, secret: "not-the-secret");
        using (var forged = await PostAsync(body, wrongSecret))
        {
            (await forged.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "webhook-rejected")).Str("detail").ShouldStartWith("BadSignature");
        }

        using (var stale = await PostAsync(body, Headers(body, "test-" + Guid.NewGuid().ToString("N"), now.AddMinutes(-10))))
        {
            (await stale.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "webhook-rejected")).Str("detail").ShouldStartWith("Stale");
        }

        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"vehicleId\":\"9461374\"", "\"vehicleId\":\"9461375\"", StringComparison.Ordinal));
        altered.ShouldNotBe(body);
        using (var tampered = await PostAsync(altered, Headers(altered, "test-" + Guid.NewGuid().ToString("N"), now)))
        {
            await tampered.ShouldBeValidationProblemAsync("/0/attestation", "invalid-attestation");
        }

        using (var unknown = await fixture.Host.Client().PostAsync("/api/v1/webhooks/platform/nobody", new ByteArrayContent(body), Ct))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        (await fixture.Host.ScalarAsync<long>(counts)).ShouldBe(before, "a rejected delivery stored something");
    }

    [Fact]
    public async Task SimulatorRestart_WithDeliveriesPending_LosesNoEventAndStoresNoneTwice()
    {
        // A real redelivery: the first simulator runs with its test hook that ends acknowledged deliveries in memory only
        // (as if it crashed between the receiver's 200 and the journal write), so after the restart (same journal, same
        // port, so the same issuer) every delivery the host already stored is pending again and comes a second time.
        // The host's delivery ledger is emptied in between (as its clean-up does once a delivery id is older than twice
        // the tolerance), so the redeliveries pass the replay guard and only the events' deterministic ids stand between
        // them and a second row. This network has no polling fallback: webhooks are the only way in.
        var port = PlatformHostFixture.FreePort();
        var folder = Directory.CreateTempSubdirectory("bridge-platform-restart-").FullName;
        var deliveries = $"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformWebhookFixture.LateNetwork}'";
        try
        {
            // A seed of its own: under the fixture simulator's (default) seed this simulator would hand out the same event ids,
            // and both deliver into one bridge, where an event's id is derived from its eventTransactionId.
            var options = new PlatformSimulatorOptions { DataDirectory = folder, SeedDemoData = false, Port = port, Seed = "restart-" + Guid.NewGuid().ToString("N") };
            var published = new List<string>();
            string ids;
            string everything; // every event the subscriber may read (the consignment and equipment events too)
            long delivered;
            await using (var first = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions { DataDirectory = folder, SeedDemoData = false, Port = port, Seed = options.Seed, TestHookSkipJournallingDeliveredMarks = true }, Ct))
            {
                var customs = fixture.Client(first, "customs");
                await fixture.RegisterAsync(PlatformWebhookFixture.LateNetwork, await customs.GetTrustAnchorsAsync(Ct));
                await customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(fixture.ReceiverUrl(PlatformWebhookFixture.LateNetwork), PlatformWebhookFixture.Secret), Ct);
                var carrier = fixture.Client(first, "carrier");
                var booking = "BKG-RESTART-" + Guid.NewGuid().ToString("N")[..8];
                await carrier.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking }, Ct);
                var te = await carrier.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = "MSKU9070323", ["carrierBookingNumber"] = booking }, Ct);
                for (var i = 0; i < 5; i++)
                {
                    var body = new JsonObject
                    {
                        ["originatorName"] = "Carrier",
                        ["originatorId"] = "MAEU",
                        ["eventOccurrenceTime8601"] = new DateTimeOffset(2026, 11, 1, 8, i, 0, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                        ["transportEquipmentId"] = te.TransportEquipmentId,
                        ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
                    };
                    published.Add((await carrier.PublishEventAsync("actualGateIn", body, idempotencyKey: null, Ct)).EventTransactionId);
                }

                ids = string.Join(", ", published.Select(p => $"'{p}'"));
                (await fixture.WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})", published.Count, Ct)).ShouldBe(published.Count);
                await WaitUntilAsync(() => first.PendingDeliveries == 0);
                first.PendingDeliveries.ShouldBe(0, "the host acknowledged every delivery");
                var feed = (await customs.GetEventsAsync(0, 1000, Ct)).Events;
                delivered = feed.Count;
                everything = string.Join(", ", feed.Select(e => $"'{e.EventTransactionId}'"));
                (await fixture.Host.ScalarAsync<long>(deliveries)).ShouldBe(delivered, "one stored delivery per event the subscriber may read");
            }

            var storedBefore = await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({everything})");
            await fixture.Host.ScalarAsync<long>($"DELETE FROM webhook_deliveries WHERE network = '{PlatformWebhookFixture.LateNetwork}'");
            await using var second = await PlatformSimulator.StartAsync(options, Ct);
            await WaitUntilAsync(() => second.PendingDeliveries == 0);
            second.PendingDeliveries.ShouldBe(0, "the redeliveries were acknowledged");

            // Every delivery came a second time and was accepted (200, recorded again); no event has a second row.
            (await fixture.Host.ScalarAsync<long>(deliveries)).ShouldBe(delivered, "every delivery was redelivered after the restart");
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})")).ShouldBe(published.Count);
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({everything})")).ShouldBe(storedBefore, "the redelivered tracking-start events added no row either");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task PlatformJwsProof_OfAServedEvent_VerifiesWithBridgeVerifyAndFailsWhenAltered()
    {
        var eventObject = await PublishAndReadAsync();
        var proof = Bridge.Adapters.Platform.Proofs.PlatformProofBuilder.ForEvent(PlatformWebhookFixture.NetworkName, eventObject);
        var anchors = await fixture.Customs.GetTrustAnchorsAsync(Ct);
        var folder = Directory.CreateTempSubdirectory("bridge-platform-proof-").FullName;
        try
        {
            var proofFile = Path.Combine(folder, "proof.json");
            var trustFile = Path.Combine(folder, "trust.json");
            await File.WriteAllBytesAsync(proofFile, Bridge.Adapters.Abstractions.Proofs.ProofEnvelopeJson.Serialize(proof, indented: true), Ct);
            await File.WriteAllTextAsync(trustFile, Bridge.Adapters.Abstractions.Trust.TrustAnchorsJson.ToJson(anchors).GetRawText(), Ct);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();

            (await Bridge.Host.Cli.BridgeCommandLine.RunAsync(["verify", proofFile, "--trust", trustFile], stdout, stderr, Ct)).ShouldBe(0, stdout.ToString() + stderr);
            stdout.ToString().ShouldStartWith($"valid: platform-jws proof of event {eventObject.GetProperty("eventTransactionId").GetString()}");

            var altered = (await File.ReadAllTextAsync(proofFile, Ct)).Replace("\"DEHAM\"", "\"DEBRV\"", StringComparison.Ordinal);
            await File.WriteAllTextAsync(proofFile, altered, Ct);
            using var stdout2 = new StringWriter();
            (await Bridge.Host.Cli.BridgeCommandLine.RunAsync(["verify", proofFile, "--trust", trustFile], stdout2, stderr, Ct)).ShouldBe(1, stdout2.ToString());
            stdout2.ToString().ShouldStartWith("invalid (");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Publishes one event and reads it back from the customs feed (with its attestation).</summary>
    private async Task<JsonElement> PublishAndReadAsync()
    {
        var booking = "BKG-CRAFT-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Carrier.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking }, Ct);
        var container = "TCLU" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var te = await fixture.Carrier.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = container, ["carrierBookingNumber"] = booking }, Ct);
        var body = new JsonObject
        {
            ["originatorName"] = "Carrier",
            ["originatorId"] = "MAEU",
            ["eventOccurrenceTime8601"] = "2026-11-02T10:00:00.000+01:00",
            ["transportEquipmentId"] = te.TransportEquipmentId,
            ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "DEHAM" },
            ["vehicleId"] = "9461374",
        };
        var id = (await fixture.Carrier.PublishEventAsync("actualLoadedOnVessel", body, idempotencyKey: null, Ct)).EventTransactionId;
        var feed = await fixture.Customs.GetEventsAsync(0, 1000, Ct);
        return feed.Events.Single(e => e.EventTransactionId == id).Object;
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        using var client = fixture.Host.Client();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.ReceiverUrl(PlatformWebhookFixture.NetworkName)) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, Ct);
    }

    /// <summary>The delivery headers of docs/platform.md, computed here independently of the product's code.</summary>
    private static Dictionary<string, string> Headers(byte[] body, string deliveryId, DateTimeOffset sentAt, string secret = PlatformWebhookFixture.Secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var t = sentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{deliveryId}.{t}."), .. body];
        return new Dictionary<string, string>
        {
            ["X-GTD-Signature"] = Convert.ToHexStringLower(HMACSHA1.HashData(key, body)),
            ["X-GTD-Delivery"] = $"id={deliveryId},t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(key, signed))}",
        };
    }
}
