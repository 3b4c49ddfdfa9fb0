using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Blocks;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Canonical.Json;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Proofs;

/// <summary>
/// Builds <c>fabric-endorsement</c> proofs through any Fabric Gateway (docs/fabric.md): finds the transaction's block with
/// <c>qscc GetBlockByTxID</c>, and attests that block by endorsing <c>qscc GetBlockByNumber</c> on the peers of
/// <see cref="AttestingOrganizations"/> (never submitted). One attestation serves every transaction of its block; the
/// builder remembers the last 64 attestations (each the size of its block: blocks in flight, not history), and the blocks
/// it read (<see cref="BlockMemory"/>: another transaction of a block already read costs no block lookup). The result is
/// checked by <see cref="FabricEndorsementVerifier"/>. A transaction that is not committed VALID yields no proof.
/// </summary>
public sealed class FabricProofBuilder
{
    /// <summary>The placeholder digest that asks the builder to compute it.</summary>
    public static readonly string UnknownDigest = new('0', 64);

    private const int RememberedAttestations = 64;

    private readonly FabricGateway _gateway;
    private readonly string _network;
    private readonly string _channel;
    private readonly BlockMemory _blocks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, Lazy<Task<byte[]>>> _attestations = new();

    /// <summary>Creates a builder for <paramref name="channel"/> of <paramref name="network"/> through <paramref name="gateway"/>.</summary>
    /// <param name="gateway">A gateway with a signer (the query proposals are signed by it).</param>
    /// <param name="network">The network's name in the relay (the proofs' source network).</param>
    /// <param name="channel">The channel.</param>
    /// <param name="attestingOrganizations">The organisations whose peers attest blocks: at least the policy's n.</param>
    public FabricProofBuilder(FabricGateway gateway, string network, string channel, IReadOnlyList<string> attestingOrganizations)
        : this(gateway, network, channel, attestingOrganizations, null)
    {
    }

    /// <summary>Creates a builder that reads blocks through <paramref name="blocks"/> (shared with the adapter), or its own memory when null.</summary>
    internal FabricProofBuilder(FabricGateway gateway, string network, string channel, IReadOnlyList<string> attestingOrganizations, BlockMemory? blocks)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentNullException.ThrowIfNull(attestingOrganizations);
        if (attestingOrganizations.Count == 0)
        {
            throw new ArgumentException("At least one attesting organisation is required.", nameof(attestingOrganizations));
        }

