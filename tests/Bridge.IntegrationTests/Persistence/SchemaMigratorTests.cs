using Bridge.Relay.Persistence;
using Bridge.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bridge.IntegrationTests.Persistence;

[Trait("Category", "Integration")]
public sealed class SchemaMigratorTests
{
    private static SchemaMigrator Migrator => new(NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task MigrateAsync_TenConcurrentRuns_AppliesEachVersionOnce()
    {
        var server = await PostgresServer.GetAsync();
        var cs = await server.CreateDatabaseAsync("concurrent", migrate: false);
        try
        {
            var reports = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Migrator.MigrateAsync(cs, TestContext.Current.CancellationToken))));

            reports.Sum(r => r.Applied.Count).ShouldBe(SchemaMigrator.LatestVersion);
            reports.ShouldAllBe(r => r.CurrentVersion == SchemaMigrator.LatestVersion);
            (await ScalarAsync<long>(cs, "SELECT count(*) FROM bridge_schema_history")).ShouldBe(SchemaMigrator.LatestVersion);
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        var server = await PostgresServer.GetAsync();
        var cs = await server.CreateDatabaseAsync("rerun");
        try
        {
            var report = await Migrator.MigrateAsync(cs, TestContext.Current.CancellationToken);
            report.Applied.ShouldBeEmpty();
            report.CurrentVersion.ShouldBe(SchemaMigrator.LatestVersion);
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task MigrateAsync_AppliedScriptEdited_FailsClosed()
    {
        var server = await PostgresServer.GetAsync();
        var cs = await server.CreateDatabaseAsync("tampered");
        try
        {
            await ScalarAsync<int>(cs, "UPDATE bridge_schema_history SET checksum = repeat('0', 64) WHERE version = 1");
            var ex = await Should.ThrowAsync<SchemaMigrationException>(() => Migrator.MigrateAsync(cs, TestContext.Current.CancellationToken));
            ex.Message.ShouldContain("never be edited");
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task MigrateAsync_DatabaseNewerThanBuild_FailsClosed()
    {
        var server = await PostgresServer.GetAsync();
        var cs = await server.CreateDatabaseAsync("newer");
        try
        {
            await ScalarAsync<int>(cs, $"INSERT INTO bridge_schema_history (version, name, checksum) VALUES ({SchemaMigrator.LatestVersion + 1}, 'future', 'x')");
            var ex = await Should.ThrowAsync<SchemaMigrationException>(() => Migrator.MigrateAsync(cs, TestContext.Current.CancellationToken));
            ex.Message.ShouldContain("newer than this build");
        }
        finally
        {
            await server.DropDatabaseAsync(cs);
        }
    }

    private static async Task<T?> ScalarAsync<T>(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }
}
