namespace Bridge.Adapters.Platform.Client;

/// <summary>Settings of a <see cref="PlatformClient"/>: where, as whom, and how patiently.</summary>
public sealed class PlatformClientOptions
{
    /// <summary>The platform's base URL (e.g. <c>http://127.0.0.1:5080/</c>); null uses the HttpClient's BaseAddress.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key exchanged for an IAM token (step 1). A secret: never logged.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The organisation a solution token is asked for (step 2).</summary>
    public string OrganizationId { get; set; } = string.Empty;

    /// <summary>The network's name in the bridge, used in <see cref="Bridge.Adapters.Abstractions.AdapterException"/>. Default <c>platform</c>.</summary>
    public string NetworkName { get; set; } = "platform";

    /// <summary>A token is renewed this long before it expires. Default 5 minutes.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per call, the first included; 1 disables retries. Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry delay; later delays double (with jitter unless <see cref="UseJitter"/> is false). Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between attempts, a server's Retry-After included. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether retry delays are randomised (decorrelated jitter). Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>How long one attempt may take (10 ms to 1 day). Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The circuit opens when at least this share of calls in the sampling window failed transiently (0–1]. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the breaker judges (at least 2). Default 10.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The breaker's sampling window (at least 500 ms). Default 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call (at least 500 ms). Default 15 s.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The clock for token expiry, delays, timeouts and the breaker. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    // The client keeps its own copy, so later changes do not reach a running client.
    internal PlatformClientOptions Copy() => (PlatformClientOptions)MemberwiseClone();

    /// <summary>Throws when a setting is missing or out of range (a configuration bug).</summary>
    public void Validate()
    {
        if (BaseAddress is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("The base address must be an absolute URI.", nameof(BaseAddress));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ApiKey, nameof(ApiKey));
        ArgumentException.ThrowIfNullOrWhiteSpace(OrganizationId, nameof(OrganizationId));
        ArgumentException.ThrowIfNullOrWhiteSpace(NetworkName, nameof(NetworkName));
        ArgumentOutOfRangeException.ThrowIfLessThan(TokenRefreshMargin, TimeSpan.Zero, nameof(TokenRefreshMargin));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDelay, TimeSpan.FromDays(1), nameof(MaxDelay));

        // Polly.Core's documented ranges: timeout 10 ms to 1 day; breaker ratio (0, 1], throughput >= 2, durations >= 500 ms.
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, TimeSpan.FromMilliseconds(10), nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AttemptTimeout, TimeSpan.FromDays(1), nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BreakerFailureRatio, 0, nameof(BreakerFailureRatio));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BreakerFailureRatio, 1, nameof(BreakerFailureRatio));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerMinimumThroughput, 2, nameof(BreakerMinimumThroughput));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), nameof(BreakerSamplingDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerBreakDuration, TimeSpan.FromMilliseconds(500), nameof(BreakerBreakDuration));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
