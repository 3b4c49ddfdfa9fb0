using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Client;
using Bridge.Adapters.Platform.Mapping;
using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>
/// The captured TradeLens payload (../shared/conformance/tradelens/tradelens-container-details.json, trade-standards.md
/// §B) replayed through the adapter's publish API and read back two ways: the platform's currentProgress and the
/// adapter's event stream mapped to canonical events (trade-standards.md §A.5).
/// </summary>
[Trait("Category", "Integration")]
public sealed class FixtureReplayTests
{
    // trade-standards.md §A.5: TradeLens milestones → DCSA transport event type codes (written out here, not read from the mapper).
    private static readonly Dictionary<string, string> TypeCodes = new(StringComparer.Ordinal) { ["VesselDeparture"] = "DEPA", ["VesselArrival"] = "ARRI" };

    [Fact]
    public async Task Replay_TradeLensContainerDetails_ProgressStreamAndFixtureAgreePerStep()
    {
        var ct = TestContext.Current.CancellationToken;

        // The fixture: one transport equipment with its B/L, equipment type, ports and planned vessel departure and
        // arrival (epoch ms). Its transport plan's one summary event is a placeholder ("string" type and time), so
        // the plan is replayed from the planned* members; estimates and actuals are added at the same steps, offset
        // from the plan, so every classifier (PLN/EST/ACT) is exercised.
        var fixture = JsonNode.Parse(await File.ReadAllBytesAsync(AdapterTestSupport.ConformanceFile("tradelens", "tradelens-container-details.json"), ct))!["transportEquipmentList"]![0]!;
        var number = (string)fixture["equipmentNumber"]!;
        var bol = (string)fixture["billsOfLading"]!;
        var equipmentType = (string)fixture["transportEquipmentTypes"]![0]!["code"]!;
        var from = (string)fixture["portOfEntry"]!;
        var to = (string)fixture["portOfDischarge"]!;
        var departure = DateTimeOffset.FromUnixTimeMilliseconds((long)fixture["plannedVesselDeparture"]!);
        var arrival = DateTimeOffset.FromUnixTimeMilliseconds((long)fixture["plannedVesselArrival"]!);
        var planIssued = (string)fixture["transportPlans"]![0]!["transportPlanIssuanceTime8601"]!;

        var expected = new List<(string Milestone, string Location, string Classifier, DateTimeOffset At, string EventType)>
        {
            ("VesselDeparture", from, "PLN", departure, "plannedVesselDeparture"),
            ("VesselArrival", to, "PLN", arrival, "plannedVesselArrival"),
            ("VesselDeparture", from, "EST", departure.AddHours(2), "estimatedVesselDeparture"),
            ("VesselDeparture", from, "ACT", departure.AddHours(3), "actualVesselDeparture"),
            ("VesselArrival", to, "EST", arrival.AddDays(9), "estimatedVesselArrival"),
            ("VesselArrival", to, "ACT", arrival.AddDays(9).AddHours(4), "actualVesselArrival"),
        };

        await using var h = await SimulatorHarness.StartAsync();
        using var carrier = ClientSession.For(h, "carrier");
        var booking = "BKG-" + bol;
        var cid = (await carrier.Client.UpsertConsignmentAsync(new JsonObject
        {
            ["originatorName"] = "Carrier",
            ["originatorId"] = "MAEU",
            ["carrierBookingNumber"] = booking,
            ["billOfLadingNumber"] = bol,
        }, ct)).ConsignmentId;
        var equipment = await carrier.Client.UpsertTransportEquipmentAsync(new JsonObject
        {
            ["equipmentNumber"] = number,
            ["equipmentType"] = equipmentType,
            ["consignmentId"] = cid,
        }, ct);
        var teId = equipment.TransportEquipmentId;
        equipment.Warnings.Select(w => w.Field).ShouldBe(["equipmentNumber"]); // 10193652010736 is not ISO 6346 (accepted with a warning)

        var published = new Dictionary<string, (string Milestone, string Location, string Classifier, DateTimeOffset At, string EventType)>(StringComparer.Ordinal);
        foreach (var e in expected)
        {
            var body = new JsonObject
            {
                ["originatorName"] = "Carrier",
                ["originatorId"] = "MAEU",
                ["eventOccurrenceTime8601"] = AdapterTestSupport.Iso8601(e.At),
                ["eventSubmissionTime8601"] = e.Classifier == "PLN" ? planIssued : null,
                ["transportEquipmentId"] = teId,
                ["transportationPhase"] = "Export",
                ["fullStatus"] = "Full",
                ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = e.Location },
            };
            var answer = await carrier.Client.PublishEventAsync(e.EventType, body, "replay-" + e.EventType, ct);
            published.Add(answer.EventTransactionId, e);
        }

