using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Bindings;
using Bridge.Simulators.Platform;

namespace Bridge.UnitTests.Bindings;

/// <summary>The simulator's membership statements, end to end: token exchange, the endpoint, and the bridge's verifier.</summary>
[Trait("Category", "Integration")]
public sealed class MembershipEndpointsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bindings-sim-" + Guid.NewGuid().ToString("N"));
    private PlatformSimulator _simulator = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _simulator = await PlatformSimulator.StartAsync(
            new PlatformSimulatorOptions { DataDirectory = _directory, TimeProvider = new FixedTime(Now), SeedDemoData = false },
            TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = _simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    [Fact]
    public async Task Post_ByTheOrganisation_GivesAStatementTheVerifierAccepts()
    {
        var carrier = _simulator.Organization("carrier");
        var identity = new PlatformBoundIdentity(_simulator.Issuer, carrier.Id);
        var statement = new IdentityBindingStatement("Carrier", [identity], Now, Now.AddDays(10), "membership-test-nonce-01");

        using var response = await PostAsync(carrier.Id, "carrier", new JsonObject { ["statementDigest"] = statement.DigestHex });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var jwt = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["statement"]!;
        var anchors = await AnchorsAsync();
        var verdict = new PlatformBindingSignatureVerifier().Verify(statement, identity, jwt, anchors);
        verdict.ShouldBeOfType<BindingSignatureVerdict.Valid>().NotAfter.ShouldBe(Now.AddDays(30));

        var other = new IdentityBindingStatement("Carrier", [identity], Now, Now.AddDays(10), "membership-test-nonce-02");
        new PlatformBindingSignatureVerifier().Verify(other, identity, jwt, anchors)
            .ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code.ShouldBe(BindingSignatureCodes.DigestMismatch);
    }

    [Fact]
    public async Task Post_ForAnotherOrganisationOrWithABadDigest_IsRefused()
    {
        var carrier = _simulator.Organization("carrier");
        var bank = _simulator.Organization("customs");
        var digest = new string('a', 64);

        using var foreign = await PostAsync(bank.Id, "carrier", new JsonObject { ["statementDigest"] = digest });
        using var bad = await PostAsync(carrier.Id, "carrier", new JsonObject { ["statementDigest"] = digest.ToUpperInvariant() });
        using var anonymous = await PostAsync(carrier.Id, role: null, new JsonObject { ["statementDigest"] = digest });

        foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<PlatformTrustAnchors> AnchorsAsync()
    {
        var jwks = await _http.GetFromJsonAsync<JsonObject>(".well-known/jwks.json", TestContext.Current.CancellationToken);
        var json = JsonSerializer.SerializeToElement(new JsonObject { ["issuer"] = _simulator.Issuer, ["jwks"] = jwks });
        return (PlatformTrustAnchors)TrustAnchorsJson.Parse(NetworkKind.Platform, json, string.Empty).ShouldBeOfType<TrustAnchorsParseResult.Success>().Anchors;
    }

    private async Task<HttpResponseMessage> PostAsync(string orgId, string? role, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/organizations/{orgId}/membership-statements") { Content = JsonContent.Create(body) };
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await SolutionTokenAsync(role));
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> SolutionTokenAsync(string role)
    {
        var org = _simulator.Organization(role);
        using var iam = await _http.PostAsync("identity/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ibm:params:oauth:grant-type:apikey",
            ["apikey"] = org.ApiKey,
        }), TestContext.Current.CancellationToken);
        var step1 = await iam.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        using var exchange = await _http.PostAsync($"sa/api/v1/auth/exchange_token/organizations/{org.Id}", JsonContent.Create(step1), TestContext.Current.CancellationToken);
        return (string)(await exchange.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["solution_token"]!;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
