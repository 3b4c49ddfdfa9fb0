using System.Net;
using System.Text.Json.Nodes;
using Bridge.Host.Hosting;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary><c>Bridge:Registry:File</c>: networks, participants and lanes declared in a file and applied at start-up.</summary>
[Trait("Category", "Integration")]
public sealed class RegistryFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-registry-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RegistryFile_AppliedAtStart_CreatesWhatItDeclaresAndAgainChangesNothing()
    {
        var path = Write("good.json", File());
        var host = BridgeHostFixture.WithArguments($"--Bridge:Registry:File={path}");
        await host.InitializeAsync();
        try
        {
            using var client = host.Client(host.OperatorKey);
            using (var lane = await client.GetAsync("/api/v1/lanes/title-out", Ct))
            {
                var body = await lane.ShouldBeJsonAsync(HttpStatusCode.OK);
                body.Str("source").ShouldBe("fabric-trade");
                body.GetProperty("access")[0].Str("role").ShouldBe("bank");
            }

            using (var network = await client.GetAsync("/api/v1/networks/eth-finance", Ct))
            {
                network.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            var before = await host.ScalarAsync<string>("SELECT string_agg(name || updated_at::text, ',' ORDER BY name) FROM (SELECT name, updated_at FROM networks UNION ALL SELECT name, updated_at FROM participants UNION ALL SELECT name, updated_at FROM lanes) x");
            await RegistryFile.ApplyAsync(host.Services, path, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Ct);
            var after = await host.ScalarAsync<string>("SELECT string_agg(name || updated_at::text, ',' ORDER BY name) FROM (SELECT name, updated_at FROM networks UNION ALL SELECT name, updated_at FROM participants UNION ALL SELECT name, updated_at FROM lanes) x");
            after.ShouldBe(before, "applying the same file again changed something");

            var changed = File();
            changed["lanes"]![0]!["deadlineSeconds"] = 600;
            await RegistryFile.ApplyAsync(host.Services, Write("changed.json", changed), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Ct);
            using var updated = await client.GetAsync("/api/v1/lanes/title-out", Ct);
            (await updated.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("deadlineSeconds").GetInt32().ShouldBe(600);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task RegistryFile_BreakingRules_StopsTheStartNamingEveryFieldAndChangesNothing()
    {
        var bad = File();
        bad["lanes"]![0]!["flows"] = new JsonArray("cargo");
        bad["networks"]![1]!["kind"] = "bitcoin";
        bad["participants"]![0]!["roles"] = new JsonArray("pirate");
        var path = Write("bad.json", bad);
        var host = BridgeHostFixture.WithArguments($"--Bridge:Registry:File={path}");
        try
        {
            var error = await Should.ThrowAsync<RegistryFileException>(async () => await host.InitializeAsync());

            error.Message.ShouldContain("/lanes/0/flows/0");
            error.Message.ShouldContain("/networks/1/kind");
            error.Message.ShouldContain("/participants/0/roles/0");
            error.Message.ShouldContain("nothing was changed");
            (await host.ScalarAsync<long>("SELECT (SELECT count(*) FROM networks) + (SELECT count(*) FROM lanes) + (SELECT count(*) FROM participants)")).ShouldBe(0);
        }
        finally
        {
            await host.DisposeAsync();
        }

        var notJson = Write("not.json", new JsonObject { ["networks"] = 5 });
        var second = BridgeHostFixture.WithArguments($"--Bridge:Registry:File={notJson}");
        try
        {
            (await Should.ThrowAsync<RegistryFileException>(async () => await second.InitializeAsync())).Message.ShouldContain("not a registry file");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private string Write(string name, JsonNode content)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content.ToJsonString());
        return path;
    }

    private static JsonObject File() => new()
    {
        ["networks"] = new JsonArray(Bodies.Network("fabric-trade", "fabric"), Bodies.Network("eth-finance", "ethereum")),
        ["participants"] = new JsonArray(Bodies.Participant("acme-carrier")),
        ["lanes"] = new JsonArray(new JsonObject
        {
            ["name"] = "title-out",
            ["source"] = "fabric-trade",
            ["destination"] = "eth-finance",
            ["flows"] = new JsonArray("title"),
            ["direction"] = "both",
            ["proofPolicy"] = new JsonObject
            {
                ["sourceProofKinds"] = new JsonArray("fabric-endorsement", "ethereum-receipt"),
                ["relaySigners"] = new JsonArray("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                ["relayThreshold"] = 1,
            },
            ["access"] = new JsonArray(new JsonObject { ["role"] = "bank", ["operations"] = new JsonArray("read") }),
        }),
    };
}
