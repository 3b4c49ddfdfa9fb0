using System.Net;
using System.Net.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Bridge.Adapters.Platform.Client;

/// <summary>
/// The Polly.Core pipeline around each platform HTTP attempt: retry (outer) → circuit breaker → per-attempt timeout
/// (inner). Transient failures are network errors (<see cref="HttpRequestException"/>), attempt timeouts, and the
/// statuses 408, 429 and 5xx (<see cref="PlatformApiException.IsTransient"/>). Idempotent requests (reads, upserts by
/// business key, publishes with an idempotency key) retry on any transient failure; other requests only when the
/// platform certainly did not act (429, 503, or a connection that was never made). Delays grow exponentially with
/// jitter; a server's Retry-After (RFC 9110 §10.2.3, seconds or an HTTP date) replaces the delay, capped by
/// <see cref="PlatformClientOptions.MaxDelay"/>. The breaker counts transient failures only; while it is open calls fail
/// fast with <see cref="BrokenCircuitException"/>, which is not retried.
/// </summary>
internal static class PlatformResilience
{
    /// <summary>Whether the request in this context may be repeated after an ambiguous failure.</summary>
    public static readonly ResiliencePropertyKey<bool> IdempotentKey = new("bridge.platform.idempotent");

    public static ResiliencePipeline Build(PlatformClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder { Name = "platform-api", TimeProvider = options.TimeProvider };
        if (options.MaxAttempts > 1)
        {
            var maxDelay = options.MaxDelay;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                MaxDelay = maxDelay,
                UseJitter = options.UseJitter,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context.Properties.GetValue(IdempotentKey, false))),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception, maxDelay)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    internal static bool IsTransient(Exception? exception) =>
        exception is HttpRequestException or TimeoutRejectedException or PlatformApiException { IsTransient: true };

    internal static bool ShouldRetry(Exception? exception, bool idempotent) =>
        idempotent
            ? IsTransient(exception)
            : exception is PlatformApiException { Status: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable }
                or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    internal static TimeSpan? ServerDelay(Exception? exception, TimeSpan maxDelay) =>
        exception is PlatformApiException { RetryAfter: { } delay }
            ? (delay < TimeSpan.Zero ? TimeSpan.Zero : delay > maxDelay ? maxDelay : delay)
            : null;
}
