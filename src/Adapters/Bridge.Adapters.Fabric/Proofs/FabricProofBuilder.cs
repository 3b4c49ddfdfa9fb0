using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Proofs;

/// <summary>
/// Builds <c>fabric-endorsement</c> proofs through any Fabric Gateway (docs/fabric.md): the committed transaction from
/// <c>qscc GetTransactionByID</c>, and the commit attestation by endorsing the same query on the peers of
/// <see cref="AttestingOrganizations"/> (never submitted). The result is checked by
/// <see cref="FabricEndorsementVerifier"/>. A transaction that is not committed VALID yields no proof.
/// </summary>
public sealed class FabricProofBuilder
{
    /// <summary>The placeholder digest that asks the builder to compute it.</summary>
    public static readonly string UnknownDigest = new('0', 64);

    private readonly FabricGateway _gateway;
    private readonly string _network;
    private readonly string _channel;

    /// <summary>Creates a builder for <paramref name="channel"/> of <paramref name="network"/> through <paramref name="gateway"/>.</summary>
    /// <param name="gateway">A gateway with a signer (the query proposals are signed by it).</param>
    /// <param name="network">The network's name in the relay (the proofs' source network).</param>
    /// <param name="channel">The channel.</param>
    /// <param name="attestingOrganizations">The organisations whose peers attest commits: at least the policy's n.</param>
    public FabricProofBuilder(FabricGateway gateway, string network, string channel, IReadOnlyList<string> attestingOrganizations)
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
        AttestingOrganizations = attestingOrganizations;
    }

    /// <summary>The organisations whose peers attest commits.</summary>
    public IReadOnlyList<string> AttestingOrganizations { get; }

    /// <summary>
    /// The proof of transaction <c>subject.Id</c> (a transaction subject proves its result, an event subject its chaincode
    /// event). A digest of 64 zeros is filled in; any other must equal the proven one.
    /// </summary>
    /// <exception cref="AdapterException">The transaction is unknown, not VALID, or the digest differs.</exception>
    /// <exception cref="FabricGatewayException">The gateway failed.</exception>
    public async Task<ProofEnvelope> BuildAsync(ProofSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var txId = subject.Id;
        var qscc = _gateway.Network(_channel).Contract(FabricEndorsementVerifier.QueryChaincode);
        var arguments = FabricProposalOptions.FromStrings([_channel, txId]);

        var processed = ProcessedTransaction.Parser.ParseFrom(await qscc.EvaluateAsync("GetTransactionByID", arguments, cancellationToken));
        if (processed.ValidationCode != (int)TxValidationCode.Valid || processed.TransactionEnvelope is null)
        {
            throw new AdapterException(_network, $"transaction {txId} was committed as {(TxValidationCode)processed.ValidationCode}, so it proves nothing", isTransient: false);
        }

        var proposal = qscc.NewProposal("GetTransactionByID", arguments with { EndorsingOrganizations = AttestingOrganizations });
        var prepared = await proposal.WithSignature(_gateway.Sign(proposal.ProposalBytes.Span)).EndorseAsync(cancellationToken);
        var attestation = PreparedTransaction.Parser.ParseFrom(prepared.ToBytes()).Envelope;

        var transaction = processed.TransactionEnvelope;
        var digest = Digest(transaction, subject.Type, txId);
        if (subject.Digest != UnknownDigest && subject.Digest != digest)
        {
            throw new AdapterException(_network, $"the proven {subject.Type.ToWireName()} of {txId} has digest {digest}, not the requested {subject.Digest}", isTransient: false);
        }

        var data = new JsonObject
        {
            ["channel"] = _channel,
            ["txId"] = txId,
            ["transaction"] = Convert.ToBase64String(transaction.ToByteArray()),
            ["commitAttestation"] = Convert.ToBase64String(attestation.ToByteArray()),
        };
        using var document = JsonDocument.Parse(data.ToJsonString());
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, _network, ProofKind.FabricEndorsement, subject with { Digest = digest }, document.RootElement.Clone());
    }

    private string Digest(Envelope transaction, ProofSubjectType type, string txId)
    {
        var payload = Payload.Parser.ParseFrom(transaction.Payload);
        var action = ChaincodeActionPayload.Parser.ParseFrom(Transaction.Parser.ParseFrom(payload.Data).Actions[0].Payload);
        var chaincodeAction = ChaincodeAction.Parser.ParseFrom(ProposalResponsePayload.Parser.ParseFrom(action.Action.ProposalResponsePayload).Extension);
        return type switch
        {
            ProofSubjectType.Event when !chaincodeAction.Events.IsEmpty =>
                Convert.ToHexStringLower(SHA256.HashData(ChaincodeEvent.Parser.ParseFrom(chaincodeAction.Events).Payload.Span)),
            ProofSubjectType.Transaction => Convert.ToHexStringLower(SHA256.HashData(chaincodeAction.Response.Payload.Span)),
            _ => throw new AdapterException(_network, $"transaction {txId} has no {type.ToWireName()} to prove", isTransient: false),
        };
    }
}
