using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Client;
using Bridge.Adapters.Platform.Mapping;
using Bridge.Adapters.Platform.Proofs;
using Bridge.Adapters.Platform.Webhooks;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using Bridge.Relay.Records;
using Bridge.Relay.Registry;

namespace Bridge.Host.Webhooks;

/// <summary>
/// Configuration of webhook receivers (section <c>Bridge:Webhooks</c>): per network name, the shared secret the platform
/// signs deliveries with, given inline (<c>SharedSecret</c>, e.g. from the environment) or as a file
/// (<c>SharedSecretFile</c>, e.g. a mounted secret). A network without one has no receiver (404).
/// </summary>
internal sealed class WebhookReceiverOptions
{
    /// <summary>How far a delivery's signed send time may be from the receiver's clock (default 5 minutes).</summary>
    public TimeSpan Tolerance { get; set; } = WebhookVerifier.DefaultTolerance;

    /// <summary>Receivers by network name.</summary>
    public Dictionary<string, WebhookReceiverNetwork> Networks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The polling fallback of every receiving network (docs/platform.md, "The polling fallback").</summary>
    public PlatformPollingOptions Polling { get; set; } = new();
}

/// <summary>One network's receiver settings.</summary>
internal sealed class WebhookReceiverNetwork
{
    /// <summary>The shared secret (UTF-8). Never logged, never returned.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>A file holding the shared secret (trailing newline ignored).</summary>
    public string? SharedSecretFile { get; set; }

    /// <summary>
    /// Whether the network has the polling fallback (default true; it then needs a connection in
    /// <c>Bridge:Relay:Adapters:{network}</c>). Turning it off is for benchmarks and tests of the webhook path alone.
    /// </summary>
    public bool PollingFallback { get; set; } = true;
}

