using Bridge.Host.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Observability;

/// <summary>
/// AddBridgeMetrics + MapPrometheusMetrics on a minimal app (Kestrel on an ephemeral loopback
/// port): the ASP.NET Core meters, created through the host's IMeterFactory, reach /metrics.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task MapPrometheusMetrics_AfterRequests_ServesHttpAndHostMetricsInTextFormat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartAppAsync(ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        (await client.GetStringAsync(new Uri("/ping", UriKind.Relative), ct)).ShouldBe("pong");
        app.Services.GetRequiredService<BridgeHostMetrics>().RecordProblem("validation");

        // The request-duration histogram is recorded when the request finishes, which can be a
        // moment after the client has the response; poll briefly.
        string body = string.Empty;
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            response?.Dispose();
            response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), ct);
            body = await response.Content.ReadAsStringAsync(ct);
            if (body.Contains("http_route=\"/ping\"", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(20, ct);
        }

        using (response)
        {
            response.ShouldNotBeNull();
            response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }

        ExpositionValidator.Validate(body).ShouldBeEmpty();
        body.ShouldContain("# TYPE http_server_request_duration_seconds histogram");
        body.ShouldContain("http_server_request_duration_seconds_count{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/ping\",network_protocol_version=\"1.1\",url_scheme=\"http\"} 1");
        body.ShouldContain("http_server_active_requests{http_request_method=\"GET\",url_scheme=\"http\"} 1");
        body.ShouldContain("# TYPE kestrel_active_connections gauge");
        body.ShouldContain("bridge_api_problems_total{type=\"validation\"} 1");
        body.ShouldContain("# TYPE process_cpu_seconds_total counter");
        body.ShouldContain("# TYPE dotnet_process_memory_working_set_bytes gauge");
    }

    [Fact]
    public async Task AddBridgeMetrics_TwoHostsInOneProcess_DoNotSeeEachOthersRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await StartAppAsync(ct);
        await using var second = await StartAppAsync(ct);
        using var firstClient = new HttpClient { BaseAddress = new Uri(first.Urls.First()) };

        for (var i = 0; i < 3; i++)
        {
            await firstClient.GetStringAsync(new Uri("/ping", UriKind.Relative), ct);
        }

        var firstCollector = first.Services.GetRequiredService<PrometheusMetricsCollector>();
        var secondCollector = second.Services.GetRequiredService<PrometheusMetricsCollector>();
        for (var attempt = 0; attempt < 50 && !firstCollector.Collect().Contains("http_route=\"/ping\"", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(20, ct);
        }

        firstCollector.Collect().ShouldContain("http_route=\"/ping\"");
        secondCollector.Collect().ShouldNotContain("http_route=\"/ping\"");
    }

    private static async Task<WebApplication> StartAppAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddBridgeMetrics();

        var app = builder.Build();
        app.MapGet("/ping", () => Results.Text("pong"));
        app.MapPrometheusMetrics();
        await app.StartAsync(cancellationToken);
        return app;
    }
}
