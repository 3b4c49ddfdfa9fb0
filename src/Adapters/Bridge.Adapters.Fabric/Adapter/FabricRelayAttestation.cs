using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// The digests of the relay attestations the bridge chaincode accepts (docs/fabric.md "The bridge chaincode"): the
/// EIP-712 construction (https://eips.ethereum.org/EIPS/eip-712) with the domain
/// <c>EIP712Domain(string name,string version,bytes32 salt)</c> = {"TradeChainBridge.TitleChaincode", "1",
/// keccak256("{channel}/{chaincode}")} and, for an inbound title, the primary type
/// <c>RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,bytes32 network,uint64 validUntil)</c> where
/// network repeats the salt (explicit domain separation, as chainId and verifyingContract do on Ethereum) and inbound
/// payloadHash = keccak256(titleId ‖ holder ‖ beneficiary) of <see cref="Bytes32Words"/> words, the layout TitleRegistry
/// uses; for settling an outbound message <c>Acknowledgement(bytes32 messageId,bytes32 destinationTx,bytes32 network)</c>
/// and <c>Refund(bytes32 messageId,bytes32 network)</c>. Pure.
/// </summary>
public static class FabricRelayAttestation
{
    /// <summary>The EIP-712 domain name.</summary>
    public const string DomainName = "TradeChainBridge.TitleChaincode";

    private static readonly byte[] DomainTypeHash = Keccak256.Hash("EIP712Domain(string name,string version,bytes32 salt)"u8);
    private static readonly byte[] AttestationTypeHash = Keccak256.Hash("RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,bytes32 network,uint64 validUntil)"u8);
    private static readonly byte[] AcknowledgementTypeHash = Keccak256.Hash("Acknowledgement(bytes32 messageId,bytes32 destinationTx,bytes32 network)"u8);
    private static readonly byte[] RefundTypeHash = Keccak256.Hash("Refund(bytes32 messageId,bytes32 network)"u8);
    private static readonly byte[] NameHash = Keccak256.Hash(Encoding.UTF8.GetBytes(DomainName));
    private static readonly byte[] VersionHash = Keccak256.Hash("1"u8);

    /// <summary>keccak256("{channel}/{chaincode}"): the network word of a chaincode on a channel.</summary>
    public static byte[] Network(string channel, string chaincode) => Keccak256.Hash(Encoding.UTF8.GetBytes($"{channel}/{chaincode}"));

    /// <summary>keccak256(titleId ‖ holder ‖ beneficiary), each a 32-byte word by <see cref="Bytes32Words"/>.</summary>
    public static byte[] InboundPayloadHash(string titleId, string holder, string beneficiary) =>
        Keccak256.Hash([.. Bytes32Words.Of(titleId), .. Bytes32Words.OfRecipient(holder), .. Bytes32Words.OfRecipient(beneficiary)]);

    /// <summary>keccak256(titleId ‖ holder ‖ beneficiary ‖ recipient): the payload hash of an outbound message.</summary>
    public static byte[] OutboundPayloadHash(string titleId, string holder, string beneficiary, string recipient) =>
        Keccak256.Hash([.. Bytes32Words.Of(titleId), .. Bytes32Words.OfRecipient(holder), .. Bytes32Words.OfRecipient(beneficiary), .. Bytes32Words.OfRecipient(recipient)]);

    /// <summary>
    /// The digest relay signers sign for a message to <paramref name="chaincode"/> on <paramref name="channel"/> that may
    /// be applied until the unix second <paramref name="validUntil"/>.
    /// </summary>
    public static byte[] Digest(string channel, string chaincode, ReadOnlySpan<byte> lane, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> payloadHash, ulong validUntil)
    {
        var network = Network(channel, chaincode);
        var structHash = Keccak256.Hash([.. AttestationTypeHash, .. Word(lane), .. Word(messageId), .. Word(payloadHash), .. network, .. Uint64Word(validUntil)]);
        return Typed(network, structHash);
    }

