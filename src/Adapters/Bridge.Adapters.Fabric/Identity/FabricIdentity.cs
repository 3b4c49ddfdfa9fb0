using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Adapters.Fabric.Protos.Msp;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>
/// The public part of a Fabric X.509 MSP identity: an MSP id and an ECDSA P-256/P-384 certificate. It serializes to
/// <c>msp.SerializedIdentity{mspid, id_bytes = PEM}</c> (fabric-wire.md §1.2, §2.1 "Creator") and verifies Fabric
/// signatures: ECDSA over SHA-256 of the exact bytes (the default for both curves, fabric-wire.md §2.1), DER encoded,
/// low S required (a high-S signature is rejected as a real peer does, fabric-wire.md §2.1 and §2.3).
/// Immutable and safe to share between threads.
/// </summary>
public sealed class FabricIdentity : IEquatable<FabricIdentity>, IDisposable
{
    private readonly ECDsa _publicKey;
    private readonly byte[] _serialized;
    private IReadOnlyList<string>? _organizationalUnits;

    private FabricIdentity(string mspId, string certificatePem, X509Certificate2 certificate, ECDsa publicKey, FabricCurve curve)
    {
        MspId = mspId;
        CertificatePem = certificatePem;
        Certificate = certificate;
        _publicKey = publicKey;
        Curve = curve;
        _serialized = new SerializedIdentity { Mspid = mspId, IdBytes = ByteString.CopyFromUtf8(certificatePem) }.ToByteArray();
    }

    /// <summary>The MSP id (for example <c>Org1MSP</c>).</summary>
    public string MspId { get; }

    /// <summary>The certificate exactly as carried in <c>id_bytes</c> (PEM text).</summary>
    public string CertificatePem { get; }

    /// <summary>The parsed certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The curve of the certificate's public key.</summary>
    public FabricCurve Curve { get; }

    /// <summary>
    /// The certificate subject's organizational units (id-at-organizationalUnitName, RFC 4519 §2.20), in order: where
    /// Fabric's NodeOUs classify an identity as client, peer, admin or orderer (msp/identities.go GetOrganizationalUnits).
    /// </summary>
    public IReadOnlyList<string> OrganizationalUnits => _organizationalUnits ??= [.. Certificate.SubjectName.EnumerateRelativeDistinguishedNames()
        .Where(n => !n.HasMultipleElements && n.GetSingleElementType().Value == "2.5.4.11")
        .Select(n => n.GetSingleElementValue() ?? string.Empty)];

    /// <summary>
    /// An identity from an MSP id and a PEM certificate (the first CERTIFICATE block is used; the text is kept as given
    /// so that <see cref="Serialize"/> reproduces it byte for byte).
    /// </summary>
    /// <exception cref="ArgumentException">Empty MSP id, no certificate in the text, or a key that is not ECDSA P-256/P-384.</exception>
    public static FabricIdentity FromPem(string mspId, string certificatePem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mspId);
        ArgumentNullException.ThrowIfNull(certificatePem);
        var result = Create(mspId, certificatePem);
        return result.Identity ?? throw new ArgumentException(result.Message, nameof(certificatePem));
    }

    /// <summary>
    /// Parses serialized <c>msp.SerializedIdentity</c> bytes (for example a proposal creator or an endorser).
    /// Expected failures are values, never exceptions.
    /// </summary>
    public static IdentityParseResult Deserialize(ReadOnlySpan<byte> serializedIdentity)
    {
        SerializedIdentity message;
        try
        {
            message = SerializedIdentity.Parser.ParseFrom(serializedIdentity);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return IdentityParseResult.Fail(IdentityParseError.NotSerializedIdentity, $"Not an msp.SerializedIdentity: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(message.Mspid))
        {
            return IdentityParseResult.Fail(IdentityParseError.MissingMspId, "The serialized identity has no MSP id.");
        }

        if (message.IdBytes.IsEmpty)
        {
            return IdentityParseResult.Fail(IdentityParseError.MissingCertificate, "The serialized identity has no id_bytes.");
        }

        string pem;
        try
        {
            pem = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(message.IdBytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return IdentityParseResult.Fail(IdentityParseError.InvalidCertificate, "id_bytes is not PEM text.");
        }

        return Create(message.Mspid, pem);
    }

    /// <summary>The <c>msp.SerializedIdentity</c> bytes: the creator/endorser field value of Fabric messages.</summary>
    public byte[] Serialize() => (byte[])_serialized.Clone();

    /// <summary>The serialized identity without a copy (do not mutate).</summary>
    internal ReadOnlySpan<byte> SerializedSpan => _serialized;

    /// <summary>True when <paramref name="derSignature"/> is a valid, low-S signature over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature) =>
        VerifySignature(data, derSignature) == SignatureVerdict.Valid;

    /// <summary>Checks a signature and says why it fails (fabric-wire.md §2.1: SHA-256, DER, low S).</summary>
    public SignatureVerdict VerifySignature(ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature)
    {
        Span<byte> p1363 = stackalloc byte[2 * EcdsaSignatures.ScalarSize(Curve)];
        if (!EcdsaSignatures.TryDecodeDer(derSignature, Curve, p1363, out var lowS))
        {
            return SignatureVerdict.Malformed;
        }

        if (!lowS)
        {
            return SignatureVerdict.HighS;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);

        // ECDsa.VerifyHash only reads the public key; the OpenSSL and CNG backends keep no per-call state on the
        // instance, so one key serves concurrent callers.
        return _publicKey.VerifyHash(digest, p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? SignatureVerdict.Valid
            : SignatureVerdict.Invalid;
    }

    /// <summary>
    /// A stable id for de-duplicating endorsers: MSP id + hex SHA-256 of the DER certificate, as Fabric does
    /// (fabric-wire.md §2.3, <c>msp/identities.go newIdentity</c>).
    /// </summary>
    public string UniqueId => $"{MspId}:{Convert.ToHexStringLower(SHA256.HashData(Certificate.RawDataMemory.Span))}";

    /// <inheritdoc />
    public bool Equals(FabricIdentity? other) =>
        other is not null && MspId == other.MspId && Certificate.RawDataMemory.Span.SequenceEqual(other.Certificate.RawDataMemory.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FabricIdentity);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MspId, Certificate.Thumbprint);

    /// <summary>The MSP id and the certificate subject; never key material.</summary>
    public override string ToString() => $"{MspId} {Certificate.Subject}";

    /// <summary>Releases the parsed certificate and public key.</summary>
    public void Dispose()
    {
        _publicKey.Dispose();
        Certificate.Dispose();
    }

    internal static IdentityParseResult Create(string mspId, string certificatePem)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException ex)
        {
            return IdentityParseResult.Fail(IdentityParseError.InvalidCertificate, $"id_bytes does not hold a PEM X.509 certificate: {ex.Message}");
        }

        var publicKey = certificate.GetECDsaPublicKey();
        var curve = publicKey is null ? null : EcdsaSignatures.CurveOf(publicKey);
        if (publicKey is null || curve is null)
        {
            publicKey?.Dispose();
            certificate.Dispose();
            return IdentityParseResult.Fail(
                IdentityParseError.UnsupportedKey,
                "The certificate's key is not ECDSA P-256 or P-384 (fabric-wire.md §2.1; Ed25519 is not supported here).");
        }

        return IdentityParseResult.Ok(new FabricIdentity(mspId, certificatePem, certificate, publicKey, curve.Value));
    }
}
