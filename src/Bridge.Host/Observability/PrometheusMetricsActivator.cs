using Microsoft.Extensions.Hosting;

namespace Bridge.Host.Observability;

/// <summary>
/// Resolves the collector (and the host meter) when the host builds its hosted services, i.e.
/// before the server starts, so the listener is attached before the first request.
/// </summary>
internal sealed class PrometheusMetricsActivator : IHostedService
{
    public PrometheusMetricsActivator(PrometheusMetricsCollector collector, BridgeHostMetrics hostMetrics)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(hostMetrics);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
