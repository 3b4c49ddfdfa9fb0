using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Adapters.Fabric.Identity;
using Bridge.UnitTests.Adapters.Fabric.Protos;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

[Trait("Category", "Unit")]
public sealed class FabricIdentityTests
{
    [Fact]
    public void Serialize_Identity_IsMspIdAndPemInFields1And2()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        var member = ca.Issue("User1@org1", "client", TestMaterial.Start, TestMaterial.Year);
        using var identity = FabricIdentity.FromPem("Org1MSP", member.CertificatePem);

        var expected = HandProtobuf.Concat(HandProtobuf.StringField(1, "Org1MSP"), HandProtobuf.BytesField(2, Encoding.UTF8.GetBytes(member.CertificatePem)));

        identity.Serialize().ShouldBe(expected);
    }

    [Fact]
    public void Deserialize_SerializedIdentity_RoundTrips()
    {
        using var ca = MspCertificateAuthority.CreateRoot("ca.org1", "org1", TestMaterial.Start, TestMaterial.Year);
        using var original = FabricIdentity.FromPem("Org1MSP", ca.Issue("User1@org1", "client", TestMaterial.Start, TestMaterial.Year).CertificatePem);

        var result = FabricIdentity.Deserialize(original.Serialize());

        result.IsSuccess.ShouldBeTrue(result.ToString());
        using var parsed = result.Identity;
        parsed.ShouldBe(original);
        parsed.MspId.ShouldBe("Org1MSP");
        parsed.Serialize().ShouldBe(original.Serialize());
        parsed.UniqueId.ShouldBe($"Org1MSP:{Convert.ToHexString(SHA256.HashData(original.Certificate.RawData)).ToLowerInvariant()}");
    }

    [Theory]
    [InlineData("ff", IdentityParseError.NotSerializedIdentity)]
    [InlineData("1203414243", IdentityParseError.MissingMspId)]
    [InlineData("0a074f7267314d5350", IdentityParseError.MissingCertificate)]
    [InlineData("0a074f7267314d5350120350454d", IdentityParseError.InvalidCertificate)]
    public void Deserialize_BadBytes_ReturnsTypedError(string hex, IdentityParseError error)
    {
        var result = FabricIdentity.Deserialize(Convert.FromHexString(hex));

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldBe(error);
        result.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Deserialize_RsaCertificate_IsUnsupportedKey()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TestMaterial.Start, TestMaterial.Start + TestMaterial.Year);
        var bytes = HandProtobuf.Concat(HandProtobuf.StringField(1, "Org1MSP"), HandProtobuf.BytesField(2, Encoding.UTF8.GetBytes(certificate.ExportCertificatePem())));

        FabricIdentity.Deserialize(bytes).Error.ShouldBe(IdentityParseError.UnsupportedKey);
    }
}
