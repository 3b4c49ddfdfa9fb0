using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Proofs;

/// <summary>Stable codes of the Fabric verifier's <see cref="ProofVerdict.Invalid"/> verdicts beyond <see cref="ProofVerdictCodes"/>.</summary>
public static class FabricProofCodes
{
    /// <summary>The transaction is for another channel or chaincode than the anchors name.</summary>
    public const string WrongChannelOrChaincode = "wrong-channel-or-chaincode";

    /// <summary>The commit attestation does not show the transaction committed VALID by enough organisations.</summary>
    public const string NotCommitted = "not-committed";

    /// <summary>The chaincode answered with an error status, so nothing happened.</summary>
    public const string ChaincodeFailed = "chaincode-failed";
}

/// <summary>
/// Checks <c>fabric-endorsement</c> proofs (docs/fabric.md, "Proofs: closing the validation-flag gap"). The data is
/// <c>{"channel", "txId", "transaction": base64 Envelope, "commitAttestation": base64 Envelope}</c>: the committed
/// transaction, and an unsubmitted transaction of the query system chaincode <c>qscc GetTransactionByID(channel,
/// txId)</c> endorsed by peers of several organisations, whose answer is <c>ProcessedTransaction{envelope,
/// validationCode}</c>. The proof holds when: the creator's signature over the payload is valid and low-S and the
/// creator chains to an anchored MSP; the tx id is SHA-256(nonce ‖ creator); the channel and chaincode are the
/// anchors'; the proposal hash binds the endorsed response to this proposal; endorsements (each over
/// <c>prp ‖ endorser</c>, from certificates that chain to anchored MSPs) satisfy the anchors' n-of policy; the
/// chaincode answered 200; the attestation carries this very envelope with validation code VALID, endorsed by at least
/// n distinct anchored organisations; and the subject's digest is SHA-256 of the chaincode event's payload (event
/// subjects, id <c>txId</c>) or of the chaincode's response payload (transaction subjects). Pure: no I/O, no clock
/// (certificates are judged at the transaction's timestamp); never throws for bad input.
/// </summary>
public sealed class FabricEndorsementVerifier : IProofVerifier
{
    /// <summary>The query system chaincode whose endorsed answers attest commits.</summary>
    public const string QueryChaincode = "qscc";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MspTrust> TrustCache = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FabricIdentity> IdentityCache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ProofKind Kind => ProofKind.FabricEndorsement;

