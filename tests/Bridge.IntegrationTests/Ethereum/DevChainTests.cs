using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bridge.Simulators.Ethereum;
using static Bridge.IntegrationTests.Ethereum.EthereumTestSupport;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>The dev chain launcher against the real Hardhat node installed by ./eng/prerequisites.sh.</summary>
[Trait("Category", "Integration")]
public sealed class DevChainTests
{
    [Fact]
    public async Task StartAsync_Defaults_ServesChainId31337OnLoopback()
    {
        await using var chain = await DevChain.StartAsync(new DevChainOptions(), null, Ct);

        chain.ChainId.ShouldBe(31337);
        chain.RpcUri.Host.ShouldBe("127.0.0.1");
        chain.RpcUri.Port.ShouldBeGreaterThan(0);
        (await chain.RequestAsync("eth_chainId", null, Ct)).GetString().ShouldBe("0x7a69");
        chain.StartupTime.ShouldBeGreaterThan(TimeSpan.Zero);
        chain.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task RequestAsync_EvmMine_AddsOneBlock()
    {
        await using var chain = await DevChain.StartAsync(new DevChainOptions(), null, Ct);
        var before = Quantity(await chain.RequestAsync("eth_blockNumber", null, Ct));

        await chain.RequestAsync("evm_mine", null, Ct);

        var after = Quantity(await chain.RequestAsync("eth_blockNumber", null, Ct));
        after.ShouldBe(before + 1);
        var block = await chain.RequestAsync("eth_getBlockByNumber", [$"0x{after:x}", false], Ct);
        Quantity(block.GetProperty("number")).ShouldBe(after);
    }

    [Fact]
    public async Task RequestAsync_EthAccounts_AreTheDevAccountsInOrder()
    {
        await using var chain = await DevChain.StartAsync(new DevChainOptions(), null, Ct);

        var accounts = (await chain.RequestAsync("eth_accounts", null, Ct)).EnumerateArray().Select(a => a.GetString()!).ToList();

        accounts.Count.ShouldBe(20);
        for (var i = 0; i < accounts.Count; i++)
        {
            accounts[i].ShouldBe(chain.Accounts[i].Address, StringCompareShould.IgnoreCase);
        }

        var balance = await chain.RequestAsync("eth_getBalance", [chain.Accounts[19].Address, "latest"], Ct);
        balance.GetString().ShouldBe("0x21e19e0c9bab2400000"); // 10,000 ether = 10^22 wei
    }

    [Fact]
    public async Task RequestAsync_UnknownMethod_ThrowsRpcExceptionWithTheNodesError()
    {
        await using var chain = await DevChain.StartAsync(new DevChainOptions(), null, Ct);

        var error = await Should.ThrowAsync<DevChainRpcException>(() => chain.RequestAsync("bridge_noSuchMethod", null, Ct));

        error.Method.ShouldBe("bridge_noSuchMethod");
        error.Code.ShouldBeLessThan(0);
    }

    [Fact]
    public async Task DisposeAsync_RunningChain_LeavesNoProcessAndClosesThePort()
    {
        var chain = await DevChain.StartAsync(new DevChainOptions(), null, Ct);
        var tree = ProcessTree(chain.ProcessId);
        IsRunning(chain.ProcessId).ShouldBeTrue();
        CommandLine(chain.ProcessId)!.ShouldContain($"--port {chain.RpcUri.Port}");

        await chain.DisposeAsync();

        chain.HasExited.ShouldBeTrue();
        tree.Where(IsRunning).ShouldBeEmpty("the node and everything it started must be gone");
        using var client = new TcpClient();
        await Should.ThrowAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, chain.RpcUri.Port, Ct).AsTask());
    }

    [Fact]
    public async Task StartAsync_TwoChainsAtOnce_RunIndependentlyOnDifferentPorts()
    {
        var starts = new[]
        {
            DevChain.StartAsync(new DevChainOptions(), null, Ct),
            DevChain.StartAsync(new DevChainOptions { ChainId = 1337 }, null, Ct),
        };
        DevChain[] chains;
        try
        {
            chains = await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await (await start).DisposeAsync();
            }

            throw;
        }

        await using var first = chains[0];
        await using var second = chains[1];
        first.RpcUri.Port.ShouldNotBe(second.RpcUri.Port);
        first.ProcessId.ShouldNotBe(second.ProcessId);
        first.ChainId.ShouldBe(31337);
        second.ChainId.ShouldBe(1337);

        await first.RequestAsync("evm_mine", null, Ct);
        await first.RequestAsync("evm_mine", null, Ct);

        Quantity(await first.RequestAsync("eth_blockNumber", null, Ct)).ShouldBe(2);
        Quantity(await second.RequestAsync("eth_blockNumber", null, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task StartAsync_ExplicitPortInUse_FailsWithTheReasonAndLeavesNoProcess()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = await Should.ThrowAsync<DevChainException>(() => DevChain.StartAsync(new DevChainOptions { Port = port }, null, Ct));

        error.Message.ShouldContain($"127.0.0.1:{port}");
        error.Message.ShouldContain("in use");
        ProcessTree(Environment.ProcessId)
            .Where(pid => pid != Environment.ProcessId && IsRunning(pid))
            .Select(CommandLine)
            .ShouldNotContain(command => command != null && command.Contains($"--port {port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ChosenPortTakenFirst_RetriesOnAnotherPort()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var picks = 0;
        var options = new DevChainOptions
        {
            PortPicker = () => Interlocked.Increment(ref picks) == 1 ? taken : FreePort(),
        };

        await using var chain = await DevChain.StartAsync(options, null, Ct);

        picks.ShouldBe(2);
        chain.RpcUri.Port.ShouldNotBe(taken);
        chain.ChainId.ShouldBe(31337);
    }

    [Theory]
    [InlineData("project", "package.json")]
    [InlineData("node", "Node.js 22 was not found")]
    [InlineData("hardhat", "Hardhat was not found")]
    public async Task StartAsync_MissingInstall_SaysToRunPrerequisites(string missing, string expected)
    {
        var folder = NewTempFolder("devchain-missing");
        try
        {
            if (missing != "project")
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{}", Ct);
            }

            var options = new DevChainOptions
            {
                SimulatorDirectory = folder,
                NodeExecutable = missing == "hardhat" ? Installation.NodeExecutable : null,
            };

            var error = await Should.ThrowAsync<DevChainNotInstalledException>(() => DevChain.StartAsync(options, null, Ct));

            error.Message.ShouldContain(expected);
            error.Message.ShouldContain("Run ./eng/prerequisites.sh");
        }
        finally
        {
            TryDeleteFolder(folder);
        }
    }

    [Fact]
    public async Task ExitWithParentScript_StandardInputClosed_EndsTheNodeProcess()
    {
        var startInfo = new ProcessStartInfo(Installation.NodeExecutable)
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--import");
        startInfo.ArgumentList.Add(new Uri(Installation.ExitWithParentScript).AbsoluteUri);
        startInfo.ArgumentList.Add("-e");
        startInfo.ArgumentList.Add("setInterval(() => {}, 1000)"); // would run for ever
        using var process = Process.Start(startInfo)!;
        try
        {
            process.HasExited.ShouldBeFalse();

            process.StandardInput.Close(); // what happens when the launching process dies

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
