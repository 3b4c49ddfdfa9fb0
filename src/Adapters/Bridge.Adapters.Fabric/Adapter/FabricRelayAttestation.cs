using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// The digest of the relay attestation the bridge chaincode accepts for an inbound title (docs/fabric.md "The bridge
/// chaincode"): the EIP-712 construction (https://eips.ethereum.org/EIPS/eip-712) with the domain
/// <c>EIP712Domain(string name,string version,bytes32 salt)</c> = {"TradeChainBridge.TitleChaincode", "1",
/// keccak256("{channel}/{chaincode}")} and the primary type
/// <c>RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,bytes32 network)</c> where network repeats the
/// salt (explicit domain separation, as chainId and verifyingContract do on Ethereum). Inbound payloadHash =
/// keccak256(titleId ‖ holder ‖ beneficiary) of <see cref="Bytes32Words"/> words, the layout TitleRegistry uses. Pure.
/// </summary>
public static class FabricRelayAttestation
{
    /// <summary>The EIP-712 domain name.</summary>
    public const string DomainName = "TradeChainBridge.TitleChaincode";

    private static readonly byte[] DomainTypeHash = Keccak256.Hash("EIP712Domain(string name,string version,bytes32 salt)"u8);
    private static readonly byte[] AttestationTypeHash = Keccak256.Hash("RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,bytes32 network)"u8);
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

    /// <summary>The digest relay signers sign for a message to <paramref name="chaincode"/> on <paramref name="channel"/>.</summary>
    public static byte[] Digest(string channel, string chaincode, ReadOnlySpan<byte> lane, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> payloadHash)
    {
        var network = Network(channel, chaincode);
        var domainSeparator = Keccak256.Hash([.. DomainTypeHash, .. NameHash, .. VersionHash, .. network]);
        var structHash = Keccak256.Hash([.. AttestationTypeHash, .. Word(lane), .. Word(messageId), .. Word(payloadHash), .. network]);
        return Keccak256.Hash([0x19, 0x01, .. domainSeparator, .. structHash]);
    }

    /// <summary>The digest and domain facts for <paramref name="title"/> arriving on <paramref name="chaincode"/> on <paramref name="channel"/>.</summary>
    public static AttestationDomain For(string channel, string chaincode, InboundTitle title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var payloadHash = InboundPayloadHash(title.TitleId, title.Holder, title.Beneficiary);
        var digest = Digest(channel, chaincode, Bytes32Words.Of(title.Lane), Bytes32Words.Of(title.MessageId), payloadHash);
        return new AttestationDomain(digest, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["type"] = "fabric",
            ["channel"] = channel,
            ["chaincode"] = chaincode,
            ["network"] = "0x" + Convert.ToHexStringLower(Network(channel, chaincode)),
            ["payloadHash"] = "0x" + Convert.ToHexStringLower(payloadHash),
        });
    }

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> word) =>
        word.Length == 32 ? word : throw new ArgumentException("A bytes32 value must be 32 bytes.", nameof(word));
}
