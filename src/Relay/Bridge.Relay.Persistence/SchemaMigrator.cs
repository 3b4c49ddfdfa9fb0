using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bridge.Relay.Persistence;

/// <summary>One applied schema version.</summary>
public sealed record SchemaVersion(int Version, string Name);

/// <summary>What a migration run did.</summary>
public sealed record MigrationReport(IReadOnlyList<SchemaVersion> Applied, int CurrentVersion);

/// <summary>
/// Applies the hand-written schema versions (embedded <c>Schema/NNNN_name.sql</c>) in order, each in its
/// own transaction together with its row in <c>bridge_schema_history</c>. A session-level advisory lock
/// makes concurrent starts safe: the second host waits, then finds nothing left to do. An applied
/// script whose checksum changed, or a database newer than this build, stops the start (fail closed).
/// </summary>
public sealed partial class SchemaMigrator
{
    /// <summary>Advisory lock key: the first 8 bytes of SHA-256("bridge.schema").</summary>
    private static readonly long LockKey = BitConverter.ToInt64(SHA256.HashData("bridge.schema"u8)[..8]);

    private readonly ILogger<SchemaMigrator> _logger;

    public SchemaMigrator(ILogger<SchemaMigrator> logger) => _logger = logger;

    public static IReadOnlyList<(SchemaVersion Version, string Sql, string Checksum)> Scripts { get; } = LoadScripts();

    public static int LatestVersion => Scripts[^1].Version.Version;

    public async Task<MigrationReport> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Pooling off: the advisory lock is session-level and must end with this connection.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(
                connection,
                null,
                """
                CREATE TABLE IF NOT EXISTS bridge_schema_history (
                    version     integer     NOT NULL PRIMARY KEY,
                    name        text        NOT NULL,
                    checksum    text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """,
                cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var known = Scripts.ToDictionary(s => s.Version.Version);
            var newest = applied.Count == 0 ? 0 : applied.Keys.Max();
            if (newest > LatestVersion)
            {
                throw new SchemaMigrationException(
                    $"The database is at schema version {newest}, newer than this build knows ({LatestVersion}). Upgrade the bridge before starting it against this database.");
            }

            foreach (var (version, checksum) in applied)
            {
                if (known[version].Checksum != checksum)
                {
                    throw new SchemaMigrationException(
                        $"Schema version {version} ({known[version].Version.Name}) was applied from a different script (checksum {checksum[..12]}..., this build has {known[version].Checksum[..12]}...). Applied schema versions must never be edited; add a new version instead.");
                }
            }

            var done = new List<SchemaVersion>();
            foreach (var (version, sql, checksum) in Scripts.Where(s => !applied.ContainsKey(s.Version.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, tx, sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO bridge_schema_history (version, name, checksum) VALUES ($1, $2, $3)", connection, tx))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = version.Name });
                    record.Parameters.Add(new NpgsqlParameter { Value = checksum });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await tx.CommitAsync(cancellationToken);
                LogApplied(version.Version, version.Name);
                done.Add(version);
            }

            return new MigrationReport(done, LatestVersion);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var cmd = new NpgsqlCommand("SELECT version, checksum FROM bridge_schema_history", connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(SchemaVersion, string, string)> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string prefix = "Bridge.Schema.";
        var scripts = new List<(SchemaVersion, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = resource[prefix.Length..^".sql".Length]; // e.g. 0001_registry
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add((new SchemaVersion(version, file[(underscore + 1)..]), sql, checksum));
        }

        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Item1.Version != i + 1)
            {
                throw new InvalidOperationException($"Schema scripts must be numbered 1..n without gaps; found {scripts[i].Item1.Version} at position {i + 1}.");
            }
        }

        return scripts;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Applied schema version {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}

/// <summary>The database schema cannot be brought to this build's version.</summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException(string message)
        : base(message)
    {
    }

    public SchemaMigrationException()
    {
    }

    public SchemaMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
