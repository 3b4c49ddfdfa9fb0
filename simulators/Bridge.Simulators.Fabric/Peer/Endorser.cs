using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Kvrwset;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Adapters.Fabric.Protos.Rwset;
using Bridge.Simulators.Fabric.Chaincode;
using Bridge.Simulators.Fabric.Ledger;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>The outcome of <see cref="Endorser.Endorse"/>: a signed proposal response, or the chaincode's error.</summary>
internal sealed class EndorsementResult
{
    private EndorsementResult(ProposalResponse? response, TransactionSimulation? simulation, PeerError? error)
    {
        Response = response;
        Simulation = simulation;
        Error = error;
    }

    /// <summary>The endorsed proposal response (status 200), when the chaincode succeeded.</summary>
    public ProposalResponse? Response { get; }

    /// <summary>The simulation that produced the read-write set (null on failure).</summary>
    public TransactionSimulation? Simulation { get; }

    /// <summary>The chaincode's failure as the gateway reports it (<see cref="PeerErrorKind.ChaincodeError"/>).</summary>
    public PeerError? Error { get; }

    /// <summary>True when <see cref="Response"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Response), nameof(Simulation))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Response is not null;

    /// <summary>The chaincode's result (<c>ChaincodeAction.response.payload</c>, which the client reads, fabric-wire.md §2.2).</summary>
    public ByteString Payload => Response?.Response.Payload ?? ByteString.Empty;

    internal static EndorsementResult Ok(ProposalResponse response, TransactionSimulation simulation) => new(response, simulation, null);

    internal static EndorsementResult Fail(string reason) => new(null, null, new PeerError(PeerErrorKind.ChaincodeError, reason));
}

/// <summary>
/// One organisation's endorsing peer: runs the chaincode on a simulation of the world state and signs the result the
/// way a Fabric peer does (fabric-wire.md §2.3 "Endorsement"; <c>fabric:protoutil/txutils.go CreateProposalResponse</c>):
/// <c>ChaincodeAction{results = TxReadWriteSet, events, response, chaincode_id{name, version "1.0"}}</c> inside
/// <c>ProposalResponsePayload{proposal_hash, extension}</c>, and
/// <c>Endorsement{endorser, signature = Sign(prp ‖ endorser)}</c>.
/// <para>
/// Differences from a real peer, on purpose: no <c>_lifecycle</c> namespace read in the read-write set (fabric-wire.md
/// §3.2 notes the real peer adds one), no chaincode interest, no private data. The result is deterministic for a given
/// proposal and state, so that several organisations' payloads match byte for byte.
/// </para>
/// </summary>
internal sealed class Endorser
{
    /// <summary>The chaincode version a peer reports in <c>ChaincodeAction.chaincode_id</c> (fabric-wire.md §3.2).</summary>
    public const string ChaincodeVersion = "1.0";

    private readonly FabricSigner _peer;
    private readonly byte[] _endorser;

    /// <summary>An endorser for <paramref name="peer"/>'s organisation. The caller keeps ownership of the signer.</summary>
    public Endorser(FabricSigner peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _peer = peer;
        _endorser = peer.SerializedIdentity();
    }

    /// <summary>The organisation's MSP id.</summary>
    public string MspId => _peer.Identity.MspId;

    /// <summary>
    /// Runs <paramref name="chaincode"/> for <paramref name="proposal"/> against <paramref name="state"/> and returns the
    /// signed proposal response, or the chaincode's error (status ≥ 400) with the gateway's wording
    /// <c>chaincode response 500, message</c> (<c>fabric:internal/pkg/gateway/apiutils.go responseStatus</c>).
    /// Exceptions from the chaincode are bugs and propagate.
    /// </summary>
    public EndorsementResult Endorse(
        ValidatedProposal proposal,
        WorldState state,
        Func<IChaincodeStub, string, IReadOnlyList<byte[]>, ChaincodeResponse> chaincode)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(chaincode);

