using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Canonical.Json;
using Bridge.Relay.Messages;

namespace Bridge.Host.Cli;

/// <summary>One check of a proof bundle and its outcome, printed as one line.</summary>
/// <param name="Valid">Whether the check holds.</param>
/// <param name="Code">The failure's stable code; null when valid.</param>
/// <param name="Text">What was checked and, on failure, why it does not hold.</param>
internal sealed record BundleCheck(bool Valid, string? Code, string Text)
{
    public static BundleCheck Pass(string text) => new(true, null, text);

    public static BundleCheck Fail(string code, string text) => new(false, code, text);

    /// <summary><c>valid: …</c> or <c>invalid (code): …</c>; line breaks inside become spaces so that it stays one line.</summary>
    public override string ToString() => (Valid ? "valid: " : $"invalid ({Code}): ") + Text.ReplaceLineEndings(" ");
}

/// <summary>The checks of one bundle, in the order they ran.</summary>
/// <param name="Header">What the bundle is about (message, lane, networks, state).</param>
/// <param name="Checks">Every check; the bundle holds when all do.</param>
internal sealed record BundleReport(string Header, IReadOnlyList<BundleCheck> Checks)
{
    public bool IsValid => Checks.Count > 0 && Checks.All(c => c.Valid);

    /// <summary>The header, one line per check, and a summary line.</summary>
    public IEnumerable<string> Lines()
    {
        yield return Header;
        foreach (var check in Checks)
        {
            yield return check.ToString();
        }

        var failed = Checks.Count(c => !c.Valid);
        yield return failed == 0
            ? $"bundle valid: all {Checks.Count} checks hold"
            : $"bundle invalid: {failed} of {Checks.Count} checks failed";
    }
}

/// <summary>
/// Offline check of a relay proof bundle (docs/proof-bundles.md; written by <c>ProofBundles.Create</c>) against a trust
/// file <c>{"networks": {"&lt;name&gt;": {"kind", "trustAnchors"}}, "relaySigners": {"&lt;lane&gt;": {"signers", "threshold"}}}</c>.
/// Nothing the relay concluded is trusted: the verdicts inside the bundle are ignored and every fact is recomputed. Pure.
/// </summary>
internal static class BundleVerification
{
    /// <summary>A check needs an entry the trust file does not have.</summary>
    public const string NoTrustCode = "no-trust";

    /// <summary>The bundle's own facts do not agree (id, payload digest, subjects, networks, lane).</summary>
    public const string InconsistentCode = "inconsistent-bundle";

    /// <summary>A proof the bundle must carry is not there.</summary>
    public const string MissingProofCode = "missing-proof";

    /// <summary>The payload is not what its digest says.</summary>
    public const string PayloadDigestCode = "payload-digest-mismatch";

    private static readonly RelayAttestationVerifier Attestations = new([new EthereumRelayAttestationDomain(), new FabricRelayAttestationDomain()]);

