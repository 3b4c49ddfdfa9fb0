using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Blocks;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Policies;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Kvrwset;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Adapters.Fabric.Protos.Rwset;
using Bridge.Canonical.Json;
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

    /// <summary>
    /// A <c>state</c> subject's key has no write in the chaincode's namespace of the proven transaction, or the write is a
    /// delete.
    /// </summary>
    public const string WriteNotFound = "write-not-found";

    /// <summary>The header the proof carries is not the header of the attested block.</summary>
    public const string HeaderMismatch = "header-mismatch";
}

/// <summary>
/// Checks <c>fabric-endorsement</c> proofs (docs/fabric.md, "Proofs"). The data is
/// <c>{"channel", "txId", "blockNumber", "txIndex", "blockHeader": {"number", "previousHash", "dataHash"},
/// "blockAttestation": base64 Envelope}</c> (hashes as lower-case hex). The attestation is an unsubmitted transaction of
/// the query system chaincode <c>qscc GetBlockByNumber(channel, blockNumber)</c> endorsed by peers of several
/// organisations, whose answer is the whole block (header, every envelope, and the metadata with the validation codes).
/// The proof holds when:
/// <list type="bullet">
/// <item>the attestation asks for this channel's block <c>blockNumber</c> and answers 200 with that block; its endorsers
/// (signatures over <c>prp ‖ endorser</c>, certificates chaining to anchored MSPs) satisfy the anchors' policy with every
/// principal read as a PEER of its MSP (only peers answer qscc; a client certificate never attests);</item>
/// <item>the proof's <c>blockHeader</c> is exactly the attested block's header, whose data hash covers the block's
/// envelopes;</item>
/// <item>the envelope at <c>txIndex</c> is transaction <c>txId</c>, recorded VALID in the block's TRANSACTIONS_FILTER; its
/// creator chains to an anchored MSP and the tx id is SHA-256(nonce ‖ creator); the channel and chaincode are the
/// anchors'; the proposal hash binds the endorsed response to this proposal;</item>
/// <item>the endorsements (each verified, certificates chaining to anchored MSPs) satisfy the anchors' endorsement policy,
/// evaluated as Fabric does (<see cref="FabricSignaturePolicies"/>); the chaincode answered 200;</item>
/// <item>the subject matches: <c>transaction</c> (id <c>txId</c>): SHA-256 of the chaincode's response payload;
/// <c>event</c> (id <c>txId</c>): SHA-256 of the chaincode event's payload; <c>state</c> (id
/// <c>{txId}/{key}</c>, see <see cref="StateSubjectId"/>): the transaction's read-write set holds, in the chaincode's
/// namespace, exactly one KVWrite of the key, not a delete, and SHA-256 of its value is the digest.</item>
/// </list>
/// </summary>
/// <remarks>
/// The creator's signature over the envelope is not checked again: VALID in a filter that the policy's peers sign means
/// their committing peers checked it (fabric core/common/validation/msgvalidation.go), the same organisations that vouch
/// for everything else the proof rests on. A verified block attestation is remembered per trust-anchors instance
/// (bounded), keyed by its exact bytes, so the proofs of one block's transactions pay for its signatures once. Pure: no
/// I/O, no clock (certificates are judged at the timestamps of the transaction and of the attestation); never throws for
/// bad input.
/// </remarks>
public sealed class FabricEndorsementVerifier : IProofVerifier
{
    /// <summary>The query system chaincode whose endorsed answers attest commits.</summary>
    public const string QueryChaincode = "qscc";

    /// <summary>The qscc function whose endorsed answer is a block attestation.</summary>
    public const string AttestedFunction = "GetBlockByNumber";

    private const int TransactionsFilterIndex = 2; // common.BlockMetadataIndex.TRANSACTIONS_FILTER (fabric-wire.md §2.4)

    /// <summary>
    /// The id of a <c>state</c> subject: the transaction id, a slash, and the key exactly as written (Fabric transaction
    /// ids are hex, so the first slash separates them; the key may hold slashes).
    /// </summary>
    public static string StateSubjectId(string txId, string key) => $"{txId}/{key}";

    /// <summary>Splits a <c>state</c> subject id into transaction id and key; false when there is no slash or either part is empty.</summary>
    public static bool TryParseStateSubjectId(string id, out string txId, out string key)
    {
        ArgumentNullException.ThrowIfNull(id);
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        (txId, key) = slash > 0 && slash < id.Length - 1 ? (id[..slash], id[(slash + 1)..]) : (string.Empty, string.Empty);
        return txId.Length > 0;
    }

