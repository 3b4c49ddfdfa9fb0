namespace Bridge.Adapters.Abstractions;

/// <summary>A title arriving on a network (import of a foreign title, or release of a home title that comes back).</summary>
/// <param name="Lane">The lane's registry name.</param>
/// <param name="MessageId">The relay message id as <c>0x</c> + 64 hex (the destination's "consumed" key).</param>
/// <param name="TitleId">The title id (a UUID travels intact between ledgers; see <see cref="Bytes32Words"/>).</param>
/// <param name="Holder">The holder on the destination network, in its own form (an address, or <c>{mspId}::{CN}</c>).</param>
/// <param name="Beneficiary">The beneficiary on the destination network, in its own form.</param>
public sealed record InboundTitle(string Lane, string MessageId, string TitleId, string Holder, string Beneficiary);

/// <summary>What relay signers sign so that a network accepts an <see cref="InboundTitle"/>.</summary>
/// <param name="Digest">The 32-byte digest (EIP-712 <c>0x1901 ‖ domainSeparator ‖ structHash</c>).</param>
/// <param name="Domain">The facts that fix the domain, for the proof and for offline checks (e.g. chainId and contract).</param>
public sealed record AttestationDomain(byte[] Digest, IReadOnlyDictionary<string, string> Domain);

/// <summary>
/// A network whose contract or chaincode accepts inbound titles under an M-of-N relay attestation: it says which digest
/// the relay signers must sign (docs/relay.md "Relay attestations"). Pure: no I/O.
/// </summary>
public interface IInboundTitleDomain
{
    /// <summary>The digest and domain facts for <paramref name="title"/> on this network.</summary>
    /// <exception cref="ArgumentException">The title cannot arrive here in that form (e.g. a holder that is not an address on Ethereum).</exception>
    AttestationDomain InboundTitleDomain(InboundTitle title);
}

/// <summary>
/// One relay signing key (secp256k1, an Ethereum-style address) that signs relay attestation digests. The key never
/// leaves the implementation; only the address and signatures do.
/// </summary>
public interface IRelaySigner
{
    /// <summary>The signer's address, <c>0x</c> + 40 hex.</summary>
    string Address { get; }

    /// <summary>The 65-byte <c>r ‖ s ‖ v</c> signature (low s, v = 27 or 28) of the 32-byte <paramref name="digest"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> digest);
}
