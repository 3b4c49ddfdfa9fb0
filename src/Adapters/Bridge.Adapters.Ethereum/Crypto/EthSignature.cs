using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// A recoverable secp256k1 ECDSA signature as Ethereum uses it: 32-byte big-endian r and s and a recovery id of 0 or 1
/// (the parity of R.y). Every instance built through this API is valid for Ethereum: 1 ≤ r &lt; n and 1 ≤ s ≤ n/2
/// (EIP-2 low s; Yellow Paper, Appendix F). <c>default</c> (r = s = 0) is the one invalid value and never recovers.
/// </summary>
public readonly record struct EthSignature
{
    /// <summary>Bytes in r || s || v.</summary>
    public const int Size65 = 65;

    private readonly Bytes32 _r;
    private readonly Bytes32 _s;

    /// <summary>A signature from its parts.</summary>
    /// <exception cref="ArgumentException">r or s is not 32 bytes in range (s above n/2 included) or the id is not 0 or 1.</exception>
    public EthSignature(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, byte recoveryId)
    {
        if (!Secp256k1Scalars.IsValidSignature(r, s, recoveryId))
        {
            throw new ArgumentException(Describe(r, s, recoveryId));
        }

        r.CopyTo(_r);
        s.CopyTo(_s);
        RecoveryId = recoveryId;
    }

    /// <summary>r, 32 bytes big-endian.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> R => _r;

    /// <summary>s, 32 bytes big-endian, at most n/2.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> S => _s;

    /// <summary>0 or 1: the parity of the y coordinate of the nonce point R.</summary>
    public byte RecoveryId { get; }

    /// <summary>
    /// Reads r || s || v with v of 0/1 or 27/28 (the two conventions of eth_sign and personal_sign results).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 65 bytes, v is another value, r or s is out of range, or s is high.</exception>
    public static EthSignature FromBytes65(ReadOnlySpan<byte> rsv) =>
        TryFromBytes65(rsv, out var signature)
            ? signature
            : throw new ArgumentException(
                rsv.Length != Size65 ? $"A signature is {Size65} bytes (r || s || v); got {rsv.Length}."
                : rsv[64] is not (0 or 1 or 27 or 28) ? $"v must be 0, 1, 27 or 28; got {rsv[64]}."
                : Describe(rsv[..32], rsv[32..64], rsv[64] % 27),
                nameof(rsv));

    /// <summary>Reads r || s || v like <see cref="FromBytes65"/>; false instead of an exception.</summary>
    public static bool TryFromBytes65(ReadOnlySpan<byte> rsv, out EthSignature signature)
    {
        signature = default;
        if (rsv.Length != Size65)
        {
            return false;
        }

        int id = rsv[64] switch
        {
            0 or 1 => rsv[64],
            27 or 28 => rsv[64] - 27,
            _ => -1,
        };
        return TryCreate(rsv[..32], rsv[32..64], id, out signature);
    }

    /// <summary>A signature from its parts; false when r, s or the id is not valid for Ethereum.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int recoveryId, out EthSignature signature)
    {
        if (!Secp256k1Scalars.IsValidSignature(r, s, recoveryId))
        {
            signature = default;
            return false;
        }

        signature = new EthSignature(r, s, (byte)recoveryId);
        return true;
    }

    /// <summary>r || s || (recovery id + <paramref name="vOffset"/>): 27 gives the personal_sign form, 0 the raw id.</summary>
    public byte[] ToBytes65(byte vOffset = 27)
    {
        var output = new byte[Size65];
        WriteBytes65(output, vOffset);
        return output;
    }

    /// <summary>Writes r || s || (recovery id + <paramref name="vOffset"/>) to the first 65 bytes of <paramref name="destination"/>.</summary>
    public void WriteBytes65(Span<byte> destination, byte vOffset = 27)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size65, nameof(destination));
        R.CopyTo(destination);
        S.CopyTo(destination[32..]);
        destination[64] = (byte)(RecoveryId + vOffset);
    }

    /// <summary>Writes r || s (the 64-byte compact form) to <paramref name="destination"/>.</summary>
    internal void WriteCompact(Span<byte> destination)
    {
        R.CopyTo(destination);
        S.CopyTo(destination[32..]);
    }

    /// <inheritdoc />
    public bool Equals(EthSignature other) =>
        RecoveryId == other.RecoveryId && R.SequenceEqual(other.R) && S.SequenceEqual(other.S);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(R);
        hash.AddBytes(S);
        hash.Add(RecoveryId);
        return hash.ToHashCode();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("R = 0x").Append(Convert.ToHexStringLower(R))
            .Append(", S = 0x").Append(Convert.ToHexStringLower(S))
            .Append(", RecoveryId = ").Append(RecoveryId);
        return true;
    }

    private static string Describe(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int recoveryId)
    {
        if (r.Length != 32 || s.Length != 32)
        {
            return $"r and s are 32 bytes each; got {r.Length} and {s.Length}.";
        }

        if (!Secp256k1Scalars.IsInRange(r))
        {
            return "r must be between 1 and n - 1 (the secp256k1 group order).";
        }

        if (!Secp256k1Scalars.IsInRange(s))
        {
            return "s must be between 1 and n - 1 (the secp256k1 group order).";
        }

        return Secp256k1Scalars.IsLowS(s)
            ? $"The recovery id must be 0 or 1 (v 27 or 28); got {recoveryId}."
            : "s is above n/2: Ethereum accepts only low-s signatures (EIP-2).";
    }

    [InlineArray(32)]
    private struct Bytes32
    {
        private byte _element;
    }
}
