using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.OpenAttestation;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>The public example payloads in ../shared/conformance, posted in their own formats.</summary>
[Trait("Category", "Integration")]
public sealed class ConformancePostingTests : IClassFixture<BridgeHostFixture>
{
    private const string Tnt22 = "dcsa-tnt-2.2";
    private readonly BridgeHostFixture _host;

    public ConformancePostingTests(BridgeHostFixture host) => _host = host;

    [Theory]
    [InlineData("dcsa-tnt-2.2", "dcsa/tnt-2.2/tnt-220-response.json", 7)]
    [InlineData("dcsa-tnt-3.0", "dcsa/tnt-3.0/tnt-300-request-transport.json", 1)]
    [InlineData("dcsa-tnt-3.0", "dcsa/tnt-3.0/tnt-300-request-equipment.json", 1)]
    [InlineData("dcsa-tnt-3.0", "dcsa/tnt-3.0/tnt-300-request-shipment.json", 1)]
    public async Task PostEvents_DcsaFixture_StoresEveryEventAndRepostChangesNothing(string format, string file, int count)
    {
        using var client = _host.Client(_host.OperatorKey);
        var payload = Records.Conformance(file.Split('/'));

        using var first = await client.PostBytesAsync(Records.Events, payload, format);
        var firstBody = await first.ReadJsonAsync();
        first.StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], firstBody.GetRawText());
        var items = firstBody.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(count);
        items.ShouldAllBe(i => i.Str("kind") == "event");
        var before = await Records.SnapshotAsync(_host);

        using var second = await client.PostBytesAsync(Records.Events, payload, format);

        var again = (await second.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        again.Select(i => i.Str("id")).ShouldBe(items.Select(i => i.Str("id")));
        again.ShouldAllBe(i => !i.GetProperty("created").GetBoolean() && !i.GetProperty("superseded").GetBoolean());
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
        foreach (var item in items)
        {
            (await _host.ScalarAsync<string>($"SELECT source_system FROM logistics_events WHERE id = '{item.Str("id")}'")).ShouldBe("DCSA_TNT");
        }
    }

    [Fact]
    public async Task PostEvents_Tnt22Fixture_KeyFieldsAreStored()
    {
        using var client = _host.Client(_host.OperatorKey);
        await StoreTnt22Async(client);

        // Values read from the fixture by eye: event ...51e2 is a TRANSPORT ARRI at FRPAR, 2021-01-09T14:12:56+01:00.
        var row = await _host.ScalarAsync<string>(
            "SELECT category || ' ' || type_code || ' ' || classifier || ' ' || location_unlocode || ' ' || event_time_offset_minutes FROM logistics_events WHERE source_event_id = '3cecb101-7a1a-43a4-9d62-e88a131651e2'");
        row.ShouldBe("TRANSPORT ARRI ACT FRPAR 60");
        (await _host.ScalarAsync<DateTime>("SELECT event_time FROM logistics_events WHERE source_event_id = '3cecb101-7a1a-43a4-9d62-e88a131651e2'"))
            .ShouldBe(new DateTime(2021, 1, 9, 13, 12, 56, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Timeline_Tnt22FixtureByContainer_EveryEventInTimeOrderWithProvenance()
    {
        using var client = _host.Client(_host.OperatorKey);
        await StoreTnt22Async(client);

        using var response = await client.GetAsync("/api/v1/shipments/APZU4812090/timeline?type=container", Ct);

        // Other tests of this class store the TNT 3.0 fixtures, whose equipment event names the same container:
        // keep the entries of this payload (its raw SHA-256).
        var raw = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Records.Conformance("dcsa", "tnt-2.2", "tnt-220-response.json")));
        var items = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("provenance").Str("rawSha256") == raw).ToList();

        // Every event of the fixture names APZU4812090 in its references; five happened at 2019-11-12T07:41:00+08:30,
        // two at 2021-01-09T14:12:56+01:00. Equal times are ordered by receive time (one request) and then by id.
        items.Count.ShouldBe(7);
        items.Take(5).ShouldAllBe(i => i.Str("at") == "2019-11-12T07:41:00+08:30");
        items.Skip(5).ShouldAllBe(i => i.Str("at") == "2021-01-09T14:12:56+01:00");
        items.Take(5).Select(i => i.Str("id")).ShouldBe(items.Take(5).Select(i => i.Str("id")).Order(StringComparer.Ordinal));
        items.ShouldAllBe(i => i.GetProperty("provenance").Str("sourceSystem") == "DCSA_TNT" && i.Str("kind") == "event");
    }

    [Theory]
    [InlineData("bl", "reserved-HHL123")]
    [InlineData("booking", "ABC123123123")]
    public async Task Timeline_Tnt22FixtureByDocument_TheEventsThatReferenceIt(string type, string reference)
    {
        using var client = _host.Client(_host.OperatorKey);
        await StoreTnt22Async(client);

        using var response = await client.GetAsync($"/api/v1/shipments/{reference}/timeline?type={type}", Ct);

        var ids = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(i => _host.ScalarAsync<string>($"SELECT source_event_id FROM logistics_events WHERE id = '{i.Str("id")}'").GetAwaiter().GetResult()).ToList();
        ids.Order(StringComparer.Ordinal).ShouldBe(ExpectedFromFixture(type == "bl" ? "TRD" : "BKG", reference));
    }

    [Theory]
    [InlineData("dcsa/ebl-3.0/ebl-api-3.0.0-negotiable-bl.json", "BILL_OF_LADING", "MAEU6543210")]
    [InlineData("dcsa/ebl-3.0/ebl-api-3.0.0-straight-bl.json", "BILL_OF_LADING", "MSCU9988776")]
    public async Task PostDocuments_EblFixture_RefusedForMissingReferenceThenStoredWithIt(string file, string docType, string container)
    {
        using var client = _host.Client(_host.OperatorKey);
        var payload = Records.Conformance(file.Split('/'));
        var before = await Records.SnapshotAsync(_host);

        // The fixtures are the conformance tool's templates: they lack transportDocumentReference.
        using var refused = await client.PostBytesAsync(Records.Documents, payload, "dcsa-ebl-3.0");

        await refused.ShouldBeValidationProblemAsync("/transportDocumentReference", "required");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);

        var withReference = JsonNode.Parse(payload)!.AsObject();
        var number = Records.UniqueReference("EBL");
        withReference["transportDocumentReference"] = number;
        using var stored = await client.PostBytesAsync(Records.Documents, Encoding.UTF8.GetBytes(withReference.ToJsonString()), "dcsa-ebl-3.0");

        var body = await stored.ShouldBeJsonAsync(HttpStatusCode.Created);
        var item = body.GetProperty("items").EnumerateArray().Single();
        item.Str("docType").ShouldBe(docType);
        item.Str("documentNumber").ShouldBe(number);
        body.GetProperty("warnings").EnumerateArray().ShouldContain(w => w.Str("code") == "check-digit");
        (await _host.ScalarAsync<string>($"SELECT source_system FROM canonical_documents WHERE id = '{item.Str("id")}'")).ShouldBe("DCSA_EBL");

        // The fixture's container (read by eye: utilizedTransportEquipments[0].equipmentReference) puts it on a timeline.
        using var timeline = await client.GetAsync($"/api/v1/shipments/{container}/timeline?type=container", Ct);
        (await timeline.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ShouldContain(i => i.Str("id") == item.Str("id"));
    }

    [Fact]
    public async Task PostEvents_TradeLensContainerDetails_MapsToConsignmentsOnly_400AndNothingStored()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);

        using var response = await client.PostBytesAsync(Records.Events, Records.Conformance("tradelens", "tradelens-container-details.json"), "tradelens");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "no-records");
        problem.Str("detail").ShouldContain("consignment");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Theory]
    [InlineData("not-obfuscated-wrapped.json")]
    [InlineData("obfuscated-wrapped.json")]
    public async Task PostDocuments_OpenAttestationTutorialFixture_TemplateMainIsRefused(string file)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);

        using var response = await client.PostBytesAsync(Records.Documents, Records.Conformance("openattestation", "v2", file), "openattestation");

        await response.ShouldBeValidationProblemAsync("/data/$template/name", "unknown-value");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostDocuments_WrappedTradeTrustBillOfLading_StoredWithItsAnchor()
    {
        using var client = _host.Client(_host.OperatorKey);
        var number = Records.UniqueReference("OABL");
        var raw = new JsonObject
        {
            ["$template"] = new JsonObject { ["name"] = "BILL_OF_LADING", ["type"] = "EMBEDDED_RENDERER", ["url"] = "https://renderer.example.com" },
            ["issuers"] = new JsonArray(new JsonObject
            {
                ["name"] = "Demo Carrier",
                ["tokenRegistry"] = Bodies.AnchorRegistry,
                ["identityProof"] = new JsonObject { ["type"] = "DNS-TXT", ["location"] = "carrier.example.com" },
            }),
            ["network"] = new JsonObject { ["chain"] = "ETH", ["chainId"] = "11155111" },
            ["blNumber"] = number,
        };
        using var rawDocument = JsonDocument.Parse(raw.ToJsonString());
        var wrapped = OaV2.Wrap(rawDocument.RootElement).ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;

        using var response = await client.PostBytesAsync(Records.Documents, Encoding.UTF8.GetBytes(wrapped.GetRawText()), "openattestation");

        var item = (await response.ShouldBeJsonAsync(HttpStatusCode.Created)).GetProperty("items").EnumerateArray().Single();
        item.Str("docType").ShouldBe("BILL_OF_LADING");
        item.Str("documentNumber").ShouldBe(number);
        using var get = await client.GetAsync($"{Records.Documents}/{item.Str("id")}", Ct);
        var provenance = (await get.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("provenance");
        provenance.Str("sourceSystem").ShouldBe("OPENATTESTATION");
        provenance.GetProperty("anchor").Str("targetHash").ShouldBe(wrapped.GetProperty("signature").Str("targetHash"));
    }

    /// <summary>Source event ids of the TNT 2.2 fixture that name (type, value) as a document reference, read from the fixture.</summary>
    private static List<string> ExpectedFromFixture(string type, string value)
    {
        using var fixture = JsonDocument.Parse(Records.Conformance("dcsa", "tnt-2.2", "tnt-220-response.json"));
        return [.. fixture.RootElement.EnumerateArray()
            .Where(e => (e.TryGetProperty("documentReferences", out var refs) && refs.EnumerateArray().Any(r => r.Str("documentReferenceType") == type && r.Str("documentReferenceValue") == value))
                        || (e.TryGetProperty("documentTypeCode", out var t) && t.GetString() == type && e.Str("documentID") == value))
            .Select(e => e.Str("eventID"))
            .Order(StringComparer.Ordinal)];
    }

    private static async Task StoreTnt22Async(HttpClient client)
    {
        using var response = await client.PostBytesAsync(Records.Events, Records.Conformance("dcsa", "tnt-2.2", "tnt-220-response.json"), Tnt22);
        response.StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await response.Content.ReadAsStringAsync(Ct));
    }
}
