namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>
/// Per-call deadlines of a <see cref="FabricGateway"/>. Each is sent as <c>grpc-timeout</c> and enforced locally
/// (PROTOCOL-HTTP2.md "Requests"; see <see cref="Grpc.GrpcCallOptions.Timeout"/>). <see langword="null"/> means no deadline.
/// </summary>
public sealed record FabricGatewayOptions
{
    /// <summary>Gets the deadline of an Evaluate call (default 5 s).</summary>
    public TimeSpan? EvaluateTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the deadline of an Endorse call (default 15 s: it runs the chaincode on several peers).</summary>
    public TimeSpan? EndorseTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the deadline of a Submit call (default 5 s).</summary>
    public TimeSpan? SubmitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the deadline of a CommitStatus call, which waits for the commit (default 1 min).</summary>
    public TimeSpan? CommitStatusTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the clock for proposal timestamps; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
