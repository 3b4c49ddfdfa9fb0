using System.Security.Cryptography;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// secp256k1 ECDSA for Ethereum: RFC 6979 deterministic signing with low s (EIP-2) and a recovery id, public-key
/// recovery (SEC 1 v2 §4.1.6) and verification. Runs on Debian's native libsecp256k1 when it loads and passes a
/// self-test at first use, otherwise on BouncyCastle; both give identical results. The environment variable
/// <c>BRIDGE_SECP256K1</c> = <c>native</c> or <c>managed</c> forces one (forcing a native library that is missing
/// throws <see cref="InvalidOperationException"/> at first use).
/// </summary>
public static class Secp256k1
{
    /// <summary>The environment variable that forces a backend: "native", "managed", or unset/"auto".</summary>
    public const string BackendVariable = "BRIDGE_SECP256K1";

    private const string InvalidKeyMessage = "The private key must be 32 bytes encoding a number between 1 and n - 1 (the secp256k1 group order).";

    private static readonly Lazy<(NativeSecp256k1? Backend, string Failure)> NativeBackend = new(LoadNative);
    private static readonly Lazy<ISecp256k1Backend> Selected = new(() => Select(Environment.GetEnvironmentVariable(BackendVariable)));

    /// <summary>The backend in use, e.g. "native (libsecp256k1 0.2, libsecp256k1.so.1)" or "managed (BouncyCastle)".</summary>
    public static string Backend => Selected.Value.Name;

    /// <summary>The backend in use.</summary>
    internal static ISecp256k1Backend Current => Selected.Value;

    /// <summary>The managed backend (always available).</summary>
    internal static ISecp256k1Backend Managed => ManagedSecp256k1.Instance;

    /// <summary>The native backend when libsecp256k1 loaded and passed the self-test; otherwise null.</summary>
    internal static ISecp256k1Backend? Native => NativeBackend.Value.Backend;

    /// <summary>Why the native backend is unavailable (empty when it is available).</summary>
    internal static string NativeFailure => NativeBackend.Value.Failure;

