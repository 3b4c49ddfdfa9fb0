namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>Per-call options of <see cref="GrpcClient"/>.</summary>
public sealed record GrpcCallOptions
{
    /// <summary>Gets the default options: no deadline, no metadata, 4 MiB limits.</summary>
    public static GrpcCallOptions Default { get; } = new();

    /// <summary>
    /// Gets the relative deadline. It is sent as <c>grpc-timeout</c> (PROTOCOL-HTTP2.md "Requests") and enforced
    /// locally: when it passes the call is cancelled (RST_STREAM) and fails with DEADLINE_EXCEEDED.
    /// <see langword="null"/> means no deadline. If both this and <see cref="Deadline"/> are set, the earlier wins.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the absolute deadline (compared with the client's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>
    /// Gets extra request metadata. Names must match PROTOCOL-HTTP2.md <c>Header-Name</c> (lower-case, not
    /// <c>grpc-</c>); values must be printable ASCII, and a value of a <c>-bin</c> name must already be base64.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Gets the largest response message accepted (default 4 MiB); larger fails with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; init; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Gets the largest request message sent (default 4 MiB); larger fails with RESOURCE_EXHAUSTED before sending.</summary>
    public int MaxSendMessageSize { get; init; } = GrpcProtocol.DefaultMaxMessageSize;
}
