using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.IntegrationTests.Fabric.Adapter;

/// <summary>
/// One in-process Fabric simulator (CarrierMSP, BankMSP, CustomsMSP; 2-of-3 policy; channel "trade", chaincode
/// "bridge") on a free port with its own data folder, the client MSP folders of the carrier and the bank, and adapters
/// over it. Disposed (host, client, folders) when the test class is done.
/// </summary>
public sealed class FabricAdapterFixture : IAsyncLifetime
{
    public const string NetworkName = "fabric-trade";

    private readonly List<IDisposable> _owned = [];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bridge-fabric-adapter-tests", Guid.NewGuid().ToString("N"));

    public FabricNetwork Network { get; private set; } = null!;

    public GrpcServerHost Host { get; private set; } = null!;

    public GrpcClient Client { get; private set; } = null!;

    public MspFolder Carrier { get; private set; } = null!;

    public MspFolder Bank { get; private set; } = null!;

    /// <summary>The carrier's party string as the chaincode records it (<c>CarrierMSP::…</c>).</summary>
    public string CarrierParty => FabricAdapter.PartyOf(Carrier.Signer!.Identity);

    /// <summary>The bank's party string.</summary>
    public string BankParty => FabricAdapter.PartyOf(Bank.Signer!.Identity);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        Network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = Folder });
        var server = new GrpcServer();
        Network.Map(server);
        Host = await GrpcServerHost.StartAsync(server, cancellationToken: TestContext.Current.CancellationToken);
        var handler = GrpcHttpHandler.Create();
        _owned.Add(handler);
        Client = new GrpcClient(handler, Host.BaseAddress);
        _owned.Add(Client);
        Carrier = LoadClient(Network.Organizations[0]);
        Bank = LoadClient(Network.Organizations[1]);
    }

    /// <summary>
    /// A new adapter acting as the carrier (and able to sign as the bank), as a restarted host would create it: it
    /// shares nothing with earlier adapters but the ledger.
    /// </summary>
    public FabricAdapter CreateAdapter() => new(
        new FabricAdapterOptions
        {
            Network = NetworkName,
            Channel = "trade",
            Signer = Carrier.Signer!,
            PartySigners = [Bank.Signer!],
            AttestingOrganizations = [.. Network.Organizations.Select(o => o.MspId)],
        },
        Client);

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

    private MspFolder LoadClient(SimulatedOrganization organization)
    {
        var loaded = MspFolder.Load(organization.ClientMspFolder, organization.MspId);
        var folder = loaded.Folder ?? throw new InvalidOperationException(loaded.Message);
        _owned.Add(folder);
        return folder;
    }
}
