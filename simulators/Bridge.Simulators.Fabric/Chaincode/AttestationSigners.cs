using System.Text;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.Simulators.Fabric.Chaincode;

/// <summary>
/// Who signed a relay attestation the bridge chaincode is given: secp256k1 recovery of each 65-byte signature over the
/// digest of <see cref="Bridge.Adapters.Fabric.Adapter.FabricRelayAttestation"/> (the same construction the relay signs).
/// </summary>
public static class AttestationSigners
{
    /// <summary>
    /// The distinct current signers among <paramref name="signatures"/> (65-byte r‖s‖v, low s) over
    /// <paramref name="digest"/>; a malformed signature or an unknown signer fails the whole attestation (null).
    /// </summary>
    public static IReadOnlyList<EthAddress>? Signers(ReadOnlySpan<byte> digest, IEnumerable<byte[]> signatures, IReadOnlySet<EthAddress> allowed)
    {
        var found = new List<EthAddress>();
        foreach (var signature in signatures)
        {
            if (!EthSignature.TryFromBytes65(signature, out var parsed) || !Secp256k1.TryRecoverAddress(digest, parsed, out var signer) || !allowed.Contains(signer))
            {
                return null;
            }

            if (!found.Contains(signer))
            {
                found.Add(signer);
            }
        }

        return found;
    }
}
