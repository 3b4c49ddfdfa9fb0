using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bridge.Simulators.Ethereum;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>Paths of the installed dev chain, a runner for Node scripts and a view of /proc for process checks.</summary>
internal static class EthereumTestSupport
{
    private static readonly Lazy<DevChainInstallation> LazyInstallation = new(() => DevChainInstallation.Locate(new DevChainOptions()));

    /// <summary>The installation made by ./eng/prerequisites.sh (throws with that hint when it is missing).</summary>
    public static DevChainInstallation Installation => LazyInstallation.Value;

    public static string RepositoryRoot => DevChainInstallation.FindRepositoryRoot();

    public static string ContractsDirectory =>
        Path.Combine(RepositoryRoot, "src", "Adapters", "Bridge.Adapters.Ethereum", "Contracts");

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new empty folder under the temp folder, removed by the caller.</summary>
    public static string NewTempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "bridge-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void TryDeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    /// <summary>Runs Node 22 with <paramref name="arguments"/> in simulators/ethereum and returns exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunNodeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Installation.NodeExecutable)
        {
            WorkingDirectory = Installation.SimulatorDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Reads a JSON-RPC quantity.</summary>
    public static long Quantity(JsonElement element) =>
        long.Parse(element.GetString()!.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>The process and all its descendants, from /proc (Linux).</summary>
    public static IReadOnlyList<int> ProcessTree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, parent) in ProcessParents())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            if (children.TryGetValue(tree[i], out var list))
            {
                tree.AddRange(list);
            }
        }

        return tree;
    }

    /// <summary>True while the process exists and is not a zombie (it runs, sleeps or stops).</summary>
    public static bool IsRunning(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State != 'Z';
    }

    /// <summary>The command line of a process, arguments separated by spaces; null when it is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<(int Pid, int Parent)> ProcessParents()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                ReadStat(pid) is { } stat)
            {
                yield return (pid, stat.Parent);
            }
        }
    }

    /// <summary>State and parent from /proc/PID/stat (proc(5): fields 3 and 4, after the parenthesised name).</summary>
    private static (char State, int Parent)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
