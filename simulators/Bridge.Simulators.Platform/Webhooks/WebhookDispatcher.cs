using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bridge.Simulators.Platform.Store;

namespace Bridge.Simulators.Platform.Webhooks;

/// <summary>
/// Delivers the journalled outbox (docs/platform.md "Subscriptions and webhooks"): POSTs each pending delivery's
/// fixed body with fresh signature headers; any 2xx or 409 ends it (journalled), anything else or no answer within 10 s
/// retries after 1 s, 2 s, 4 s, … (capped) on the simulator's <see cref="TimeProvider"/>, for 24 h. Attempt schedules
/// live in memory: after a restart every pending delivery is tried at once (at-least-once).
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    private readonly PlatformState _state;
    private readonly TimeProvider _time;
    private readonly TimeSpan _backoffCap;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public WebhookDispatcher(PlatformState state, TimeProvider time, TimeSpan backoffCap)
    {
        _state = state;
        _time = time;
        _backoffCap = backoffCap;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1), AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _state.DeliveriesQueued += Wake;
    }

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Wakes the loop (new deliveries were queued).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                var due = _state.DueDeliveries(now, 32);
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(d => AttemptAsync(d, cancellationToken)));
                    continue;
                }

                var next = _state.NextDeliveryDue();
                var wait = next is null ? Timeout.InfiniteTimeSpan : next.Value - now;
                if (wait != Timeout.InfiniteTimeSpan && wait <= TimeSpan.Zero)
                {
                    continue;
                }

                await WaitAsync(wait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signal = _wake.WaitAsync(waiting.Token);
        var delay = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, waiting.Token) : Task.Delay(wait, _time, waiting.Token);
        await Task.WhenAny(signal, delay);
        await waiting.CancelAsync();
        await Task.WhenAll(signal, delay).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task AttemptAsync(PlatformState.DueDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var now = _time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.CallbackUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignatures.TradeLensHeader, WebhookSignatures.TradeLens(delivery.SharedSecret, body));
        if (delivery.SignatureMode == "dcsa")
        {
            request.Headers.TryAddWithoutValidation(WebhookSignatures.DcsaHeader, WebhookSignatures.Dcsa(delivery.SharedSecret, body));
        }

        request.Headers.TryAddWithoutValidation(WebhookSignatures.DeliveryHeader, WebhookSignatures.Delivery(delivery.SharedSecret, delivery.Id, now.ToUnixTimeMilliseconds(), body));

        bool delivered;
        using (var timeout = new CancellationTokenSource(AttemptTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                delivered = response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict;
            }
            catch (HttpRequestException)
            {
                delivered = false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                delivered = false; // no answer within 10 s
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var after = _time.GetUtcNow();
        if (delivered)
        {
            _state.CompleteDelivery(delivery.Id, abandoned: false);
        }
        else if (after - delivery.CreatedAt >= GiveUpAfter)
        {
            _state.CompleteDelivery(delivery.Id, abandoned: true);
        }
        else
        {
            _state.Reschedule(delivery.Id, after + WebhookSignatures.Backoff(delivery.Attempts + 1, _backoffCap));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _state.DeliveriesQueued -= Wake;
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        _http.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }
}
