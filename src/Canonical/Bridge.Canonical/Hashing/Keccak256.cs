using System.Buffers.Binary;
using System.Numerics;

namespace Bridge.Canonical.Hashing;

/// <summary>
/// Keccak-256 as Ethereum and OpenAttestation use it: the Keccak team's original padding (0x01 … 0x80),
/// not FIPS 202 SHA3-256 (0x06 … 0x80). Sponge over Keccak-f[1600] with rate 1088 bits (136 bytes) and
/// capacity 512 bits, 32-byte output (The Keccak reference, version 3.0, §1 and §5.1; FIPS 202 §3-§5 for the
/// permutation, whose rounds are identical).
/// </summary>
/// <remarks>Use the static methods for one-shot hashing; an instance hashes data that arrives in pieces.</remarks>
public sealed class Keccak256
{
    /// <summary>Digest size in bytes.</summary>
    public const int HashSizeInBytes = 32;

    /// <summary>Sponge rate in bytes: 1600 - 2 × 256 bits.</summary>
    private const int RateBytes = 136;
    private const int RateLanes = RateBytes / 8;

    // Iota round constants RC[0..23] (Keccak reference 3.0 Table 1.1; FIPS 202 §3.2.5 derives them with rc(t)).
    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private readonly ulong[] _state = new ulong[25];
    private readonly byte[] _pending = new byte[RateBytes];
    private int _pendingLength;

    /// <summary>Hashes <paramref name="input"/> into the 32 bytes of <paramref name="output"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < HashSizeInBytes)
        {
            throw new ArgumentException($"The output needs {HashSizeInBytes} bytes.", nameof(output));
        }

        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (input.Length >= RateBytes)
        {
            AbsorbBlock(state, input);
            input = input[RateBytes..];
        }

