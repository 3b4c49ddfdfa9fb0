using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Bridge.Simulators.Fabric.Grpc;

/// <summary>What a <see cref="GrpcServer"/> handler knows about the call it serves.</summary>
public sealed class GrpcServerCallContext
{
    internal GrpcServerCallContext(HttpContext httpContext, string method, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        var connection = httpContext.Connection;
        Peer = connection.RemoteIpAddress switch
        {
            null => "unknown",
            { AddressFamily: AddressFamily.InterNetworkV6 } v6 => $"ipv6:[{v6}]:{connection.RemotePort}",
            var v4 => $"ipv4:{v4}:{connection.RemotePort}",
        };
    }

    /// <summary>Gets the full method path, for example <c>/gateway.Gateway/Evaluate</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the request headers (custom metadata and the call-definition headers).</summary>
    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    /// <summary>Gets the deadline from the request's <c>grpc-timeout</c>, or <see langword="null"/> when none was sent
    /// (PROTOCOL-HTTP2.md: "If Timeout is omitted a server should assume an infinite timeout").</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Gets the token that fires when the client cancels (RST_STREAM), the connection drops, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the peer in gRPC's notation, for example <c>ipv4:127.0.0.1:50123</c>.</summary>
    public string Peer { get; }

    /// <summary>Gets the ASP.NET Core context, valid only while the handler runs (for example the TLS client certificate).</summary>
    public HttpContext HttpContext { get; }
}