        var simulation = state.Simulate(
            proposal.TxId,
            proposal.ChannelId,
            proposal.ChaincodeName,
            proposal.Creator.MspId,
            $"{proposal.Creator.MspId}::{proposal.Creator.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}",
            proposal.Timestamp);

        var answer = chaincode(simulation, proposal.Function, proposal.Args);
        switch (answer)
        {
            case ChaincodeResponse.Error error:
                return EndorsementResult.Fail($"chaincode response {error.Status}, {error.Message}");
            case ChaincodeResponse.Success success:
                var response = new Response { Status = 200, Payload = ByteString.CopyFrom(success.Payload) };
                return EndorsementResult.Ok(Sign(proposal, simulation, response), simulation);
            default:
                throw new InvalidOperationException($"Unknown chaincode response {answer?.GetType().Name ?? "null"}.");
        }
    }

    private ProposalResponse Sign(ValidatedProposal proposal, TransactionSimulation simulation, Response response)
    {
        var action = new ChaincodeAction
        {
            Results = ReadWriteSet(proposal.ChaincodeName, simulation).ToByteString(),
            Response = response,
            ChaincodeId = new ChaincodeID { Name = proposal.ChaincodeName, Version = ChaincodeVersion },
        };
        if (simulation.Event is { } ev)
        {
            action.Events = new ChaincodeEvent
            {
                ChaincodeId = proposal.ChaincodeName,
                TxId = proposal.TxId,
                EventName = ev.Name,
                Payload = ByteString.CopyFrom(ev.Payload),
            }.ToByteString();
        }

        var prp = new ProposalResponsePayload
        {
            ProposalHash = ByteString.CopyFrom(proposal.ProposalHash),
            Extension = action.ToByteString(),
        }.ToByteArray();

        // The endorser signs prp ‖ endorser (protoutil/txutils.go CreateProposalResponse; fabric-wire.md §2.3).
        var signed = new byte[prp.Length + _endorser.Length];
        prp.CopyTo(signed, 0);
        _endorser.CopyTo(signed, prp.Length);

        return new ProposalResponse
        {
            Version = 1,
            Response = response,
            Payload = ByteString.CopyFrom(prp),
            Endorsement = new Endorsement
            {
                Endorser = ByteString.CopyFrom(_endorser),
                Signature = ByteString.CopyFrom(_peer.Sign(signed)),
            },
        };
    }

    /// <summary>
    /// The transaction's <c>rwset.TxReadWriteSet</c>: data model KV and, when the chaincode read or wrote anything, one
    /// namespace (the chaincode) holding a <c>kvrwset.KVRWSet</c>; a read of an absent key has no version, a delete is
    /// <c>is_delete</c> (fabric-wire.md §1.2, §2.3 "MVCC").
    /// </summary>
    internal static TxReadWriteSet ReadWriteSet(string chaincodeName, TransactionSimulation simulation)
    {
        var set = new TxReadWriteSet { DataModel = TxReadWriteSet.Types.DataModel.Kv };
        var reads = simulation.Reads;
        var writes = simulation.Writes;
        if (reads.Count == 0 && writes.Count == 0)
        {
            return set;
        }

        var kv = new KVRWSet();
        foreach (var read in reads)
        {
            var kvRead = new KVRead { Key = read.Key };
            if (read.Version is { } version)
            {
                kvRead.Version = new Bridge.Adapters.Fabric.Protos.Kvrwset.Version { BlockNum = version.BlockNumber, TxNum = version.TxNumber };
            }

            kv.Reads.Add(kvRead);
        }

        foreach (var write in writes)
        {
            kv.Writes.Add(write.Value is null
                ? new KVWrite { Key = write.Key, IsDelete = true }
                : new KVWrite { Key = write.Key, Value = ByteString.CopyFrom(write.Value) });
        }

        set.NsRwset.Add(new NsReadWriteSet { Namespace = chaincodeName, Rwset = kv.ToByteString() });
        return set;
    }
}
