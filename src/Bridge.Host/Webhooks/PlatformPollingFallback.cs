using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Host.Hosting;
using Bridge.Host.Observability;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Records;

namespace Bridge.Host.Webhooks;

/// <summary>
/// <c>Bridge:Webhooks:Polling</c>: when the polling fallback of a webhook network reads the platform's event feed
/// (docs/platform.md, "The polling fallback"). It always polls every <see cref="SafetyInterval"/> (a safety net for
/// deliveries a platform dropped without retrying), and every <see cref="FastInterval"/> once the network's receiver has
/// accepted no delivery for <see cref="Silence"/> (webhooks stopped, or the network is quiet: an empty poll costs one
/// small request).
/// </summary>
internal sealed class PlatformPollingOptions
{
    /// <summary>How often the feed is read while webhooks arrive (default 1 minute).</summary>
    public TimeSpan SafetyInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the feed is read once webhooks are silent (default 5 seconds).</summary>
    public TimeSpan FastInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long without an accepted delivery counts as "webhooks stopped" (default 2 minutes; counted from the start).</summary>
    public TimeSpan Silence { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Events per feed request, 1 to 1000 (default 500).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How long a host's lease on a network's polling lasts (default 30 s); one host polls a network at a time.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The settings that are out of range, as messages naming the setting; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        List<string> problems = [];
        if (FastInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add("Bridge:Webhooks:Polling:FastInterval must be at least 100 ms.");
        }

        if (SafetyInterval < FastInterval)
        {
            problems.Add("Bridge:Webhooks:Polling:SafetyInterval must be at least FastInterval.");
        }

        if (Silence <= TimeSpan.Zero)
        {
            problems.Add("Bridge:Webhooks:Polling:Silence must be positive.");
        }

        if (PageSize is < 1 or > 1000)
        {
            problems.Add("Bridge:Webhooks:Polling:PageSize must be 1 to 1000.");
        }

        if (LeaseDuration < LeaseRules.MinDuration || LeaseDuration > LeaseRules.MaxDuration)
        {
            problems.Add("Bridge:Webhooks:Polling:LeaseDuration must be 1 s to 1 h.");
        }

        return problems;
    }

