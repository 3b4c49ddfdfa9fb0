using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Ethereum.Trie;

namespace Bridge.Adapters.Ethereum.Proofs;

/// <summary>
/// Checks <c>ethereum-state</c> proofs: an EIP-1186 <c>eth_getProof</c> result for one contract and one storage slot,
/// with the headers from its block upwards. The data is
/// <code>{"chainId", "blockNumber", "blockHash", "proof": {eth_getProof result}, "headers": ["0x…RLP header", …]}</code>
/// and it holds when the header chain holds (as for receipts), the account proof verifies under the including
/// header's stateRoot, every storage proof under the proven storage root, the account is one of the anchors'
/// contracts, the subject is <c>{address}/{slot}</c> of a proven slot, and the subject's digest is SHA-256 of that
/// slot's value as a 32-byte big-endian word. Pure; never throws for bad input.
/// </summary>
public sealed class EthereumStateVerifier : IProofVerifier
{
    /// <inheritdoc />
    public ProofKind Kind => ProofKind.EthereumState;

    /// <summary>SHA-256 of a storage value as a 32-byte big-endian word, lower-case hex.</summary>
    public static string ValueDigest(BigInteger value)
    {
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        value.TryWriteBytes(word[(32 - value.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        return Convert.ToHexStringLower(SHA256.HashData(word));
    }

    /// <summary>The subject id of a slot: <c>{address lower-case}/{slot as 0x + 64 hex digits}</c>.</summary>
    public static string SubjectId(EthAddress contract, ReadOnlySpan<byte> slot) => $"{contract.ToLowerHex()}/{HexData.Encode(slot)}";

    /// <inheritdoc />
    public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors is not EthereumTrustAnchors ethereum)
        {
            return new ProofVerdict.NotApplicable($"an ethereum-state proof is checked against Ethereum trust anchors, not {anchors.Kind}");
        }

        if (proof.Kind != ProofKind.EthereumState || proof.Subject.Type != ProofSubjectType.State)
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.KindMismatch, "this verifier checks ethereum-state proofs of state subjects");
        }

        var json = proof.Data;
        if (json.ValueKind != JsonValueKind.Object
            || !EthereumReceiptVerifier.Data.UInt(json, "chainId", out var chainId)
            || !EthereumReceiptVerifier.Data.UInt(json, "blockNumber", out var blockNumber)
            || !EthereumReceiptVerifier.Data.Hash(json, "blockHash", out var blockHash)
            || !json.TryGetProperty("proof", out var proofJson)
            || !HeaderChain.TryReadHexArray(json, "headers", HeaderChain.MaxHeaders, out var headers))
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.MalformedProof, "the data needs chainId, blockNumber, blockHash, proof (an eth_getProof result) and headers");
        }

        var parsed = AccountProof.FromJson(proofJson);
        if (!parsed.TryGetValue(out var account))
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.MalformedProof, $"the eth_getProof result is malformed: {parsed.Error}");
        }

        if (chainId != (ulong)ethereum.ChainId)
        {
            return new ProofVerdict.Invalid(EthereumProofCodes.WrongChain, $"the proof is for chain {chainId}; the anchors are for chain {ethereum.ChainId}");
        }

        if (HeaderChain.Check(headers, blockNumber, blockHash, ethereum, out var header, out var trusted) is { } broken)
        {
            return broken;
        }

        var contract = EthAddress.FromBytes(account.Address.Span);
        if (!EthereumReceiptVerifier.IsTrustedContract(ethereum, contract))
        {
            return new ProofVerdict.Invalid(EthereumProofCodes.UntrustedContract, $"the state is of {contract}, which is not one of the anchors' contracts");
        }

        var verdict = account.Verify(header.StateRoot.Span);
        if (!verdict.IsValid)
        {
            return new ProofVerdict.Invalid(EthereumProofCodes.BadInclusionProof, $"the state is not proven under block {blockNumber}'s stateRoot: {verdict.Reason}");
        }

        foreach (var slot in account.StorageProofs)
        {
            if (!string.Equals(proof.Subject.Id, SubjectId(contract, slot.Key.Span), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var digest = ValueDigest(slot.Value);
            if (!string.Equals(digest, proof.Subject.Digest, StringComparison.Ordinal))
            {
                return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the proven value of {proof.Subject.Id} has digest {digest}, not the subject's {proof.Subject.Digest}");
            }

            return new ProofVerdict.Valid(
                [contract.ToString()],
                (long)blockNumber,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["chainId"] = chainId.ToString(CultureInfo.InvariantCulture),
                    ["blockHash"] = HexData.Encode(blockHash),
                    ["contract"] = contract.ToString(),
                    ["slot"] = HexData.Encode(slot.Key.Span),
                    ["value"] = "0x" + slot.Value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'),
                    ["confirmations"] = (headers.Count - 1).ToString(CultureInfo.InvariantCulture),
                    ["trustedBlock"] = $"{trusted.Number} {trusted.Hash}",
                });
        }

        return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the proof proves no storage slot named by the subject '{proof.Subject.Id}'");
    }
}
