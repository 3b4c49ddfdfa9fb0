using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>
/// A certificate authority for generated MSP material (tests and the simulator): an ECDSA key and a CA certificate
/// with basicConstraints CA:true and keyUsage keyCertSign|cRLSign|digitalSignature (RFC 5280 §4.2.1.9, §4.2.1.3), like
/// the CAs cryptogen makes. It issues intermediate CAs and leaf identities. Serial numbers are derived from the
/// subject, so file contents differ between runs only by keys and signatures.
/// </summary>
internal sealed class MspCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    private MspCertificateAuthority(X509Certificate2 certificate, ECDsa key, MspCertificateAuthority? parent)
    {
        Certificate = certificate;
        _key = key;
        Parent = parent;
        CertificatePem = certificate.ExportCertificatePem();
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>The issuing CA, or null for a root.</summary>
    public MspCertificateAuthority? Parent { get; }

    /// <summary>The root of this CA's chain.</summary>
    public MspCertificateAuthority Root => Parent?.Root ?? this;

    /// <summary>The CA's common name.</summary>
    public string CommonName => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>A self-signed root CA on P-256 (or the given curve).</summary>
    public static MspCertificateAuthority CreateRoot(string commonName, string organization, DateTimeOffset notBefore, TimeSpan validity, FabricCurve curve = FabricCurve.P256)
    {
        var key = CreateKey(curve);
        var request = CaRequest(Name(commonName, organization, null), key);
        var certificate = request.CreateSelfSigned(notBefore, notBefore + validity);
        using (certificate)
        {
            return new MspCertificateAuthority(X509CertificateLoader.LoadCertificate(certificate.RawDataMemory.Span), key, null);
        }
    }

    /// <summary>An intermediate CA signed by this CA.</summary>
    public MspCertificateAuthority CreateIntermediate(string commonName, DateTimeOffset notBefore, TimeSpan validity, FabricCurve curve = FabricCurve.P256)
    {
        var key = CreateKey(curve);
        var request = CaRequest(Name(commonName, Organization, null), key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notBefore + validity, Serial(commonName));
        return new MspCertificateAuthority(certificate, key, this);
    }

    /// <summary>
    /// A leaf identity (peer, client, admin, orderer: the OU, as cryptogen's NodeOUs) with keyUsage digitalSignature and
    /// basicConstraints CA:false, signed by this CA.
    /// </summary>
    public MspMember Issue(string commonName, string organizationalUnit, DateTimeOffset notBefore, TimeSpan validity, FabricCurve curve = FabricCurve.P256)
    {
        using var key = CreateKey(curve);
        var request = new CertificateRequest(Name(commonName, Organization, organizationalUnit), key, HashFor(curve));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notBefore + validity, Serial(commonName));
        return new MspMember(commonName, organizationalUnit, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), this);
    }

    /// <summary>
    /// A TLS server certificate signed by this CA: basicConstraints CA:false, keyUsage digitalSignature (ECDHE-ECDSA
    /// signs the handshake; RFC 5280 §4.2.1.3), extendedKeyUsage serverAuth and clientAuth (as cryptogen's TLS
    /// certificates, RFC 5280 §4.2.1.12), and subject alternative names for <paramref name="dnsNames"/> and
    /// <paramref name="addresses"/> (RFC 5280 §4.2.1.6; clients match the host they dial against these, not the CN).
    /// </summary>
    public MspMember IssueTlsServer(string commonName, IEnumerable<string> dnsNames, IEnumerable<System.Net.IPAddress> addresses, DateTimeOffset notBefore, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(addresses);
        using var key = CreateKey(FabricCurve.P256);
        var request = new CertificateRequest(Name(commonName, Organization, null), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
        {
            names.AddDnsName(dnsName);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notBefore + validity, Serial(commonName));
        return new MspMember(commonName, string.Empty, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), this);
    }

    /// <summary>Releases the CA key.</summary>
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"CA {Certificate.Subject}";

    private string Organization => Certificate.SubjectName.EnumerateRelativeDistinguishedNames()
        .Where(n => n.GetSingleElementType().Value == "2.5.4.10")
        .Select(n => n.GetSingleElementValue() ?? string.Empty)
        .FirstOrDefault() ?? CommonName;

    private static CertificateRequest CaRequest(X500DistinguishedName name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashFor(EcdsaSignatures.CurveOf(key) ?? FabricCurve.P256));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X500DistinguishedName Name(string commonName, string organization, string? organizationalUnit)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("US");
        builder.AddOrganizationName(organization);
        if (organizationalUnit is not null)
        {
            builder.AddOrganizationalUnitName(organizationalUnit);
        }

        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private static ECDsa CreateKey(FabricCurve curve) =>
        ECDsa.Create(curve == FabricCurve.P384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);

    private static HashAlgorithmName HashFor(FabricCurve curve) => curve == FabricCurve.P384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    private static byte[] Serial(string commonName)
    {
        // A positive 16-byte serial from the subject name (RFC 5280 §4.1.2.2: positive, at most 20 octets).
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(commonName));
        var serial = hash[..16];
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        return serial;
    }
}

