using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Msp;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// One in-process Fabric simulator (three organisations, 2-of-3 policy, channel "trade", chaincode "bridge") on a free
/// port with its own temporary data folder, and gateway clients for CarrierMSP and BankMSP users loaded from the
/// simulator's MSP folders. Disposed (host, network, folder) when the test class is done.
/// </summary>
public sealed class FabricGatewayFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>A second channel with its own ledger and state, for tests of channel separation.</summary>
    public const string SecondChannel = "customs";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bridge-fabric-gateway-tests", Guid.NewGuid().ToString("N"));

    public FabricNetwork Network { get; private set; } = null!;

    public GrpcServerHost Host { get; private set; } = null!;

    public GrpcClient Client { get; private set; } = null!;

    public MspFolder Carrier { get; private set; } = null!;

    public MspFolder Bank { get; private set; } = null!;

    public FabricGateway CarrierGateway { get; private set; } = null!;

    public FabricGateway BankGateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        Network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = Folder, Channels = ["trade", SecondChannel] });
        var server = new GrpcServer();
        Network.Map(server);
        Host = await GrpcServerHost.StartAsync(server, cancellationToken: TestContext.Current.CancellationToken);
        var handler = GrpcHttpHandler.Create();
        _owned.Add(handler);
        Client = new GrpcClient(handler, Host.BaseAddress);
        _owned.Add(Client);
        Carrier = LoadClient(Network.Organizations[0]);
        Bank = LoadClient(Network.Organizations[1]);
        CarrierGateway = new FabricGateway(Client, Carrier.Signer!);
        BankGateway = new FabricGateway(Client, Bank.Signer!);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Network?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    /// <summary>The MSP ids of the endorsers of a committed transaction, read from its block.</summary>
    public IReadOnlyList<string> EndorsersOf(string transactionId)
    {
        var ledger = Network.Ledger("trade");
        var committed = ledger.Find(transactionId) ?? throw new InvalidOperationException($"{transactionId} is not committed");
        var block = ledger.Blocks.Get(committed.BlockNumber)!;
        var envelope = Envelope.Parser.ParseFrom(block.Data.Data[committed.TxIndex]);
        var transaction = Transaction.Parser.ParseFrom(Payload.Parser.ParseFrom(envelope.Payload).Data);
        var action = ChaincodeActionPayload.Parser.ParseFrom(transaction.Actions[0].Payload).Action;
        return [.. action.Endorsements.Select(e => SerializedIdentity.Parser.ParseFrom(e.Endorser).Mspid)];
    }

    private MspFolder LoadClient(SimulatedOrganization organization)
    {
        var loaded = MspFolder.Load(organization.ClientMspFolder, organization.MspId);
        var folder = loaded.Folder ?? throw new InvalidOperationException(loaded.Message);
        _owned.Add(folder);
        return folder;
    }
}
