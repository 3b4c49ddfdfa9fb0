using System.Net;
using System.Net.Http.Headers;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Simulators.Fabric.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bridge.IntegrationTests.Fabric.Grpc;

/// <summary>
/// <see cref="GrpcClient"/> against <see cref="GrpcServer"/> on a real Kestrel HTTP/2 socket (h2c on 127.0.0.1),
/// plus raw HTTP/2 requests that look at the response shapes of PROTOCOL-HTTP2.md and fabric-wire.md §3.1.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GrpcClientServerTests
{
    private const string Echo = "/test.Echo/Reverse";
    private const string Stream = "/test.Echo/Count";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task UnaryAsync_HandlerReplies_ClientGetsReplyAndServerSeesCallHeaders()
    {
        GrpcServerCallContext? seen = null;
        string? te = null, contentType = null, org = null, protocol = null;
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (request, context) =>
        {
            seen = context;
            te = context.RequestHeaders["te"];
            contentType = context.RequestHeaders.ContentType;
            org = context.RequestHeaders["x-org"];
            protocol = context.HttpContext.Request.Protocol;
            return Task.FromResult(request.ToArray().Reverse().ToArray());
        }));

        var reply = await fixture.Client.UnaryAsync(Echo, new byte[] { 1, 2, 3 }, new GrpcCallOptions { Headers = [new("x-org", "carrier")] }, Ct);

        reply.ShouldBe(new byte[] { 3, 2, 1 });
        te.ShouldBe("trailers");
        contentType.ShouldBe("application/grpc");
        org.ShouldBe("carrier");
        seen!.Method.ShouldBe(Echo);
        seen.Deadline.ShouldBeNull();
        seen.Peer.ShouldStartWith("ipv4:127.0.0.1:");
        protocol.ShouldBe("HTTP/2");
    }

    [Fact]
    public async Task UnaryAsync_HandlerThrowsWithDetails_ClientReadsCodeMessageAndDetailsFromTrailersOnly()
    {
        const string Message = "evaluate call to endorser returned error: chaincode response 500, 100% ä";
        var detail = new GrpcAny("type.googleapis.com/gateway.ErrorDetail", new byte[] { 0x0A, 0x02, 0x70, 0x30 });
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (_, _) =>
            throw new GrpcException(GrpcStatusCode.Unknown, Message, [detail])));

        var ex = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync(Echo, new byte[] { 1 }, null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Unknown);
        ex.Detail.ShouldBe(Message);
        ex.Details.Single().TypeUrl.ShouldBe(detail.TypeUrl);
        ex.Details.Single().Value.ToArray().ShouldBe(detail.Value.ToArray());

        // The raw shape: status in the (only) HEADERS frame, no body, un-padded base64, percent-encoded message.
        using var raw = await fixture.RawAsync(Echo, "application/grpc", GrpcFraming.Frame([1]));
        raw.StatusCode.ShouldBe(HttpStatusCode.OK);
        raw.Headers.GetValues("grpc-status").Single().ShouldBe("2");
        raw.Headers.GetValues("grpc-message").Single().ShouldBe("evaluate call to endorser returned error: chaincode response 500, 100%25 %C3%A4");
        raw.Headers.GetValues("grpc-status-details-bin").Single().ShouldNotEndWith("=");
        (await raw.Content.ReadAsByteArrayAsync(Ct)).ShouldBeEmpty();
        raw.TrailingHeaders.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnaryAsync_Success_StatusZeroTravelsInTrailers()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (r, _) => Task.FromResult(r.ToArray())));

        using var raw = await fixture.RawAsync(Echo, "application/grpc", GrpcFraming.Frame([9, 8]));

        raw.Content.Headers.ContentType!.MediaType.ShouldBe("application/grpc");
        raw.Headers.Contains("grpc-status").ShouldBeFalse();
        (await raw.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(new byte[] { 0, 0, 0, 0, 2, 9, 8 });
        raw.TrailingHeaders.GetValues("grpc-status").Single().ShouldBe("0");
    }

    [Fact]
    public async Task ServerStreamingAsync_FiftyMessages_AllReceivedInOrder()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapServerStreaming(Stream, async (request, context, writer) =>
        {
            for (var i = 0; i < request.Span[0]; i++)
            {
                await writer.WriteAsync(Enumerable.Repeat((byte)i, i * 37).ToArray(), context.CancellationToken);
            }
        }));

        var received = new List<byte[]>();
        await foreach (var message in fixture.Client.ServerStreamingAsync(Stream, new byte[] { 50 }, null, Ct))
        {
            received.Add(message);
        }

        received.Count.ShouldBe(50);
        for (var i = 0; i < 50; i++)
        {
            received[i].ShouldBe(Enumerable.Repeat((byte)i, i * 37).ToArray());
        }
    }

    [Fact]
    public async Task ServerStreamingAsync_ErrorAfterAMessage_MessageThenStatusFromTrailers()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapServerStreaming(Stream, async (_, context, writer) =>
        {
            await writer.WriteAsync(new byte[] { 42 }, context.CancellationToken);
            throw new GrpcException(GrpcStatusCode.Aborted, "failed to endorse transaction, see attached details for more info",
                [new GrpcAny("type.googleapis.com/gateway.ErrorDetail", new byte[] { 1 })]);
        }));

        var received = new List<byte[]>();
        var ex = await Should.ThrowAsync<GrpcException>(async () =>
        {
            await foreach (var message in fixture.Client.ServerStreamingAsync(Stream, new byte[] { 0 }, null, Ct))
            {
                received.Add(message);
            }
        });

        received.Single().ShouldBe(new byte[] { 42 });
        ex.StatusCode.ShouldBe(GrpcStatusCode.Aborted);
        ex.Detail.ShouldBe("failed to endorse transaction, see attached details for more info");
        ex.Details.Single().Value.ToArray().ShouldBe(new byte[] { 1 });

        using var raw = await fixture.RawAsync(Stream, "application/grpc", GrpcFraming.Frame([0]));
        raw.Headers.Contains("grpc-status").ShouldBeFalse();
        (await raw.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(new byte[] { 0, 0, 0, 0, 1, 42 });
        raw.TrailingHeaders.GetValues("grpc-status").Single().ShouldBe("10");
        raw.TrailingHeaders.GetValues("grpc-message").Single().ShouldBe("failed to endorse transaction, see attached details for more info");
        raw.TrailingHeaders.Contains("grpc-status-details-bin").ShouldBeTrue();
    }

    [Fact]
    public async Task ServerStreamingAsync_ErrorWithoutDetailsAfterAMessage_MessagePercentDecodedFromTheGrpcMessageTrailer()
    {
        // No grpc-status-details-bin: the grpc-message trailer is the only place the text travels.
        const string Message = "ledger iterator failed: 100% of ä blocks";
        await using var fixture = await Fixture.StartAsync(server => server.MapServerStreaming(Stream, async (_, context, writer) =>
        {
            await writer.WriteAsync(new byte[] { 7 }, context.CancellationToken);
            throw new GrpcException(GrpcStatusCode.Aborted, Message);
        }));

        var received = new List<byte[]>();
        var ex = await Should.ThrowAsync<GrpcException>(async () =>
        {
            await foreach (var message in fixture.Client.ServerStreamingAsync(Stream, new byte[] { 0 }, null, Ct))
            {
                received.Add(message);
            }
        });

        received.Single().ShouldBe(new byte[] { 7 });
        ex.StatusCode.ShouldBe(GrpcStatusCode.Aborted);
        ex.Detail.ShouldBe(Message);
        ex.StatusDetailsBinary.IsEmpty.ShouldBeTrue();

        using var raw = await fixture.RawAsync(Stream, "application/grpc", GrpcFraming.Frame([0]));
        raw.TrailingHeaders.GetValues("grpc-message").Single().ShouldBe("ledger iterator failed: 100%25 of %C3%A4 blocks");
        raw.TrailingHeaders.Contains("grpc-status-details-bin").ShouldBeFalse();
    }

    [Fact]
    public async Task ServerStreamingAsync_ClientCancels_ServerHandlerTokenFires()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await Fixture.StartAsync(server => server.MapServerStreaming(Stream, async (_, context, writer) =>
        {
            using var registration = context.CancellationToken.Register(() => handlerCancelled.TrySetResult());
            await writer.WriteAsync(new byte[] { 1 }, context.CancellationToken);
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var message in fixture.Client.ServerStreamingAsync(Stream, new byte[] { 0 }, null, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        await handlerCancelled.Task.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task ServerStreamingAsync_ConsumerStopsEarly_ServerHandlerTokenFires()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await Fixture.StartAsync(server => server.MapServerStreaming(Stream, async (_, context, writer) =>
        {
            using var registration = context.CancellationToken.Register(() => handlerCancelled.TrySetResult());
            await writer.WriteAsync(new byte[] { 1 }, context.CancellationToken);
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }));

        await foreach (var message in fixture.Client.ServerStreamingAsync(Stream, new byte[] { 0 }, null, Ct))
        {
            break; // disposing the enumerator resets the stream (RST_STREAM)
        }

        await handlerCancelled.Task.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task UnaryAsync_DeadlineExceeded_ClientFailsAndServerTokenFires()
    {
        var handlerCancelled = new TaskCompletionSource<DateTimeOffset?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, async (_, context) =>
        {
            using var registration = context.CancellationToken.Register(() => handlerCancelled.TrySetResult(context.Deadline));
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return [];
        }));

        var ex = await Should.ThrowAsync<GrpcException>(() =>
            fixture.Client.UnaryAsync(Echo, new byte[] { 1 }, new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(300) }, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.DeadlineExceeded);
        (await handlerCancelled.Task.WaitAsync(Patience, Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Server_GrpcTimeoutPasses_AnswersDeadlineExceededOnItsOwn()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, async (_, context) =>
        {
            using var registration = context.CancellationToken.Register(() => handlerCancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return [];
        }));

        // A raw client with no local timer: only the server's deadline can end this call.
        using var raw = await fixture.RawAsync(Echo, "application/grpc", GrpcFraming.Frame([1]), ("grpc-timeout", "200m"));

        raw.Headers.GetValues("grpc-status").Single().ShouldBe("4");
        await handlerCancelled.Task.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task UnaryAsync_DeadlineAlreadyPassed_FailsWithoutCallingTheServer()
    {
        var called = false;
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (r, _) =>
        {
            called = true;
            return Task.FromResult(r.ToArray());
        }));

        var ex = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync(Echo, new byte[] { 1 },
            new GrpcCallOptions { Deadline = TimeProvider.System.GetUtcNow().AddSeconds(-1) }, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.DeadlineExceeded);
        called.ShouldBeFalse();
    }

    [Fact]
    public async Task UnaryAsync_UnknownMethod_Unimplemented()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (r, _) => Task.FromResult(r.ToArray())));

        var ex = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync("/gateway.Gateway/Nope", new byte[] { 1 }, null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Unimplemented);
        ex.Detail.ShouldContain("/gateway.Gateway/Nope");
    }

    [Fact]
    public async Task UnaryAsync_ServerAnswersGrpcProtoContentType_Accepted()
    {
        await using var fixture = await Fixture.StartAsync(
            server =>
            {
                server.MapUnary(Echo, (r, _) => Task.FromResult(r.ToArray()));
                server.MapUnary("/test.Echo/Fail", (_, _) => throw new GrpcException(GrpcStatusCode.NotFound, "missing"));
            },
            new GrpcServerOptions { ResponseContentType = "application/grpc+proto" });

        (await fixture.Client.UnaryAsync(Echo, new byte[] { 5 }, null, Ct)).ShouldBe(new byte[] { 5 });
        (await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync("/test.Echo/Fail", new byte[] { 5 }, null, Ct)))
            .StatusCode.ShouldBe(GrpcStatusCode.NotFound);
        using var raw = await fixture.RawAsync(Echo, "application/grpc", GrpcFraming.Frame([5]));
        raw.Content.Headers.ContentType!.MediaType.ShouldBe("application/grpc+proto");
    }

    [Fact]
    public async Task Server_ContentTypeNotGrpc_Http415()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (r, _) => Task.FromResult(r.ToArray())));

        using var raw = await fixture.RawAsync(Echo, "application/json", GrpcFraming.Frame([1]));

        raw.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnaryAsync_RequestAboveServerLimit_ResourceExhausted()
    {
        var called = false;
        await using var fixture = await Fixture.StartAsync(
            server => server.MapUnary(Echo, (r, _) =>
            {
                called = true;
                return Task.FromResult(r.ToArray());
            }),
            new GrpcServerOptions { MaxReceiveMessageSize = 1024 });

        (await fixture.Client.UnaryAsync(Echo, new byte[1024], null, Ct)).Length.ShouldBe(1024);
        called = false;
        var ex = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync(Echo, new byte[1025], null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
        called.ShouldBeFalse();
    }

    [Fact]
    public async Task UnaryAsync_ReplyAboveClientLimit_ResourceExhausted()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (_, _) => Task.FromResult(new byte[2048])));

        var ex = await Should.ThrowAsync<GrpcException>(() =>
            fixture.Client.UnaryAsync(Echo, new byte[] { 1 }, new GrpcCallOptions { MaxReceiveMessageSize = 2047 }, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task UnaryAsync_RequestAboveClientSendLimit_FailsBeforeSending()
    {
        var called = false;
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (r, _) =>
        {
            called = true;
            return Task.FromResult(r.ToArray());
        }));

        var ex = await Should.ThrowAsync<GrpcException>(() =>
            fixture.Client.UnaryAsync(Echo, new byte[11], new GrpcCallOptions { MaxSendMessageSize = 10 }, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
        called.ShouldBeFalse();
    }

    [Fact]
    public async Task UnaryAsync_HandlerBug_UnknownWithoutLeakingTheExceptionText()
    {
        await using var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (_, _) =>
            throw new InvalidOperationException("secret internals")));

        var ex = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync(Echo, new byte[] { 1 }, null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Unknown);
        ex.Detail.ShouldNotContain("secret");
    }

    [Fact]
    public async Task UnaryAsync_HttpErrorWithoutGrpcStatus_MappedFromHttpStatus()
    {
        await using var fixture = await Fixture.StartAsync(
            server => server.MapUnary(Echo, (r, _) => Task.FromResult(r.ToArray())),
            configureApplication: app => app.Use((context, next) =>
            {
                if (context.Request.Path == "/test.Proxy/Busy")
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return Task.CompletedTask;
                }

                return next(context);
            }));

        var ex = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync("/test.Proxy/Busy", new byte[] { 1 }, null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
        ex.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task UnaryAsync_NobodyListening_UnavailableAndTransient()
    {
        Uri address;
        await using (var fixture = await Fixture.StartAsync(server => server.MapUnary(Echo, (r, _) => Task.FromResult(r.ToArray()))))
        {
            address = fixture.Host.BaseAddress;
        }

        using var handler = GrpcHttpHandler.Create();
        using var client = new GrpcClient(handler, address);
        var ex = await Should.ThrowAsync<GrpcException>(() => client.UnaryAsync(Echo, new byte[] { 1 }, null, Ct));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
        ex.IsTransient.ShouldBeTrue();
    }

    /// <summary>A started host, a <see cref="GrpcClient"/> for it and a raw HTTP/2 client for wire checks.</summary>
    internal sealed class Fixture : IAsyncDisposable
    {
        private readonly SocketsHttpHandler _handler;

        private Fixture(GrpcServerHost host, SocketsHttpHandler handler)
        {
            Host = host;
            _handler = handler;
            Client = new GrpcClient(handler, host.BaseAddress);
            Raw = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        }

        public GrpcServerHost Host { get; }

        public GrpcClient Client { get; }

        public HttpClient Raw { get; }

        public static async Task<Fixture> StartAsync(Action<GrpcServer> map, GrpcServerOptions? options = null, Action<WebApplication>? configureApplication = null)
        {
            var server = new GrpcServer(options);
            map(server);
            var host = await GrpcServerHost.StartAsync(server, new GrpcServerHostOptions
            {
                ConfigureBuilder = builder => builder.Logging.ClearProviders(),
                ConfigureApplication = configureApplication,
            }, Ct);
            return new Fixture(host, GrpcHttpHandler.Create());
        }

        /// <summary>Sends one hand-made gRPC request and returns the response with its body buffered.</summary>
        public async Task<HttpResponseMessage> RawAsync(string path, string contentType, byte[] body, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.BaseAddress, path))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var response = await Raw.SendAsync(request, HttpCompletionOption.ResponseContentRead, Ct);
            return response;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Raw.Dispose();
            _handler.Dispose();
            await Host.DisposeAsync();
        }
    }
}
