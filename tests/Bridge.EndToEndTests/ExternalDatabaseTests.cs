using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Npgsql;

namespace Bridge.EndToEndTests;

/// <summary>Two hosts on one external database: both migrate at once without a race and serve the same data.</summary>
[Trait("Category", "EndToEnd")]
public sealed class ExternalDatabaseTests : IAsyncLifetime
{
    private readonly string _workdir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-{Guid.NewGuid():N}")).FullName;
    private PostgresServer _server = null!;
    private string _cs = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        _cs = await _server.CreateDatabaseAsync("twohosts", migrate: false);
    }

    [Fact]
    public async Task Serve_TwoHostsStartTogether_BothMigrateSafelyAndServe()
    {
        var ct = TestContext.Current.CancellationToken;
        var env = new Dictionary<string, string> { ["ConnectionStrings__Bridge"] = _cs };
        await using var a = BridgeProcess.Serve(_workdir, env);
        await using var b = BridgeProcess.Serve(_workdir, env);
        await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromSeconds(90), ct), b.WaitReadyAsync(TimeSpan.FromSeconds(90), ct));
        a.Stderr.ShouldContain("external PostgreSQL");

        await using (var connection = new NpgsqlConnection(_cs))
        {
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM bridge_schema_history", connection);
            ((long)(await cmd.ExecuteScalarAsync(ct))!).ShouldBe(SchemaMigrator.LatestVersion);
        }

        Directory.Exists(Path.Combine(_workdir, "bridge-data")).ShouldBeFalse("no embedded cluster when a connection string is configured");

        var (exit, key, stderr) = await BridgeProcess.RunAsync(_workdir, ["keys", "create", "--role", "operator"], env, ct);
        exit.ShouldBe(0, stderr);

        using var httpA = Client(a.Url!, key.Trim());
        using var httpB = Client(b.Url!, key.Trim());
        using var created = await httpA.PostAsJsonAsync("/api/v1/participants", new { name = "maersk", roles = new[] { "carrier" } }, ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var readBack = await httpB.GetAsync("/api/v1/participants/maersk", ct);
        readBack.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static HttpClient Client(Uri url, string key)
    {
        var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DropDatabaseAsync(_cs);
        Directory.Delete(_workdir, recursive: true);
    }
}
