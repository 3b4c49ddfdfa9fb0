using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Proofs;

/// <summary>Stable codes of <see cref="RelayAttestationVerifier"/>'s invalid verdicts.</summary>
public static class RelayAttestationCodes
{
    /// <summary>The envelope or its data is missing something or cannot be decoded.</summary>
    public const string MalformedProof = ProofVerdictCodes.MalformedProof;

    /// <summary>The digest recomputed from the domain facts, lane, message id and payload hash is not the signed one.</summary>
    public const string DigestMismatch = ProofVerdictCodes.DigestMismatch;

    /// <summary>A signature is malformed, does not recover, or recovers to another address than the one listed beside it.</summary>
    public const string BadSignature = ProofVerdictCodes.BadSignature;

    /// <summary>A signer is not one of the policy's relay signers.</summary>
    public const string UntrustedSigner = ProofVerdictCodes.UntrustedSigner;

    /// <summary>Fewer distinct trusted signers than the policy's threshold.</summary>
    public const string PolicyNotSatisfied = ProofVerdictCodes.PolicyNotSatisfied;

    /// <summary>A signer signs twice.</summary>
    public const string DuplicateSigner = "duplicate-signer";

    /// <summary>The signers are not in ascending address order (the order the contract and chaincode require).</summary>
    public const string UnorderedSigners = "unordered-signers";

    /// <summary>The attestation is for another message than its subject or the expected one.</summary>
    public const string WrongMessage = "wrong-message";

    /// <summary>The lane word is not the lane name's word, or the lane is not the expected one.</summary>
    public const string WrongLane = "wrong-lane";

    /// <summary>The payload hash is not the one of the expected title facts.</summary>
    public const string PayloadMismatch = "payload-mismatch";

    /// <summary>No <see cref="IRelayAttestationDomain"/> for the attestation's domain type was given to the verifier.</summary>
    public const string UnknownDomain = "unknown-domain";
}

/// <summary>Who may attest messages of a lane: the relay signer addresses and how many of them must sign (M of N).</summary>
public sealed class RelaySignerPolicy
{
    /// <summary>A policy of <paramref name="threshold"/> of <paramref name="signers"/>.</summary>
    /// <exception cref="ArgumentException">No signers, or a threshold outside 1 to the number of distinct signers.</exception>
    public RelaySignerPolicy(IEnumerable<EthAddress> signers, int threshold)
    {
        ArgumentNullException.ThrowIfNull(signers);
        var set = new HashSet<EthAddress>(signers);
        if (set.Count == 0)
        {
            throw new ArgumentException("A relay signer policy names at least one signer.", nameof(signers));
        }

        if (threshold < 1 || threshold > set.Count)
        {
            throw new ArgumentException($"The threshold must be 1 to {set.Count} (the number of distinct signers); got {threshold}.", nameof(threshold));
        }

        Signers = set;
        Threshold = threshold;
    }

    /// <summary>The trusted relay signer addresses.</summary>
    public IReadOnlySet<EthAddress> Signers { get; }

    /// <summary>How many distinct trusted signers an attestation needs.</summary>
    public int Threshold { get; }
}

/// <summary>
/// The TitleRegistry domain (<see cref="RelayAttestation"/>): facts <c>{"type": "ethereum", "chainId", "contract",
/// "payloadHash"}</c>, chainId a decimal string or number.
/// </summary>
public sealed class EthereumRelayAttestationDomain : IRelayAttestationDomain
{
    /// <inheritdoc />
    public string Type => "ethereum";

    /// <inheritdoc />
    public bool TryDigest(JsonElement domain, ReadOnlySpan<byte> lane, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> payloadHash, [NotNullWhen(true)] out byte[]? digest, [NotNullWhen(false)] out string? problem)
    {
        digest = null;
        if (!domain.TryGetProperty("chainId", out var chainJson) || !TryChainId(chainJson, out var chainId))
        {
            problem = "domain.chainId must be a positive integer";
            return false;
        }

        if (!domain.TryGetProperty("contract", out var contractJson) || contractJson.ValueKind != JsonValueKind.String || !EthAddress.TryParse(contractJson.GetString(), out var contract))
        {
            problem = "domain.contract must be an Ethereum address";
            return false;
        }

        if (!RelayAttestationDomains.TryValidUntil(domain, out var validUntil))
        {
            problem = "domain.validUntil must be unix seconds";
            return false;
        }

        digest = RelayAttestation.Digest(chainId, contract, lane, messageId, payloadHash, validUntil);
        problem = null;
        return true;
    }

