using Bridge.Adapters.Fabric.Identity;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

[Trait("Category", "Unit")]
public sealed class MspTrustTests
{
    private static readonly DateTimeOffset Mid = TestMaterial.Start.AddDays(100);

    [Fact]
    public void Validate_LeafOfRoot_IsValid()
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        using var trust = org.CreateTrust();
        using var identity = FabricIdentity.FromPem("Org1MSP", org.Peer.CertificatePem);

        var result = trust.Validate(identity, Mid);

        result.IsValid.ShouldBeTrue(result.Reason);
        trust.Validate(identity, Mid.AddDays(1)).IsValid.ShouldBeTrue(); // from the cache window
    }

    [Fact]
    public void Validate_LeafOfUnknownCa_IsUntrusted()
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        using var stranger = MspCertificateAuthority.CreateRoot("ca.org1.example.com", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        using var trust = org.CreateTrust();
        using var identity = FabricIdentity.FromPem("Org1MSP", stranger.Issue("peer0.org1.example.com", "peer", TestMaterial.Start, TestMaterial.Year).CertificatePem);

        trust.Validate(identity, Mid).Failure.ShouldBe(ChainFailure.UntrustedChain);
    }

    [Fact]
    public void Validate_AfterExpiryAndBeforeStart_IsExpiredOrNotYetValid()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year * 5);
        using var trust = MspTrust.Create("Org1MSP", [ca.Certificate]);
        using var identity = FabricIdentity.FromPem("Org1MSP", ca.Issue("peer0.org1", "peer", TestMaterial.Start, TimeSpan.FromDays(30)).CertificatePem);

        trust.Validate(identity, TestMaterial.Start.AddDays(10)).IsValid.ShouldBeTrue();
        trust.Validate(identity, TestMaterial.Start.AddDays(31)).Failure.ShouldBe(ChainFailure.Expired);
        trust.Validate(identity, TestMaterial.Start.AddDays(-1)).Failure.ShouldBe(ChainFailure.NotYetValid);
    }

    [Fact]
    public void Validate_ThroughIntermediate_IsValidOnlyWhenTheIntermediateIsKnown()
    {
        using var root = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var intermediate = root.CreateIntermediate("ica.org1", TestMaterial.Start, TestMaterial.Year);
        using var identity = FabricIdentity.FromPem("Org1MSP", intermediate.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year).CertificatePem);
        using var withIntermediate = MspTrust.Create("Org1MSP", [root.Certificate], [intermediate.Certificate]);
        using var rootOnly = MspTrust.Create("Org1MSP", [root.Certificate]);

        var result = withIntermediate.Validate(identity, Mid);

        result.IsValid.ShouldBeTrue(result.Reason);
        rootOnly.Validate(identity, Mid).Failure.ShouldBe(ChainFailure.UntrustedChain);
    }

    [Fact]
    public void Validate_P384LeafThroughP384Intermediate_IsValidOnlyUpToItsOwnRoot()
    {
        using var root = MspCertificateAuthority.CreateRoot("ca.org384", "org384", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        using var intermediate = root.CreateIntermediate("ica.org384", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        using var stranger = MspCertificateAuthority.CreateRoot("ca.org384", "org384", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384);
        using var identity = FabricIdentity.FromPem("Org384MSP", intermediate.Issue("peer0.org384", "peer", TestMaterial.Start, TestMaterial.Year, FabricCurve.P384).CertificatePem);
        using var trust = MspTrust.Create("Org384MSP", [root.Certificate], [intermediate.Certificate]);
        using var strangerTrust = MspTrust.Create("Org384MSP", [stranger.Certificate], [intermediate.Certificate]);

        var result = trust.Validate(identity, Mid);

        identity.Curve.ShouldBe(FabricCurve.P384);
        result.IsValid.ShouldBeTrue(result.Reason);
        strangerTrust.Validate(identity, Mid).Failure.ShouldBe(ChainFailure.UntrustedChain, "same names, different root key");
    }

    [Fact]
    public void Validate_CaCertificateAsIdentity_IsRefused()
    {
        using var root = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var trust = MspTrust.Create("Org1MSP", [root.Certificate]);
        using var identity = FabricIdentity.FromPem("Org1MSP", root.CertificatePem);

        trust.Validate(identity, Mid).Failure.ShouldBe(ChainFailure.CertificateIsCa);
    }

    [Fact]
    public void Validate_OtherMspId_IsWrongMsp()
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        using var trust = org.CreateTrust();
        using var identity = FabricIdentity.FromPem("Org2MSP", org.Peer.CertificatePem);

        trust.Validate(identity, Mid).Failure.ShouldBe(ChainFailure.WrongMsp);
    }

    [Fact]
    public void FromPem_RootPem_BuildsTheSameTrust()
    {
        using var org = MspMaterial.CreateOrganization("Org1MSP", "org1.example.com", TestMaterial.Start, TestMaterial.Year);
        using var trust = MspTrust.FromPem("Org1MSP", [org.Ca.CertificatePem]);
        using var identity = FabricIdentity.FromPem("Org1MSP", org.Client.CertificatePem);

        trust.Validate(identity, Mid).IsValid.ShouldBeTrue();
        Should.Throw<ArgumentException>(() => MspTrust.FromPem("Org1MSP", []));
    }
}
