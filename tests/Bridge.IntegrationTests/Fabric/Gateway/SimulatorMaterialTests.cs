using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// The simulator's Gateway TLS material on disk: generated once under the data folder, reused on the next start,
/// added to data folders made before it existed, trusted by every MSP folder's <c>tlscacerts/</c>; and which client
/// certificates mutual TLS accepts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SimulatorMaterialTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-fabric-material-").FullName;

    private FabricNetworkOptions Options => new() { DataDirectory = _folder };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Open_FreshDataFolder_GatewayCertificateNamesLocalhostAndChainsToTheTlsCaEveryClientFolderTrusts()
    {
        using var network = FabricNetwork.Open(Options);
        var server = network.GatewayTls.ServerCertificate;

        server.HasPrivateKey.ShouldBeTrue();
        server.MatchesHostname("localhost").ShouldBeTrue();
        server.MatchesHostname("127.0.0.1").ShouldBeTrue();
        server.MatchesHostname("peer0.carrier.example.com").ShouldBeTrue();
        server.MatchesHostname("example.org").ShouldBeFalse();
        foreach (var organization in network.Organizations)
        {
            var loaded = MspFolder.Load(organization.ClientMspFolder, organization.MspId);
            loaded.Folder.ShouldNotBeNull(loaded.Message);
            ChainsTo(server, loaded.Folder.TlsCaCertificates).ShouldBeTrue($"{organization.MspId}'s client folder trusts the gateway");
        }
    }

    [Fact]
    public void Open_FreshDataFolder_TheServerKeyIsReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes");
        }
        else
        {
            using var network = FabricNetwork.Open(Options);

            File.GetUnixFileMode(Path.Combine(network.GatewayTls.Folder, "server.key")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Open_SecondStart_ReusesTheSameGatewayCertificate()
    {
        string first;
        using (var network = FabricNetwork.Open(Options))
        {
            first = network.GatewayTls.ServerCertificate.Thumbprint;
        }

        using var again = FabricNetwork.Open(Options);

        again.GatewayTls.ServerCertificate.Thumbprint.ShouldBe(first);
    }

    [Fact]
    public void Open_DataFolderFromBeforeTls_CreatesTheTlsMaterialAndKeepsTheIdentities()
    {
        string clientCertificate;
        using (var network = FabricNetwork.Open(Options))
        {
            clientCertificate = network.Organizations[0].ClientMspFolder;
        }

        // A data folder as older versions left it: no gateway TLS material, tlscacerts with the organisation's CA only.
        Directory.Delete(Path.Combine(_folder, "crypto", "gateway"), recursive: true);
        foreach (var file in Directory.GetFiles(Path.Combine(_folder, "crypto"), SimulatedGatewayTls.TlsCaFileName, SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var signcert = File.ReadAllText(Directory.GetFiles(Path.Combine(clientCertificate, "signcerts")).Single());

        using var upgraded = FabricNetwork.Open(Options);

        var folder = MspFolder.Load(upgraded.Organizations[0].ClientMspFolder, upgraded.Organizations[0].MspId).Folder.ShouldNotBeNull();
        ChainsTo(upgraded.GatewayTls.ServerCertificate, folder.TlsCaCertificates).ShouldBeTrue();
        folder.TlsCaCertificates.Count.ShouldBe(2, "the organisation's CA stays, the gateway's TLS CA is added");
        File.ReadAllText(Directory.GetFiles(Path.Combine(clientCertificate, "signcerts")).Single()).ShouldBe(signcert);
    }

    [Fact]
    public void IsOrganizationMember_AnOrganisationsClientOrAStrangersCertificate_TrueOnlyForTheMember()
    {
        using var network = FabricNetwork.Open(Options);
        var clientFolder = network.Organizations[1].ClientMspFolder;
        using var member = X509CertificateLoader.LoadCertificateFromFile(Directory.GetFiles(Path.Combine(clientFolder, "signcerts")).Single());
        using var stranger = MspMaterial.CreateOrganization("StrangerMSP", "stranger.example.com", TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeSpan.FromDays(1));
        using var strangerCertificate = X509Certificate2.CreateFromPem(stranger.Client.CertificatePem);

        network.IsOrganizationMember(member).ShouldBeTrue();
        network.IsOrganizationMember(strangerCertificate).ShouldBeFalse();
        network.IsOrganizationMember(network.GatewayTls.ServerCertificate).ShouldBeFalse("the gateway's own TLS CA is not an organisation");
    }

    private static bool ChainsTo(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(certificate);
    }
}
