namespace Bridge.Host.Observability;

/// <summary>Settings for <see cref="PrometheusMetricsCollector"/>.</summary>
internal sealed class PrometheusMetricsOptions
{
    /// <summary>
    /// Meters exported by default: ASP.NET Core (hosting, Kestrel, routing…), Npgsql,
    /// the .NET runtime, HttpClient, and the bridge's own meters.
    /// </summary>
    public static IReadOnlyList<string> DefaultMeterPrefixes { get; } =
        ["Microsoft.AspNetCore.", "Npgsql", "System.Runtime", "System.Net.Http", "Bridge."];

    /// <summary>A meter is exported when its name starts (ordinal) with one of these.</summary>
    public IList<string> MeterPrefixes { get; } = [.. DefaultMeterPrefixes];

    /// <summary>Whether to add the classic <c>process_*</c> gauges. Default true.</summary>
    public bool IncludeProcessMetrics { get; set; } = true;

    /// <summary>
    /// Upper bound on tag sets kept per instrument; measurements with a new tag set beyond it are
    /// dropped (protects the process from unbounded label cardinality). Default 2000.
    /// </summary>
    public int MaxSeriesPerInstrument { get; set; } = 2000;
}
