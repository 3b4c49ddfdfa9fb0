using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Blocks;

/// <summary>
/// The 2048-bit logs bloom of receipts and headers (Yellow Paper §4.3.1, the bloom function M3:2048): for each log, its address and
/// each of its topics add M3:2048(keccak-256(x)), the three bits whose indexes are the low 11 bits of the first three
/// big-endian byte pairs of the hash; bit i counts from the low end of the 256-byte big-endian filter.
/// </summary>
public static class Bloom
{
    /// <summary>The size of a bloom in bytes.</summary>
    public const int ByteLength = 256;

    /// <summary>The bloom of <paramref name="logs"/>.</summary>
    public static byte[] Compute(IEnumerable<ReceiptLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var bloom = new byte[ByteLength];
        foreach (var log in logs)
        {
            Add(bloom, log);
        }

        return bloom;
    }

    /// <summary>Adds a log's address and topics to <paramref name="bloom"/>.</summary>
    public static void Add(Span<byte> bloom, ReceiptLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        Add(bloom, log.Address.Span);
        foreach (var topic in log.Topics)
        {
            Add(bloom, topic.Span);
        }
    }

    /// <summary>Sets the three bits of <paramref name="value"/> in <paramref name="bloom"/>.</summary>
    public static void Add(Span<byte> bloom, ReadOnlySpan<byte> value)
    {
        CheckLength(bloom.Length, nameof(bloom));
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(value, hash);
        for (var i = 0; i < 6; i += 2)
        {
            var bit = ((hash[i] << 8) | hash[i + 1]) & 2047;
            bloom[ByteLength - 1 - (bit >> 3)] |= (byte)(1 << (bit & 7));
        }
    }

    /// <summary>True when all three bits of <paramref name="value"/> are set: the value may have been added (or not).</summary>
    public static bool MayContain(ReadOnlySpan<byte> bloom, ReadOnlySpan<byte> value)
    {
        CheckLength(bloom.Length, nameof(bloom));
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(value, hash);
        for (var i = 0; i < 6; i += 2)
        {
            var bit = ((hash[i] << 8) | hash[i + 1]) & 2047;
            if ((bloom[ByteLength - 1 - (bit >> 3)] & (1 << (bit & 7))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckLength(int length, string parameter)
    {
        if (length != ByteLength)
        {
            throw new ArgumentException($"A logs bloom has {ByteLength} bytes.", parameter);
        }
    }
}
