using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary><c>bridge sim ethereum</c> as an integrator runs it: a chain with the contracts, then SIGTERM stops everything.</summary>
[Trait("Category", "EndToEnd")]
public sealed class SimEthereumTests
{
    [Fact]
    public async Task SimEthereum_RunsTheChainWithTheContractsAndStopsWithNothingLeft()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-sim-{Guid.NewGuid():N}")).FullName;
        try
        {
            var output = Path.Combine(dir, "deployment.json");
            await using var sim = BridgeProcess.Start(dir, ["sim", "ethereum", "--out", output]);
            var deadline = Stopwatch.StartNew();
            while (!sim.Stdout.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
            {
                deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), $"not ready:\n{sim.Stdout}\n{sim.Stderr}");
                await Task.Delay(50, ct);
            }

            sim.Stdout.ShouldContain("Ethereum dev chain is ready");
            var deployment = JsonNode.Parse(await File.ReadAllTextAsync(output, ct))!;
            var rpc = new Uri(deployment["rpc"]!.GetValue<string>());
            rpc.Host.ShouldBe("127.0.0.1");
            using var http = new HttpClient();
            var chainId = await CallAsync(http, rpc, "eth_chainId", [], ct);
            chainId.GetString().ShouldBe("0x" + deployment["chainId"]!.GetValue<long>().ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var role in new[] { "anchorRegistry", "titleEscrow" })
            {
                var code = await CallAsync(http, rpc, "eth_getCode", [deployment["contracts"]![role]!.GetValue<string>(), "latest"], ct);
                code.GetString()!.Length.ShouldBeGreaterThan(1000, $"{role} has no code");
            }

            (await sim.StopAsync(ct)).ShouldBe(0);
            await Should.ThrowAsync<HttpRequestException>(() => CallAsync(http, rpc, "eth_chainId", [], ct));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<JsonElement> CallAsync(HttpClient http, Uri rpc, string method, JsonArray parameters, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(rpc, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters }, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return body.GetProperty("result");
    }
}
