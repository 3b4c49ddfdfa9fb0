using Bridge.Adapters.Abstractions;
using Bridge.Relay.Lanes;
using Bridge.Relay.Registry;

namespace Bridge.Relay.Engine;

/// <summary>The adapters this host can reach, by network registry name (one adapter, with its own Polly pipeline, per network).</summary>
public interface IAdapterDirectory
{
    /// <summary>The adapter of <paramref name="network"/>, or null when this host has none configured.</summary>
    INetworkAdapter? Find(string network);
}

/// <summary>
/// The lanes and networks the dispatcher reads, fresh on every call (the host opens a scope per call), so that a pause,
/// a new rate or new trust anchors take effect on the next batch.
/// </summary>
public interface IRelayRegistry
{
    /// <summary>The lane named <paramref name="name"/>, or null.</summary>
    Task<Lane?> GetLaneAsync(string name, CancellationToken cancellationToken);

    /// <summary>The network named <paramref name="name"/>, or null.</summary>
    Task<Network?> GetNetworkAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// Known parties of a network in its own form (e.g. <c>{mspId}::{CN}</c> of bound Fabric identities), for resolving a
/// recipient that arrives only as its 32-byte word (a title sent from Ethereum names its Fabric recipient by keccak256).
/// </summary>
public interface IPartyDirectory
{
    /// <summary>The parties of <paramref name="network"/> this bridge knows.</summary>
    Task<IReadOnlyList<string>> PartiesAsync(string network, CancellationToken cancellationToken);
}

/// <summary>A fixed set of adapters (for the host's composition and for tests).</summary>
public sealed class AdapterDirectory : IAdapterDirectory
{
    private readonly Dictionary<string, INetworkAdapter> _adapters;

    /// <summary>A directory of <paramref name="adapters"/>, keyed by network name.</summary>
    public AdapterDirectory(IReadOnlyDictionary<string, INetworkAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        _adapters = new Dictionary<string, INetworkAdapter>(adapters, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public INetworkAdapter? Find(string network) => _adapters.GetValueOrDefault(network);
}

/// <summary>
/// Per-lane token buckets (rate per second, burst) kept by one host: a host never starts more destination submissions on
/// a lane than the lane allows. With several hosts each keeps its own bucket, so the lane's rate is per host (docs/relay.md).
/// </summary>
public sealed class LaneRateLimiter
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (double Tokens, long Stamp, int Rate, int Burst)> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A limiter on <paramref name="time"/>'s clock.</summary>
    public LaneRateLimiter(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Takes one token from <paramref name="lane"/>'s bucket; when there is none, how long until there will be.</summary>
    public bool TryTake(string lane, int perSecond, int burst, out TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var (tokens, stamp, rate, size) = _buckets.TryGetValue(lane, out var b) && b.Rate == perSecond && b.Burst == burst
                ? b
                : (burst, now, perSecond, burst);
            tokens = Math.Min(size, tokens + (_time.GetElapsedTime(stamp, now).TotalSeconds * rate));
            if (tokens >= 1)
            {
                _buckets[lane] = (tokens - 1, now, rate, size);
                retryAfter = TimeSpan.Zero;
                return true;
            }

            _buckets[lane] = (tokens, now, rate, size);
            // Rounded up to a whole tick, so that waiting retryAfter always finds a token.
            retryAfter = TimeSpan.FromTicks((long)Math.Ceiling((1 - tokens) / rate * TimeSpan.TicksPerSecond));
            return false;
        }
    }
}
