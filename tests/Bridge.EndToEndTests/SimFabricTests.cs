using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary>
/// <c>bridge sim fabric</c> as an integrator runs it, driven by the official Node client; stopped with SIGTERM and
/// started again on the same data folder, it still has every block. With <c>--tls</c> and <c>--mutual-tls</c>,
/// <c>bridge fabric invoke|query</c> and the Node client connect trusting only the printed MSP folder's tlscacerts.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class SimFabricTests
{
    [GeneratedRegex(@"ready on (?<gateway>(?:https://)?(?<endpoint>127\.0\.0\.1:\d+))")]
    private static partial Regex Ready();

    [GeneratedRegex(@"CarrierMSP\s+client MSP folder (?<folder>\S+)")]
    private static partial Regex CarrierFolder();

    [Fact]
    public async Task SimFabric_OfficialClientScenariosPassAndARestartKeepsTheLedger()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-fabric-{Guid.NewGuid():N}")).FullName;
        try
        {
            var first = await RunScenariosAsync(dir, ct);
            first.GetProperty("scenarios")[2].GetProperty("blockNumber").GetString().ShouldBe("1");

            var second = await RunScenariosAsync(dir, ct);
            second.GetProperty("scenarios")[2].GetProperty("blockNumber").GetString().ShouldBe("3", "the restarted simulator kept blocks 0 and 1");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"in block (?<block>\d+) \(Valid\)")]
    private static partial Regex CommittedBlock();

    [Fact]
    public async Task SimFabric_Reset_ForgetsBlocksAndStateAndTheNextTransactionIsBlockZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-fabric-reset-{Guid.NewGuid():N}")).FullName;
        try
        {
            var first = Guid.NewGuid().ToString();
            await using (var sim = await StartAsync(dir, [], ct))
            {
                (await InvokeAsync(dir, sim, first, ct)).ShouldBe(0UL);
                (await InvokeAsync(dir, sim, Guid.NewGuid().ToString(), ct)).ShouldBe(1UL);
                (await sim.Process.StopAsync(ct)).ShouldBe(0);
            }

            await using (var sim = await StartAsync(dir, ["--reset"], ct))
            {
                var (exit, _, stderr) = await BridgeProcess.RunAsync(dir, [.. Call("query", sim), "GetAnchor", first], cancellationToken: ct);
                exit.ShouldBe(1, stderr);
                stderr.ShouldContain("has no anchor");
                (await InvokeAsync(dir, sim, first, ct)).ShouldBe(0UL, "the reset chain starts at block 0 and the old anchor is gone");
                (await sim.Process.StopAsync(ct)).ShouldBe(0);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task SimFabric_Tls_InvokeQueryAndTheOfficialClientSucceedTrustingOnlyTheMspFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-fabric-tls-{Guid.NewGuid():N}")).FullName;
        try
        {
            await using var sim = await StartAsync(dir, ["--tls"], ct);
            sim.Gateway.ShouldStartWith("https://127.0.0.1:");
            sim.Process.Stdout.ShouldContain("tlscacerts");
            var id = Guid.NewGuid().ToString();

            (await InvokeAsync(dir, sim, id, ct)).ShouldBe(0UL);
            var (exit, stdout, stderr) = await BridgeProcess.RunAsync(dir, [.. Call("query", sim), "GetAnchor", id], cancellationToken: ct);
            exit.ShouldBe(0, stderr);
            JsonDocument.Parse(stdout).RootElement.GetProperty("documentId").GetString().ShouldBe(id);

            var (nodeExit, report, errors) = await FabricOfficialClient.RunScenariosAsync(sim.Endpoint, "CarrierMSP", sim.CarrierMsp, ct, tls: true);
            nodeExit.ShouldBe(0, $"{report}\n{errors}");
            (await sim.Process.StopAsync(ct)).ShouldBe(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task SimFabric_MutualTls_InvokeWithoutAClientCertificateExitsThreeAndWithTheClientsOwnSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-fabric-mtls-{Guid.NewGuid():N}")).FullName;
        try
        {
            await using var sim = await StartAsync(dir, ["--mutual-tls"], ct);
            sim.Gateway.ShouldStartWith("https://127.0.0.1:");
            sim.Process.Stdout.ShouldContain("--tls-cert");
            string[] anchor = ["AnchorDocument", Guid.NewGuid().ToString(), new string('a', 64), new string('b', 64), "BILL_OF_LADING"];
            string[] clientCertificate = ["--tls-cert", Directory.GetFiles(Path.Combine(sim.CarrierMsp, "signcerts")).Single(), "--tls-key", Path.Combine(sim.CarrierMsp, "keystore", "priv_sk")];

            var without = await BridgeProcess.RunAsync(dir, [.. Call("invoke", sim), .. anchor], cancellationToken: ct);
            var with = await BridgeProcess.RunAsync(dir, [.. Call("invoke", sim), .. clientCertificate, .. anchor], cancellationToken: ct);

            without.ExitCode.ShouldBe(3, without.Stderr);
            with.ExitCode.ShouldBe(0, with.Stderr);
            CommittedBlock().Match(with.Stderr).Groups["block"].Value.ShouldBe("0");
            var (nodeExit, report, errors) = await FabricOfficialClient.RunScenariosAsync(sim.Endpoint, "CarrierMSP", sim.CarrierMsp, ct, mutualTls: true);
            nodeExit.ShouldBe(0, $"{report}\n{errors}");
            (await sim.Process.StopAsync(ct)).ShouldBe(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<JsonElement> RunScenariosAsync(string dir, CancellationToken ct)
    {
        await using var sim = await StartAsync(dir, [], ct);
        var (exit, report, errors) = await FabricOfficialClient.RunScenariosAsync(sim.Endpoint, "CarrierMSP", sim.CarrierMsp, ct);
        exit.ShouldBe(0, $"{report}\n{errors}");
        (await sim.Process.StopAsync(ct)).ShouldBe(0);
        return JsonDocument.Parse(report).RootElement.Clone();
    }

    /// <summary>Starts <c>bridge sim fabric</c> on <paramref name="dir"/>'s data folder and waits until it is ready.</summary>
    private static async Task<RunningSimulator> StartAsync(string dir, string[] extra, CancellationToken ct)
    {
        var sim = BridgeProcess.Start(dir, ["sim", "fabric", "--data", Path.Combine(dir, "fabric"), .. extra]);
        var deadline = Stopwatch.StartNew();
        while (!sim.Stdout.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                var output = $"{sim.Stdout}\n{sim.Stderr}";
                await sim.DisposeAsync();
                throw new TimeoutException($"not ready:\n{output}");
            }

            await Task.Delay(50, ct);
        }

        var ready = Ready().Match(sim.Stdout);
        return new RunningSimulator(sim, ready.Groups["gateway"].Value, ready.Groups["endpoint"].Value, CarrierFolder().Match(sim.Stdout).Groups["folder"].Value);
    }

    /// <summary>Anchors document <paramref name="id"/> with <c>bridge fabric invoke</c>; returns the block it committed in.</summary>
    private static async Task<ulong> InvokeAsync(string dir, RunningSimulator sim, string id, CancellationToken ct)
    {
        var (exit, _, stderr) = await BridgeProcess.RunAsync(dir, [.. Call("invoke", sim), "AnchorDocument", id, new string('a', 64), new string('b', 64), "BILL_OF_LADING"], cancellationToken: ct);
        exit.ShouldBe(0, stderr);
        return ulong.Parse(CommittedBlock().Match(stderr).Groups["block"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] Call(string verb, RunningSimulator sim) =>
        ["fabric", verb, "--gateway", sim.Gateway, "--msp-dir", sim.CarrierMsp, "--msp-id", "CarrierMSP", "--channel", "trade", "--chaincode", "bridge"];

    /// <param name="Gateway">What <c>bridge fabric --gateway</c> takes: host:port for h2c, the https:// URL for TLS.</param>
    /// <param name="Endpoint">host:port, as the official Node client dials it.</param>
    private sealed record RunningSimulator(BridgeProcess Process, string Gateway, string Endpoint, string CarrierMsp) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
