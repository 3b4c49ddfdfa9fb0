using Bridge.Adapters.Fabric.Grpc;

namespace Bridge.Simulators.Fabric.Grpc;

/// <summary>Limits and response shape of a <see cref="GrpcServer"/>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Gets or sets the largest request message accepted (default 4 MiB); larger fails with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Gets or sets the largest response message sent (default 4 MiB); larger fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>
    /// Gets or sets the response content type: <c>application/grpc</c> (grpc-go, hence a Fabric peer) by default, or
    /// <c>application/grpc+proto</c> as grpc-js answers (fabric-wire.md §3.1).
    /// </summary>
    public string ResponseContentType { get; set; } = "application/grpc";
}
