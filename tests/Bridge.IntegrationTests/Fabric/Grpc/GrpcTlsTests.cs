using Bridge.Adapters.Fabric.Grpc;
using Bridge.Simulators.Fabric.Grpc;

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

    private static Task<GrpcServerHost> StartAsync(GrpcServer server, TestPki pki) => pki.StartHostAsync(server, requireClientCertificate: true, Ct);
}
