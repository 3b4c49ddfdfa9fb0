using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Canonical.Hashing;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Ethereum;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// The relay killed with SIGKILL at random points while it moves titles from the Fabric simulator to the dev chain, then
/// two host processes on the same database finish the work: every transfer completes, none is applied twice on the
/// destination (one TitleImported per title, read from the chain's logs) and none is lost. The suite runs a small version
/// (20 transfers, 3 kills); <c>eng/kill-test.sh</c> runs it with 1,000 (BRIDGE_KILL_TRANSFERS, BRIDGE_KILL_ROUNDS,
/// BRIDGE_KILL_SEED).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RelayKillTests : IClassFixture<FabricAdapterFixture>, IAsyncLifetime
{
    private const string FabricName = "fabric-carrier";
    private const string EthereumName = "eth-finance";
    private const string LaneName = "ebl-title";

    private static readonly byte[] TitleImportedTopic = Keccak256.Hash(Encoding.UTF8.GetBytes("TitleImported(bytes32,bytes32,bytes32,address,address)"));

    private readonly FabricAdapterFixture _fabric;
    private readonly SharedEthereumLane _ethereum;
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-relay-kill-").FullName;
    private readonly List<EthPrivateKey> _relays = [];
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private BridgeHostFixture _host = null!;
    private DeployedContracts _contracts = null!;

    public RelayKillTests(FabricAdapterFixture fabric, SharedEthereumLane ethereum)
    {
        _fabric = fabric;
        _ethereum = ethereum;
    }

    private EthereumLane Eth => _ethereum.Lane;

    public async ValueTask InitializeAsync()
    {
        _host = new BridgeHostFixture();
        await _host.InitializeAsync();
        _environment["ConnectionStrings__Bridge"] = _host.ConnectionString;
        _environment["Bridge__Relay__Enabled"] = "true";
        _environment["Bridge__Relay__LeaseSeconds"] = "3";
        _environment["Bridge__Relay__WatcherLeaseSeconds"] = "3";
        _environment["Bridge__Relay__LaneRefreshMilliseconds"] = "200";
        _environment["Bridge__Relay__FinalityPollMilliseconds"] = "50";
        _environment["Logging__LogLevel__Default"] = "Warning";
        for (var i = 0; i < 3; i++)
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            _relays.Add(EthPrivateKey.FromBytes(secret));
            _environment[$"Bridge__Relay__SignerKeyFiles__{i}"] = await KeyFileAsync($"relay-{i}.key", secret);
        }

        var senderSecret = RandomNumberGenerator.GetBytes(32);
        using (var sender = EthPrivateKey.FromBytes(senderSecret))
        {
            await Eth.FundAsync(sender.Address, Ct);
        }

        _contracts = await ContractDeployer.DeployAsync(Eth.Sender, await Eth.FundedKeyAsync(Ct), [.. _relays.Select(r => r.Address)], 2, Ct);
        var carrier = _fabric.Network.Organizations[0];
        _environment[$"Bridge__Relay__Adapters__{FabricName}__Endpoint"] = _fabric.Endpoint.ToString();
        _environment[$"Bridge__Relay__Adapters__{FabricName}__Msp"] = carrier.ClientMspFolder;
        _environment[$"Bridge__Relay__Adapters__{FabricName}__MspId"] = carrier.MspId;
        _environment[$"Bridge__Relay__Adapters__{EthereumName}__Endpoint"] = Eth.Chain.RpcUri.ToString();
        _environment[$"Bridge__Relay__Adapters__{EthereumName}__KeyFile"] = await KeyFileAsync("sender.key", senderSecret);
        _environment[$"Bridge__Relay__Adapters__{EthereumName}__StartBlock"] = _contracts.DeploymentBlock.ToString(CultureInfo.InvariantCulture);
        _environment[$"Bridge__Relay__Adapters__{EthereumName}__PollMilliseconds"] = "50";
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
    public async Task KilledAtRandomPoints_ThenTwoHosts_EveryTransferCompletesOnceAndNoneIsLost()
    {
        var transfers = Setting("BRIDGE_KILL_TRANSFERS", 20);
        var rounds = Setting("BRIDGE_KILL_ROUNDS", 3);
        var seed = Setting("BRIDGE_KILL_SEED", RandomNumberGenerator.GetInt32(int.MaxValue));
        var random = new Random(seed);
        var context = $"seed {seed}, {transfers} transfers, {rounds} kills";
        await RegisterAsync();
        var fabric = _fabric.CreateAdapter(FabricName);
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', _relays.Select(r => r.Address.ToString())), "2"]), "relay-signers", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        // The titles: issued on Fabric in parallel batches, each locked for its own recipient on Ethereum. Locks on one
        // lane are sequential: the chaincode numbers a lane's messages with one nonce key, so concurrent locks of a lane
        // conflict (MVCC) and only one per block would land.
        var titles = Enumerable.Range(0, transfers).Select(_ => (Id: Guid.NewGuid().ToString(), Recipient: EthPrivateKey.Generate().Address)).ToList();
        foreach (var batch in titles.Chunk(50))
        {
            await Task.WhenAll(batch.Select(async t =>
                (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [t.Id, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{t.Id}", Ct)).ShouldBeOfType<SubmitResult.Accepted>()));
        }

        foreach (var t in titles)
        {
            (await fabric.SubmitAsync(new LedgerCommand.Lock(t.Id, "-", Party(_fabric.CarrierParty), Party(t.Recipient.ToString()), LaneName, EthereumName), $"lock-{t.Id}", Ct))
                .ShouldBeOfType<SubmitResult.Accepted>();
        }

        // kill -9 at random points: while watching, proving, submitting or confirming.
        for (var round = 0; round < rounds; round++)
        {
            var host = BridgeProcess.Serve(_folder, _environment);
            await host.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 2500)), Ct);
            await host.KillHardAsync();
            await host.DisposeAsync();
        }

        // Two hosts on the one database finish the work.
        await using (var a = BridgeProcess.Serve(_folder, WithOwner("host-a")))
        await using (var b = BridgeProcess.Serve(_folder, WithOwner("host-b")))
        {
            await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct), b.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct));
            var states = await WaitForAsync(transfers, TimeSpan.FromSeconds(60 + (transfers / 4)), context);
            states.GetValueOrDefault("acknowledged").ShouldBe(transfers, $"{context}: {string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"))}\nhost-a:\n{a.Stderr}\nhost-b:\n{b.Stderr}");
        }

        // On the destination: one import per title, each to its recipient; on the source: every title still locked.
        var imported = await ImportedTitlesAsync();
        imported.Count.ShouldBe(transfers, $"{context}: TitleImported logs");
        imported.Distinct(StringComparer.Ordinal).Count().ShouldBe(transfers, $"{context}: a title was imported twice");
        var adapter = new EthereumAdapter(
            new EthereumAdapterOptions { Network = EthereumName, ChainId = Eth.ChainId, DocumentRegistry = _contracts.DocumentRegistry, TitleRegistry = _contracts.TitleRegistry, Signer = _relays[0], Confirmations = 0 },
            Eth.Rpc);
        foreach (var (id, recipient) in titles.Take(Math.Min(transfers, 50)))
        {
            var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(id), Ct)).ShouldBeOfType<QueryResult.Found>($"{context}: title {id}");
            title.Value.GetProperty("holder").GetString()!.ShouldBe(recipient.ToString(), StringCompareShould.IgnoreCase);
            (await fabric.QueryAsync(new LedgerQuery.TitleOf(id), Ct)).ShouldBeOfType<QueryResult.Found>().Value.GetProperty("state").GetString().ShouldBe("locked");
        }
    }

    private Dictionary<string, string> WithOwner(string owner) => new(_environment, StringComparer.Ordinal) { ["Bridge__Relay__Owner"] = owner };

    private async Task<Dictionary<string, long>> WaitForAsync(int transfers, TimeSpan timeout, string context)
    {
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        var stop = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < stop)
        {
            states = await StatesAsync();
            if (states.GetValueOrDefault("acknowledged") == transfers)
            {
                break;
            }

            if (states.GetValueOrDefault("failed") > 0)
            {
                states.GetValueOrDefault("failed").ShouldBe(0, $"{context}: a message failed: {await FailuresAsync()}");
            }
            await Task.Delay(250, Ct);
        }

        return states;
    }

    private async Task<string> FailuresAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT id, failed_from, last_error::text FROM relay_messages WHERE state = 'failed' LIMIT 5", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var lines = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            lines.Add($"{reader.GetString(0)} from {reader.GetString(1)}: {reader.GetString(2)}");
        }

        return string.Join("; ", lines);
    }

    private async Task<Dictionary<string, long>> StatesAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT state, count(*) FROM relay_messages GROUP BY state", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            states[reader.GetString(0)] = reader.GetInt64(1);
        }

        return states;
    }

    /// <summary>The title id words of every TitleImported log of this class's TitleRegistry.</summary>
    private async Task<List<string>> ImportedTitlesAsync()
    {
        var logs = await Eth.Rpc.GetLogsAsync(
            new LogFilter { FromBlock = BlockSelector.Number(_contracts.DeploymentBlock), ToBlock = BlockSelector.Latest, Addresses = [_contracts.TitleRegistry.ToLowerHex()] },
            Ct);
        var topic = HexData.Encode(TitleImportedTopic);
        return [.. logs.EnumerateArray()
            .Where(l => string.Equals(l.GetProperty("topics")[0].GetString(), topic, StringComparison.OrdinalIgnoreCase))
            .Select(l => l.GetProperty("topics")[1].GetString()!.ToLowerInvariant())];
    }

    private async Task RegisterAsync()
    {
        using var client = _host.Client(_host.OperatorKey);
        await RelayTestLanes.CreateNetworkAsync(client, FabricName, "fabric", _fabric.Network.TrustAnchors("trade"), _fabric.Endpoint);
        var block = await Eth.Rpc.GetBlockByNumberAsync(BlockSelector.Number(_contracts.DeploymentBlock), fullTransactions: false, Ct);
        await RelayTestLanes.CreateNetworkAsync(client, EthereumName, "ethereum", RelayTestLanes.EthereumAnchors(Eth.ChainId, _contracts, (long)_contracts.DeploymentBlock, block!.Value.GetProperty("hash").GetString()!), Eth.Chain.RpcUri);
        await RelayTestLanes.CreateTitleLaneAsync(client, LaneName, FabricName, EthereumName, _relays.Select(r => r.Address.ToString()), perSecond: 10000);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private async Task<string> KeyFileAsync(string name, byte[] secret)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, Convert.ToHexStringLower(secret), Ct);
        return path;
    }

    private static PartyRef Party(string address) => new(string.Empty, address);
}
