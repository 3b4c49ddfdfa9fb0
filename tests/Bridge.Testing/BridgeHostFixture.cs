using System.Net.Http.Headers;
using Bridge.Host.Hosting;
using Bridge.Relay.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bridge.Testing;

/// <summary>
/// A real bridge host in this process: Kestrel on a free loopback port, its own migrated database, and
/// one API key per role. Tests talk to it over HTTP like any client.
/// </summary>
public sealed class BridgeHostFixture : Xunit.IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private readonly string[] _extraArguments;
    private BridgeApp? _bridge;

    /// <summary>A host with the test defaults.</summary>
    public BridgeHostFixture() => _extraArguments = [];

    private BridgeHostFixture(string[] extraArguments) => _extraArguments = extraArguments;

    /// <summary>A host with the test defaults and <paramref name="extraArguments"/> (e.g. <c>--Bridge:Webhooks:...=...</c>); the caller runs its lifetime.</summary>
    public static BridgeHostFixture WithArguments(params string[] extraArguments) => new(extraArguments);

    public Uri BaseAddress { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public string OperatorKey { get; private set; } = string.Empty;

    public string AuditorKey { get; private set; } = string.Empty;

    public string ParticipantKey { get; private set; } = string.Empty;

    /// <summary>The host's services (for tests that call a component directly).</summary>
    public IServiceProvider Services => _bridge!.App.Services;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await StartHostAsync();

        await using var scope = Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeyStore>();
        OperatorKey = (await keys.CreateAsync(AccessRole.Operator, null, "test operator", CancellationToken.None))!.PlainText;
        AuditorKey = (await keys.CreateAsync(AccessRole.Auditor, null, "test auditor", CancellationToken.None))!.PlainText;

        // A participant key needs a participant; it lives outside the names tests use.
        await using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO participants (id, name, display_name, roles, created_at, updated_at) VALUES (gen_random_uuid(), 'fixture-participant', 'Fixture participant', '{carrier}', now(), now())",
                connection);
            await cmd.ExecuteNonQueryAsync();
        }

        ParticipantKey = (await keys.CreateAsync(AccessRole.Participant, "fixture-participant", "test participant", CancellationToken.None))!.PlainText;
    }

    /// <summary>
    /// Stops the host, runs <paramref name="whileStopped"/> (e.g. to publish on a platform while the bridge is down), and
    /// starts a new host over the same database with the same arguments (a new port: <see cref="BaseAddress"/> changes).
    /// API keys are kept (they live in the database).
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        if (_bridge is not null)
        {
            await _bridge.App.StopAsync();
            await _bridge.DisposeAsync();
            _bridge = null;
        }

        if (whileStopped is not null)
        {
            await whileStopped();
        }

        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        _bridge = await BridgeApp.BuildAsync(
            ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Bridge:Api:MaxRequestBodyBytes=65536", .. _extraArguments],
            b => b.Configuration["ConnectionStrings:Bridge"] = _database.ConnectionString,
            CancellationToken.None);
        await _bridge.App.StartAsync();
        BaseAddress = new Uri(_bridge.App.Urls.First());
    }

    /// <summary>An HTTP client for the host, sending <paramref name="apiKey"/> as a bearer token when given.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Runs a SQL query against the host's database and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A fingerprint of every registry table's content, to assert that a failed request changed nothing.
    /// </summary>
    public Task<string?> SnapshotAsync() => ScalarAsync<string>(
        """
        SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM networks t), '') || '#' ||
                   coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM participants t), '') || '#' ||
                   coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM participant_identifiers t), '') || '#' ||
                   coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM api_keys t), ''))
        """);

    public async ValueTask DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.App.StopAsync();
            await _bridge.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
