namespace Bridge.Relay.Persistence;

internal static class DatabaseClock
{
    /// <summary>
    /// Now, truncated to PostgreSQL's timestamptz precision (microseconds, 10 ticks), so that what a write
    /// returns equals what later reads return.
    /// </summary>
    public static DateTimeOffset GetDatabaseNow(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
