using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Canonical.Json;
using Bridge.Simulators.Platform;

namespace Bridge.IntegrationTests.Platform.Simulator;

[Trait("Category", "Integration")]
public sealed class PlatformSimulatorTests
{
    private const string Iso = "MSKU9070323"; // ISO 6346: check digit 3 (independently: trade-standards.md §C.1 worked by hand)

    [Fact]
    public async Task TokenExchange_ValidApiKey_IssuesIamAndSolutionTokens()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var carrier = h.Org("carrier");
        var iam = await h.IamTokenAsync(carrier.ApiKey);
        ((string)iam["token_type"]!).ShouldBe("Bearer");
        ((string)iam["refresh_token"]!).ShouldBe("not_supported");
        ((string)iam["scope"]!).ShouldBe("ibm openid");
        ((long)iam["expires_in"]!).ShouldBe(3600);
        ((long)iam["expiration"]!).ShouldBe(SimulatorHarness.Start.ToUnixTimeSeconds() + 3600);

        using var response = await h.Http.PostAsync($"sa/api/v1/auth/exchange_token/organizations/{carrier.Id}", SimulatorHarness.Json(iam), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var solution = (string)(await SimulatorHarness.ReadObjectAsync(response))!["solution_token"]!;
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(solution.Split('.')[1]))!;
        ((string)claims["org_id"]!).ShouldBe(carrier.Id);
        ((string)claims["sub"]!).ShouldBe(carrier.UserId);
        ((string)claims["iss"]!).ShouldBe(h.Simulator.Issuer);
        claims["roles"]!.AsArray().Select(r => (string)r!).ShouldBe(["carrier"]);
    }

    [Fact]
    public async Task IdentityToken_UnsupportedGrant_Returns400WithField()
    {
        await using var h = await SimulatorHarness.StartAsync();
        using var response = await h.Http.PostAsync("identity/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["apikey"] = h.Org("carrier").ApiKey,
        }), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await SimulatorHarness.ReadObjectAsync(response);
        ((int)problem!["status"]!).ShouldBe(400);
        ((string)problem["errors"]![0]!["field"]!).ShouldBe("grant_type");
    }

    [Fact]
    public async Task IdentityToken_UnknownApiKey_Returns401()
    {
        await using var h = await SimulatorHarness.StartAsync();
        using var response = await h.Http.PostAsync("identity/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ibm:params:oauth:grant-type:apikey",
            ["apikey"] = "sim_not-a-key",
        }), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExchangeToken_OtherOrganisation_Returns403AndBadToken401()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var iam = await h.IamTokenAsync(h.Org("carrier").ApiKey);
        using (var response = await h.Http.PostAsync($"sa/api/v1/auth/exchange_token/organizations/{h.Org("customs").Id}", SimulatorHarness.Json(iam), TestContext.Current.CancellationToken))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var tampered = iam.DeepClone().AsObject();
        var token = (string)iam["access_token"]!;
        tampered["access_token"] = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        using (var response = await h.Http.PostAsync($"sa/api/v1/auth/exchange_token/organizations/{h.Org("carrier").Id}", SimulatorHarness.Json(tampered), TestContext.Current.CancellationToken))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Api_MissingOrExpiredToken_Returns401WithChallenge()
    {
        await using var h = await SimulatorHarness.StartAsync();
        using (var response = await h.SendAsync(HttpMethod.Get, "api/v1/documentTypes", role: null))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer error=\"invalid_token\"");
        }

        var token = await h.SolutionTokenAsync("carrier");
        using var ok = new HttpRequestMessage(HttpMethod.Get, "api/v1/documentTypes");
        ok.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var response = await h.Http.SendAsync(ok, TestContext.Current.CancellationToken))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await SimulatorHarness.ReadArrayAsync(response)).Select(n => (string)n!).ShouldContain("BILL_OF_LADING");
        }

        h.Time.Advance(TimeSpan.FromHours(1));
        using var expired = new HttpRequestMessage(HttpMethod.Get, "api/v1/documentTypes");
        expired.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var response = await h.Http.SendAsync(expired, TestContext.Current.CancellationToken))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Publish_RoleNotAllowed_Returns403()
    {
        await using var h = await SimulatorHarness.StartAsync();
        await h.ExpectAsync(403, HttpMethod.Post, "api/v1/consignments", "shipper", new JsonObject
        {
            ["originatorName"] = "Shipper",
            ["originatorId"] = "SHIP",
            ["carrierBookingNumber"] = "B-1",
        });
        await h.ExpectAsync(403, HttpMethod.Post, "api/v1/genericEvents/customsRelease", "carrier", SimulatorHarness.Event("2025-01-01T00:00:00.000Z", Iso));
        await h.ExpectAsync(403, HttpMethod.Post, "api/v1/transportEvents/actualGateIn", "customs", SimulatorHarness.Event("2025-01-01T00:00:00.000Z", Iso));
        await h.ExpectAsync(200, HttpMethod.Post, "api/v1/genericEvents/customsHold", "customs", SimulatorHarness.Event("2025-01-01T00:00:00.000Z", Iso));
    }

    [Fact]
    public async Task Publish_InvalidBody_Returns400NamingTheField()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var body = SimulatorHarness.Event("2025-01-01T00:00:00.000Z", Iso);
        body.Remove("originatorId");
        var problem = await h.ExpectAsync(400, HttpMethod.Post, "api/v1/transportEvents/actualGateIn", "carrier", body);
        problem!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ShouldBe(["originatorId"]);

        var noOffset = SimulatorHarness.Event("2025-01-01T00:00:00", Iso);
        problem = await h.ExpectAsync(400, HttpMethod.Post, "api/v1/transportEvents/actualGateIn", "carrier", noOffset);
        ((string)problem!["errors"]![0]!["field"]!).ShouldBe("eventOccurrenceTime8601");

        problem = await h.ExpectAsync(400, HttpMethod.Post, "api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event("2025-01-01T00:00:00Z", Iso, "rotterdam"));
        ((string)problem!["errors"]![0]!["field"]!).ShouldBe("location.unlocode");

        problem = await h.ExpectAsync(400, HttpMethod.Get, "api/v2/consignments?size=1001", "carrier");
        ((string)problem!["errors"]![0]!["field"]!).ShouldBe("size");
    }

    [Fact]
    public async Task Api_UnknownObjects_Return404()
    {
        await using var h = await SimulatorHarness.StartAsync();
        await h.ExpectAsync(404, HttpMethod.Post, "api/v1/transportEvents/actualTeleported", "carrier", SimulatorHarness.Event("2025-01-01T00:00:00Z", Iso));
        var byId = SimulatorHarness.Event("2025-01-01T00:00:00Z");
        byId["consignmentId"] = "00000000-0000-4000-8000-000000000000";
        await h.ExpectAsync(404, HttpMethod.Post, "api/v1/genericEvents/customsRelease", "customs", byId);
        await h.ExpectAsync(404, HttpMethod.Get, "api/v1/transportEquipment/currentProgress/consignmentId/x/transportEquipmentId/y", "carrier");
        await h.ExpectAsync(404, HttpMethod.Get, "api/v1/documents/nope/metadata", "carrier");
        await h.ExpectAsync(404, HttpMethod.Get, "api/v1/subscriptions/nope", "carrier");
        await h.ExpectAsync(404, HttpMethod.Post, "api/v1/subscriptions/galaxy", "carrier", new JsonObject { ["callbackUrl"] = "https://example.org/x", ["sharedSecret"] = "s" });
    }

    [Fact]
    public async Task UpsertEquipment_SameNumberOtherBooking_Returns409_SameBookingUpserts()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var (cid, teId) = await h.CreateShipmentAsync("BKG-1", Iso);
        var again = await h.PostAsync("api/v1/transportEquipment", "carrier", new JsonObject { ["equipmentNumber"] = Iso, ["carrierBookingNumber"] = "BKG-1" });
        ((string)again!["transportEquipmentId"]!).ShouldBe(teId);
        await h.PostAsync("api/v1/consignments", "carrier", new JsonObject { ["originatorName"] = "C", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = "BKG-2" });
        await h.ExpectAsync(409, HttpMethod.Post, "api/v1/transportEquipment", "carrier", new JsonObject { ["equipmentNumber"] = Iso, ["carrierBookingNumber"] = "BKG-2" });
        await h.PostAsync("api/v1/consignments", "carrier", new JsonObject { ["originatorName"] = "C", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = "BKG-1", ["billOfLadingNumber"] = "BL-1" });
        await h.ExpectAsync(409, HttpMethod.Post, "api/v1/consignments", "carrier", new JsonObject { ["originatorName"] = "C", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = "BKG-1", ["billOfLadingNumber"] = "BL-OTHER" });
        cid.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task UpsertConsignment_SameBookingTwice_ReturnsTheSameConsignmentId()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var body = new JsonObject { ["originatorName"] = "C", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = "BKG-UPSERT", ["billOfLadingNumber"] = "BL-UPSERT" };
        var first = await h.PostAsync("api/v1/consignments", "carrier", body);
        var second = await h.PostAsync("api/v1/consignments", "carrier", body.DeepClone());

        ((string)second!["consignmentId"]!).ShouldBe((string)first!["consignmentId"]!);
        ((string)second["eventTransactionId"]!).ShouldNotBe((string)first["eventTransactionId"]!, "the update is an event of its own");
        var query = await h.GetAsync("api/v2/consignments?carrierBookingNumber=BKG-UPSERT", "carrier");
        ((int)query!["total"]!).ShouldBe(1);
    }

    [Fact]
    public async Task PublishEvent_RefusedRequests_DrawNoIdSoLaterIdsMatchASimulatorThatSawNone()
    {
        // Two simulators with one seed and one history of accepted calls hand out the same ids; refused publishes (404
        // unknown equipment, 409 another equipment number) in one of them must not shift its later ids.
        var seed = "ids-" + Guid.NewGuid().ToString("N");
        await using var refused = await SimulatorHarness.StartAsync(seed: seed);
        await using var clean = await SimulatorHarness.StartAsync(seed: seed);
        var (_, teId) = await refused.CreateShipmentAsync("BKG-IDS", Iso);
        await clean.CreateShipmentAsync("BKG-IDS", Iso);

        var unknown = SimulatorHarness.Event("2025-01-01T00:00:00Z");
        unknown["transportEquipmentId"] = "00000000-0000-4000-8000-000000000000";
        await refused.ExpectAsync(404, HttpMethod.Post, "api/v1/transportEvents/actualGateIn", "carrier", unknown);
        var otherNumber = SimulatorHarness.Event("2025-01-01T00:00:00Z", "TCLU1234560");
        otherNumber["transportEquipmentId"] = teId;
        await refused.ExpectAsync(409, HttpMethod.Post, "api/v1/transportEvents/actualGateIn", "carrier", otherNumber);
        var byId = SimulatorHarness.Event("2025-01-01T00:00:00Z");
        byId["consignmentId"] = "00000000-0000-4000-8000-000000000000";
        await refused.ExpectAsync(404, HttpMethod.Post, "api/v1/genericEvents/customsRelease", "customs", byId);

        var after = SimulatorHarness.Event("2025-01-02T00:00:00Z", Iso, "NLRTM");
        var fromRefused = await refused.PostAsync("api/v1/transportEvents/actualGateOut", "carrier", after);
        var fromClean = await clean.PostAsync("api/v1/transportEvents/actualGateOut", "carrier", after.DeepClone());
        ((string)fromRefused!["eventTransactionId"]!).ShouldBe((string)fromClean!["eventTransactionId"]!);
        var refusedFeed = await refused.GetAsync("api/v1/events?afterSequence=0&size=100", "carrier");
        var cleanFeed = await clean.GetAsync("api/v1/events?afterSequence=0&size=100", "carrier");
        ((long)refusedFeed!["lastSequence"]!).ShouldBe((long)cleanFeed!["lastSequence"]!);
    }

    [Fact]
    public async Task UploadDocument_ContractErrors_Return400NamingFields404UnknownConsignment403NonParty()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var (cid, _) = await h.CreateShipmentAsync("BKG-DOC", Iso);

        using (var invalid = await UploadAsync(h, "carrier", new JsonObject { ["docType"] = "NOT_A_DOCUMENT_TYPE", ["consignmentId"] = cid }, []))
        {
            invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var fields = (await SimulatorHarness.ReadObjectAsync(invalid))!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
            fields.ShouldContain("metadata.docType");
            fields.ShouldContain("file");
        }

        using (var noFile = await UploadAsync(h, "carrier", new JsonObject { ["docType"] = "BILL_OF_LADING", ["consignmentId"] = cid }, null))
        {
            noFile.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await SimulatorHarness.ReadObjectAsync(noFile))!["errors"]!.AsArray().Select(e => (string)e!["field"]!).ShouldBe(["file"]);
        }

        using (var unknown = await UploadAsync(h, "carrier", new JsonObject { ["docType"] = "BILL_OF_LADING", ["consignmentId"] = "00000000-0000-4000-8000-000000000000" }, "{}"u8.ToArray()))
        {
            unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var forbidden = await UploadAsync(h, "terminal", new JsonObject { ["docType"] = "BILL_OF_LADING", ["consignmentId"] = cid }, "{}"u8.ToArray()))
        {
            forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        // None of the refused uploads left a document or a document event.
        var feed = await h.GetAsync("api/v1/events?afterSequence=0&size=100", "customs");
        feed!["events"]!.AsArray().ShouldNotContain(e => (string)e!["eventType"]! == "documentSubmitted");
    }

    [Fact]
    public async Task UploadDocument_SameIdempotencyKeyTwice_GivesOneDocumentId()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var (cid, _) = await h.CreateShipmentAsync("BKG-DOC-IDEM", Iso);
        var metadata = new JsonObject { ["docType"] = "BILL_OF_LADING", ["fileType"] = "JSON", ["consignmentId"] = cid, ["idempotencyKey"] = "upload-1" };
        string first;
        using (var response = await UploadAsync(h, "carrier", metadata, "{\"bl\":1}"u8.ToArray()))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            first = (string)(await SimulatorHarness.ReadObjectAsync(response))!["documentId"]!;
        }

        using (var again = await UploadAsync(h, "carrier", metadata, "{\"bl\":1}"u8.ToArray()))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.OK);
            ((string)(await SimulatorHarness.ReadObjectAsync(again))!["documentId"]!).ShouldBe(first);
        }

        var feed = await h.GetAsync("api/v1/events?afterSequence=0&size=100", "carrier");
        feed!["events"]!.AsArray().Count(e => (string)e!["eventType"]! == "documentSubmitted").ShouldBe(1);
    }

    /// <summary>A multipart upload as <paramref name="role"/>; <paramref name="content"/> null leaves the file part out.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(SimulatorHarness h, string role, JsonObject metadata, byte[]? content)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(metadata.ToJsonString(), Encoding.UTF8, "application/json"), "metadata");
        if (content is not null)
        {
            form.Add(new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "file", "document.json");
        }

        using var upload = new HttpRequestMessage(HttpMethod.Post, "api/v1/documents") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await h.SolutionTokenAsync(role));
        return await h.Http.SendAsync(upload, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task PublishEvent_NonIsoNumberAndIdempotencyKey_WarnsAndStoresOnce()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var body = SimulatorHarness.Event("2025-01-01T00:00:00.000+01:00", "60905033444", "NLRTM");
        body["idempotencyKey"] = "k-1";
        var first = await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", body);
        ((string)first!["message"]!).ShouldBe("Event submitted");
        ((string)first["warnings"]![0]!["field"]!).ShouldBe("equipmentNumber");
        var second = await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", body);
        ((string)second!["eventTransactionId"]!).ShouldBe((string)first["eventTransactionId"]!);
        var feed = await h.GetAsync("api/v1/events?afterSequence=0&size=10", "carrier");
        feed!["events"]!.AsArray().Count.ShouldBe(1);

        var iso = await h.PostAsync("api/v1/transportEvents/actualGateOut", "carrier", SimulatorHarness.Event("2025-01-01T00:00:00Z", Iso, "NLRTM"));
        iso!["warnings"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Unassociated_OrphanedThenAdopted_MovesIntoTheConsignment()
    {
        await using var h = await SimulatorHarness.StartAsync();
        await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event("2025-01-01T00:00:00Z", Iso, "NLRTM"));
        var homeless = SimulatorHarness.Event("2025-01-01T00:00:00Z");
        homeless["carrierBookingNumber"] = "BKG-LATER";
        await h.PostAsync("api/v1/transportEvents/plannedVesselDeparture", "carrier", homeless);
        var unassociated = await h.GetAsync("api/v1/events/unassociated?size=10", "carrier");
        ((int)unassociated!["total"]!).ShouldBe(2);
        unassociated["orphanedEvents"]!.AsArray().Count.ShouldBe(1);
        unassociated["homelessEvents"]!.AsArray().Count.ShouldBe(1);
        (await h.GetAsync("api/v1/events/unassociated", "shipper"))!["total"]!.GetValue<int>().ShouldBe(0);

        var (cid, teId) = await h.CreateShipmentAsync("BKG-LATER", Iso);
        (await h.GetAsync("api/v1/events/unassociated", "carrier"))!["total"]!.GetValue<int>().ShouldBe(0);
        var progress = await h.GetAsync($"api/v1/transportEquipment/currentProgress/consignmentId/{cid}/transportEquipmentId/{teId}", "carrier");
        var step = progress!["transportEquipmentList"]![0]!["currentProgressEvents"]![0]!;
        ((string)step["actuals"]![0]!["consignmentId"]!).ShouldBe(cid);
    }

    [Fact]
    public async Task ConsignmentQuery_PartiesAndRoles_SeeOnlyWhatTheyMayRead()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var (cid, teId) = await h.CreateShipmentAsync("BKG-Q", Iso, "BL-Q");
        var result = await h.GetAsync($"api/v2/consignments?equipmentNumber={Iso}", "carrier");
        ((int)result!["total"]!).ShouldBe(1);
        var consignment = result["consignments"]![0]!;
        ((string)consignment["consignmentId"]!).ShouldBe(cid);
        ((string)consignment["billOfLadingNumber"]!).ShouldBe("BL-Q");
        consignment["transportEquipmentIds"]!.AsArray().Select(n => (string)n!).ShouldBe([teId]);
        ((int)(await h.GetAsync("api/v2/consignments", "shipper"))!["total"]!).ShouldBe(0);
        ((int)(await h.GetAsync("api/v2/consignments", "customs"))!["total"]!).ShouldBe(1);
        await h.ExpectAsync(403, HttpMethod.Get, $"api/v1/transportEquipment/currentProgress/consignmentId/{cid}/transportEquipmentId/{teId}", "shipper");
        await h.PostAsync("api/v1/consignments/partyAdded", "carrier", new JsonObject { ["consignmentId"] = cid, ["partyOrgId"] = h.Org("shipper").Id });
        ((int)(await h.GetAsync("api/v2/consignments?carrierBookingNumber=BKG-Q", "shipper"))!["total"]!).ShouldBe(1);
        await h.ExpectAsync(403, HttpMethod.Post, "api/v1/consignments/partyAdded", "forwarder", new JsonObject { ["consignmentId"] = cid, ["partyOrgId"] = h.Org("forwarder").Id });
    }

    [Fact]
    public async Task FixtureReplay_TradeLensContainerDetails_ReadsBackAsCurrentProgress()
    {
        // The captured TradeLens payload (../shared/conformance/tradelens): one transport equipment with its bill of
        // lading, ports and planned vessel departure/arrival; its one plan event is a placeholder ("string"), so the
        // plan is replayed from the equipment's planned* members, plus estimated and actual events at the same steps.
        var fixture = JsonNode.Parse(File.ReadAllBytes(ConformanceFile("tradelens", "tradelens-container-details.json")))!["transportEquipmentList"]![0]!;
        var number = (string)fixture["equipmentNumber"]!;
        var bol = (string)fixture["billsOfLading"]!;
        var from = (string)fixture["portOfEntry"]!;
        var to = (string)fixture["portOfDischarge"]!;
        var departure = DateTimeOffset.FromUnixTimeMilliseconds((long)fixture["plannedVesselDeparture"]!);
        var arrival = DateTimeOffset.FromUnixTimeMilliseconds((long)fixture["plannedVesselArrival"]!);

        await using var h = await SimulatorHarness.StartAsync();
        var (cid, teId) = await h.CreateShipmentAsync("BKG-" + bol, number, bol);
        string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        async Task Publish(string type, DateTimeOffset at, string where, string role = "carrier")
        {
            var body = SimulatorHarness.Event(Time(at), null, where);
            body["transportEquipmentId"] = teId;
            var answer = await h.PostAsync($"api/v1/transportEvents/{type}", role, body);
            answer!["warnings"]!.AsArray().Count.ShouldBe(1); // 10193652010736 is not ISO 6346
        }

        await Publish("plannedVesselArrival", arrival.AddDays(10), to); // the fixture gives equal times; keep arrival last
        await Publish("plannedVesselDeparture", departure, from);
        await Publish("estimatedVesselDeparture", departure.AddHours(2), from);
        await Publish("actualVesselDeparture", departure.AddHours(3), from, "terminal");
        await Publish("estimatedVesselArrival", arrival.AddDays(10).AddHours(-5), to);

        var progress = await h.GetAsync($"api/v1/transportEquipment/currentProgress/consignmentId/{cid}/transportEquipmentId/{teId}", "carrier");
        ((string)progress!["consignment"]!["billOfLadingNumber"]!).ShouldBe(bol);
        var entry = progress["transportEquipmentList"]![0]!;
        ((string)entry["transportEquipmentSummary"]!["equipmentNumber"]!).ShouldBe(number);
        ((int)entry["sequenceOfLastActual"]!).ShouldBe(1);
        var steps = entry["currentProgressEvents"]!.AsArray();
        steps.Count.ShouldBe(2);
        ((string)steps[0]!["locationKey"]!).ShouldBe(from);
        ((string)steps[0]!["planned"]!["eventType"]!).ShouldBe("plannedVesselDeparture");
        ((long)steps[0]!["planned"]!["eventOccurrenceTime"]!).ShouldBe(departure.ToUnixTimeMilliseconds());
        ((long)steps[0]!["estimates"]![0]!["eventOccurrenceTime"]!).ShouldBe(departure.AddHours(2).ToUnixTimeMilliseconds());
        ((long)steps[0]!["actuals"]![0]!["eventOccurrenceTime"]!).ShouldBe(departure.AddHours(3).ToUnixTimeMilliseconds());
        ((string)steps[1]!["locationKey"]!).ShouldBe(to);
        ((string)steps[1]!["planned"]!["eventType"]!).ShouldBe("plannedVesselArrival");
        steps[1]!["actuals"]!.AsArray().ShouldBeEmpty();
        ((int)steps[1]!["sequence"]!).ShouldBe(2);

        // The bridge's TradeLens mapper reads the answer: every published event, with its classifier and time.
        using var document = System.Text.Json.JsonDocument.Parse(progress.ToJsonString());
        var mapped = new Bridge.Canonical.Mapping.TradeLens.TradeLensMapper().Map(document.RootElement, new Bridge.Canonical.Mapping.MappingContext(SimulatorHarness.Start, new string('0', 64)));
        mapped.Validation.IsValid.ShouldBeTrue();
        mapped.Events.Select(e => (e.Classifier, e.TypeCode, e.EventDateTime.ToUnixTimeMilliseconds())).ShouldBe(
        [
            ("PLN", "DEPA", departure.ToUnixTimeMilliseconds()),
            ("EST", "DEPA", departure.AddHours(2).ToUnixTimeMilliseconds()),
            ("ACT", "DEPA", departure.AddHours(3).ToUnixTimeMilliseconds()),
            ("PLN", "ARRI", arrival.AddDays(10).ToUnixTimeMilliseconds()),
            ("EST", "ARRI", arrival.AddDays(10).AddHours(-5).ToUnixTimeMilliseconds()),
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Attestation_EventAndMetadata_VerifyWithJwksAndFailAfterOneAlteredByte()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var (cid, _) = await h.CreateShipmentAsync("BKG-J", Iso);
        await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event("2025-01-01T00:00:00.000Z", Iso, "NLRTM"));
        var jwks = JsonNode.Parse(await h.Http.GetStringAsync(".well-known/jwks.json", TestContext.Current.CancellationToken))!;
        var platform = JsonNode.Parse(await h.Http.GetStringAsync(".well-known/platform", TestContext.Current.CancellationToken))!;
        ((string)platform["issuer"]!).ShouldBe(h.Simulator.Issuer);
        using var key = KeyFromJwks(jwks);

        var feed = await h.GetAsync("api/v1/events?afterSequence=0", "carrier");
        var ev = feed!["events"]!.AsArray().Last()!.AsObject();
        var attestation = (string)ev["attestation"]!;
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(attestation.Split('.')[0]))!;
        ((string)header["alg"]!).ShouldBe("ES256");
        ((string)header["typ"]!).ShouldBe("platform-attestation+jws");
        ((string)header["iss"]!).ShouldBe(h.Simulator.Issuer);
        ((string)header["kid"]!).ShouldBe((string)jwks["keys"]![0]!["kid"]!);
        VerifyDetached(key, attestation, JcsWithoutAttestation(ev)).ShouldBeTrue();

        var altered = JcsWithoutAttestation(ev);
        altered[altered.Length / 2] ^= 0x01;
        VerifyDetached(key, attestation, altered).ShouldBeFalse();

        // Document: metadata object and content bytes.
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(new JsonObject { ["docType"] = "BILL_OF_LADING", ["docTypeNamespace"] = "platform", ["fileType"] = "JSON", ["consignmentId"] = cid }.ToJsonString(), Encoding.UTF8, "application/json"), "metadata");
        var content = "{\"bl\":\"BL-1\"}"u8.ToArray();
        form.Add(new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "file", "bl.json");
        using var upload = new HttpRequestMessage(HttpMethod.Post, "api/v1/documents") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await h.SolutionTokenAsync("carrier"));
        using var uploaded = await h.Http.SendAsync(upload, TestContext.Current.CancellationToken);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await SimulatorHarness.ReadObjectAsync(uploaded);
        ((string)answer!["contentSha256"]!).ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        var documentId = (string)answer["documentId"]!;

        var metadata = (await h.GetAsync($"api/v1/documents/{documentId}/metadata", "customs"))!.AsObject();
        ((int)metadata["size"]!).ShouldBe(content.Length);
        VerifyDetached(key, (string)metadata["attestation"]!, JcsWithoutAttestation(metadata)).ShouldBeTrue();

        using var download = await h.SendAsync(HttpMethod.Get, $"api/v1/documents/{documentId}/content", "carrier");
        var bytes = await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        bytes.ShouldBe(content);
        var contentAttestation = download.Headers.GetValues("X-Platform-Attestation").Single();
        VerifyDetached(key, contentAttestation, bytes).ShouldBeTrue();
        bytes[0] ^= 0x01;
        VerifyDetached(key, contentAttestation, bytes).ShouldBeFalse();
        await h.ExpectAsync(403, HttpMethod.Get, $"api/v1/documents/{documentId}/content", "shipper");

        var documentEvent = (await h.GetAsync("api/v1/events?afterSequence=0", "carrier"))!["events"]!.AsArray().Last()!;
        ((string)documentEvent["eventType"]!).ShouldBe("documentSubmitted");
        ((string)documentEvent["eventName"]!).ShouldBe("Bill of Lading submitted");
        ((string)documentEvent["docId"]!).ShouldBe(documentId);
    }

    [Fact]
    public async Task Restart_JournalReplayed_StateAndIdsKept()
    {
        await using var h = await SimulatorHarness.StartAsync(seedDemoData: true);
        var before = (await h.GetAsync("api/v1/events?afterSequence=0&size=1000", "port"))!["events"]!.AsArray();
        before.Count.ShouldBeGreaterThan(3);
        await h.RestartAsync();
        var after = (await h.GetAsync("api/v1/events?afterSequence=0&size=1000", "port"))!["events"]!.AsArray();
        after.Select(e => (string)e!["eventTransactionId"]!).ShouldBe(before.Select(e => (string)e!["eventTransactionId"]!));
        ((long)after.Last()!["sequence"]!).ShouldBe(before.Count);

        // Same seed elsewhere: same organisations and the same demo ids, in the same order.
        await using var twin = await SimulatorHarness.StartAsync(seedDemoData: true);
        twin.Simulator.Organizations.Select(o => (o.Id, o.ApiKey, o.UserId)).ShouldBe(h.Simulator.Organizations.Select(o => (o.Id, o.ApiKey, o.UserId)));
        var twinEvents = (await twin.GetAsync("api/v1/events?afterSequence=0&size=1000", "port"))!["events"]!.AsArray();
        twinEvents.Select(e => (string)e!["eventTransactionId"]!).ShouldBe(before.Select(e => (string)e!["eventTransactionId"]!));
        await using var other = await SimulatorHarness.StartAsync(seed: "another-seed");
        other.Simulator.Organizations[0].Id.ShouldNotBe(h.Simulator.Organizations[0].Id);

        h.Simulator.Reset();
        var reset = (await h.GetAsync("api/v1/events?afterSequence=0&size=1000", "port"))!["events"]!.AsArray();
        reset.Select(e => (string)e!["eventTransactionId"]!).ShouldBe(before.Select(e => (string)e!["eventTransactionId"]!));
        h.Simulator.DescribeForConsole().ShouldContain(h.Org("carrier").ApiKey);
    }

    internal static ECDsa KeyFromJwks(JsonNode jwks)
    {
        var jwk = jwks["keys"]![0]!;
        ((string)jwk["kty"]!).ShouldBe("EC");
        ((string)jwk["crv"]!).ShouldBe("P-256");
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars((string)jwk["x"]!), Y = Base64Url.DecodeFromChars((string)jwk["y"]!) },
        });
    }

    // RFC 7515 Appendix F: the signing input is BASE64URL(header) "." BASE64URL(detached payload); ES256 signature in
    // the 64-byte R || S form (RFC 7518 §3.4).
    internal static bool VerifyDetached(ECDsa key, string jws, byte[] payload)
    {
        var parts = jws.Split('.');
        parts.Length.ShouldBe(3);
        parts[1].ShouldBeEmpty();
        var input = Encoding.ASCII.GetBytes(parts[0] + "." + Base64Url.EncodeToString(payload));
        return key.VerifyData(input, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal static byte[] JcsWithoutAttestation(JsonObject value)
    {
        var copy = value.DeepClone().AsObject();
        copy.Remove("attestation");
        return Jcs.Canonicalize(Encoding.UTF8.GetBytes(copy.ToJsonString()));
    }

    private static string ConformanceFile(string area, string name, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source)! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
                {
                    return Path.Combine(dir.Parent!.FullName, "shared", "conformance", area, name);
                }
            }
        }

        throw new FileNotFoundException("Bridge.sln not found above the test.");
    }
}
