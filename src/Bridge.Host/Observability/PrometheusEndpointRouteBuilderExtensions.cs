using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Host.Observability;

/// <summary>Maps the Prometheus scrape endpoint.</summary>
internal static class PrometheusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {pattern}</c> (default <c>/metrics</c>) to the
    /// <see cref="PrometheusMetricsCollector"/> registered by
    /// <see cref="ObservabilityServiceCollectionExtensions.AddBridgeMetrics"/>; the response is
    /// <c>text/plain; version=0.0.4; charset=utf-8</c>, not cached. The returned builder takes
    /// further conventions (authorization, host filtering, …).
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);

        return endpoints.MapGet(pattern, new RequestDelegate(WriteMetricsAsync))
            .WithDisplayName("Prometheus metrics");
    }

    private static async Task WriteMetricsAsync(HttpContext context)
    {
        var collector = context.RequestServices.GetRequiredService<PrometheusMetricsCollector>();
        var payload = collector.CollectUtf8();

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PrometheusMetricsCollector.ContentType;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload, context.RequestAborted);
    }
}
