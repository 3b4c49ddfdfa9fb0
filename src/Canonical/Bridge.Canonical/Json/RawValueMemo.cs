using System.Collections.Concurrent;
using System.Globalization;

namespace Bridge.Canonical.Json;

/// <summary>
/// Values computed from long byte strings (raw JSON values such as a Fabric block attestation, which the proofs of one
/// block's transactions all carry), remembered for the byte strings seen lately. An entry is found by the caller's scope,
/// the length and the last 64 bytes, and a hit is confirmed by comparing every byte, so it never stands for bytes other
/// than the ones its value was computed from. Bounded by entries and by the bytes kept; past either it starts over.
/// Thread-safe.
/// </summary>
/// <typeparam name="TValue">What is computed from the bytes.</typeparam>
public sealed class RawValueMemo<TValue>
{
    private const int TailLength = 64;

    private readonly ConcurrentDictionary<string, (byte[] Bytes, TValue Value)> _values = new(StringComparer.Ordinal);
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private long _bytes;

    /// <summary>A memo of at most <paramref name="maxEntries"/> values and <paramref name="maxBytes"/> remembered bytes.</summary>
    public RawValueMemo(int maxEntries, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
    }

    /// <summary>The value remembered for exactly <paramref name="bytes"/> under <paramref name="scope"/>, if any.</summary>
    public bool TryGet(string scope, ReadOnlySpan<byte> bytes, out TValue value)
    {
        if (_values.TryGetValue(Key(scope, bytes), out var known) && bytes.SequenceEqual(known.Bytes))
        {
            value = known.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Remembers <paramref name="value"/> for <paramref name="bytes"/> under <paramref name="scope"/> (a copy of the bytes is kept).</summary>
    public void Add(string scope, ReadOnlySpan<byte> bytes, TValue value)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (bytes.Length > _maxBytes)
        {
            return;
        }

        if (_values.Count >= _maxEntries || Interlocked.Read(ref _bytes) + bytes.Length > _maxBytes)
        {
            _values.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }

        _values[Key(scope, bytes)] = (bytes.ToArray(), value);
        Interlocked.Add(ref _bytes, bytes.Length);
    }

    private static string Key(string scope, ReadOnlySpan<byte> bytes) =>
        string.Concat(scope, ":", bytes.Length.ToString(CultureInfo.InvariantCulture), ":", Convert.ToHexString(bytes[Math.Max(0, bytes.Length - TailLength)..]));
}
