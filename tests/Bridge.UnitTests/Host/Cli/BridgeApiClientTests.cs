using System.Net;
using System.Text;
using System.Text.Json;
using Bridge.Host.Api;
using Bridge.Host.Cli;

namespace Bridge.UnitTests.Host.Cli;

[Trait("Category", "Unit")]
public sealed class BridgeApiClientTests
{
    private static readonly Uri BaseUrl = new("http://bridge.test/");

    private static string Describe(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return BridgeApiClient.DescribeProblem(doc.RootElement);
    }

    [Fact]
    public void DescribeProblem_TitleDetailAndType_IsOneLine()
    {
        Describe("""{"type":"/problems/not-found","title":"Not found","status":404,"detail":"No network named 'x'."}""")
            .ShouldBe("Not found: No network named 'x'. [/problems/not-found]");
    }

    [Fact]
    public void DescribeProblem_FieldNotInDetail_IsAppended()
    {
        Describe("""{"type":"/problems/conflict","title":"The change conflicts with existing data","status":409,"detail":"A network named 'x' already exists.","field":"/name"}""")
            .ShouldBe("The change conflicts with existing data: A network named 'x' already exists. (field /name) [/problems/conflict]");
    }

    [Fact]
    public void DescribeProblem_SingleValidationError_DoesNotRepeatTheField()
    {
        Describe("""
            {"type":"/problems/validation","title":"The request is not valid","status":400,"detail":"/name: is required","field":"/name",
             "errors":[{"field":"/name","code":"required","detail":"is required"}]}
            """)
            .ShouldBe("The request is not valid: /name: is required [/problems/validation]");
    }

    [Fact]
    public void DescribeProblem_SeveralValidationErrors_AddsOneLineEach()
    {
        Describe("""
            {"type":"/problems/validation","title":"The request is not valid","status":400,"detail":"/name: is required (and 1 more)","field":"/name",
             "errors":[{"field":"/name","code":"required","detail":"is required"},{"field":"/endpoints/0/url","code":"invalid-format","detail":"must be an absolute URL with a host"}]}
            """)
            .ShouldBe(string.Join(
                Environment.NewLine,
                "The request is not valid: /name: is required (and 1 more)",
                "  /name: is required",
                "  /endpoints/0/url: must be an absolute URL with a host [/problems/validation]"));
    }

    [Theory]
    [InlineData("{}", "error: ")]
    [InlineData("""{"title":42,"detail":"d"}""", "error: d")]
    [InlineData("""{"title":"T","detail":"d","field":""}""", "T: d")]
    [InlineData("""{"title":"T","detail":"d","type":null}""", "T: d")]
    public void DescribeProblem_MissingOrOddMembers_FallsBackGracefully(string json, string expected)
    {
        Describe(json).ShouldBe(expected);
    }

