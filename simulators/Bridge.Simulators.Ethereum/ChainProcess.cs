using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bridge.Simulators.Ethereum;

/// <summary>
/// One <c>hardhat node</c> process: started with its output captured (the last lines kept for error messages),
/// watched for the server's start-up line and for its exit, and stopped with its whole process tree.
/// </summary>
internal sealed partial class ChainProcess
{
    /// <summary>What <c>hardhat node</c> prints once its HTTP server listens.</summary>
    internal const string ReadyBanner = "Started HTTP and WebSocket JSON-RPC server at ";

    private const string PrivateKeyLine = "Private Key:";
    private const int TailLines = 40;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _expectedBanner;
    private Task _exited = Task.CompletedTask;

    private ChainProcess(Process process, int port, ILogger logger)
    {
        _process = process;
        _logger = logger;
        _expectedBanner = $"{ReadyBanner}http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public int Id { get; private set; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>Completes when this process printed that its server listens on the expected port.</summary>
    public Task Banner => _banner.Task;

    /// <summary>Completes when the process has exited and its output has been read to the end.</summary>
    public Task Exited => _exited;

    public int? ExitCode => _exited.IsCompleted ? _process.ExitCode : null;

    /// <summary>Starts <c>node [--import exit-with-parent] &lt;hardhat cli&gt; node --hostname 127.0.0.1 --port P [--chain-id N]</c>.</summary>
    public static ChainProcess Start(DevChainInstallation installation, DevChainOptions options, int port, ILogger logger)
    {
        var startInfo = new ProcessStartInfo(installation.NodeExecutable)
        {
            WorkingDirectory = installation.SimulatorDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("--import");
        startInfo.ArgumentList.Add(new Uri(installation.ExitWithParentScript).AbsoluteUri);
        startInfo.ArgumentList.Add(installation.HardhatCli);
        startInfo.ArgumentList.Add("node");
        // Always bind loopback explicitly: Hardhat binds 0.0.0.0 otherwise on some machines.
        startInfo.ArgumentList.Add("--hostname");
        startInfo.ArgumentList.Add("127.0.0.1");
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        if (options.ChainId is { } chainId)
        {
            startInfo.ArgumentList.Add("--chain-id");
            startInfo.ArgumentList.Add(chainId.ToString(CultureInfo.InvariantCulture));
        }

        // Node 22 first on PATH for anything Hardhat spawns; no telemetry, banners or colour codes in the output.
        var nodeDirectory = Path.GetDirectoryName(installation.NodeExecutable)!;
        var path = Environment.GetEnvironmentVariable("PATH");
        startInfo.Environment["PATH"] = string.IsNullOrEmpty(path) ? nodeDirectory : $"{nodeDirectory}{Path.PathSeparator}{path}";
        startInfo.Environment["HARDHAT_DISABLE_TELEMETRY"] = "true";
        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment["FORCE_COLOR"] = "0";

        var process = new Process { StartInfo = startInfo };
        var chainProcess = new ChainProcess(process, port, logger);
        process.OutputDataReceived += (_, e) => chainProcess.OnOutput(e.Data, "stdout");
        process.ErrorDataReceived += (_, e) => chainProcess.OnOutput(e.Data, "stderr");

        chainProcess.StartTimestamp = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new DevChainNotInstalledException(
                $"The Ethereum dev chain could not start {installation.NodeExecutable}: {ex.Message}. Run ./eng/prerequisites.sh from the repository root.", ex);
        }

        chainProcess.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Completes after the exit and after both output streams reached end-of-file.
        chainProcess._exited = process.WaitForExitAsync(CancellationToken.None);
        LogStarted(logger, process.Id, port);
        return chainProcess;
    }

    /// <summary>True when the captured output contains <paramref name="text"/> (for example EADDRINUSE).</summary>
    public bool OutputContains(string text)
    {
        lock (_gate)
        {
            return _tail.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>The last lines of output, for error messages.</summary>
    public string OutputTail()
    {
        lock (_gate)
        {
            return _tail.Count == 0 ? " (no output)" : $"{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}";
        }
    }

    /// <summary>Kills the process and every process it started, then waits for the exit.</summary>
    public async Task StopAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it was never started or has been disposed
        }
        catch (Win32Exception ex)
        {
            LogKillFailed(_logger, ex, Id);
        }

        try
        {
            await _exited.WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            LogDidNotExit(_logger, Id, StopTimeout.TotalSeconds);
        }

        _process.Dispose();
        LogStopped(_logger, Id);
    }

    private void OnOutput(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }

        // Hardhat prints the funded accounts' private keys; public test keys, but keys are never logged here.
        if (line.StartsWith(PrivateKeyLine, StringComparison.Ordinal))
        {
            line = $"{PrivateKeyLine} (not logged)";
        }

        lock (_gate)
        {
            if (_tail.Count == TailLines)
            {
                _tail.Dequeue();
            }

            _tail.Enqueue(line);
        }

        if (line.StartsWith(_expectedBanner, StringComparison.Ordinal))
        {
            _banner.TrySetResult();
        }

        LogOutput(_logger, Id, stream, line);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "Started hardhat node, process {ProcessId}, port {Port}")]
    private static partial void LogStarted(ILogger logger, int processId, int port);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "hardhat node {ProcessId} {Stream}: {Line}")]
    private static partial void LogOutput(ILogger logger, int processId, string stream, string line);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Could not kill the dev chain's process tree (process {ProcessId})")]
    private static partial void LogKillFailed(ILogger logger, Exception exception, int processId);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "The dev chain (process {ProcessId}) did not exit within {Seconds} s of being killed")]
    private static partial void LogDidNotExit(ILogger logger, int processId, double seconds);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Stopped the Ethereum dev chain (process {ProcessId})")]
    private static partial void LogStopped(ILogger logger, int processId);
}
