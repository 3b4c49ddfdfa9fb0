using System.Text;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Abstractions;

/// <summary>
/// How the bridge's contracts and chaincode turn names into 32-byte words (docs/ethereum.md "Names as bytes32"), shared by
/// every adapter and the relay so that a lane, message, title or party means the same word on every network: a
/// <c>0x</c> + 64-hex literal is itself, a UUID (RFC 9562 "D" form) is its 16 bytes right-aligned, anything else is
/// keccak256 of its UTF-8 bytes; a recipient that is an Ethereum address is the address right-aligned (the ABI's
/// <c>address</c> layout).
/// </summary>
public static class Bytes32Words
{
    /// <summary>The word of <paramref name="value"/>; see the class summary.</summary>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public static byte[] Of(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Length == 66 && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && IsHex(value.AsSpan(2)))
        {
            return Convert.FromHexString(value.AsSpan(2));
        }

        if (Guid.TryParseExact(value, "D", out var uuid))
        {
            var word = new byte[32];
            uuid.TryWriteBytes(word.AsSpan(16), bigEndian: true, out _);
            return word;
        }

        return Keccak256.Hash(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The word of a recipient: an Ethereum address (<c>0x</c> + 40 hex) right-aligned, otherwise <see cref="Of"/>.</summary>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public static byte[] OfRecipient(string recipient)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        if (recipient.Length == 42 && recipient.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && IsHex(recipient.AsSpan(2)))
        {
            var word = new byte[32];
            Convert.FromHexString(recipient.AsSpan(2)).CopyTo(word.AsSpan(12));
            return word;
        }

        return Of(recipient);
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
