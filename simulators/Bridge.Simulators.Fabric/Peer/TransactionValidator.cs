using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Kvrwset;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Adapters.Fabric.Protos.Rwset;
using Bridge.Simulators.Fabric.Ledger;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>
/// The commit-time verdict on one transaction envelope, and what the committer needs from a valid one: the chaincode
/// namespace's reads and writes (for MVCC, <see cref="WorldState.TryCommit"/>) and the chaincode event.
/// </summary>
internal sealed class TransactionValidationResult
{
    internal TransactionValidationResult(TxValidationCode code, string reason)
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>The validation code written into the block's TRANSACTIONS_FILTER (fabric-wire.md §2.4).</summary>
    public TxValidationCode Code { get; }

    /// <summary>Why the transaction is invalid (empty when valid); for logs, never sent to clients.</summary>
    public string Reason { get; }

    /// <summary>True when <see cref="Code"/> is VALID.</summary>
    public bool IsValid => Code == TxValidationCode.Valid;

    /// <summary>The transaction id, when the channel header could be read.</summary>
    public string TxId { get; internal init; } = string.Empty;

    /// <summary>The channel, when the channel header could be read.</summary>
    public string ChannelId { get; internal init; } = string.Empty;

    /// <summary>The chaincode (<c>ChaincodeAction.chaincode_id.name</c>), when the action could be read.</summary>
    public string ChaincodeName { get; internal init; } = string.Empty;

    /// <summary>The reads of the chaincode's namespace (a read without version saw an absent key).</summary>
    public IReadOnlyList<StateRead> Reads { get; internal init; } = [];

    /// <summary>The writes of the chaincode's namespace (a null value deletes).</summary>
    public IReadOnlyList<StateWrite> Writes { get; internal init; } = [];

    /// <summary>The chaincode event, if the transaction set one.</summary>
    public ChaincodeEvent? Event { get; internal init; }

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"VALID {TxId}" : $"{Code} {TxId}: {Reason}";
}

/// <summary>
/// Commit-time validation of an endorser transaction on one channel, in the order a committing peer applies it
/// (fabric-wire.md §2.3 "Committer checks" and "Endorsement policy"; <c>fabric:core/common/validation/msgvalidation.go
/// ValidateTransaction</c>, then the validation plugin): NIL_ENVELOPE, BAD_PAYLOAD, BAD_COMMON_HEADER (channel and
/// signature headers, type, epoch 0, nonce, creator), TARGET_CHAIN_NOT_FOUND, BAD_CREATOR_SIGNATURE (creator known to a
/// channel MSP, chaining to its roots, low-S signature over <c>Envelope.payload</c>), UNSUPPORTED_TX_PAYLOAD (not
/// ENDORSER_TRANSACTION), BAD_PROPOSAL_TXID, INVALID_ENDORSER_TRANSACTION (exactly one action, readable action header and
/// payload, proposal_hash = SHA-256(channel header ‖ action.header ‖ chaincode_proposal_payload)), BAD_RESPONSE_PAYLOAD
/// and BAD_RWSET (unreadable ChaincodeAction or read-write set), INVALID_CHAINCODE (not defined on the channel) and
/// ENDORSEMENT_POLICY_FAILURE. MVCC and duplicate tx ids are the committer's (it owns the ledger).
/// Pure; thread-safe.
/// </summary>
internal sealed class TransactionValidator
{
    private readonly ChannelDefinition _channel;

    /// <summary>A validator for transactions of <paramref name="channel"/>.</summary>
    public TransactionValidator(ChannelDefinition channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channel = channel;
    }

