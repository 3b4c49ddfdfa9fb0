using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Simulators.Ethereum;

namespace Bridge.Host.Cli;

/// <summary>
/// <c>bridge eth deploy</c> (the bridge's contracts on any Ethereum node) and <c>bridge sim ethereum</c> (a local dev
/// chain with the contracts deployed, for integrators without a chain of their own).
/// </summary>
internal static class EthereumCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command BuildEth(TextWriter stdout, TextWriter stderr)
    {
        var rpc = new Option<string>("--rpc") { Description = "The node's JSON-RPC endpoint, e.g. http://127.0.0.1:8545.", Required = true };
        var keyFile = new Option<string?>("--key-file") { Description = "A file holding the deployer's private key as 64 hex digits (0x optional). The deployer owns TitleRegistry." };
        var keyEnv = new Option<string?>("--key-env") { Description = "The name of an environment variable holding the deployer's key, instead of --key-file." };
        var signers = new Option<string[]>("--relay-signer")
        {
            Description = "A relay signer address (repeat for each; default: the deployer alone).",
            AllowMultipleArgumentsPerToken = true,
        };
        var threshold = new Option<int>("--threshold") { Description = "How many relay signatures an inbound message needs (default 1).", DefaultValueFactory = _ => 1 };
        var deploy = new Command("deploy", "Deploy DocumentRegistry and TitleRegistry and print their addresses as JSON (chainId and contracts are the trust-anchor members of the same names).")
        {
            rpc, keyFile, keyEnv, signers, threshold,
        };
        deploy.SetAction(async (parse, cancellationToken) =>
        {
            using var key = ReadKey(parse.GetValue(keyFile), parse.GetValue(keyEnv));
            var relaySigners = ParseSigners(parse.GetValue(signers) ?? []);
            var m = parse.GetValue(threshold);
            if (m < 1 || m > Math.Max(1, relaySigners.Count))
            {
                throw new CliException(ExitCodes.UserError, $"--threshold must be between 1 and the number of relay signers ({Math.Max(1, relaySigners.Count)})");
            }

            if (!Uri.TryCreate(parse.GetValue(rpc), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new CliException(ExitCodes.UserError, $"--rpc '{parse.GetValue(rpc)}' is not an http(s) URL");
            }

            using var http = new HttpClient();
            var client = new EthRpcClient(http, new EthRpcClientOptions { Endpoint = endpoint, MaxAttempts = 2 });
            var deployed = await WithNodeAsync(endpoint, async () =>
            {
                var chainId = await client.GetChainIdAsync(cancellationToken);
                var sender = new TransactionSender(client, new NonceManager(client), chainId);
                return await ContractDeployer.DeployAsync(sender, key, relaySigners, (byte)m, cancellationToken);
            });
            await stdout.WriteLineAsync(deployed.ToJson().ToJsonString(Indented));
            await stderr.WriteLineAsync($"Deployed on chain {deployed.ChainId} from {deployed.Owner} in block {deployed.DeploymentBlock}.");
            return ExitCodes.Ok;
        });
        return new Command("eth", "Ethereum network tooling.") { deploy };
    }

    public static Command BuildSimEthereum(TextWriter stdout, TextWriter stderr)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (default: a free port).", DefaultValueFactory = _ => 0 };
        var chainId = new Option<long?>("--chain-id") { Description = "The chain id (default 31337)." };
        var output = new Option<string?>("--out") { Description = "Also write the deployment JSON (rpc, chainId, contracts, keys of the dev accounts used) to this file." };
        var ethereum = new Command("ethereum", "Run a local Ethereum dev chain (Hardhat, a real EVM from npm) on 127.0.0.1 with the bridge's contracts deployed, until Ctrl+C.")
        {
            port, chainId, output,
        };
        ethereum.SetAction(async (parse, cancellationToken) =>
        {
            DevChain chain;
            try
            {
                chain = await DevChain.StartAsync(new DevChainOptions { Port = parse.GetValue(port), ChainId = parse.GetValue(chainId) }, null, cancellationToken);
            }
            catch (DevChainException e)
            {
                throw new CliException(ExitCodes.Unavailable, e.Message);
            }

            await using (chain)
            {
                using var http = new HttpClient();
                var client = new EthRpcClient(http, new EthRpcClientOptions { Endpoint = chain.RpcUri });
                var sender = new TransactionSender(client, new NonceManager(client), (ulong)chain.ChainId);
                using var owner = EthPrivateKey.FromBytes(chain.Accounts[0].GetPrivateKey());
                var relays = chain.Accounts.Skip(1).Take(3).Select(a => EthAddress.Parse(a.Address)).ToList();
                var deployed = await ContractDeployer.DeployAsync(sender, owner, relays, 2, cancellationToken);

                var summary = deployed.ToJson();
                summary["rpc"] = chain.RpcUri.ToString();
                summary["relaySigners"] = new System.Text.Json.Nodes.JsonArray([.. chain.Accounts.Skip(1).Take(3).Select(a => (System.Text.Json.Nodes.JsonNode)a.Address)]);
                summary["threshold"] = 2;
                summary["devAccounts"] = new System.Text.Json.Nodes.JsonArray([.. chain.Accounts.Take(10).Select(a => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                {
                    ["address"] = a.Address,
                    ["privateKey"] = a.PrivateKeyHex,
                })]);
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, summary.ToJsonString(Indented), cancellationToken);
                }

                await stdout.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"""
                    Ethereum dev chain is ready ({chain.StartupTime.TotalSeconds:0.0} s) on {chain.RpcUri} (chain {chain.ChainId}, Hardhat)
                      DocumentRegistry  {deployed.DocumentRegistry}
                      TitleRegistry     {deployed.TitleRegistry}  (owner {deployed.Owner}; relay signers {string.Join(", ", relays)}; threshold 2)
                      Dev accounts      Hardhat's public test keys (never use them on a real network){(parse.GetValue(output) is { } f ? $"; written with the deployment to {f}" : string.Empty)}
                    Press Ctrl+C to stop.
                    """));
                await CliSignals.WaitForStopAsync(cancellationToken);
                await stderr.WriteLineAsync("Stopping the dev chain.");
            }

            return ExitCodes.Ok;
        });
        return ethereum;
    }

    private static EthPrivateKey ReadKey(string? file, string? environmentVariable)
    {
        if (file is null == environmentVariable is null)
        {
            throw new CliException(ExitCodes.UserError, "give the deployer's key with exactly one of --key-file or --key-env");
        }

        try
        {
            return file is not null ? EthPrivateKey.FromFile(file) : EthPrivateKey.FromEnvironment(environmentVariable!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.UserError, e.Message);
        }
    }

    private static List<EthAddress> ParseSigners(string[] values)
    {
        var result = new List<EthAddress>();
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!EthAddress.TryParse(value, out var address))
            {
                throw new CliException(ExitCodes.UserError, $"--relay-signer '{value}' is not an address (0x + 40 hex digits, EIP-55 checksum when mixed case)");
            }

            result.Add(address);
        }

        return result;
    }

    private static async Task<T> WithNodeAsync<T>(Uri endpoint, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (EthRpcException e) when (e.Kind is EthRpcErrorKind.Transport or EthRpcErrorKind.Timeout or EthRpcErrorKind.HttpStatus)
        {
            throw new CliException(ExitCodes.Unavailable, $"cannot use the Ethereum node at {endpoint}: {e.Message}");
        }
        catch (EthRpcException e)
        {
            throw new CliException(ExitCodes.UserError, $"the node at {endpoint} refused: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(ExitCodes.UserError, e.Message);
        }
    }
}