    /// <summary>
    /// Checks <paramref name="webhooks"/>' polling settings and that every network with the fallback has a connection in
    /// <paramref name="relay"/> (endpoint, API key file, organisation).
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message lists every finding.</exception>
    public static void Validate(WebhookReceiverOptions webhooks, RelayOptions relay)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        ArgumentNullException.ThrowIfNull(relay);
        List<string> problems = [.. webhooks.Polling.Problems()];
        foreach (var (name, network) in webhooks.Networks)
        {
            if (network.PollingFallback && (!relay.Adapters.TryGetValue(name, out var connection)
                || connection.Endpoint is null || string.IsNullOrWhiteSpace(connection.ApiKeyFile) || string.IsNullOrWhiteSpace(connection.OrganizationId)))
            {
                problems.Add($"The webhook network {name} needs its polling fallback's connection: Bridge:Relay:Adapters:{name}:Endpoint, ApiKeyFile and OrganizationId (the organisation its webhook subscription belongs to), or Bridge:Webhooks:Networks:{name}:PollingFallback=false.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }
}

/// <summary>What one network's polling fallback did since the start (for tests and operators).</summary>
internal sealed class PlatformPollingStats
{
    private long _polls;
    private long _eventsRead;
    private long _eventsCreated;

    /// <summary>Polls that reached the feed.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Event objects read past the checkpoint.</summary>
    public long EventsRead => Interlocked.Read(ref _eventsRead);

    /// <summary>Canonical events the fallback stored that were not stored before (webhooks missed them).</summary>
    public long EventsCreated => Interlocked.Read(ref _eventsCreated);

    internal void Polled() => Interlocked.Increment(ref _polls);

    internal void Read(int count) => Interlocked.Add(ref _eventsRead, count);

    internal void Created(int count) => Interlocked.Add(ref _eventsCreated, count);
}

/// <summary>
/// The polling fallback of every platform network that receives webhooks (docs/platform.md, "The polling fallback"): a
/// loop per network that reads <c>GET /api/v1/events?afterSequence</c> from its persisted checkpoint, page by page, and
/// feeds each page through the webhook receiver's own verify-and-map step (<see cref="PlatformWebhookIngest.Prepare"/>)
/// and store (<see cref="PlatformWebhookIngest.StoreAsync"/>, as a delivery without an id), so an event that arrives both
/// ways is one row (deterministic ids). The checkpoint (the last sequence handled, in <c>watcher_leases</c> under
/// <c>platform-poll/{network}</c>) is saved after the page's events are stored, and only with a current lease, so a crash
/// repeats a page (harmless) and never skips one, and across hosts one polls a network at a time. An event that does not
/// verify stops the network's polling before it (nothing of it stored, the checkpoint stays) until the next poll.
/// </summary>
internal sealed partial class PlatformPollingFallback : BackgroundService
{
    /// <summary>The watcher subscription that holds <paramref name="network"/>'s polling lease and checkpoint.</summary>
    public static string SubscriptionOf(string network) => "platform-poll/" + network;

    private readonly WebhookReceiverOptions _options;
    private readonly ConfiguredAdapters _adapters;
    private readonly IWatcherStore _watchers;
    private readonly PlatformWebhookIngest _ingest;
    private readonly TimeProvider _time;
    private readonly ILogger<PlatformPollingFallback> _logger;
    private readonly string _owner;
    private readonly ConcurrentDictionary<string, PlatformPollingStats> _stats = new(StringComparer.Ordinal);

    public PlatformPollingFallback(WebhookReceiverOptions options, RelayOptions relay, ConfiguredAdapters adapters, IWatcherStore watchers, PlatformWebhookIngest ingest, TimeProvider time, BridgeHostMetrics metrics, ILogger<PlatformPollingFallback> logger)
    {
        metrics.Meter.CreateObservableCounter("bridge.platform.poll.requests", () => Each(s => s.Polls), unit: "{request}", description: "Feed requests made by the platform polling fallback, by network.");
        metrics.Meter.CreateObservableCounter("bridge.platform.poll.events_read", () => Each(s => s.EventsRead), unit: "{event}", description: "Platform events the polling fallback read past its checkpoint, by network.");
        metrics.Meter.CreateObservableCounter("bridge.platform.poll.events_created", () => Each(s => s.EventsCreated), unit: "{event}", description: "Canonical events the polling fallback stored that webhooks had not delivered, by network.");
        _options = options;
        _adapters = adapters;
        _watchers = watchers;
        _ingest = ingest;
        _time = time;
        _logger = logger;
        _owner = relay.Owner ?? $"{Environment.MachineName}-{Environment.ProcessId}";
    }

    /// <summary>What <paramref name="network"/>'s fallback did since the start.</summary>
    public PlatformPollingStats StatsOf(string network) => _stats.GetOrAdd(network, _ => new PlatformPollingStats());

    private IEnumerable<Measurement<long>> Each(Func<PlatformPollingStats, long> value) =>
        _stats.Select(pair => new Measurement<long>(value(pair.Value), new KeyValuePair<string, object?>("network", pair.Key)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<Task> loops = [];
        foreach (var (name, network) in _options.Networks)
        {
            if (!network.PollingFallback)
            {
                Log.Disabled(_logger, name);
                continue;
            }

            loops.Add(RunAsync(name, stoppingToken));
        }

        return Task.WhenAll(loops);
    }

    private async Task RunAsync(string network, CancellationToken stoppingToken)
    {
        var polling = _options.Polling;
        var started = _time.GetUtcNow();
        DateTimeOffset? lastPoll = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                var silent = now - (_ingest.LastDeliveryAt(network) ?? started) >= polling.Silence;
                if (lastPoll is null || now - lastPoll.Value >= (silent ? polling.FastInterval : polling.SafetyInterval))
                {
                    try
                    {
                        await PollAsync(network, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        Log.PollFailed(_logger, network, e.GetType().Name, e.Message);
                    }

                    lastPoll = _time.GetUtcNow();
                }

                await Task.Delay(polling.FastInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping with the host.
        }
    }

    /// <summary>Reads the feed from the checkpoint until caught up (or refused); stores and checkpoints page by page.</summary>
    private async Task PollAsync(string name, CancellationToken cancellationToken)
    {
        if (await _ingest.PlatformNetworkAsync(name, cancellationToken) is not { } platform)
        {
            return; // not registered (yet) as a platform network: the receiver answers 404 too
        }

        if (_adapters.Ensure(platform.Network) is not PlatformAdapter adapter)
        {
            throw new InvalidOperationException($"Bridge:Relay:Adapters:{name} does not make a platform adapter.");
        }

        var subscription = SubscriptionOf(name);
        var lease = await _watchers.AcquireAsync(subscription, _owner, _options.Polling.LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return; // another host polls this network now
        }

        var stats = StatsOf(name);
        var after = ParseCheckpoint(lease.Checkpoint);
        var current = lease.Lease;
        while (true)
        {
            var page = await adapter.Feed.GetEventsAsync(after, _options.Polling.PageSize, cancellationToken);
            stats.Polled();
            var fresh = page.Events.Where(e => e.Sequence > after).OrderBy(e => e.Sequence).ToList();
            stats.Read(fresh.Count);
            var receivedAt = _time.GetMicrosecondNow(); // PostgreSQL's precision
            var prepared = _ingest.Prepare(name, platform.Anchors, fresh.Select(e => e.Object), receivedAt);
            if (prepared.Events.Count > 0)
            {
                switch (await _ingest.StoreAsync(new InboundDelivery(name, DeliveryId: null, receivedAt, prepared.Events), cancellationToken))
                {
                    case DeliveryOutcome.Stored stored:
                        stats.Created(stored.Items.Count(i => i.Created));
                        break;
                    case DeliveryOutcome.Conflict conflict:
                        Log.PageRefused(_logger, name, after, "conflict", conflict.Message);
                        return;
                    case DeliveryOutcome.Unstorable unstorable:
                        Log.PageRefused(_logger, name, after, "unstorable", unstorable.Message);
                        return;
                    case var other:
                        throw new InvalidOperationException($"Unexpected outcome {other.GetType().Name} for a polled page.");
                }
            }

            // Where the next page starts: past every event handled. A full acceptance also skips what the organisation
            // may not read (the feed's lastSequence); a refusal stops just before the refused event.
            var next = prepared.Rejection is null
                ? Math.Max(fresh.Count > 0 ? fresh[^1].Sequence : after, page.LastSequence)
                : prepared.Accepted > 0 ? fresh[prepared.Accepted - 1].Sequence : after;
            if (next > after)
            {
                if (!await _watchers.SaveCheckpointAsync(subscription, current, PlatformAdapter.FormatProtocolId(next), cancellationToken))
                {
                    return; // the lease moved on: another host polls now
                }

                after = next;
            }

            if (prepared.Rejection is { } rejection)
            {
                var issue = rejection.Errors.First();
                Log.PageRefused(_logger, name, after, issue.Code, $"{issue.Path}: {issue.Message}");
                return;
            }

            if (page.Events.Count < _options.Polling.PageSize)
            {
                return; // caught up
            }

            if (await _watchers.AcquireAsync(subscription, _owner, _options.Polling.LeaseDuration, cancellationToken) is not { } renewed)
            {
                return;
            }

            current = renewed.Lease;
        }
    }

    private static long ParseCheckpoint(string? checkpoint) =>
        checkpoint is not null && long.TryParse(checkpoint, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Polling fallback of network {Network} failed ({Error}: {Message}); trying again at the next poll")]
        public static partial void PollFailed(ILogger logger, string network, string error, string message);

        [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Polling fallback of network {Network} stopped after sequence {Sequence}: an event was refused ({Code}: {Reason}); it is read again at the next poll")]
        public static partial void PageRefused(ILogger logger, string network, long sequence, string code, string reason);

        [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "Network {Network} receives webhooks without a polling fallback (PollingFallback=false): events whose deliveries fail for good are lost")]
        public static partial void Disabled(ILogger logger, string network);
    }
}
