using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Platform.Client;
using Bridge.UnitTests.Support;
using Polly.CircuitBreaker;

namespace Bridge.UnitTests.Adapters.Platform;

[Trait("Category", "Unit")]
public sealed class PlatformClientTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ManualTimeProvider _clock = new(Start);
    private readonly FakePlatformHandler _platform;
    private readonly HttpClient _http;

    public PlatformClientTests()
    {
        _platform = new FakePlatformHandler(_clock);
        _http = new HttpClient(_platform) { BaseAddress = new Uri("http://platform.test/") };
    }

    public void Dispose() => _http.Dispose();

    private PlatformClient Client(int attempts = 4, int breakerThroughput = 10) => new(_http, new PlatformClientOptions
    {
        ApiKey = "key-1",
        OrganizationId = "org-1",
        NetworkName = "platform-test",
        TokenRefreshMargin = TimeSpan.FromMinutes(5),
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(60),
        UseJitter = false,
        AttemptTimeout = TimeSpan.FromSeconds(30),
        BreakerMinimumThroughput = breakerThroughput,
        BreakerFailureRatio = 0.5,
        BreakerSamplingDuration = TimeSpan.FromSeconds(30),
        BreakerBreakDuration = TimeSpan.FromSeconds(15),
        TimeProvider = _clock,
    });

    [Fact]
    public async Task Token_UsedUntilTheRefreshMargin_ThenRenewedBeforeExpiry()
    {
        using var client = Client();
        await client.GetEventsAsync(0, 10, Ct);
        _clock.Advance(TimeSpan.FromMinutes(54));
        await client.GetEventsAsync(0, 10, Ct);
        _platform.TokenExchanges.ShouldBe(1);

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // 55 min 1 s: inside the 5-minute margin of a 60-minute token
        await client.GetEventsAsync(0, 10, Ct);

        _platform.TokenExchanges.ShouldBe(2);
        _platform.Requests.Last().Authorization.ShouldBe("Bearer " + _platform.SolutionToken(2));
    }

    [Fact]
    public async Task Token_ExchangeSendsTheIamAnswerVerbatimForTheOrganisation()
    {
        using var client = Client();

        var identity = await client.GetIdentityAsync(Ct);

        identity.ShouldBe(new PlatformIdentity("user-1", "org-1", identity.Roles));
        identity.Roles.ShouldBe(["carrier"]);
        var step1 = _platform.Requests[0];
        step1.PathAndQuery.ShouldBe("/identity/token");
        step1.Body.ShouldBe("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=key-1");
        var step2 = _platform.Requests[1];
        step2.PathAndQuery.ShouldBe("/sa/api/v1/auth/exchange_token/organizations/org-1");
        JsonNode.Parse(step2.Body!)!["access_token"]!.GetValue<string>().ShouldBe("iam-token");
    }

    [Fact]
    public async Task Unauthorized_ReauthenticatesOnceAndRepeatsTheCall()
    {
        using var client = Client();
        _platform.Then(_ => FakePlatformHandler.Problem(HttpStatusCode.Unauthorized, "invalid token", "expired"));

        var page = await client.GetEventsAsync(0, 10, Ct);

        page.Events.ShouldBeEmpty();
        _platform.TokenExchanges.ShouldBe(2);
        _platform.ApiCalls.ShouldBe(2);
        var api = _platform.Requests.Where(r => r.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        api[0].Authorization.ShouldNotBe(api[1].Authorization);
    }

    [Fact]
    public async Task Unauthorized_Twice_SurfacesAfterOneReauthentication()
    {
        using var client = Client();
        _platform.Then(_ => FakePlatformHandler.Problem(HttpStatusCode.Unauthorized, "invalid token", null))
            .Then(_ => FakePlatformHandler.Problem(HttpStatusCode.Unauthorized, "invalid token", null));

        var error = await Should.ThrowAsync<PlatformApiException>(() => client.GetEventsAsync(0, 10, Ct));

        error.Status.ShouldBe(HttpStatusCode.Unauthorized);
        _platform.TokenExchanges.ShouldBe(2);
        _platform.ApiCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Token_ConcurrentCallers_ShareOneRenewal()
    {
        using var client = Client();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _platform.TokenGate = gate.Task;

        var calls = Enumerable.Range(0, 8).Select(_ => client.GetEventsAsync(0, 10, Ct)).ToList();
        gate.SetResult();
        await Task.WhenAll(calls);

        _platform.TokenExchanges.ShouldBe(1);
        _platform.ApiCalls.ShouldBe(8);
    }

    [Fact]
    public async Task RateLimited_WaitsExactlyTheRetryAfterSeconds()
    {
        using var client = Client();
        await client.GetIdentityAsync(Ct);
        _platform.ThenStatus(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7));

        var call = client.GetEventsAsync(0, 10, Ct);
        await _clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(7));
        _clock.Advance(TimeSpan.FromSeconds(6.9));
        call.IsCompleted.ShouldBeFalse();
        _platform.ApiCalls.ShouldBe(1);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        await call;
        _platform.ApiCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Unavailable_RetryAfterAsHttpDate_IsMeasuredOnTheInjectedClock()
    {
        using var client = Client();
        await client.GetIdentityAsync(Ct);
        _platform.Then(_ =>
        {
            var response = FakePlatformHandler.Problem(HttpStatusCode.ServiceUnavailable, "maintenance", null);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Start.AddSeconds(12));
            return response;
        });

        var call = client.GetEventsAsync(0, 10, Ct);
        await _clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(12));
        _clock.Advance(TimeSpan.FromSeconds(12));

        await call;
        _platform.ApiCalls.ShouldBe(2);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithExponentialBackoff_ThenSurfaceAsTransient()
    {
        using var client = Client(attempts: 3);
        await client.GetIdentityAsync(Ct);
        _platform.ThenStatus(HttpStatusCode.BadGateway).ThenStatus(HttpStatusCode.BadGateway).ThenStatus(HttpStatusCode.BadGateway);

        var call = client.GetEventsAsync(0, 10, Ct);
        await _clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(2));
        _clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Should.ThrowAsync<AdapterException>(call);
        error.IsTransient.ShouldBeTrue();
        error.InnerException.ShouldBeOfType<PlatformApiException>().Status.ShouldBe(HttpStatusCode.BadGateway);
        _platform.ApiCalls.ShouldBe(3);
    }

    [Fact]
    public async Task Subscribe_ServerErrorOnANonIdempotentCall_IsNotRetried()
    {
        using var client = Client();
        _platform.ThenStatus(HttpStatusCode.InternalServerError);

        var error = await Should.ThrowAsync<AdapterException>(
            () => client.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(new Uri("http://127.0.0.1:9/hook"), "s3cret"), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));

        error.IsTransient.ShouldBeTrue();
        _platform.ApiCalls.ShouldBe(1);
    }

    [Fact]
    public async Task Breaker_OpensAfterTransientFailures_ThenFailsFastWithoutCalling()
    {
        using var client = Client(attempts: 1, breakerThroughput: 2);
        await client.GetIdentityAsync(Ct);
        _platform.ThenStatus(HttpStatusCode.ServiceUnavailable).ThenStatus(HttpStatusCode.ServiceUnavailable);
        await Should.ThrowAsync<AdapterException>(() => client.GetEventsAsync(0, 10, Ct));
        await Should.ThrowAsync<AdapterException>(() => client.GetEventsAsync(0, 10, Ct));

        var error = await Should.ThrowAsync<AdapterException>(() => client.GetEventsAsync(0, 10, Ct));

        error.IsTransient.ShouldBeTrue();
        error.InnerException.ShouldBeAssignableTo<BrokenCircuitException>();
        _platform.ApiCalls.ShouldBe(2);

        _clock.Advance(TimeSpan.FromSeconds(15));
        await client.GetEventsAsync(0, 10, Ct);
        _platform.ApiCalls.ShouldBe(3);
    }

    [Fact]
    public async Task Problem_400_IsTypedWithItsFieldErrors()
    {
        using var client = Client();
        _platform.Then(_ => FakePlatformHandler.Problem(
            HttpStatusCode.BadRequest,
            "Validation failed",
            "eventOccurrenceTime8601 is required",
            new JsonArray(new JsonObject { ["field"] = "$.eventOccurrenceTime8601", ["message"] = "is required" })));

        var error = await Should.ThrowAsync<PlatformApiException>(() => client.PublishEventAsync("actualGateIn", new JsonObject(), "k1", Ct));

        error.Status.ShouldBe(HttpStatusCode.BadRequest);
        error.IsTransient.ShouldBeFalse();
        error.Title.ShouldBe("Validation failed");
        error.Detail.ShouldBe("eventOccurrenceTime8601 is required");
        error.Errors.ShouldBe([new PlatformFieldError("$.eventOccurrenceTime8601", "is required")]);
        _platform.ApiCalls.ShouldBe(1);
    }

    [Fact]
    public async Task Publish_CustomsEvent_GoesToGenericEventsWithTheIdempotencyKey()
    {
        using var client = Client();
        _platform.Then(_ => FakePlatformHandler.Json(HttpStatusCode.OK, new JsonObject
        {
            ["message"] = "Event submitted",
            ["eventTransactionId"] = "evt-9",
            ["warnings"] = new JsonArray(new JsonObject { ["field"] = "equipmentNumber", ["message"] = "check digit" }),
        }));
        var body = new JsonObject { ["originatorId"] = "MAEU" };

        var published = await client.PublishEventAsync("customsRelease", body, "idem-1", Ct);

        published.EventTransactionId.ShouldBe("evt-9");
        published.Warnings.Single().Field.ShouldBe("equipmentNumber");
        var sent = _platform.Requests.Last();
        sent.PathAndQuery.ShouldBe("/api/v1/genericEvents/customsRelease");
        JsonNode.Parse(sent.Body!)!["idempotencyKey"]!.GetValue<string>().ShouldBe("idem-1");
        body.ContainsKey("idempotencyKey").ShouldBeFalse();
    }

    [Fact]
    public async Task Events_PageIsRead_AndAnEventWithoutSequenceIsAnInvalidAnswer()
    {
        using var client = Client();
        _platform.Then(_ => FakePlatformHandler.Json(HttpStatusCode.OK, new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject { ["sequence"] = 4, ["eventTransactionId"] = "e4", ["eventType"] = "actualGateIn" }),
            ["lastSequence"] = 4,
        }));
        var page = await client.GetEventsAsync(3, 10, Ct);
        page.Events.Single().ShouldBe(page.Events[0] with { Sequence = 4, EventTransactionId = "e4", EventType = "actualGateIn" });
        page.LastSequence.ShouldBe(4);
        _platform.Requests.Last().PathAndQuery.ShouldBe("/api/v1/events?afterSequence=3&size=10");

        _platform.Then(_ => FakePlatformHandler.Json(HttpStatusCode.OK, new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject { ["eventTransactionId"] = "e5", ["eventType"] = "actualGateIn" }),
        }));
        (await Should.ThrowAsync<AdapterException>(() => client.GetEventsAsync(4, 10, Ct))).IsTransient.ShouldBeFalse();
    }
}
