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
public sealed class EthereumAdapter : INetworkAdapter, IInboundTitleDomain
{
    private static readonly AdapterCapabilities AdapterCapabilities = new(
        LedgerCommandKinds.Anchor | LedgerCommandKinds.Title,
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
    /// <exception cref="ArgumentException">The holder or beneficiary is not an Ethereum address.</exception>
    public AttestationDomain InboundTitleDomain(InboundTitle title)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (!EthAddress.TryParse(title.Holder, out var holder) || !EthAddress.TryParse(title.Beneficiary, out var beneficiary))
        {
            throw new ArgumentException("A title arriving on Ethereum needs an address as its holder and its beneficiary.", nameof(title));
        }

        var payloadHash = RelayAttestation.InboundPayloadHash(Bytes32Names.Of(title.TitleId), holder, beneficiary);
        var digest = RelayAttestation.Digest(_options.ChainId, _options.TitleRegistry, Bytes32Names.Of(title.Lane), Bytes32Names.Of(title.MessageId), payloadHash);
        return new AttestationDomain(digest, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["type"] = "ethereum",
            ["chainId"] = _options.ChainId.ToString(CultureInfo.InvariantCulture),
            ["contract"] = _options.TitleRegistry.ToString(),
            ["payloadHash"] = HexData.Encode(payloadHash),
        });
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
            throw new AdapterException(_options.Network, e.Message, e.IsTransient, e);
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

        return await SendAsync(
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
            AbiValue.List(attestation.Signatures.Select(s => AbiValue.Bytes(s))));
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

/// <summary>
/// The Ethereum reading of a <c>relay-attestation</c> proof's data that import and release need:
/// <c>{"lane", "messageId", "signatures": ["0x…65 bytes", …], "payloadHash"?, "chainId"?, "contract"?, "beneficiary"?}</c>
/// with 32-byte words as 0x-hex. The contract checks the signatures; the adapter only refuses data that cannot be
/// meant for this command (another message, chain, contract or payload).
/// </summary>
internal sealed record AttestationData(
    byte[] Lane,
    byte[] MessageId,
    IReadOnlyList<byte[]> Signatures,
    byte[]? PayloadHash,
    ulong? ChainId,
    EthAddress? Contract,
    EthAddress? Beneficiary)
{
    public static bool TryRead(ProofEnvelope proof, out AttestationData data, out string problem)
    {
        data = null!;
        problem = string.Empty;
        if (proof.Kind != ProofKind.RelayAttestation)
        {
            problem = $"an Ethereum import or release needs a relay-attestation proof, not {proof.Kind.ToWireName()}";
            return false;
        }

        var json = proof.Data;
        if (!Word(json, "lane", out var lane) || !Word(json, "messageId", out var messageId))
        {
            problem = "the attestation needs 'lane' and 'messageId' as 0x + 64 hex digits";
            return false;
        }

        if (!json.TryGetProperty("signatures", out var signaturesJson) || signaturesJson.ValueKind != JsonValueKind.Array)
        {
            problem = "the attestation needs 'signatures', an array of 65-byte 0x-hex signatures";
            return false;
        }

        var signatures = new List<byte[]>();
        foreach (var item in signaturesJson.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !HexData.TryDecode(item.GetString(), out var signature) || signature.Length != 65)
            {
                problem = "every signature must be 65 bytes of 0x-hex (r ‖ s ‖ v)";
                return false;
            }

            signatures.Add(signature);
        }

        byte[]? payloadHash = null;
        if (json.TryGetProperty("payloadHash", out _) && !Word(json, "payloadHash", out payloadHash))
        {
            problem = "'payloadHash' must be 0x + 64 hex digits";
            return false;
        }

        ulong? chainId = null;
        if (json.TryGetProperty("chainId", out var chainJson))
        {
            if (!chainJson.TryGetUInt64(out var value))
            {
                problem = "'chainId' must be a positive integer";
                return false;
            }

            chainId = value;
        }

        if (!OptionalAddress(json, "contract", out var contract) || !OptionalAddress(json, "beneficiary", out var beneficiary))
        {
            problem = "'contract' and 'beneficiary' must be Ethereum addresses";
            return false;
        }

        data = new AttestationData(lane!, messageId!, signatures, payloadHash, chainId, contract, beneficiary);
        return true;
    }

    private static bool Word(JsonElement json, string name, out byte[]? word)
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
