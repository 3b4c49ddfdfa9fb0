using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// A gRPC client over <see cref="HttpClient"/> (gRPC over HTTP/2, grpc/grpc doc/PROTOCOL-HTTP2.md) for unary and
/// server-streaming calls carrying raw protobuf message bytes. Failed calls throw <see cref="GrpcException"/>;
/// cancellation through the caller's token throws <see cref="OperationCanceledException"/> and resets the HTTP/2
/// stream (RST_STREAM CANCEL, PROTOCOL-HTTP2.md "Client Cancellation"). Thread-safe.
/// </summary>
public sealed class GrpcClient : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("grpc-dotnet-bridge", "1.0");

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly Uri _baseAddress;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client over a caller-owned <see cref="HttpClient"/>.</summary>
    /// <param name="httpClient">The client; its <see cref="HttpClient.Timeout"/> limits the wait for response headers,
    /// so use <see cref="Timeout.InfiniteTimeSpan"/> and per-call deadlines instead.</param>
    /// <param name="baseAddress">The server, <c>http://host:port</c> (h2c) or <c>https://host:port</c> (TLS, ALPN h2).</param>
    /// <param name="timeProvider">The clock for deadlines; <see cref="TimeProvider.System"/> when null.</param>
    public GrpcClient(HttpClient httpClient, Uri baseAddress, TimeProvider? timeProvider = null)
        : this(httpClient, ownsHttpClient: false, baseAddress, timeProvider)
    {
    }

    /// <summary>Creates a client over a caller-owned handler (see <see cref="GrpcHttpHandler.Create"/>).</summary>
    /// <param name="handler">The handler; not disposed by this client.</param>
    /// <param name="baseAddress">The server, <c>http://host:port</c> (h2c) or <c>https://host:port</c> (TLS, ALPN h2).</param>
    /// <param name="timeProvider">The clock for deadlines; <see cref="TimeProvider.System"/> when null.</param>
    public GrpcClient(HttpMessageHandler handler, Uri baseAddress, TimeProvider? timeProvider = null)
        : this(new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, ownsHttpClient: true, baseAddress, timeProvider)
    {
    }

    private GrpcClient(HttpClient httpClient, bool ownsHttpClient, Uri baseAddress, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The base address must be an absolute http:// or https:// URI.", nameof(baseAddress));
        }

        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _baseAddress = baseAddress;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the server address.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>Makes a unary call: one request message, exactly one response message.</summary>
    /// <param name="path">The HTTP/2 <c>:path</c>, for example <c>/gateway.Gateway/Evaluate</c> (fabric-wire.md §1.1).</param>
    /// <param name="request">The serialized request message.</param>
    /// <param name="options">Deadline, metadata and size limits; <see cref="GrpcCallOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The serialized response message.</returns>
    /// <exception cref="GrpcException">The call ended with a non-OK status (received or synthesized).</exception>
    public async Task<byte[]> UnaryAsync(string path, ReadOnlyMemory<byte> request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var call = await GrpcClientCall.StartAsync(this, path, request, options ?? GrpcCallOptions.Default, cancellationToken);
        var response = await call.ReadMessageAsync();
        if (response is null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "The server returned OK without a response message for a unary call.");
        }

        if (await call.ReadMessageAsync() is not null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "The server returned more than one response message for a unary call.");
        }

        return response;
    }

    /// <summary>
    /// Makes a server-streaming call. The request is sent when enumeration starts; each element is one response
    /// message; enumeration ends when the server sends OK and throws <see cref="GrpcException"/> otherwise. Stopping
    /// early (breaking out, disposing the enumerator or cancelling) resets the stream.
    /// </summary>
    /// <param name="path">The HTTP/2 <c>:path</c>, for example <c>/gateway.Gateway/ChaincodeEvents</c>.</param>
    /// <param name="request">The serialized request message.</param>
    /// <param name="options">Deadline (covering the whole stream), metadata and size limits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response messages.</returns>
    public async IAsyncEnumerable<byte[]> ServerStreamingAsync(string path, ReadOnlyMemory<byte> request, GrpcCallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var call = await GrpcClientCall.StartAsync(this, path, request, options ?? GrpcCallOptions.Default, cancellationToken);
        while (await call.ReadMessageAsync() is { } message)
        {
            yield return message;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    internal HttpClient HttpClient => _httpClient;

    internal TimeProvider TimeProvider => _timeProvider;

    internal static ProductInfoHeaderValue UserAgentValue => UserAgent;
}
