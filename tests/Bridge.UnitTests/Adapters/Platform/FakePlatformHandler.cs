using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.UnitTests.Adapters.Platform;

/// <summary>
/// An in-memory platform for client logic tests: answers the two token steps itself (solution tokens expire after
/// <see cref="TokenLifetime"/> on the given clock) and every other request with the next queued answer, else 200 with
/// the default. Records what it was sent.
/// </summary>
internal sealed class FakePlatformHandler(TimeProvider clock) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();
    private int _tokenExchanges;
    private int _apiCalls;

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Awaited before a token exchange answers (lets tests hold concurrent callers).</summary>
    public Task TokenGate { get; set; } = Task.CompletedTask;

    public Func<HttpRequestMessage, HttpResponseMessage> Default { get; set; } = _ => Json(HttpStatusCode.OK, new JsonObject { ["events"] = new JsonArray(), ["lastSequence"] = 0 });

    public int TokenExchanges => Volatile.Read(ref _tokenExchanges);

    public int ApiCalls => Volatile.Read(ref _apiCalls);

    public List<(HttpMethod Method, string PathAndQuery, string? Authorization, string? Body)> Requests { get; } = [];

    public FakePlatformHandler Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        lock (_gate)
        {
            _answers.Enqueue(answer);
        }

        return this;
    }

    public FakePlatformHandler ThenStatus(HttpStatusCode status, TimeSpan? retryAfter = null) => Then(_ =>
    {
        var response = Problem(status, "failure", null);
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }

        return response;
    });

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail, JsonArray? errors = null)
    {
        var problem = new JsonObject { ["type"] = "https://platform.test/problems/" + (int)status, ["title"] = title, ["status"] = (int)status };
        if (detail is not null)
        {
            problem["detail"] = detail;
        }

        if (errors is not null)
        {
            problem["errors"] = errors;
        }

        return Json(status, problem, "application/problem+json");
    }

    /// <summary>An unsigned JWT-shaped token with the claims the client reads (the client does not verify it).</summary>
    public string SolutionToken(int serial) =>
        "eyJhbGciOiJFUzI1NiJ9." + PlatformTestKeys.B64Url(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["sub"] = "user-1",
            ["org_id"] = "org-1",
            ["roles"] = new JsonArray("carrier"),
            ["exp"] = (clock.GetUtcNow() + TokenLifetime).ToUnixTimeSeconds(),
            ["serial"] = serial,
        }.ToJsonString())) + ".c2ln";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.PathAndQuery;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            Requests.Add((request.Method, path, request.Headers.Authorization?.ToString(), body));
        }

        if (path == "/identity/token")
        {
            return Json(HttpStatusCode.OK, new JsonObject { ["access_token"] = "iam-token", ["refresh_token"] = "not_supported", ["token_type"] = "Bearer", ["expires_in"] = 3600 });
        }

        if (path.StartsWith("/sa/api/v1/auth/exchange_token/organizations/", StringComparison.Ordinal))
        {
            await TokenGate.WaitAsync(cancellationToken);
            var serial = Interlocked.Increment(ref _tokenExchanges);
            return Json(HttpStatusCode.OK, new JsonObject { ["solution_token"] = SolutionToken(serial) });
        }

        Interlocked.Increment(ref _apiCalls);
        Func<HttpRequestMessage, HttpResponseMessage>? answer;
        lock (_gate)
        {
            _answers.TryDequeue(out answer);
        }

        return (answer ?? Default)(request);
    }
}
