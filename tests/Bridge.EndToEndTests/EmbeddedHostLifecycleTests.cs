using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.Relay.Persistence.Embedded;
using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary>
/// <c>bridge serve</c> with no configuration, as a user runs it: embedded PostgreSQL under the working
/// directory, data kept across a clean restart and across kill -9, and no postgres left behind.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class EmbeddedHostLifecycleTests : IDisposable
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);
    private readonly string _workdir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-{Guid.NewGuid():N}")).FullName;

    private string PgData => Path.Combine(_workdir, "bridge-data", "postgres", "pgdata");

    [Fact]
    public async Task Serve_NoConfiguration_SurvivesRestartAndKillMinus9()
    {
        var ct = TestContext.Current.CancellationToken;

        // 1. First start: initdb, migrate, serve.
        var host = BridgeProcess.Serve(_workdir);
        await host.WaitReadyAsync(Ready, ct);
        host.Stderr.ShouldContain("Trade Chain Bridge is ready");
        host.Stderr.ShouldContain("embedded PostgreSQL");

        // 2. The first operator key, made beside the running host (attaches to its cluster, leaves it running).
        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_workdir, ["keys", "create", "--role", "operator", "--label", "e2e"], cancellationToken: ct);
        exit.ShouldBe(0, stderr);
        var key = stdout.Trim();
        key.ShouldStartWith("tcb_");
        stderr.ShouldContain("not shown again");
        stdout.ShouldNotContain("not shown again", customMessage: "only the key goes to stdout, so scripts can capture it");

        // 3. The command line talks to the host over REST.
        var env = new Dictionary<string, string> { ["BRIDGE_API_KEY"] = key, ["BRIDGE_URL"] = host.Url!.ToString() };
        (exit, _, stderr) = await BridgeProcess.RunAsync(_workdir, ["participants", "add", "--name", "msc", "--display-name", "Mediterranean Shipping Company", "--role", "carrier", "--identifier", "scac=MSCU"], env, ct);
        exit.ShouldBe(0, stderr);
        (exit, stdout, stderr) = await BridgeProcess.RunAsync(_workdir, ["participants", "list"], env, ct);
        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("Mediterranean Shipping Company");
        (exit, _, stderr) = await BridgeProcess.RunAsync(_workdir, ["participants", "add", "--name", "msc", "--role", "carrier"], env, ct);
        exit.ShouldBe(1);
        stderr.ShouldContain("/problems/conflict");
        await AssertParticipantAsync(host.Url!, key, ct);

        // 4. Clean stop: the cluster stops with the host.
        (await host.StopAsync(ct)).ShouldBe(0, host.Stderr);
        await host.DisposeAsync();
        File.Exists(Path.Combine(PgData, "postmaster.pid")).ShouldBeFalse("the embedded cluster stops with the host");

        // 5. Restart keeps the data.
        host = BridgeProcess.Serve(_workdir);
        await host.WaitReadyAsync(Ready, ct);
        await AssertParticipantAsync(host.Url!, key, ct);

        // 6. kill -9, then start again at once: the next start recovers (adopts or restarts the cluster).
        await host.KillHardAsync();
        await host.DisposeAsync();
        host = BridgeProcess.Serve(_workdir);
        await host.WaitReadyAsync(Ready, ct);
        await AssertParticipantAsync(host.Url!, key, ct);

        (await host.StopAsync(ct)).ShouldBe(0, host.Stderr);
        await host.DisposeAsync();
        PostmasterPidFile.TryRead(PgData).ShouldBeNull("no postgres is left running after the last stop");
    }

    private static async Task AssertParticipantAsync(Uri url, string key, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.GetAsync("/api/v1/participants/msc", ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        doc.RootElement.GetProperty("displayName").GetString().ShouldBe("Mediterranean Shipping Company");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workdir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