    /// <inheritdoc />
    public bool TryInboundPayloadHash(InboundTitle title, [NotNullWhen(true)] out byte[]? payloadHash, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(title);
        payloadHash = null;
        if (!EthAddress.TryParse(title.Holder, out var holder) || !EthAddress.TryParse(title.Beneficiary, out var beneficiary))
        {
            problem = "a title arriving on Ethereum has an address as its holder and its beneficiary";
            return false;
        }

        if (string.IsNullOrEmpty(title.TitleId))
        {
            problem = "the title id is empty";
            return false;
        }

        payloadHash = RelayAttestation.InboundPayloadHash(Bytes32Names.Of(title.TitleId), holder, beneficiary);
        problem = null;
        return true;
    }

    internal static bool TryChainId(JsonElement json, out ulong chainId)
    {
        chainId = 0;
        var ok = json.ValueKind switch
        {
            JsonValueKind.Number => json.TryGetUInt64(out chainId),
            JsonValueKind.String => ulong.TryParse(json.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out chainId),
            _ => false,
        };
        return ok && chainId > 0;
    }
}

/// <summary>
/// Checks <c>relay-attestation</c> proofs (built by the relay's dispatcher; docs/relay.md "Relay attestations") offline.
/// The data is
/// <code>
/// {"lane": "0x…word", "laneName", "messageId": "0x…64 hex", "beneficiary", "digest": "0x…64 hex", "threshold",
///  "signers": ["0x…address", …ascending], "signatures": ["0x…r‖s‖v", …same order],
///  "domain": {"type", …facts, "payloadHash": "0x…64 hex"}}
/// </code>
/// and it holds when: the subject is the message <c>messageId</c> names; the lane word is the lane name's
/// (<see cref="Bytes32Words"/>); the payload hash is the expected title's when one is given; the digest recomputed by the
/// domain type's EIP-712 construction (https://eips.ethereum.org/EIPS/eip-712) equals <c>digest</c>; every signature
/// recovers (secp256k1, low s) to the signer listed beside it, a trusted one, in strictly ascending address order; and
/// at least the policy's threshold signed. The proof's own <c>threshold</c> is not trusted: the policy decides. Pure: no
/// I/O, no clock; never throws for bad input.
/// </summary>
public sealed class RelayAttestationVerifier
{
    private readonly Dictionary<string, IRelayAttestationDomain> _domains = new(StringComparer.Ordinal);

