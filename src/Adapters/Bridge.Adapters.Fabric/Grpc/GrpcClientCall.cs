using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// One call of <see cref="GrpcClient"/>: sends the request (headers + one Length-Prefixed-Message + END_STREAM),
/// then reads messages and the status from trailers or from a Trailers-Only response (PROTOCOL-HTTP2.md
/// "Responses"). Maps transport failures to gRPC statuses; disposing it before the end resets the stream.
/// </summary>
internal sealed class GrpcClientCall : IAsyncDisposable
{
    // CancellationTokenSource timers accept at most uint.MaxValue - 1 milliseconds (about 49 days).
    private static readonly TimeSpan MaxLocalTimer = TimeSpan.FromDays(40);

    private readonly GrpcCallOptions _options;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenSource _callSource;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private string? _messageEncoding;
    private bool _finished;

    private GrpcClientCall(GrpcCallOptions options, TimeSpan? timeout, TimeProvider timeProvider, CancellationToken callerToken)
    {
        _options = options;
        _callerToken = callerToken;
        if (timeout is { } t && t <= MaxLocalTimer)
        {
            _deadlineSource = new CancellationTokenSource(t, timeProvider);
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadlineSource.Token);
        }
        else
        {
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        }
    }

    private bool DeadlinePassed => _deadlineSource?.IsCancellationRequested == true;

    public static async Task<GrpcClientCall> StartAsync(GrpcClient client, string path, ReadOnlyMemory<byte> request, GrpcCallOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException("The path must look like /package.Service/Method (PROTOCOL-HTTP2.md \"Path\").", nameof(path));
        }

        foreach (var (name, value) in options.Headers)
        {
            if (!GrpcProtocol.IsValidCustomMetadataName(name) || !GrpcProtocol.IsValidAsciiValue(value))
            {
                throw new ArgumentException($"Invalid or reserved gRPC metadata '{name}'.", nameof(options));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (request.Length > options.MaxSendMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"Sending message larger than max ({request.Length} vs. {options.MaxSendMessageSize}).");
        }

        var timeout = options.Timeout;
        if (options.Deadline is { } deadline)
        {
            var remaining = deadline - client.TimeProvider.GetUtcNow();
            timeout = timeout is { } t && t < remaining ? t : remaining;
        }

        if (timeout is { } expired && expired <= TimeSpan.Zero)
        {
            throw new GrpcException(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded before the call started.");
        }

        var call = new GrpcClientCall(options, timeout, client.TimeProvider, cancellationToken);
        try
        {
            await call.SendAsync(client, path, request, timeout);
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the next message; <see langword="null"/> after an OK status. Throws for any other status.</summary>
    public async ValueTask<byte[]?> ReadMessageAsync()
    {
        if (_finished)
        {
            return null;
        }

        var message = await GuardAsync(token => GrpcFraming.ReadMessageAsync(_body!, _options.MaxReceiveMessageSize, _messageEncoding, token));
        if (message is not null)
        {
            return message;
        }

        _finished = true;
        var status = ReadStatus(_response!.TrailingHeaders)
            ?? throw new GrpcException(GrpcStatusCode.Internal, "The response ended without a grpc-status trailer.");
        ThrowIfNotOk(status);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_body is not null)
        {
            await _body.DisposeAsync();
        }

        _response?.Dispose();
        _request?.Dispose();
        _callSource.Dispose();
        _deadlineSource?.Dispose();
    }

    private async Task SendAsync(GrpcClient client, string path, ReadOnlyMemory<byte> request, TimeSpan? timeout)
    {
        // Kept until the call is disposed: the request body may still be in flight when response headers arrive.
        var message = _request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseAddress, path))
        {
            // HTTP/2 only: prior knowledge for http://, ALPN h2 for https:// (see GrpcHttpHandler).
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFraming.Frame(request.Span)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);

        // Call-Definition headers first, then Custom-Metadata (PROTOCOL-HTTP2.md "Requests").
        if (timeout is { } t)
        {
            message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(t));
        }

        message.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        message.Headers.UserAgent.Add(GrpcClient.UserAgentValue);
        message.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, "identity");
        foreach (var (name, value) in _options.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        _response = await GuardAsync(token => new ValueTask<HttpResponseMessage>(
            client.HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token)));

        var headerStatus = ReadStatus(_response.Headers);
        if (_response.StatusCode != HttpStatusCode.OK && headerStatus is null)
        {
            // http-grpc-status-mapping.md: only for responses without grpc-status.
            throw new GrpcException(GrpcProtocol.FromHttpStatus(_response.StatusCode), $"Bad gRPC response: HTTP status {(int)_response.StatusCode}.");
        }

        if (headerStatus is { } trailersOnly)
        {
            // Trailers-Only: the status travels in the single HEADERS frame with END_STREAM.
            _finished = true;
            ThrowIfNotOk(trailersOnly);
            return;
        }

        var contentType = _response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"Bad gRPC response: content type '{contentType}'.");
        }

        _messageEncoding = _response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings) ? encodings.FirstOrDefault() : null;
        _body = await GuardAsync(token => new ValueTask<Stream>(_response.Content.ReadAsStreamAsync(token)));
    }

    private void ThrowIfNotOk((GrpcStatusCode Code, string Message, byte[] Details) status)
    {
        if (status.Code == GrpcStatusCode.OK)
        {
            return;
        }

        // PROTOCOL-HTTP2.md "Client Cancellation": CANCELLED after our deadline passed is reported as DEADLINE_EXCEEDED.
        if (status.Code == GrpcStatusCode.Cancelled && DeadlinePassed)
        {
            throw DeadlineExceeded(null);
        }

        throw new GrpcException(status.Code, status.Message, status.Details);
    }

    private async ValueTask<T> GuardAsync<T>(Func<CancellationToken, ValueTask<T>> operation)
    {
        try
        {
            return await operation(_callSource.Token);
        }
        catch (OperationCanceledException) when (_callerToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (DeadlinePassed)
        {
            throw DeadlineExceeded(ex);
        }
        catch (HttpProtocolException ex)
        {
            throw FromProtocolError(ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is HttpProtocolException inner)
        {
            throw FromProtocolError(inner);
        }
        catch (HttpRequestException ex)
        {
            // PROTOCOL-HTTP2.md "Connection failure": calls fail with UNAVAILABLE.
            throw new GrpcException(GrpcStatusCode.Unavailable, $"Error connecting to the server: {ex.Message}", null, ex);
        }
        catch (IOException ex)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, $"Connection failure: {ex.Message}", null, ex);
        }
    }

    private GrpcException FromProtocolError(HttpProtocolException ex)
    {
        var code = GrpcProtocol.FromHttp2ErrorCode(ex.ErrorCode);
        return code == GrpcStatusCode.Cancelled && DeadlinePassed
            ? DeadlineExceeded(ex)
            : new GrpcException(code, $"The HTTP/2 stream was reset (error code {ex.ErrorCode}).", null, ex);
    }

    private static GrpcException DeadlineExceeded(Exception? inner) =>
        new(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.", null, inner);

    /// <summary>Reads grpc-status, grpc-message and grpc-status-details-bin from headers or trailers.</summary>
    internal static (GrpcStatusCode Code, string Message, byte[] Details)? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            return null;
        }

        var statusText = string.Join(",", statusValues);
        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? GrpcPercentEncoding.Decode(string.Join(",", messageValues))
            : string.Empty;
        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return (GrpcStatusCode.Unknown, $"Invalid grpc-status '{statusText}'. {message}".TrimEnd(), []);
        }

        var details = headers.TryGetValues(GrpcProtocol.StatusDetailsHeader, out var detailValues)
            && GrpcProtocol.TryDecodeBinaryHeader(string.Join(",", detailValues), out var decoded)
            ? decoded
            : [];
        return ((GrpcStatusCode)code, message, details);
    }
}
