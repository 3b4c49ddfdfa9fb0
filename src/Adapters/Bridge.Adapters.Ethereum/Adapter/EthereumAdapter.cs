using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>
/// The bridge's view of an Ethereum network running its DocumentRegistry and TitleRegistry. Commands become contract
/// calls signed with the configured keys; each is simulated first, so a refusal comes back as
/// <see cref="SubmitResult.Rejected"/> with the contract's error and nothing is sent. Idempotency holds across
/// restarts because the contracts are the record: before sending, the adapter reads whether the command's effect is
/// already on chain (an anchor with the same hashes, a consumed message, a locked title, a holder already moved) and
/// then answers with the transaction that made it. Node faults are <see cref="AdapterException"/>s.
/// </summary>
public sealed class EthereumAdapter : INetworkAdapter, IInboundTitleDomain, IOutboundSettlementDomain
{
    private static readonly AdapterCapabilities AdapterCapabilities = new(
        LedgerCommandKinds.Anchor | LedgerCommandKinds.Title | LedgerCommandKinds.Settlement,
        SupportsSubscribe: true,
        [ProofKind.EthereumReceipt, ProofKind.EthereumState],
        FinalityModel.ConfirmationDepth);

    private readonly EthereumAdapterOptions _options;
    private readonly EthRpcClient _rpc;
    private readonly TransactionSender _sender;
    private readonly TimeProvider _time;
    private readonly Dictionary<EthAddress, EthPrivateKey> _keys = [];
    /// <summary>
    /// Completed submissions remembered in process (the chain remains the record after they are forgotten): enough for
    /// retries of recent keys without growing for the life of a long-running relay.
    /// </summary>
    private const int RememberedSubmissions = 10_000;

    private readonly IdempotentSubmissions _submissions = new(RememberedSubmissions);
    private readonly EthereumProofBuilder _proofs;
    private int _chainChecked;

    /// <summary>Creates the adapter; <paramref name="rpc"/> is the node of the configured chain.</summary>
    public EthereumAdapter(EthereumAdapterOptions options, EthRpcClient rpc, NonceManager? nonces = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rpc);
        options.Validate();
        _options = options;
        _rpc = rpc;
        _time = timeProvider ?? TimeProvider.System;
        _sender = new TransactionSender(rpc, nonces ?? new NonceManager(rpc), options.ChainId, _time);
        _keys[options.Signer.Address] = options.Signer;
        foreach (var key in options.PartyKeys)
        {
            _keys.TryAdd(key.Address, key);
        }

