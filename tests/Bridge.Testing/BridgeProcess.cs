using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridge.Testing;

/// <summary>
/// The real <c>bridge</c> program run as a child process (the build output copied beside the tests), for
/// tests of what only a process shows: start-up, signals, kill -9, several hosts, exit codes.
/// </summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private BridgeProcess(Process process, Uri? url)
    {
        _process = process;
        Url = url;
    }

    public Uri? Url { get; }

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string BridgeDll => Path.Combine(AppContext.BaseDirectory, "bridge.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts <c>bridge serve</c> in <paramref name="workingDirectory"/> on a free port.</summary>
    public static BridgeProcess Serve(string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        return Start(workingDirectory, ["serve", "--urls", url.ToString().TrimEnd('/')], environment, url);
    }

    public static BridgeProcess Start(string workingDirectory, IReadOnlyList<string> args, IDictionary<string, string>? environment = null, Uri? url = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(BridgeDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("BRIDGE_API_KEY");
        psi.Environment.Remove("ConnectionStrings__Bridge");
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var bridge = new BridgeProcess(process, url);
        process.OutputDataReceived += (_, e) => Append(bridge._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(bridge._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bridge;
    }

    /// <summary>Runs a short command to completion; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, IReadOnlyList<string> args, IDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        await using var p = Start(workingDirectory, args, environment);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await p._process.WaitForExitAsync(timeout.Token);
        p._process.WaitForExit(); // flush the asynchronous output readers
        return (p._process.ExitCode, p.Stdout, p.Stderr);
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails with the process output if it does not.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"bridge exited with {_process.ExitCode} before it was ready.\nstderr:\n{Stderr}\nstdout:\n{Stdout}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url!, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"bridge was not ready within {timeout}.\nstderr:\n{Stderr}\nstdout:\n{Stdout}");
    }

    /// <summary>SIGTERM, as a service manager stops a service; waits for a clean exit.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9: no chance to clean up.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }
}
