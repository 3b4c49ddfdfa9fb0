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