/// <summary>A generated leaf identity: certificate and PKCS#8 key as PEM, and the CA that issued it.</summary>
internal sealed class MspMember
{
    internal MspMember(string commonName, string organizationalUnit, string certificatePem, string privateKeyPem, MspCertificateAuthority issuer)
    {
        CommonName = commonName;
        OrganizationalUnit = organizationalUnit;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
        Issuer = issuer;
    }

    /// <summary>The subject common name (for example <c>peer0.carrier.example.com</c>).</summary>
    public string CommonName { get; }

    /// <summary>The NodeOU: peer, client, admin or orderer (empty for a TLS server certificate).</summary>
    public string OrganizationalUnit { get; }

    /// <summary>The certificate (PEM).</summary>
    public string CertificatePem { get; }

    /// <summary>The private key as PKCS#8 <c>PRIVATE KEY</c> PEM.</summary>
    public string PrivateKeyPem { get; }

    /// <summary>The issuing CA.</summary>
    public MspCertificateAuthority Issuer { get; }

    /// <summary>A signer for this member under <paramref name="mspId"/>.</summary>
    public FabricSigner CreateSigner(string mspId) => FabricSigner.FromPem(mspId, CertificatePem, PrivateKeyPem);

    /// <summary>The common name only; never the key.</summary>
    public override string ToString() => $"{CommonName} ({OrganizationalUnit})";
}

/// <summary>A generated organisation: a root CA and a peer, a client (User1) and an admin identity.</summary>
internal sealed class MspOrganization : IDisposable
{
    internal MspOrganization(string mspId, string domain, MspCertificateAuthority ca, MspMember peer, MspMember client, MspMember admin)
    {
        MspId = mspId;
        Domain = domain;
        Ca = ca;
        Peer = peer;
        Client = client;
        Admin = admin;
    }

    /// <summary>The MSP id (for example <c>CarrierMSP</c>).</summary>
    public string MspId { get; }

    /// <summary>The organisation domain (for example <c>carrier.example.com</c>).</summary>
    public string Domain { get; }

    /// <summary>The root CA <c>ca.&lt;domain&gt;</c>.</summary>
    public MspCertificateAuthority Ca { get; }

    /// <summary><c>peer0.&lt;domain&gt;</c>, OU peer.</summary>
    public MspMember Peer { get; }

    /// <summary><c>User1@&lt;domain&gt;</c>, OU client.</summary>
    public MspMember Client { get; }

    /// <summary><c>Admin@&lt;domain&gt;</c>, OU admin.</summary>
    public MspMember Admin { get; }

    /// <summary>The organisation's trust anchors (its root CA).</summary>
    public MspTrust CreateTrust() => MspTrust.Create(MspId, [Ca.Certificate]);

    /// <summary>Releases the CA key.</summary>
    public void Dispose() => Ca.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{MspId} ({Domain})";
}