    /// <summary>
    /// The write of <paramref name="key"/> in <paramref name="chaincode"/>'s namespace of a <c>rwset.TxReadWriteSet</c>:
    /// the value, or null with the reason when the namespace or key is absent, appears more than once (a Fabric peer's
    /// read-write set builder writes each once), or the write is a delete (<c>is_delete</c>, or an empty value, which Fabric
    /// commits as a delete: core/ledger/kvledger/txmgmt/rwsetutil IsKVWriteDelete).
    /// </summary>
    internal static (ByteString? Value, string? Problem) WrittenValue(ByteString results, string chaincode, string key)
    {
        var set = TxReadWriteSet.Parser.ParseFrom(results);
        if (set.DataModel != TxReadWriteSet.Types.DataModel.Kv)
        {
            return (null, $"the read-write set's data model is {set.DataModel}, not KV");
        }

        var namespaces = set.NsRwset.Where(n => n.Namespace == chaincode).ToList();
        if (namespaces.Count != 1)
        {
            return (null, $"the read-write set has {namespaces.Count} namespace(s) '{chaincode}'; one is required");
        }

        var writes = KVRWSet.Parser.ParseFrom(namespaces[0].Rwset).Writes.Where(w => w.Key == key).ToList();
        if (writes.Count != 1)
        {
            return (null, $"the transaction writes key '{key}' of '{chaincode}' {writes.Count} time(s); once is required");
        }

        return writes[0].IsDelete || writes[0].Value.IsEmpty ? (null, $"the transaction deletes key '{key}' of '{chaincode}'") : (writes[0].Value, null);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MspTrust> TrustCache = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FabricIdentity> IdentityCache = new(StringComparer.Ordinal);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FabricTrustAnchors, AnchorState> AnchorStates = [];

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

        if (!TryRead(proof.Data, out var claim))
        {
            return Invalid(ProofVerdictCodes.MalformedProof, "the data needs channel, txId, blockNumber, txIndex, blockHeader ({number = blockNumber, previousHash, dataHash} in hex) and blockAttestation (a base64 envelope)");
        }

        try
        {
            var state = AnchorStates.GetValue(fabric, static a => new AnchorState(a));
            var (block, problem) = state.Attested(claim, fabric);
            return block is null ? problem! : Verify(proof, fabric, state, block, claim);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or CryptographicException or ArgumentException or FormatException or InvalidOperationException)
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

    private static ProofVerdict Verify(ProofEnvelope proof, FabricTrustAnchors anchors, AnchorState state, AttestedBlock block, Claim claim)
    {
        var msps = state.Msps;
        var header = block.Block.Header;
        if (claim.Header.Number != header.Number || !claim.Header.PreviousHash.AsSpan().SequenceEqual(header.PreviousHash.Span) || !claim.Header.DataHash.AsSpan().SequenceEqual(header.DataHash.Span))
        {
            return Invalid(FabricProofCodes.HeaderMismatch, $"the proof's blockHeader is not the header of the attested block {header.Number} (previous hash {block.PreviousHash}, data hash {Convert.ToHexStringLower(header.DataHash.Span)})");
        }

        if (claim.TxIndex >= block.Block.Data.Data.Count)
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"block {claim.BlockNumber} holds {block.Block.Data.Data.Count} transaction(s); there is no index {claim.TxIndex}");
        }

        var transaction = Parse(block.Block.Data.Data[claim.TxIndex].ToByteArray());
        if (transaction.Problem is { } problem)
        {
            return problem;
        }