    /// <summary>A verifier that understands the given destination domain types.</summary>
    /// <exception cref="ArgumentException">Two domains claim the same type.</exception>
    public RelayAttestationVerifier(IEnumerable<IRelayAttestationDomain> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var domain in domains)
        {
            ArgumentNullException.ThrowIfNull(domain, nameof(domains));
            if (!_domains.TryAdd(domain.Type, domain))
            {
                throw new ArgumentException($"Two relay attestation domains for type '{domain.Type}'.", nameof(domains));
            }
        }
    }

    /// <summary>
    /// Checks <paramref name="proof"/> under <paramref name="policy"/>. With <paramref name="expected"/> (the lane, the
    /// message id as <c>0x</c> + 64 hex, and the title facts the relay attested: title id, holder and beneficiary on the
    /// destination) it also requires that lane, that message and the payload hash of those facts.
    /// </summary>
    public ProofVerdict Verify(ProofEnvelope proof, RelaySignerPolicy policy, InboundTitle? expected = null)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(policy);
        if (proof.Kind != ProofKind.RelayAttestation)
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.KindMismatch, $"this verifier checks relay-attestation proofs, not {proof.Kind.ToWireName()}");
        }

        if (proof.Version != ProofEnvelope.CurrentVersion)
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.UnsupportedVersion, $"proof envelope version {proof.Version} is not supported; expected {ProofEnvelope.CurrentVersion}");
        }

        if (!Data.TryRead(proof.Data, out var data, out var problem))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.MalformedProof, problem);
        }

        var messageHex = Convert.ToHexStringLower(data.MessageId);
        if (proof.Subject.Type != ProofSubjectType.Message || !string.Equals(proof.Subject.Id, messageHex, StringComparison.OrdinalIgnoreCase))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.WrongMessage, $"the attestation is for message {messageHex}; its subject is {proof.Subject.Type.ToWireName()} {proof.Subject.Id}");
        }

        if (expected is not null && !string.Equals(expected.MessageId, "0x" + messageHex, StringComparison.OrdinalIgnoreCase))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.WrongMessage, $"the attestation is for message {messageHex}, not {expected.MessageId}");
        }

        if (!data.Lane.AsSpan().SequenceEqual(Bytes32Words.Of(data.LaneName)))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.WrongLane, $"the lane word {HexData.Encode(data.Lane)} is not the word of lane '{data.LaneName}'");
        }

        if (expected is not null && !string.Equals(expected.Lane, data.LaneName, StringComparison.Ordinal))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.WrongLane, $"the attestation is for lane '{data.LaneName}', not '{expected.Lane}'");
        }

        if (!_domains.TryGetValue(data.DomainType, out var domain))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.UnknownDomain, $"no relay attestation domain of type '{data.DomainType}' is known (known: {string.Join(", ", _domains.Keys.Order(StringComparer.Ordinal))})");
        }

        if (expected is not null)
        {
            if (!domain.TryInboundPayloadHash(expected, out var payloadHash, out var why))
            {
                return new ProofVerdict.Invalid(RelayAttestationCodes.PayloadMismatch, $"the expected title cannot arrive on a {data.DomainType} destination: {why}");
            }

            if (!payloadHash.AsSpan().SequenceEqual(data.PayloadHash))
            {
                return new ProofVerdict.Invalid(RelayAttestationCodes.PayloadMismatch, $"the attested payload hash {HexData.Encode(data.PayloadHash)} is not {HexData.Encode(payloadHash)}, the hash of title {expected.TitleId} for holder {expected.Holder} and beneficiary {expected.Beneficiary}");
            }
        }

        if (!domain.TryDigest(data.Domain, data.Lane, data.MessageId, data.PayloadHash, out var digest, out var domainProblem))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.MalformedProof, domainProblem);
        }

        if (!digest.AsSpan().SequenceEqual(data.Digest))
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.DigestMismatch, $"the digest recomputed from the {data.DomainType} domain facts, lane, message and payload hash is {HexData.Encode(digest)}, not the signed {HexData.Encode(data.Digest)}");
        }

        var signers = new List<EthAddress>(data.Signatures.Count);
        for (var i = 0; i < data.Signatures.Count; i++)
        {
            if (!EthSignature.TryFromBytes65(data.Signatures[i], out var signature) || !Secp256k1.TryRecoverAddress(digest, signature, out var signer))
            {
                return new ProofVerdict.Invalid(RelayAttestationCodes.BadSignature, $"signature {i} is not a valid r‖s‖v secp256k1 signature (low s) of the digest");
            }

            if (signer != data.Signers[i])
            {
                return new ProofVerdict.Invalid(RelayAttestationCodes.BadSignature, $"signature {i} was made by {signer.ToLowerHex()}, not by the listed signer {data.Signers[i].ToLowerHex()}");
            }

            if (!policy.Signers.Contains(signer))
            {
                return new ProofVerdict.Invalid(RelayAttestationCodes.UntrustedSigner, $"signer {signer.ToLowerHex()} is not one of lane '{data.LaneName}''s trusted relay signers");
            }

            if (signers.Count > 0)
            {
                var order = signers[^1].AsSpan().SequenceCompareTo(signer.AsSpan());
                if (order == 0)
                {
                    return new ProofVerdict.Invalid(RelayAttestationCodes.DuplicateSigner, $"signer {signer.ToLowerHex()} signs more than once");
                }

                if (order > 0)
                {
                    return new ProofVerdict.Invalid(RelayAttestationCodes.UnorderedSigners, $"signer {signer.ToLowerHex()} comes after {signers[^1].ToLowerHex()}; signers must be in ascending address order");
                }
            }

            signers.Add(signer);
        }

        if (signers.Count < policy.Threshold)
        {
            return new ProofVerdict.Invalid(RelayAttestationCodes.PolicyNotSatisfied, $"{signers.Count} trusted relay signer(s) signed; lane '{data.LaneName}' needs {policy.Threshold}");
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lane"] = data.LaneName,
            ["messageId"] = "0x" + messageHex,
            ["digest"] = HexData.Encode(digest),
            ["payloadHash"] = HexData.Encode(data.PayloadHash),
            ["threshold"] = policy.Threshold.ToString(CultureInfo.InvariantCulture),
            ["domain"] = data.DomainType,
        };
        foreach (var fact in data.Domain.EnumerateObject())
        {
            if (fact.Name is not ("type" or "payloadHash") && fact.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                details.TryAdd(fact.Name, fact.Value.ToString());
            }
        }

        return new ProofVerdict.Valid([.. signers.Select(s => s.ToLowerHex())], Details: details);
    }

    /// <summary>The proof's data, read strictly.</summary>
    private sealed record Data(
        byte[] Lane,
        string LaneName,
        byte[] MessageId,
        byte[] Digest,
        List<EthAddress> Signers,
        List<byte[]> Signatures,
        string DomainType,
        JsonElement Domain,
        byte[] PayloadHash)
    {
        public static bool TryRead(JsonElement json, [NotNullWhen(true)] out Data? data, [NotNullWhen(false)] out string? problem)
        {
            data = null;
            if (json.ValueKind != JsonValueKind.Object)
            {
                problem = "the proof data must be a JSON object";
                return false;
            }

            if (!Word(json, "lane", out var lane) || !Word(json, "messageId", out var messageId) || !Word(json, "digest", out var digest))
            {
                problem = "lane, messageId and digest must each be 0x + 64 hex digits";
                return false;
            }

            if (!json.TryGetProperty("laneName", out var laneJson) || laneJson.ValueKind != JsonValueKind.String || laneJson.GetString() is not { Length: > 0 } laneName)
            {
                problem = "laneName must be a non-empty string";
                return false;
            }

            if (!json.TryGetProperty("signers", out var signersJson) || signersJson.ValueKind != JsonValueKind.Array
                || !json.TryGetProperty("signatures", out var signaturesJson) || signaturesJson.ValueKind != JsonValueKind.Array
                || signersJson.GetArrayLength() != signaturesJson.GetArrayLength())
            {
                problem = "signers and signatures must be arrays of the same length";
                return false;
            }

            var signers = new List<EthAddress>();
            foreach (var item in signersJson.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !EthAddress.TryParse(item.GetString(), out var address))
                {
                    problem = $"signer {signers.Count} is not an Ethereum address";
                    return false;
                }

                signers.Add(address);
            }

            var signatures = new List<byte[]>();
            foreach (var item in signaturesJson.EnumerateArray())
            {
                var bytes = new byte[EthSignature.Size65];
                if (item.ValueKind != JsonValueKind.String || !HexData.TryDecode(item.GetString(), bytes))
                {
                    problem = $"signature {signatures.Count} is not 0x + 130 hex digits (r‖s‖v)";
                    return false;
                }

                signatures.Add(bytes);
            }

            if (!json.TryGetProperty("domain", out var domain) || domain.ValueKind != JsonValueKind.Object
                || !domain.TryGetProperty("type", out var typeJson) || typeJson.ValueKind != JsonValueKind.String || typeJson.GetString() is not { Length: > 0 } type)
            {
                problem = "domain must be an object with a type";
                return false;
            }

            if (!Word(domain, "payloadHash", out var payloadHash))
            {
                problem = "domain.payloadHash must be 0x + 64 hex digits";
                return false;
            }

            // The relay repeats some domain facts at the top level for readers; they must not say something else.
            foreach (var name in (string[])["chainId", "contract", "payloadHash", "network", "validUntil"])
            {
                if (json.TryGetProperty(name, out var top) && (!domain.TryGetProperty(name, out var inner) || !SameFact(name, top, inner)))
                {
                    problem = $"the top-level {name} is not domain.{name}";
                    return false;
                }
            }

            data = new Data(lane, laneName, messageId, digest, signers, signatures, type, domain.Clone(), payloadHash);
            problem = null;
            return true;
        }

        private static bool SameFact(string name, JsonElement a, JsonElement b)
        {
            if (name == "chainId")
            {
                return EthereumRelayAttestationDomain.TryChainId(a, out var x) && EthereumRelayAttestationDomain.TryChainId(b, out var y) && x == y;
            }

            if (name == "validUntil")
            {
                using var left = JsonDocument.Parse($"{{\"validUntil\":{a.GetRawText()}}}");
                using var right = JsonDocument.Parse($"{{\"validUntil\":{b.GetRawText()}}}");
                return RelayAttestationDomains.TryValidUntil(left.RootElement, out var x) && RelayAttestationDomains.TryValidUntil(right.RootElement, out var y) && x == y;
            }

            return a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String
                && string.Equals(a.GetString(), b.GetString(), StringComparison.OrdinalIgnoreCase);
        }

        private static bool Word(JsonElement json, string name, out byte[] word)
        {
            word = new byte[32];
            return json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && HexData.TryDecode(value.GetString(), word);
        }
    }
}
