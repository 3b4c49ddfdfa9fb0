using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Platform.Proofs;

namespace Bridge.Host.Hosting;

/// <summary>The proof verifiers this build carries, one per proof kind, for <c>bridge verify</c> and the relay.</summary>
internal static class ProofVerifiers
{
    /// <summary>A registry with every verifier this build has.</summary>
    /// <summary>The identity-binding signature verifiers, one per network kind (docs/bindings.md).</summary>
    public static Bridge.Adapters.Abstractions.Bindings.BindingSignatureVerifierRegistry CreateBindingVerifiers() => new(
        [new Bridge.Adapters.Fabric.Bindings.FabricBindingSignatureVerifier(), new Bridge.Adapters.Ethereum.Bindings.EthereumBindingSignatureVerifier(), new Bridge.Adapters.Platform.Bindings.PlatformBindingSignatureVerifier()]);

    public static ProofVerifierRegistry Create() => new([new EthereumReceiptVerifier(), new EthereumStateVerifier(), new FabricEndorsementVerifier(), new PlatformJwsVerifier()]);
}
