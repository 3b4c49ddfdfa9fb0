using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

[Trait("Category", "Integration")]
public sealed class NetworksApiTests : IClassFixture<BridgeHostFixture>
{
    private const string Networks = "/api/v1/networks";
    private readonly BridgeHostFixture _host;

    public NetworksApiTests(BridgeHostFixture host) => _host = host;

    [Theory]
    [InlineData("ethereum")]
    [InlineData("platform")]
    [InlineData("fabric")]
    public async Task Create_EachKind_Returns201WithLocationAndRoundTripsTrustAnchors(string kind)
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName(kind);
        var body = Bodies.Network(name, kind);

        using var response = await client.PostJsonAsync(Networks, body);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldBe($"{Networks}/{name}");
        created.Str("name").ShouldBe(name);
        created.Str("displayName").ShouldBe($"Network {name}");
        created.Str("kind").ShouldBe(kind);
        Guid.TryParse(created.Str("id"), out _).ShouldBeTrue();
        created.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(created.GetProperty("updatedAt").GetDateTimeOffset());
        JsonEquals(body["endpoints"]!, created.GetProperty("endpoints")).ShouldBeTrue(created.GetRawText());
        JsonEquals(body["trustAnchors"]!, created.GetProperty("trustAnchors")).ShouldBeTrue(created.GetRawText());

