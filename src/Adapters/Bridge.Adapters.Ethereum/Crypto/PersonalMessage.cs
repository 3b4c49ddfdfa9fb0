using System.Buffers;
using System.Globalization;
using System.Text;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// EIP-191 version 0x45 ("E") signed data, the personal_sign / eth_sign format:
/// keccak256("\x19Ethereum Signed Message:\n" + decimal byte length of the message + message).
/// </summary>
public static class PersonalMessage
{
    private static ReadOnlySpan<byte> Prefix => "\u0019Ethereum Signed Message:\n"u8;

    /// <summary>The 32-byte EIP-191 hash of <paramref name="message"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var hash = new byte[Keccak256.HashSizeInBytes];
        Hash(message, hash);
        return hash;
    }

    /// <summary>The EIP-191 hash of the UTF-8 bytes of <paramref name="message"/>.</summary>
    public static byte[] Hash(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Hash(Encoding.UTF8.GetBytes(message));
    }

    /// <summary>Writes the EIP-191 hash of <paramref name="message"/> to the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> length = stackalloc byte[10];
        _ = message.Length.TryFormat(length, out var digits, default, CultureInfo.InvariantCulture);
        var total = Prefix.Length + digits + message.Length;
        byte[]? rented = null;
        var buffer = total <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(total));
        try
        {
            Prefix.CopyTo(buffer);
            length[..digits].CopyTo(buffer[Prefix.Length..]);
            message.CopyTo(buffer[(Prefix.Length + digits)..]);
            Keccak256.Hash(buffer[..total], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Signs the EIP-191 hash of <paramref name="message"/>.</summary>
    public static EthSignature Sign(EthPrivateKey key, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Hash(message, hash);
        return key.Sign(hash);
    }

    /// <summary>Recovers the address that signed the EIP-191 hash of <paramref name="message"/>; false when none can.</summary>
    public static bool TryRecoverSigner(ReadOnlySpan<byte> message, in EthSignature signature, out EthAddress signer)
    {
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Hash(message, hash);
        return Secp256k1.TryRecoverAddress(hash, signature, out signer);
    }
}