    [Fact]
    public async Task GetAsync_Success_ReturnsTheBodyAndSendsTheKeyAsBearer()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"type":"/problems/conflict","status":409,"title":"t","description":"d"}""");
        using var client = new BridgeApiClient(BaseUrl, "tcb_key", handler);

        var reply = await client.GetAsync("api/v1/problems/conflict", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken);

        reply.ShouldBe(new ProblemTypeResponse("/problems/conflict", 409, "t", "d"));
        handler.Request.ShouldNotBeNull();
        handler.Request.RequestUri.ShouldBe(new Uri("http://bridge.test/api/v1/problems/conflict"));
        handler.Request.Headers.Authorization?.ToString().ShouldBe("Bearer tcb_key");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public async Task GetAsync_NoKey_SendsNoAuthorizationHeader(string? apiKey)
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"type":"t","status":1,"title":"t","description":"d"}""");
        using var client = new BridgeApiClient(BaseUrl, apiKey, handler);

        await client.GetAsync("x", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken);

        handler.Request.ShouldNotBeNull().Headers.Authorization.ShouldBeNull();
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, 1)]
    [InlineData(HttpStatusCode.Forbidden, 1)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 3)]
    [InlineData(HttpStatusCode.BadGateway, 3)]
    [InlineData(HttpStatusCode.GatewayTimeout, 3)]
    public async Task GetAsync_ProblemResponse_ThrowsCliExceptionWithTheProblemAndExitCode(HttpStatusCode status, int exitCode)
    {
        using var handler = new StubHandler(status, """{"type":"/problems/x","title":"Something","detail":"went wrong"}""");
        using var client = new BridgeApiClient(BaseUrl, "k", handler);

        var ex = await Should.ThrowAsync<CliException>(() => client.GetAsync("x", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken));

        ex.ExitCode.ShouldBe(exitCode);
        ex.Message.ShouldBe("Something: went wrong [/problems/x]");
    }

    [Fact]
    public async Task GetAsync_NonJsonErrorBody_ReportsTheStatusLine()
    {
        using var handler = new StubHandler(HttpStatusCode.BadGateway, "<html>nginx</html>");
        using var client = new BridgeApiClient(BaseUrl, "k", handler);

        var ex = await Should.ThrowAsync<CliException>(() => client.GetAsync("x", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken));

        ex.ExitCode.ShouldBe(ExitCodes.Unavailable);
        ex.Message.ShouldBe("HTTP 502 Bad Gateway");
    }

    [Fact]
    public async Task GetAsync_JsonNullBody_IsReportedAsEmptyResponse()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, "null");
        using var client = new BridgeApiClient(BaseUrl, "k", handler);

        var ex = await Should.ThrowAsync<CliException>(() => client.GetAsync("x", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken));

        ex.ExitCode.ShouldBe(ExitCodes.Unavailable);
        ex.Message.ShouldBe("the bridge returned an empty response");
    }

    [Fact]
    public async Task GetAsync_ConnectionFails_IsUnavailableNamingTheUrl()
    {
        using var handler = new StubHandler(new HttpRequestException("Connection refused (bridge.test:80)"));
        using var client = new BridgeApiClient(BaseUrl, "k", handler);

        var ex = await Should.ThrowAsync<CliException>(() => client.GetAsync("x", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken));

        ex.ExitCode.ShouldBe(ExitCodes.Unavailable);
        ex.Message.ShouldStartWith("cannot reach the bridge at http://bridge.test/: Connection refused (bridge.test:80)");
    }

    [Fact]
    public async Task PostRawAsync_SendsTheJsonBodyAsIs()
    {
        using var handler = new StubHandler(HttpStatusCode.Created, """{"type":"t","status":201,"title":"t","description":"d"}""");
        using var client = new BridgeApiClient(BaseUrl, "k", handler);

        await client.PostRawAsync("api/v1/networks", """{"name":"n"}""", HostJsonContext.Default.ProblemTypeResponse, TestContext.Current.CancellationToken);

        handler.Request.ShouldNotBeNull().Method.ShouldBe(HttpMethod.Post);
        handler.RequestBody.ShouldBe("""{"name":"n"}""");
        handler.RequestContentType.ShouldBe("application/json");
    }

    /// <summary>Answers every request with one canned response (or failure) and remembers the request.</summary>
    private sealed class StubHandler : HttpMessageHandler
    {
        private readonly HttpStatusCode _status;
        private readonly string _body = string.Empty;
        private readonly Exception? _failure;

        public StubHandler(HttpStatusCode status, string body)
        {
            _status = status;
            _body = body;
        }

        public StubHandler(Exception failure) => _failure = failure;

        public HttpRequestMessage? Request { get; private set; }

        public string? RequestBody { get; private set; }

        public string? RequestContentType { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            if (request.Content is not null)
            {
                RequestBody = await request.Content.ReadAsStringAsync(cancellationToken);
                RequestContentType = request.Content.Headers.ContentType?.MediaType;
            }

            if (_failure is not null)
            {
                throw _failure;
            }

            return new HttpResponseMessage(_status) { Content = new StringContent(_body, Encoding.UTF8, "application/json"), RequestMessage = request };
        }
    }
}
