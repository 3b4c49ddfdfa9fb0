using System.CommandLine;
using System.Runtime.InteropServices;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;
using Bridge.Simulators.Platform;

namespace Bridge.Host.Cli;

/// <summary><c>bridge sim ethereum|fabric|platform</c>: the bundled simulators, run alone until Ctrl+C or SIGTERM.</summary>
internal static class SimulatorCommands
{
    public static Command Build(TextWriter stdout, TextWriter stderr) =>
        new("sim", "Run a bundled simulator.")
        {
            EthereumCommands.BuildSimEthereum(stdout, stderr),
            BuildFabric(stdout, stderr),
            BuildPlatform(stdout, stderr),
        };

    private static Command BuildPlatform(TextWriter stdout, TextWriter stderr)
    {
        var port = new Option<int>("--port") { Description = "The API's port on 127.0.0.1 (default: a free port).", DefaultValueFactory = _ => 0 };
        var data = new Option<string>("--data") { Description = "Where the journal and documents live (kept across restarts).", DefaultValueFactory = _ => Path.Combine("bridge-data", "platform") };
        var seed = new Option<string>("--seed") { Description = "Derives organisations, API keys, the signing key and every id (same seed, same ids).", DefaultValueFactory = _ => "trade-chain-bridge" };
        var reset = new Option<bool>("--reset") { Description = "Forget everything and seed again before starting." };
        var tokenLifetime = new Option<int>("--token-lifetime") { Description = "Token lifetime in seconds (default 3600).", DefaultValueFactory = _ => 3600 };
        var noDemo = new Option<bool>("--no-demo-data") { Description = "Start without the demo consignment and its events." };
        var platform = new Command("platform", "Run the TradeLens-style platform simulator (token exchange, organisations with roles, events, currentProgress, signed webhooks, documents, JWS attestations) on 127.0.0.1 until Ctrl+C.")
        {
            port, data, seed, reset, tokenLifetime, noDemo,
        };
        platform.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(tokenLifetime) is < 60 or > 86_400)
            {
                throw new CliException(ExitCodes.UserError, "--token-lifetime must be 60 to 86400 seconds.");
            }

            if (string.IsNullOrWhiteSpace(parse.GetValue(seed)))
            {
                throw new CliException(ExitCodes.UserError, "--seed must not be empty.");
            }

