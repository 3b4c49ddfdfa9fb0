using System.Security.Cryptography;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Bindings;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.UnitTests.Bindings;

[Trait("Category", "Unit")]
public sealed class FabricBindingSignatureVerifierTests : IDisposable
{
    // NIST P-256 group order n (FIPS 186-4 D.1.2.3).
    private static readonly System.Numerics.BigInteger P256Order =
        BindingTestData.Unsigned("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

    private readonly MspOrganization _carrier = MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", BindingTestData.Start, TimeSpan.FromDays(365));
    private readonly MspOrganization _bank = MspMaterial.CreateOrganization("BankMSP", "bank.example.com", BindingTestData.Start, TimeSpan.FromDays(365));
    private readonly FabricBindingSignatureVerifier _verifier = new();
    private readonly FabricTrustAnchors _anchors;

    public FabricBindingSignatureVerifierTests()
    {
        // Only the carrier is anchored.
        _anchors = new FabricTrustAnchors("trade", "bridge", [new FabricMsp("CarrierMSP", [_carrier.Ca.CertificatePem])], new FabricEndorsementPolicy(FabricEndorsementPolicy.NOfType, 1, ["CarrierMSP"]));
    }

    [Fact]
    public void Verify_SignatureMadeWithTheBclOverTheCanonicalBytes_IsValid()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity);

        var verdict = _verifier.Verify(statement, identity, Convert.ToBase64String(BclSign(_carrier.Client, statement, lowS: true)), _anchors);

        var valid = verdict.ShouldBeOfType<BindingSignatureVerdict.Valid>();
        valid.Signer.ShouldBe("CarrierMSP::User1@carrier.example.com");
        valid.NotAfter.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(BindingTestData.Start.AddDays(365));
    }

    [Fact]
    public void Verify_SignatureFromSign_IsValid()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Admin.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity);
        using var signer = _carrier.Admin.CreateSigner("CarrierMSP");

        _verifier.Verify(statement, identity, FabricBindingSignatureVerifier.Sign(signer, statement), _anchors).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_KeyOfAnotherMember_IsBadSignature()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity);

        Code(statement, identity, Convert.ToBase64String(BclSign(_carrier.Peer, statement, lowS: true))).ShouldBe(BindingSignatureCodes.BadSignature);
    }

    [Fact]
    public void Verify_SignatureOverAnotherStatement_IsBadSignature()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity);
        var other = BindingTestData.Statement("Carrier Two", identity);

        Code(statement, identity, Convert.ToBase64String(BclSign(_carrier.Client, other, lowS: true))).ShouldBe(BindingSignatureCodes.BadSignature);
    }

    [Fact]
    public void Verify_HighS_IsRefused()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity);
        var high = BclSign(_carrier.Client, statement, lowS: false);
        (BindingTestData.DerS(high) > P256Order / 2).ShouldBeTrue();

        Code(statement, identity, Convert.ToBase64String(high)).ShouldBe(BindingSignatureCodes.HighS);
    }

    [Fact]
    public void Verify_CertificateOfAnUnanchoredMsp_IsUntrusted()
    {
        var identity = new FabricBoundIdentity("BankMSP", _bank.Client.CertificatePem);
        var statement = BindingTestData.Statement("Bank", identity);

        Code(statement, identity, Convert.ToBase64String(BclSign(_bank.Client, statement, lowS: true))).ShouldBe(BindingSignatureCodes.UntrustedSigner);
    }

    [Fact]
    public void Verify_CertificateOfAnotherCaClaimingAnAnchoredMsp_IsUntrusted()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _bank.Client.CertificatePem);
        var statement = BindingTestData.Statement("Impostor", identity);

        Code(statement, identity, Convert.ToBase64String(BclSign(_bank.Client, statement, lowS: true))).ShouldBe(BindingSignatureCodes.UntrustedSigner);
    }

    [Fact]
    public void Verify_CertificateExpiredAtIssuedAt_IsExpired()
    {
        var shortLived = _carrier.Ca.Issue("Temp@carrier.example.com", "client", BindingTestData.Start, TimeSpan.FromDays(10));
        var identity = new FabricBoundIdentity("CarrierMSP", shortLived.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity); // issued on day 30

        Code(statement, identity, Convert.ToBase64String(BclSign(shortLived, statement, lowS: true))).ShouldBe(BindingSignatureCodes.Expired);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("MAA=")]
    [InlineData("")]
    public void Verify_UndecodableSignature_IsMalformed(string signature)
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", identity);

        Code(statement, identity, signature).ShouldBe(BindingSignatureCodes.MalformedSignature);
    }

    [Fact]
    public void Verify_IdentityNotNamedOrOtherAnchors_IsRefused()
    {
        var identity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = BindingTestData.Statement("Carrier", new FabricBoundIdentity("CarrierMSP", _carrier.Peer.CertificatePem));
        var signature = Convert.ToBase64String(BclSign(_carrier.Client, statement, lowS: true));

        Code(statement, identity, signature).ShouldBe(BindingSignatureCodes.IdentityNotInStatement);
        var platform = new PlatformTrustAnchors("http://p.test", new JsonWebKeySet([]));
        _verifier.Verify(statement, identity, signature, platform).ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code.ShouldBe(BindingSignatureCodes.KindMismatch);
    }

    public void Dispose()
    {
        _carrier.Dispose();
        _bank.Dispose();
    }

    /// <summary>ECDSA P-256 over SHA-256 of the canonical bytes with the BCL, DER; s forced low or high.</summary>
    private static byte[] BclSign(MspMember member, IdentityBindingStatement statement, bool lowS)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(member.PrivateKeyPem);
        var der = key.SignData(statement.CanonicalBytes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var isLow = BindingTestData.DerS(der) <= P256Order / 2;
        return isLow == lowS ? der : BindingTestData.FlipDerS(der, P256Order);
    }

    private string Code(IdentityBindingStatement statement, BoundIdentity identity, string signature) =>
        _verifier.Verify(statement, identity, signature, _anchors).ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code;
}