        // (a) The platform's currentProgress, read through the client.
        var progress = await carrier.Client.GetCurrentProgressAsync(cid, teId, ct);
        var entry = progress.GetProperty("transportEquipmentList")[0];
        entry.GetProperty("transportEquipmentSummary").GetProperty("equipmentNumber").GetString().ShouldBe(number);
        var fromProgress = new List<(string, string, string, DateTimeOffset)>();
        foreach (var step in entry.GetProperty("currentProgressEvents").EnumerateArray())
        {
            var location = step.GetProperty("locationKey").GetString()!;
            if (step.GetProperty("planned") is { ValueKind: JsonValueKind.Object } planned)
            {
                fromProgress.Add(Read(planned, location, "PLN"));
            }

            fromProgress.AddRange(step.GetProperty("estimates").EnumerateArray().Select(x => Read(x, location, "EST")));
            fromProgress.AddRange(step.GetProperty("actuals").EnumerateArray().Select(x => Read(x, location, "ACT")));
        }

        var fromFixture = expected.Select(e => (e.Milestone, e.Location, e.Classifier, e.At)).ToList();
        fromProgress.ShouldBe(fromFixture, ignoreOrder: true);
        entry.GetProperty("currentProgressEvents").GetArrayLength().ShouldBe(2);

        // (b) The adapter's stream (polling fallback) as the port sees it, through the canonical mapper.
        using var port = ClientSession.For(h, "port");
        var adapter = new PlatformAdapter(port.Client, new PlatformPollerOptions { Interval = TimeSpan.FromMilliseconds(50) });
        var streamed = await AdapterStream.ReadUntilAsync(adapter, null, read => published.Keys.All(id => read.Any(r => r.Tx.Id == id)), TimeSpan.FromSeconds(10));
        var fromStream = new List<(string, string, string, DateTimeOffset)>();
        foreach (var item in streamed.Where(s => published.ContainsKey(s.Tx.Id)))
        {
            using var document = JsonDocument.Parse(item.Payload);
            var platformEvent = PlatformEvent.From(document.RootElement).ShouldNotBeNull();
            var mapped = PlatformEventMapper.Map(platformEvent, "platform-it", SimulatorHarness.Start);
            mapped.Validation.IsValid.ShouldBeTrue();
            var canonical = mapped.Events.ShouldHaveSingleItem();
            var source = published[item.Tx.Id];
            canonical.TypeCode.ShouldBe(TypeCodes[source.Milestone]);
            canonical.Provenance.ShouldNotBeNull().SourceId.ShouldBe(item.Tx.Id);
            canonical.Provenance!.Anchor.ShouldNotBeNull().BlockNumber.ShouldBe(item.Tx.BlockNumber);
            fromStream.Add((source.Milestone, canonical.Location?.UnLocode ?? "?", canonical.Classifier, canonical.EventDateTime));
        }

        fromStream.ShouldBe(fromFixture, ignoreOrder: true);
        fromStream.Select(s => s.Item4.UtcTicks).ShouldBe(fromProgress.Select(p => p.Item4.UtcTicks), ignoreOrder: true);
    }

    // A currentProgress event: its milestone (event type without the planned/estimated/actual prefix) and time.
    private static (string Milestone, string Location, string Classifier, DateTimeOffset At) Read(JsonElement e, string location, string classifier)
    {
        var type = e.GetProperty("eventType").GetString()!;
        var prefix = classifier switch { "PLN" => "planned", "EST" => "estimated", _ => "actual" };
        type.ShouldStartWith(prefix);
        var at = DateTimeOffset.Parse(e.GetProperty("eventOccurrenceTime8601").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        e.GetProperty("eventOccurrenceTime").GetInt64().ShouldBe(at.ToUnixTimeMilliseconds());
        return (type[prefix.Length..], location, classifier, at);
    }
}
