using System.Text;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>The Gateway RPC that failed (fabric-wire.md §1.1).</summary>
public enum FabricGatewayOperation
{
    /// <summary><c>/gateway.Gateway/Evaluate</c>.</summary>
    Evaluate = 0,

    /// <summary><c>/gateway.Gateway/Endorse</c>.</summary>
    Endorse = 1,

    /// <summary><c>/gateway.Gateway/Submit</c>.</summary>
    Submit = 2,

    /// <summary><c>/gateway.Gateway/CommitStatus</c>.</summary>
    CommitStatus = 3,

    /// <summary><c>/gateway.Gateway/ChaincodeEvents</c>.</summary>
    ChaincodeEvents = 4,
}

/// <summary>
/// One <c>gateway.ErrorDetail</c> (fabric-wire.md §1.2 "Error model"): which peer or orderer failed and why, for
/// example the chaincode's error message from an endorsing peer.
/// </summary>
/// <param name="Address">The node's address, for example <c>peer0.org1.example.com:7051</c>.</param>
/// <param name="MspId">The node's MSP id.</param>
/// <param name="Message">The node's error message.</param>
public sealed record FabricErrorDetail(string Address, string MspId, string Message)
{
    /// <summary>The detail as one line: <c>MspId (Address): Message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{MspId} ({Address}): {Message}";
}

/// <summary>
/// A Gateway RPC failed with a gRPC status (fabric-wire.md §1.2 "Error model", §3.2): the status code, the status
/// message and the <c>gateway.ErrorDetail</c> list carried in <c>grpc-status-details-bin</c>. <see cref="Kind"/> says
/// which step failed, as the official client's EndorseError / SubmitError / CommitStatusError do.
/// </summary>
public sealed class FabricGatewayException : Exception
{
    /// <summary>Creates an exception from a failed gRPC call.</summary>
    /// <param name="kind">The RPC that failed.</param>
    /// <param name="transactionId">The transaction concerned, if any.</param>
    /// <param name="inner">The gRPC failure.</param>
    public FabricGatewayException(FabricGatewayOperation kind, string? transactionId, GrpcException inner)
        : this(kind, transactionId, inner?.StatusCode ?? throw new ArgumentNullException(nameof(inner)), inner.Detail, ParseDetails(inner.Details), inner)
    {
    }

    /// <summary>Creates an exception for a response the client cannot use (for example no chaincode response).</summary>
    /// <param name="kind">The RPC whose response was unusable.</param>
    /// <param name="transactionId">The transaction concerned, if any.</param>
    /// <param name="statusCode">The status to report.</param>
    /// <param name="statusMessage">What was wrong.</param>
    /// <param name="details">Error details, if any.</param>
    /// <param name="innerException">The local cause, if any.</param>
    public FabricGatewayException(
        FabricGatewayOperation kind,
        string? transactionId,
        GrpcStatusCode statusCode,
        string statusMessage,
        IReadOnlyList<FabricErrorDetail>? details = null,
        Exception? innerException = null)
        : base(FormatMessage(kind, statusCode, statusMessage, details ?? []), innerException)
    {
        Kind = kind;
        TransactionId = transactionId;
        StatusCode = statusCode;
        StatusMessage = statusMessage ?? string.Empty;
        Details = details ?? [];
    }

    /// <summary>Gets the RPC that failed.</summary>
    public FabricGatewayOperation Kind { get; }

    /// <summary>Gets the transaction id, when the call concerned one.</summary>
    public string? TransactionId { get; }

    /// <summary>Gets the gRPC status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>Gets the gRPC status message (<c>grpc-message</c>).</summary>
    public string StatusMessage { get; }

    /// <summary>Gets the <c>gateway.ErrorDetail</c> entries of the status details; empty when there were none.</summary>
    public IReadOnlyList<FabricErrorDetail> Details { get; }

    /// <summary>
    /// Gets a value indicating whether retrying can help without risk: <see cref="GrpcStatusCode.Unavailable"/>, which
    /// gRPC uses when no processing occurred (PROTOCOL-HTTP2.md) and the gateway uses when no peer or orderer is
    /// reachable (fabric-wire.md §3.2).
    /// </summary>
    public bool IsTransient => StatusCode == GrpcStatusCode.Unavailable;

    /// <summary>
    /// Decodes each <c>google.rpc.Status</c> detail as a <c>gateway.ErrorDetail</c>. Like the official client
    /// (fabric-wire.md §1.2: <c>gatewayerror.ts</c> does not check the type_url) every detail is tried; details that
    /// do not decode are skipped.
    /// </summary>
    /// <param name="details">The status details.</param>
    /// <returns>The error details.</returns>
    internal static IReadOnlyList<FabricErrorDetail> ParseDetails(IReadOnlyList<GrpcAny> details)
    {
        var result = new List<FabricErrorDetail>(details.Count);
        foreach (var any in details)
        {
            try
            {
                var detail = ErrorDetail.Parser.ParseFrom(any.Value.Span);
                result.Add(new FabricErrorDetail(detail.Address, detail.MspId, detail.Message));
            }
            catch (InvalidProtocolBufferException)
            {
                // Not an ErrorDetail; the official client would show garbage, we skip it.
            }
        }

        return result;
    }

    private static string FormatMessage(FabricGatewayOperation kind, GrpcStatusCode code, string? message, IReadOnlyList<FabricErrorDetail> details)
    {
        var text = new StringBuilder();
        text.Append(kind).Append(" failed: ").Append(code).Append(" (").Append((int)code).Append("): ").Append(message);
        foreach (var detail in details)
        {
            text.Append("; ").Append(detail);
        }

        return text.ToString();
    }
}

/// <summary>
/// A submitted transaction was committed with a validation code other than <c>VALID</c>, so its writes did not take
/// effect (fabric-wire.md §2.2 "Commit": the official client throws CommitError the same way).
/// </summary>
public sealed class FabricCommitException : Exception
{
    /// <summary>Creates the exception from a commit status.</summary>
    /// <param name="status">The commit status; its code must not be <c>VALID</c>.</param>
    public FabricCommitException(FabricCommitStatus status)
        : base($"Transaction {status?.TransactionId} failed to commit with validation code {status?.Code} ({(int)(status?.Code ?? 0)}) in block {status?.BlockNumber}.")
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
    }

    /// <summary>Gets the commit status.</summary>
    public FabricCommitStatus Status { get; }

    /// <summary>Gets the transaction id.</summary>
    public string TransactionId => Status.TransactionId;

    /// <summary>Gets the validation code the committing peer gave the transaction.</summary>
    public TxValidationCode ValidationCode => Status.Code;

    /// <summary>Gets the block that holds the (invalid) transaction.</summary>
    public ulong BlockNumber => Status.BlockNumber;
}
