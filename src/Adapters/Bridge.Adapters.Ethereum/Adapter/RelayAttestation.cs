using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>
/// The relay attestations that TitleRegistry accepts: EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712) with
/// domain <c>{name "TradeChainBridge.TitleRegistry", version "1", chainId, verifyingContract}</c> and, for
/// <c>importTitle</c> and <c>releaseTitle</c>, the primary type
/// <c>RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,uint256 chainId,address verifyingContract,uint64 validUntil)</c>,
/// where payloadHash = keccak256(abi.encode(titleId, holder, beneficiary)); for <c>acknowledgeMessage</c>
/// <c>Acknowledgement(bytes32 messageId,bytes32 destinationTx,uint256 chainId,address verifyingContract)</c>; for
/// <c>refundTitle</c> <c>Refund(bytes32 messageId,uint256 chainId,address verifyingContract)</c>. See TitleRegistry.sol.
/// </summary>
public static class RelayAttestation
{
    /// <summary>The EIP-712 domain name of TitleRegistry.</summary>
    public const string DomainName = "TradeChainBridge.TitleRegistry";

    private static readonly byte[] DomainTypeHash = Keccak256.Hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8);
    private static readonly byte[] AttestationTypeHash = Keccak256.Hash("RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,uint256 chainId,address verifyingContract,uint64 validUntil)"u8);
    private static readonly byte[] AcknowledgementTypeHash = Keccak256.Hash("Acknowledgement(bytes32 messageId,bytes32 destinationTx,uint256 chainId,address verifyingContract)"u8);
    private static readonly byte[] RefundTypeHash = Keccak256.Hash("Refund(bytes32 messageId,uint256 chainId,address verifyingContract)"u8);
    private static readonly byte[] NameHash = Keccak256.Hash("TradeChainBridge.TitleRegistry"u8);
    private static readonly byte[] VersionHash = Keccak256.Hash("1"u8);

    /// <summary>keccak256(abi.encode(titleId, holder, beneficiary)): the inbound payload hash the contract recomputes.</summary>
    public static byte[] InboundPayloadHash(ReadOnlySpan<byte> titleId, EthAddress holder, EthAddress beneficiary)
    {
        Span<byte> encoded = stackalloc byte[96];
        encoded.Clear();
        Word(titleId).CopyTo(encoded);
        holder.AsSpan().CopyTo(encoded[44..64]);
        beneficiary.AsSpan().CopyTo(encoded[76..96]);
        return Keccak256.Hash(encoded);
    }

    /// <summary>keccak256(abi.encode(titleId, holder, beneficiary, recipient)): the payload hash of an outbound message.</summary>
    public static byte[] OutboundPayloadHash(ReadOnlySpan<byte> titleId, EthAddress holder, EthAddress beneficiary, ReadOnlySpan<byte> recipient)
    {
        Span<byte> encoded = stackalloc byte[128];
        encoded.Clear();
        Word(titleId).CopyTo(encoded);
        holder.AsSpan().CopyTo(encoded[44..64]);
        beneficiary.AsSpan().CopyTo(encoded[76..96]);
        Word(recipient).CopyTo(encoded[96..]);
        return Keccak256.Hash(encoded);
    }

    /// <summary>The EIP-712 domain separator of the TitleRegistry at <paramref name="contract"/> on <paramref name="chainId"/>.</summary>
    public static byte[] DomainSeparator(ulong chainId, EthAddress contract)
    {
        Span<byte> encoded = stackalloc byte[160];
        encoded.Clear();
        DomainTypeHash.CopyTo(encoded);
        NameHash.CopyTo(encoded[32..]);
        VersionHash.CopyTo(encoded[64..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(encoded[120..128], chainId);
        contract.AsSpan().CopyTo(encoded[140..160]);
        return Keccak256.Hash(encoded);
    }

    /// <summary>
    /// The digest the relay signers sign for an inbound title valid until the unix second <paramref name="validUntil"/>
    /// (equal to the contract's <c>attestationDigest</c>).
    /// </summary>
    public static byte[] Digest(ulong chainId, EthAddress contract, ReadOnlySpan<byte> lane, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> payloadHash, ulong validUntil)
    {
        Span<byte> structEncoded = stackalloc byte[224];
        structEncoded.Clear();
        AttestationTypeHash.CopyTo(structEncoded);
        Word(lane).CopyTo(structEncoded[32..]);
        Word(messageId).CopyTo(structEncoded[64..]);
        Word(payloadHash).CopyTo(structEncoded[96..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(structEncoded[152..160], chainId);
        contract.AsSpan().CopyTo(structEncoded[172..192]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(structEncoded[216..224], validUntil);
        return Typed(chainId, contract, structEncoded);
    }

    /// <summary>
    /// The digest the relay signers sign to acknowledge that the destination applied outbound message
    /// <paramref name="messageId"/> in <paramref name="destinationTx"/> (the contract's <c>acknowledgementDigest</c>).
    /// </summary>
    public static byte[] AcknowledgementDigest(ulong chainId, EthAddress contract, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> destinationTx)
    {
        Span<byte> structEncoded = stackalloc byte[160];
        structEncoded.Clear();
        AcknowledgementTypeHash.CopyTo(structEncoded);
        Word(messageId).CopyTo(structEncoded[32..]);
        Word(destinationTx).CopyTo(structEncoded[64..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(structEncoded[120..128], chainId);
        contract.AsSpan().CopyTo(structEncoded[140..160]);
        return Typed(chainId, contract, structEncoded);
    }

    /// <summary>The digest the relay signers sign to refund outbound message <paramref name="messageId"/> (the contract's <c>refundDigest</c>).</summary>
    public static byte[] RefundDigest(ulong chainId, EthAddress contract, ReadOnlySpan<byte> messageId)
    {
        Span<byte> structEncoded = stackalloc byte[128];
        structEncoded.Clear();
        RefundTypeHash.CopyTo(structEncoded);
        Word(messageId).CopyTo(structEncoded[32..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(structEncoded[88..96], chainId);
        contract.AsSpan().CopyTo(structEncoded[108..128]);
        return Typed(chainId, contract, structEncoded);
    }

    /// <summary>
    /// Signs <paramref name="digest"/> with each key and orders the 65-byte r‖s‖v signatures by signer address, ascending,
    /// as the contract requires (so that no signer counts twice).
    /// </summary>
    public static IReadOnlyList<byte[]> Sign(ReadOnlySpan<byte> digest, IEnumerable<EthPrivateKey> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        var signed = new List<(EthAddress Signer, byte[] Signature)>();
        foreach (var key in signers)
        {
            signed.Add((key.Address, key.Sign(digest).ToBytes65()));
        }

        signed.Sort((a, b) => a.Signer.AsSpan().SequenceCompareTo(b.Signer.AsSpan()));
        return [.. signed.Select(s => s.Signature)];
    }

    /// <summary>keccak256(0x1901 ‖ domainSeparator ‖ keccak256(<paramref name="structEncoded"/>)).</summary>
    private static byte[] Typed(ulong chainId, EthAddress contract, ReadOnlySpan<byte> structEncoded)
    {
        Span<byte> message = stackalloc byte[66];
        message[0] = 0x19;
        message[1] = 0x01;
        DomainSeparator(chainId, contract).CopyTo(message[2..]);
        Keccak256.Hash(structEncoded, message[34..]);
        return Keccak256.Hash(message);
    }

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> word) =>
        word.Length == 32 ? word : throw new ArgumentException("A bytes32 value must be 32 bytes.", nameof(word));
}
