using System.Diagnostics.CodeAnalysis;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>The outcome of <see cref="TransactionAssembler.Assemble"/>: the prepared envelope, or why there is none.</summary>
internal sealed class AssemblyResult
{
    private AssemblyResult(Envelope? envelope, PeerError? error)
    {
        Envelope = envelope;
        Error = error;
    }

    /// <summary>The unsigned prepared transaction.</summary>
    public Envelope? Envelope { get; }

    /// <summary>Why the endorsements cannot be assembled (<see cref="PeerErrorKind.PayloadMismatch"/>).</summary>
    public PeerError? Error { get; }

    /// <summary>True when <see cref="Envelope"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Envelope))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Envelope is not null;

    internal static AssemblyResult Ok(Envelope envelope) => new(envelope, null);

    internal static AssemblyResult Fail(string reason) => new(null, new PeerError(PeerErrorKind.PayloadMismatch, reason));
}

/// <summary>
/// Builds the prepared transaction the gateway returns from Endorse (fabric-wire.md §2.3; <c>fabric:internal/pkg/gateway
/// apiutils.go prepareTransaction</c>): <c>Envelope{payload = Payload{header = the proposal's Header, data =
/// Transaction{actions = [TransactionAction{header = SignatureHeader bytes, payload = ChaincodeActionPayload{
/// chaincode_proposal_payload = CPP without transient, action = ChaincodeEndorsedAction{prp, unique endorsements}}}]}}}</c>,
/// with no signature (the client signs it, fabric-wire.md §2.1).
/// </summary>
internal static class TransactionAssembler
{
    /// <summary>
    /// Assembles <paramref name="responses"/> (at least one, all successful) for <paramref name="proposal"/>. All
    /// responses must carry byte-identical proposal response payloads (the gateway's determinism check, <c>endorsement.go
    /// processEndorsement</c>: "ProposalResponsePayloads do not match"); endorsements with the same endorser bytes are
    /// kept once (<c>endorse.go uniqueEndorsements</c>).
    /// </summary>
    /// <exception cref="ArgumentException">No responses, or a response without payload or endorsement (a caller bug).</exception>
    public static AssemblyResult Assemble(ValidatedProposal proposal, IReadOnlyList<ProposalResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Count == 0)
        {
            throw new ArgumentException("At least one proposal response is needed.", nameof(responses));
        }

        var prp = responses[0].Payload;
        var endorsements = new List<Endorsement>(responses.Count);
        var seen = new HashSet<ByteString>();
        foreach (var response in responses)
        {
            if (response.Payload.IsEmpty || response.Endorsement is null)
            {
                throw new ArgumentException("Every response must be an endorsed, successful proposal response.", nameof(responses));
            }

            if (!response.Payload.Equals(prp))
            {
                return AssemblyResult.Fail("ProposalResponsePayloads do not match");
            }

            if (seen.Add(response.Endorsement.Endorser))
            {
                endorsements.Add(response.Endorsement);
            }
        }

        var endorsedAction = new ChaincodeEndorsedAction { ProposalResponsePayload = prp };
        endorsedAction.Endorsements.AddRange(endorsements);
        var actionPayload = new ChaincodeActionPayload
        {
            ChaincodeProposalPayload = proposal.ChaincodeProposalPayloadWithoutTransient,
            Action = endorsedAction,
        };
        var transaction = new Transaction();
        transaction.Actions.Add(new TransactionAction
        {
            Header = proposal.Header.SignatureHeader,
            Payload = actionPayload.ToByteString(),
        });

        var payload = new Payload { Header = proposal.Header.Clone(), Data = transaction.ToByteString() };
        return AssemblyResult.Ok(new Envelope { Payload = payload.ToByteString() });
    }
}
