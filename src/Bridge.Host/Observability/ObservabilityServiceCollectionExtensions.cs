using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bridge.Host.Observability;

/// <summary>Registration of the Prometheus exporter and the host meter.</summary>
internal static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMeterFactory"/> (if not yet), <see cref="BridgeHostMetrics"/> and a
    /// singleton <see cref="PrometheusMetricsCollector"/> bound to the app's
    /// <see cref="IMeterFactory"/>, created eagerly by a hosted service at start. Idempotent.
    /// Serve it with <see cref="PrometheusEndpointRouteBuilderExtensions.MapPrometheusMetrics"/>.
    /// </summary>
    public static IServiceCollection AddBridgeMetrics(this IServiceCollection services, Action<PrometheusMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = new PrometheusMetricsOptions();
        configure?.Invoke(options);

        services.AddMetrics();
        services.TryAddSingleton<BridgeHostMetrics>();
        services.TryAddSingleton(sp => new PrometheusMetricsCollector(
            sp.GetRequiredService<IMeterFactory>(),
            options,
            sp.GetService<ILogger<PrometheusMetricsCollector>>()));
        services.AddHostedService<PrometheusMetricsActivator>();
        return services;
    }
}
