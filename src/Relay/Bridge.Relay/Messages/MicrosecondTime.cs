namespace Bridge.Relay.Messages;

/// <summary>
/// Times as PostgreSQL's <c>timestamptz</c> keeps them (microseconds, 10 ticks), so that what a write returns equals
/// what later reads return: transition times, receipt times, the store's "now".
/// </summary>
public static class MicrosecondTime
{
    /// <summary>Now, truncated to microseconds.</summary>
    public static DateTimeOffset GetMicrosecondNow(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().TruncateToMicroseconds();
    }

    /// <summary><paramref name="value"/> truncated to microseconds.</summary>
    public static DateTimeOffset TruncateToMicroseconds(this DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMicrosecond));
}
