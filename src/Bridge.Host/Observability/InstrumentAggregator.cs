using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;

namespace Bridge.Host.Observability;

/// <summary>How measurements of an instrument are combined and exposed.</summary>
internal enum InstrumentKind
{
    /// <summary><see cref="Counter{T}"/>: deltas summed; exposed as <c>counter</c>.</summary>
    Counter,

    /// <summary><see cref="ObservableCounter{T}"/>: callback reports the running total; <c>counter</c>.</summary>
    ObservableCounter,

    /// <summary><see cref="UpDownCounter{T}"/>: deltas summed; exposed as <c>gauge</c>.</summary>
    UpDownCounter,

    /// <summary><see cref="ObservableUpDownCounter{T}"/>: callback reports the current total; <c>gauge</c>.</summary>
    ObservableUpDownCounter,

    /// <summary><see cref="Gauge{T}"/>: last recorded value; <c>gauge</c>.</summary>
    Gauge,

    /// <summary><see cref="ObservableGauge{T}"/>: last observed value; <c>gauge</c>.</summary>
    ObservableGauge,

    /// <summary><see cref="Histogram{T}"/>: cumulative buckets, sum and count; <c>histogram</c>.</summary>
    Histogram,
}

/// <summary>
/// Aggregation state of one instrument: one <see cref="SeriesState"/> per distinct tag set.
/// Measurement callbacks arrive on arbitrary threads; everything here is thread-safe.
/// </summary>
/// <remarks>
/// Synchronous counters and up-down counters add their deltas. Observable counters and
/// up-down counters report the cumulative value in each callback, so the last observation is
/// kept (adding would double count). Series of observable instruments that were not reported
/// in the latest collection are dropped, so e.g. a disposed Npgsql data source stops showing.
/// </remarks>
internal sealed class InstrumentAggregator
{
    /// <summary>
    /// Default histogram bounds (seconds) — the same list ASP.NET Core advises for
    /// <c>http.server.request.duration</c>.
    /// </summary>
    private static readonly double[] DefaultSecondBoundaries =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    [ThreadStatic]
    private static char[]? _threadKeyBuffer;

    [ThreadStatic]
    private static KeyValuePair<string, object?>[]? _threadSortBuffer;

    private readonly ConcurrentDictionary<string, SeriesState> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SeriesState>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;
    private readonly Func<long> _currentGeneration;
    private readonly int _maxSeries;
    private readonly string[] _leLabels;
    private int _droppedSeriesReported;

    private InstrumentAggregator(Instrument instrument, InstrumentKind kind, double[] boundaries, int maxSeries, Func<long> currentGeneration)
    {
        Instrument = instrument;
        Kind = kind;
        Boundaries = boundaries;
        _maxSeries = maxSeries;
        _currentGeneration = currentGeneration;
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        _leLabels = Array.ConvertAll(boundaries, PrometheusNaming.FormatValue);

        var isCounter = kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter;
        MetricName = PrometheusNaming.GetMetricName(instrument.Name, instrument.Unit, isCounter);
        PrometheusType = kind switch
        {
            InstrumentKind.Counter or InstrumentKind.ObservableCounter => "counter",
            InstrumentKind.Histogram => "histogram",
            _ => "gauge",
        };
    }

    public Instrument Instrument { get; }

    public InstrumentKind Kind { get; }

    public string MetricName { get; }

    public string PrometheusType { get; }

    /// <summary>Histogram bucket upper bounds (ascending, finite); empty for other kinds.</summary>
    public double[] Boundaries { get; }

    /// <summary>Set once when the series limit first drops a new tag set.</summary>
    public bool SeriesLimitReached => Volatile.Read(ref _droppedSeriesReported) != 0;

    /// <summary>
    /// Creates the aggregator, or returns null for instrument types this exporter does not
    /// understand (e.g. a custom <see cref="Instrument{T}"/> subclass).
    /// </summary>
    public static InstrumentAggregator? TryCreate(Instrument instrument, int maxSeries, Func<long> currentGeneration)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        InstrumentKind? kind =
            definition == typeof(Counter<>) ? InstrumentKind.Counter
            : definition == typeof(ObservableCounter<>) ? InstrumentKind.ObservableCounter
            : definition == typeof(UpDownCounter<>) ? InstrumentKind.UpDownCounter
            : definition == typeof(ObservableUpDownCounter<>) ? InstrumentKind.ObservableUpDownCounter
            : definition == typeof(Gauge<>) ? InstrumentKind.Gauge
            : definition == typeof(ObservableGauge<>) ? InstrumentKind.ObservableGauge
            : definition == typeof(Histogram<>) ? InstrumentKind.Histogram
            : null;
        if (kind is null)
        {
            return null;
        }

        if (kind == InstrumentKind.ObservableCounter && IsKnownNonMonotonic(instrument))
        {
            kind = InstrumentKind.ObservableUpDownCounter;
        }

