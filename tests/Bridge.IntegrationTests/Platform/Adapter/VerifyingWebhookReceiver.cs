using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Bridge.Adapters.Platform.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>One POST as received and judged: the exact body, the headers, the verification and the answered status.</summary>
internal sealed record JudgedDelivery(byte[] Body, IReadOnlyDictionary<string, string> Headers, WebhookVerification Verification, int Status);

/// <summary>
/// A local webhook endpoint that does what docs/platform.md asks of the bridge's receiver: <see cref="WebhookVerifier"/>
/// (signatures, then freshness), then the replay ledger (<see cref="InMemoryDeliveryLedger"/>; a known id → 409), then
/// stores the events de-duplicated by <c>eventTransactionId</c>. A rejected delivery changes nothing.
/// </summary>
internal sealed class VerifyingWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JudgedDelivery> _judged = Channel.CreateUnbounded<JudgedDelivery>();
    private readonly ConcurrentDictionary<string, byte> _stored = new(StringComparer.Ordinal);

    private VerifyingWebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The stored event ids (each once).</summary>
    public IReadOnlyCollection<string> StoredEventIds => [.. _stored.Keys];

    public static async Task<VerifyingWebhookReceiver> StartAsync(byte[] sharedSecret, TimeProvider clock)
    {
        var verifier = new WebhookVerifier(clock);
        var ledger = new InMemoryDeliveryLedger(clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new VerifyingWebhookReceiver(app);
        app.MapPost("/hook", async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            var body = buffer.ToArray();
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var verification = verifier.Verify(WebhookHeaders.From(name => headers.GetValueOrDefault(name)), body, sharedSecret);
            var status = verification switch
            {
                WebhookVerification.Rejected => StatusCodes.Status401Unauthorized,
                WebhookVerification.Accepted accepted when !await ledger.TryRecordAsync(accepted.DeliveryId, accepted.RememberUntil, ctx.RequestAborted) => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status200OK,
            };
            if (status == StatusCodes.Status200OK)
            {
                using var events = JsonDocument.Parse(body);
                foreach (var item in events.RootElement.EnumerateArray())
                {
                    receiver._stored.TryAdd(item.GetProperty("eventTransactionId").GetString()!, 0);
                }
            }

            receiver._judged.Writer.TryWrite(new JudgedDelivery(body, headers, verification, status));
            ctx.Response.StatusCode = status;
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        receiver.Url = new Uri($"http://127.0.0.1:{address.Port}/hook");
        return receiver;
    }

    /// <summary>The next judged POST, or a failure after <paramref name="timeout"/> (real time).</summary>
    public async Task<JudgedDelivery> NextAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        return await _judged.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
