namespace Bridge.Simulators.Ethereum;

/// <summary>
/// Where the dev chain is installed and how to run it. Every path is optional: by default the repository root
/// is the first folder holding <c>Bridge.sln</c> above the application's folder (then above the current
/// folder), and the installation is the one <c>./eng/prerequisites.sh</c> makes under <c>simulators/ethereum</c>.
/// </summary>
public sealed class DevChainOptions
{
    /// <summary>The repository root (the folder holding <c>Bridge.sln</c>); found by walking up when null.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The npm project with Hardhat installed; default <c>&lt;root&gt;/simulators/ethereum</c>.</summary>
    public string? SimulatorDirectory { get; set; }

    /// <summary>The Node.js (22.13 or later) executable; default the one from npm in <c>simulators/ethereum/node22</c>.</summary>
    public string? NodeExecutable { get; set; }

    /// <summary>The chain id; null keeps Hardhat's default, 31337.</summary>
    public long? ChainId { get; set; }

    /// <summary>The loopback port; 0 (default) picks a free one and retries on a port race.</summary>
    public int Port { get; set; }

    /// <summary>How many free ports to try when another process takes the chosen one first (default 3).</summary>
    public int PortAttempts { get; set; } = 3;

    /// <summary>The longest wait from process start to <c>eth_chainId</c> answered (default 60 s).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Keep Hardhat's per-request console logging on (default off: it costs throughput).</summary>
    public bool RequestLogging { get; set; }

    /// <summary>Chooses the port when <see cref="Port"/> is 0; tests replace it to provoke a port race.</summary>
    internal Func<int>? PortPicker { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range (a programming error).</summary>
    public void Validate()
    {
        if (ChainId is { } chainId && chainId <= 0)
        {
            throw new ArgumentException($"ChainId must be positive, not {chainId}.", nameof(ChainId));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be 0 (any free port) or 1-65535, not {Port}.", nameof(Port));
        }

        if (PortAttempts < 1)
        {
            throw new ArgumentException($"PortAttempts must be at least 1, not {PortAttempts}.", nameof(PortAttempts));
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"StartTimeout must be positive, not {StartTimeout}.", nameof(StartTimeout));
        }
    }
}
