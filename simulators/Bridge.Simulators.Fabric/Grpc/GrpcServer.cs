using System.Collections.Concurrent;
using System.Globalization;
using Bridge.Adapters.Fabric.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Simulators.Fabric.Grpc;

/// <summary>
/// A minimal gRPC server on ASP.NET Core (gRPC over HTTP/2, grpc/grpc doc/PROTOCOL-HTTP2.md): routes by
/// <c>:path</c> to unary and server-streaming handlers over raw message bytes, and writes
/// <c>:status 200</c> + content type + Length-Prefixed-Messages + <c>grpc-status</c> trailers, or a Trailers-Only
/// response for an error before the first message (fabric-wire.md §3.1 "Server response shapes"). Handlers fail a call
/// by throwing <see cref="GrpcException"/>; its details travel in <c>grpc-status-details-bin</c>.
/// Mount it with <see cref="GrpcServerApplicationBuilderExtensions.UseGrpcServer"/>.
/// </summary>
public sealed partial class GrpcServer
{
    // CancellationTokenSource timers accept at most uint.MaxValue - 1 milliseconds (about 49 days).
    private static readonly TimeSpan MaxLocalTimer = TimeSpan.FromDays(40);

    private readonly ConcurrentDictionary<string, Method> _methods = new(StringComparer.Ordinal);
    private readonly GrpcServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a server with no methods.</summary>
    /// <param name="options">Limits and response content type; defaults when null.</param>
    /// <param name="timeProvider">The clock for deadlines; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logs handler failures (never message contents).</param>
    public GrpcServer(GrpcServerOptions? options = null, TimeProvider? timeProvider = null, ILogger<GrpcServer>? logger = null)
    {
        _options = options ?? new GrpcServerOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Registers a unary method (one request, one response).</summary>
    /// <param name="path">The full path, for example <c>/gateway.Gateway/Evaluate</c> (fabric-wire.md §1.1).</param>
    /// <param name="handler">Returns the serialized response, or throws <see cref="GrpcException"/>.</param>
    public void MapUnary(string path, Func<ReadOnlyMemory<byte>, GrpcServerCallContext, Task<byte[]>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Register(path, new Method(handler, null));
    }

    /// <summary>Registers a server-streaming method (one request, any number of responses).</summary>
    /// <param name="path">The full path, for example <c>/gateway.Gateway/ChaincodeEvents</c>.</param>
    /// <param name="handler">Writes responses through the writer; completes for OK or throws <see cref="GrpcException"/>.</param>
    public void MapServerStreaming(string path, Func<ReadOnlyMemory<byte>, GrpcServerCallContext, IServerStreamWriter, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Register(path, new Method(null, handler));
    }

    /// <summary>Whether this server should answer the request: a registered path, or any gRPC content type (so that
    /// unknown methods get UNIMPLEMENTED rather than an HTTP 404).</summary>
    /// <param name="context">The request.</param>
    /// <returns><see langword="true"/> when <see cref="HandleAsync"/> should run.</returns>
    public bool Matches(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _methods.ContainsKey(context.Request.Path.Value ?? string.Empty)
            || (context.Request.ContentType?.StartsWith(GrpcProtocol.ContentType, StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>Serves one HTTP request as a gRPC call.</summary>
    /// <param name="context">The ASP.NET Core context.</param>
    /// <returns>A task that completes when the response was written.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        // PROTOCOL-HTTP2.md "Requests": a Content-Type that does not begin with application/grpc gets HTTP 415.
        if (!(request.ContentType?.StartsWith(GrpcProtocol.ContentType, StringComparison.OrdinalIgnoreCase) ?? false))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            // Trailers need HTTP/2; tell HTTP/1.x clients so instead of sending a status they cannot read.
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Upgrade = "h2c";
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        if (!_methods.TryGetValue(path, out var method))
        {
            WriteStatus(context, GrpcStatusCode.Unimplemented, $"Method {path} is unimplemented.", ReadOnlyMemory<byte>.Empty);
            return;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            WriteStatus(context, GrpcStatusCode.Unimplemented, $"Content type '{request.ContentType}' is not supported; use application/grpc or application/grpc+proto.", ReadOnlyMemory<byte>.Empty);
            return;
        }

        TimeSpan? timeout = null;
        if (request.Headers.TryGetValue(GrpcProtocol.TimeoutHeader, out var timeoutValues))
        {
            if (!GrpcTimeout.TryParse(timeoutValues.ToString(), out var parsed))
            {
                WriteStatus(context, GrpcStatusCode.Internal, $"Malformed grpc-timeout '{timeoutValues}'.", ReadOnlyMemory<byte>.Empty);
                return;
            }

            timeout = parsed;
        }

        // Kestrel caps request bodies at 30 MB by default; the gRPC message limit is the bound here.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var deadline = timeout is { } t ? _timeProvider.GetUtcNow() + t : (DateTimeOffset?)null;
        using var deadlineSource = timeout is { } d ? new CancellationTokenSource(d <= MaxLocalTimer ? d : MaxLocalTimer, _timeProvider) : null;
        using var callSource = deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted)
            : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadlineSource.Token);
        var token = callSource.Token;
        var writer = new StreamWriter(this, context);
        try
        {
            string? encoding = request.Headers.TryGetValue(GrpcProtocol.EncodingHeader, out var encodings) ? encodings.ToString() : null;
            var message = await ReadSingleMessageAsync(request, encoding, token);
            var callContext = new GrpcServerCallContext(context, path, deadline, token);
            if (method.Unary is { } unary)
            {
                var reply = await unary(message, callContext);
                await writer.WriteAsync(reply, token);
            }
            else
            {
                await method.ServerStreaming!(message, callContext, writer);
            }

            WriteStatus(context, GrpcStatusCode.OK, string.Empty, ReadOnlyMemory<byte>.Empty);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream or the connection dropped: nobody is left to read a status.
            LogCallAborted(_logger, path);
        }
        catch (OperationCanceledException) when (deadlineSource?.IsCancellationRequested == true)
        {
            // PROTOCOL-HTTP2.md "Client Cancellation": the server cancels the call locally when the deadline passes.
            WriteStatus(context, GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.", ReadOnlyMemory<byte>.Empty);
        }
        catch (GrpcException ex)
        {
            WriteStatus(context, ex.StatusCode, ex.Detail, ex.StatusDetailsBinary);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in a handler: report UNKNOWN without leaking the exception text to the client.
            LogHandlerFailed(_logger, path, ex);
            WriteStatus(context, GrpcStatusCode.Unknown, "Exception was thrown by handler.", ReadOnlyMemory<byte>.Empty);
        }
    }

    private void Register(string path, Method method)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/' || path.IndexOf('/', 1) < 0)
        {
            throw new ArgumentException("A gRPC path looks like /package.Service/Method (PROTOCOL-HTTP2.md \"Path\").", nameof(path));
        }

        if (!_methods.TryAdd(path, method))
        {
            throw new InvalidOperationException($"A handler for {path} is already registered.");
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadSingleMessageAsync(HttpRequest request, string? encoding, CancellationToken cancellationToken)
    {
        var message = await GrpcFraming.ReadMessageAsync(request.BodyReader, _options.MaxReceiveMessageSize, encoding, cancellationToken)
            ?? throw new GrpcException(GrpcStatusCode.Internal, "The request ended without a message.");
        if (await GrpcFraming.ReadMessageAsync(request.BodyReader, _options.MaxReceiveMessageSize, encoding, cancellationToken) is not null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "More than one request message for a unary or server-streaming method.");
        }

        return message;
    }

    /// <summary>
    /// Writes the status: into the trailers after a message, or as a Trailers-Only response (headers only; Kestrel
    /// then ends the stream on that HEADERS frame with END_STREAM) when nothing was sent yet.
    /// </summary>
    private void WriteStatus(HttpContext context, GrpcStatusCode code, string message, ReadOnlyMemory<byte> details)
    {
        var response = context.Response;
        var status = ((int)code).ToString(CultureInfo.InvariantCulture);
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = _options.ResponseContentType;
            response.Headers[GrpcProtocol.StatusHeader] = status;
            if (message.Length != 0)
            {
                response.Headers[GrpcProtocol.MessageHeader] = GrpcPercentEncoding.Encode(message);
            }

            if (!details.IsEmpty)
            {
                response.Headers[GrpcProtocol.StatusDetailsHeader] = GrpcProtocol.EncodeBinaryHeader(details.Span);
            }

            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, status);
        if (message.Length != 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcPercentEncoding.Encode(message));
        }

        if (!details.IsEmpty)
        {
            response.AppendTrailer(GrpcProtocol.StatusDetailsHeader, GrpcProtocol.EncodeBinaryHeader(details.Span));
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Error, Message = "gRPC handler for {Path} threw an unexpected exception")]
    private static partial void LogHandlerFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Debug, Message = "gRPC call {Path} aborted by the client")]
    private static partial void LogCallAborted(ILogger logger, string path);

    private sealed record Method(
        Func<ReadOnlyMemory<byte>, GrpcServerCallContext, Task<byte[]>>? Unary,
        Func<ReadOnlyMemory<byte>, GrpcServerCallContext, IServerStreamWriter, Task>? ServerStreaming);

    /// <summary>Frames response messages onto the response body; the first write sends the response headers.</summary>
    private sealed class StreamWriter(GrpcServer server, HttpContext context) : IServerStreamWriter
    {
        private int _writing;

        public async Task WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
        {
            if (message.Length > server._options.MaxSendMessageSize)
            {
                throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"Sending message larger than max ({message.Length} vs. {server._options.MaxSendMessageSize}).");
            }

            if (Interlocked.Exchange(ref _writing, 1) != 0)
            {
                throw new InvalidOperationException("Overlapping writes on a gRPC response stream.");
            }

            try
            {
                var response = context.Response;
                if (!response.HasStarted)
                {
                    response.StatusCode = StatusCodes.Status200OK;
                    response.ContentType = server._options.ResponseContentType;
                }

                GrpcFraming.Write(response.BodyWriter, message.Span);
                await response.BodyWriter.FlushAsync(cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }
    }
}
