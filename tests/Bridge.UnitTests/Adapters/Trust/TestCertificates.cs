using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.UnitTests.Adapters.Trust;

/// <summary>Real X.509 certificates made in the test process: CA roots and a leaf issued by one of them.</summary>
internal static class TestCertificates
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<X509Certificate2> CarrierCa = new(() => CreateCa("CN=ca.carrier.example.com, O=Carrier"));
    private static readonly Lazy<X509Certificate2> BankCa = new(() => CreateCa("CN=ca.bank.example.com, O=Bank"));
    private static readonly Lazy<X509Certificate2> BankCa2 = new(() => CreateCa("CN=ca2.bank.example.com, O=Bank"));

    public static string CarrierCaPem => CarrierCa.Value.ExportCertificatePem();

    public static string BankCaPem => BankCa.Value.ExportCertificatePem();

    public static string BankCa2Pem => BankCa2.Value.ExportCertificatePem();

    /// <summary>A peer certificate issued by the carrier CA, with basic constraints CA=false.</summary>
    public static string LeafPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=peer0.carrier.example.com, O=Carrier", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var leaf = request.Create(CarrierCa.Value, NotBefore, NotAfter, [1, 2, 3, 4]);
        return leaf.ExportCertificatePem();
    }

    /// <summary>A self-signed certificate without a basic constraints extension at all.</summary>
    public static string NoBasicConstraintsPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=no-constraints.example.com", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(NotBefore, NotAfter);
        return certificate.ExportCertificatePem();
    }

    public static string PrivateKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }
}