        _proofs = new EthereumProofBuilder(rpc, options.Network, options.ChainId);
    }

    /// <inheritdoc />
    public NetworkKind Kind => NetworkKind.Ethereum;

    /// <inheritdoc />
    public AdapterCapabilities Capabilities => AdapterCapabilities;

    /// <summary>The options the adapter runs with.</summary>
    public EthereumAdapterOptions Options => _options;

    /// <inheritdoc />
    public ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LedgerIdentity(NetworkKind.Ethereum, _options.Signer.Address.ToString()));

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (!Capabilities.CanSubmit(command))
        {
            return new SubmitResult.Rejected("unsupported-command", $"the Ethereum adapter does not submit {command.Kind} commands");
        }

        var fingerprint = Fingerprint(command);
        return await _submissions.RunAsync(idempotencyKey, fingerprint, () => GuardAsync(() => ExecuteAsync(command, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GuardAsync(() => query switch
        {
            LedgerQuery.AnchorOf anchor => QueryAnchorAsync(anchor.DocumentId, cancellationToken),
            LedgerQuery.TitleOf title => QueryTitleAsync(title.TitleId, cancellationToken),
            LedgerQuery.MessageStatus message => QueryMessageAsync(message.MessageId, cancellationToken),
            _ => throw new NotSupportedException($"The Ethereum adapter does not answer {query.GetType().Name} queries."),
        });
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, CancellationToken cancellationToken) =>
        new EventWatcher(this, _rpc, _options, _time).WatchAsync(from, cancellationToken);

    /// <inheritdoc />
    public Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GuardAsync(async () =>
        {
            await EnsureChainAsync(cancellationToken);
            return request.Kind switch
            {
                ProofKind.EthereumReceipt => await _proofs.BuildReceiptProofAsync(request, _options.Confirmations, cancellationToken),
                ProofKind.EthereumState => await _proofs.BuildStateProofAsync(request, _options.Confirmations, cancellationToken),
                _ => throw new NotSupportedException($"The Ethereum adapter does not build {request.Kind.ToWireName()} proofs."),
            };
        });
    }

    /// <inheritdoc />
    public Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return GuardAsync<FinalityStatus>(async () =>
        {
            if (await _rpc.GetTransactionReceiptAsync(tx.Id, cancellationToken) is not { } receipt)
            {
                return new FinalityStatus.NotFinalYet(0, _options.Confirmations);
            }

            var number = HexQuantity.Read(receipt, "blockNumber");
            var blockHash = receipt.GetProperty("blockHash").GetString()!;
            if (tx.BlockHash is { } expected && !string.Equals(expected, blockHash, StringComparison.OrdinalIgnoreCase))
            {
                return new FinalityStatus.Reorged($"the transaction was in block {expected} and is now in block {blockHash} (number {number})");
            }

            if (receipt.GetProperty("status").GetString() != "0x1")
            {
                return new FinalityStatus.Invalid("reverted", $"the transaction reverted in block {number}");
            }

            var head = await _rpc.GetBlockNumberAsync(cancellationToken);
            var canonical = await _rpc.GetBlockByNumberAsync(BlockSelector.Number(number), fullTransactions: false, cancellationToken);
            if (canonical is not { } block || !string.Equals(block.GetProperty("hash").GetString(), blockHash, StringComparison.OrdinalIgnoreCase))
            {
                return new FinalityStatus.Reorged($"block {number} ({blockHash}) is no longer on the canonical chain");
            }

            var confirmations = (int)Math.Min(int.MaxValue, head - number);
            return confirmations >= _options.Confirmations
                ? new FinalityStatus.Final(new TxRef(tx.Id, (long)number, blockHash))
                : new FinalityStatus.NotFinalYet(confirmations, _options.Confirmations);
        });
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The holder or beneficiary is not an Ethereum address, or the valid-until is before 1970.</exception>
    public AttestationDomain InboundTitleDomain(InboundTitle title)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (!EthAddress.TryParse(title.Holder, out var holder) || !EthAddress.TryParse(title.Beneficiary, out var beneficiary))
        {
            throw new ArgumentException("A title arriving on Ethereum needs an address as its holder and its beneficiary.", nameof(title));
        }

        var validUntil = title.ValidUntil.ToUnixTimeSeconds();
        if (validUntil < 0)
        {
            throw new ArgumentException("An attestation's valid-until must not be before 1970.", nameof(title));
        }

        var payloadHash = RelayAttestation.InboundPayloadHash(Bytes32Names.Of(title.TitleId), holder, beneficiary);
        var digest = RelayAttestation.Digest(_options.ChainId, _options.TitleRegistry, Bytes32Names.Of(title.Lane), Bytes32Names.Of(title.MessageId), payloadHash, (ulong)validUntil);
        var domain = SettlementFacts(null);
        domain["payloadHash"] = HexData.Encode(payloadHash);
        domain["validUntil"] = validUntil.ToString(CultureInfo.InvariantCulture);
        return new AttestationDomain(digest, domain);
    }

    /// <inheritdoc />
    public AttestationDomain AcknowledgementDomain(string messageId, string destinationTx)
    {
        var digest = RelayAttestation.AcknowledgementDigest(_options.ChainId, _options.TitleRegistry, SettlementWords.Message(messageId), SettlementWords.Transaction(destinationTx));
        var domain = SettlementFacts("acknowledgement");
        domain["destinationTx"] = HexData.Encode(SettlementWords.Transaction(destinationTx));
        return new AttestationDomain(digest, domain);
    }

    /// <inheritdoc />
    public AttestationDomain RefundDomain(string messageId) =>
        new(RelayAttestation.RefundDigest(_options.ChainId, _options.TitleRegistry, SettlementWords.Message(messageId)), SettlementFacts("refund"));

    private Dictionary<string, string> SettlementFacts(string? settlement)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["type"] = "ethereum",
            ["chainId"] = _options.ChainId.ToString(CultureInfo.InvariantCulture),
            ["contract"] = _options.TitleRegistry.ToString(),
        };
        if (settlement is not null)
        {
            facts["settlement"] = settlement;
        }

        return facts;
    }

    /// <summary>Refuses to act when the node is on another chain than configured (once per adapter).</summary>
    internal async Task EnsureChainAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _chainChecked) == 1)
        {
            return;
        }

        var chainId = await _rpc.GetChainIdAsync(cancellationToken);
        if (chainId != _options.ChainId)
        {
            throw new AdapterException(_options.Network, $"the node at this endpoint is on chain {chainId}, not the configured chain {_options.ChainId}", isTransient: false);
        }

        Volatile.Write(ref _chainChecked, 1);
    }

    /// <summary>Which registry emitted a log at <paramref name="address"/>, if either did.</summary>
    internal ContractArtifact? ContractAt(EthAddress address) =>
        address == _options.DocumentRegistry ? BridgeContracts.DocumentRegistry
        : address == _options.TitleRegistry ? BridgeContracts.TitleRegistry
        : null;

    private static string Fingerprint(LedgerCommand command) => command switch
    {
        LedgerCommand.Mint mint => $"mint|{mint.TitleId}|{mint.MessageId}|{mint.From}|{mint.To}|{mint.Proof.Data.GetRawText()}",
        LedgerCommand.Release release => $"release|{release.TitleId}|{release.MessageId}|{release.From}|{release.To}|{release.Proof.Data.GetRawText()}",
        LedgerCommand.Acknowledge acknowledge => $"acknowledge|{acknowledge.MessageId}|{acknowledge.DestinationTx}|{acknowledge.Attestation.Data.GetRawText()}",
        LedgerCommand.Refund refund => $"refund|{refund.MessageId}|{refund.Attestation.Data.GetRawText()}",
        _ => command.ToString(),
    };

    private static bool TryWord(string hex, out byte[] word)
    {
        word = [];
        if (hex.Length == 64 && ProofSubject.IsDigest(hex))
        {
            word = Convert.FromHexString(hex);
            return true;
        }

        return hex.Length == 66 && HexData.TryDecode(hex, out word);
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (EthRpcException e)
        {
            // A nonce the node refuses even after the nonce manager resynchronised (another process sends from the same
            // key) is contention, not a fault: the command is tried again later with a fresh nonce.
            throw new AdapterException(_options.Network, e.Message, e.IsTransient || e.Kind is EthRpcErrorKind.NonceTooLow or EthRpcErrorKind.NonceTooHigh, e);
        }
        catch (HttpRequestException e)
        {
            throw new AdapterException(_options.Network, e.Message, isTransient: true, e);
        }
    }

    private async Task<SubmitResult> ExecuteAsync(LedgerCommand command, CancellationToken cancellationToken)
    {
        await EnsureChainAsync(cancellationToken);
        return command switch
        {
            LedgerCommand.Anchor anchor => await AnchorAsync(anchor, cancellationToken),
            LedgerCommand.Lock lockCommand => await ExportAsync(lockCommand.TitleId, lockCommand.From, lockCommand.To, lockCommand.Lane, lockCommand.DestinationNetwork, burn: false, cancellationToken),
            LedgerCommand.Burn burn => await ExportAsync(burn.TitleId, burn.From, burn.To, burn.Lane, burn.DestinationNetwork, burn: true, cancellationToken),
            LedgerCommand.Mint mint => await ArriveAsync(mint.TitleId, mint.MessageId, mint.To, mint.Proof, release: false, cancellationToken),
            LedgerCommand.Release release => await ArriveAsync(release.TitleId, release.MessageId, release.To, release.Proof, release: true, cancellationToken),
            LedgerCommand.Transfer transfer => await TransferAsync(transfer, cancellationToken),
            LedgerCommand.Acknowledge acknowledge => await SettleAsync(acknowledge.MessageId, acknowledge.DestinationTx, acknowledge.Attestation, cancellationToken),
            LedgerCommand.Refund refund => await SettleAsync(refund.MessageId, null, refund.Attestation, cancellationToken),
            _ => new SubmitResult.Rejected("unsupported-command", $"the Ethereum adapter does not submit {command.Kind} commands"),
        };
    }

    private async Task<SubmitResult> AnchorAsync(LedgerCommand.Anchor anchor, CancellationToken cancellationToken)
    {
        if (!TryWord(anchor.Digest, out var digest) || !TryWord(anchor.MerkleRoot, out var root))
        {
            return new SubmitResult.Rejected("invalid-command", "the digest and Merkle root must each be 32 bytes of hex");
        }

        byte[] documentType;
        try
        {
            documentType = Bytes32Names.OfDocumentType(anchor.DocumentType);
        }
        catch (ArgumentException e)
        {
            return new SubmitResult.Rejected("invalid-command", e.Message);
        }

        var documentId = Bytes32Names.Of(anchor.DocumentId);
        var existing = await CallAsync(BridgeContracts.DocumentRegistry, _options.DocumentRegistry, "getAnchor", cancellationToken, documentId);
        if (existing[0].AsAddress() != EthAddress.Zero)
        {
            var same = existing[0].AsAddress() == _options.Signer.Address
                && existing[1].BytesSpan.SequenceEqual(digest)
                && existing[2].BytesSpan.SequenceEqual(root);
            if (!same)
            {
                return new SubmitResult.Rejected("already-anchored", $"document {anchor.DocumentId} is already anchored by {existing[0].AsAddress()} with other hashes");
            }

            return await FindEarlierAsync(BridgeContracts.DocumentRegistry, _options.DocumentRegistry, "DocumentAnchored", [documentId], cancellationToken)
                ?? new SubmitResult.Rejected("already-anchored", $"document {anchor.DocumentId} is anchored but its transaction was not found");
        }

        return await SendAsync(
            _options.Signer,
            BridgeContracts.DocumentRegistry,
            _options.DocumentRegistry,
            "anchor",
            cancellationToken,
            documentId,
            digest,
            root,
            documentType);
    }

    private async Task<SubmitResult> ExportAsync(string titleId, PartyRef from, PartyRef to, string? lane, string? destination, bool burn, CancellationToken cancellationToken)
    {
        if (lane is null || destination is null)
        {
            return new SubmitResult.Rejected("invalid-command", "an Ethereum lock or burn needs the lane and the destination network");
        }

        if (!TryKey(from, out var holder, out var rejected))
        {
            return rejected;
        }

        var title = Bytes32Names.Of(titleId);
        var laneWord = Bytes32Names.Of(lane);
        var state = await CallAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "getTitle", cancellationToken, title);
        var goneState = burn ? TitleStates.Burned : TitleStates.Locked;
        if ((int)state[0].AsInteger() == goneState)
        {
            return await FindEarlierAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, burn ? "TitleBurned" : "TitleLocked", [title, laneWord], cancellationToken)
                ?? new SubmitResult.Rejected("wrong-title-state", $"title {titleId} already left this network on another lane");
        }

        return await SendAsync(
            holder,
            BridgeContracts.TitleRegistry,
            _options.TitleRegistry,
            burn ? "burnForExport" : "lockForExport",
            cancellationToken,
            title,
            laneWord,
            Bytes32Names.Of(destination),
            Bytes32Names.OfRecipient(to.Address));
    }

    private async Task<SubmitResult> ArriveAsync(string titleId, string messageId, PartyRef to, ProofEnvelope proof, bool release, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(to.Address, out var holder))
        {
            return new SubmitResult.Rejected("invalid-address", $"'{to.Address}' is not an Ethereum address");
        }

        if (!AttestationData.TryRead(proof, out var attestation, out var problem))
        {
            return new SubmitResult.Rejected("invalid-attestation", problem);
        }

        var messageWord = Bytes32Names.Of(messageId);
        if (!messageWord.AsSpan().SequenceEqual(attestation.MessageId))
        {
            return new SubmitResult.Rejected("invalid-attestation", "the attestation is for another message id");
        }

        if (attestation.ChainId is { } chainId && chainId != _options.ChainId
            || attestation.Contract is { } contract && contract != _options.TitleRegistry)
        {
            return new SubmitResult.Rejected("wrong-destination", "the attestation is for another chain or contract");
        }

        var title = Bytes32Names.Of(titleId);
        var beneficiary = attestation.Beneficiary ?? holder;
        var payloadHash = RelayAttestation.InboundPayloadHash(title, holder, beneficiary);
        if (attestation.PayloadHash is { } claimed && !claimed.AsSpan().SequenceEqual(payloadHash))
        {
            return new SubmitResult.Rejected("payload-mismatch", "the attested payload hash is not keccak256(abi.encode(titleId, holder, beneficiary)) of this command");
        }

        var consumed = await CallAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "isConsumed", cancellationToken, messageWord);
        if (consumed[0].AsBool())
        {
            return await FindEarlierAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, release ? "TitleReleased" : "TitleImported", [title, null, messageWord], cancellationToken)
                ?? new SubmitResult.Rejected("message-already-consumed", $"message {messageId} was consumed by another operation");
        }

        var sent = await SendAsync(
            _options.Signer,
            BridgeContracts.TitleRegistry,
            _options.TitleRegistry,
            release ? "releaseTitle" : "importTitle",
            cancellationToken,
            attestation.Lane,
            messageWord,
            title,
            holder,
            beneficiary,
            attestation.ValidUntil,
            AbiValue.List(attestation.Signatures.Select(s => AbiValue.Bytes(s))));

        // Another submission of the same message landed first (a relay host that died after sending it, before it could
        // record it, so this one was not found consumed yet): that earlier arrival is this command's outcome.
        if (sent is SubmitResult.Rejected { Code: "message-already-consumed" or "reverted" }
            && await FindEarlierAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, release ? "TitleReleased" : "TitleImported", [title, null, messageWord], cancellationToken) is { } earlier)
        {
            return earlier;
        }

        return sent;
    }

    /// <summary>
    /// Acknowledges (<paramref name="destinationTx"/> given) or refunds outbound message <paramref name="messageId"/>. A
    /// message already settled the same way answers with the transaction that settled it.
    /// </summary>
    private async Task<SubmitResult> SettleAsync(string messageId, string? destinationTx, ProofEnvelope proof, CancellationToken cancellationToken)
    {
        byte[] messageWord;
        byte[]? txWord = null;
        try
        {
            messageWord = SettlementWords.Message(messageId);
            if (destinationTx is not null)
            {
                txWord = SettlementWords.Transaction(destinationTx);
            }
        }
        catch (ArgumentException e)
        {
            return new SubmitResult.Rejected("invalid-command", e.Message);
        }

        if (!SettlementData.TryRead(proof, out var attestation, out var problem))
        {
            return new SubmitResult.Rejected("invalid-attestation", problem);
        }

        if (!messageWord.AsSpan().SequenceEqual(attestation.MessageId))
        {
            return new SubmitResult.Rejected("invalid-attestation", "the attestation is for another message id");
        }

        if (attestation.ChainId is { } chainId && chainId != _options.ChainId
            || attestation.Contract is { } contract && contract != _options.TitleRegistry)
        {
            return new SubmitResult.Rejected("wrong-destination", "the attestation is for another chain or contract");
        }

        if (txWord is not null && attestation.DestinationTx is { } attestedTx && !attestedTx.AsSpan().SequenceEqual(txWord))
        {
            return new SubmitResult.Rejected("invalid-attestation", "the attestation acknowledges another destination transaction");
        }

        var acknowledge = txWord is not null;
        var outbound = await CallAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "outboundMessage", cancellationToken, messageWord);
        var status = (int)outbound[1].AsInteger();
        if (status == (acknowledge ? OutboundStatuses.Acknowledged : OutboundStatuses.Refunded))
        {
            var earlier = acknowledge
                ? await FindEarlierAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "MessageAcknowledged", [messageWord], cancellationToken)
                : await FindEarlierAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "TitleRefunded", [null, messageWord], cancellationToken);
            return earlier ?? new SubmitResult.Rejected("message-already-settled", $"message {messageId} is settled but its transaction was not found");
        }

        var signatures = AbiValue.List(attestation.Signatures.Select(s => AbiValue.Bytes(s)));
        return acknowledge
            ? await SendAsync(_options.Signer, BridgeContracts.TitleRegistry, _options.TitleRegistry, "acknowledgeMessage", cancellationToken, messageWord, txWord!, signatures)
            : await SendAsync(_options.Signer, BridgeContracts.TitleRegistry, _options.TitleRegistry, "refundTitle", cancellationToken, messageWord, signatures);
    }

    private async Task<SubmitResult> TransferAsync(LedgerCommand.Transfer transfer, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(transfer.To.Address, out var newHolder))
        {
            return new SubmitResult.Rejected("invalid-address", $"'{transfer.To.Address}' is not an Ethereum address");
        }

        if (!TryKey(transfer.From, out var holder, out var rejected))
        {
            return rejected;
        }

        var title = Bytes32Names.Of(transfer.TitleId);
        var state = await CallAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "getTitle", cancellationToken, title);
        if ((int)state[0].AsInteger() == TitleStates.Active && state[1].AsAddress() == newHolder && newHolder != holder.Address)
        {
            var earlier = await FindEarlierAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "HolderTransferred", [title, PadAddress(holder.Address), PadAddress(newHolder)], cancellationToken);
            if (earlier is not null)
            {
                return earlier;
            }
        }

        return await SendAsync(holder, BridgeContracts.TitleRegistry, _options.TitleRegistry, "transferHolder", cancellationToken, title, newHolder);
    }

    private bool TryKey(PartyRef party, out EthPrivateKey key, out SubmitResult rejected)
    {
        key = null!;
        rejected = null!;
        if (!EthAddress.TryParse(party.Address, out var address))
        {
            rejected = new SubmitResult.Rejected("invalid-address", $"'{party.Address}' is not an Ethereum address");
            return false;
        }

        if (!_keys.TryGetValue(address, out key!))
        {
            rejected = new SubmitResult.Rejected("no-key-for-holder", $"the adapter holds no key for {address}, so it cannot act as that holder");
            return false;
        }

        return true;
    }

    private static byte[] PadAddress(EthAddress address)
    {
        var word = new byte[32];
        address.AsSpan().CopyTo(word.AsSpan(12));
        return word;
    }

    private async Task<IReadOnlyList<AbiValue>> CallAsync(ContractArtifact artifact, EthAddress contract, string function, CancellationToken cancellationToken, params AbiValue[] arguments)
    {
        var abi = artifact.Function(function);
        var data = abi.EncodeCall(arguments);
        var output = await _rpc.CallAsync(new EthCallRequest { To = contract.ToLowerHex(), Data = data.Value }, BlockSelector.Latest, cancellationToken);
        var decoded = abi.DecodeOutput(output);
        return decoded.TryGetValue(out var values)
            ? values
            : throw new EthRpcException(EthRpcErrorKind.InvalidResponse, $"{artifact.Name}.{function} returned data that does not decode: {decoded.Error} (is the contract deployed at {contract}?)");
    }

    private async Task<SubmitResult> SendAsync(EthPrivateKey key, ContractArtifact artifact, EthAddress contract, string function, CancellationToken cancellationToken, params AbiValue[] arguments)
    {
        var data = artifact.Function(function).EncodeCall(arguments).Value;
        var result = await _sender.SendAsync(key, contract, data, artifact.Abi, cancellationToken);
        if (result is SendResult.Reverted reverted)
        {
            return new SubmitResult.Rejected(reverted.Code, reverted.Reason);
        }

        var hash = ((SendResult.Sent)result).TransactionHash;
        JsonElement receipt;
        try
        {
            receipt = await _sender.WaitForReceiptAsync(hash, _options.ReceiptTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new SubmitResult.Accepted(new TxRef(hash));
        }

        var tx = new TxRef(hash, (long)HexQuantity.Read(receipt, "blockNumber"), receipt.GetProperty("blockHash").GetString());
        return receipt.GetProperty("status").GetString() == "0x1"
            ? new SubmitResult.Accepted(tx)
            : new SubmitResult.Rejected("reverted", $"transaction {hash} reverted in block {tx.BlockNumber} (the state changed after it was simulated)");
    }

    /// <summary>The most recent log of <paramref name="eventName"/> matching the given indexed words, as an accepted submission.</summary>
    private async Task<SubmitResult?> FindEarlierAsync(ContractArtifact artifact, EthAddress contract, string eventName, IReadOnlyList<byte[]?> indexed, CancellationToken cancellationToken)
    {
        var topics = new List<IReadOnlyList<string>?> { new[] { HexData.Encode(artifact.Event(eventName).Topic0) } };
        topics.AddRange(indexed.Select(word => word is null ? null : (IReadOnlyList<string>)[HexData.Encode(word)]));
        var logs = await _rpc.GetLogsAsync(
            new LogFilter
            {
                FromBlock = BlockSelector.Number(_options.StartBlock),
                ToBlock = BlockSelector.Latest,
                Addresses = [contract.ToLowerHex()],
                Topics = topics,
            },
            cancellationToken);
        if (logs.GetArrayLength() == 0)
        {
            return null;
        }

        var last = logs[logs.GetArrayLength() - 1];
        return new SubmitResult.Accepted(new TxRef(
            last.GetProperty("transactionHash").GetString()!,
            (long)HexQuantity.Read(last, "blockNumber"),
            last.GetProperty("blockHash").GetString()));
    }

    private async Task<QueryResult> QueryAnchorAsync(string documentId, CancellationToken cancellationToken)
    {
        var values = await CallAsync(BridgeContracts.DocumentRegistry, _options.DocumentRegistry, "getAnchor", cancellationToken, Bytes32Names.Of(documentId));
        if (values[0].AsAddress() == EthAddress.Zero)
        {
            return new QueryResult.NotFound();
        }

        return new QueryResult.Found(AdapterJson.Object(writer =>
        {
            writer.WriteString("documentId", documentId);
            writer.WriteString("issuer", values[0].AsAddress().ToString());
            writer.WriteString("contentDigest", Convert.ToHexStringLower(values[1].BytesSpan));
            writer.WriteString("commitmentRoot", Convert.ToHexStringLower(values[2].BytesSpan));
            if (Bytes32Names.DescribeDocumentType(values[3].BytesSpan) is { } type)
            {
                writer.WriteString("documentType", type);
            }

            writer.WriteNumber("anchoredAtBlock", (ulong)values[4].AsInteger());
            writer.WriteBoolean("revoked", values[5].AsBool());
        }));
    }

    private async Task<QueryResult> QueryTitleAsync(string titleId, CancellationToken cancellationToken)
    {
        var values = await CallAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "getTitle", cancellationToken, Bytes32Names.Of(titleId));
        var state = (int)values[0].AsInteger();
        if (state == TitleStates.None)
        {
            return new QueryResult.NotFound();
        }

        return new QueryResult.Found(AdapterJson.Object(writer =>
        {
            writer.WriteString("titleId", titleId);
            writer.WriteString("state", TitleStates.Name(state));
            writer.WriteString("holder", values[1].AsAddress().ToString());
            writer.WriteString("beneficiary", values[2].AsAddress().ToString());
            writer.WriteBoolean("home", values[3].AsBool());
        }));
    }

    private async Task<QueryResult> QueryMessageAsync(string messageId, CancellationToken cancellationToken)
    {
        var values = await CallAsync(BridgeContracts.TitleRegistry, _options.TitleRegistry, "isConsumed", cancellationToken, Bytes32Names.Of(messageId));
        return new QueryResult.Found(AdapterJson.Object(writer =>
        {
            writer.WriteString("messageId", messageId);
            writer.WriteBoolean("consumed", values[0].AsBool());
        }));
    }

}

