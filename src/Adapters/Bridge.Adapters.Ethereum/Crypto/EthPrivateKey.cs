using System.Security.Cryptography;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// A secp256k1 private key (32 bytes, 1 ≤ k &lt; n; SEC 2 v2 §2.4.1) with its public key and address. The key bytes
/// live in one pinned array (the GC never copies them) that <see cref="Dispose"/> zeroes. No member, exception
/// message or <see cref="ToString"/> ever contains the key; only the address is shown.
/// </summary>
public sealed class EthPrivateKey : IDisposable
{
    /// <summary>Bytes in a private key.</summary>
    public const int Size = 32;

    private const string RangeMessage = "The private key is out of range: it must encode a number between 1 and n - 1 (the secp256k1 group order).";

    private readonly byte[] _key;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private EthPrivateKey(ReadOnlySpan<byte> key32)
    {
        _key = GC.AllocateArray<byte>(Size, pinned: true);
        key32.CopyTo(_key);
        _publicKey = new byte[64];
        Secp256k1.GetPublicKey(Secp256k1.Current, _key, _publicKey);
        Address = EthAddress.FromPublicKey(_publicKey);
    }

    /// <summary>The account address of this key.</summary>
    public EthAddress Address { get; }

    /// <summary>The 64-byte uncompressed public key x || y (no 0x04 prefix).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>A key from 32 big-endian bytes (copied).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, or not in [1, n − 1].</exception>
    public static EthPrivateKey FromBytes(ReadOnlySpan<byte> key32)
    {
        if (key32.Length != Size)
        {
            throw new ArgumentException($"A private key is {Size} bytes; got {key32.Length}.", nameof(key32));
        }

        return Secp256k1Scalars.IsInRange(key32)
            ? new EthPrivateKey(key32)
            : throw new ArgumentException(RangeMessage, nameof(key32));
    }

    /// <summary>A key from 64 hex digits, optionally prefixed with "0x"; surrounding whitespace is ignored.</summary>
    /// <exception cref="FormatException">Not 64 hex digits.</exception>
    /// <exception cref="ArgumentException">The value is not in [1, n − 1].</exception>
    public static EthPrivateKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return FromText(hex.AsSpan(), "The text");
    }

    /// <summary>A key from a file holding 64 hex digits (optional "0x", surrounding whitespace and newline ignored).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file does not hold 64 hex digits.</exception>
    /// <exception cref="ArgumentException">The value is not in [1, n − 1].</exception>
    public static EthPrivateKey FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The private key file '{path}' does not exist.", path);
        }

        var info = new FileInfo(path);
        if (info.Length > 1024)
        {
            throw new FormatException($"The private key file '{path}' holds {info.Length} bytes; a key file holds 64 hex digits.");
        }

        var bytes = File.ReadAllBytes(path);
        var chars = GC.AllocateArray<char>(bytes.Length, pinned: true);
        try
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return FromText(chars, $"The private key file '{path}'");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(chars);
        }
    }

    /// <summary>A key from an environment variable holding 64 hex digits (optional "0x").</summary>
    /// <exception cref="InvalidOperationException">The variable is not set or empty.</exception>
    /// <exception cref="FormatException">The value is not 64 hex digits.</exception>
    /// <exception cref="ArgumentException">The value is not in [1, n − 1].</exception>
    public static EthPrivateKey FromEnvironment(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        var value = Environment.GetEnvironmentVariable(variableName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The environment variable {variableName} is not set; it should hold a private key as 64 hex digits.");
        }

        return FromText(value.AsSpan(), $"The environment variable {variableName}");
    }

    /// <summary>A new random key from <see cref="RandomNumberGenerator"/> (rejection sampling until 1 ≤ k &lt; n).</summary>
    public static EthPrivateKey Generate()
    {
        Span<byte> candidate = stackalloc byte[Size];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(candidate);
            }
            while (!Secp256k1Scalars.IsInRange(candidate));

            return new EthPrivateKey(candidate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>Signs a 32-byte hash: RFC 6979 nonce, low s (EIP-2), recovery id 0 or 1.</summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public EthSignature Sign(ReadOnlySpan<byte> hash32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Secp256k1.Sign(hash32, _key);
    }

    /// <summary>"EthPrivateKey(0x…address…)": the address only, never the key.</summary>
    public override string ToString() => $"EthPrivateKey({Address})";

    /// <summary>Zeroes the key bytes; the key cannot sign afterwards (the address stays readable).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }

    internal ReadOnlySpan<byte> KeyBytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    private static EthPrivateKey FromText(ReadOnlySpan<char> text, string source)
    {
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        if (text.Length != 2 * Size)
        {
            throw new FormatException($"{source} does not hold a private key: expected 64 hex digits (optionally after 0x), found {text.Length} characters.");
        }

        Span<byte> key = stackalloc byte[Size];
        try
        {
            if (Convert.FromHexString(text, key, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
            {
                throw new FormatException($"{source} does not hold a private key: it contains characters that are not hex digits.");
            }

            if (!Secp256k1Scalars.IsInRange(key))
            {
                throw new ArgumentException($"{source}: {RangeMessage}");
            }

            return new EthPrivateKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
