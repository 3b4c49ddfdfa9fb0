namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// One implementation of the secp256k1 operations Ethereum needs. Both implementations give identical results for
/// every input (RFC 6979 makes signing deterministic) and each checks its inputs itself, so that a test can hold
/// them to the same answers on invalid input too. Lengths are the caller's job (the facade <see cref="Secp256k1"/>
/// checks them); values are checked here: anything outside the rules returns false, never throws.
/// </summary>
internal interface ISecp256k1Backend
{
    /// <summary>A readable name, e.g. "native (libsecp256k1 0.2, libsecp256k1.so.1)".</summary>
    string Name { get; }

    /// <summary>Computes the 64-byte public key x || y of a private key; false when the key is not in [1, n − 1].</summary>
    bool TryGetPublicKey(ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64);

    /// <summary>
    /// Signs a 32-byte hash with an RFC 6979 (HMAC-SHA256) nonce and low s; writes r || s and returns the recovery id
    /// (0 or 1). False when the key is not in [1, n − 1].
    /// </summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// The signature would need recovery id 2 or 3 (R.x ≥ n, probability about 2^-128), which Ethereum cannot carry.
    /// </exception>
    bool TrySign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32, Span<byte> signature64, out int recoveryId);

    /// <summary>
    /// Recovers the public key from r || s and a recovery id (SEC 1 v2 §4.1.6). False unless 1 ≤ r &lt; n,
    /// 1 ≤ s ≤ n/2, the id is 0 or 1, a curve point has x = r, and the result is not the point at infinity.
    /// </summary>
    bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, int recoveryId, Span<byte> publicKey64);

    /// <summary>
    /// Verifies r || s over a hash against a 64-byte public key x || y (SEC 1 v2 §4.1.4). False for a high s, r or s
    /// out of range, or a key that is not a curve point.
    /// </summary>
    bool Verify(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> publicKey64);
}
