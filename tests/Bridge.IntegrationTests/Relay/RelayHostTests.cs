using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Ethereum;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// The relay as the host runs it (<c>Bridge:Relay</c> configuration: relay keys in files, a connection per network): the
/// host watches the Fabric simulator, and a title locked there arrives on the dev chain's TitleRegistry (deployed for this
/// class with the host's relay keys, 2 of 3), with the proof bundle served by <c>GET /api/v1/messages/{id}/proof</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RelayHostTests : IClassFixture<FabricAdapterFixture>, IAsyncLifetime
{
    private const string FabricName = "fabric-carrier";
    private const string EthereumName = "eth-finance";
    private const string LaneName = "ebl-title";

    private readonly FabricAdapterFixture _fabric;
    private readonly SharedEthereumLane _ethereum;
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-relay-host-").FullName;
    private readonly List<EthPrivateKey> _relays = [];
    private BridgeHostFixture _host = null!;
    private DeployedContracts _contracts = null!;

    public RelayHostTests(FabricAdapterFixture fabric, SharedEthereumLane ethereum)
    {
        _fabric = fabric;
        _ethereum = ethereum;
    }

    private EthereumLane Eth => _ethereum.Lane;

    public async ValueTask InitializeAsync()
    {
        var arguments = new List<string> { "--Bridge:Relay:Enabled=true", "--Bridge:Relay:LaneRefreshMilliseconds=200", "--Bridge:Relay:FinalityPollMilliseconds=50" };
        for (var i = 0; i < 3; i++)
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            _relays.Add(EthPrivateKey.FromBytes(secret));
            arguments.Add($"--Bridge:Relay:SignerKeyFiles:{i}={await KeyFileAsync($"relay-{i}.key", secret)}");
        }

        var senderSecret = RandomNumberGenerator.GetBytes(32);
        using (var sender = EthPrivateKey.FromBytes(senderSecret))
        {
            await Eth.FundAsync(sender.Address, Ct);
        }

        var deployer = await Eth.FundedKeyAsync(Ct);
        _contracts = await ContractDeployer.DeployAsync(Eth.Sender, deployer, [.. _relays.Select(r => r.Address)], 2, Ct);
        var carrier = _fabric.Network.Organizations[0];
        arguments.AddRange(
        [
            $"--Bridge:Relay:Adapters:{FabricName}:Endpoint={_fabric.Endpoint}",
            $"--Bridge:Relay:Adapters:{FabricName}:Msp={carrier.ClientMspFolder}",
            $"--Bridge:Relay:Adapters:{FabricName}:MspId={carrier.MspId}",
            $"--Bridge:Relay:Adapters:{EthereumName}:Endpoint={Eth.Chain.RpcUri}",
            $"--Bridge:Relay:Adapters:{EthereumName}:KeyFile={await KeyFileAsync("sender.key", senderSecret)}",
            $"--Bridge:Relay:Adapters:{EthereumName}:StartBlock={_contracts.DeploymentBlock}",
            $"--Bridge:Relay:Adapters:{EthereumName}:PollMilliseconds=50",
        ]);
        _host = BridgeHostFixture.WithArguments([.. arguments]);
        await _host.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        foreach (var relay in _relays)
        {
            relay.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task HostRelay_TitleLockedOnFabric_ArrivesOnEthereumAndItsProofBundleIsServed()
    {
        using var client = _host.Client(_host.OperatorKey);
        await RegisterAsync(client);
        var fabric = _fabric.CreateAdapter(FabricName);
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', _relays.Select(r => r.Address.ToString())), "2"]), "relay-signers", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var recipient = EthPrivateKey.Generate().Address;
        var titleId = Guid.NewGuid().ToString();
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", new PartyRef(string.Empty, _fabric.CarrierParty), new PartyRef(string.Empty, recipient.ToString()), LaneName, EthereumName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        var message = await WaitForAsync(client, "acknowledged");

        using var proof = await client.GetAsync($"/api/v1/messages/{message.GetProperty("id").GetString()}/proof", Ct);
        var bundle = await proof.ShouldBeJsonAsync(HttpStatusCode.OK);
        bundle.GetProperty("version").GetInt32().ShouldBe(1);
        bundle.GetProperty("payload").GetProperty("titleId").GetString().ShouldBe(titleId);
        bundle.GetProperty("proofs").EnumerateArray().Select(p => p.GetProperty("role").GetString()).ShouldBe(["source", "acknowledgement", "relay-attestation"]);
        bundle.GetProperty("proofs")[0].GetProperty("verdict").GetProperty("valid").GetBoolean().ShouldBeTrue();
        bundle.GetProperty("proofs")[0].GetProperty("envelope").GetProperty("kind").GetString().ShouldBe("fabric-endorsement");

        // The bundle checks offline with 'bridge verify' against a trust file of the Fabric anchors and the lane's relay keys;
        // the same bundle with one byte of the source proof's data changed does not.
        var trust = new JsonObject
        {
            ["networks"] = new JsonObject
            {
                [FabricName] = new JsonObject { ["kind"] = "fabric", ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(_fabric.Network.TrustAnchors("trade")).GetRawText()) },
            },
            ["relaySigners"] = new JsonObject
            {
                [LaneName] = new JsonObject { ["signers"] = new JsonArray([.. _relays.Select(r => (JsonNode)r.Address.ToString())]), ["threshold"] = 2 },
            },
        };
        var (exit, output) = await VerifyAsync(bundle.GetRawText(), trust.ToJsonString());
        exit.ShouldBe(0, output);
        var tampered = JsonNode.Parse(bundle.GetRawText())!;
        var data = tampered["proofs"]![0]!["envelope"]!["data"]!.AsObject();
        var member = data.First(p => p.Value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 40);
        var text = member.Value!.GetValue<string>();
        data[member.Key] = text[..20] + (text[20] == 'A' ? 'B' : 'A') + text[21..];
        var (tamperedExit, tamperedOutput) = await VerifyAsync(tampered.ToJsonString(), trust.ToJsonString());
        tamperedExit.ShouldBe(1, tamperedOutput);
        tamperedOutput.ShouldContain("invalid (");

        // The transfer is on /metrics: its latency from source finality to submission, and the whole transfer.
        var metrics = await _host.Client().GetStringAsync("/metrics", Ct);
        metrics.ShouldContain("# TYPE bridge_relay_transfer_seconds histogram");
        metrics.Split('\n').ShouldContain(l => l.StartsWith("bridge_relay_transfer_seconds_count{", StringComparison.Ordinal) && l.Contains($"lane=\"{LaneName}\"", StringComparison.Ordinal) && l.Contains("stage=\"final-to-submitted\"", StringComparison.Ordinal));
        metrics.Split('\n').ShouldContain(l => l.StartsWith("bridge_relay_transfer_seconds_count{", StringComparison.Ordinal) && l.Contains($"lane=\"{LaneName}\"", StringComparison.Ordinal) && l.Contains("stage=\"observed-to-confirmed\"", StringComparison.Ordinal));

        using var sender = EthPrivateKey.Generate();
        var adapter = new EthereumAdapter(
            new EthereumAdapterOptions { Network = EthereumName, ChainId = Eth.ChainId, DocumentRegistry = _contracts.DocumentRegistry, TitleRegistry = _contracts.TitleRegistry, Signer = sender, Confirmations = 0 },
            Eth.Rpc);
        var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("state").GetString().ShouldBe("active");
        title.Value.GetProperty("holder").GetString()!.ShouldBe(recipient.ToString(), StringCompareShould.IgnoreCase);
    }

    private async Task RegisterAsync(HttpClient client)
    {
        await RelayTestLanes.CreateNetworkAsync(client, FabricName, "fabric", _fabric.Network.TrustAnchors("trade"), _fabric.Endpoint);
        var head = await Eth.Rpc.GetBlockNumberAsync(Ct);
        var block = await Eth.Rpc.GetBlockByNumberAsync(BlockSelector.Number(head), fullTransactions: false, Ct);
        await RelayTestLanes.CreateNetworkAsync(client, EthereumName, "ethereum", RelayTestLanes.EthereumAnchors(Eth.ChainId, _contracts, (long)head, block!.Value.GetProperty("hash").GetString()!), Eth.Chain.RpcUri);
        await RelayTestLanes.CreateTitleLaneAsync(client, LaneName, FabricName, EthereumName, _relays.Select(r => r.Address.ToString()));
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string state)
    {
        var last = "none";
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.GetAsync($"/api/v1/messages?lane={LaneName}", Ct);
            var items = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                var message = items[0];
                last = message.GetProperty("state").GetString()!;
                if (last == state)
                {
                    return message.Clone();
                }

                last.ShouldNotBe("failed", message.GetRawText());
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"No message of lane {LaneName} reached {state}; the last state was {last}.");
    }

    private async Task<(int Exit, string Output)> VerifyAsync(string bundle, string trust)
    {
        var bundleFile = Path.Combine(_folder, $"bundle-{Guid.NewGuid():N}.json");
        var trustFile = Path.Combine(_folder, "trust.json");
        await File.WriteAllTextAsync(bundleFile, bundle, Ct);
        await File.WriteAllTextAsync(trustFile, trust, Ct);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Bridge.Host.Cli.BridgeCommandLine.RunAsync(["verify", bundleFile, "--trust", trustFile], stdout, stderr, Ct);
        return (exit, stdout + stderr.ToString());
    }

    private async Task<string> KeyFileAsync(string name, byte[] secret)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, Convert.ToHexStringLower(secret), Ct);
        return path;
    }
}
