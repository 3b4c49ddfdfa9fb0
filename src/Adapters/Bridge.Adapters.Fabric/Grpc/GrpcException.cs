namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// A gRPC call ended with a non-OK status: the <c>grpc-status</c>, the percent-decoded <c>grpc-message</c> and the
/// <c>grpc-status-details-bin</c> payload (a <c>google.rpc.Status</c>) of PROTOCOL-HTTP2.md "Responses". The client
/// throws it for every failed call; a server handler throws it to fail a call with that status.
/// </summary>
public sealed class GrpcException : Exception
{
    /// <summary>Creates an exception for a call that failed with <paramref name="statusCode"/>.</summary>
    /// <param name="statusCode">The status code; must not be <see cref="GrpcStatusCode.OK"/>.</param>
    /// <param name="detail">The status message (sent as <c>grpc-message</c>).</param>
    /// <param name="details">Optional <c>google.protobuf.Any</c> details; when present they travel in
    /// <c>grpc-status-details-bin</c> as a <c>google.rpc.Status</c> with the same code and message.</param>
    /// <param name="innerException">The local cause, if any.</param>
    public GrpcException(GrpcStatusCode statusCode, string detail, IReadOnlyList<GrpcAny>? details = null, Exception? innerException = null)
        : base(FormatMessage(statusCode, detail), innerException)
    {
        if (statusCode == GrpcStatusCode.OK)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), "A GrpcException cannot carry status OK.");
        }

        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        Details = details ?? [];
        StatusDetailsBinary = Details.Count == 0
            ? ReadOnlyMemory<byte>.Empty
            : new GrpcStatusDetails((int)statusCode, Detail, Details).ToByteArray();
    }

    /// <summary>Creates an exception from a status received on the wire.</summary>
    /// <param name="statusCode">The received <c>grpc-status</c> (may be a code outside the enum's range).</param>
    /// <param name="detail">The decoded <c>grpc-message</c>.</param>
    /// <param name="statusDetailsBinary">The decoded <c>grpc-status-details-bin</c>, empty if absent.</param>
    internal GrpcException(GrpcStatusCode statusCode, string detail, ReadOnlyMemory<byte> statusDetailsBinary)
        : base(FormatMessage(statusCode, detail))
    {
        StatusCode = statusCode;
        Detail = detail;
        StatusDetailsBinary = statusDetailsBinary;
        Details = !statusDetailsBinary.IsEmpty && GrpcStatusDetails.TryParse(statusDetailsBinary.Span, out var parsed)
            ? parsed!.Details
            : [];
    }

    /// <summary>Gets the gRPC status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>Gets the status message (<c>grpc-message</c>, percent-decoded).</summary>
    public string Detail { get; }

    /// <summary>Gets the <c>google.rpc.Status</c> bytes of <c>grpc-status-details-bin</c>, empty when there were none.</summary>
    public ReadOnlyMemory<byte> StatusDetailsBinary { get; }

    /// <summary>Gets the parsed <c>google.rpc.Status.details</c>; empty when absent or not decodable.</summary>
    public IReadOnlyList<GrpcAny> Details { get; }

    /// <summary>
    /// Gets a value indicating whether retrying the call elsewhere or later can help: only
    /// <see cref="GrpcStatusCode.Unavailable"/>, which PROTOCOL-HTTP2.md uses for refused streams, GOAWAY and
    /// connection failures (no processing occurred).
    /// </summary>
    public bool IsTransient => StatusCode == GrpcStatusCode.Unavailable;

    private static string FormatMessage(GrpcStatusCode statusCode, string? detail) =>
        $"gRPC status {statusCode} ({(int)statusCode}): {detail}";
}