    /// <summary>The digest relay signers sign to acknowledge that outbound message <paramref name="messageId"/> was applied in <paramref name="destinationTx"/>.</summary>
    public static byte[] AcknowledgementDigest(string channel, string chaincode, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> destinationTx)
    {
        var network = Network(channel, chaincode);
        return Typed(network, Keccak256.Hash([.. AcknowledgementTypeHash, .. Word(messageId), .. Word(destinationTx), .. network]));
    }

    /// <summary>The digest relay signers sign to refund outbound message <paramref name="messageId"/>.</summary>
    public static byte[] RefundDigest(string channel, string chaincode, ReadOnlySpan<byte> messageId)
    {
        var network = Network(channel, chaincode);
        return Typed(network, Keccak256.Hash([.. RefundTypeHash, .. Word(messageId), .. network]));
    }

    /// <summary>The digest and domain facts for <paramref name="title"/> arriving on <paramref name="chaincode"/> on <paramref name="channel"/>.</summary>
    /// <exception cref="ArgumentException">The valid-until is before 1970.</exception>
    public static AttestationDomain For(string channel, string chaincode, InboundTitle title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var validUntil = title.ValidUntil.ToUnixTimeSeconds();
        if (validUntil < 0)
        {
            throw new ArgumentException("An attestation's valid-until must not be before 1970.", nameof(title));
        }

        var payloadHash = InboundPayloadHash(title.TitleId, title.Holder, title.Beneficiary);
        var digest = Digest(channel, chaincode, Bytes32Words.Of(title.Lane), Bytes32Words.Of(title.MessageId), payloadHash, (ulong)validUntil);
        var facts = Facts(channel, chaincode, null);
        facts["payloadHash"] = "0x" + Convert.ToHexStringLower(payloadHash);
        facts["validUntil"] = validUntil.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new AttestationDomain(digest, facts);
    }

    /// <summary>The digest and domain facts that acknowledge outbound message <paramref name="messageId"/> of <paramref name="chaincode"/> on <paramref name="channel"/>.</summary>
    /// <exception cref="ArgumentException">An id is not a 32-byte word (<see cref="SettlementWords"/>).</exception>
    public static AttestationDomain AcknowledgementFor(string channel, string chaincode, string messageId, string destinationTx)
    {
        var txWord = SettlementWords.Transaction(destinationTx);
        var facts = Facts(channel, chaincode, "acknowledgement");
        facts["destinationTx"] = "0x" + Convert.ToHexStringLower(txWord);
        return new AttestationDomain(AcknowledgementDigest(channel, chaincode, SettlementWords.Message(messageId), txWord), facts);
    }

    /// <summary>The digest and domain facts that refund outbound message <paramref name="messageId"/> of <paramref name="chaincode"/> on <paramref name="channel"/>.</summary>
    /// <exception cref="ArgumentException">The id is not a 32-byte word (<see cref="SettlementWords"/>).</exception>
    public static AttestationDomain RefundFor(string channel, string chaincode, string messageId) =>
        new(RefundDigest(channel, chaincode, SettlementWords.Message(messageId)), Facts(channel, chaincode, "refund"));

    private static Dictionary<string, string> Facts(string channel, string chaincode, string? settlement)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["type"] = "fabric",
            ["channel"] = channel,
            ["chaincode"] = chaincode,
            ["network"] = "0x" + Convert.ToHexStringLower(Network(channel, chaincode)),
        };
        if (settlement is not null)
        {
            facts["settlement"] = settlement;
        }

        return facts;
    }

    private static byte[] Typed(byte[] network, byte[] structHash)
    {
        var domainSeparator = Keccak256.Hash([.. DomainTypeHash, .. NameHash, .. VersionHash, .. network]);
        return Keccak256.Hash([0x19, 0x01, .. domainSeparator, .. structHash]);
    }

    private static byte[] Uint64Word(ulong value)
    {
        var word = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
        return word;
    }

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> word) =>
        word.Length == 32 ? word : throw new ArgumentException("A bytes32 value must be 32 bytes.", nameof(word));
}
