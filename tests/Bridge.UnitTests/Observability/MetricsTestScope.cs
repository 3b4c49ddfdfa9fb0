using System.Diagnostics.Metrics;
using Bridge.Host.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.UnitTests.Observability;

/// <summary>
/// A real <see cref="IMeterFactory"/> (from <c>services.AddMetrics()</c>) plus a collector bound
/// to it. By default only meters starting with <c>Bridge.Tests.</c> are exported and the process
/// gauges are off, so assertions can compare the whole output.
/// </summary>
internal sealed class MetricsTestScope : IDisposable
{
    public const string MeterName = "Bridge.Tests.Meter";

    private readonly ServiceProvider _provider;

    public MetricsTestScope(Action<PrometheusMetricsOptions>? configure = null)
    {
        _provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _provider.GetRequiredService<IMeterFactory>();

        var options = new PrometheusMetricsOptions { IncludeProcessMetrics = false };
        options.MeterPrefixes.Clear();
        options.MeterPrefixes.Add("Bridge.Tests.");
        configure?.Invoke(options);

        Collector = new PrometheusMetricsCollector(MeterFactory, options);
        Meter = MeterFactory.Create(MeterName);
    }

    public IMeterFactory MeterFactory { get; }

    public PrometheusMetricsCollector Collector { get; }

    public Meter Meter { get; }

    public string[] CollectLines() =>
        Collector.Collect().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        Collector.Dispose();
        _provider.Dispose();
    }
}
