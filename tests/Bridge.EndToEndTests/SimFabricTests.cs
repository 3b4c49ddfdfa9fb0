using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary>
/// <c>bridge sim fabric</c> as an integrator runs it, driven by the official Node client; stopped with SIGTERM and
/// started again on the same data folder, it still has every block.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class SimFabricTests
{
    [GeneratedRegex(@"ready on (?<endpoint>127\.0\.0\.1:\d+)")]
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

    private static async Task<JsonElement> RunScenariosAsync(string dir, CancellationToken ct)
    {
        await using var sim = BridgeProcess.Start(dir, ["sim", "fabric", "--data", Path.Combine(dir, "fabric")]);
        var deadline = Stopwatch.StartNew();
        while (!sim.Stdout.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), $"not ready:\n{sim.Stdout}\n{sim.Stderr}");
            await Task.Delay(50, ct);
        }

        var endpoint = Ready().Match(sim.Stdout).Groups["endpoint"].Value;
        var client = CarrierFolder().Match(sim.Stdout).Groups["folder"].Value;
        var (exit, report, errors) = await FabricOfficialClient.RunScenariosAsync(endpoint, "CarrierMSP", client, ct);
        exit.ShouldBe(0, $"{report}\n{errors}");
        (await sim.StopAsync(ct)).ShouldBe(0);
        return JsonDocument.Parse(report).RootElement.Clone();
    }
}
