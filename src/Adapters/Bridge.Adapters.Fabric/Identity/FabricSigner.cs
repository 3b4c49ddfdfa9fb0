using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>
/// A Fabric signing identity: a <see cref="FabricIdentity"/> plus its ECDSA private key. <see cref="Sign"/> produces what
/// the official client produces (fabric-wire.md §2.1): ECDSA over SHA-256 of the exact bytes, DER
/// <c>SEQUENCE { r, s }</c> with s normalised to low S. The private key never appears in <see cref="ToString"/>,
/// exception messages or logs.
/// </summary>
public sealed class FabricSigner : IDisposable
{
    private readonly ECDsa _privateKey;
    private bool _disposed;

    private FabricSigner(FabricIdentity identity, ECDsa privateKey)
    {
        Identity = identity;
        _privateKey = privateKey;
    }

    /// <summary>The public identity (creator / endorser).</summary>
    public FabricIdentity Identity { get; }

    /// <summary>
    /// A signer from a PEM certificate and a PEM private key: PKCS#8 <c>PRIVATE KEY</c> (what cryptogen and fabric-ca
    /// write) or SEC 1 <c>EC PRIVATE KEY</c> (RFC 5915). Encrypted keys are not supported.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The certificate or key cannot be read, the curve is not P-256/P-384, or the key does not belong to the certificate.
    /// </exception>
    public static FabricSigner FromPem(string mspId, string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        var identity = FabricIdentity.FromPem(mspId, certificatePem);
        var key = ECDsa.Create();
        try
        {
            try
            {
                key.ImportFromPem(privateKeyPem);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                // The inner exception is dropped on purpose: never let key text travel in an exception chain.
                throw new ArgumentException($"The private key is not a PEM PKCS#8 or SEC 1 EC key ({ex.GetType().Name}).", nameof(privateKeyPem));
            }

            if (EcdsaSignatures.CurveOf(key) != identity.Curve || !SamePublicKey(key, identity))
            {
                throw new ArgumentException($"The private key does not match the certificate of {identity}.", nameof(privateKeyPem));
            }

            return new FabricSigner(identity, key);
        }
        catch
        {
            key.Dispose();
            identity.Dispose();
            throw;
        }
    }

    /// <summary>The <c>msp.SerializedIdentity</c> bytes of <see cref="Identity"/>.</summary>
    public byte[] SerializedIdentity() => Identity.Serialize();

    /// <summary>Signs SHA-256(<paramref name="data"/>) and returns a low-S DER signature (fabric-wire.md §2.1).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return SignDigest(digest);
    }

    /// <summary>Signs a precomputed 32-byte SHA-256 digest (offline signing) and returns a low-S DER signature.</summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes.</exception>
    public byte[] SignDigest(ReadOnlySpan<byte> sha256Digest)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (sha256Digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 digest is {SHA256.HashSizeInBytes} bytes; got {sha256Digest.Length}.", nameof(sha256Digest));
        }

        // .NET does not normalise S (fabric-wire.md §2.1 ".NET note"): take P1363 r ‖ s, fold s, encode DER ourselves.
        Span<byte> p1363 = stackalloc byte[2 * EcdsaSignatures.ScalarSize(Identity.Curve)];
        var written = _privateKey.SignHash(sha256Digest, p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return EcdsaSignatures.ToLowSDer(p1363[..written], Identity.Curve);
    }

    /// <summary>The identity only; never key material.</summary>
    public override string ToString() => $"FabricSigner {Identity}";

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _privateKey.Dispose();
        Identity.Dispose();
    }

    private static bool SamePublicKey(ECDsa privateKey, FabricIdentity identity)
    {
        using var certificateKey = identity.Certificate.GetECDsaPublicKey();
        if (certificateKey is null)
        {
            return false;
        }

        var mine = privateKey.ExportParameters(includePrivateParameters: false).Q;
        var theirs = certificateKey.ExportParameters(includePrivateParameters: false).Q;
        return mine.X.AsSpan().SequenceEqual(theirs.X) && mine.Y.AsSpan().SequenceEqual(theirs.Y);
    }
}
