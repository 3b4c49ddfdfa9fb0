using Bridge.Adapters.Fabric.Identity;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.UnitTests.Simulators.Fabric;

[Trait("Category", "Unit")]
public sealed class SimulatorMaterialTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-fabric-material-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadOrCreate_SecondStart_LoadsTheSameIdentitiesAndClientFoldersLoad()
    {
        var options = new FabricNetworkOptions { DataDirectory = _folder };

        string[] first;
        using (new Disposables(SimulatorMaterial.LoadOrCreate(options, TimeProvider.System), out var organizations))
        {
            organizations.Select(o => o.MspId).ShouldBe(["CarrierMSP", "BankMSP", "CustomsMSP", "OrdererMSP"]);
            first = [.. organizations.Select(o => o.Peer.Identity.CertificatePem)];
            using var client = MspFolder.Load(organizations[1].ClientMspFolder, "BankMSP").Folder.ShouldNotBeNull();
            client.Signer.ShouldNotBeNull();
            client.Trust.Validate(client.Signer.Identity, TimeProvider.System.GetUtcNow()).IsValid.ShouldBeTrue();
            organizations[0].Trust.Validate(client.Signer.Identity, TimeProvider.System.GetUtcNow()).IsValid.ShouldBeFalse();
        }

        using (new Disposables(SimulatorMaterial.LoadOrCreate(options, TimeProvider.System), out var again))
        {
            again.Select(o => o.Peer.Identity.CertificatePem).ShouldBe(first);
        }
    }

    [Fact]
    public void ChannelBlockCutting_AppliesToItsChannelOnly_AndIsChecked()
    {
        var options = new FabricNetworkOptions
        {
            DataDirectory = _folder,
            Channels = ["trade", "mirror"],
            MaxBlockTransactions = 100,
            ChannelBlockCutting = new Dictionary<string, BlockCutting> { ["trade"] = new(64, TimeSpan.FromMilliseconds(50)) },
        };
        options.Validate();
        using (var network = FabricNetwork.Open(options))
        {
            network.Ledger("trade").MaxBlockTransactions.ShouldBe(64);
            network.Ledger("trade").BatchTimeout.ShouldBe(TimeSpan.FromMilliseconds(50));
            network.Ledger("mirror").MaxBlockTransactions.ShouldBe(100);
            network.Ledger("mirror").BatchTimeout.ShouldBeNull();
        }

        FabricNetworkOptions With(string channel, BlockCutting cutting) =>
            new() { DataDirectory = _folder, Channels = ["trade", "mirror"], ChannelBlockCutting = new Dictionary<string, BlockCutting> { [channel] = cutting } };
        Should.Throw<ArgumentException>(() => With("customs", new(10, null)).Validate()).Message.ShouldContain("customs");
        Should.Throw<ArgumentException>(() => With("trade", new(0, null)).Validate()).Message.ShouldContain("ChannelBlockCutting[trade].MaxBlockTransactions");
        Should.Throw<ArgumentException>(() => With("mirror", new(10, TimeSpan.FromMinutes(2))).Validate()).Message.ShouldContain("ChannelBlockCutting[mirror].BatchTimeout");
    }

    [Fact]
    public void Options_BadPolicyOrChannel_AreRefused()
    {
        Should.Throw<ArgumentException>(() => new FabricNetworkOptions { DataDirectory = _folder, EndorsementsRequired = 4 }.Validate());
        Should.Throw<ArgumentException>(() => new FabricNetworkOptions { DataDirectory = _folder, Channels = ["Trade"] }.Validate());
    }

    private sealed class Disposables : IDisposable
    {
        private readonly IReadOnlyList<SimulatedOrganization> _items;

        public Disposables(IReadOnlyList<SimulatedOrganization> items, out IReadOnlyList<SimulatedOrganization> exposed)
        {
            _items = items;
            exposed = items;
        }

        public void Dispose()
        {
            foreach (var item in _items)
            {
                item.Dispose();
            }
        }
    }
}
