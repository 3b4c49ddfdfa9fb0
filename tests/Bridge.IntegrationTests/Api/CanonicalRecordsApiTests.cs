using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>POST /api/v1/documents and /api/v1/events: storing, idempotency, supersede, conflicts and refusals.</summary>
[Trait("Category", "Integration")]
public sealed class CanonicalRecordsApiTests : IClassFixture<BridgeHostFixture>
{
    private readonly BridgeHostFixture _host;

    public CanonicalRecordsApiTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task PostDocument_CanonicalBillOfLading_Returns201WithIdHashAndRoot()
    {
        using var client = _host.Client(_host.OperatorKey);
        var number = Records.UniqueReference("MEDU");
        var payload = Records.BillOfLading(number, Records.UniqueReference("BKG"), "MSCU1234566");

        using var response = await client.PostAsync(Records.Documents, payload);

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var item = body.GetProperty("items").EnumerateArray().Single();
        item.Str("kind").ShouldBe("document");
        item.Str("docType").ShouldBe("BILL_OF_LADING");
        item.Str("documentNumber").ShouldBe(number);
        item.GetProperty("created").GetBoolean().ShouldBeTrue();
        item.GetProperty("superseded").GetBoolean().ShouldBeFalse();
        item.GetProperty("version").GetInt32().ShouldBe(1);
        item.Str("contentSha256").ShouldMatch("^[0-9a-f]{64}$");
        item.Str("commitmentRoot").ShouldMatch("^[0-9a-f]{64}$");
        response.Headers.Location!.OriginalString.ShouldBe($"{Records.Documents}/{item.Str("id")}");
        body.GetProperty("warnings").ValueKind.ShouldBe(JsonValueKind.Array);

        var id = item.Str("id");
        (await _host.ScalarAsync<string>($"SELECT document_number FROM canonical_documents WHERE id = '{id}'")).ShouldBe(number);
        (await _host.ScalarAsync<int>($"SELECT octet_length(commitment_secret) FROM canonical_documents WHERE id = '{id}'")).ShouldBe(32);
        (await _host.ScalarAsync<string>($"SELECT body -> 'provenance' ->> 'sourceSystem' FROM canonical_documents WHERE id = '{id}'")).ShouldBe("CANONICAL");
        (await _host.ScalarAsync<string>($"SELECT created_by_key FROM canonical_documents WHERE id = '{id}'")).ShouldBe(_host.OperatorKey.Split('_')[1]);
    }