    /// <summary>Validates <paramref name="envelope"/>, checking certificates at <paramref name="at"/> (the block's time).</summary>
    public TransactionValidationResult Validate(Envelope? envelope, DateTimeOffset at)
    {
        if (envelope is null)
        {
            return Invalid(TxValidationCode.NilEnvelope, "nil envelope");
        }

        if (!TryParse(Payload.Parser, envelope.Payload, out var payload))
        {
            return Invalid(TxValidationCode.BadPayload, "the envelope payload is not a common.Payload");
        }

        if (payload.Header is null
            || !TryParse(ChannelHeader.Parser, payload.Header.ChannelHeader, out var channelHeader)
            || !TryParse(SignatureHeader.Parser, payload.Header.SignatureHeader, out var signatureHeader))
        {
            return Invalid(TxValidationCode.BadCommonHeader, "missing or unreadable header");
        }

        var txId = channelHeader.TxId;
        var channelId = channelHeader.ChannelId;
        TransactionValidationResult Fail(TxValidationCode code, string reason) =>
            new(code, reason) { TxId = txId, ChannelId = channelId };

        // validateChannelHeader / validateSignatureHeader (msgvalidation.go).
        if (channelHeader.Type is not ((int)HeaderType.EndorserTransaction or (int)HeaderType.Config or (int)HeaderType.ConfigUpdate))
        {
            return Fail(TxValidationCode.BadCommonHeader, $"invalid header type {channelHeader.Type}");
        }

        if (channelHeader.Epoch != 0)
        {
            return Fail(TxValidationCode.BadCommonHeader, $"invalid epoch {channelHeader.Epoch}, must be 0");
        }

        if (signatureHeader.Nonce.IsEmpty || signatureHeader.Creator.IsEmpty)
        {
            return Fail(TxValidationCode.BadCommonHeader, "empty nonce or creator");
        }

        if (!string.Equals(channelId, _channel.Name, StringComparison.Ordinal))
        {
            return Fail(TxValidationCode.TargetChainNotFound, $"channel [{channelId}] is not [{_channel.Name}]");
        }

        // checkSignatureFromCreator: deserialize by a channel MSP, validate, verify over Envelope.payload.
        using (var creator = FabricIdentity.Deserialize(signatureHeader.Creator.Span).Identity)
        {
            if (creator is null || !_channel.Msps.TryGetValue(creator.MspId, out var msp))
            {
                return Fail(TxValidationCode.BadCreatorSignature, "the creator is not an identity of a channel MSP");
            }

            if (!msp.Validate(creator, at).IsValid)
            {
                return Fail(TxValidationCode.BadCreatorSignature, "the creator certificate does not chain to its MSP");
            }

            var verdict = creator.VerifySignature(envelope.Payload.Span, envelope.Signature.Span);
            if (verdict != SignatureVerdict.Valid)
            {
                return Fail(TxValidationCode.BadCreatorSignature, $"the creator's signature over the payload is {verdict}");
            }
        }

        if (channelHeader.Type != (int)HeaderType.EndorserTransaction)
        {
            return Fail(TxValidationCode.UnsupportedTxPayload, "only endorser transactions are supported");
        }

        if (!TransactionIds.Matches(txId, signatureHeader.Nonce.Span, signatureHeader.Creator.Span))
        {
            return Fail(TxValidationCode.BadProposalTxid, "tx_id is not hex(SHA-256(nonce ‖ creator))");
        }

        // validateEndorserTransaction.
        if (!TryParse(Transaction.Parser, payload.Data, out var transaction))
        {
            return Fail(TxValidationCode.InvalidEndorserTransaction, "the payload data is not a protos.Transaction");
        }

        if (transaction.Actions.Count != 1)
        {
            return Fail(TxValidationCode.InvalidEndorserTransaction, $"only one action per transaction is supported (tx contains {transaction.Actions.Count})");
        }

        var action = transaction.Actions[0];
        if (!TryParse(SignatureHeader.Parser, action.Header, out var actionHeader) || actionHeader.Nonce.IsEmpty || actionHeader.Creator.IsEmpty)
        {
            return Fail(TxValidationCode.InvalidEndorserTransaction, "the action header is not a valid SignatureHeader");
        }

        if (!TryParse(ChaincodeActionPayload.Parser, action.Payload, out var actionPayload) || actionPayload.Action is null)
        {
            return Fail(TxValidationCode.InvalidEndorserTransaction, "the action payload is not a ChaincodeActionPayload with an action");
        }

        var prpBytes = actionPayload.Action.ProposalResponsePayload;
        if (!TryParse(ProposalResponsePayload.Parser, prpBytes, out var prp))
        {
            return Fail(TxValidationCode.InvalidEndorserTransaction, "the proposal response payload is unreadable");
        }

        var expectedHash = ProposalValidator.ComputeProposalHash(
            payload.Header.ChannelHeader.Span, action.Header.Span, actionPayload.ChaincodeProposalPayload.Span);
        if (!prp.ProposalHash.Span.SequenceEqual(expectedHash))
        {
            return Fail(TxValidationCode.InvalidEndorserTransaction, "proposal hash does not match");
        }

        // The chaincode action and its read-write set.
        if (!TryParse(ChaincodeAction.Parser, prp.Extension, out var chaincodeAction) || chaincodeAction.ChaincodeId is null)
        {
            return Fail(TxValidationCode.BadResponsePayload, "the proposal response payload holds no ChaincodeAction");
        }

        var chaincode = chaincodeAction.ChaincodeId.Name;
        if (!_channel.Chaincodes.Contains(chaincode))
        {
            return Fail(TxValidationCode.InvalidChaincode, $"chaincode {chaincode} is not defined on channel {channelId}");
        }

        ChaincodeEvent? chaincodeEvent = null;
        if (!chaincodeAction.Events.IsEmpty && !TryParse(ChaincodeEvent.Parser, chaincodeAction.Events, out chaincodeEvent))
        {
            return Fail(TxValidationCode.BadResponsePayload, "the chaincode event is unreadable");
        }

        if (!TryReadWriteSet(chaincodeAction.Results, chaincode, out var reads, out var writes))
        {
            return Fail(TxValidationCode.BadRwset, "the read-write set is unreadable");
        }

        // The endorsement policy over the valid, de-duplicated endorsers.
        var endorsers = ValidEndorsers(actionPayload.Action, prpBytes);
        try
        {
            if (!EndorsementPolicy.IsSatisfied(_channel.EndorsementPolicy, endorsers, _channel.Msps, at))
            {
                return Fail(TxValidationCode.EndorsementPolicyFailure, $"{endorsers.Count} valid endorser(s) do not satisfy the endorsement policy");
            }
        }
        finally
        {
            foreach (var endorser in endorsers)
            {
                endorser.Dispose();
            }
        }

        return new TransactionValidationResult(TxValidationCode.Valid, string.Empty)
        {
            TxId = txId,
            ChannelId = channelId,
            ChaincodeName = chaincode,
            Reads = reads,
            Writes = writes,
            Event = chaincodeEvent,
        };
    }