    /// <summary>
    /// Signs a 32-byte hash: RFC 6979 nonce (HMAC-SHA256), s ≤ n/2, recovery id 0 or 1.
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes, or the key is not 32 bytes in [1, n − 1].</exception>
    public static EthSignature Sign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32) =>
        Sign(Current, hash32, privateKey32);

    /// <summary>Recovers the 64-byte public key x || y that made <paramref name="signature"/> over the hash.</summary>
    /// <returns>False when no key does (for example r is no curve point's x, or the signature is <c>default</c>).</returns>
    /// <exception cref="ArgumentException">The hash is not 32 bytes or the destination is shorter than 64.</exception>
    public static bool TryRecoverPublicKey(ReadOnlySpan<byte> hash32, in EthSignature signature, Span<byte> publicKey64) =>
        TryRecoverPublicKey(Current, hash32, signature, publicKey64);

    /// <summary>Recovers the address of the key that made <paramref name="signature"/> over the hash.</summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes.</exception>
    public static bool TryRecoverAddress(ReadOnlySpan<byte> hash32, in EthSignature signature, out EthAddress address)
    {
        Span<byte> publicKey = stackalloc byte[64];
        if (!TryRecoverPublicKey(Current, hash32, signature, publicKey))
        {
            address = default;
            return false;
        }

        address = EthAddress.FromPublicKey(publicKey);
        return true;
    }

    /// <summary>
    /// Verifies r and s of <paramref name="signature"/> over the hash against a 64-byte public key x || y (the recovery
    /// id plays no part). False for a key that is not a curve point.
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes or the key is not 64 bytes.</exception>
    public static bool Verify(ReadOnlySpan<byte> hash32, in EthSignature signature, ReadOnlySpan<byte> publicKey64) =>
        Verify(Current, hash32, signature, publicKey64);

    /// <summary>True when <paramref name="privateKey32"/> is 32 bytes encoding 1 ≤ k &lt; n.</summary>
    public static bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey32) => Secp256k1Scalars.IsInRange(privateKey32);

    /// <summary>The 64-byte public key x || y of a private key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes in [1, n − 1].</exception>
    public static byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32)
    {
        var publicKey = new byte[64];
        GetPublicKey(Current, privateKey32, publicKey);
        return publicKey;
    }

    internal static void GetPublicKey(ISecp256k1Backend backend, ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64)
    {
        RequirePrivateKey(privateKey32);
        if (!backend.TryGetPublicKey(privateKey32, publicKey64))
        {
            throw new ArgumentException(InvalidKeyMessage, nameof(privateKey32));
        }
    }

    internal static EthSignature Sign(ISecp256k1Backend backend, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32)
    {
        Secp256k1Scalars.RequireLength(hash32, 32, nameof(hash32));
        RequirePrivateKey(privateKey32);
        Span<byte> compact = stackalloc byte[64];
        if (!backend.TrySign(hash32, privateKey32, compact, out var recoveryId))
        {
            throw new ArgumentException(InvalidKeyMessage, nameof(privateKey32));
        }

        return new EthSignature(compact[..32], compact[32..], (byte)recoveryId);
    }

    internal static bool TryRecoverPublicKey(ISecp256k1Backend backend, ReadOnlySpan<byte> hash32, in EthSignature signature, Span<byte> publicKey64)
    {
        Secp256k1Scalars.RequireLength(hash32, 32, nameof(hash32));
        ArgumentOutOfRangeException.ThrowIfLessThan(publicKey64.Length, 64, nameof(publicKey64));
        Span<byte> compact = stackalloc byte[64];
        signature.WriteCompact(compact);
        return backend.TryRecover(hash32, compact, signature.RecoveryId, publicKey64[..64]);
    }

    internal static bool Verify(ISecp256k1Backend backend, ReadOnlySpan<byte> hash32, in EthSignature signature, ReadOnlySpan<byte> publicKey64)
    {
        Secp256k1Scalars.RequireLength(hash32, 32, nameof(hash32));
        Secp256k1Scalars.RequireLength(publicKey64, 64, nameof(publicKey64));
        Span<byte> compact = stackalloc byte[64];
        signature.WriteCompact(compact);
        return backend.Verify(hash32, compact, publicKey64);
    }

    /// <summary>Chooses the backend for a value of <see cref="BackendVariable"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is unknown, or "native" while the native backend is unavailable.</exception>
    internal static ISecp256k1Backend Select(string? setting) => Select(setting, Native, NativeFailure);

    /// <summary>Chooses between <paramref name="native"/> (null when unavailable) and the managed backend.</summary>
    internal static ISecp256k1Backend Select(string? setting, ISecp256k1Backend? native, string nativeFailure)
    {
        switch (setting?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return native ?? Managed;
            case "managed":
                return Managed;
            case "native":
                return native ?? throw new InvalidOperationException(
                    $"{BackendVariable}=native, but the native secp256k1 backend is unavailable: {nativeFailure}");
            default:
                throw new InvalidOperationException(
                    $"{BackendVariable} must be \"native\", \"managed\" or \"auto\" (or unset); got \"{setting}\".");
        }
    }

    /// <summary>
    /// The known-answer test run before the native backend is used: key 1 signing SHA-256("Satoshi Nakamoto") gives
    /// the widely published RFC 6979 signature (bitcointalk topic 285142; oleganza/CoreBitcoin BTCKey+Tests.m), the
    /// signature recovers and verifies against the generator point G (SEC 2 v2 §2.4.1), and a high-s twin is refused.
    /// </summary>
    internal static bool SelfTest(ISecp256k1Backend backend)
    {
        ReadOnlySpan<byte> expected =
        [
            0x93, 0x4b, 0x1e, 0xa1, 0x0a, 0x4b, 0x3c, 0x17, 0x57, 0xe2, 0xb0, 0xc0, 0x17, 0xd0, 0xb6, 0x14,
            0x3c, 0xe3, 0xc9, 0xa7, 0xe6, 0xa4, 0xa4, 0x98, 0x60, 0xd7, 0xa6, 0xab, 0x21, 0x0e, 0xe3, 0xd8,
            0x24, 0x42, 0xce, 0x9d, 0x2b, 0x91, 0x60, 0x64, 0x10, 0x80, 0x14, 0x78, 0x3e, 0x92, 0x3e, 0xc3,
            0x6b, 0x49, 0x74, 0x3e, 0x2f, 0xfa, 0x1c, 0x44, 0x96, 0xf0, 0x1a, 0x51, 0x2a, 0xaf, 0xd9, 0xe5,
        ];
        ReadOnlySpan<byte> generator =
        [
            0x79, 0xBE, 0x66, 0x7E, 0xF9, 0xDC, 0xBB, 0xAC, 0x55, 0xA0, 0x62, 0x95, 0xCE, 0x87, 0x0B, 0x07,
            0x02, 0x9B, 0xFC, 0xDB, 0x2D, 0xCE, 0x28, 0xD9, 0x59, 0xF2, 0x81, 0x5B, 0x16, 0xF8, 0x17, 0x98,
            0x48, 0x3A, 0xDA, 0x77, 0x26, 0xA3, 0xC4, 0x65, 0x5D, 0xA4, 0xFB, 0xFC, 0x0E, 0x11, 0x08, 0xA8,
            0xFD, 0x17, 0xB4, 0x48, 0xA6, 0x85, 0x54, 0x19, 0x9C, 0x47, 0xD0, 0x8F, 0xFB, 0x10, 0xD4, 0xB8,
        ];
        Span<byte> key = stackalloc byte[32];
        key.Clear();
        key[31] = 1;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData("Satoshi Nakamoto"u8, hash);
        Span<byte> signature = stackalloc byte[64];
        Span<byte> publicKey = stackalloc byte[64];
        if (!backend.TryGetPublicKey(key, publicKey) || !publicKey.SequenceEqual(generator)
            || !backend.TrySign(hash, key, signature, out var recoveryId) || !signature.SequenceEqual(expected)
            || !backend.TryRecover(hash, signature, recoveryId, publicKey) || !publicKey.SequenceEqual(generator)
            || !backend.Verify(hash, signature, generator))
        {
            return false;
        }

        // s' = n − s is the malleated twin: valid ECDSA, refused by Ethereum (EIP-2).
        Span<byte> twin = stackalloc byte[64];
        signature.CopyTo(twin);
        var high = new System.Numerics.BigInteger(Secp256k1Scalars.Order, isUnsigned: true, isBigEndian: true)
            - new System.Numerics.BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        _ = high.TryWriteBytes(twin[32..], out _, isUnsigned: true, isBigEndian: true);
        return !backend.Verify(hash, twin, generator) && !backend.TryRecover(hash, twin, recoveryId ^ 1, publicKey);
    }

    private static void RequirePrivateKey(ReadOnlySpan<byte> privateKey32)
    {
        if (!Secp256k1Scalars.IsInRange(privateKey32))
        {
            throw new ArgumentException(InvalidKeyMessage, nameof(privateKey32));
        }
    }

    private static (NativeSecp256k1? Backend, string Failure) LoadNative()
    {
        var backend = NativeSecp256k1.TryCreate(out var failure);
        if (backend is null)
        {
            return (null, failure);
        }

        try
        {
            return SelfTest(backend)
                ? (backend, string.Empty)
                : (null, $"{NativeSecp256k1.LibraryName} loaded but failed the known-answer self-test.");
        }
        catch (EntryPointNotFoundException e)
        {
            return (null, $"{NativeSecp256k1.LibraryName} lacks a function (built without the recovery module?): {e.Message}");
        }
    }
}
