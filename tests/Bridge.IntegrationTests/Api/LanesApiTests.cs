using System.Net;
using System.Text.Json.Nodes;
using Bridge.Host.Cli;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary><c>/api/v1/lanes</c> and <c>bridge lanes</c> against a real host and database.</summary>
[Trait("Category", "Integration")]
public sealed class LanesApiTests : IClassFixture<BridgeHostFixture>
{
    private const string Lanes = "/api/v1/lanes";
    private const string SignerA = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private const string SignerB = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    private readonly BridgeHostFixture _host;

    public LanesApiTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task Lane_CreateGetListUpdatePauseResumeDelete_RoundTripsEveryField()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (fabric, ethereum, carrier) = await SetUpAsync(client);
        var name = UniqueName("title");

        using (var created = await client.PostJsonAsync(Lanes, TitleLane(name, fabric, ethereum, carrier)))
        {
            var lane = await created.ShouldBeJsonAsync(HttpStatusCode.Created);
            created.Headers.Location!.OriginalString.ShouldBe($"{Lanes}/{name}");
            lane.Str("source").ShouldBe(fabric);
            lane.Str("destination").ShouldBe(ethereum);
            lane.GetProperty("flows").EnumerateArray().Select(f => f.GetString()).ShouldBe(["title"]);
            lane.Str("direction").ShouldBe("both");
            lane.GetProperty("proofPolicy").GetProperty("relayThreshold").GetInt32().ShouldBe(2);
            lane.GetProperty("proofPolicy").GetProperty("sourceProofKinds").EnumerateArray().Select(k => k.GetString()).ShouldBe(["fabric-endorsement", "ethereum-receipt"]);
            lane.GetProperty("minConfirmations").GetInt32().ShouldBe(2);
            lane.GetProperty("deadlineSeconds").GetInt32().ShouldBe(3600);
            lane.GetProperty("rateLimit").GetProperty("burst").GetInt32().ShouldBe(20);
            lane.GetProperty("access")[0].Str("participant").ShouldBe(carrier);
            lane.GetProperty("paused").GetBoolean().ShouldBeFalse();
        }

