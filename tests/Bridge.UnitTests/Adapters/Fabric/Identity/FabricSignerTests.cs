using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

[Trait("Category", "Unit")]
public sealed class FabricSignerTests
{
    [Theory]
    [InlineData(FabricCurve.P256)]
    [InlineData(FabricCurve.P384)]
    public void Sign_ThenVerify_RoundTripsAndDotNetAgrees(FabricCurve curve)
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        var member = ca.Issue("User1@org1", "client", TestMaterial.Start, TestMaterial.Year, curve);
        using var signer = member.CreateSigner("Org1MSP");
        var data = "proposal bytes"u8.ToArray();

        var signature = signer.Sign(data);

        signer.Identity.Curve.ShouldBe(curve);
        signer.Identity.VerifySignature(data, signature).ShouldBe(SignatureVerdict.Valid);
        signer.Identity.VerifySignature("other bytes"u8, signature).ShouldBe(SignatureVerdict.Invalid);
        using var certificate = X509Certificate2.CreateFromPem(member.CertificatePem);
        using var key = certificate.GetECDsaPublicKey()!;
        key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
    }

    [Theory]
    [InlineData(FabricCurve.P256)]
    [InlineData(FabricCurve.P384)]
    public void Sign_ManyTimes_AlwaysLowS(FabricCurve curve)
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var signer = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year, curve).CreateSigner("Org1MSP");
        var half = TestMaterial.Order(curve) / 2;

        for (var i = 0; i < 200; i++)
        {
            var (_, s) = TestMaterial.ParseDer(signer.Sign(BitConverter.GetBytes(i)));
            s.ShouldBeLessThanOrEqualTo(half);
        }
    }

    [Theory]
    [InlineData(FabricCurve.P256)]
    [InlineData(FabricCurve.P384)]
    public void Verify_HighSTwinOfValidSignature_IsRejectedThoughMathematicallyValid(FabricCurve curve)
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        var member = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year, curve);
        using var signer = member.CreateSigner("Org1MSP");
        var data = "payload"u8.ToArray();
        var (r, s) = TestMaterial.ParseDer(signer.Sign(data));
        var highS = TestMaterial.EncodeDer(r, TestMaterial.Order(curve) - s);

        signer.Identity.VerifySignature(data, highS).ShouldBe(SignatureVerdict.HighS);
        signer.Identity.Verify(data, highS).ShouldBeFalse();
        using var certificate = X509Certificate2.CreateFromPem(member.CertificatePem);
        using var key = certificate.GetECDsaPublicKey()!;
        key.VerifyData(data, highS, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
    }

    [Fact]
    public void Verify_GarbageSignature_IsMalformed()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var signer = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year).CreateSigner("Org1MSP");

        signer.Identity.VerifySignature("x"u8, [0x30, 0x00]).ShouldBe(SignatureVerdict.Malformed);
        signer.Identity.VerifySignature("x"u8, new byte[64]).ShouldBe(SignatureVerdict.Malformed);
    }

    [Fact]
    public void FromPem_Sec1EcPrivateKey_SignsLikePkcs8()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        var member = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year);
        using var key = ECDsa.Create();
        key.ImportFromPem(member.PrivateKeyPem);
        var sec1 = key.ExportECPrivateKeyPem();

        using var signer = FabricSigner.FromPem("Org1MSP", member.CertificatePem, sec1);

        sec1.ShouldStartWith("-----BEGIN EC PRIVATE KEY-----");
        signer.Identity.Verify("abc"u8, signer.Sign("abc"u8)).ShouldBeTrue();
    }

    [Fact]
    public void FromPem_KeyOfAnotherCertificate_Throws()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        var one = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year);
        var other = ca.Issue("peer1.org1", "peer", TestMaterial.Start, TestMaterial.Year);

        var error = Should.Throw<ArgumentException>(() => FabricSigner.FromPem("Org1MSP", one.CertificatePem, other.PrivateKeyPem));

        error.Message.ShouldNotContain(other.PrivateKeyPem.Split('\n')[1], Case.Sensitive);
        error.InnerException.ShouldBeNull();
    }

    [Fact]
    public void ToString_Signer_NeverShowsKeyMaterial()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        var member = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year);
        using var signer = member.CreateSigner("Org1MSP");
        var keyBody = member.PrivateKeyPem.Split('\n')[1];

        signer.ToString().ShouldContain("Org1MSP");
        signer.ToString().ShouldNotContain(keyBody);
        member.ToString().ShouldNotContain(keyBody);
    }

    [Fact]
    public void SignDigest_WrongLength_Throws()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var signer = ca.Issue("peer0.org1", "peer", TestMaterial.Start, TestMaterial.Year).CreateSigner("Org1MSP");

        Should.Throw<ArgumentException>(() => signer.SignDigest(new byte[31]));
        signer.Identity.Verify("d"u8, signer.SignDigest(SHA256.HashData("d"u8))).ShouldBeTrue();
    }
}