    [Fact]
    public async Task PostDocument_RawSha256_IsTheHashOfTheBytesSent()
    {
        using var client = _host.Client(_host.OperatorKey);
        var bytes = Encoding.UTF8.GetBytes(Records.Payload(Records.BillOfLading(Records.UniqueReference("RAW"), "B1", "MSCU1234566")));

        using var response = await client.PostBytesAsync(Records.Documents, bytes);

        var id = (await response.ShouldBeJsonAsync(HttpStatusCode.Created)).GetProperty("items")[0].Str("id");
        (await _host.ScalarAsync<string>($"SELECT raw_sha256 FROM canonical_documents WHERE id = '{id}'"))
            .ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task PostDocument_Twice_SecondReturns200CreatedFalseSameIdsAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var payload = Records.BillOfLading(Records.UniqueReference("TWICE"), Records.UniqueReference("BKG"), "MSCU1234566");
        var first = await client.StoreAsync(Records.Documents, payload);
        var before = await Records.SnapshotAsync(_host);

        var second = await client.StoreAsync(Records.Documents, payload, status: HttpStatusCode.OK);

        second.Single().Str("id").ShouldBe(first.Single().Str("id"));
        second.Single().GetProperty("created").GetBoolean().ShouldBeFalse();
        second.Single().Str("contentSha256").ShouldBe(first.Single().Str("contentSha256"));
        second.Single().Str("commitmentRoot").ShouldBe(first.Single().Str("commitmentRoot"));
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostDocument_SameNumberOtherContentSameVersion_Returns409NamingIdAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var number = Records.UniqueReference("CONF");
        var stored = (await client.StoreAsync(Records.Documents, Records.BillOfLading(number, "BKG1", "MSCU1234566", version: "1"))).Single();
        var before = await Records.SnapshotAsync(_host);

        using var response = await client.PostAsync(Records.Documents, Records.BillOfLading(number, "BKG2", "MSCU1234566", version: "1"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "record-conflict");
        problem.Str("recordId").ShouldBe(stored.Str("id"));
        problem.Str("recordKind").ShouldBe("document");
        problem.Str("detail").ShouldContain(stored.Str("id"));
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostDocument_HigherVersion_SupersedesKeepsOldHashAndNewRoot()
    {
        using var client = _host.Client(_host.OperatorKey);
        var number = Records.UniqueReference("SUP");
        var v1 = (await client.StoreAsync(Records.Documents, Records.BillOfLading(number, "BKG1", "MSCU1234566", version: "1"))).Single();

        var v2 = (await client.StoreAsync(Records.Documents, Records.BillOfLading(number, "BKG2", "MSCU1234566", version: "2"), status: HttpStatusCode.OK)).Single();

        v2.Str("id").ShouldBe(v1.Str("id"));
        v2.GetProperty("created").GetBoolean().ShouldBeFalse();
        v2.GetProperty("superseded").GetBoolean().ShouldBeTrue();
        v2.GetProperty("version").GetInt32().ShouldBe(2);
        v2.Str("contentSha256").ShouldNotBe(v1.Str("contentSha256"));
        v2.Str("commitmentRoot").ShouldNotBe(v1.Str("commitmentRoot"));
        var id = v1.Str("id");
        (await _host.ScalarAsync<string>($"SELECT content_sha256 FROM record_versions WHERE record_kind = 'document' AND record_id = '{id}' AND version = 1")).ShouldBe(v1.Str("contentSha256"));
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM record_references WHERE record_id = '{id}' AND ref_type = 'BKG' AND ref_value = 'BKG1'")).ShouldBe(0);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM record_references WHERE record_id = '{id}' AND ref_type = 'BKG' AND ref_value = 'BKG2'")).ShouldBe(1);

        // The old version again is now a conflict: it is not higher than version 2.
        using var old = await client.PostAsync(Records.Documents, Records.BillOfLading(number, "BKG1", "MSCU1234566", version: "1"));
        await old.ShouldBeProblemAsync(HttpStatusCode.Conflict, "record-conflict");
    }