    /// <summary>Whether <paramref name="root"/> is a bundle (a top-level <c>proofs</c> array and a <c>version</c>) rather than a proof envelope.</summary>
    public static bool IsBundle(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("version", out _)
        && root.TryGetProperty("proofs", out var proofs) && proofs.ValueKind == JsonValueKind.Array;

    /// <summary>Checks <paramref name="bundle"/> under <paramref name="trust"/> (the trust file's root).</summary>
    /// <exception cref="CliException">The bundle or the trust file is not of the documented shape.</exception>
    public static BundleReport Verify(JsonElement bundle, JsonElement trust, string trustPath, ProofVerifierRegistry verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var header = Header.Read(bundle);
        if (trust.ValueKind != JsonValueKind.Object)
        {
            throw new CliException(ExitCodes.UserError, $"'{trustPath}' must hold a JSON object {{\"networks\": {{...}}, \"relaySigners\": {{...}}}}");
        }

        var checks = new List<BundleCheck> { CheckMessageId(header), CheckPayload(bundle, header, out var payload) };
        var sources = 0;
        var attestations = 0;
        foreach (var (proof, index) in bundle.GetProperty("proofs").EnumerateArray().Select((p, i) => (p, i)))
        {
            var role = proof.ValueKind == JsonValueKind.Object && proof.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (!proof.TryGetProperty("envelope", out var envelopeJson))
            {
                checks.Add(BundleCheck.Fail(ProofVerdictCodes.MalformedProof, $"proof {index}: no envelope"));
                continue;
            }

            if (ProofEnvelopeJson.Parse(envelopeJson) is not ProofEnvelopeParseResult.Success { Envelope: var envelope })
            {
                checks.Add(BundleCheck.Fail(ProofVerdictCodes.MalformedProof, $"proof {index} ({role ?? "no role"}): the envelope is not a valid proof envelope"));
                continue;
            }

            switch (role)
            {
                case "source":
                    sources++;
                    checks.Add(CheckSource(envelope, header, payload, trust, verifiers));
                    break;
                case "relay-attestation":
                    attestations++;
                    checks.Add(CheckAttestation(envelope, header, payload, trust));
                    break;
                case "acknowledgement" or "refund":
                    checks.Add(CheckSettlement(envelope, role, header, payload, trust));
                    break;
                default:
                    checks.Add(BundleCheck.Fail(ProofVerdictCodes.MalformedProof, $"proof {index}: unknown role '{role}' (expected source, relay-attestation, acknowledgement or refund)"));
                    break;
            }
        }

        if (sources == 0)
        {
            checks.Add(BundleCheck.Fail(MissingProofCode, $"source: the bundle has no source proof (the message is {header.State}; the relay proves the source fact once it is final)"));
        }

        if (attestations == 0 && payload is MessagePayload.Title)
        {
            checks.Add(BundleCheck.Fail(MissingProofCode, $"relay-attestation: a title message needs the relay signers' attestation and the bundle has none (the message is {header.State})"));
        }

        return new BundleReport(
            $"bundle of message {header.Id}: {header.Kind} on lane {header.Lane} from {header.SourceNetwork} to {header.DestinationNetwork} ({header.State})",
            checks);
    }

    private static BundleCheck CheckMessageId(Header header)
    {
        MessageId derived;
        try
        {
            derived = MessageId.Derive(header.Lane, header.SourceNetwork, header.SourceTx, header.SourceIndex);
        }
        catch (ArgumentException e)
        {
            return BundleCheck.Fail(InconsistentCode, $"message id: the source fact cannot give a message id: {e.Message}");
        }

        return derived.Value == header.Id
            ? BundleCheck.Pass($"message id {header.Id} is derived from lane {header.Lane} and source fact {header.SourceNetwork} {header.SourceTx} #{header.SourceIndex}")
            : BundleCheck.Fail(InconsistentCode, $"message id: lane {header.Lane} and source fact {header.SourceNetwork} {header.SourceTx} #{header.SourceIndex} give message id {derived.Value}, not {header.Id}");
    }

    private static BundleCheck CheckPayload(JsonElement bundle, Header header, out MessagePayload? payload)
    {
        payload = null;
        if (!bundle.TryGetProperty("payload", out var payloadJson) || payloadJson.ValueKind != JsonValueKind.Object)
        {
            return BundleCheck.Fail(InconsistentCode, "payload: the bundle carries no payload object (a message stored before payloads were kept cannot be checked offline)");
        }

        var canonical = new ArrayBufferWriter<byte>();
        if (!Jcs.TryCanonicalize(Encoding.UTF8.GetBytes(payloadJson.GetRawText()), canonical, out var error))
        {
            return BundleCheck.Fail(InconsistentCode, $"payload: it has no RFC 8785 canonical form: {error}");
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(canonical.WrittenSpan));
        if (!string.Equals(digest, header.PayloadDigest, StringComparison.Ordinal))
        {
            return BundleCheck.Fail(PayloadDigestCode, $"payload: its RFC 8785 bytes hash to {digest}, not to the bundle's payloadDigest {header.PayloadDigest}; the payload was altered");
        }

        if (!MessagePayload.TryParse(Encoding.UTF8.GetString(canonical.WrittenSpan), out payload))
        {
            return BundleCheck.Fail(InconsistentCode, "payload: it hashes to payloadDigest but is neither a title nor an anchor payload");
        }

        return BundleCheck.Pass($"payload digest {digest} is the SHA-256 of the payload's RFC 8785 bytes ({(payload is MessagePayload.Title ? "title" : "anchor")} payload)");
    }

    private static BundleCheck CheckSource(ProofEnvelope envelope, Header header, MessagePayload? payload, JsonElement trust, ProofVerifierRegistry verifiers)
    {
        var what = $"{envelope.Kind.ToWireName()} proof of {envelope.Subject.Type.ToWireName()} {envelope.Subject.Id} from {envelope.SourceNetwork}";
        if (!string.Equals(envelope.SourceNetwork, header.SourceNetwork, StringComparison.Ordinal))
        {
            return BundleCheck.Fail(InconsistentCode, $"source: the proof is from network {envelope.SourceNetwork}, but the message's source is {header.SourceNetwork}");
        }

        if (payload is not null && payload.Subject != envelope.Subject)
        {
            return BundleCheck.Fail(InconsistentCode, $"source: the proof proves {envelope.Subject.Type.ToWireName()} {envelope.Subject.Id} with digest {envelope.Subject.Digest}, but the payload's subject is {payload.Subject.Type.ToWireName()} {payload.Subject.Id} with digest {payload.Subject.Digest}");
        }

        if (!TryNetworkAnchors(trust, header.SourceNetwork, out var anchors, out var problem))
        {
            return BundleCheck.Fail(NoTrustCode, $"source: {problem}");
        }

        if (anchors is EthereumTrustAnchors { TrustedBlocks: null or { Count: 0 } })
        {
            return BundleCheck.Fail(NoTrustCode, $"source: the anchors of Ethereum network {header.SourceNetwork} list no trusted block, so no header chain can be trusted offline: add \"trustedBlocks\": [{{\"number\": N, \"hash\": \"0x…\"}}] under networks.{header.SourceNetwork}.trustAnchors, a block you know to be canonical at or above the proof's block (e.g. from your own node)");
        }

        return verifiers.Verify(envelope, anchors) switch
        {
            ProofVerdict.Valid valid => BundleCheck.Pass($"source: {what}"
                + (valid.BlockNumber is { } block ? $" in block {block}" : string.Empty)
                + (valid.Signers.Count > 0 ? $"; vouched for by {string.Join(", ", valid.Signers)}" : string.Empty)),
            ProofVerdict.Invalid invalid => BundleCheck.Fail(invalid.Code, $"source: {invalid.Reason} (checked: {what})"),
            ProofVerdict.NotApplicable notApplicable => BundleCheck.Fail("not-applicable", $"source: {notApplicable.Reason} (checked: {what})"),
            _ => throw new InvalidOperationException("Unknown verdict."),
        };
    }

    private static BundleCheck CheckAttestation(ProofEnvelope envelope, Header header, MessagePayload? payload, JsonElement trust)
    {
        if (envelope.Kind != ProofKind.RelayAttestation)
        {
            return BundleCheck.Fail(ProofVerdictCodes.KindMismatch, $"relay-attestation: the proof is a {envelope.Kind.ToWireName()} proof, not a relay-attestation");
        }

        if (envelope.Subject.Type != ProofSubjectType.Message || envelope.Subject.Id != header.Id || envelope.Subject.Digest != header.PayloadDigest)
        {
            return BundleCheck.Fail(InconsistentCode, $"relay-attestation: it attests {envelope.Subject.Type.ToWireName()} {envelope.Subject.Id} with digest {envelope.Subject.Digest}, not message {header.Id} with payload digest {header.PayloadDigest}");
        }

        if (envelope.Data.ValueKind == JsonValueKind.Object && envelope.Data.TryGetProperty("laneName", out var laneName)
            && laneName.ValueKind == JsonValueKind.String && laneName.GetString() != header.Lane)
        {
            return BundleCheck.Fail(RelayAttestationCodes.WrongLane, $"relay-attestation: it is for lane '{laneName.GetString()}', not the message's lane '{header.Lane}'");
        }

        if (!TryRelayPolicy(trust, header.Lane, out var policy, out var problem))
        {
            return BundleCheck.Fail(NoTrustCode, $"relay-attestation: {problem}");
        }

        // The expiry is the attestation's own (the digest covers it; the payload does not name one).
        var validUntil = envelope.Data.ValueKind == JsonValueKind.Object && envelope.Data.TryGetProperty("domain", out var attested)
            && RelayAttestationDomains.TryValidUntil(attested, out var seconds) && seconds <= long.MaxValue
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Min((long)seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()))
            : DateTimeOffset.UnixEpoch;
        InboundTitle? expected = payload is MessagePayload.Title title
            ? new InboundTitle(header.Lane, "0x" + header.Id, title.TitleId, title.Recipient, title.Recipient, validUntil)
            : null;
        return Attestations.Verify(envelope, policy, expected) switch
        {
            ProofVerdict.Valid valid => BundleCheck.Pass(
                $"relay-attestation: {valid.Signers.Count} of lane {header.Lane}'s relay signers (threshold {policy.Threshold}) signed message {header.Id}"
                + (valid.Details is { } d && d.TryGetValue("domain", out var domain) ? $" for its {domain} destination" : string.Empty)
                + (expected is not null ? $" delivering title {expected.TitleId} to {expected.Beneficiary}" : string.Empty)
                + $": {string.Join(", ", valid.Signers)}"),
            ProofVerdict.Invalid invalid => BundleCheck.Fail(invalid.Code, $"relay-attestation: {invalid.Reason}"),
            ProofVerdict.NotApplicable notApplicable => BundleCheck.Fail("not-applicable", $"relay-attestation: {notApplicable.Reason}"),
            _ => throw new InvalidOperationException("Unknown verdict."),
        };
    }