/// <summary>TitleRegistry's <c>TitleState</c> enum values.</summary>
internal static class TitleStates
{
    public const int None = 0;
    public const int Active = 1;
    public const int Locked = 2;
    public const int Burned = 3;

    public static string Name(int state) => state switch
    {
        Active => "active",
        Locked => "locked",
        Burned => "burned",
        _ => "none",
    };
}

/// <summary>TitleRegistry's <c>OutboundStatus</c> enum values.</summary>
internal static class OutboundStatuses
{
    public const int None = 0;
    public const int Pending = 1;
    public const int Acknowledged = 2;
    public const int Refunded = 3;
}

/// <summary>
/// The Ethereum reading of a <c>relay-attestation</c> proof's data that acknowledgement and refund need:
/// <c>{"messageId", "signatures": ["0x…65 bytes", …], "chainId"?, "contract"?, "destinationTx"?}</c> with 32-byte words
/// as 0x-hex. The contract checks the signatures; the adapter only refuses data that cannot be meant for the command.
/// </summary>
internal sealed record SettlementData(byte[] MessageId, IReadOnlyList<byte[]> Signatures, ulong? ChainId, EthAddress? Contract, byte[]? DestinationTx)
{
    public static bool TryRead(ProofEnvelope proof, out SettlementData data, out string problem)
    {
        data = null!;
        if (!AttestationData.TryReadCommon(proof, "an acknowledgement or refund", out var messageId, out var signatures, out var chainId, out var contract, out problem))
        {
            return false;
        }

        byte[]? destinationTx = null;
        if (proof.Data.TryGetProperty("destinationTx", out _) && !AttestationData.Word(proof.Data, "destinationTx", out destinationTx))
        {
            problem = "'destinationTx' must be 0x + 64 hex digits";
            return false;
        }

        data = new SettlementData(messageId, signatures, chainId, contract, destinationTx);
        return true;
    }
}

