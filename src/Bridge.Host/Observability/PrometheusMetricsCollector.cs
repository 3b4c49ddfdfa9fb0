using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Host.Observability;

/// <summary>
/// Listens to <see cref="System.Diagnostics.Metrics"/> instruments and renders them in the
/// Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
/// </summary>
/// <remarks>
/// <para>
/// A meter is exported when its name starts with one of
/// <see cref="PrometheusMetricsOptions.MeterPrefixes"/> and its <see cref="Meter.Scope"/> is null
/// (static meters such as <c>System.Runtime</c> and <c>Npgsql</c>) or the
/// <see cref="IMeterFactory"/> given here, so that several hosts in one process (tests) do not
/// see each other's ASP.NET Core metrics.
/// </para>
/// <para>
/// Mapping: Counter/ObservableCounter → <c>counter</c> named <c>…_total</c>;
/// UpDownCounter/ObservableUpDownCounter/Gauge/ObservableGauge → <c>gauge</c>;
/// Histogram → <c>histogram</c> (cumulative <c>_bucket</c>, <c>_sum</c>, <c>_count</c>).
/// Names: see <see cref="PrometheusNaming"/>. Observable instruments are read at scrape time.
/// When two instruments map to the same family name the first (in meter/instrument order of
/// publication) keeps the name; a conflicting type or an identical label set is skipped so the
/// output stays valid.
/// </para>
/// <para>Thread-safe: measurements are recorded lock-free or under per-series locks; scrapes are
/// serialised.</para>
/// </remarks>
internal sealed partial class PrometheusMetricsCollector : IDisposable
{
    /// <summary>The content type of the text format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly IMeterFactory _meterFactory;
    private readonly string[] _meterPrefixes;
    private readonly bool _includeProcessMetrics;
    private readonly int _maxSeriesPerInstrument;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _instruments = new();
    private readonly ConcurrentDictionary<Instrument, byte> _limitWarned = new();
    private readonly Lock _scrapeLock = new();
    private readonly MeterListener _listener;
    private readonly ProcessMetricsReader? _processReader;
    private long _generation;
    private bool _disposed;

    public PrometheusMetricsCollector(
        IMeterFactory meterFactory,
        PrometheusMetricsOptions? options = null,
        ILogger<PrometheusMetricsCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        options ??= new PrometheusMetricsOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSeriesPerInstrument);

        _meterFactory = meterFactory;
        _meterPrefixes = [.. options.MeterPrefixes.Where(p => !string.IsNullOrEmpty(p))];
        _includeProcessMetrics = options.IncludeProcessMetrics;
        _maxSeriesPerInstrument = options.MaxSeriesPerInstrument;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _processReader = _includeProcessMetrics ? new ProcessMetricsReader() : null;

        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);

        // Start() publishes every instrument that already exists, then new ones as they appear.
        _listener.Start();
    }

    /// <summary>
    /// Reads the observable instruments and returns the whole exposition: families sorted by
    /// name, HELP (when the instrument has a description) and TYPE before each family's samples,
    /// series sorted by label set, every line ending in <c>\n</c>.
    /// </summary>
    public string Collect()
    {
        lock (_scrapeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            var generation = Interlocked.Increment(ref _generation);
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException ex)
            {
                // One failing callback must not take the whole endpoint down; the rest were read.
                LogObservableCallbacksFailed(_logger, ex);
            }

            var families = new SortedDictionary<string, MetricFamilyBuilder>(StringComparer.Ordinal);
            foreach (var aggregator in _instruments.Values.OrderBy(a => a.Instrument.Meter.Name, StringComparer.Ordinal)
                         .ThenBy(a => a.Instrument.Name, StringComparer.Ordinal))
            {
                aggregator.Export(families, generation);
                if (aggregator.SeriesLimitReached && _limitWarned.TryAdd(aggregator.Instrument, 0))
                {
                    LogSeriesLimitReached(_logger, aggregator.Instrument.Meter.Name, aggregator.Instrument.Name, _maxSeriesPerInstrument);
                }
            }

            _processReader?.Export(families);

            var output = new StringBuilder(16 * 1024);
            foreach (var family in families.Values)
            {
                family.WriteTo(output);
            }

            return output.ToString();
        }
    }

    /// <summary>Writes <see cref="Collect"/> to <paramref name="writer"/>.</summary>
    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = Collect();
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Writes <see cref="Collect"/> to <paramref name="stream"/> as UTF-8 (no BOM).</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = CollectUtf8();
        await stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary><see cref="Collect"/> encoded as UTF-8 without a byte-order mark.</summary>
    public byte[] CollectUtf8() => Utf8NoBom.GetBytes(Collect());

    public void Dispose()
    {
        lock (_scrapeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _listener.Dispose();
        _processReader?.Dispose();
        _instruments.Clear();
    }

    private static void OnMeasurement<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumberBase<T>
    {
        if (state is InstrumentAggregator aggregator)
        {
            aggregator.Record(double.CreateTruncating(measurement), tags);
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!IsExported(instrument.Meter))
        {
            return;
        }

        var aggregator = InstrumentAggregator.TryCreate(instrument, _maxSeriesPerInstrument, () => Volatile.Read(ref _generation));
        if (aggregator is null)
        {
            return;
        }

        _instruments[instrument] = aggregator;
        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        // The meter was disposed (or the listener is being disposed): its series disappear.
        _instruments.TryRemove(instrument, out _);
        _limitWarned.TryRemove(instrument, out _);
    }

    private bool IsExported(Meter meter)
    {
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return false;
        }

        foreach (var prefix in _meterPrefixes)
        {
            if (meter.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "An observable instrument callback failed while collecting metrics")]
    private static partial void LogObservableCallbacksFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Instrument {MeterName}/{InstrumentName} reached {MaxSeries} tag sets; measurements with new tag sets are dropped")]
    private static partial void LogSeriesLimitReached(ILogger logger, string meterName, string instrumentName, int maxSeries);
}
