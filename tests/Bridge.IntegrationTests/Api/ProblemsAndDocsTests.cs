using System.Net;
using System.Text;
using System.Text.Json;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

[Trait("Category", "Integration")]
public sealed class ProblemsAndDocsTests : IClassFixture<BridgeHostFixture>
{
    private static readonly string[] AllCodes =
    [
        "validation", "malformed-request", "unauthenticated", "forbidden", "not-found", "method-not-allowed",
        "conflict", "payload-too-large", "unsupported-media-type", "service-unavailable", "internal",
        "no-records", "record-conflict", "webhook-rejected", "webhook-replayed", "message-transition-refused",
    ];

    private readonly BridgeHostFixture _host;

    public ProblemsAndDocsTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task UnknownRoute_OperatorKey_Returns404Problem()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync("/api/v1/nothing-here", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task UnknownRoute_NoKey_Returns401Problem()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/api/v1/nothing-here", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task WrongMethod_OperatorKey_Returns405ProblemWithAllow()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PatchAsync("/api/v1/networks", Json("{}"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        response.Content.Headers.Allow.ShouldBe(["GET", "POST"], ignoreOrder: true);
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("created")]
    [InlineData("unauthenticated")]
    [InlineData("forbidden")]
    [InlineData("not-found")]
    [InlineData("method-not-allowed")]
    [InlineData("validation")]
    [InlineData("malformed-request")]
    [InlineData("unsupported-media-type")]
    [InlineData("payload-too-large")]
    [InlineData("metrics")]
    public async Task AnyResponse_CallerRequestId_IsEchoedAndQuotedInProblems(string kind)
    {
        var requestId = $"it-{kind}-{Guid.NewGuid():N}";
        using var client = _host.Client(kind == "unauthenticated" ? null : kind == "forbidden" ? _host.AuditorKey : _host.OperatorKey);
        client.DefaultRequestHeaders.Add("X-Request-Id", requestId);

        using var response = await SendAsync(client, kind);

        response.Headers.TryGetValues("X-Request-Id", out var echoed).ShouldBeTrue($"no X-Request-Id on a {(int)response.StatusCode} response");
        echoed!.Single().ShouldBe(requestId);
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = await response.ReadJsonAsync();
            problem.Str("requestId").ShouldBe(requestId);
        }
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("not-found")]
    [InlineData("malformed-request")]
    public async Task AnyResponse_NoCallerRequestId_GetsAGeneratedOne(string kind)
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await SendAsync(client, kind);

        response.Headers.TryGetValues("X-Request-Id", out var ids).ShouldBeTrue($"no X-Request-Id on a {(int)response.StatusCode} response");
        ids!.Single().ShouldMatch("^[0-9a-f]{32}$");
    }

    [Theory]
    [InlineData("has spaces")]
    [InlineData("<script>")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Get_UnsafeCallerRequestId_IsReplaced(string presented)
    {
        using var client = _host.Client(_host.OperatorKey);
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Request-Id", presented);

        using var response = await client.GetAsync("/api/v1/networks/no-such-network", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        var id = response.Headers.GetValues("X-Request-Id").Single();
        id.ShouldNotBe(presented);
        id.ShouldMatch("^[0-9a-f]{32}$");
        problem.Str("requestId").ShouldBe(id);
    }

    [Fact]
    public async Task Problems_Catalogue_ListsEveryCode()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/problems", Ct);

        var catalogue = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        var types = catalogue.EnumerateArray().Select(p => p.Str("type")).ToList();
        types.ShouldBe(AllCodes.Select(c => $"/problems/{c}"), ignoreOrder: true);
        catalogue.EnumerateArray().ShouldAllBe(p => p.GetProperty("status").GetInt32() >= 400 && p.Str("title").Length > 0 && p.Str("description").Length > 0);
    }

    [Fact]
    public async Task Problems_Validation_DescribesIt()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/problems/validation", Ct);

        var type = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        type.Str("type").ShouldBe("/problems/validation");
        type.GetProperty("status").GetInt32().ShouldBe(400);
        type.Str("title").ShouldNotBeNullOrWhiteSpace();
        type.Str("description").ShouldContain("field");
    }

    [Fact]
    public async Task Problems_UnknownCode_Returns404Problem()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/problems/no-such-code", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task OpenApi_Document_IsJsonWithTheRegistryPaths()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/openapi/v1.json", Ct);

        var document = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        document.Str("openapi").ShouldStartWith("3.");
        document.GetProperty("info").Str("title").ShouldBe("Trade Chain Bridge API");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/networks", "/api/v1/networks/{name}", "/api/v1/participants", "/api/v1/participants/{name}", "/api/v1/keys", "/api/v1/keys/{keyId}" })
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        }

        paths.GetProperty("/api/v1/networks").TryGetProperty("post", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Docs_IndexWithKey_ReturnsHtml()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync("/docs/index.html", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("<html", Case.Insensitive);
    }

    [Fact]
    public async Task Docs_IndexInABrowserWithoutKey_ReturnsHtml()
    {
        // The docs page is opened in a browser, which cannot send a bearer key; the document it shows
        // (/openapi/v1.json) is anonymous, so the page must be too.
        using var client = _host.Client();

        using var response = await client.GetAsync("/docs/index.html", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task Metrics_AfterRequests_ExposeHttpAndProcessMetricsWithoutKeysOrNames()
    {
        var secretName = UniqueName("metricsprobe");
        using (var client = _host.Client(_host.OperatorKey))
        using (var probe = await client.GetAsync($"/api/v1/networks/{secretName}", Ct))
        {
            probe.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var anonymous = _host.Client();
        using var response = await anonymous.GetAsync("/metrics", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync(Ct);
        var lines = text.Split('\n');
        lines.ShouldContain(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                                 && l.Contains("http_route=\"/api/v1/networks/{name}\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("process_resident_memory_bytes ", StringComparison.Ordinal));
        text.ShouldNotContain("tcb_");
        text.ShouldNotContain(_host.OperatorKey.Split('_')[1]);
        text.ShouldNotContain(secretName);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string kind)
    {
        switch (kind)
        {
            case "ok":
            case "unauthenticated":
                return await client.GetAsync("/api/v1/networks", Ct);
            case "created":
                return await client.PostJsonAsync("/api/v1/networks", Bodies.Network(UniqueName("rid")));
            case "forbidden":
                return await client.PostJsonAsync("/api/v1/networks", Bodies.Network(UniqueName("rid")));
            case "not-found":
                return await client.GetAsync("/api/v1/networks/no-such-network", Ct);
            case "method-not-allowed":
                return await client.PatchAsync("/api/v1/networks", Json("{}"), Ct);
            case "validation":
                return await client.PostJsonAsync("/api/v1/networks", Bodies.Network("Bad Name"));
            case "malformed-request":
                return await client.PostRawAsync("/api/v1/networks", "{ not json");
            case "unsupported-media-type":
                return await client.PostAsync("/api/v1/networks", new StringContent("{}", Encoding.UTF8, "text/plain"), Ct);
            case "payload-too-large":
                return await client.PostRawAsync("/api/v1/networks", JsonSerializer.Serialize(new { name = new string('x', 70 * 1024) }));
            case "metrics":
                return await client.GetAsync("/metrics", Ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
