using System.Net;
using System.Text;
using Bridge.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>
/// Every named API endpoint × every kind of caller (no key, auditor, participant, operator): callers a route does not admit
/// get 401 (no key) or 403, callers it admits never do — except where a participant asks about another participant's
/// resources, which is 403 too. The expected matrix is written here by hand, and every named endpoint must be in it, so a
/// new endpoint cannot ship without a decision about who may call it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccessMatrixTests : IClassFixture<BridgeHostFixture>
{
    private const string A = "anonymous";
    private const string Au = "auditor";
    private const string P = "participant";
    private const string O = "operator";

    /// <summary>Who may call each endpoint (route values below point at resources that are not the participant's).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["CreateNetwork"] = [O],
        ["ListNetworks"] = [Au, P, O],
        ["GetNetwork"] = [Au, P, O],
        ["UpdateNetwork"] = [O],
        ["DeleteNetwork"] = [O],
        ["CreateParticipant"] = [O],
        ["ListParticipants"] = [Au, P, O],
        ["GetParticipant"] = [Au, P, O],
        ["UpdateParticipant"] = [O],
        ["DeleteParticipant"] = [O],
        ["CreateLane"] = [O],
        ["ListLanes"] = [Au, P, O],
        ["GetLane"] = [Au, P, O],
        ["UpdateLane"] = [O],
        ["DeleteLane"] = [O],
        ["PauseLane"] = [O],
        ["ResumeLane"] = [O],
        ["ListMessages"] = [Au, O],
        ["GetMessage"] = [Au, O],
        ["GetMessageProof"] = [Au, O],
        ["RetryMessage"] = [O],
        ["CancelMessage"] = [O],
        ["CreateApiKey"] = [O],
        ["ListApiKeys"] = [Au, O],
        ["RevokeApiKey"] = [O],
        ["PostDocuments"] = [P, O],
        ["GetDocument"] = [Au, P, O],
        ["PostEvents"] = [P, O],
        ["GetShipmentTimeline"] = [Au, P, O],
        ["CreateBinding"] = [O],
        ["ListBindings"] = [Au, P, O],
        ["RevokeBinding"] = [O], // a participant: only its own bindings
        ["AnchorBinding"] = [P, O], // a participant: only its own bindings, on lanes where it may submit
        ["ReceivePlatformWebhook"] = [A, Au, P, O], // authenticated by the delivery's HMAC, not by a key
    };

    private readonly BridgeHostFixture _host;

    public AccessMatrixTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task EveryEndpoint_EveryCaller_IsAdmittedOrRefusedAsTheMatrixSays()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
            .Where(e => e.Name is not null && e.Endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        endpoints.Select(e => e.Name!).Order(StringComparer.Ordinal).ShouldBe(Allowed.Keys.Order(StringComparer.Ordinal), "every API endpoint needs a row in the access matrix");

        var callers = new Dictionary<string, string?> { [A] = null, [Au] = _host.AuditorKey, [P] = _host.ParticipantKey, [O] = _host.OperatorKey };
        var failures = new List<string>();
        foreach (var (endpoint, name) in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];
            var path = Path(endpoint.RoutePattern.RawText!);
            foreach (var (caller, key) in callers)
            {
                using var client = _host.Client(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                var admitted = Allowed[name!].Contains(caller);
                var expected = admitted ? "admitted" : caller == A ? "401" : "403";
                var actual = refused ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : "admitted";
                if (expected != actual)
                {
                    failures.Add($"{name} {method} {path} as {caller}: expected {expected}, got {(int)response.StatusCode}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>The route with values that name nothing of the fixture's participant.</summary>
    private static string Path(string pattern) => pattern
        .Replace("{name}", "matrix-someone-else", StringComparison.Ordinal)
        .Replace("{id:guid}", "0b9f1f5e-7a4c-4c1e-9a51-3c2f6c1d2e3f", StringComparison.Ordinal)
        .Replace("{id}", new string('a', 64), StringComparison.Ordinal)
        .Replace("{keyId}", "matrix-key", StringComparison.Ordinal)
        .Replace("{reference}", "MATRIX0001", StringComparison.Ordinal)
        .Replace("{network}", "matrix-network", StringComparison.Ordinal);
}
