namespace Bridge.Adapters.Abstractions;

/// <summary>A title arriving on a network (import of a foreign title, or release of a home title that comes back).</summary>
/// <param name="Lane">The lane's registry name.</param>
/// <param name="MessageId">The relay message id as <c>0x</c> + 64 hex (the destination's "consumed" key).</param>
/// <param name="TitleId">The title id (a UUID travels intact between ledgers; see <see cref="Bytes32Words"/>).</param>
/// <param name="Holder">The holder on the destination network, in its own form (an address, or <c>{mspId}::{CN}</c>).</param>
/// <param name="Beneficiary">The beneficiary on the destination network, in its own form.</param>
/// <param name="ValidUntil">
/// The last moment (whole unix seconds; the destination compares its block or transaction time) at which the destination
/// may apply the attestation. After it the message can never arrive, which is what makes a refund on the source safe.
/// </param>
public sealed record InboundTitle(string Lane, string MessageId, string TitleId, string Holder, string Beneficiary, DateTimeOffset ValidUntil);

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
/// A network whose contract or chaincode records the messages it sends and settles each once under an M-of-N relay
/// attestation: acknowledged (the destination applied it) or refunded (the title is given back on the source). It says
/// which digest the relay signers must sign (docs/ethereum.md and docs/fabric.md "Acknowledgements and refunds"). Pure:
/// no I/O.
/// </summary>
public interface IOutboundSettlementDomain
{
    /// <summary>The digest and domain facts that acknowledge source-side message <paramref name="messageId"/>.</summary>
    /// <param name="messageId">The message id the source emitted (<c>0x</c> + 64 hex).</param>
    /// <param name="destinationTx">The destination transaction that applied it (<see cref="SettlementWords.Transaction"/>).</param>
    /// <exception cref="ArgumentException">An id is not a 32-byte word.</exception>
    AttestationDomain AcknowledgementDomain(string messageId, string destinationTx);

    /// <summary>
    /// The digest and domain facts that refund source-side message <paramref name="messageId"/>. Sign it only when the
    /// destination can never apply the message: its attestation's valid-until has passed and the destination shows the
    /// message not consumed at a final block.
    /// </summary>
    /// <param name="messageId">The message id the source emitted (<c>0x</c> + 64 hex).</param>
    /// <exception cref="ArgumentException">The id is not a 32-byte word.</exception>
    AttestationDomain RefundDomain(string messageId);
}

/// <summary>How settlements name messages and transactions as 32-byte words.</summary>
public static class SettlementWords
{
    /// <summary>
    /// The word of a transaction id: <c>0x</c> + 64 hex (an Ethereum transaction hash) or 64 hex (a Fabric transaction
    /// id, SHA-256 of nonce ‖ creator), as its 32 bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The id is neither form.</exception>
    public static byte[] Transaction(string txId)
    {
        ArgumentNullException.ThrowIfNull(txId);
        var hex = txId.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? txId.AsSpan(2) : txId.AsSpan();
        if (hex.Length != 64 || hex.ContainsAnyExcept(HexDigits))
        {
            throw new ArgumentException($"'{txId}' is not a 32-byte transaction id (0x + 64 hex, or 64 hex).", nameof(txId));
        }

        return Convert.FromHexString(hex);
    }

    /// <summary>The word of an outbound message id: <c>0x</c> + 64 hex, as its 32 bytes.</summary>
    /// <exception cref="ArgumentException">The id is not that form.</exception>
    public static byte[] Message(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        if (messageId.Length != 66 || !messageId.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || messageId.AsSpan(2).ContainsAnyExcept(HexDigits))
        {
            throw new ArgumentException($"'{messageId}' is not a message id (0x + 64 hex).", nameof(messageId));
        }

        return Convert.FromHexString(messageId.AsSpan(2));
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
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
