using System.Globalization;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// The <c>grpc-timeout</c> header (PROTOCOL-HTTP2.md "Requests": <c>Timeout → "grpc-timeout" TimeoutValue
/// TimeoutUnit</c>, TimeoutValue a positive integer of at most 8 ASCII digits, units H M S m u n).
/// </summary>
internal static class GrpcTimeout
{
    /// <summary>The largest TimeoutValue: 8 digits.</summary>
    public const long MaxValue = 99_999_999;

    // Units from the finest to the coarsest, with their length in nanoseconds.
    private static readonly (char Unit, long Nanoseconds)[] Units =
    [
        ('n', 1L),
        ('u', 1_000L),
        ('m', 1_000_000L),
        ('S', 1_000_000_000L),
        ('M', 60_000_000_000L),
        ('H', 3_600_000_000_000L),
    ];

    /// <summary>
    /// Formats a timeout in the finest unit whose value fits in 8 digits, rounding up so the peer never sees a
    /// shorter deadline than ours. Zero or negative becomes <c>0n</c>; longer than 99,999,999 hours is clamped.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "0n";
        }

        var nanoseconds = (Int128)timeout.Ticks * 100;
        foreach (var (unit, length) in Units)
        {
            var value = (nanoseconds + length - 1) / length;
            if (value <= MaxValue)
            {
                return ((long)value).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>Parses a <c>grpc-timeout</c> value; fails on anything outside the grammar.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="timeout">The timeout (sub-tick nanoseconds round up to one tick).</param>
    /// <returns><see langword="true"/> when the value matched the grammar.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9)
        {
            return false;
        }

        var digits = value[..^1];
        long number = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        long unitNanoseconds = 0;
        foreach (var (unit, length) in Units)
        {
            if (unit == value[^1])
            {
                unitNanoseconds = length;
                break;
            }
        }

        if (unitNanoseconds == 0)
        {
            return false;
        }

        var nanoseconds = (Int128)number * unitNanoseconds;
        timeout = TimeSpan.FromTicks((long)((nanoseconds + 99) / 100));
        return true;
    }
}