    /// <inheritdoc />
    public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors is not FabricTrustAnchors fabric)
        {
            return new ProofVerdict.NotApplicable($"a fabric-endorsement proof is checked against Fabric trust anchors, not {anchors.Kind}");
        }

        if (!TryRead(proof.Data, out var transactionBytes, out var attestationBytes, out var claimedTxId))
        {
            return Invalid(ProofVerdictCodes.MalformedProof, "the data needs channel, txId, transaction and commitAttestation (base64 envelopes)");
        }

        try
        {
            var msps = new Dictionary<string, MspTrust>(StringComparer.Ordinal);
            foreach (var msp in fabric.Msps)
            {
                msps[msp.MspId] = TrustOf(msp);
            }

            return Verify(proof, fabric, msps, transactionBytes, attestationBytes, claimedTxId);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or CryptographicException or ArgumentException or FormatException)
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"the proof does not decode: {e.Message}");
        }
    }

    /// <summary>
    /// The MSP trust of anchored roots, memoized by MSP id and root certificates (a verifier sees the same anchors for
    /// every proof of a network; MspTrust in turn caches successful chain checks per certificate). Bounded: the cache is
    /// dropped when it grows past 256 entries.
    /// </summary>
    private static MspTrust TrustOf(FabricMsp msp)
    {
        var key = msp.MspId + "\n" + string.Join("\n", msp.RootCertificates);
        if (TrustCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (TrustCache.Count > 256)
        {
            TrustCache.Clear();
        }

        return TrustCache.GetOrAdd(key, _ => MspTrust.FromPem(msp.MspId, msp.RootCertificates));
    }

    /// <summary>Identities by their serialized bytes, memoized like <see cref="TrustOf"/> (parsing an X.509 certificate costs more than verifying with it).</summary>
    private static FabricIdentity? IdentityOf(ReadOnlySpan<byte> serialized)
    {
        var key = Convert.ToBase64String(SHA256.HashData(serialized));
        if (IdentityCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (IdentityCache.Count > 4096)
        {
            IdentityCache.Clear();
        }

        var parsed = FabricIdentity.Deserialize(serialized).Identity;
        return parsed is null ? null : IdentityCache.GetOrAdd(key, parsed);
    }

    private static ProofVerdict Verify(ProofEnvelope proof, FabricTrustAnchors anchors, Dictionary<string, MspTrust> msps, byte[] transactionBytes, byte[] attestationBytes, string claimedTxId)
    {
        var transaction = Parse(transactionBytes);
        if (transaction.Problem is { } problem)
        {
            return problem;
        }

        var tx = transaction.Value!;
        if (tx.ChannelHeader.ChannelId != anchors.Channel || tx.Action.ChaincodeId?.Name != anchors.Chaincode)
        {
            return Invalid(FabricProofCodes.WrongChannelOrChaincode, $"the transaction is on channel '{tx.ChannelHeader.ChannelId}', chaincode '{tx.Action.ChaincodeId?.Name}'; the anchors name '{anchors.Channel}', '{anchors.Chaincode}'");
        }

        if (tx.ChannelHeader.TxId != claimedTxId)
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"the data names transaction {claimedTxId}, the envelope is {tx.ChannelHeader.TxId}");
        }

        var at = tx.ChannelHeader.Timestamp?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
        if (Creator(tx, msps, at) is { } badCreator)
        {
            return badCreator;
        }

        var endorsers = Endorsers(tx, msps, at);
        if (!anchors.EndorsementPolicy.IsSatisfiedBy(endorsers))
        {
            return Invalid(ProofVerdictCodes.PolicyNotSatisfied, $"valid endorsements from [{string.Join(", ", endorsers.Distinct())}] do not satisfy {anchors.EndorsementPolicy.N} of [{string.Join(", ", anchors.EndorsementPolicy.MspIds)}]");
        }

        if (tx.Action.Response is not { Status: 200 } response)
        {
            return Invalid(FabricProofCodes.ChaincodeFailed, $"the chaincode answered {tx.Action.Response?.Status}: {tx.Action.Response?.Message}");
        }

        // The commit attestation: a qscc GetTransactionByID(channel, txId) answer endorsed by n organisations.
        var attestation = Parse(attestationBytes, requireCreatorSignature: false);
        if (attestation.Problem is { } attestationProblem)
        {
            return Invalid(FabricProofCodes.NotCommitted, $"the commit attestation is malformed: {((ProofVerdict.Invalid)attestationProblem).Reason}");
        }

        var att = attestation.Value!;
        var args = att.Invocation.ChaincodeSpec?.Input?.Args;
        if (att.ChannelHeader.ChannelId != anchors.Channel || att.Action.ChaincodeId?.Name != QueryChaincode || args is null || args.Count != 3
            || args[0].ToStringUtf8() != "GetTransactionByID" || args[1].ToStringUtf8() != anchors.Channel || args[2].ToStringUtf8() != claimedTxId)
        {
            return Invalid(FabricProofCodes.NotCommitted, "the commit attestation is not qscc GetTransactionByID of this channel and transaction");
        }

        if (att.Action.Response is not { Status: 200 } attested)
        {
            return Invalid(FabricProofCodes.NotCommitted, $"qscc answered {att.Action.Response?.Status}: {att.Action.Response?.Message}");
        }

        var processed = ProcessedTransaction.Parser.ParseFrom(attested.Payload);
        if (processed.TransactionEnvelope is not { } committedEnvelope || !committedEnvelope.ToByteString().Span.SequenceEqual(transactionBytes))
        {
            return Invalid(FabricProofCodes.NotCommitted, "the attested transaction is not the proven one");
        }

        if (processed.ValidationCode != (int)TxValidationCode.Valid)
        {
            return Invalid(FabricProofCodes.NotCommitted, $"the peers attest validation code {(TxValidationCode)processed.ValidationCode}: the transaction did not take effect");
        }

        var attesters = Endorsers(att, msps, at).Distinct(StringComparer.Ordinal).ToList();
        if (attesters.Count < anchors.EndorsementPolicy.N)
        {
            return Invalid(FabricProofCodes.NotCommitted, $"{attesters.Count} organisation(s) attest the commit; {anchors.EndorsementPolicy.N} are required");
        }

        string digest;
        if (proof.Subject.Type == ProofSubjectType.Event)
        {
            if (tx.Event is not { } chaincodeEvent || proof.Subject.Id != claimedTxId)
            {
                return Invalid(ProofVerdictCodes.MalformedProof, $"the transaction has no chaincode event, or the subject '{proof.Subject.Id}' is not {claimedTxId}");
            }

            digest = Convert.ToHexStringLower(SHA256.HashData(chaincodeEvent.Payload.Span));
        }
        else if (proof.Subject.Type == ProofSubjectType.Transaction && proof.Subject.Id == claimedTxId)
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(response.Payload.Span));
        }
        else
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"a fabric-endorsement proof proves a transaction or its event (id {claimedTxId}), not {proof.Subject.Type.ToWireName()} '{proof.Subject.Id}'");
        }

        if (digest != proof.Subject.Digest)
        {
            return Invalid(ProofVerdictCodes.DigestMismatch, $"the proven {proof.Subject.Type.ToWireName()} has digest {digest}, not the subject's {proof.Subject.Digest}");
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["channel"] = anchors.Channel,
            ["chaincode"] = anchors.Chaincode,
            ["txId"] = claimedTxId,
            ["creator"] = tx.Creator!.MspId,
            ["commitAttestedBy"] = string.Join(", ", attesters),
        };
        if (tx.Event is { } e)
        {
            details["event"] = e.EventName;
        }

        return new ProofVerdict.Valid([.. endorsers.Distinct(StringComparer.Ordinal)], Details: details);
    }

    private static ProofVerdict.Invalid? Creator(ParsedTransaction tx, Dictionary<string, MspTrust> msps, DateTimeOffset at)
    {
        if (tx.Creator is not { } creator || !msps.TryGetValue(creator.MspId, out var trust))
        {
            return Invalid(ProofVerdictCodes.UntrustedSigner, $"the creator's MSP '{tx.Creator?.MspId}' is not anchored");
        }

        if (trust.Validate(creator, at) is { IsValid: false } chain)
        {
            return Invalid(ProofVerdictCodes.UntrustedSigner, $"the creator's certificate does not chain to {creator.MspId}: {chain.Reason}");
        }

        if (!creator.Verify(tx.EnvelopePayload.Span, tx.EnvelopeSignature.Span))
        {
            return Invalid(ProofVerdictCodes.BadSignature, "the creator's signature over the transaction is invalid (or high-S)");
        }

        return TransactionIds.Matches(tx.ChannelHeader.TxId, tx.SignatureHeader.Nonce.ToByteArray(), tx.SignatureHeader.Creator.ToByteArray())
            ? null
            : Invalid(ProofVerdictCodes.MalformedProof, "the tx id is not SHA-256(nonce ‖ creator)");
    }

    /// <summary>The MSP ids of the endorsements whose identity chains to an anchored MSP and whose signature is valid (one per identity).</summary>
    private static List<string> Endorsers(ParsedTransaction tx, Dictionary<string, MspTrust> msps, DateTimeOffset at)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var endorsement in tx.Endorsements)
        {
            var endorser = IdentityOf(endorsement.Endorser.Span);
            if (endorser is null || !seen.Add(endorser.UniqueId) || !msps.TryGetValue(endorser.MspId, out var trust) || !trust.Validate(endorser, at).IsValid)
            {
                continue;
            }

            byte[] signed = [.. tx.ProposalResponsePayload.Span, .. endorsement.Endorser.Span];
            if (endorser.Verify(signed, endorsement.Signature.Span))
            {
                result.Add(endorser.MspId);
            }
        }

        return result;
    }

    private static (ParsedTransaction? Value, ProofVerdict.Invalid? Problem) Parse(byte[] envelopeBytes, bool requireCreatorSignature = true)
    {
        var envelope = Envelope.Parser.ParseFrom(envelopeBytes);
        var payload = Payload.Parser.ParseFrom(envelope.Payload);
        if (payload.Header is null)
        {
            return (null, Invalid(ProofVerdictCodes.MalformedProof, "the envelope has no header"));
        }

        var channelHeader = ChannelHeader.Parser.ParseFrom(payload.Header.ChannelHeader);
        var signatureHeader = SignatureHeader.Parser.ParseFrom(payload.Header.SignatureHeader);
        if (channelHeader.Type != (int)HeaderType.EndorserTransaction || (requireCreatorSignature && envelope.Signature.IsEmpty))
        {
            return (null, Invalid(ProofVerdictCodes.MalformedProof, "not a signed endorser transaction"));
        }

        var transaction = Transaction.Parser.ParseFrom(payload.Data);
        if (transaction.Actions.Count != 1)
        {
            return (null, Invalid(ProofVerdictCodes.MalformedProof, $"a transaction has exactly one action; this one has {transaction.Actions.Count}"));
        }

        var actionPayload = ChaincodeActionPayload.Parser.ParseFrom(transaction.Actions[0].Payload);
        var endorsed = actionPayload.Action ?? throw new FormatException("the action has no endorsed action");
        var prp = ProposalResponsePayload.Parser.ParseFrom(endorsed.ProposalResponsePayload);
        var action = ChaincodeAction.Parser.ParseFrom(prp.Extension);
        var proposalPayload = ChaincodeProposalPayload.Parser.ParseFrom(actionPayload.ChaincodeProposalPayload);
        var invocation = ChaincodeInvocationSpec.Parser.ParseFrom(proposalPayload.Input);

        // fabric core/common/validation/msgvalidation.go: the endorsed response must be for this very proposal.
        byte[] hashed = [.. payload.Header.ChannelHeader.Span, .. transaction.Actions[0].Header.Span, .. actionPayload.ChaincodeProposalPayload.Span];
        if (!prp.ProposalHash.Span.SequenceEqual(SHA256.HashData(hashed)))
        {
            return (null, Invalid(ProofVerdictCodes.MalformedProof, "the endorsed proposal hash does not match the transaction's proposal"));
        }

        var creator = IdentityOf(signatureHeader.Creator.Span);
        var chaincodeEvent = action.Events.IsEmpty ? null : ChaincodeEvent.Parser.ParseFrom(action.Events);
        return (new ParsedTransaction(channelHeader, signatureHeader, creator, envelope.Payload.Memory, envelope.Signature.Memory, endorsed.ProposalResponsePayload.Memory, [.. endorsed.Endorsements], action, invocation, chaincodeEvent), null);
    }

    private static bool TryRead(JsonElement data, out byte[] transaction, out byte[] attestation, out string txId)
    {
        transaction = [];
        attestation = [];
        txId = string.Empty;
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("txId", out var id) || id.GetString() is not { Length: > 0 } idText
            || !data.TryGetProperty("transaction", out var tx) || !tx.TryGetBytesFromBase64(out var txBytes)
            || !data.TryGetProperty("commitAttestation", out var att) || !att.TryGetBytesFromBase64(out var attBytes))
        {
            return false;
        }

        (transaction, attestation, txId) = (txBytes, attBytes, idText);
        return true;
    }

    private static ProofVerdict.Invalid Invalid(string code, string reason) => new(code, reason);

    private sealed record ParsedTransaction(
        ChannelHeader ChannelHeader,
        SignatureHeader SignatureHeader,
        FabricIdentity? Creator,
        ReadOnlyMemory<byte> EnvelopePayload,
        ReadOnlyMemory<byte> EnvelopeSignature,
        ReadOnlyMemory<byte> ProposalResponsePayload,
        IReadOnlyList<Endorsement> Endorsements,
        ChaincodeAction Action,
        ChaincodeInvocationSpec Invocation,
        ChaincodeEvent? Event);
}