/// <summary>
/// Generates Fabric MSP material for tests and the simulator and writes it in the folder layout cryptogen produces
/// (see <see cref="MspFolder"/>). File names are deterministic: <c>signcerts/&lt;cn&gt;-cert.pem</c>,
/// <c>keystore/priv_sk</c>, <c>cacerts/&lt;ca cn&gt;-cert.pem</c>, <c>intermediatecerts/&lt;cn&gt;-cert.pem</c>,
/// <c>tlscacerts/&lt;ca cn&gt;-cert.pem</c> (the same root CA serves as TLS CA here, unlike cryptogen's separate
/// tlsca), and a NodeOUs <c>config.yaml</c>.
/// </summary>
internal static class MspMaterial
{
    /// <summary>An organisation with a P-256 root CA <c>ca.&lt;domain&gt;</c> and its peer, client and admin.</summary>
    public static MspOrganization CreateOrganization(string mspId, string domain, DateTimeOffset notBefore, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mspId);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var ca = MspCertificateAuthority.CreateRoot($"ca.{domain}", domain, notBefore, validity);
        return new MspOrganization(
            mspId,
            domain,
            ca,
            ca.Issue($"peer0.{domain}", "peer", notBefore, validity),
            ca.Issue($"User1@{domain}", "client", notBefore, validity),
            ca.Issue($"Admin@{domain}", "admin", notBefore, validity));
    }

    /// <summary>Writes <paramref name="member"/>'s MSP folder at <paramref name="path"/> (created if needed).</summary>
    public static void WriteMspFolder(string path, MspMember member)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(member);
        var root = member.Issuer.Root;
        WriteFile(Path.Combine(path, "signcerts", $"{member.CommonName}-cert.pem"), member.CertificatePem);
        WriteFile(Path.Combine(path, "keystore", "priv_sk"), member.PrivateKeyPem, secret: true);
        WriteFile(Path.Combine(path, "cacerts", $"{root.CommonName}-cert.pem"), root.CertificatePem);
        WriteFile(Path.Combine(path, "tlscacerts", $"{root.CommonName}-cert.pem"), root.CertificatePem);
        for (var ca = member.Issuer; ca.Parent is not null; ca = ca.Parent)
        {
            WriteFile(Path.Combine(path, "intermediatecerts", $"{ca.CommonName}-cert.pem"), ca.CertificatePem);
        }

        WriteFile(Path.Combine(path, "config.yaml"), NodeOusConfig($"cacerts/{root.CommonName}-cert.pem"));
    }

    /// <summary>
    /// Writes an organisation as cryptogen lays it out under <paramref name="basePath"/>:
    /// <c>&lt;domain&gt;/msp</c> (verifying only), <c>&lt;domain&gt;/peers/peer0.&lt;domain&gt;/msp</c> and
    /// <c>&lt;domain&gt;/users/{User1,Admin}@&lt;domain&gt;/msp</c>. Returns the organisation folder.
    /// </summary>
    public static string WriteOrganization(string basePath, MspOrganization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var orgPath = Path.Combine(basePath, organization.Domain);
        var caFile = $"{organization.Ca.CommonName}-cert.pem";
        WriteFile(Path.Combine(orgPath, "msp", "cacerts", caFile), organization.Ca.CertificatePem);
        WriteFile(Path.Combine(orgPath, "msp", "tlscacerts", caFile), organization.Ca.CertificatePem);
        WriteFile(Path.Combine(orgPath, "msp", "config.yaml"), NodeOusConfig($"cacerts/{caFile}"));
        WriteMspFolder(Path.Combine(orgPath, "peers", organization.Peer.CommonName, "msp"), organization.Peer);
        WriteMspFolder(Path.Combine(orgPath, "users", organization.Client.CommonName, "msp"), organization.Client);
        WriteMspFolder(Path.Combine(orgPath, "users", organization.Admin.CommonName, "msp"), organization.Admin);
        return orgPath;
    }

    private static string NodeOusConfig(string caFile)
    {
        var builder = new StringBuilder();
        builder.Append("NodeOUs:\n  Enable: true\n");
        foreach (var (key, ou) in new[] { ("ClientOUIdentifier", "client"), ("PeerOUIdentifier", "peer"), ("AdminOUIdentifier", "admin"), ("OrdererOUIdentifier", "orderer") })
        {
            builder.Append($"  {key}:\n    Certificate: {caFile}\n    OrganizationalUnitIdentifier: {ou}\n");
        }

        return builder.ToString();
    }

    /// <summary>Writes a PEM file (LF line ends), creating its folder; a <paramref name="secret"/> is readable by its owner only (0600).</summary>
    internal static void WriteFile(string path, string content, bool secret = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
