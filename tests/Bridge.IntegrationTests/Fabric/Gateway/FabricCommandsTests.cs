using System.Text.Json;
using Bridge.Host.Cli;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary><c>bridge fabric invoke|query</c> against the in-process simulator, with the exit codes of <see cref="ExitCodes"/>.</summary>
[Trait("Category", "Integration")]
public sealed class FabricCommandsTests(FabricGatewayFixture fixture) : IClassFixture<FabricGatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Endpoint => $"{fixture.Host.BaseAddress.Host}:{fixture.Host.BaseAddress.Port}";

    [Fact]
    public async Task InvokeThenQuery_AnchorDocument_PrintsResultAndTransaction()
    {
        var id = Guid.NewGuid().ToString();
        var digest = new string('a', 64);

        var invoke = await RunAsync([.. Common("invoke"), "AnchorDocument", id, digest, new string('b', 64), "BILL_OF_LADING"]);

        invoke.Exit.ShouldBe(0, invoke.StdErr);
        JsonDocument.Parse(invoke.StdOut).RootElement.GetProperty("documentId").GetString().ShouldBe(id);
        invoke.StdErr.ShouldMatch("Committed transaction [0-9a-f]{64} in block [0-9]+ \\(Valid\\)");

        var query = await RunAsync([.. Common("query"), "GetAnchor", id]);

        query.Exit.ShouldBe(0, query.StdErr);
        JsonDocument.Parse(query.StdOut).RootElement.GetProperty("contentDigest").GetString().ShouldBe(digest);
    }

    [Fact]
    public async Task Invoke_ChaincodeError_ExitsOneWithTheMessageAndDetails()
    {
        var args = new[] { "AnchorDocument", Guid.NewGuid().ToString(), new string('c', 64), new string('d', 64), "BILL_OF_LADING" };
        (await RunAsync([.. Common("invoke"), .. args])).Exit.ShouldBe(0);

        var again = await RunAsync([.. Common("invoke"), .. args]);

        again.Exit.ShouldBe(1);
        again.StdErr.ShouldContain("Aborted (10)");
        again.StdErr.ShouldContain("already anchored");
        again.StdErr.Trim().ShouldNotContain('\n');
    }

    [Fact]
    public async Task Query_BadMspFolder_ExitsOne()
    {
        var missing = Path.Combine(fixture.Folder, "no-such-msp");

        var result = await RunAsync(["fabric", "query", "--gateway", Endpoint, "--msp-dir", missing, "--msp-id", "CarrierMSP", "--channel", "trade", "--chaincode", "bridge", "GetAnchor", "x"]);

        result.Exit.ShouldBe(1);
        result.StdErr.ShouldContain("cannot use the MSP folder");
    }

    [Fact]
    public async Task Query_GatewayUnreachable_ExitsThree()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await RunAsync(["fabric", "query", "--gateway", $"127.0.0.1:{port}", "--msp-dir", fixture.Network.Organizations[0].ClientMspFolder, "--msp-id", "CarrierMSP", "--channel", "trade", "--chaincode", "bridge", "GetAnchor", "x"]);

        result.Exit.ShouldBe(3);
        result.StdErr.ShouldContain("cannot use the Fabric gateway");
    }

    [Theory]
    [InlineData("127.0.0.1:7051", "http://127.0.0.1:7051/")]
    [InlineData("peer0.example.com:7051", "http://peer0.example.com:7051/")]
    [InlineData("https://peer0.example.com:7051", "https://peer0.example.com:7051/")]
    public void ParseEndpoint_HostPortOrUrl_GivesTheGrpcAddress(string value, string expected)
    {
        FabricCommands.ParseEndpoint(value).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("ftp://x:1")]
    [InlineData("http://x:1/path")]
    public void ParseEndpoint_Invalid_ThrowsUserError(string value)
    {
        Should.Throw<CliException>(() => FabricCommands.ParseEndpoint(value)).ExitCode.ShouldBe(ExitCodes.UserError);
    }

    private string[] Common(string verb) =>
        ["fabric", verb, "--gateway", Endpoint, "--msp-dir", fixture.Network.Organizations[0].ClientMspFolder, "--msp-id", "CarrierMSP", "--channel", "trade", "--chaincode", "bridge"];

    /// <summary>Runs the verb exactly as the <c>bridge</c> program does (one-line errors, exit codes).</summary>
    private static async Task<(int Exit, string StdOut, string StdErr)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BridgeCommandLine.RunAsync(args, stdout, stderr, Ct);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
