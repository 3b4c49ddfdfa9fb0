using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>Signing and verifying EIP-712 typed data with secp256k1 keys (EIP-712; EIP-191 version 0x01).</summary>
public static class Eip712Signer
{
    /// <summary>Signs the typed data's digest (deterministic, low-s; see <see cref="EthPrivateKey.Sign"/>).</summary>
    public static EthSignature Sign(EthPrivateKey key, Eip712TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(typedData);
        return key.Sign(typedData.Digest);
    }

    /// <summary>Recovers the address that signed the typed data; false when the signature does not recover to a key.</summary>
    public static bool TryRecoverSigner(Eip712TypedData typedData, in EthSignature signature, out EthAddress signer)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return Secp256k1.TryRecoverAddress(typedData.Digest, signature, out signer);
    }
}