    [Fact]
    public async Task PostEvent_LaterUpdate_SupersedesEarlierOrSameUpdateConflicts()
    {
        using var client = _host.Client(_host.OperatorKey);
        var eventId = $"evt-{Guid.NewGuid():N}";
        var container = "MSCU1234566";
        var v1 = (await client.StoreAsync(Records.Events, Records.EquipmentEvent(eventId, container, "2024-03-02T10:00:00+01:00", "2024-03-02T10:05:00Z"))).Single();

        var v2 = (await client.StoreAsync(Records.Events, Records.EquipmentEvent(eventId, container, "2024-03-02T10:30:00+01:00", "2024-03-02T11:00:00Z"), status: HttpStatusCode.OK)).Single();

        v2.Str("id").ShouldBe(v1.Str("id"));
        v2.GetProperty("superseded").GetBoolean().ShouldBeTrue();
        v2.GetProperty("version").GetInt32().ShouldBe(2);
        (await _host.ScalarAsync<DateTime>($"SELECT event_time FROM logistics_events WHERE id = '{v1.Str("id")}'")).ShouldBe(new DateTime(2024, 3, 2, 9, 30, 0, DateTimeKind.Utc));
        (await _host.ScalarAsync<string>($"SELECT content_sha256 FROM record_versions WHERE record_kind = 'event' AND record_id = '{v1.Str("id")}'")).ShouldBe(v1.Str("contentSha256"));

        var before = await Records.SnapshotAsync(_host);
        using var stale = await client.PostAsync(Records.Events, Records.EquipmentEvent(eventId, container, "2024-03-02T10:45:00+01:00", "2024-03-02T10:59:00Z"));
        var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict, "record-conflict");
        problem.Str("recordId").ShouldBe(v1.Str("id"));
        problem.Str("recordKind").ShouldBe("event");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostEvents_OneConflictInBatch_StoresNothingOfTheBatch()
    {
        using var client = _host.Client(_host.OperatorKey);
        var eventId = $"evt-{Guid.NewGuid():N}";
        await client.StoreAsync(Records.Events, Records.EquipmentEvent(eventId, "MSCU1234566", "2024-03-02T10:00:00Z", "2024-03-02T10:05:00Z"));
        var before = await Records.SnapshotAsync(_host);
        var batch = new JsonArray(
            Records.EquipmentEvent($"evt-{Guid.NewGuid():N}", "MSCU1234566", "2024-03-03T10:00:00Z"),
            Records.EquipmentEvent(eventId, "MSCU1234566", "2024-03-02T12:00:00Z", "2024-03-02T10:05:00Z"));

        using var response = await client.PostAsync(Records.Events, batch);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "record-conflict");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostEvents_ConcurrentIdenticalPosts_AllSucceedAndStoreOneRow()
    {
        var eventId = $"evt-{Guid.NewGuid():N}";
        var payload = Records.EquipmentEvent(eventId, "MSCU1234566", "2024-03-04T08:00:00-05:00", "2024-03-04T13:01:00Z");
        var tasks = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = _host.Client(_host.OperatorKey);
            using var response = await client.PostAsync(Records.Events, payload);
            var body = await response.ReadJsonAsync();
            return (response.StatusCode, Item: body.GetProperty("items")[0]);
        }).ToList();

        var results = await Task.WhenAll(tasks);

        results.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK);
        results.Count(r => r.Item.GetProperty("created").GetBoolean()).ShouldBe(1);
        results.Select(r => r.Item.Str("id")).Distinct().Count().ShouldBe(1);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM logistics_events WHERE source_event_id = '{eventId}'")).ShouldBe(1);
    }

    [Fact]
    public async Task PostEvent_KeepsTheOriginalOffsetAndIndexesReferences()
    {
        using var client = _host.Client(_host.OperatorKey);
        var booking = Records.UniqueReference("BKG");
        var item = (await client.StoreAsync(Records.Events, Records.EquipmentEvent($"evt-{Guid.NewGuid():N}", "MSCU1234566", "2024-03-05T07:41:00+08:30", booking: booking))).Single();

        item.Str("kind").ShouldBe("event");
        item.Str("category").ShouldBe("EQUIPMENT");
        item.Str("typeCode").ShouldBe("LOAD");
        item.Has("commitmentRoot").ShouldBeFalse();
        var id = item.Str("id");
        (await _host.ScalarAsync<int>($"SELECT event_time_offset_minutes FROM logistics_events WHERE id = '{id}'")).ShouldBe(510);
        (await _host.ScalarAsync<string>($"SELECT body ->> 'eventDateTime' FROM logistics_events WHERE id = '{id}'")).ShouldBe("2024-03-05T07:41:00+08:30");
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM record_references WHERE record_id = '{id}' AND ((ref_type = 'BKG' AND ref_value = '{booking}') OR (ref_type = 'EQ' AND ref_value = 'MSCU1234566'))")).ShouldBe(2);
    }

    public static TheoryData<string, string, string, string> InvalidPayloads() => new()
    {
        // name, payload, pointer, code
        { "bad UN/LOCODE", """{"sourceEventId":"e1","category":"EQUIPMENT","classifier":"ACT","typeCode":"LOAD","eventDateTime":"2024-03-02T10:00:00Z","location":{"unLocode":"NL-RTM"},"equipment":{"equipmentReference":"MSCU1234566"}}""", "/location/unLocode", "invalid-format" },
        { "missing eventDateTime", """{"sourceEventId":"e1","category":"EQUIPMENT","classifier":"ACT","typeCode":"LOAD"}""", "/eventDateTime", "required" },
        { "unknown type code", """{"category":"EQUIPMENT","classifier":"ACT","typeCode":"FLY","eventDateTime":"2024-03-02T10:00:00Z"}""", "/typeCode", "unknown-value" },
        { "duplicate keys", """{"category":"EQUIPMENT","category":"TRANSPORT","classifier":"ACT","typeCode":"LOAD","eventDateTime":"2024-03-02T10:00:00Z"}""", "/category", "duplicate-member" },
        // SafeJson points at where it stopped: 64 levels down, or at the member whose value is missing.
        { "deep nesting", new string('[', 100) + new string(']', 100), string.Concat(Enumerable.Repeat("/0", 64)), "too-deep" },
        { "not JSON", """{"category": """, "/category", "invalid-json" },
    };

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task PostEvents_InvalidPayload_Returns400WithPointerAndStoresNothing(string name, string payload, string pointer, string code)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);

        using var response = await client.PostAsync(Records.Events, Json(payload), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (Field: e.Str("field"), Code: e.Str("code"))).ToList();
        errors.ShouldContain(e => e.Field == pointer && e.Code == code, $"{name}: {problem.GetRawText()}");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostEvents_InvalidUtf8_Returns400InvalidUtf8AndStoresNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);
        byte[] payload = [.. "{\"reason\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()];

        using var response = await client.PostBytesAsync(Records.Events, payload);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateArray().ShouldContain(e => e.Str("code") == "invalid-utf8", problem.GetRawText());
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostDocuments_UnknownFormat_Returns400NamingFormat()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.PostAsync(Records.Documents, Records.BillOfLading("X1", "B1", "MSCU1234566"), format: "edifact");

        var problem = await response.ShouldBeValidationProblemAsync("/query/format", "unknown-value");
        problem.Str("detail").ShouldContain("dcsa-tnt-2.2");
    }

    [Fact]
    public async Task PostDocuments_NotJsonContentType_Returns415()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.PostAsync(Records.Documents, new StringContent("<bl/>", Encoding.UTF8, "application/xml"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task PostDocuments_BodyOverTheLimit_Returns413AndStoresNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);
        var payload = Records.BillOfLading("BIG1", "B1", "MSCU1234566");
        payload["goodsItems"]![0]!["description"] = new string('x', 70_000);

        using var response = await client.PostAsync(Records.Documents, payload);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostDocuments_PayloadWithOnlyEvents_Returns400SayingUseEvents()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);

        using var response = await client.PostAsync(Records.Documents, Records.EquipmentEvent("e-only", "MSCU1234566", "2024-03-02T10:00:00Z"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "no-records");
        problem.Str("detail").ShouldContain("/api/v1/events");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Fact]
    public async Task PostEvents_PayloadWithOnlyDocuments_Returns400SayingUseDocuments()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.PostAsync(Records.Events, Records.BillOfLading("ONLYDOC", "B1", "MSCU1234566"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "no-records")).Str("detail").ShouldContain("/api/v1/documents");
    }

    [Fact]
    public async Task Post_TextWithNulCharacter_Returns400NotAServerError()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await Records.SnapshotAsync(_host);
        var payload = Records.EquipmentEvent($"evt-{Guid.NewGuid():N}", "MSCU1234566", "2024-03-02T10:00:00Z");
        payload["reason"] = "nul\u0000inside";

        using var response = await client.PostAsync(Records.Events, payload);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation");
        (await Records.SnapshotAsync(_host)).ShouldBe(before);
    }

    [Theory]
    [InlineData("participant", HttpStatusCode.Created)]
    [InlineData("auditor", HttpStatusCode.Forbidden)]
    [InlineData("none", HttpStatusCode.Unauthorized)]
    public async Task PostEvents_ByRole_OperatorsAndParticipantsMayPost(string role, HttpStatusCode expected)
    {
        using var client = _host.Client(role switch { "participant" => _host.ParticipantKey, "auditor" => _host.AuditorKey, _ => null });

        using var response = await client.PostAsync(Records.Events, Records.EquipmentEvent($"evt-{Guid.NewGuid():N}", "MSCU1234566", "2024-03-02T10:00:00Z"));

        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task OpenApi_ListsTheRecordEndpointsWithBodiesAndProblems()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/openapi/v1.json", Ct);

        var document = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        var postDocuments = paths.GetProperty("/api/v1/documents").GetProperty("post");
        postDocuments.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        postDocuments.GetProperty("responses").TryGetProperty("201", out var created).ShouldBeTrue();
        created.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText().ShouldContain("StoreRecordsResponse");
        postDocuments.GetProperty("responses").TryGetProperty("409", out _).ShouldBeTrue();
        postDocuments.GetProperty("parameters").EnumerateArray().ShouldContain(p => p.Str("name") == "format");
        paths.GetProperty("/api/v1/events").TryGetProperty("post", out _).ShouldBeTrue();
        paths.GetProperty("/api/v1/documents/{id}").TryGetProperty("get", out _).ShouldBeTrue();
        var timeline = paths.GetProperty("/api/v1/shipments/{reference}/timeline").GetProperty("get");
        timeline.GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).ShouldBe(["reference", "type", "limit", "cursor"], ignoreOrder: true);
        document.GetProperty("components").GetProperty("schemas").TryGetProperty("TimelineEntryResponse", out _).ShouldBeTrue();
    }
}
