namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>Settings of an <see cref="EthRpcClient"/>. Defaults suit a local dev chain and a hosted node alike.</summary>
public sealed class EthRpcClientOptions
{
    /// <summary>The JSON-RPC endpoint; null uses the HttpClient's BaseAddress.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The most requests sent in one JSON array; larger batches are split. Default 100.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Attempts per call, the first included; 1 disables retries. Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry delay; later delays double (with jitter unless <see cref="UseJitter"/> is false). Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between attempts, a server's Retry-After included. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether retry delays are randomised (decorrelated jitter) to spread load. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The time one attempt may take before it is abandoned as a timeout (10 ms to 1 day). Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for delays and timeouts; tests inject a manual one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    // The client keeps its own copy, so later changes to these settings do not reach a running client.
    internal EthRpcClientOptions Copy() => (EthRpcClientOptions)MemberwiseClone();

    /// <summary>Throws when a setting is out of range (a configuration bug).</summary>
    public void Validate()
    {
        if (Endpoint is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("The endpoint must be an absolute URI.", nameof(Endpoint));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDelay, TimeSpan.FromDays(1), nameof(MaxDelay));

        // Polly's timeout strategy accepts 10 ms to 1 day.
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, TimeSpan.FromMilliseconds(10), nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AttemptTimeout, TimeSpan.FromDays(1), nameof(AttemptTimeout));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