        _gateway = gateway;
        _network = network;
        _channel = channel;
        _blocks = blocks ?? new BlockMemory(gateway, network, channel);
        AttestingOrganizations = attestingOrganizations;
    }

    /// <summary>The organisations whose peers attest blocks.</summary>
    public IReadOnlyList<string> AttestingOrganizations { get; }

    /// <summary>
    /// The proof of a committed transaction: a <c>transaction</c> subject (id = tx id) proves its result, an <c>event</c>
    /// subject (id = tx id) its chaincode event, a <c>state</c> subject (id = <c>{txId}/{key}</c>,
    /// <see cref="FabricEndorsementVerifier.StateSubjectId"/>) its write of the key in the chaincode's namespace. A digest of
    /// 64 zeros is filled in; any other must equal the proven one.
    /// </summary>
    /// <exception cref="AdapterException">The transaction is unknown, not VALID, or the digest differs.</exception>
    /// <exception cref="FabricGatewayException">The gateway failed.</exception>
    /// <param name="subject">What to prove.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <param name="blockHint">The block the caller was told holds the transaction (an event's block), read by number and shared by concurrent callers; checked, never trusted.</param>
    public async Task<ProofEnvelope> BuildAsync(ProofSubject subject, CancellationToken cancellationToken, ulong? blockHint = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var txId = subject.Id;
        string? key = null;
        if (subject.Type == ProofSubjectType.State && !FabricEndorsementVerifier.TryParseStateSubjectId(subject.Id, out txId, out key))
        {
            throw new AdapterException(_network, $"a state subject's id is '{{txId}}/{{key}}', not '{subject.Id}'", isTransient: false);
        }

        var (indexed, index) = await _blocks.GetByTxIdAsync(txId, cancellationToken, blockHint);
        var block = indexed.Block;
        var code = indexed.CodeAt(index);
        if (code != TxValidationCode.Valid)
        {
            throw new AdapterException(_network, $"transaction {txId} was committed as {code}, so it proves nothing", isTransient: false);
        }

        var digest = Digest(Envelope.Parser.ParseFrom(block.Data.Data[index]), subject.Type, txId, key);
        if (subject.Digest != UnknownDigest && subject.Digest != digest)
        {
            throw new AdapterException(_network, $"the proven {subject.Type.ToWireName()} of {txId} has digest {digest}, not the requested {subject.Digest}", isTransient: false);
        }

        var attestation = await AttestationAsync(block.Header.Number, cancellationToken);

        // Written straight as UTF-8 from the block's remembered base64 bytes: a block attestation holds the whole block, so
        // the proofs of a block's transactions share it and each costs one copy of it, not a string round trip.
        // Without escaping what JSON allows as is (base64's '+', which the default encoder writes as \u002B one character at
        // a time): the text is parsed at once, never embedded in HTML.
        using var buffer = new PooledBufferWriter(attestation.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("channel", _channel);
            writer.WriteString("txId", txId);
            writer.WriteNumber("blockNumber", block.Header.Number);
            writer.WriteNumber("txIndex", index);
            writer.WriteStartObject("blockHeader");
            writer.WriteNumber("number", block.Header.Number);
            writer.WriteString("previousHash", Convert.ToHexStringLower(block.Header.PreviousHash.Span));
            writer.WriteString("dataHash", Convert.ToHexStringLower(block.Header.DataHash.Span));
            writer.WriteEndObject();
            writer.WriteString("blockAttestation", attestation);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, _network, ProofKind.FabricEndorsement, subject with { Digest = digest }, document.RootElement.Clone());
    }

    /// <summary>The attestation of block <paramref name="number"/> as base64 in UTF-8, endorsed once and remembered.</summary>
    private async Task<byte[]> AttestationAsync(ulong number, CancellationToken cancellationToken)
    {
        if (_attestations.Count > RememberedAttestations)
        {
            _attestations.Clear();
        }

        var lazy = _attestations.GetOrAdd(number, n => new Lazy<Task<byte[]>>(() => EndorseAttestationAsync(n, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _attestations.TryRemove(new KeyValuePair<ulong, Lazy<Task<byte[]>>>(number, lazy));
            throw;
        }
    }

    private async Task<byte[]> EndorseAttestationAsync(ulong number, CancellationToken cancellationToken)
    {
        var qscc = _gateway.Network(_channel).Contract(FabricEndorsementVerifier.QueryChaincode);
        var arguments = FabricProposalOptions.FromStrings([_channel, number.ToString(CultureInfo.InvariantCulture)]) with { EndorsingOrganizations = AttestingOrganizations };
        var proposal = qscc.NewProposal(FabricEndorsementVerifier.AttestedFunction, arguments);
        var prepared = await proposal.WithSignature(_gateway.Sign(proposal.ProposalBytes.Span)).EndorseAsync(cancellationToken);
        var envelope = PreparedTransaction.Parser.ParseFrom(prepared.ToBytes()).Envelope.ToByteArray();
        var base64 = new byte[System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(envelope.Length)];
        System.Buffers.Text.Base64.EncodeToUtf8(envelope, base64, out _, out var written);
        return written == base64.Length ? base64 : base64[..written];
    }

    private string Digest(Envelope transaction, ProofSubjectType type, string txId, string? key)
    {
        var payload = Payload.Parser.ParseFrom(transaction.Payload);
        var action = ChaincodeActionPayload.Parser.ParseFrom(Transaction.Parser.ParseFrom(payload.Data).Actions[0].Payload);
        var chaincodeAction = ChaincodeAction.Parser.ParseFrom(ProposalResponsePayload.Parser.ParseFrom(action.Action.ProposalResponsePayload).Extension);
        switch (type)
        {
            case ProofSubjectType.Event when !chaincodeAction.Events.IsEmpty:
                return Convert.ToHexStringLower(SHA256.HashData(ChaincodeEvent.Parser.ParseFrom(chaincodeAction.Events).Payload.Span));
            case ProofSubjectType.Transaction:
                return Convert.ToHexStringLower(SHA256.HashData(chaincodeAction.Response.Payload.Span));
            case ProofSubjectType.State when key is not null:
                var chaincode = chaincodeAction.ChaincodeId?.Name ?? string.Empty;
                var (value, problem) = FabricEndorsementVerifier.WrittenValue(chaincodeAction.Results, chaincode, key);
                return value is null
                    ? throw new AdapterException(_network, $"transaction {txId} proves no write of key '{key}': {problem}", isTransient: false)
                    : Convert.ToHexStringLower(SHA256.HashData(value.Span));
            default:
                throw new AdapterException(_network, $"transaction {txId} has no {type.ToWireName()} to prove", isTransient: false);
        }
    }
}