        using (var fetched = await client.GetAsync($"{Lanes}/{name}", Ct))
        {
            (await fetched.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("access")[0].GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ShouldBe(["read", "submit"]);
        }

        using (var listed = await client.GetAsync($"{Lanes}?limit=200", Ct))
        {
            (await listed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(l => l.Str("name")).ShouldContain(name);
        }

        for (var i = 0; i < 2; i++)
        {
            using var paused = await client.PostAsync($"{Lanes}/{name}/pause", null, Ct);
            (await paused.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("paused").GetBoolean().ShouldBeTrue("pausing twice is idempotent");
        }

        var changed = TitleLane(name, fabric, ethereum, carrier);
        changed["deadlineSeconds"] = 7200;
        using (var updated = await client.PutJsonAsync($"{Lanes}/{name}", changed))
        {
            var lane = await updated.ShouldBeJsonAsync(HttpStatusCode.OK);
            lane.GetProperty("deadlineSeconds").GetInt32().ShouldBe(7200);
            lane.GetProperty("paused").GetBoolean().ShouldBeTrue("an update keeps the paused state");
        }

        using (var resumed = await client.PostAsync($"{Lanes}/{name}/resume", null, Ct))
        {
            (await resumed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("paused").GetBoolean().ShouldBeFalse();
        }

        using (var deleted = await client.DeleteAsync($"{Lanes}/{name}", Ct))
        {
            deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var gone = await client.GetAsync($"{Lanes}/{name}", Ct);
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Lane_BadInput_IsRefusedAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (fabric, ethereum, carrier) = await SetUpAsync(client);
        var name = UniqueName("bad");

        var unknownNetwork = TitleLane(name, fabric, "nowhere-0", carrier);
        using (var response = await client.PostJsonAsync(Lanes, unknownNetwork))
        {
            await response.ShouldBeValidationProblemAsync("/destination", "unknown-value");
        }

        var unknownParticipant = TitleLane(name, fabric, ethereum, "nobody-0");
        using (var response = await client.PostJsonAsync(Lanes, unknownParticipant))
        {
            await response.ShouldBeValidationProblemAsync("/access/0/participant", "unknown-value");
        }

        var unknownMember = TitleLane(name, fabric, ethereum, carrier);
        unknownMember["colour"] = "blue";
        using (var response = await client.PostJsonAsync(Lanes, unknownMember))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using (var missing = await client.GetAsync($"{Lanes}/{name}", Ct))
        {
            await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        using (var first = await client.PostJsonAsync(Lanes, TitleLane(name, fabric, ethereum, carrier)))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var again = await client.PostJsonAsync(Lanes, TitleLane(name, fabric, ethereum, carrier)))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/name");
        }

        using var networkInUse = await client.DeleteAsync($"/api/v1/networks/{fabric}", Ct);
        await networkInUse.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict");
        using var stillThere = await client.GetAsync($"/api/v1/networks/{fabric}", Ct);
        stillThere.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Lane_Writes_NeedAnOperatorKey()
    {
        using var operatorClient = _host.Client(_host.OperatorKey);
        var (fabric, ethereum, carrier) = await SetUpAsync(operatorClient);
        var name = UniqueName("auth");
        using (var created = await operatorClient.PostJsonAsync(Lanes, TitleLane(name, fabric, ethereum, carrier)))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        foreach (var key in new[] { _host.AuditorKey, _host.ParticipantKey })
        {
            using var client = _host.Client(key);
            using var create = await client.PostJsonAsync(Lanes, TitleLane(UniqueName("auth"), fabric, ethereum, carrier));
            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            using var pause = await client.PostAsync($"{Lanes}/{name}/pause", null, Ct);
            await pause.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var anonymous = _host.Client();
        using var list = await anonymous.GetAsync(Lanes, Ct);
        await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var auditor = _host.Client(_host.AuditorKey);
        using var read = await auditor.GetAsync($"{Lanes}/{name}", Ct);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LanesCommand_ListPauseResume_TalkToTheHost()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (fabric, ethereum, carrier) = await SetUpAsync(client);
        var name = UniqueName("cli");
        using (var created = await client.PostJsonAsync(Lanes, TitleLane(name, fabric, ethereum, carrier)))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        string[] Common() => ["--url", _host.BaseAddress.ToString(), "--api-key", _host.OperatorKey];
        using var pauseOut = new StringWriter();
        using var errors = new StringWriter();
        (await BridgeCommandLine.RunAsync(["lanes", "pause", name, .. Common()], pauseOut, errors, Ct)).ShouldBe(0, errors.ToString());
        pauseOut.ToString().ShouldContain($"Lane '{name}' is paused.");

        using var listOut = new StringWriter();
        (await BridgeCommandLine.RunAsync(["lanes", "list", "--output", "json", .. Common()], listOut, errors, Ct)).ShouldBe(0, errors.ToString());
        var listed = JsonNode.Parse(listOut.ToString())!.AsArray().Single(l => l!["name"]!.GetValue<string>() == name)!;
        listed["paused"]!.GetValue<bool>().ShouldBeTrue();

        using var resumeOut = new StringWriter();
        (await BridgeCommandLine.RunAsync(["lanes", "resume", name, .. Common()], resumeOut, errors, Ct)).ShouldBe(0, errors.ToString());
        resumeOut.ToString().ShouldContain($"Lane '{name}' is running.");

        using var missingOut = new StringWriter();
        using var missingErrors = new StringWriter();
        (await BridgeCommandLine.RunAsync(["lanes", "pause", "no-such-lane", .. Common()], missingOut, missingErrors, Ct)).ShouldNotBe(0);
        missingErrors.ToString().ShouldContain("no-such-lane");
    }

    private static JsonObject TitleLane(string name, string source, string destination, string participant) => new()
    {
        ["name"] = name,
        ["source"] = source,
        ["destination"] = destination,
        ["flows"] = new JsonArray("title"),
        ["direction"] = "both",
        ["proofPolicy"] = new JsonObject
        {
            ["sourceProofKinds"] = new JsonArray("fabric-endorsement", "ethereum-receipt"),
            ["relaySigners"] = new JsonArray(SignerA, SignerB),
            ["relayThreshold"] = 2,
        },
        ["minConfirmations"] = 2,
        ["deadlineSeconds"] = 3600,
        ["rateLimit"] = new JsonObject { ["perSecond"] = 10 },
        ["access"] = new JsonArray(new JsonObject { ["participant"] = participant, ["operations"] = new JsonArray("read", "submit") }),
    };

    private static async Task<(string Fabric, string Ethereum, string Carrier)> SetUpAsync(HttpClient client)
    {
        var fabric = UniqueName("fab");
        var ethereum = UniqueName("eth");
        var carrier = UniqueName("carrier");
        foreach (var (body, path) in new[] { (Bodies.Network(fabric, "fabric"), "/api/v1/networks"), (Bodies.Network(ethereum, "ethereum"), "/api/v1/networks"), (Bodies.Participant(carrier), "/api/v1/participants") })
        {
            using var response = await client.PostJsonAsync(path, body);
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        }

        return (fabric, ethereum, carrier);
    }
}
