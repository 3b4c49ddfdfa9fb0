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
        // 6346: accepted with a warning), 20H0, a planned vessel departure at the port of entry and a planned arrival at the
        // port of discharge, both at epoch ms 1514782800000. The booking number is ours: the fixture has none.
        using var fixtureJson = JsonDocument.Parse(Records.Conformance("tradelens", "tradelens-container-details.json"));
        var equipment = fixtureJson.RootElement.GetProperty("transportEquipmentList")[0];
        var bl = equipment.GetProperty("billsOfLading").GetString()!;
        var number = equipment.GetProperty("equipmentNumber").GetString()!;
        var booking = "BKG-" + bl + "-" + Guid.NewGuid().ToString("N")[..6];
        var steps = new[]
        {
            (Type: "plannedVesselDeparture", Port: equipment.GetProperty("portOfEntry").GetString()!, At: DateTimeOffset.FromUnixTimeMilliseconds(equipment.GetProperty("plannedVesselDeparture").GetInt64())),
            (Type: "plannedVesselArrival", Port: equipment.GetProperty("portOfDischarge").GetString()!, At: DateTimeOffset.FromUnixTimeMilliseconds(equipment.GetProperty("plannedVesselArrival").GetInt64())),
        };
        var consignment = await fixture.Carrier.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking, ["billOfLadingNumber"] = bl }, Ct);
        var te = await fixture.Carrier.UpsertTransportEquipmentAsync(new JsonObject { ["equipmentNumber"] = number, ["equipmentType"] = equipment.GetProperty("transportEquipmentTypes")[0].GetProperty("code").GetString(), ["carrierBookingNumber"] = booking }, Ct);
        te.Warnings.ShouldContain(w => w.Field == "equipmentNumber");
        var published = new List<string>();
        foreach (var step in steps)
        {
            var body = new JsonObject
            {
                ["originatorName"] = "Carrier",
                ["originatorId"] = "MAEU",
                ["eventOccurrenceTime8601"] = step.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["transportEquipmentId"] = te.TransportEquipmentId,
                ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = step.Port },
                ["vehicleId"] = "9461374",
            };
            published.Add((await fixture.Carrier.PublishEventAsync(step.Type, body, idempotencyKey: null, Ct)).EventTransactionId);
        }

        var progress = await fixture.Carrier.GetCurrentProgressAsync(consignment.ConsignmentId, te.TransportEquipmentId, Ct);
        var simulatorSteps = progress.GetProperty("transportEquipmentList")[0].GetProperty("currentProgressEvents").EnumerateArray()
            .Select(e => (Key: e.GetProperty("locationKey").GetString()!, Planned: DateTimeOffset.Parse(e.GetProperty("planned").GetProperty("eventOccurrenceTime8601").GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
        simulatorSteps.ShouldBe([(steps[0].Port, steps[0].At), (steps[1].Port, steps[1].At)]);

        var ids = string.Join(", ", published.Select(p => $"'{p}'"));
        (await fixture.WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})", published.Count, Ct)).ShouldBe(published.Count);
        using var bridge = fixture.Host.Client(fixture.Host.OperatorKey);
        using var response = await bridge.GetAsync($"/api/v1/shipments/{number}/timeline?type=container", Ct);
        var timeline = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("provenance").TryGetProperty("sourceId", out var id) && published.Contains(id.GetString()!))
            .ToList();
        // The fixture gives both plans the same instant, so the timeline's order between them is its tie-break (receive
        // time, then id): compare as sets, each step with its port, instant and DCSA code.
        timeline.Select(i => (Port: i.GetProperty("location").Str("unLocode"), At: DateTimeOffset.Parse(i.Str("at"), CultureInfo.InvariantCulture)))
            .ShouldBe(simulatorSteps.Select(s => (s.Key, s.Planned)), ignoreOrder: true);
        timeline.Select(i => (i.GetProperty("location").Str("unLocode"), i.Str("category"), i.Str("typeCode"), i.Str("classifier")))
            .ShouldBe([(steps[0].Port, "TRANSPORT", "DEPA", "PLN"), (steps[1].Port, "TRANSPORT", "ARRI", "PLN")], ignoreOrder: true);
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
        // The late network is not registered yet, so the host answers 404 and every delivery stays pending; the simulator
        // then restarts (same journal, same port, so the same issuer), the network is registered, and the pending
        // deliveries arrive.
        var port = PlatformWebhookFixture.FreePort();
        var folder = Directory.CreateTempSubdirectory("bridge-platform-restart-").FullName;
        try
        {
            // A seed of its own: under the fixture simulator's (default) seed this simulator would hand out the same event ids,
            // and both deliver into one bridge, where an event's id is derived from its eventTransactionId.
            var options = new PlatformSimulatorOptions { DataDirectory = folder, SeedDemoData = false, Port = port, Seed = "restart-" + Guid.NewGuid().ToString("N") };
            var published = new List<string>();
            Bridge.Adapters.Abstractions.Trust.PlatformTrustAnchors anchors;
            await using (var first = await PlatformSimulator.StartAsync(options, Ct))
            {
                var customs = fixture.Client(first, "customs");
                anchors = await customs.GetTrustAnchorsAsync(Ct);
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

                first.PendingDeliveries.ShouldBeGreaterThanOrEqualTo(published.Count);
            }

            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformWebhookFixture.LateNetwork}'")).ShouldBe(0);
            await fixture.RegisterAsync(PlatformWebhookFixture.LateNetwork, anchors);
            await using var second = await PlatformSimulator.StartAsync(options, Ct);
            second.PendingDeliveries.ShouldBeGreaterThanOrEqualTo(published.Count, "the pending deliveries survived the restart");

            var ids = string.Join(", ", published.Select(p => $"'{p}'"));
            (await fixture.WaitForAsync($"SELECT count(*) FROM logistics_events WHERE source_event_id IN ({ids})", published.Count, Ct)).ShouldBe(published.Count);
            for (var i = 0; i < 100 && second.PendingDeliveries > 0; i++)
            {
                await Task.Delay(100, Ct);
            }

            second.PendingDeliveries.ShouldBe(0);
            var feed = await fixture.Client(second, "customs").GetEventsAsync(0, 1000, Ct);
            (await fixture.Host.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE network = '{PlatformWebhookFixture.LateNetwork}'")).ShouldBe(feed.Events.Count, "one stored delivery per event the subscriber may read");
            (await fixture.Host.ScalarAsync<long>($"SELECT count(DISTINCT source_event_id) FROM logistics_events WHERE source_event_id IN ({ids})")).ShouldBe(published.Count);
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
        var proof = Bridge.Adapters.Platform.Proofs.PlatformProofBuilder.ForEvent(PlatformWebhookFixture.Network, eventObject);
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
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.ReceiverUrl(PlatformWebhookFixture.Network)) { Content = content };
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
