using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Simulators.Fabric.Grpc;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Bridge.IntegrationTests.Fabric.Grpc;

/// <summary>
/// gRPC over TLS with ALPN h2 (RFC 7301) and mutual TLS, using a private root CA on both sides as a Fabric
/// organisation's TLS CA would be: the client trusts only the given root (<see cref="GrpcTlsOptions.TrustedRoots"/>)
/// and presents its certificate (<see cref="GrpcTlsOptions.ClientCertificate"/>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GrpcTlsTests
{
    private const string Echo = "/test.Echo/Reverse";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnaryAsync_MutualTlsWithPrivateRoot_NegotiatesHttp2AndServerSeesClientCertificate()
    {
        using var pki = new TestPki();
        string? protocol = null, scheme = null, clientSubject = null;
        var server = new GrpcServer();
        server.MapUnary(Echo, (request, context) =>
        {
            protocol = context.HttpContext.Request.Protocol;
            scheme = context.HttpContext.Request.Scheme;
            clientSubject = context.HttpContext.Connection.ClientCertificate?.Subject;
            return Task.FromResult(request.ToArray());
        });
        await using var host = await StartAsync(server, pki);
        var tls = new GrpcTlsOptions { ClientCertificate = pki.Client };
        tls.TrustedRoots.Add(pki.RootPublic);
        using var handler = GrpcHttpHandler.Create(tls);
        using var client = new GrpcClient(handler, host.BaseAddress);

        var reply = await client.UnaryAsync(Echo, new byte[] { 7, 7 }, null, Ct);

        reply.ShouldBe(new byte[] { 7, 7 });
        host.BaseAddress.Scheme.ShouldBe("https");
        protocol.ShouldBe("HTTP/2");
        scheme.ShouldBe("https");
        clientSubject.ShouldBe("CN=client.carrier.example");
    }

    [Fact]
    public async Task UnaryAsync_ServerRootNotTrusted_Unavailable()
    {
        using var pki = new TestPki();
        using var otherPki = new TestPki();
        var server = new GrpcServer();
        server.MapUnary(Echo, (request, _) => Task.FromResult(request.ToArray()));
        await using var host = await StartAsync(server, pki);
        var tls = new GrpcTlsOptions { ClientCertificate = pki.Client };
        tls.TrustedRoots.Add(otherPki.RootPublic);
        using var handler = GrpcHttpHandler.Create(tls);
        using var client = new GrpcClient(handler, host.BaseAddress);

        var ex = await Should.ThrowAsync<GrpcException>(() => client.UnaryAsync(Echo, new byte[] { 1 }, null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
    }

    private static Task<GrpcServerHost> StartAsync(GrpcServer server, TestPki pki) =>
        GrpcServerHost.StartAsync(server, new GrpcServerHostOptions
        {
            ServerCertificate = pki.Server,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(pki.RootPublic);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
            ConfigureBuilder = builder => builder.Logging.ClearProviders(),
        }, Ct);

    /// <summary>A throw-away P-256 root CA with a server certificate for 127.0.0.1 and a client certificate.</summary>
    private sealed class TestPki : IDisposable
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

            var serverNames = new SubjectAlternativeNameBuilder();
            serverNames.AddIpAddress(IPAddress.Loopback);
            serverNames.AddDnsName("localhost");
            Server = Issue("CN=peer0.carrier.example", "1.3.6.1.5.5.7.3.1", serverNames.Build(), now);
            Client = Issue("CN=client.carrier.example", "1.3.6.1.5.5.7.3.2", null, now);
        }

        public X509Certificate2 RootPublic { get; }

        public X509Certificate2 Server { get; }

        public X509Certificate2 Client { get; }

        public void Dispose()
        {
            _root.Dispose();
            RootPublic.Dispose();
            Server.Dispose();
            Client.Dispose();
        }

        private X509Certificate2 Issue(string subject, string extendedKeyUsage, X509Extension? names, DateTimeOffset now)
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
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }
}
