using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

[Trait("Category", "Unit")]
public sealed class MspFolderTests : IDisposable
{
    private readonly string _root = TestMaterial.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Load_GeneratedUserFolder_GivesAWorkingSignerThatChains()
    {
        using var org = MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", TestMaterial.Start, TestMaterial.Year);
        var orgPath = MspMaterial.WriteOrganization(_root, org);
        var userPath = Path.Combine(orgPath, "users", "User1@carrier.example.com", "msp");

        var result = MspFolder.Load(userPath, "CarrierMSP");

        result.IsSuccess.ShouldBeTrue(result.ToString());
        using var folder = result.Folder;
        folder.Signer.ShouldNotBeNull();
        folder.Signer.Identity.CertificatePem.ShouldBe(org.Client.CertificatePem);
        folder.Signer.Identity.Verify("m"u8, folder.Signer.Sign("m"u8)).ShouldBeTrue();
        folder.Trust.Validate(folder.Signer.Identity, TestMaterial.Start.AddDays(1)).IsValid.ShouldBeTrue();
        folder.TlsCaCertificates.Count.ShouldBe(1);
        File.Exists(Path.Combine(userPath, "keystore", "priv_sk")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(userPath, "keystore", "priv_sk")).ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        File.Exists(Path.Combine(userPath, "signcerts", "User1@carrier.example.com-cert.pem")).ShouldBeTrue();
        File.Exists(Path.Combine(userPath, "cacerts", "ca.carrier.example.com-cert.pem")).ShouldBeTrue();
    }

    [Fact]
    public void LoadVerifyingOnly_OrganisationMsp_HasTrustButNoSigner()
    {
        using var org = MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", TestMaterial.Start, TestMaterial.Year);
        var orgPath = MspMaterial.WriteOrganization(_root, org);

        var result = MspFolder.LoadVerifyingOnly(Path.Combine(orgPath, "msp"), "CarrierMSP");

        result.IsSuccess.ShouldBeTrue(result.ToString());
        using var folder = result.Folder;
        folder.Signer.ShouldBeNull();
        using var peer = FabricIdentity.FromPem("CarrierMSP", org.Peer.CertificatePem);
        folder.Trust.Validate(peer, TestMaterial.Start.AddDays(1)).IsValid.ShouldBeTrue();
        MspFolder.Load(Path.Combine(orgPath, "msp"), "CarrierMSP").Error.ShouldBe(MspFolderError.MissingSignCertificate);
    }

    [Fact]
    public void Load_IntermediateAndFabricCaKeyName_Chains()
    {
        using var root = MspCertificateAuthority.CreateRoot("rca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var intermediate = root.CreateIntermediate("ica.org1", TestMaterial.Start, TestMaterial.Year);
        var member = intermediate.Issue("User1@org1", "client", TestMaterial.Start, TestMaterial.Year);
        var path = Path.Combine(_root, "msp");
        MspMaterial.WriteMspFolder(path, member);
        File.Move(Path.Combine(path, "keystore", "priv_sk"), Path.Combine(path, "keystore", "0a1b2c_sk"));

        var result = MspFolder.Load(path, "Org1MSP");

        result.IsSuccess.ShouldBeTrue(result.ToString());
        using var folder = result.Folder;
        folder.Trust.IntermediateCertificates.Count.ShouldBe(1);
        folder.Trust.Validate(folder.Signer!.Identity, TestMaterial.Start.AddDays(1)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Load_P384RootIntermediateAndMemberFolder_SignsLowSVerifiesAndChainsToTheRoot()
    {
        using var root = MspCertificateAuthority.CreateRoot("rca.org384", "org384", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        using var intermediate = root.CreateIntermediate("ica.org384", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        var member = intermediate.Issue("User1@org384", "client", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        var path = Path.Combine(_root, "msp384");
        MspMaterial.WriteMspFolder(path, member);

        var result = MspFolder.Load(path, "Org384MSP");

        result.IsSuccess.ShouldBeTrue(result.ToString());
        using var folder = result.Folder;
        var identity = folder.Signer!.Identity;
        identity.Curve.ShouldBe(FabricCurve.P384);
        KeySize(folder.Trust.RootCertificates.Single()).ShouldBe(384);
        KeySize(folder.Trust.IntermediateCertificates.Single()).ShouldBe(384);
        KeySize(folder.TlsCaCertificates.Single()).ShouldBe(384);
        var half = TestMaterial.P384N / 2;
        for (var i = 0; i < 100; i++)
        {
            var data = BitConverter.GetBytes(i);
            var signature = folder.Signer.Sign(data);
            TestMaterial.ParseDer(signature).S.ShouldBeLessThanOrEqualTo(half);
            identity.VerifySignature(data, signature).ShouldBe(SignatureVerdict.Valid);
        }

        var chain = folder.Trust.Validate(identity, TestMaterial.Start.AddDays(1));
        chain.IsValid.ShouldBeTrue(chain.Reason);
        using var otherRoot = MspCertificateAuthority.CreateRoot("rca.org384", "org384", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        using var otherTrust = MspTrust.Create("Org384MSP", [otherRoot.Certificate], [intermediate.Certificate]);
        otherTrust.Validate(identity, TestMaterial.Start.AddDays(1)).Failure.ShouldBe(ChainFailure.UntrustedChain);
    }

    [Theory]
    [InlineData("signcerts", MspFolderError.MissingSignCertificate)]
    [InlineData("keystore", MspFolderError.MissingPrivateKey)]
    [InlineData("cacerts", MspFolderError.MissingCaCertificates)]
    public void Load_MissingPart_ReturnsTypedError(string part, MspFolderError error)
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        var path = Path.Combine(_root, "msp");
        MspMaterial.WriteMspFolder(path, org.Client);
        Directory.Delete(Path.Combine(path, part), recursive: true);

        var result = MspFolder.Load(path, "Org1MSP");

        result.Error.ShouldBe(error);
        result.Message.ShouldContain(part);
    }

    [Fact]
    public void Load_KeyOfAnotherIdentity_IsKeyDoesNotMatchCertificate()
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        var path = Path.Combine(_root, "msp");
        MspMaterial.WriteMspFolder(path, org.Client);
        File.WriteAllText(Path.Combine(path, "keystore", "priv_sk"), org.Admin.PrivateKeyPem);

        var result = MspFolder.Load(path, "Org1MSP");

        result.Error.ShouldBe(MspFolderError.KeyDoesNotMatchCertificate);
        result.Message.ShouldNotContain(org.Admin.PrivateKeyPem.Split('\n')[1]);
    }

    [Fact]
    public void Load_NoFolderOrBadPem_ReturnsTypedError()
    {
        MspFolder.Load(Path.Combine(_root, "absent"), "Org1MSP").Error.ShouldBe(MspFolderError.FolderNotFound);

        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        var path = Path.Combine(_root, "msp");
        MspMaterial.WriteMspFolder(path, org.Client);
        File.WriteAllText(Path.Combine(path, "cacerts", "ca.org1.example.com-cert.pem"), "not pem");

        MspFolder.Load(path, "Org1MSP").Error.ShouldBe(MspFolderError.InvalidFile);
    }

    [Fact]
    public void WriteMspFolder_KeyFile_IsOwnerOnlyPkcs8P256()
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        var path = Path.Combine(_root, "msp");

        MspMaterial.WriteMspFolder(path, org.Client);

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(path, "keystore", "priv_sk")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(path, "keystore", "priv_sk")));
        key.KeySize.ShouldBe(256);
    }

    private static int KeySize(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey()!;
        return key.KeySize;
    }
}