        var tx = transaction.Value!;
        if (tx.ChannelHeader.TxId != claim.TxId)
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"the data names transaction {claim.TxId}, the envelope at index {claim.TxIndex} is {tx.ChannelHeader.TxId}");
        }

        if (tx.ChannelHeader.ChannelId != anchors.Channel || tx.Action.ChaincodeId?.Name != anchors.Chaincode)
        {
            return Invalid(FabricProofCodes.WrongChannelOrChaincode, $"the transaction is on channel '{tx.ChannelHeader.ChannelId}', chaincode '{tx.Action.ChaincodeId?.Name}'; the anchors name '{anchors.Channel}', '{anchors.Chaincode}'");
        }

        var code = (TxValidationCode)block.Filter[claim.TxIndex];
        if (code != TxValidationCode.Valid)
        {
            return Invalid(FabricProofCodes.NotCommitted, $"the attested block records validation code {code} for the transaction: it did not take effect");
        }

        var at = tx.ChannelHeader.Timestamp?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
        if (Creator(tx, msps, at) is { } badCreator)
        {
            return badCreator;
        }

        var endorsers = Endorsers(tx, msps, at);
        if (state.Policy is null || !FabricSignaturePolicies.IsSatisfied(state.Policy, endorsers, msps, at))
        {
            return Invalid(ProofVerdictCodes.PolicyNotSatisfied, $"valid endorsements from [{string.Join(", ", endorsers)}] do not satisfy {anchors.EndorsementPolicy}");
        }

        if (tx.Action.Response is not { Status: 200 } response)
        {
            return Invalid(FabricProofCodes.ChaincodeFailed, $"the chaincode answered {tx.Action.Response?.Status}: {tx.Action.Response?.Message}");
        }

        string digest;
        if (proof.Subject.Type == ProofSubjectType.Event)
        {
            if (tx.Event is not { } chaincodeEvent || proof.Subject.Id != claim.TxId)
            {
                return Invalid(ProofVerdictCodes.MalformedProof, $"the transaction has no chaincode event, or the subject '{proof.Subject.Id}' is not {claim.TxId}");
            }

            digest = Convert.ToHexStringLower(SHA256.HashData(chaincodeEvent.Payload.Span));
        }
        else if (proof.Subject.Type == ProofSubjectType.Transaction && proof.Subject.Id == claim.TxId)
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(response.Payload.Span));
        }
        else if (proof.Subject.Type == ProofSubjectType.State && TryParseStateSubjectId(proof.Subject.Id, out var stateTxId, out var key) && stateTxId == claim.TxId)
        {
            var (value, notWritten) = WrittenValue(tx.Action.Results, anchors.Chaincode, key);
            if (value is null)
            {
                return Invalid(FabricProofCodes.WriteNotFound, notWritten!);
            }

            digest = Convert.ToHexStringLower(SHA256.HashData(value.Span));
        }
        else
        {
            return Invalid(ProofVerdictCodes.MalformedProof, $"a fabric-endorsement proof proves transaction {claim.TxId}, its event, or a write of it ('{claim.TxId}/key'), not {proof.Subject.Type.ToWireName()} '{proof.Subject.Id}'");
        }

        if (digest != proof.Subject.Digest)
        {
            return Invalid(ProofVerdictCodes.DigestMismatch, $"the proven {proof.Subject.Type.ToWireName()} has digest {digest}, not the subject's {proof.Subject.Digest}");
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["channel"] = anchors.Channel,
            ["chaincode"] = anchors.Chaincode,
            ["txId"] = claim.TxId,
            ["creator"] = tx.Creator!.MspId,
            ["blockNumber"] = claim.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["blockHash"] = block.HeaderHash,
            ["previousBlockHash"] = block.PreviousHash,
            ["commitAttestedBy"] = string.Join(", ", block.Attesters),
        };
        if (tx.Event is { } e)
        {
            details["event"] = e.EventName;
        }

        return new ProofVerdict.Valid([.. endorsers.Select(e => e.MspId).Distinct(StringComparer.Ordinal)], Details: details);
    }

    /// <summary>
    /// Checks a block attestation from scratch: <c>qscc GetBlockByNumber(channel, number)</c> answered 200 with block
    /// <c>number</c> whose data hash covers its envelopes and whose filter has one code per envelope, endorsed by at least n
    /// distinct anchored organisations' peers (the policy read as peers).
    /// </summary>
    private static (AttestedBlock? Block, ProofVerdict.Invalid? Problem) CheckAttestation(byte[] attestationBytes, Claim claim, FabricTrustAnchors anchors, AnchorState state)
    {
        var msps = state.Msps;
        var attestation = Parse(attestationBytes, requireCreatorSignature: false);
        if (attestation.Problem is { } attestationProblem)
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"the block attestation is malformed: {attestationProblem.Reason}"));
        }

        var att = attestation.Value!;
        var args = att.Invocation.ChaincodeSpec?.Input?.Args;
        var number = claim.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (att.ChannelHeader.ChannelId != anchors.Channel || att.Action.ChaincodeId?.Name != QueryChaincode || args is null || args.Count != 3
            || args[0].ToStringUtf8() != AttestedFunction || args[1].ToStringUtf8() != anchors.Channel || args[2].ToStringUtf8() != number)
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"the block attestation is not qscc {AttestedFunction} of channel {anchors.Channel}, block {number}"));
        }

        if (att.Action.Response is not { Status: 200 } attested)
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"qscc answered {att.Action.Response?.Status}: {att.Action.Response?.Message}"));
        }

        var block = Block.Parser.ParseFrom(attested.Payload);
        if (block.Header is null || block.Data is null || block.Header.Number != claim.BlockNumber)
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"the attested answer is not block {number}"));
        }

        if (!BlockHashing.DataHash(block.Data.Data.Select(d => d.Memory)).AsSpan().SequenceEqual(block.Header.DataHash.Span))
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"block {number}'s data hash does not cover its transactions"));
        }

        if (block.Metadata is null || block.Metadata.Metadata.Count <= TransactionsFilterIndex || block.Metadata.Metadata[TransactionsFilterIndex].Length != block.Data.Data.Count)
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"block {number} has no validation code per transaction"));
        }

        // The attesters must satisfy the endorsement policy with every principal read as a PEER of its MSP: a qscc answer is
        // a peer's, and a client certificate of the same organisation must not count (fail closed: an MSP whose
        // certificates carry no NodeOU cannot attest).
        var at = att.ChannelHeader.Timestamp?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
        var attesters = Endorsers(att, msps, at);
        if (state.AttestationPolicy is null || !FabricSignaturePolicies.IsSatisfied(state.AttestationPolicy, attesters, msps, at))
        {
            return (null, Invalid(FabricProofCodes.NotCommitted, $"the attesters of block {number} [{string.Join(", ", attesters)}] do not satisfy {anchors.EndorsementPolicy} with every principal read as a peer"));
        }

        var headerHash = BlockHashing.HeaderHash(block.Header.Number, block.Header.PreviousHash.Span, block.Header.DataHash.Span);
        return (new AttestedBlock(block, block.Metadata.Metadata[TransactionsFilterIndex].ToByteArray(), [.. attesters.Select(a => a.MspId).Distinct(StringComparer.Ordinal)], Convert.ToHexStringLower(headerHash), Convert.ToHexStringLower(block.Header.PreviousHash.Span)), null);
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

        // The creator's signature is vouched for by the attested VALID code (see the remarks on the class).
        return TransactionIds.Matches(tx.ChannelHeader.TxId, tx.SignatureHeader.Nonce.ToByteArray(), tx.SignatureHeader.Creator.ToByteArray())
            ? null
            : Invalid(ProofVerdictCodes.MalformedProof, "the tx id is not SHA-256(nonce ‖ creator)");
    }

    /// <summary>The identities of the endorsements whose certificate chains to an anchored MSP and whose signature is valid (one per identity).</summary>
    private static List<FabricIdentity> Endorsers(ParsedTransaction tx, Dictionary<string, MspTrust> msps, DateTimeOffset at)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<FabricIdentity>();
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
                result.Add(endorser);
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

        // fabric protoutil.CreateSignedTx puts the payload's signature header into the action as is; the proposal hash
        // below covers the action's copy, so requiring the two equal leaves no byte of the envelope uncovered.
        if (!transaction.Actions[0].Header.Span.SequenceEqual(payload.Header.SignatureHeader.Span))
        {
            return (null, Invalid(ProofVerdictCodes.MalformedProof, "the action's signature header differs from the envelope's"));
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
        return (new ParsedTransaction(channelHeader, signatureHeader, creator, endorsed.ProposalResponsePayload.Memory, [.. endorsed.Endorsements], action, invocation, chaincodeEvent), null);
    }

    private static bool TryRead(JsonElement data, out Claim claim)
    {
        claim = default;
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("txId", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } idText
            || !data.TryGetProperty("blockNumber", out var number) || number.ValueKind != JsonValueKind.Number || !number.TryGetUInt64(out var blockNumber)
            || !data.TryGetProperty("txIndex", out var index) || index.ValueKind != JsonValueKind.Number || !index.TryGetInt32(out var txIndex) || txIndex < 0
            || !data.TryGetProperty("blockHeader", out var header) || !TryReadHeader(header, out var claimedHeader) || claimedHeader.Number != blockNumber
            || !data.TryGetProperty("blockAttestation", out var attestation) || attestation.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        claim = new Claim(idText, blockNumber, txIndex, claimedHeader, attestation);
        return true;
    }

    /// <summary>Reads <c>{"number", "previousHash", "dataHash"}</c> (hex; the genesis block's previous hash is empty, fabric-wire.md §2.4).</summary>
    private static bool TryReadHeader(JsonElement header, out ClaimedHeader claimed)
    {
        claimed = default;
        if (header.ValueKind != JsonValueKind.Object
            || !header.TryGetProperty("number", out var number) || number.ValueKind != JsonValueKind.Number || !number.TryGetUInt64(out var value)
            || !TryHex(header, "previousHash", out var previous) || !TryHex(header, "dataHash", out var data))
        {
            return false;
        }

        claimed = new ClaimedHeader(value, previous, data);
        return true;

        static bool TryHex(JsonElement parent, string name, out byte[] bytes)
        {
            bytes = [];
            if (!parent.TryGetProperty(name, out var text) || text.ValueKind != JsonValueKind.String || text.GetString() is not { } hex || hex.Length % 2 != 0)
            {
                return false;
            }

            try
            {
                bytes = Convert.FromHexString(hex);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }

    private static ProofVerdict.Invalid Invalid(string code, string reason) => new(code, reason);

    private readonly record struct Claim(string TxId, ulong BlockNumber, int TxIndex, ClaimedHeader Header, JsonElement Attestation);

    private readonly record struct ClaimedHeader(ulong Number, byte[] PreviousHash, byte[] DataHash);

    private sealed record AttestedBlock(Block Block, byte[] Filter, IReadOnlyList<string> Attesters, string HeaderHash, string PreviousHash);

    /// <summary>
    /// What the verifier keeps per trust-anchors instance: the anchored MSPs, and the block attestations it has verified
    /// under them (<see cref="RawValueMemo{TValue}"/>: keyed by the claimed block number and the text's tail, where the
    /// endorsement signatures are, and confirmed by comparing every byte, so a hit never trusts unverified bytes). Bounded:
    /// 1,024 blocks or 32 MB of attestation text.
    /// </summary>
    private sealed class AnchorState
    {
        private readonly RawValueMemo<AttestedBlock> _blocks = new(1024, 32L << 20);

        public AnchorState(FabricTrustAnchors anchors)
        {
            Msps = new Dictionary<string, MspTrust>(StringComparer.Ordinal);
            foreach (var msp in anchors.Msps)
            {
                Msps[msp.MspId] = TrustOf(msp);
            }

            // Anchors read by TrustAnchorsJson always convert; hand-built ones may not, and then nothing satisfies them.
            try
            {
                Policy = FabricSignaturePolicies.ToEnvelope(anchors.EndorsementPolicy);
                AttestationPolicy = FabricSignaturePolicies.AsPeers(Policy);
            }
            catch (ArgumentException)
            {
                Policy = null;
                AttestationPolicy = null;
            }
        }

        public Dictionary<string, MspTrust> Msps { get; }

        /// <summary>The anchors' endorsement policy as an envelope; null when it cannot be evaluated (never satisfied).</summary>
        public SignaturePolicyEnvelope? Policy { get; }

        /// <summary><see cref="Policy"/> with every principal read as a PEER of its MSP: who may attest blocks.</summary>
        public SignaturePolicyEnvelope? AttestationPolicy { get; }

        public (AttestedBlock? Block, ProofVerdict.Invalid? Problem) Attested(Claim claim, FabricTrustAnchors anchors)
        {
            // Scoped by the claimed block number: the attestation was checked to answer for that block.
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(claim.Attestation);
            var scope = claim.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_blocks.TryGet(scope, raw, out var cached))
            {
                return (cached, null);
            }

            if (!claim.Attestation.TryGetBytesFromBase64(out var bytes))
            {
                return (null, Invalid(ProofVerdictCodes.MalformedProof, "blockAttestation is not base64"));
            }

            var (block, problem) = CheckAttestation(bytes, claim, anchors, this);
            if (block is null)
            {
                return (null, problem);
            }

            _blocks.Add(scope, raw, block);
            return (block, null);
        }
    }

    private sealed record ParsedTransaction(
        ChannelHeader ChannelHeader,
        SignatureHeader SignatureHeader,
        FabricIdentity? Creator,
        ReadOnlyMemory<byte> ProposalResponsePayload,
        IReadOnlyList<Endorsement> Endorsements,
        ChaincodeAction Action,
        ChaincodeInvocationSpec Invocation,
        ChaincodeEvent? Event);
}