    private static bool TryNetworkAnchors(JsonElement trust, string network, [NotNullWhen(true)] out TrustAnchors? anchors, [NotNullWhen(false)] out string? problem)
    {
        anchors = null;
        var add = $"add \"networks\": {{\"{network}\": {{\"kind\": \"fabric|ethereum|platform\", \"trustAnchors\": {{...}}}}}} to the trust file (as 'bridge networks show {network}' prints them)";
        if (!trust.TryGetProperty("networks", out var networks) || networks.ValueKind != JsonValueKind.Object
            || !networks.TryGetProperty(network, out var entry) || entry.ValueKind != JsonValueKind.Object)
        {
            problem = $"the trust file has no anchors for network {network}: {add}";
            return false;
        }

        if (!entry.TryGetProperty("kind", out var kindJson) || kindJson.ValueKind != JsonValueKind.String || !NetworkKinds.TryParse(kindJson.GetString(), out var kind)
            || !entry.TryGetProperty("trustAnchors", out var anchorsJson))
        {
            problem = $"networks.{network} needs \"kind\" (fabric, ethereum or platform) and \"trustAnchors\": {add}";
            return false;
        }

        switch (TrustAnchorsJson.Parse(kind, anchorsJson, $"/networks/{network}/trustAnchors"))
        {
            case TrustAnchorsParseResult.Success success:
                anchors = success.Anchors;
                problem = null;
                return true;
            case TrustAnchorsParseResult.Failure failure:
                problem = $"networks.{network} holds invalid {kind.ToWireName()} trust anchors: {string.Join("; ", failure.Validation.Errors.Select(e => $"{e.Path} {e.Message}"))}";
                return false;
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }

    /// <summary>
    /// An acknowledgement or refund the relay sent back to the source: the digest recomputed from its domain (the source's
    /// TitleRegistry or chaincode) over the source-side message id (and, for an acknowledgement, the destination transaction)
    /// must be the signed one, and M distinct trusted relay signers, in ascending order, must have signed it.
    /// </summary>
    private static BundleCheck CheckSettlement(ProofEnvelope envelope, string role, Header header, MessagePayload? payload, JsonElement trust)
    {
        var data = envelope.Data;
        string? S(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (payload is not MessagePayload.Title title)
        {
            return BundleCheck.Fail(InconsistentCode, $"{role}: only title messages are settled on their source");
        }

        if (!TryRelayPolicy(trust, header.Lane, out var policy, out var problem))
        {
            return BundleCheck.Fail(NoTrustCode, $"{role}: {problem}");
        }

        if (S(data, "messageId") is not { } messageId || !string.Equals(messageId, title.SourceMessageId, StringComparison.OrdinalIgnoreCase))
        {
            return BundleCheck.Fail(RelayAttestationCodes.WrongMessage, $"{role}: it settles source message {S(data, "messageId") ?? "(none)"}, not {title.SourceMessageId}");
        }

        if (!data.TryGetProperty("domain", out var domain) || S(data, "digest") is not { } signedHex || !data.TryGetProperty("signatures", out var signaturesJson) || signaturesJson.ValueKind != JsonValueKind.Array)
        {
            return BundleCheck.Fail(RelayAttestationCodes.MalformedProof, $"{role}: the attestation needs domain, digest and signatures");
        }

        byte[] digest;
        try
        {
            var messageWord = SettlementWords.Message(messageId);
            var tx = role == "acknowledgement" ? SettlementWords.Transaction(S(data, "destinationTx") ?? throw new ArgumentException("no destinationTx")) : null;
            digest = S(domain, "type") switch
            {
                "ethereum" when ulong.TryParse(S(domain, "chainId"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var chainId) && EthAddress.TryParse(S(domain, "contract"), out var contract) =>
                    tx is null ? Bridge.Adapters.Ethereum.Adapter.RelayAttestation.RefundDigest(chainId, contract, messageWord) : Bridge.Adapters.Ethereum.Adapter.RelayAttestation.AcknowledgementDigest(chainId, contract, messageWord, tx),
                "fabric" when S(domain, "channel") is { } channel && S(domain, "chaincode") is { } chaincode =>
                    tx is null ? FabricRelayAttestation.RefundDigest(channel, chaincode, messageWord) : FabricRelayAttestation.AcknowledgementDigest(channel, chaincode, messageWord, tx),
                var other => throw new ArgumentException($"an unknown or incomplete settlement domain '{other}'"),
            };
        }
        catch (ArgumentException e)
        {
            return BundleCheck.Fail(RelayAttestationCodes.MalformedProof, $"{role}: {e.Message}");
        }

        if (!string.Equals("0x" + Convert.ToHexStringLower(digest), signedHex, StringComparison.OrdinalIgnoreCase))
        {
            return BundleCheck.Fail(RelayAttestationCodes.DigestMismatch, $"{role}: the digest recomputed from its domain is 0x{Convert.ToHexStringLower(digest)}, not the signed {signedHex}");
        }

        var signers = new List<EthAddress>();
        foreach (var item in signaturesJson.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Bridge.Adapters.Ethereum.Rpc.HexData.TryDecode(item.GetString(), out var bytes) || !EthSignature.TryFromBytes65(bytes, out var signature)
                || !Secp256k1.TryRecoverAddress(digest, signature, out var signer))
            {
                return BundleCheck.Fail(RelayAttestationCodes.BadSignature, $"{role}: signature {signers.Count} is not a valid signature of the digest");
            }

            if (!policy.Signers.Contains(signer))
            {
                return BundleCheck.Fail(RelayAttestationCodes.UntrustedSigner, $"{role}: signer {signer.ToLowerHex()} is not one of lane '{header.Lane}''s trusted relay signers");
            }

            if (signers.Count > 0 && signers[^1].AsSpan().SequenceCompareTo(signer.AsSpan()) >= 0)
            {
                return BundleCheck.Fail(RelayAttestationCodes.UnorderedSigners, $"{role}: the signers are not distinct and in ascending order");
            }

            signers.Add(signer);
        }

        return signers.Count >= policy.Threshold
            ? BundleCheck.Pass($"{role}: {signers.Count} of lane {header.Lane}'s relay signers (threshold {policy.Threshold}) signed the {role} of source message {messageId}: {string.Join(", ", signers.Select(a => a.ToLowerHex()))}")
            : BundleCheck.Fail(RelayAttestationCodes.PolicyNotSatisfied, $"{role}: {signers.Count} relay signatures; lane {header.Lane} needs {policy.Threshold}");
    }

    private static bool TryRelayPolicy(JsonElement trust, string lane, [NotNullWhen(true)] out RelaySignerPolicy? policy, [NotNullWhen(false)] out string? problem)
    {
        policy = null;
        var add = $"add \"relaySigners\": {{\"{lane}\": {{\"signers\": [\"0x…\", …], \"threshold\": M}}}} to the trust file (the lane's proofPolicy.relaySigners and relayThreshold)";
        if (!trust.TryGetProperty("relaySigners", out var lanes) || lanes.ValueKind != JsonValueKind.Object
            || !lanes.TryGetProperty(lane, out var entry) || entry.ValueKind != JsonValueKind.Object)
        {
            problem = $"the trust file names no relay signers for lane {lane}: {add}";
            return false;
        }

        var signers = new List<EthAddress>();
        if (!entry.TryGetProperty("signers", out var signersJson) || signersJson.ValueKind != JsonValueKind.Array)
        {
            problem = $"relaySigners.{lane}.signers must be an array of addresses: {add}";
            return false;
        }

        foreach (var item in signersJson.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !EthAddress.TryParse(item.GetString(), out var address))
            {
                problem = $"relaySigners.{lane}.signers[{signers.Count}] is not an Ethereum address (0x + 40 hex digits; mixed case must be the EIP-55 checksum)";
                return false;
            }

            signers.Add(address);
        }

        var distinct = signers.Distinct().Count();
        if (distinct == 0 || !entry.TryGetProperty("threshold", out var thresholdJson) || thresholdJson.ValueKind != JsonValueKind.Number
            || !thresholdJson.TryGetInt32(out var threshold) || threshold < 1 || threshold > distinct)
        {
            problem = $"relaySigners.{lane} needs at least one signer and a threshold from 1 to the number of distinct signers ({distinct})";
            return false;
        }

        policy = new RelaySignerPolicy(signers, threshold);
        problem = null;
        return true;
    }

    /// <summary>The bundle's message header, read strictly.</summary>
    private sealed record Header(string Id, string Lane, string Kind, string SourceNetwork, string SourceTx, ulong SourceIndex, string DestinationNetwork, string State, string PayloadDigest)
    {
        public static Header Read(JsonElement bundle)
        {
            if (!bundle.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 1)
            {
                throw Malformed("/version must be 1");
            }

            if (!bundle.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("/message with its /message/source is required");
            }

            if (!source.TryGetProperty("index", out var indexJson) || indexJson.ValueKind != JsonValueKind.Number || !indexJson.TryGetUInt64(out var index))
            {
                throw Malformed("/message/source/index must be a non-negative integer");
            }

            return new Header(
                Text(message, "id", "/message/id"),
                Text(message, "lane", "/message/lane"),
                Text(message, "kind", "/message/kind"),
                Text(source, "network", "/message/source/network"),
                Text(source, "txId", "/message/source/txId"),
                index,
                Text(message, "destinationNetwork", "/message/destinationNetwork"),
                Text(message, "state", "/message/state"),
                Text(bundle, "payloadDigest", "/payloadDigest"));
        }

        private static string Text(JsonElement json, string name, string pointer) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : throw Malformed($"{pointer} must be a non-empty string");

        private static CliException Malformed(string problem) =>
            new(ExitCodes.UserError, $"not a proof bundle: {problem}");
    }
}
