using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// secp256k1 through Debian's libsecp256k1 0.2 (package libsecp256k1-1, built with the recovery module) by
/// source-generated P/Invoke. Declarations and behaviour from bitcoin-core/secp256k1 v0.2.0 include/secp256k1.h and
/// include/secp256k1_recovery.h:
/// <list type="bullet">
/// <item>one context, created once, randomized once (secp256k1_context_randomize) and then only read, which the
/// header allows from many threads without locking;</item>
/// <item>signing with a NULL nonce function uses secp256k1_nonce_function_default = RFC 6979 with HMAC-SHA256, and
/// "the created signature is always in lower-S form";</item>
/// <item>secp256k1_ecdsa_recover accepts a high s, so this class rejects one itself (EIP-2);</item>
/// <item>an illegal argument (NULL pointer, recovery id outside 0-3) calls the default illegal callback, which aborts
/// the process: every length and the id are checked before any call.</item>
/// </list>
/// The opaque structures are 64 bytes (secp256k1_pubkey, secp256k1_ecdsa_signature) and 65 bytes
/// (secp256k1_ecdsa_recoverable_signature); they live on the stack, so no call allocates.
/// </summary>
internal sealed unsafe partial class NativeSecp256k1 : ISecp256k1Backend
{
    /// <summary>The shared object's name: soname 1 is the 0.2 series (0.3 moved to libsecp256k1.so.2).</summary>
    internal const string LibraryName = "libsecp256k1.so.1";

    // SECP256K1_FLAGS_TYPE_CONTEXT (1 << 0) | SECP256K1_FLAGS_BIT_CONTEXT_VERIFY (1 << 8) | ..._SIGN (1 << 9): a
    // context for everything. 0.2 treats these deprecated flags like SECP256K1_CONTEXT_NONE; older builds need them.
    private const uint ContextSignAndVerify = (1u << 0) | (1u << 8) | (1u << 9);

    // SECP256K1_EC_UNCOMPRESSED = SECP256K1_FLAGS_TYPE_COMPRESSION (1 << 1): 65 bytes, 0x04 || x || y.
    private const uint EcUncompressed = 1u << 1;

    private const int OpaqueSize = 64;
    private const int RecoverableSize = 65;
    private const int SerializedPublicKeySize = 65;

    private readonly nint _context;

    private NativeSecp256k1(nint context)
    {
        _context = context;
    }

    /// <inheritdoc />
    public string Name => "native (libsecp256k1 0.2, " + LibraryName + ")";

    /// <summary>Loads the library and creates the randomized context; null with a reason when that fails.</summary>
    public static NativeSecp256k1? TryCreate(out string failure)
    {
        nint context;
        try
        {
            context = ContextCreate(ContextSignAndVerify);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            failure = $"{LibraryName} could not be loaded ({e.GetType().Name}: {e.Message}). On Debian/Ubuntu: apt-get install libsecp256k1-1.";
            return null;
        }

        if (context == 0)
        {
            failure = "secp256k1_context_create returned NULL.";
            return null;
        }

        // Randomize once, before the context is shared (blinding against side channels; include/secp256k1.h).
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        int randomized;
        fixed (byte* seedPointer = seed)
        {
            randomized = ContextRandomize(context, seedPointer);
        }

        CryptographicOperations.ZeroMemory(seed);
        if (randomized != 1)
        {
            ContextDestroy(context);
            failure = "secp256k1_context_randomize failed.";
            return null;
        }

        failure = string.Empty;
        return new NativeSecp256k1(context);
    }

    /// <inheritdoc />
    public bool TryGetPublicKey(ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64)
    {
        RequireLength(privateKey32, 32, nameof(privateKey32));
        RequireLength(publicKey64, 64, nameof(publicKey64));
        if (!Secp256k1Scalars.IsInRange(privateKey32))
        {
            return false;
        }

        byte* publicKey = stackalloc byte[OpaqueSize];
        fixed (byte* key = privateKey32)
        {
            if (PublicKeyCreate(_context, publicKey, key) != 1)
            {
                return false;
            }
        }

        return SerializeUncompressed(publicKey, publicKey64);
    }

