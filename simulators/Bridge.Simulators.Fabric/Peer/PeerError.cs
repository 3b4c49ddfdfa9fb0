using Bridge.Adapters.Fabric.Grpc;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>Where in the gateway → endorser path a request failed; it decides the gRPC status (fabric-wire.md §3.2).</summary>
internal enum PeerErrorKind
{
    /// <summary>
    /// The gateway could not unpack the signed proposal (<c>fabric:internal/pkg/gateway/evaluate.go
    /// getChannelAndChaincodeFromSignedProposal</c>): INVALID_ARGUMENT.
    /// </summary>
    Malformed = 1,

    /// <summary>
    /// The channel is not served: the gateway's <c>registry.connectChannelPeers</c> fails and Evaluate answers
    /// UNAVAILABLE (<c>evaluate.go</c>).
    /// </summary>
    ChannelNotFound = 2,

    /// <summary>
    /// No peer runs the chaincode on the channel: the gateway's <c>registry.evaluator</c> fails with "no peers available to
    /// evaluate chaincode X in channel Y" and the gateway answers FAILED_PRECONDITION (<c>evaluate.go</c>,
    /// <c>registry.go</c>).
    /// </summary>
    ChaincodeNotFound = 3,

    /// <summary>
    /// The endorser rejected the proposal (<c>fabric:core/endorser/msgvalidation.go UnpackProposal/Validate</c>): the
    /// endorser returns a response and an error, which the gateway maps to FAILED_PRECONDITION
    /// (<c>apiutils.go responseStatus</c>; fabric-wire.md §3.2 "Bad or high-S proposal signature").
    /// </summary>
    ProposalRejected = 4,

    /// <summary>The chaincode answered status ≥ 400 (fabric-wire.md §3.2: evaluate UNKNOWN, endorse ABORTED).</summary>
    ChaincodeError = 5,

    /// <summary>Endorsers produced different proposal response payloads (non-deterministic chaincode): ABORTED.</summary>
    PayloadMismatch = 6,
}

/// <summary>The gRPC status a Gateway RPC answers, and the <c>gateway.ErrorDetail.message</c> to attach (if any).</summary>
/// <param name="Code">The gRPC status code.</param>
/// <param name="Message">The <c>grpc-message</c>.</param>
/// <param name="DetailMessage">
/// The message of the one <c>ErrorDetail{address, msp_id, message}</c> the gateway attaches (the caller fills in the
/// endorser's address and MSP id), or null when the real gateway attaches none.
/// </param>
internal readonly record struct GatewayStatus(GrpcStatusCode Code, string Message, string? DetailMessage);

/// <summary>
/// An expected failure of proposal validation or endorsement, as a value. <see cref="Reason"/> is the message the
/// failing component produces (gateway or endorser); <see cref="ForEvaluate"/> and <see cref="ForEndorse"/> wrap it as
/// the real gateway does for each RPC (<c>fabric:internal/pkg/gateway/evaluate.go</c>, <c>endorse.go</c>,
/// <c>apiutils.go</c>; fabric-wire.md §3.2).
/// </summary>
/// <param name="Kind">Where it failed.</param>
/// <param name="Reason">The component's own message, for example
/// <c>error validating proposal: access denied: channel [ch1] creator org [CarrierMSP]</c>.</param>
internal sealed record PeerError(PeerErrorKind Kind, string Reason)
{
    /// <summary>The status of a failed <c>gateway.Gateway/Evaluate</c>.</summary>
    public GatewayStatus ForEvaluate() => Kind switch
    {
        // evaluate.go: status.Errorf(codes.InvalidArgument, "failed to unpack transaction proposal: %s", err).
        PeerErrorKind.Malformed => new(GrpcStatusCode.InvalidArgument, $"failed to unpack transaction proposal: {Reason}", null),

        // evaluate.go: connectChannelPeers error → codes.Unavailable with the error text.
        PeerErrorKind.ChannelNotFound => new(GrpcStatusCode.Unavailable, Reason, null),

        // evaluate.go: registry.evaluator error → codes.FailedPrecondition with the error text.
        PeerErrorKind.ChaincodeNotFound => new(GrpcStatusCode.FailedPrecondition, Reason, null),

        // evaluate.go: newRpcError(code, "evaluate call to endorser returned error: "+message, errDetails...), with the
        // code from responseStatus: FAILED_PRECONDITION for a validation error (fabric-wire.md §3.2).
        PeerErrorKind.ProposalRejected => new(GrpcStatusCode.FailedPrecondition, $"evaluate call to endorser returned error: {Reason}", Reason),

        // fabric-wire.md §3.2, seen live on 2.4.9: chaincode error on evaluate → UNKNOWN.
        PeerErrorKind.ChaincodeError => new(GrpcStatusCode.Unknown, $"evaluate call to endorser returned error: {Reason}", Reason),

        // Evaluate asks one endorser, so it cannot see a mismatch; report it like Endorse would.
        PeerErrorKind.PayloadMismatch => ForEndorse(),
        _ => throw new InvalidOperationException($"Unknown peer error kind {Kind}."),
    };

    /// <summary>The status of a failed <c>gateway.Gateway/Endorse</c>.</summary>
    public GatewayStatus ForEndorse() => Kind switch
    {
        // endorse.go: unmarshal failures → status.Error(codes.InvalidArgument, err.Error()).
        PeerErrorKind.Malformed => new(GrpcStatusCode.InvalidArgument, Reason, null),
        PeerErrorKind.ChannelNotFound => new(GrpcStatusCode.Unavailable, Reason, null),

        // endorse.go planFromFirstEndorser: endorsementPlan error → codes.FailedPrecondition.
        PeerErrorKind.ChaincodeNotFound => new(GrpcStatusCode.FailedPrecondition, Reason, null),

        // endorse.go planFromFirstEndorser: the first endorser failed → ABORTED with its ErrorDetail (fabric-wire.md §3.2).
        PeerErrorKind.ProposalRejected or PeerErrorKind.ChaincodeError =>
            new(GrpcStatusCode.Aborted, "failed to endorse transaction, see attached details for more info", Reason),

        // endorse.go: a layout that cannot complete → "failed to collect enough transaction endorsements, ..." with the
        // plan's error details; the mismatch detail is added by endorsement.go processEndorsement.
        PeerErrorKind.PayloadMismatch =>
            new(GrpcStatusCode.Aborted, "failed to collect enough transaction endorsements, see attached details for more info", Reason),
        _ => throw new InvalidOperationException($"Unknown peer error kind {Kind}."),
    };
}