        var boundaries = kind == InstrumentKind.Histogram ? GetBoundaries(instrument) : [];
        return new InstrumentAggregator(instrument, kind.Value, boundaries, maxSeries, currentGeneration);
    }

    /// <summary>
    /// Runtime instruments published as <see cref="ObservableCounter{T}"/> although their value
    /// goes down (dotnet/runtime#112077, fixed for the queue length by dotnet/runtime#126482).
    /// Exposed as gauges so the name and type stay the same once the runtime publishes them as
    /// up-down counters, and so <c>rate()</c> does not read every drop as a counter reset.
    /// </summary>
    private static bool IsKnownNonMonotonic(Instrument instrument) =>
        instrument.Meter.Name == "System.Runtime"
        && instrument.Name is "dotnet.thread_pool.thread.count" or "dotnet.thread_pool.queue.length";

    /// <summary>Histogram bounds: the instrument's advice when present, else the defaults.</summary>
    public static double[] GetBoundaries(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<byte> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            Instrument<short> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            Instrument<int> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            Instrument<long> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            Instrument<float> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            Instrument<double> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            Instrument<decimal> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            return advised;
        }

        return instrument.Unit == "ms"
            ? Array.ConvertAll(DefaultSecondBoundaries, static b => b * 1000)
            : (double[])DefaultSecondBoundaries.Clone();
    }

    /// <summary>Records one measurement (called from the listener's measurement callback).</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = GetOrAddSeries(tags);
        if (series is null)
        {
            return;
        }

        switch (Kind)
        {
            case InstrumentKind.Counter:
                if (value >= 0)
                {
                    // A counter only goes up; negative or NaN deltas are misuse and dropped.
                    series.Add(value);
                }

                break;
            case InstrumentKind.UpDownCounter:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                series.Observe(value, Boundaries);
                break;
            default:
                // Observable instruments and Gauge<T>: last value wins.
                series.Set(value, _currentGeneration());
                break;
        }
    }

    /// <summary>Adds this instrument's series to its family (creating it if needed).</summary>
    public void Export(SortedDictionary<string, MetricFamilyBuilder> families, long generation)
    {
        var isObservable = Kind is InstrumentKind.ObservableCounter or InstrumentKind.ObservableUpDownCounter or InstrumentKind.ObservableGauge;
        var snapshot = new List<KeyValuePair<string, SeriesState>>(_series.Count);
        foreach (var entry in _series)
        {
            if (isObservable && entry.Value.Generation != generation)
            {
                // Not reported by the callback this time: the series is gone.
                _series.TryRemove(entry);
                continue;
            }

            snapshot.Add(entry);
        }

        if (snapshot.Count == 0)
        {
            return;
        }

        if (!families.TryGetValue(MetricName, out var family))
        {
            family = new MetricFamilyBuilder(MetricName, PrometheusType, Instrument.Description);
            families.Add(MetricName, family);
        }
        else if (family.Type != PrometheusType)
        {
            // Another instrument already owns this name with a different type; one TYPE per family.
            return;
        }
        else if (string.IsNullOrEmpty(family.Help))
        {
            family.Help = Instrument.Description;
        }

        snapshot.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (labelKey, series) in snapshot)
        {
            if (!family.TryAddSeries(labelKey))
            {
                continue;
            }

            if (Kind == InstrumentKind.Histogram)
            {
                var (counts, sum, count) = series.SnapshotHistogram();
                long cumulative = 0;
                for (var i = 0; i < _leLabels.Length; i++)
                {
                    cumulative += counts[i];
                    family.AppendSample("_bucket", labelKey, _leLabels[i], cumulative);
                }

                family.AppendSample("_bucket", labelKey, "+Inf", count);
                family.AppendSample("_sum", labelKey, null, sum);
                family.AppendSample("_count", labelKey, null, count);
            }
            else
            {
                family.AppendSample(string.Empty, labelKey, null, series.Value);
            }
        }
    }

    private static double[]? ToDoubles<T>(IReadOnlyList<T>? values)
        where T : struct, INumberBase<T>
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var result = new List<double>(values.Count);
        foreach (var value in values)
        {
            var d = double.CreateTruncating(value);
            if (double.IsFinite(d))
            {
                result.Add(d);
            }
        }

        result.Sort();
        return result.Distinct().ToArray();
    }

    private SeriesState? GetOrAddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var buffer = _threadKeyBuffer ??= new char[256];
        var length = WriteLabelKey(tags, ref buffer);
        _threadKeyBuffer = buffer;
        var key = buffer.AsSpan(0, length);

        if (_seriesBySpan.TryGetValue(key, out var existing))
        {
            return existing;
        }

        if (_series.Count >= _maxSeries)
        {
            Interlocked.Exchange(ref _droppedSeriesReported, 1);
            return null;
        }

        return _series.GetOrAdd(new string(key), static (_, bucketCount) => new SeriesState(bucketCount), Boundaries.Length);
    }

    /// <summary>
    /// Renders the tag set as <c>a="x",b="y"</c> (sorted by key, names sanitised, values
    /// escaped) into a reusable per-thread buffer, so that an existing series is found without
    /// allocating.
    /// </summary>
    private static int WriteLabelKey(ReadOnlySpan<KeyValuePair<string, object?>> tags, ref char[] buffer)
    {
        if (tags.IsEmpty)
        {
            return 0;
        }

        var sorted = _threadSortBuffer;
        if (sorted is null || sorted.Length < tags.Length)
        {
            sorted = new KeyValuePair<string, object?>[Math.Max(tags.Length, 16)];
            _threadSortBuffer = sorted;
        }

        // Insertion sort: tag sets are small (typically under ten).
        for (var i = 0; i < tags.Length; i++)
        {
            var item = tags[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(sorted[j].Key, item.Key) > 0)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }

            sorted[j + 1] = item;
        }

        var writer = new KeyWriter(buffer);
        Span<char> formatted = stackalloc char[64];
        for (var i = 0; i < tags.Length; i++)
        {
            var (name, value) = sorted[i];
            if (i > 0)
            {
                writer.Append(',');
            }

            if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            {
                writer.Append('_');
            }

            foreach (var c in name)
            {
                writer.Append(PrometheusNaming.MapLabelNameChar(c));
            }

            writer.Append('=');
            writer.Append('"');
            switch (value)
            {
                case null:
                    break;
                case string s:
                    writer.AppendEscaped(s);
                    break;
                case bool b:
                    writer.AppendEscaped(b ? "true" : "false");
                    break;
                case ISpanFormattable f when f.TryFormat(formatted, out var written, default, CultureInfo.InvariantCulture):
                    writer.AppendEscaped(formatted[..written]);
                    break;
                case IFormattable f:
                    writer.AppendEscaped(f.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.AppendEscaped(value.ToString() ?? string.Empty);
                    break;
            }

            writer.Append('"');
        }

        Array.Clear(sorted, 0, tags.Length); // do not keep tag values alive
        buffer = writer.Buffer;
        return writer.Length;
    }

    private struct KeyWriter
    {
        public KeyWriter(char[] buffer) => Buffer = buffer;

        public char[] Buffer { get; private set; }

        public int Length { get; private set; }

        public void Append(char c)
        {
            if (Length == Buffer.Length)
            {
                var larger = new char[Buffer.Length * 2];
                Buffer.AsSpan().CopyTo(larger);
                Buffer = larger;
            }

            Buffer[Length++] = c;
        }

        public void AppendEscaped(ReadOnlySpan<char> value)
        {
            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\':
                        Append('\\');
                        Append('\\');
                        break;
                    case '"':
                        Append('\\');
                        Append('"');
                        break;
                    case '\n':
                        Append('\\');
                        Append('n');
                        break;
                    default:
                        Append(c);
                        break;
                }
            }
        }
    }
}