    /// <summary>
    /// Fabric's <c>SignatureSetToValidIdentities</c> (<c>common/policies/policy.go</c>; fabric-wire.md §2.3): each
    /// endorsement is {data = prp ‖ endorser, identity = endorser, signature}; identities a channel MSP cannot
    /// deserialize are dropped; an identity already accepted (same <see cref="FabricIdentity.UniqueId"/>) is skipped
    /// before its signature is checked; an invalid signature drops the endorsement.
    /// </summary>
    private List<FabricIdentity> ValidEndorsers(ChaincodeEndorsedAction action, ByteString prp)
    {
        var accepted = new List<FabricIdentity>(action.Endorsements.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endorsement in action.Endorsements)
        {
            var identity = FabricIdentity.Deserialize(endorsement.Endorser.Span).Identity;
            if (identity is null)
            {
                continue;
            }

            var keep = false;
            try
            {
                if (!_channel.Msps.ContainsKey(identity.MspId) || ids.Contains(identity.UniqueId))
                {
                    continue;
                }

                var data = new byte[prp.Length + endorsement.Endorser.Length];
                prp.Span.CopyTo(data);
                endorsement.Endorser.Span.CopyTo(data.AsSpan(prp.Length));
                if (identity.Verify(data, endorsement.Signature.Span))
                {
                    ids.Add(identity.UniqueId);
                    accepted.Add(identity);
                    keep = true;
                }
            }
            finally
            {
                if (!keep)
                {
                    identity.Dispose();
                }
            }
        }

        return accepted;
    }

    private static bool TryReadWriteSet(ByteString results, string chaincode, out IReadOnlyList<StateRead> reads, out IReadOnlyList<StateWrite> writes)
    {
        reads = [];
        writes = [];
        if (!TryParse(TxReadWriteSet.Parser, results, out var set))
        {
            return false;
        }

        var readList = new List<StateRead>();
        var writeList = new List<StateWrite>();
        foreach (var ns in set.NsRwset)
        {
            if (!TryParse(KVRWSet.Parser, ns.Rwset, out var kv))
            {
                return false;
            }

            // Only the chaincode's own namespace reaches this simulator's world state.
            if (!string.Equals(ns.Namespace, chaincode, StringComparison.Ordinal))
            {
                continue;
            }

            readList.AddRange(kv.Reads.Select(r => new StateRead(r.Key, r.Version is null ? null : new KeyVersion(r.Version.BlockNum, r.Version.TxNum))));
            writeList.AddRange(kv.Writes.Select(w => new StateWrite(w.Key, w.IsDelete ? null : w.Value.ToByteArray())));
        }

        reads = readList;
        writes = writeList;
        return true;
    }

    private static TransactionValidationResult Invalid(TxValidationCode code, string reason) => new(code, reason);

    private static bool TryParse<T>(MessageParser<T> parser, ByteString bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? message)
        where T : class, IMessage<T>
    {
        try
        {
            message = parser.ParseFrom(bytes);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            message = null;
            return false;
        }
    }
}
