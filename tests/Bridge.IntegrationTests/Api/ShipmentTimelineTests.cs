using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>GET /api/v1/shipments/{reference}/timeline.</summary>
[Trait("Category", "Integration")]
public sealed class ShipmentTimelineTests : IClassFixture<BridgeHostFixture>
{
    private readonly BridgeHostFixture _host;

    public ShipmentTimelineTests(BridgeHostFixture host) => _host = host;

    /// <summary>A bill of lading and four events around it, stored through the API.</summary>
    private sealed record Shipment(string Bl, string Booking, string Container, string DocumentId, string LoadId, string DepartId, string DischargeId, string TrdEventId);

    [Fact]
    public async Task Timeline_ByBillOfLading_DocumentAndEventsNamingItInTimeOrder()
    {
        var s = await StoreShipmentAsync();
        using var client = _host.Client(_host.OperatorKey);

        var items = await TimelineAsync(client, s.Bl, "bl");

        items.Select(i => i.Str("id")).ShouldBe([s.DocumentId, s.TrdEventId]);
        var document = items[0];
        document.Str("kind").ShouldBe("document");
        document.Str("docType").ShouldBe("BILL_OF_LADING");
        document.Str("documentNumber").ShouldBe(s.Bl);
        document.Str("at").ShouldBe("2024-03-01T00:00:00+00:00");
        document.Str("commitmentRoot").ShouldMatch("^[0-9a-f]{64}$");
        document.GetProperty("provenance").Str("sourceSystem").ShouldBe("CANONICAL");
        var trd = items[1];
        trd.Str("kind").ShouldBe("event");
        trd.Str("category").ShouldBe("SHIPMENT");
        trd.Str("typeCode").ShouldBe("ISSU");
        trd.Str("classifier").ShouldBe("ACT");
    }

    [Fact]
    public async Task Timeline_ByContainer_KeepsEachEventsOffsetAndOrdersByInstant()
    {
        var s = await StoreShipmentAsync();
        using var client = _host.Client(_host.OperatorKey);

        var items = await TimelineAsync(client, s.Container, "container");

        // 2024-03-01 (document), LOAD 2024-03-02T09:00Z written as +08:00, DEPA-like DISC... in instant order.
        items.Select(i => i.Str("id")).ShouldBe([s.DocumentId, s.LoadId, s.DepartId, s.DischargeId]);
        items[1].Str("at").ShouldBe("2024-03-02T17:00:00+08:00");
        items[2].Str("at").ShouldBe("2024-03-02T05:30:00-05:00");
        items[3].Str("at").ShouldBe("2024-03-20T08:00:00+01:00");
        items[1].GetProperty("location").Str("unLocode").ShouldBe("SGSIN");
        items[1].Str("equipmentReference").ShouldBe(s.Container);
        var provenance = items[1].GetProperty("provenance");
        provenance.Str("sourceSystem").ShouldBe("CANONICAL");
        provenance.Str("rawSha256").ShouldMatch("^[0-9a-f]{64}$");
        DateTimeOffset.Parse(provenance.Str("receivedAt"), System.Globalization.CultureInfo.InvariantCulture).Year.ShouldBeGreaterThan(2024);
    }

    [Fact]
    public async Task Timeline_ByBooking_FindsDocumentConsignmentReferenceAndEventDocumentReference()
    {
        var s = await StoreShipmentAsync();
        using var client = _host.Client(_host.AuditorKey);

        var items = await TimelineAsync(client, s.Booking, "booking");

        items.Select(i => i.Str("id")).ShouldBe([s.DocumentId, s.LoadId]);
        items[0].Str("documentNumber").ShouldBe(s.Bl);
    }

    [Fact]
    public async Task Timeline_NoType_MatchesAnyReferenceType()
    {
        var s = await StoreShipmentAsync();
        using var client = _host.Client(_host.OperatorKey);

        var items = await TimelineAsync(client, s.Container, null);

        items.Count.ShouldBe(4);
        (await TimelineAsync(client, s.Bl, "container", HttpStatusCode.NotFound)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Timeline_PagesOfOne_ReturnTheSameSequence()
    {
        var s = await StoreShipmentAsync();
        using var client = _host.Client(_host.OperatorKey);
        var all = (await TimelineAsync(client, s.Container, "container")).Select(i => i.Str("id")).ToList();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/shipments/{s.Container}/timeline?type=container&limit=1" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await client.GetAsync(url, Ct);
            var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            seen.Count.ShouldBeLessThan(10);
        }
        while (cursor is not null);

        seen.ShouldBe(all);
    }

    [Fact]
    public async Task Timeline_ParticipantNotAParty_SeesTheDocumentWithoutItsNumber()
    {
        var s = await StoreShipmentAsync();
        using var client = _host.Client(await Records.ParticipantKeyAsync(_host, ("lei", Bodies.RandomLei())));

        var items = await TimelineAsync(client, s.Booking, "booking");

        var document = items.Single(i => i.Str("id") == s.DocumentId);
        document.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["commitmentRoot", "contentSha256", "docType", "id", "kind", "provenance", "verdict"]);
        items.Single(i => i.Str("id") == s.LoadId).Str("typeCode").ShouldBe("LOAD");
    }

