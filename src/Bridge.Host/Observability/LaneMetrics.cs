using System.Diagnostics.Metrics;
using Bridge.Relay.Engine;

namespace Bridge.Host.Observability;

/// <summary>Options of <see cref="LaneMetrics"/> (configuration section <c>Bridge:Metrics</c>).</summary>
internal sealed class LaneMetricsOptions
{
    /// <summary>How often the lanes' state is read from the database (default 10 s).</summary>
    public TimeSpan LaneSampleInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Per-lane gauges on <c>/metrics</c> (docs/relay.md, "Operating messages"): <c>bridge_lane_backlog</c> (messages not yet
/// at an end), <c>bridge_lane_oldest_pending_age_seconds</c> and <c>bridge_lane_failed</c> by reason. The database is
/// sampled in the background every <see cref="LaneMetricsOptions.LaneSampleInterval"/>, so a scrape never waits on it.
/// </summary>
internal sealed partial class LaneMetrics : BackgroundService
{
    private readonly IMessageStore _messages;
    private readonly TimeProvider _time;
    private readonly LaneMetricsOptions _options;
    private readonly ILogger<LaneMetrics> _logger;
    private volatile IReadOnlyList<LaneStatus> _snapshot = [];

    public LaneMetrics(IMessageStore messages, TimeProvider time, LaneMetricsOptions options, BridgeHostMetrics metrics, ILogger<LaneMetrics> logger)
    {
        _messages = messages;
        _time = time;
        _options = options;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("bridge.lane.backlog", () => _snapshot.Select(l => new Measurement<long>(l.Backlog, Lane(l))), unit: "{message}", description: "Messages of the lane not yet at an end.");
        metrics.Meter.CreateObservableGauge(
            "bridge.lane.oldest_pending_age",
            () => _snapshot.Select(l => new Measurement<double>(l.OldestPending is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0, Lane(l))),
            unit: "s",
            description: "Age of the lane's oldest message not yet at an end (0 when there is none).");
        metrics.Meter.CreateObservableGauge(
            "bridge.lane.failed",
            () => _snapshot.SelectMany(l => l.FailedByReason.Select(f => new Measurement<long>(f.Value, Lane(l), new KeyValuePair<string, object?>("reason", f.Key)))),
            unit: "{message}",
            description: "Messages of the lane now failed, by the code of their last error.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _snapshot = await _messages.LaneStatusAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SampleFailed(_logger, e);
            }

            await Task.Delay(_options.LaneSampleInterval, _time, stoppingToken);
        }
    }

    private static KeyValuePair<string, object?> Lane(LaneStatus lane) => new("lane", lane.Lane);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Reading the lanes' state for /metrics failed; the gauges keep their last values")]
        public static partial void SampleFailed(ILogger logger, Exception exception);
    }
}
