namespace Bridge.Simulators.Platform;

/// <summary>How a <see cref="PlatformSimulator"/> runs (docs/platform.md).</summary>
public sealed class PlatformSimulatorOptions
{
    /// <summary>Gets or sets the folder of the journal and uploaded documents (required; created when missing).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Gets or sets the seed that organisation ids, API keys, the signing key and every generated id derive
    /// from; <c>trade-chain-bridge</c> by default.</summary>
    public string Seed { get; set; } = "trade-chain-bridge";

    /// <summary>Gets or sets the clock for tokens, event times and webhook backoff; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets how long IAM and solution tokens live; one hour by default.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the cap of the webhook retry backoff (1 s, 2 s, 4 s, …); 60 s by default.</summary>
    public TimeSpan WebhookBackoffCap { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets whether an empty journal is seeded with a demo consignment, equipment and events; true by default.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Gets or sets the TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Test hook (false by default; never set it outside tests): a delivery the receiver acknowledged is ended in memory
    /// only, its <c>delivered</c> mark is not journalled, as if the simulator crashed between the receiver's answer and
    /// the journal write. After a restart on the same journal every such delivery is pending again and is redelivered
    /// (same delivery id and body), which lets tests show that receivers store a redelivered event once.
    /// </summary>
    public bool TestHookSkipJournallingDeliveredMarks { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("PlatformSimulatorOptions.DataDirectory is required.", nameof(DataDirectory));
        }

        ArgumentException.ThrowIfNullOrEmpty(Seed, nameof(Seed));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TokenLifetime, TimeSpan.Zero, nameof(TokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(WebhookBackoffCap, TimeSpan.FromSeconds(1), nameof(WebhookBackoffCap));
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
    }
}