    /// <inheritdoc />
    public bool TrySign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32, Span<byte> signature64, out int recoveryId)
    {
        RequireLength(hash32, 32, nameof(hash32));
        RequireLength(privateKey32, 32, nameof(privateKey32));
        RequireLength(signature64, 64, nameof(signature64));
        recoveryId = -1;
        if (!Secp256k1Scalars.IsInRange(privateKey32))
        {
            return false;
        }

        byte* signature = stackalloc byte[RecoverableSize];
        int id;
        fixed (byte* hash = hash32)
        fixed (byte* key = privateKey32)
        fixed (byte* output = signature64)
        {
            // noncefp NULL = secp256k1_nonce_function_default (RFC 6979, HMAC-SHA256); ndata NULL = no extra entropy.
            if (SignRecoverable(_context, signature, hash, key, 0, 0) != 1)
            {
                return false;
            }

            _ = RecoverableSignatureSerializeCompact(_context, output, &id, signature);
        }

        if (id > 1)
        {
            throw new CryptographicException("The signature needs recovery id 2 or 3 (R.x ≥ n), which an Ethereum v cannot carry.");
        }

        recoveryId = id;
        return true;
    }

    /// <inheritdoc />
    public bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, int recoveryId, Span<byte> publicKey64)
    {
        RequireLength(hash32, 32, nameof(hash32));
        RequireLength(signature64, 64, nameof(signature64));
        RequireLength(publicKey64, 64, nameof(publicKey64));

        // Ids 2 and 3 would reach the library (and 4+ would abort the process); Ethereum has no use for them. The
        // library recovers from a high s, so reject it here (EIP-2). r ≥ n and s ≥ n fail parsing, r = 0 or s = 0 fail
        // recovery, and an r that is no curve point's x fails recovery: those checks stay the library's.
        if (recoveryId is not (0 or 1) || !Secp256k1Scalars.IsLowS(signature64[32..]))
        {
            return false;
        }

        byte* signature = stackalloc byte[RecoverableSize];
        byte* publicKey = stackalloc byte[OpaqueSize];
        fixed (byte* hash = hash32)
        fixed (byte* input = signature64)
        {
            if (RecoverableSignatureParseCompact(_context, signature, input, recoveryId) != 1
                || Recover(_context, publicKey, signature, hash) != 1)
            {
                return false;
            }
        }

        return SerializeUncompressed(publicKey, publicKey64);
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> publicKey64)
    {
        RequireLength(hash32, 32, nameof(hash32));
        RequireLength(signature64, 64, nameof(signature64));
        RequireLength(publicKey64, 64, nameof(publicKey64));

        // secp256k1_ecdsa_verify rejects a high s too ("only ECDSA signatures in lower-S form are accepted"); the
        // explicit check keeps the rule visible here.
        if (!Secp256k1Scalars.IsLowS(signature64[32..]))
        {
            return false;
        }

        byte* signature = stackalloc byte[OpaqueSize];
        byte* publicKey = stackalloc byte[OpaqueSize];
        byte* encoded = stackalloc byte[SerializedPublicKeySize];
        encoded[0] = 0x04; // SECP256K1_TAG_PUBKEY_UNCOMPRESSED
        publicKey64.CopyTo(new Span<byte>(encoded + 1, 64));
        fixed (byte* hash = hash32)
        fixed (byte* input = signature64)
        {
            return SignatureParseCompact(_context, signature, input) == 1
                && PublicKeyParse(_context, publicKey, encoded, SerializedPublicKeySize) == 1
                && EcdsaVerify(_context, signature, hash, publicKey) == 1;
        }
    }

    private bool SerializeUncompressed(byte* publicKey, Span<byte> publicKey64)
    {
        byte* serialized = stackalloc byte[SerializedPublicKeySize];
        nuint length = SerializedPublicKeySize;
        _ = PublicKeySerialize(_context, serialized, &length, publicKey, EcUncompressed);
        if (length != SerializedPublicKeySize || serialized[0] != 0x04)
        {
            return false;
        }

        new ReadOnlySpan<byte>(serialized + 1, 64).CopyTo(publicKey64);
        return true;
    }

    // A short span would hand the library a NULL or short buffer (a caller bug): checked before every call.
    private static void RequireLength(ReadOnlySpan<byte> span, int length, string name) =>
        Secp256k1Scalars.RequireLength(span, length, name);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_create")]
    private static partial nint ContextCreate(uint flags);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_destroy")]
    private static partial void ContextDestroy(nint context);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_randomize")]
    private static partial int ContextRandomize(nint context, byte* seed32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_create")]
    private static partial int PublicKeyCreate(nint context, byte* publicKey, byte* secretKey32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_parse")]
    private static partial int PublicKeyParse(nint context, byte* publicKey, byte* input, nuint inputLength);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_serialize")]
    private static partial int PublicKeySerialize(nint context, byte* output, nuint* outputLength, byte* publicKey, uint flags);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_signature_parse_compact")]
    private static partial int SignatureParseCompact(nint context, byte* signature, byte* input64);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_verify")]
    private static partial int EcdsaVerify(nint context, byte* signature, byte* messageHash32, byte* publicKey);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_sign_recoverable")]
    private static partial int SignRecoverable(nint context, byte* signature, byte* messageHash32, byte* secretKey32, nint nonceFunction, nint nonceData);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_recoverable_signature_serialize_compact")]
    private static partial int RecoverableSignatureSerializeCompact(nint context, byte* output64, int* recoveryId, byte* signature);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_recoverable_signature_parse_compact")]
    private static partial int RecoverableSignatureParseCompact(nint context, byte* signature, byte* input64, int recoveryId);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_recover")]
    private static partial int Recover(nint context, byte* publicKey, byte* signature, byte* messageHash32);
}