/// <summary>The aggregated value of one (instrument, tag set) pair.</summary>
internal sealed class SeriesState
{
    private readonly Lock _histogramLock = new();
    private readonly long[] _bucketCounts;
    private double _value;
    private double _sum;
    private long _count;
    private long _generation;

    public SeriesState(int boundaryCount) => _bucketCounts = boundaryCount == 0 ? [] : new long[boundaryCount + 1];

    public double Value => Volatile.Read(ref _value);

    /// <summary>The collection in which an observable instrument last reported this series.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public void Add(double delta)
    {
        double current, updated;
        do
        {
            current = Volatile.Read(ref _value);
            updated = current + delta;
        }
        while (BitConverter.DoubleToInt64Bits(Interlocked.CompareExchange(ref _value, updated, current))
            != BitConverter.DoubleToInt64Bits(current));
    }

    public void Set(double value, long generation)
    {
        Volatile.Write(ref _value, value);
        Volatile.Write(ref _generation, generation);
    }

    /// <summary>
    /// Counts a histogram value into the first bucket whose upper bound is &gt;= value
    /// (Prometheus <c>le</c> semantics). NaN is ignored; it would poison <c>_sum</c> forever.
    /// </summary>
    public void Observe(double value, double[] boundaries)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var index = Array.BinarySearch(boundaries, value);
        if (index < 0)
        {
            index = ~index; // first bound greater than value, or boundaries.Length (+Inf)
        }

        lock (_histogramLock)
        {
            _bucketCounts[index]++;
            _sum += value;
            _count++;
        }
    }

    /// <summary>Per-bucket (non-cumulative) counts, sum and count, read consistently.</summary>
    public (long[] Counts, double Sum, long Count) SnapshotHistogram()
    {
        lock (_histogramLock)
        {
            return ((long[])_bucketCounts.Clone(), _sum, _count);
        }
    }
}
