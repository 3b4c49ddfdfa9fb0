using Bridge.Relay.Persistence;
using Bridge.Relay.Persistence.Embedded;
using Npgsql;

namespace Bridge.Testing;

/// <summary>
/// The PostgreSQL server of a test run: the one named by BRIDGE_TEST_CONNECTION_STRING when set (it needs
/// CREATEDB), otherwise one private cluster per test process in a temp folder. Each test class gets its
/// own database from <see cref="CreateDatabaseAsync"/>. The private cluster is stopped when the run ends,
/// and by its watchdog if the run is killed, so no postgres process outlives the run. A server that cannot
/// start throws: tests fail, they never skip.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string ConnectionStringVariable = "BRIDGE_TEST_CONNECTION_STRING";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _shared;

    private readonly EmbeddedPostgres? _embedded;
    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString, EmbeddedPostgres? embedded)
    {
        _adminConnectionString = adminConnectionString;
        _embedded = embedded;
    }

    /// <summary>Root folder of the private clusters of test runs.</summary>
    public static string RunsRoot { get; } = Path.Combine(Path.GetTempPath(), "bridge-tests");

    /// <summary>The embedded cluster, when this run uses one.</summary>
    public EmbeddedPostgres? Embedded => _embedded;

    /// <summary>The shared server of this test process, started on first use.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the shared server (called once at the end of the run by <see cref="PostgresServerLifetime"/>).</summary>
    public static async Task StopSharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is not null)
            {
                await _shared.DisposeAsync();
                _shared = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null);
        }

        SweepAbandonedRuns();
        var folder = Path.Combine(RunsRoot, $"run-{Environment.ProcessId}-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(RunsRoot);
        var embedded = new EmbeddedPostgres(new EmbeddedPostgresOptions
        {
            DataDirectory = folder,
            // Tests trade durability for speed; BRIDGE_TEST_DURABLE=1 keeps fsync on (benchmarks report both).
            Durable = Environment.GetEnvironmentVariable("BRIDGE_TEST_DURABLE") == "1",
            StopWhenOwnerDies = true,
            Database = "postgres",
        });
        await embedded.StartAsync(CancellationToken.None);

        // Ctrl+C or a normal end of the test host: stop the cluster even if fixtures are not disposed.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => embedded.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new PostgresServer(embedded.BuildConnectionString("postgres"), embedded);
    }

    /// <summary>Creates an empty database for one test class; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string hint, bool migrate = true)
    {
        var safe = new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        var name = $"t_{safe[..Math.Min(safe.Length, 30)]}_{Guid.NewGuid().ToString("N")[..12]}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await cmd.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
        if (migrate)
        {
            await new SchemaMigrator(Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance).MigrateAsync(connectionString, CancellationToken.None);
        }

        return connectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
            try
            {
                Directory.Delete(_embedded.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Deletes the folders of earlier runs whose process is gone and whose server is stopped.</summary>
    private static void SweepAbandonedRuns()
    {
        if (!Directory.Exists(RunsRoot))
        {
            return;
        }

        foreach (var dir in Directory.GetDirectories(RunsRoot, "run-*"))
        {
            var owner = OwnerRecord.TryRead(dir);
            var postmaster = PostmasterPidFile.TryRead(Path.Combine(dir, "pgdata"));
            var ownerAlive = owner?.IsAlive() ?? false;
            var serverAlive = postmaster?.IsLivePostgres() ?? false;
            var age = TimeProvider.System.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(dir);
            if (!ownerAlive && !serverAlive && (owner is not null || age > TimeSpan.FromMinutes(10)))
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}

/// <summary>Registered as an assembly fixture: stops the shared server when the test assembly finishes.</summary>
public sealed class PostgresServerLifetime : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(PostgresServer.StopSharedAsync());
}

/// <summary>A fresh, migrated database for one test class.</summary>
public sealed class DatabaseFixture : Xunit.IAsyncLifetime
{
    private PostgresServer? _server;

    public string ConnectionString { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        ConnectionString = await _server.CreateDatabaseAsync(GetType().Name + Guid.NewGuid().ToString("N")[..6]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null && ConnectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }
}
