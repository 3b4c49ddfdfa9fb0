using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Simulators.Fabric.Grpc;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Bridge.IntegrationTests.Fabric.Grpc;

/// <summary>
/// A throw-away P-256 TLS root CA, as a Fabric organisation's TLS CA would be, with a server certificate for 127.0.0.1
/// and localhost and a client certificate (also as PEM files' text), and TLS <see cref="GrpcServerHost"/>s that use them.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly X509Certificate2 _root;

    public TestPki()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=tlsca.carrier.example", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = TimeProvider.System.GetUtcNow();
        _root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        RootPublic = X509CertificateLoader.LoadCertificate(_root.RawData);
        RootPem = RootPublic.ExportCertificatePem();

        var serverNames = new SubjectAlternativeNameBuilder();
        serverNames.AddIpAddress(IPAddress.Loopback);
        serverNames.AddDnsName("localhost");
        (Server, _) = Issue("CN=peer0.carrier.example", "1.3.6.1.5.5.7.3.1", serverNames.Build(), now);
        (Client, ClientKeyPem) = Issue("CN=client.carrier.example", "1.3.6.1.5.5.7.3.2", null, now);
        ClientCertificatePem = Client.ExportCertificatePem();
    }

    public X509Certificate2 RootPublic { get; }

    public string RootPem { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string ClientCertificatePem { get; }

    public string ClientKeyPem { get; }

    public void Dispose()
    {
        _root.Dispose();
        RootPublic.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    /// <summary>Starts a TLS host for <paramref name="server"/>; with <paramref name="requireClientCertificate"/>, only clients with a certificate of this PKI get in.</summary>
    public Task<GrpcServerHost> StartHostAsync(GrpcServer server, bool requireClientCertificate, CancellationToken cancellationToken) =>
        GrpcServerHost.StartAsync(server, new GrpcServerHostOptions
        {
            ServerCertificate = Server,
            ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
            ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(RootPublic);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
            ConfigureBuilder = builder => builder.Logging.ClearProviders(),
        }, cancellationToken);

    private (X509Certificate2 Certificate, string KeyPem) Issue(string subject, string extendedKeyUsage, X509Extension? names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(_root, now.AddMinutes(-1), now.AddHours(12), serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), key.ExportPkcs8PrivateKeyPem());
    }
}