            var options = new PlatformSimulatorOptions
            {
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                Seed = parse.GetValue(seed)!,
                Port = parse.GetValue(port),
                TokenLifetime = TimeSpan.FromSeconds(parse.GetValue(tokenLifetime)),
                SeedDemoData = !parse.GetValue(noDemo),
            };
            PlatformSimulator simulator;
            try
            {
                simulator = await PlatformSimulator.StartAsync(options, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw new CliException(ExitCodes.UserError, e.Message);
            }

            await using (simulator)
            {
                if (parse.GetValue(reset))
                {
                    simulator.Reset();
                }

                await stdout.WriteAsync(simulator.DescribeForConsole());
                await stdout.WriteLineAsync("Press Ctrl+C to stop.");
                await CliSignals.WaitForStopAsync(cancellationToken);
                await stderr.WriteLineAsync("Stopping the platform simulator.");
            }

            return ExitCodes.Ok;
        });
        return platform;
    }

    private static Command BuildFabric(TextWriter stdout, TextWriter stderr)
    {
        var port = new Option<int>("--port") { Description = "The Gateway's port on 127.0.0.1 (default: a free port).", DefaultValueFactory = _ => 0 };
        var data = new Option<string>("--data") { Description = "Where crypto material and ledgers live (kept across restarts).", DefaultValueFactory = _ => Path.Combine("bridge-data", "fabric") };
        var reset = new Option<bool>("--reset") { Description = "Forget every channel's blocks and state before starting (crypto material stays)." };
        var channels = new Option<string[]>("--channel") { Description = "A channel (repeat for several; default trade).", AllowMultipleArgumentsPerToken = true };
        var endorsements = new Option<int>("--endorsements") { Description = "How many of the organisations must endorse (default 2 of 3).", DefaultValueFactory = _ => 2 };
        var blockSize = new Option<int>("--block-size") { Description = "The most transactions per block (Fabric's BatchSize.MaxMessageCount; default 10).", DefaultValueFactory = _ => 10 };
        var batchTimeout = new Option<int?>("--batch-timeout-ms") { Description = "Fabric's BatchTimeout in milliseconds: cut a block when --block-size transactions wait or this long after the first one arrived (default: cut as soon as the previous block is written)." };
        var tls = new Option<bool>("--tls") { Description = "Serve the Gateway over TLS (https://) with a certificate from the simulator's TLS CA, which every printed MSP folder's tlscacerts/ trusts (default: h2c)." };
        var mutualTls = new Option<bool>("--mutual-tls") { Description = "TLS (implies --tls) that also requires a client certificate chaining to one of the organisations' CAs, such as a client MSP folder's signcerts/ with its keystore/." };
        var fabric = new Command("fabric", "Run the Fabric Gateway simulator (carrier, bank and customs organisations, the bridge chaincode) on 127.0.0.1 until Ctrl+C. Fabric clients, the official ones included, connect with the MSP folders it prints.")
        {
            port, data, reset, channels, endorsements, blockSize, batchTimeout, tls, mutualTls,
        };
        fabric.SetAction(async (parse, cancellationToken) =>
        {
            var options = new FabricNetworkOptions
            {
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                Channels = parse.GetValue(channels) is { Length: > 0 } named ? named : ["trade"],
                EndorsementsRequired = parse.GetValue(endorsements),
                MaxBlockTransactions = parse.GetValue(blockSize),
                BatchTimeout = parse.GetValue(batchTimeout) is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.UserError, e.Message);
            }

            FabricNetwork network;
            try
            {
                network = FabricNetwork.Open(options);
            }
            catch (InvalidDataException e)
            {
                throw new CliException(ExitCodes.UserError, e.Message);
            }

            using (network)
            {
                if (parse.GetValue(reset))
                {
                    network.Reset();
                }

                var server = new GrpcServer();
                network.Map(server);
                var hostOptions = new GrpcServerHostOptions { Port = parse.GetValue(port) };
                var mutual = parse.GetValue(mutualTls);
                var secure = mutual || parse.GetValue(tls);
                if (secure)
                {
                    network.UseTls(hostOptions, requireClientCertificate: mutual);
                }

                await using var host = await GrpcServerHost.StartAsync(server, hostOptions, cancellationToken);
                await stdout.WriteLineAsync(secure
                    ? $"Fabric Gateway simulator is ready on https://{host.BaseAddress.Host}:{host.BaseAddress.Port} ({(mutual ? "mutual TLS" : "TLS")})"
                    : $"Fabric Gateway simulator is ready on {host.BaseAddress.Host}:{host.BaseAddress.Port} (h2c)");
                await stdout.WriteLineAsync($"  Channels      {string.Join(", ", options.Channels)} (chaincode {options.Chaincode}; endorsement policy {options.EndorsementsRequired} of {network.Organizations.Count} organisations)");
                await stdout.WriteLineAsync($"  Blocks        up to {options.MaxBlockTransactions} transactions, {(options.BatchTimeout is { } timeout ? $"cut after {timeout.TotalMilliseconds:0} ms at the latest" : "cut as soon as the previous block is written")}");
                foreach (var organization in network.Organizations)
                {
                    await stdout.WriteLineAsync($"  {organization.MspId,-13} client MSP folder {organization.ClientMspFolder}");
                }

                if (secure)
                {
                    await stdout.WriteLineAsync($"  TLS           server certificate {Path.Combine(network.GatewayTls.Folder, "server.crt")} (localhost, 127.0.0.1, ::1), issued by {Path.Combine(network.GatewayTls.Folder, "ca.crt")}; each MSP folder's tlscacerts/ trusts that CA, so `bridge fabric invoke|query --gateway https://...` needs no --tls-ca");
                    if (mutual)
                    {
                        await stdout.WriteLineAsync("  Mutual TLS    clients present a certificate of one of the organisations: --tls-cert {MSP folder}/signcerts/*.pem --tls-key {MSP folder}/keystore/priv_sk");
                    }
                }

                await stdout.WriteLineAsync($"  Data          {options.DataDirectory}");
                await stdout.WriteLineAsync("Press Ctrl+C to stop.");
                await CliSignals.WaitForStopAsync(cancellationToken);
                await stderr.WriteLineAsync("Stopping the Fabric simulator.");
            }

            return ExitCodes.Ok;
        });
        return fabric;
    }
}

/// <summary>Waiting for Ctrl+C or SIGTERM in verbs that run until stopped.</summary>
internal static class CliSignals
{
    /// <summary>Completes when SIGINT or SIGTERM arrives (the process then exits normally) or the token is cancelled.</summary>
    public static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
