using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.IntegrationTests.Platform.Simulator;

/// <summary>A webhook delivery as received: the exact body bytes and the headers.</summary>
internal sealed record ReceivedDelivery(byte[] Body, IReadOnlyDictionary<string, string> Headers, int AnsweredStatus);

/// <summary>A local Kestrel endpoint recording every POST; the status it answers is chosen by <see cref="Status"/>.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedDelivery> _received = Channel.CreateUnbounded<ReceivedDelivery>();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Gets or sets the status of the next answers (200 by default).</summary>
    public Func<int> Status { get; set; } = () => 200;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            var status = receiver!.Status();
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Writer.TryWrite(new ReceivedDelivery(buffer.ToArray(), headers, status));
            ctx.Response.StatusCode = status;
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{address.Port}/hook"));
        return receiver;
    }

    /// <summary>The next delivery, or a failure after <paramref name="timeout"/> (real time).</summary>
    public async Task<ReceivedDelivery> NextAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>A delivery if one arrives within <paramref name="timeout"/>, else null.</summary>
    public async Task<ReceivedDelivery?> TryNextAsync(TimeSpan timeout)
    {
        try
        {
            return await NextAsync(timeout);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
