using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Bindings;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Fabric.Bindings;
using Bridge.Adapters.Platform.Bindings;

namespace Bridge.UnitTests.Bindings;

[Trait("Category", "Unit")]
public sealed class BindingSignatureVerifierRegistryTests
{
    private static readonly EthereumTrustAnchors Chain7 =
        new(7, new Dictionary<string, string> { ["anchorRegistry"] = "0x5fbdb2315678afecb367f032d93f642f64180aa3" }, new EthereumFinality(0));

    [Fact]
    public void Verify_DispatchesToTheVerifierOfTheIdentitysKind()
    {
        using var key = EthPrivateKey.Generate();
        var identity = new EthereumBoundIdentity(key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("P", identity);
        var registry = All();

        registry.Verify(statement, identity, EthereumBindingSignatureVerifier.Sign(key, statement, 7), Chain7).IsValid.ShouldBeTrue();
        registry.Kinds.ShouldBe([NetworkKind.Fabric, NetworkKind.Ethereum, NetworkKind.Platform], ignoreOrder: true);
    }

    [Fact]
    public void Verify_PreconditionsFail_InOrder()
    {
        var identity = new EthereumBoundIdentity("0x00000000000000000000000000000000000000a1");
        var statement = BindingTestData.Statement("P", identity);
        var platformAnchors = new PlatformTrustAnchors("http://p.test", new JsonWebKeySet([]));

        Code(All().Verify(statement, new EthereumBoundIdentity("0x00000000000000000000000000000000000000a2"), "0x", platformAnchors))
            .ShouldBe(BindingSignatureCodes.IdentityNotInStatement);
        Code(All().Verify(statement, identity, "0x", platformAnchors)).ShouldBe(BindingSignatureCodes.KindMismatch);
        Code(new BindingSignatureVerifierRegistry([new FabricBindingSignatureVerifier()]).Verify(statement, identity, "0x", Chain7))
            .ShouldBe(BindingSignatureCodes.NoVerifier);
    }

    [Fact]
    public void Constructor_TwoVerifiersOfOneKind_Throws() =>
        Should.Throw<ArgumentException>(() => new BindingSignatureVerifierRegistry([new PlatformBindingSignatureVerifier(), new PlatformBindingSignatureVerifier()]));

    private static BindingSignatureVerifierRegistry All() =>
        new([new FabricBindingSignatureVerifier(), new EthereumBindingSignatureVerifier(), new PlatformBindingSignatureVerifier()]);

    private static string Code(BindingSignatureVerdict verdict) => verdict.ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code;
}
