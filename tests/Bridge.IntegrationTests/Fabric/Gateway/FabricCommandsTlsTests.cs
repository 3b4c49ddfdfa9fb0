using System.Text.Json;
using Bridge.Host.Cli;
using Bridge.IntegrationTests.Fabric.Grpc;
using Bridge.Simulators.Fabric.Grpc;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// <c>bridge fabric invoke|query</c> against the simulator behind a TLS <see cref="GrpcServerHost"/> whose certificate
/// comes from a private TLS CA: trusted through the MSP folder's <c>tlscacerts/</c> by default or <c>--tls-ca</c>, with
/// a client certificate (<c>--tls-cert</c>, <c>--tls-key</c>) when the server requires mutual TLS.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FabricCommandsTlsTests(FabricGatewayFixture fixture) : IClassFixture<FabricGatewayFixture>, IDisposable
{
    private readonly TestPki _pki = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-fabric-cli-tls-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CarrierMsp => fixture.Network.Organizations[0].ClientMspFolder;

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task InvokeThenQuery_HttpsGatewayWhoseTlsCaIsInTheMspFolder_Succeed()
    {
        await using var host = await StartAsync(requireClientCertificate: false);
        var msp = MspWithTlsCa(_pki.RootPem);
        var id = Guid.NewGuid().ToString();

        var invoke = await RunAsync([.. Call("invoke", host, msp), "AnchorDocument", id, new string('a', 64), new string('b', 64), "BILL_OF_LADING"]);
        var query = await RunAsync([.. Call("query", host, msp), "GetAnchor", id]);

        invoke.Exit.ShouldBe(0, invoke.StdErr);
        invoke.StdErr.ShouldMatch("Committed transaction [0-9a-f]{64} in block [0-9]+ \\(Valid\\)");
        query.Exit.ShouldBe(0, query.StdErr);
        JsonDocument.Parse(query.StdOut).RootElement.GetProperty("documentId").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task Query_HttpsGatewayWhoseTlsCaIsNotTrusted_ExitsThreeSayingTheHandshakeFailed()
    {
        await using var host = await StartAsync(requireClientCertificate: false);

        // The simulator's folder lists the organisation's CA in tlscacerts, not this private TLS CA.
        var result = await RunAsync([.. Call("query", host, CarrierMsp), "GetAnchor", "x"]);

        result.Exit.ShouldBe(ExitCodes.Unavailable);
        result.StdErr.ShouldContain("TLS handshake failed");
        result.StdErr.ShouldContain("tlscacerts");
        result.StdErr.Trim().ShouldNotContain('\n');
    }

    [Fact]
    public async Task Query_ExplicitTlsCa_IsTrustedInsteadOfTheMspFolders()
    {
        await using var host = await StartAsync(requireClientCertificate: false);
        var caFile = Write("tls-ca.pem", _pki.RootPem);
        using var stranger = new TestPki();
        var strangerFile = Write("stranger-ca.pem", stranger.RootPem);
        var rightFolder = MspWithTlsCa(_pki.RootPem);

        var trustedByOption = await RunAsync([.. Call("query", host, CarrierMsp), "--tls-ca", caFile, "GetAnchor", "x"]);
        var distrustedByOption = await RunAsync([.. Call("query", host, rightFolder), "--tls-ca", strangerFile, "GetAnchor", "x"]);

        trustedByOption.Exit.ShouldBe(ExitCodes.UserError, trustedByOption.StdErr);
        trustedByOption.StdErr.ShouldContain("has no anchor", customMessage: "the call reached the chaincode");
        distrustedByOption.Exit.ShouldBe(ExitCodes.Unavailable);
        distrustedByOption.StdErr.ShouldContain($"--tls-ca {strangerFile}");
    }

    [Fact]
    public async Task InvokeThenQuery_GatewayRequiringAClientCertificate_SucceedWithTlsCertAndKeyAndFailWithout()
    {
        await using var host = await StartAsync(requireClientCertificate: true);
        var msp = MspWithTlsCa(_pki.RootPem);
        string[] mutual = ["--tls-cert", Write("client.pem", _pki.ClientCertificatePem), "--tls-key", Write("client.key", _pki.ClientKeyPem)];
        var id = Guid.NewGuid().ToString();

        var invoke = await RunAsync([.. Call("invoke", host, msp), .. mutual, "AnchorDocument", id, new string('c', 64), new string('d', 64), "BILL_OF_LADING"]);
        var query = await RunAsync([.. Call("query", host, msp), .. mutual, "GetAnchor", id]);
        var anonymous = await RunAsync([.. Call("query", host, msp), "GetAnchor", id]);

        invoke.Exit.ShouldBe(0, invoke.StdErr);
        query.Exit.ShouldBe(0, query.StdErr);
        JsonDocument.Parse(query.StdOut).RootElement.GetProperty("documentId").GetString().ShouldBe(id);
        anonymous.Exit.ShouldBe(ExitCodes.Unavailable, anonymous.StdErr);
    }

    [Theory]
    [InlineData("https", "--tls-cert")]
    [InlineData("https", "--tls-key")]
    [InlineData("http", "--tls-ca")]
    public async Task Query_TlsOptionMisused_ExitsOne(string scheme, string option)
    {
        var file = Write("some.pem", _pki.RootPem);

        var result = await RunAsync(["fabric", "query", "--gateway", $"{scheme}://127.0.0.1:1", "--msp-dir", CarrierMsp, "--msp-id", "CarrierMSP", "--channel", "trade", "--chaincode", "bridge", option, file, "GetAnchor", "x"]);

        result.Exit.ShouldBe(ExitCodes.UserError);
        result.StdErr.ShouldContain(option == "--tls-ca" ? "need an https:// gateway URL" : "--tls-cert and --tls-key go together");
    }

    private async Task<GrpcServerHost> StartAsync(bool requireClientCertificate)
    {
        var server = new GrpcServer();
        fixture.Network.Map(server);
        return await _pki.StartHostAsync(server, requireClientCertificate, Ct);
    }

    /// <summary>A copy of the carrier user's MSP folder whose <c>tlscacerts/</c> holds <paramref name="tlsCaPem"/> only (cryptogen's separate TLS CA).</summary>
    private string MspWithTlsCa(string tlsCaPem)
    {
        var copy = Path.Combine(_folder, $"msp-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(CarrierMsp, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(CarrierMsp, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.Delete(Path.Combine(copy, "tlscacerts"), recursive: true);
        Directory.CreateDirectory(Path.Combine(copy, "tlscacerts"));
        File.WriteAllText(Path.Combine(copy, "tlscacerts", "tlsca.carrier.example-cert.pem"), tlsCaPem);
        return copy;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        return path;
    }

    private static string[] Call(string verb, GrpcServerHost host, string msp) =>
        ["fabric", verb, "--gateway", host.BaseAddress.ToString(), "--msp-dir", msp, "--msp-id", "CarrierMSP", "--channel", "trade", "--chaincode", "bridge", "--timeout", "10"];

    /// <summary>Runs the verb exactly as the <c>bridge</c> program does (one-line errors, exit codes).</summary>
    private static async Task<(int Exit, string StdOut, string StdErr)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BridgeCommandLine.RunAsync(args, stdout, stderr, Ct);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