/// <summary>
/// The Ethereum reading of a <c>relay-attestation</c> proof's data that import and release need:
/// <c>{"lane", "messageId", "validUntil", "signatures": ["0x…65 bytes", …], "payloadHash"?, "chainId"?, "contract"?,
/// "beneficiary"?}</c> with 32-byte words as 0x-hex and validUntil in unix seconds. The contract checks the signatures
/// and the expiry; the adapter only refuses data that cannot be meant for this command (another message, chain,
/// contract or payload).
/// </summary>
internal sealed record AttestationData(
    byte[] Lane,
    byte[] MessageId,
    ulong ValidUntil,
    IReadOnlyList<byte[]> Signatures,
    byte[]? PayloadHash,
    ulong? ChainId,
    EthAddress? Contract,
    EthAddress? Beneficiary)
{
    public static bool TryRead(ProofEnvelope proof, out AttestationData data, out string problem)
    {
        data = null!;
        if (!TryReadCommon(proof, "an import or release", out var messageId, out var signatures, out var chainId, out var contract, out problem))
        {
            return false;
        }

        var json = proof.Data;
        if (!Word(json, "lane", out var lane))
        {
            problem = "the attestation needs 'lane' as 0x + 64 hex digits";
            return false;
        }

        if (!json.TryGetProperty("validUntil", out var validJson) || !validJson.TryGetUInt64(out var validUntil))
        {
            problem = "the attestation needs 'validUntil', the unix second until which it may be applied";
            return false;
        }

        byte[]? payloadHash = null;
        if (json.TryGetProperty("payloadHash", out _) && !Word(json, "payloadHash", out payloadHash))
        {
            problem = "'payloadHash' must be 0x + 64 hex digits";
            return false;
        }

        if (!OptionalAddress(json, "beneficiary", out var beneficiary))
        {
            problem = "'beneficiary' must be an Ethereum address";
            return false;
        }

        data = new AttestationData(lane!, messageId, validUntil, signatures, payloadHash, chainId, contract, beneficiary);
        return true;
    }

    /// <summary>What every relay attestation carries: the message id, the signatures, and optionally the chain and contract.</summary>
    internal static bool TryReadCommon(
        ProofEnvelope proof,
        string purpose,
        out byte[] messageId,
        out List<byte[]> signatures,
        out ulong? chainId,
        out EthAddress? contract,
        out string problem)
    {
        messageId = [];
        signatures = [];
        chainId = null;
        contract = null;
        problem = string.Empty;
        if (proof.Kind != ProofKind.RelayAttestation)
        {
            problem = $"{purpose} on Ethereum needs a relay-attestation proof, not {proof.Kind.ToWireName()}";
            return false;
        }

        var json = proof.Data;
        if (json.ValueKind != JsonValueKind.Object || !Word(json, "messageId", out var message))
        {
            problem = "the attestation needs 'messageId' as 0x + 64 hex digits";
            return false;
        }

        messageId = message!;
        if (!json.TryGetProperty("signatures", out var signaturesJson) || signaturesJson.ValueKind != JsonValueKind.Array)
        {
            problem = "the attestation needs 'signatures', an array of 65-byte 0x-hex signatures";
            return false;
        }

        foreach (var item in signaturesJson.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !HexData.TryDecode(item.GetString(), out var signature) || signature.Length != 65)
            {
                problem = "every signature must be 65 bytes of 0x-hex (r ‖ s ‖ v)";
                return false;
            }

            signatures.Add(signature);
        }

        if (json.TryGetProperty("chainId", out var chainJson))
        {
            if (!chainJson.TryGetUInt64(out var value))
            {
                problem = "'chainId' must be a positive integer";
                return false;
            }

            chainId = value;
        }

        if (!OptionalAddress(json, "contract", out contract))
        {
            problem = "'contract' must be an Ethereum address";
            return false;
        }

        return true;
    }

    internal static bool Word(JsonElement json, string name, out byte[]? word)
    {
        word = null;
        return json.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: 66 } text
            && HexData.TryDecode(text, out word);
    }

    private static bool OptionalAddress(JsonElement json, string name, out EthAddress? address)
    {
        address = null;
        if (!json.TryGetProperty(name, out var value))
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String && EthAddress.TryParse(value.GetString(), out var parsed))
        {
            address = parsed;
            return true;
        }

        return false;
    }
}