        Finish(state, input, output);
    }

    /// <summary>The 32-byte Keccak-256 digest of <paramref name="input"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> input)
    {
        byte[] output = new byte[HashSizeInBytes];
        Hash(input, output);
        return output;
    }

    /// <summary>The Keccak-256 digest of <paramref name="input"/> as lowercase hex, no "0x".</summary>
    public static string HashHex(ReadOnlySpan<byte> input)
    {
        Span<byte> output = stackalloc byte[HashSizeInBytes];
        Hash(input, output);
        return Convert.ToHexStringLower(output);
    }

    /// <summary>Adds <paramref name="data"/> to the message being hashed.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_pendingLength > 0)
        {
            int take = Math.Min(RateBytes - _pendingLength, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < RateBytes)
            {
                return;
            }

            AbsorbBlock(_state, _pending);
            _pendingLength = 0;
        }

        while (data.Length >= RateBytes)
        {
            AbsorbBlock(_state, data);
            data = data[RateBytes..];
        }

        data.CopyTo(_pending);
        _pendingLength = data.Length;
    }

    /// <summary>Writes the digest of everything appended so far to <paramref name="output"/> and starts over.</summary>
    public void GetHashAndReset(Span<byte> output)
    {
        if (output.Length < HashSizeInBytes)
        {
            throw new ArgumentException($"The output needs {HashSizeInBytes} bytes.", nameof(output));
        }

        Finish(_state, _pending.AsSpan(0, _pendingLength), output);
        Reset();
    }

    /// <summary>The digest of everything appended so far; starts over.</summary>
    public byte[] GetHashAndReset()
    {
        byte[] output = new byte[HashSizeInBytes];
        GetHashAndReset(output);
        return output;
    }

    /// <summary>Forgets everything appended.</summary>
    public void Reset()
    {
        Array.Clear(_state);
        _pendingLength = 0;
    }

    private static void AbsorbBlock(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        // Lanes are little-endian 64-bit words (Keccak reference 3.0 §1.1; FIPS 202 §B.1).
        for (int i = 0; i < RateLanes; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }

        Permute(state);
    }

    /// <summary>Pads the last partial block (pad10*1 with the Keccak 0x01 start, not SHA-3's 0x06) and squeezes 32 bytes.</summary>
    private static void Finish(Span<ulong> state, ReadOnlySpan<byte> tail, Span<byte> output)
    {
        Span<byte> block = stackalloc byte[RateBytes];
        block.Clear();
        tail.CopyTo(block);
        block[tail.Length] ^= 0x01;
        block[RateBytes - 1] ^= 0x80; // the same byte as 0x01 when 135 bytes remain: 0x81
        AbsorbBlock(state, block);
        for (int i = 0; i < HashSizeInBytes / 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output[(i * 8)..], state[i]);
        }
    }

    /// <summary>
    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι over 25 lanes A[x + 5y] (FIPS 202 §3.2 and Algorithm 7;
    /// Keccak reference 3.0 §1.2). ρ offsets are FIPS 202 Table 2 reduced mod 64; π moves lane (x, y) to
    /// (y, 2x + 3y mod 5). Unrolled over locals so the state stays in registers.
    /// </summary>
    private static void Permute(Span<ulong> state)
    {
        ulong a00 = state[0], a01 = state[1], a02 = state[2], a03 = state[3], a04 = state[4];
        ulong a05 = state[5], a06 = state[6], a07 = state[7], a08 = state[8], a09 = state[9];
        ulong a10 = state[10], a11 = state[11], a12 = state[12], a13 = state[13], a14 = state[14];
        ulong a15 = state[15], a16 = state[16], a17 = state[17], a18 = state[18], a19 = state[19];
        ulong a20 = state[20], a21 = state[21], a22 = state[22], a23 = state[23], a24 = state[24];

        ReadOnlySpan<ulong> roundConstants = RoundConstants;
        for (int round = 0; round < 24; round++)
        {
            // θ: each lane gets the parities of two neighbouring columns.
            ulong c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            ulong c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            ulong c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            ulong c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            ulong c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            ulong d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            ulong d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            ulong d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            ulong d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            ulong d4 = c3 ^ BitOperations.RotateLeft(c0, 1);

            // ρ and π together: bXY is the lane that lands at index XY.
            ulong b00 = a00 ^ d0;
            ulong b10 = BitOperations.RotateLeft(a01 ^ d1, 1);
            ulong b20 = BitOperations.RotateLeft(a02 ^ d2, 62);
            ulong b05 = BitOperations.RotateLeft(a03 ^ d3, 28);
            ulong b15 = BitOperations.RotateLeft(a04 ^ d4, 27);
            ulong b16 = BitOperations.RotateLeft(a05 ^ d0, 36);
            ulong b01 = BitOperations.RotateLeft(a06 ^ d1, 44);
            ulong b11 = BitOperations.RotateLeft(a07 ^ d2, 6);
            ulong b21 = BitOperations.RotateLeft(a08 ^ d3, 55);
            ulong b06 = BitOperations.RotateLeft(a09 ^ d4, 20);
            ulong b07 = BitOperations.RotateLeft(a10 ^ d0, 3);
            ulong b17 = BitOperations.RotateLeft(a11 ^ d1, 10);
            ulong b02 = BitOperations.RotateLeft(a12 ^ d2, 43);
            ulong b12 = BitOperations.RotateLeft(a13 ^ d3, 25);
            ulong b22 = BitOperations.RotateLeft(a14 ^ d4, 39);
            ulong b23 = BitOperations.RotateLeft(a15 ^ d0, 41);
            ulong b08 = BitOperations.RotateLeft(a16 ^ d1, 45);
            ulong b18 = BitOperations.RotateLeft(a17 ^ d2, 15);
            ulong b03 = BitOperations.RotateLeft(a18 ^ d3, 21);
            ulong b13 = BitOperations.RotateLeft(a19 ^ d4, 8);
            ulong b14 = BitOperations.RotateLeft(a20 ^ d0, 18);
            ulong b24 = BitOperations.RotateLeft(a21 ^ d1, 2);
            ulong b09 = BitOperations.RotateLeft(a22 ^ d2, 61);
            ulong b19 = BitOperations.RotateLeft(a23 ^ d3, 56);
            ulong b04 = BitOperations.RotateLeft(a24 ^ d4, 14);

            // χ along each row, then ι on lane (0, 0).
            a00 = b00 ^ (~b01 & b02) ^ roundConstants[round];
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07);
            a06 = b06 ^ (~b07 & b08);
            a07 = b07 ^ (~b08 & b09);
            a08 = b08 ^ (~b09 & b05);
            a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
        }

        state[0] = a00; state[1] = a01; state[2] = a02; state[3] = a03; state[4] = a04;
        state[5] = a05; state[6] = a06; state[7] = a07; state[8] = a08; state[9] = a09;
        state[10] = a10; state[11] = a11; state[12] = a12; state[13] = a13; state[14] = a14;
        state[15] = a15; state[16] = a16; state[17] = a17; state[18] = a18; state[19] = a19;
        state[20] = a20; state[21] = a21; state[22] = a22; state[23] = a23; state[24] = a24;
    }
}