/// <summary>
/// The platform webhook receiver's state: secrets and platform networks (cached for 30 s), the verifiers, and a single
/// writer that stores verified deliveries in groups (group commit: whatever arrived while the previous group was being
/// written goes into the next transaction, up to 256 deliveries), so many small deliveries cost few transactions.
/// </summary>
internal sealed partial class PlatformWebhookIngest : BackgroundService
{
    private const int MaxGroup = 256;
    private static readonly TimeSpan NetworkCacheTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly WebhookReceiverOptions _options;
    private readonly ILogger<PlatformWebhookIngest> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, (Network? Network, DateTimeOffset Until)> _networks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]?> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastDelivery = new(StringComparer.Ordinal);

    public PlatformWebhookIngest(IServiceScopeFactory scopes, TimeProvider time, WebhookReceiverOptions options, ILogger<PlatformWebhookIngest> logger)
    {
        _scopes = scopes;
        _time = time;
        _options = options;
        _logger = logger;
        Verifier = new WebhookVerifier(time, options.Tolerance);
    }

    public WebhookVerifier Verifier { get; }

    public PlatformJwsVerifier Attestations { get; } = new();

    /// <summary>The shared secret of <paramref name="network"/>'s receiver, or null when it has none.</summary>
    public byte[]? SecretOf(string network) => _secrets.GetOrAdd(network, name =>
    {
        if (!_options.Networks.TryGetValue(name, out var settings))
        {
            return null;
        }

        var secret = settings.SharedSecret;
        if (string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(settings.SharedSecretFile))
        {
            secret = File.ReadAllText(settings.SharedSecretFile).TrimEnd('\r', '\n');
        }

        return string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);
    });

    /// <summary>The registered platform network and its trust anchors, or null when there is none by that name.</summary>
    public async Task<(Network Network, PlatformTrustAnchors Anchors)?> PlatformNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_networks.TryGetValue(name, out var cached) || cached.Until <= now)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var network = await scope.ServiceProvider.GetRequiredService<INetworkRegistry>().GetAsync(name, cancellationToken);
            cached = (network, now + NetworkCacheTime);
            if (network is not null)
            {
                _networks[name] = cached; // an unknown name is asked again next time: registering a network takes effect at once
            }
        }

        return cached.Network is { Kind: NetworkKind.Platform, TrustAnchors: PlatformTrustAnchors anchors } network2 ? (network2, anchors) : null;
    }

    /// <summary>When <paramref name="network"/>'s receiver last accepted a delivery (its signature and freshness), if ever since the start.</summary>
    public DateTimeOffset? LastDeliveryAt(string network) => _lastDelivery.TryGetValue(network, out var at) ? at : null;

    /// <summary>Notes that <paramref name="network"/>'s receiver accepted a delivery now (the polling fallback slows down).</summary>
    public void DeliveryAccepted(string network) => _lastDelivery[network] = _time.GetUtcNow();

    /// <summary>
    /// The one verify-and-map step of both the webhook receiver and the polling fallback: each event object in order must
    /// be a platform event whose attestation verifies against <paramref name="anchors"/>, and maps to the canonical model
    /// (deterministic ids). Stops at the first that fails: <see cref="PreparedEvents.Rejection"/> says why (the field is
    /// the object's index in <paramref name="objects"/>), and the result holds the events of the objects before it.
    /// </summary>
    public PreparedEvents Prepare(string network, PlatformTrustAnchors anchors, IEnumerable<JsonElement> objects, DateTimeOffset receivedAt)
    {
        var events = new List<MappedEvent>();
        var index = 0;
        foreach (var element in objects)
        {
            var field = "/" + index;
            if (PlatformEvent.From(element) is not { } platformEvent)
            {
                return new PreparedEvents(events, index, Reject(field, "invalid-event", "not a platform event (it needs sequence, eventTransactionId and eventType)"));
            }

            var attestation = Attestations.Verify(PlatformProofBuilder.ForEvent(network, element), anchors);
            if (attestation is not ProofVerdict.Valid)
            {
                return new PreparedEvents(events, index, Reject(field + "/attestation", "invalid-attestation", $"the event's platform attestation does not verify: {attestation}"));
            }

            var mapped = PlatformEventMapper.Map(platformEvent, network, receivedAt);
            if (!mapped.Validation.IsValid)
            {
                return new PreparedEvents(events, index, mapped.Validation);
            }

            foreach (var logisticsEvent in mapped.Events)
            {
                var hash = ContentHashing.Of(logisticsEvent);
                events.Add(new MappedEvent(NaturalKeys.IdOf(logisticsEvent, hash), NaturalKeys.Of(logisticsEvent, hash), hash, logisticsEvent));
            }

            index++;
        }

        return new PreparedEvents(events, index, null);

        static ValidationResult Reject(string field, string code, string message) => new([ValidationIssue.Error(field, code, message)]);
    }

    /// <summary>Stores a verified delivery with the next group; completes when its transaction has committed.</summary>
    public async Task<DeliveryOutcome> StoreAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        var pending = new Pending(delivery);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastForget = _time.GetUtcNow();
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<IInboundDeliveryStore>();
                var outcomes = await store.StoreDeliveriesAsync([.. group.Select(p => p.Delivery)], stoppingToken);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(outcomes[i]);
                }

                if (_time.GetUtcNow() - lastForget > ForgetEvery)
                {
                    lastForget = _time.GetUtcNow();
                    await store.ForgetDeliveriesAsync(lastForget - (2 * _options.Tolerance) - TimeSpan.FromMinutes(1), stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.StoreFailed(_logger, group.Count, e);
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled(cancellationToken);
        }
    }

    private sealed class Pending(InboundDelivery delivery)
    {
        public InboundDelivery Delivery { get; } = delivery;

        public TaskCompletionSource<DeliveryOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Storing a group of {Count} webhook deliveries failed; each sender gets a 503 and retries")]
        public static partial void StoreFailed(ILogger logger, int count, Exception exception);
    }
}

/// <summary>What <see cref="PlatformWebhookIngest.Prepare"/> made of a batch of platform event objects.</summary>
/// <param name="Events">The canonical events of the accepted objects, in order.</param>
/// <param name="Accepted">How many objects, from the first, were accepted.</param>
/// <param name="Rejection">Why the next object was refused; null when all were accepted.</param>
internal sealed record PreparedEvents(IReadOnlyList<MappedEvent> Events, int Accepted, ValidationResult? Rejection);
