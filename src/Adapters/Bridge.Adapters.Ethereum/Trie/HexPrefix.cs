namespace Bridge.Adapters.Ethereum.Trie;

/// <summary>
/// Hex-prefix encoding of a nibble path with its leaf/extension flag (Yellow Paper, Appendix C, the function HP):
/// the first nibble is 2·t + (path length mod 2); for an even path a zero nibble follows; then the path's nibbles,
/// two per byte, high nibble first. So 0x0_ / 0x1_ start extensions and 0x2_ / 0x3_ start leaves.
/// </summary>
internal static class HexPrefix
{
    /// <summary>The number of bytes the hex-prefix form of a path of <paramref name="nibbleCount"/> nibbles takes.</summary>
    public static int EncodedLength(int nibbleCount) => (nibbleCount / 2) + 1;

    /// <summary>Writes the hex-prefix form of <paramref name="nibbles"/> (one nibble per byte) to <paramref name="destination"/>.</summary>
    public static int Encode(ReadOnlySpan<byte> nibbles, bool isLeaf, Span<byte> destination)
    {
        var odd = nibbles.Length % 2;
        var flag = (isLeaf ? 2 : 0) + odd;
        var length = EncodedLength(nibbles.Length);
        destination[0] = (byte)(flag << 4 | (odd == 1 ? nibbles[0] : 0));
        for (int i = odd, j = 1; i < nibbles.Length; i += 2, j++)
        {
            destination[j] = (byte)(nibbles[i] << 4 | nibbles[i + 1]);
        }

        return length;
    }

    /// <summary>
    /// Reads the flag of a hex-prefix string: false when it is empty, its first nibble is above 3, or an even path's
    /// padding nibble is not zero.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> encoded, out bool isLeaf, out int nibbleCount)
    {
        isLeaf = false;
        nibbleCount = 0;
        if (encoded.IsEmpty)
        {
            return false;
        }

        var flag = encoded[0] >> 4;
        if (flag > 3)
        {
            return false;
        }

        var odd = flag & 1;
        if (odd == 0 && (encoded[0] & 0x0f) != 0)
        {
            return false;
        }

        isLeaf = (flag & 2) != 0;
        nibbleCount = ((encoded.Length - 1) * 2) + odd;
        return true;
    }

    /// <summary>The nibble at <paramref name="index"/> of a hex-prefix path already checked by <see cref="TryReadHeader"/>.</summary>
    public static int PathNibble(ReadOnlySpan<byte> encoded, int index)
    {
        // Odd paths start in the low half of byte 0; even paths skip byte 0 entirely.
        var position = index + ((encoded[0] & 0x10) != 0 ? 1 : 2);
        return Nibble(encoded, position);
    }

    /// <summary>Nibble <paramref name="index"/> of <paramref name="bytes"/>, high nibble first (Appendix D).</summary>
    public static int Nibble(ReadOnlySpan<byte> bytes, int index) =>
        (index & 1) == 0 ? bytes[index >> 1] >> 4 : bytes[index >> 1] & 0x0f;

    /// <summary>Splits <paramref name="bytes"/> into nibbles, high nibble first.</summary>
    public static byte[] ToNibbles(ReadOnlySpan<byte> bytes)
    {
        var nibbles = new byte[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            nibbles[2 * i] = (byte)(bytes[i] >> 4);
            nibbles[(2 * i) + 1] = (byte)(bytes[i] & 0x0f);
        }

        return nibbles;
    }
}
