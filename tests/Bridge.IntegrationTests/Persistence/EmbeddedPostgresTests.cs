using Bridge.Relay.Persistence.Embedded;
using Npgsql;

namespace Bridge.IntegrationTests.Persistence;

/// <summary>The embedded cluster against the machine's real PostgreSQL binaries, each test in its own folder.</summary>
[Trait("Category", "Integration")]
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bridge-tests", $"embedded-{Guid.NewGuid():N}");

    private EmbeddedPostgresOptions Options => new() { DataDirectory = _folder, Durable = false, Database = "bridge" };

    [Fact]
    public async Task StartAsync_FreshFolder_InitialisesAndServesOnLoopback()
    {
        await using var pg = new EmbeddedPostgres(Options);
        await pg.StartAsync(TestContext.Current.CancellationToken);

        pg.IsOwner.ShouldBeTrue();
        (await QueryAsync(pg.ConnectionString, "SELECT current_database()")).ShouldBe("bridge");
        (await QueryAsync(pg.ConnectionString, "SHOW listen_addresses")).ShouldBe("127.0.0.1");
        File.Exists(Path.Combine(_folder, "pgdata", "postmaster.pid")).ShouldBeTrue();
    }

    [Fact]
    public async Task StopAsync_ThenStartAgain_KeepsData()
    {
        await using (var pg = new EmbeddedPostgres(Options))
        {
            await pg.StartAsync(TestContext.Current.CancellationToken);
            await QueryAsync(pg.ConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here'); SELECT 'ok'");
        }

        File.Exists(Path.Combine(_folder, "pgdata", "postmaster.pid")).ShouldBeFalse("the server must be stopped on dispose");

        await using var again = new EmbeddedPostgres(Options);
        await again.StartAsync(TestContext.Current.CancellationToken);
        (await QueryAsync(again.ConnectionString, "SELECT v FROM kept")).ShouldBe("still here");
    }

    [Fact]
    public async Task StartAsync_StalePidFileOfAnotherProgram_RemovesItAndStarts()
    {
        await using (var pg = new EmbeddedPostgres(Options))
        {
            await pg.StartAsync(TestContext.Current.CancellationToken);
        }

        // After a crash the lock file can name a PID that now belongs to an unrelated program (here: this test process).
        var pidFile = Path.Combine(_folder, "pgdata", "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, $"{Environment.ProcessId}\n{_folder}/pgdata\n1700000000\n5999\n\n127.0.0.1\n  1234  5678\nready   \n", TestContext.Current.CancellationToken);

        await using var again = new EmbeddedPostgres(Options);
        await again.StartAsync(TestContext.Current.CancellationToken);
        (await QueryAsync(again.ConnectionString, "SELECT 'up'")).ShouldBe("up");
        PostmasterPidFile.TryRead(Path.Combine(_folder, "pgdata"))!.Pid.ShouldNotBe(Environment.ProcessId);
    }

    [Fact]
    public async Task StartAsync_CorruptPidFile_RemovesItAndStarts()
    {
        await using (var pg = new EmbeddedPostgres(Options))
        {
            await pg.StartAsync(TestContext.Current.CancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, "pgdata", "postmaster.pid"), "garbage", TestContext.Current.CancellationToken);
        await using var again = new EmbeddedPostgres(Options);
        await again.StartAsync(TestContext.Current.CancellationToken);
        (await QueryAsync(again.ConnectionString, "SELECT 'up'")).ShouldBe("up");
    }

    [Fact]
    public async Task StartAsync_InterruptedInitdb_StartsOver()
    {
        // initdb writes PG_VERSION last; a folder without it is a half-made cluster.
        Directory.CreateDirectory(Path.Combine(_folder, "pgdata", "base"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "pgdata", "junk"), "x", TestContext.Current.CancellationToken);

        await using var pg = new EmbeddedPostgres(Options);
        await pg.StartAsync(TestContext.Current.CancellationToken);
        (await QueryAsync(pg.ConnectionString, "SELECT 'up'")).ShouldBe("up");
        File.Exists(Path.Combine(_folder, "pgdata", "junk")).ShouldBeFalse();
    }

    [Fact]
    public async Task StartAsync_ServerLeftRunningByDeadOwner_AdoptsIt()
    {
        var first = new EmbeddedPostgres(Options);
        await first.StartAsync(TestContext.Current.CancellationToken);
        var pid = PostmasterPidFile.TryRead(Path.Combine(_folder, "pgdata"))!.Pid;

        // Pretend the owner died: a record of a process that does not exist.
        await File.WriteAllTextAsync(Path.Combine(_folder, "owner"), "999999999 1", TestContext.Current.CancellationToken);

        await using var second = new EmbeddedPostgres(Options);
        await second.StartAsync(TestContext.Current.CancellationToken);
        second.IsOwner.ShouldBeTrue();
        second.Port.ShouldBe(first.Port);
        PostmasterPidFile.TryRead(Path.Combine(_folder, "pgdata"))!.Pid.ShouldBe(pid, "the running server is adopted, not restarted");
        (await QueryAsync(second.ConnectionString, "SELECT 'adopted'")).ShouldBe("adopted");
    }

    [Fact]
    public async Task StartAsync_MissingBinaries_ExplainsWhichPackageToInstall()
    {
        var options = Options;
        options.BinDirectory = Path.Combine(_folder, "no-such-bin");
        await using var pg = new EmbeddedPostgres(options);
        var ex = await Should.ThrowAsync<EmbeddedPostgresException>(() => pg.StartAsync(TestContext.Current.CancellationToken));
        ex.Message.ShouldContain("apt-get install -y postgresql");
        Directory.Exists(Path.Combine(_folder, "pgdata")).ShouldBeFalse("nothing is created when the binaries are missing");
    }

    private static async Task<string?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (await cmd.ExecuteScalarAsync())?.ToString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