    [Fact]
    public async Task Timeline_ParticipantThatIsAParty_SeesTheNumber()
    {
        var lei = Bodies.RandomLei();
        var s = await StoreShipmentAsync(lei);
        using var client = _host.Client(await Records.ParticipantKeyAsync(_host, ("lei", lei)));

        var items = await TimelineAsync(client, s.Booking, "booking");

        items.Single(i => i.Str("id") == s.DocumentId).Str("documentNumber").ShouldBe(s.Bl);
    }

    [Fact]
    public async Task Timeline_UnknownReference_Returns404()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"/api/v1/shipments/{Records.UniqueReference("NONE")}/timeline", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("type=vessel", "/query/type")]
    [InlineData("limit=0", "/query/limit")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "/query/cursor")]
    public async Task Timeline_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"/api/v1/shipments/ANY/timeline?{query}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
    }

    private async Task<List<JsonElement>> TimelineAsync(HttpClient client, string reference, string? type, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync($"/api/v1/shipments/{Uri.EscapeDataString(reference)}/timeline" + (type is null ? string.Empty : $"?type={type}"), Ct);
        if (status != HttpStatusCode.OK)
        {
            await response.ShouldBeProblemAsync(status, "not-found");
            return [];
        }

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body.Str("reference").ShouldBe(reference);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    private async Task<Shipment> StoreShipmentAsync(string? shipperLei = null)
    {
        using var client = _host.Client(_host.OperatorKey);
        var bl = Records.UniqueReference("MEDU");
        var booking = Records.UniqueReference("BKG");
        var container = "MSCU1234566";

        // A container number is shared between tests of this class; the events' own booking keeps them apart.
        container = UniqueContainer();
        var document = (await client.StoreAsync(Records.Documents, Records.BillOfLading(bl, booking, container, shipperLei))).Single().Str("id");

        var load = Records.EquipmentEvent($"load-{Guid.NewGuid():N}", container, "2024-03-02T17:00:00+08:00", booking: booking, unLocode: "SGSIN");
        var depart = Records.EquipmentEvent($"gtot-{Guid.NewGuid():N}", container, "2024-03-02T05:30:00-05:00", typeCode: "GTOT", unLocode: "USNYC");
        var discharge = Records.EquipmentEvent($"disc-{Guid.NewGuid():N}", container, "2024-03-20T08:00:00+01:00", typeCode: "DISC");
        var issued = new JsonObject
        {
            ["sourceEventId"] = $"issu-{Guid.NewGuid():N}",
            ["category"] = "SHIPMENT",
            ["classifier"] = "ACT",
            ["typeCode"] = "ISSU",
            ["eventDateTime"] = "2024-03-02T12:00:00Z",
            ["documentReferences"] = new JsonArray(new JsonObject { ["typeCode"] = "TRD", ["value"] = bl }),
        };
        var events = await client.StoreAsync(Records.Events, new JsonArray(discharge, load, issued, depart));
        return new Shipment(bl, booking, container, document, events[1].Str("id"), events[3].Str("id"), events[0].Str("id"), events[2].Str("id"));
    }

    /// <summary>A random container number with a correct ISO 6346 check digit.</summary>
    private static string UniqueContainer()
    {
        var serial = Random.Shared.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var body = "TCBU" + serial;
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            sum += Value(body[i]) << i;
        }

        return body + (sum % 11 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // ISO 6346: letters count from A = 10, skipping multiples of 11.
        static int Value(char c)
        {
            if (char.IsAsciiDigit(c))
            {
                return c - '0';
            }

            var v = 10;
            for (var l = 'A'; l < c; l++)
            {
                v++;
                if (v % 11 == 0)
                {
                    v++;
                }
            }

            return v;
        }
    }
}
