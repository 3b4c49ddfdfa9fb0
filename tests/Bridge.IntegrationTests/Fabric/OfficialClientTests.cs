using System.Text.Json;
using Bridge.IntegrationTests.Ethereum;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;
using Bridge.Testing;

namespace Bridge.IntegrationTests.Fabric;

/// <summary>
/// The official Node client, @hyperledger/fabric-gateway (pinned in simulators/fabric), drives the simulator through
/// evaluate, submit, submitAsync with commit status, chaincode events, and an expected chaincode error with its
/// ErrorDetail (simulators/fabric/scenarios.mjs). Passing means the simulator speaks the real wire protocol.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OfficialClientTests : IAsyncLifetime
{
    private readonly string _folder = EthereumTestSupport.NewTempFolder("fabric-official");
    private FabricNetwork? _network;
    private GrpcServerHost? _host;

    public async ValueTask InitializeAsync()
    {
        _network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = _folder });
        var server = new GrpcServer();
        _network.Map(server);
        _host = await GrpcServerHost.StartAsync(server, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _network?.Dispose();
        EthereumTestSupport.TryDeleteFolder(_folder);
    }

    [Fact]
    public async Task OfficialNodeClient_AllScenarios_Pass()
    {
        var (exit, output, errors) = await FabricOfficialClient.RunScenariosAsync(
            $"{_host!.BaseAddress.Host}:{_host.BaseAddress.Port}", _network!.Organizations[0].MspId, _network.Organizations[0].ClientMspFolder, TestContext.Current.CancellationToken);

        exit.ShouldBe(0, $"{output}\n{errors}");
        using var report = JsonDocument.Parse(output);
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        scenarios.Select(s => s.GetProperty("name").GetString()).ShouldBe(
            ["submit", "evaluate", "submitAsync with commit status", "chaincode events", "chaincode error with ErrorDetail"]);
        scenarios.ShouldAllBe(s => s.GetProperty("ok").GetBoolean());
        var error = scenarios[4];
        error.GetProperty("code").GetInt32().ShouldBe(10); // ABORTED, as the real gateway answers a failed endorsement
        _network.Ledger("trade").Blocks.Height.ShouldBe(2UL);
    }
}
