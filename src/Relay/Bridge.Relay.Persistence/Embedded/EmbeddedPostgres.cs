using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bridge.Relay.Persistence.Embedded;

/// <summary>
/// A private PostgreSQL cluster run from the machine's PostgreSQL binaries: <c>initdb</c> once into a
/// data folder, then <c>pg_ctl start</c> on a loopback port, and <c>pg_ctl stop</c> when disposed.
/// </summary>
/// <remarks>
/// Folder layout under <see cref="EmbeddedPostgresOptions.DataDirectory"/>:
/// <c>pgdata/</c> (the cluster), <c>superuser.password</c> (0600, generated at initdb),
/// <c>cluster.lock</c> (serialises start/stop between processes), <c>owner</c> (the process that runs
/// the cluster), <c>watchdog.pid</c> and <c>postgres.log</c>.
/// <para>
/// After a crash of the owning process the next start finds either a live orphaned postmaster (adopted,
/// and its watchdog retired) or a stale <c>postmaster.pid</c> whose PID is gone or belongs to another
/// program (removed, then a normal start). While a live process owns the cluster, other processes (for
/// example <c>bridge keys create</c> beside a running host) attach as guests and never stop it.
/// </para>
/// </remarks>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    public const string SuperUser = "bridge";
    private const string WatchdogMarker = "bridge-embedded-postgres-watchdog";

    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _root;
    private readonly string _pgData;
    private PostgresBinaries? _binaries;
    private bool _owner;
    private bool _started;

    public EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger<EmbeddedPostgres>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<EmbeddedPostgres>.Instance;
        _root = Path.GetFullPath(options.DataDirectory);
        _pgData = Path.Combine(_root, "pgdata");
    }

    /// <summary>The loopback port the server listens on (valid after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>True when this process started or adopted the cluster and so stops it on dispose.</summary>
    public bool IsOwner => _owner;

    public string DataDirectory => _root;

    /// <summary>Connection string of the bridge database (valid after <see cref="StartAsync"/>).</summary>
    public string ConnectionString => BuildConnectionString(_options.Database);

    private static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    public string BuildConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = ReadPassword(),
            Database = database,
        }.ConnectionString;

    /// <summary>Initialises the cluster on first use, then starts, adopts or attaches to it, and creates the bridge database.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return;
        }

        _binaries = PostgresBinaries.Locate(_options.BinDirectory);
        Directory.CreateDirectory(_root);
        if (RunsAsRoot)
        {
            await ChownToServiceUserAsync(_root, cancellationToken);
            await EnsureServiceUserCanWriteAsync(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartTimeout);
        await using (await ClusterLock.AcquireAsync(Path.Combine(_root, "cluster.lock"), timeout.Token))
        {
            if (!File.Exists(Path.Combine(_pgData, "PG_VERSION")))
            {
                await InitDbAsync(timeout.Token);
            }

            await StartOrAttachAsync(timeout.Token);
        }

        _started = true;
        await EnsureDatabaseAsync(_options.Database, cancellationToken);
    }

    /// <summary>Creates a database in the cluster unless it exists (safe when several processes race).</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(BuildConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // another process created it first
        }
    }

    /// <summary>Stops the cluster if this process owns it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started || !_owner || _binaries is null)
        {
            _started = false;
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using (await ClusterLock.AcquireAsync(Path.Combine(_root, "cluster.lock"), cancellationToken))
        {
            RetireWatchdog();
            var result = await RunPgAsync(_binaries.PgCtl, ["stop", "-D", _pgData, "-m", "fast", "-w", "-t", "60"], cancellationToken);
            if (result.ExitCode != 0 && PostmasterPidFile.TryRead(_pgData)?.IsLivePostgres() == true)
            {
                LogStopFailed(result.Output);
            }

            TryDelete(Path.Combine(_root, "owner"));
        }

        _owner = false;
        _started = false;
        LogStopped(_root);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await StopAsync(cts.Token);
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_pgData))
        {
            // A previous initdb was interrupted: PG_VERSION is written last, so the folder is unusable.
            LogRemovingPartialCluster(_pgData);
            Directory.Delete(_pgData, recursive: true);
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B');
        var passwordPath = Path.Combine(_root, "superuser.password");
        await File.WriteAllTextAsync(passwordPath, password, cancellationToken);
        RestrictToOwner(passwordPath);

        // initdb reads the password from a file; it must be readable by the user that runs initdb.
        var pwFile = Path.Combine(_root, $"initdb-{Guid.NewGuid():N}.pw");
        await File.WriteAllTextAsync(pwFile, password, cancellationToken);
        RestrictToOwner(pwFile);
        try
        {
            if (RunsAsRoot)
            {
                await ChownToServiceUserAsync(pwFile, cancellationToken);
            }

            List<string> args =
            [
                "-D", _pgData, "-U", SuperUser, "--pwfile", pwFile, "-A", "scram-sha-256",
                "-E", "UTF8", "--locale", "C",
            ];
            if (!_options.Durable)
            {
                args.Add("--no-sync");
            }

            var result = await RunPgAsync(_binaries!.InitDb, args, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"initdb failed (exit code {result.ExitCode}) for {_pgData}:{Environment.NewLine}{Tail(result.Output)}");
            }
        }
        finally
        {
            TryDelete(pwFile);
        }

        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# Written by the bridge's embedded cluster manager.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 200")
            .AppendLine("shared_buffers = 64MB");
        if (!_options.Durable)
        {
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }

        await File.AppendAllTextAsync(Path.Combine(_pgData, "postgresql.conf"), settings.ToString(), cancellationToken);
        LogInitialised(_pgData);
    }

    private async Task StartOrAttachAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pidFile = PostmasterPidFile.TryRead(_pgData);
            if (pidFile is null)
            {
                await StartServerAsync(cancellationToken);
                return;
            }

            if (!pidFile.IsLivePostgres())
            {
                LogRemovingStalePidFile(pidFile.Pid);
                TryDelete(Path.Combine(_pgData, PostmasterPidFile.FileName));
                continue;
            }

            if (pidFile.Status != "ready")
            {
                // starting or stopping (for example a dead owner's watchdog is shutting it down): wait and look again
                await Task.Delay(100, cancellationToken);
                continue;
            }

            Port = pidFile.Port;
            if (OwnerRecord.TryRead(_root) is { } owner && owner.IsAlive() && owner.Pid != Environment.ProcessId)
            {
                _owner = false;
                LogAttached(Port, owner.Pid);
                return;
            }

            // The owner died without stopping the server (kill -9, power cut of the host process only): adopt it.
            RetireWatchdog();
            if (PostmasterPidFile.TryRead(_pgData) is { } again && again.Pid == pidFile.Pid && again.IsLivePostgres() && await CanConnectAsync(cancellationToken))
            {
                BecomeOwner();
                LogAdopted(Port, pidFile.Pid);
                return;
            }
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(_root, "postgres.log");
        for (var attempt = 1; ; attempt++)
        {
            Port = _options.Port != 0 ? _options.Port : FreeLoopbackPort();
            var result = await RunPgAsync(
                _binaries!.PgCtl,
                ["start", "-D", _pgData, "-w", "-t", ((int)_options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-l", logFile, "-o", $"-p {Port}"],
                cancellationToken);
            if (result.ExitCode == 0)
            {
                BecomeOwner();
                LogStarted(Port, _pgData);
                return;
            }

            var log = File.Exists(logFile) ? Tail(await File.ReadAllTextAsync(logFile, cancellationToken)) : string.Empty;
            var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                            || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
            if (portTaken && _options.Port == 0 && attempt < 5)
            {
                continue; // another program took the free port between our probe and the bind
            }

            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start (pg_ctl exit code {result.ExitCode}) for {_pgData} on port {Port}.{Environment.NewLine}" +
                $"{Tail(result.Output)}{Environment.NewLine}{log}");
        }
    }

    private void BecomeOwner()
    {
        _owner = true;
        OwnerRecord.WriteCurrent(_root);
        if (_options.StopWhenOwnerDies)
        {
            StartWatchdog();
        }
    }

    private async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(BuildConnectionString("postgres") + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>
    /// A detached shell in its own session (so Ctrl+C on the terminal does not reach it) that waits for
    /// this process to die and then stops the cluster. It is retired on a clean stop or by an adopter.
    /// </summary>
    private void StartWatchdog()
    {
        var owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var stop = $"{ServiceUserPrefix()}'{_binaries!.PgCtl}' stop -D '{_pgData}' -m fast -w -t 60";
        var script =
            $": {WatchdogMarker}; trap '' INT HUP; echo $$ > '{Path.Combine(_root, "watchdog.pid")}'; " +
            $"while kill -0 {owner} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1";
        var psi = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var process = System.Diagnostics.Process.Start(psi);
    }

    private void RetireWatchdog()
    {
        var path = Path.Combine(_root, "watchdog.pid");
        try
        {
            if (!int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return;
            }

            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            if (cmdline.Contains(WatchdogMarker, StringComparison.Ordinal))
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // no watchdog, or it is already gone
        }
        finally
        {
            TryDelete(path);
        }
    }

    private string ServiceUserPrefix() => RunsAsRoot ? $"runuser -u '{_options.ServiceUser}' -- " : string.Empty;

    private Task<ProcessRunner.Result> RunPgAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        RunsAsRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", _options.ServiceUser, "--", program, .. args], cancellationToken)
            : ProcessRunner.RunAsync(program, args, cancellationToken);

    private async Task ChownToServiceUserAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("chown", [$"{_options.ServiceUser}:", path], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"PostgreSQL refuses to run as root, so the embedded cluster runs as the system user '{_options.ServiceUser}', " +
                $"but '{path}' could not be given to that user: {result.Output.Trim()} " +
                "Install the Debian package 'postgresql' (it creates the user), set Bridge:Database:Embedded:ServiceUser, or run the bridge as a normal user.");
        }
    }

    private async Task EnsureServiceUserCanWriteAsync(CancellationToken cancellationToken)
    {
        var probe = await ProcessRunner.RunAsync("runuser", ["-u", _options.ServiceUser, "--", "test", "-w", _root], cancellationToken);
        if (probe.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The embedded cluster runs as the system user '{_options.ServiceUser}' (PostgreSQL refuses root), " +
                $"and that user cannot reach '{_root}' (a parent folder is not accessible to it). " +
                "Set Bridge:Database:Embedded:DataDirectory to a folder it can reach, for example /var/lib/bridge.");
        }
    }

    private string ReadPassword()
    {
        var path = Path.Combine(_root, "superuser.password");
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException ex)
        {
            throw new EmbeddedPostgresException($"The embedded cluster in {_root} has no superuser.password; delete the folder to start afresh.", ex);
        }
    }

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Tail(string text, int lines = 20) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Initialised embedded PostgreSQL cluster in {DataDirectory}")]
    private partial void LogInitialised(string dataDirectory);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Started embedded PostgreSQL on 127.0.0.1:{Port} ({DataDirectory})")]
    private partial void LogStarted(int port, string dataDirectory);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Adopted embedded PostgreSQL on port {Port} (postmaster {Pid}) left running by a process that exited without stopping it")]
    private partial void LogAdopted(int port, int pid);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Attached to embedded PostgreSQL on port {Port}, run by process {OwnerPid}")]
    private partial void LogAttached(int port, int ownerPid);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Removing stale postmaster.pid (PID {Pid} is not a running postgres)")]
    private partial void LogRemovingStalePidFile(int pid);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Removing partially initialised cluster in {DataDirectory}")]
    private partial void LogRemovingPartialCluster(string dataDirectory);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Stopped embedded PostgreSQL ({DataDirectory})")]
    private partial void LogStopped(string dataDirectory);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "pg_ctl stop failed: {Output}")]
    private partial void LogStopFailed(string output);
}
