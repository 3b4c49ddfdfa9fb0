using System.Diagnostics.Metrics;

namespace Bridge.Host.Observability;

/// <summary>
/// The host's own meter, <c>Bridge.Host</c>, created through the DI <see cref="IMeterFactory"/>
/// (so it is scoped to this host and disposed with it). Register with
/// <see cref="ObservabilityServiceCollectionExtensions.AddBridgeMetrics"/>.
/// </summary>
internal sealed class BridgeHostMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "Bridge.Host";

    /// <summary>Instrument name of <see cref="Problems"/>; exported as <c>bridge_api_problems_total</c>.</summary>
    public const string ProblemsInstrumentName = "bridge.api.problems";

    public BridgeHostMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        Problems = Meter.CreateCounter<long>(
            ProblemsInstrumentName,
            unit: "{problem}",
            description: "Problem details responses returned by the API, by problem type.");
    }

    /// <summary>The <c>Bridge.Host</c> meter, for instruments added later.</summary>
    public Meter Meter { get; }

    /// <summary>Counter <c>bridge.api.problems</c>, tag <c>type</c>.</summary>
    public Counter<long> Problems { get; }

    /// <summary>Counts one problem response of the given type (e.g. a problem type URI or short code).</summary>
    public void RecordProblem(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Problems.Add(1, new KeyValuePair<string, object?>("type", type));
    }
}
