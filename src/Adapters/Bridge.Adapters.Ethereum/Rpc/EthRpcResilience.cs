using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The Polly.Core pipeline around each JSON-RPC attempt: a retry (outer) over a per-attempt timeout (inner).
/// It retries only when the call is idempotent (<see cref="EthRpcMethods.IsIdempotent"/>, carried in the
/// <see cref="ResilienceContext"/>) and the failure is transient (<see cref="EthRpcException.IsTransient"/> or the
/// attempt timed out). JSON-RPC errors such as reverts, invalid parameters or nonce errors are never retried: the same
/// request would get the same answer. A server's Retry-After (RFC 9110 section 10.2.3) replaces the backoff delay,
/// capped by <see cref="EthRpcClientOptions.MaxDelay"/> (Polly does not cap generated delays itself).
/// </summary>
internal static class EthRpcResilience
{
    /// <summary>Whether the call in this context may be repeated.</summary>
    public static readonly ResiliencePropertyKey<bool> IdempotentKey = new("bridge.eth.rpc.idempotent");

    /// <summary>The method (or "batch") for telemetry.</summary>
    public static readonly ResiliencePropertyKey<string> MethodKey = new("bridge.eth.rpc.method");

    public static ResiliencePipeline Build(EthRpcClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder { Name = "eth-rpc", TimeProvider = options.TimeProvider };
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
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception, maxDelay)),
                OnRetry = static args =>
                {
                    EthRpcTelemetry.Retry(
                        args.Context.Properties.GetValue(MethodKey, "unknown"),
                        (args.Outcome.Exception as EthRpcException)?.Kind,
                        args.AttemptNumber + 1);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    internal static bool ShouldRetry(Exception? exception, ResilienceContext context) =>
        context.Properties.GetValue(IdempotentKey, false)
        && exception is EthRpcException { IsTransient: true } or TimeoutRejectedException;

    internal static TimeSpan? ServerDelay(Exception? exception, TimeSpan maxDelay) =>
        exception is EthRpcException { RetryAfter: { } delay }
            ? (delay < TimeSpan.Zero ? TimeSpan.Zero : delay > maxDelay ? maxDelay : delay)
            : null;
}