        using var get = await client.GetAsync(response.Headers.Location, Ct);
        var stored = await get.ShouldBeJsonAsync(HttpStatusCode.OK);
        JsonEquals(body["trustAnchors"]!, stored.GetProperty("trustAnchors")).ShouldBeTrue(stored.GetRawText());
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM networks WHERE name = '{name}' AND kind = '{kind}'")).ShouldBe(1);
    }

    [Fact]
    public async Task Create_NoDisplayName_DisplayNameIsName()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("nodisplay");
        var body = Bodies.Network(name);
        body.Remove("displayName");

        using var response = await client.PostJsonAsync(Networks, body);

        (await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("displayName").ShouldBe(name);
    }

    [Fact]
    public async Task Get_AfterCreate_ReturnsTheCreatedRepresentation()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("same");
        using var create = await client.PostJsonAsync(Networks, Bodies.Network(name, "platform"));
        var created = await create.ShouldBeJsonAsync(HttpStatusCode.Created);

        using var get = await client.GetAsync($"{Networks}/{name}", Ct);

        var fetched = await get.ShouldBeJsonAsync(HttpStatusCode.OK);
        JsonEquals(WithoutTimestamps(created), WithoutTimestamps(fetched)).ShouldBeTrue($"created {created.GetRawText()}\nfetched {fetched.GetRawText()}");

        // A client that keeps the 201 body must see the same instants as every later read (no lost precision).
        fetched.Str("createdAt").ShouldBe(created.Str("createdAt"));
        fetched.Str("updatedAt").ShouldBe(created.Str("updatedAt"));
    }

    [Fact]
    public async Task List_PagesOfTwo_ReturnsEveryNetworkOnceInNameOrder()
    {
        using var client = _host.Client(_host.OperatorKey);
        var prefix = UniqueName("page");
        var mine = Enumerable.Range(1, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in mine.AsEnumerable().Reverse())
        {
            using var create = await client.PostJsonAsync(Networks, Bodies.Network(name));
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = cursor is null ? $"{Networks}?limit=2" : $"{Networks}?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            using var response = await client.GetAsync(url, Ct);
            var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.Str("name")).ToList();
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            items.Count.ShouldBeLessThanOrEqualTo(2);
            if (cursor is not null)
            {
                items.Count.ShouldBe(2);
            }

            seen.AddRange(items);
            (++pages).ShouldBeLessThan(1000);
        }
        while (cursor is not null);

        // Tests of one class run one at a time, so the table holds exactly what was paged through.
        seen.ShouldBeUnique();
        seen.Count.ShouldBe((int)await _host.ScalarAsync<long>("SELECT count(*) FROM networks"));
        seen.Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)).ShouldBe(mine);
    }

    [Fact]
    public async Task List_NoLimit_ReturnsItemsAndCursorMember()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("listed");
        using (var create = await client.PostJsonAsync(Networks, Bodies.Network(name)))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var response = await client.GetAsync($"{Networks}?limit=200", Ct);

        var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        page.GetProperty("items").EnumerateArray().Select(i => i.Str("name")).ShouldContain(name);
    }

    [Fact]
    public async Task Update_ChangedFields_Returns200AndPersistsThem()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("upd");
        using var create = await client.PostJsonAsync(Networks, Bodies.Network(name));
        var created = await create.ShouldBeJsonAsync(HttpStatusCode.Created);
        var changed = Bodies.Network(name, "ethereum", "wss://rpc.example.com/ws", Bodies.EthereumAnchors(chainId: 1, confirmations: 12));
        changed["displayName"] = "Renamed display";

        using var response = await client.PutJsonAsync($"{Networks}/{name}", changed);

        var updated = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        updated.Str("id").ShouldBe(created.Str("id"));
        updated.Str("displayName").ShouldBe("Renamed display");
        updated.GetProperty("endpoints")[0].Str("url").ShouldBe("wss://rpc.example.com/ws");
        updated.GetProperty("trustAnchors").GetProperty("chainId").GetInt64().ShouldBe(1);
        updated.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(created.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        updated.GetProperty("updatedAt").GetDateTimeOffset().ShouldBeGreaterThan(created.GetProperty("updatedAt").GetDateTimeOffset());

        using var get = await client.GetAsync($"{Networks}/{name}", Ct);
        var stored = await get.ShouldBeJsonAsync(HttpStatusCode.OK);
        stored.Str("displayName").ShouldBe("Renamed display");
        JsonEquals(changed["trustAnchors"]!, stored.GetProperty("trustAnchors")).ShouldBeTrue(stored.GetRawText());
        JsonEquals(changed["endpoints"]!, stored.GetProperty("endpoints")).ShouldBeTrue(stored.GetRawText());
    }

    [Fact]
    public async Task Update_NewNameInBody_RenamesNetwork()
    {
        using var client = _host.Client(_host.OperatorKey);
        var oldName = UniqueName("old");
        var newName = UniqueName("new");
        using var create = await client.PostJsonAsync(Networks, Bodies.Network(oldName));
        var created = await create.ShouldBeJsonAsync(HttpStatusCode.Created);

        using var response = await client.PutJsonAsync($"{Networks}/{oldName}", Bodies.Network(newName));

        var updated = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        updated.Str("name").ShouldBe(newName);
        updated.Str("id").ShouldBe(created.Str("id"));
        using var getOld = await client.GetAsync($"{Networks}/{oldName}", Ct);
        await getOld.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var getNew = await client.GetAsync($"{Networks}/{newName}", Ct);
        (await getNew.ShouldBeJsonAsync(HttpStatusCode.OK)).Str("id").ShouldBe(created.Str("id"));
    }

    [Fact]
    public async Task Update_BodyWithoutName_KeepsTheName()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("keep");
        using var create = await client.PostJsonAsync(Networks, Bodies.Network(name));
        create.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = Bodies.Network(name);
        body.Remove("name");
        body["displayName"] = "Kept";

        using var response = await client.PutJsonAsync($"{Networks}/{name}", body);

        var updated = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        updated.Str("name").ShouldBe(name);
        updated.Str("displayName").ShouldBe("Kept");
    }

    [Fact]
    public async Task Delete_Existing_Returns204ThenGetReturns404()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("del");
        using var create = await client.PostJsonAsync(Networks, Bodies.Network(name, "fabric"));
        create.StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await client.DeleteAsync($"{Networks}/{name}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await response.Content.ReadAsByteArrayAsync(Ct)).ShouldBeEmpty();
        using var get = await client.GetAsync($"{Networks}/{name}", Ct);
        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM networks WHERE name = '{name}'")).ShouldBe(0);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409AtNameAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("dup");
        using var first = await client.PostJsonAsync(Networks, Bodies.Network(name));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(name, "platform"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/name");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("-leading-dash")]
    [InlineData("trailing-dash-")]
    [InlineData("under_score")]
    [InlineData("")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public async Task Create_InvalidName_Returns400AtNameAndChangesNothing(string name)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(name));

        await response.ShouldBeValidationProblemAsync("/name", name.Length == 0 ? "required" : "invalid-format");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_MissingName_Returns400RequiredAtName()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network("ignored");
        body.Remove("name");
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeValidationProblemAsync("/name", "required");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_UnknownKind_Returns400AtKindAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("kind"));
        body["kind"] = "bitcoin";
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeValidationProblemAsync("/kind", "unknown-value");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("ethereum", "grpc://node.example.com:7051")]
    [InlineData("platform", "wss://platform.example.com/ws")]
    [InlineData("fabric", "ws://peer0.example.com:7051")]
    [InlineData("ethereum", "ftp://node.example.com/")]
    public async Task Create_EndpointSchemeNotAllowedForKind_Returns400AtEndpointUrl(string kind, string url)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(UniqueName("scheme"), kind, url));

        await response.ShouldBeValidationProblemAsync("/endpoints/0/url", "unknown-value");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_UrlWithCredentials_Returns400CredentialsInUrlAndDoesNotEchoThem()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(UniqueName("creds"), "ethereum", "https://alice:s3cretPw@rpc.example.com/"));

        var problem = await response.ShouldBeValidationProblemAsync("/endpoints/0/url", "credentials-in-url");
        problem.GetRawText().ShouldNotContain("s3cretPw");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_RelativeUrl_Returns400InvalidFormatAtEndpointUrl()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(UniqueName("rel"), "ethereum", "/rpc"));

        await response.ShouldBeValidationProblemAsync("/endpoints/0/url", "invalid-format");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_NoEndpoints_Returns400AtEndpoints()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("noep"));
        body["endpoints"] = new JsonArray();
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeValidationProblemAsync("/endpoints", "required");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_MissingTrustAnchors_Returns400AtTrustAnchors()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("noanchors"));
        body.Remove("trustAnchors");
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeValidationProblemAsync("/trustAnchors", "required");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_MisspeltTrustAnchorMember_Returns400AtThatMember()
    {
        using var client = _host.Client(_host.OperatorKey);
        var anchors = Bodies.EthereumAnchors();
        anchors.Remove("chainId");
        anchors["chainID"] = 31337;
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(UniqueName("chainid"), "ethereum", anchors: anchors));

        var problem = await response.ShouldBeValidationProblemAsync("/trustAnchors/chainID", "unknown-member");
        problem.GetProperty("errors").EnumerateArray().ShouldContain(e => e.Str("field") == "/trustAnchors/chainId" && e.Str("code") == "required");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_PrivateKeyInJwk_Returns400PrivateKeyMaterial()
    {
        using var client = _host.Client(_host.OperatorKey);
        var anchors = Bodies.PlatformAnchors();
        anchors["jwks"]!["keys"]![0]!["d"] = "c2VjcmV0";
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(UniqueName("jwkd"), "platform", anchors: anchors));

        await response.ShouldBeValidationProblemAsync("/trustAnchors/jwks/keys/0/d", "private-key-material");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_FabricRootThatIsNotPem_Returns400InvalidCertificate()
    {
        using var client = _host.Client(_host.OperatorKey);
        var anchors = Bodies.FabricAnchors();
        anchors["msps"]![0]!["rootCertificates"] = new JsonArray("not a certificate");
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, Bodies.Network(UniqueName("fabcert"), "fabric", anchors: anchors));

        await response.ShouldBeValidationProblemAsync("/trustAnchors/msps/0/rootCertificates/0", "invalid-certificate");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_UnknownTopLevelMember_Returns400MalformedAtThatMember()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("extra"));
        body["colour"] = "blue";
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "/colour");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_UnknownEndpointMember_Returns400MalformedAtThatMember()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("extra"));
        body["endpoints"]![0]!["weight"] = 1;
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "/endpoints/0/weight");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_WrongJsonType_Returns400MalformedAtThatMember()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("type"));
        body["kind"] = 5;
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "/kind");
        problem.Str("detail").ShouldNotContain("System.");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("{\"name\": \"x\",")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task Create_InvalidJson_Returns400Malformed(string json)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostRawAsync(Networks, json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request");
        problem.Str("detail").ShouldNotContain("System.");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_EmptyBody_Returns400Malformed()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostRawAsync(Networks, string.Empty);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request");
        problem.Str("detail").ShouldNotContain("NetworkInput");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_WrongContentType_Returns415()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();
        using var content = new StringContent(Bodies.Network(UniqueName("ctype")).ToJsonString(), Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync(Networks, content, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_BodyOver64KiB_Returns413()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("big"));
        body["displayName"] = new string('x', 70 * 1024);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Networks, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_ChunkedBodyOver64KiB_Returns413()
    {
        using var client = _host.Client(_host.OperatorKey);
        var body = Bodies.Network(UniqueName("bigchunk"));
        body["displayName"] = new string('x', 70 * 1024);
        var before = await _host.SnapshotAsync();
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(body.ToJsonString()));

        using var response = await client.PostAsync(Networks, content, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("500")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task List_InvalidLimit_Returns400AtQueryLimit(string limit)
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"{Networks}?limit={limit}", Ct);

        await response.ShouldBeValidationProblemAsync("/query/limit", "out-of-range");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("%21%21%21")]
    [InlineData("LS1iYWQ")]
    public async Task List_InvalidCursor_Returns400AtQueryCursor(string cursor)
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"{Networks}?cursor={cursor}", Ct);

        await response.ShouldBeValidationProblemAsync("/query/cursor", "invalid-format");
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"{Networks}/{UniqueName("missing")}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Update_Unknown_Returns404AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("missing");
        var before = await _host.SnapshotAsync();

        using var response = await client.PutJsonAsync($"{Networks}/{name}", Bodies.Network(name));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Delete_Unknown_Returns404AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.DeleteAsync($"{Networks}/{UniqueName("missing")}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Update_RenameOntoExistingName_Returns409AndBothUnchanged()
    {
        using var client = _host.Client(_host.OperatorKey);
        var a = UniqueName("a");
        var b = UniqueName("b");
        using (var createA = await client.PostJsonAsync(Networks, Bodies.Network(a)))
        using (var createB = await client.PostJsonAsync(Networks, Bodies.Network(b, "platform")))
        {
            createA.StatusCode.ShouldBe(HttpStatusCode.Created);
            createB.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var before = await _host.SnapshotAsync();
        using var getA = await client.GetAsync($"{Networks}/{a}", Ct);
        var storedA = await getA.ShouldBeJsonAsync(HttpStatusCode.OK);

        using var response = await client.PutJsonAsync($"{Networks}/{a}", Bodies.Network(b));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/name");
        (await _host.SnapshotAsync()).ShouldBe(before);
        using var afterA = await client.GetAsync($"{Networks}/{a}", Ct);
        JsonElement.DeepEquals(storedA, await afterA.ShouldBeJsonAsync(HttpStatusCode.OK)).ShouldBeTrue();
        using var afterB = await client.GetAsync($"{Networks}/{b}", Ct);
        (await afterB.ShouldBeJsonAsync(HttpStatusCode.OK)).Str("kind").ShouldBe("platform");
    }

    [Fact]
    public async Task Update_InvalidBody_Returns400AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("updbad");
        using (var create = await client.PostJsonAsync(Networks, Bodies.Network(name)))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var body = Bodies.Network(name, "ethereum", "grpc://node.example.com:7051");
        var before = await _host.SnapshotAsync();

        using var response = await client.PutJsonAsync($"{Networks}/{name}", body);

        await response.ShouldBeValidationProblemAsync("/endpoints/0/url", "unknown-value");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    private static JsonObject WithoutTimestamps(JsonElement resource)
    {
        var node = JsonNode.Parse(resource.GetRawText())!.AsObject();
        node.Remove("createdAt");
        node.Remove("updatedAt");
        return node;
    }
}
