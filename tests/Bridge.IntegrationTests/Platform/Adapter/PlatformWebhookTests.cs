using System.Text;
using System.Text.Json.Nodes;
using Bridge.Adapters.Platform.Client;
using Bridge.Adapters.Platform.Webhooks;
using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>
/// Deliveries from the simulator's webhook dispatcher judged by the adapter's <see cref="WebhookVerifier"/> and
/// <see cref="InMemoryDeliveryLedger"/> (docs/platform.md "Subscriptions and webhooks"; HMAC is RFC 2104).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformWebhookTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly string[] SignatureHeaders = [WebhookHeaders.GtdSignatureName, WebhookHeaders.NotificationSignatureName, WebhookHeaders.DeliveryName];

    [Theory]
    [InlineData(null)]
    [InlineData("dcsa")]
    public async Task Delivery_GenuineReplayedAndAltered_AcceptedThen409ReplayThenBadSignature(string? signatureMode)
    {
        var ct = TestContext.Current.CancellationToken;
        var secret = "it-secret-" + Guid.NewGuid().ToString("N");
        await using var h = await SimulatorHarness.StartAsync();
        await using var receiver = await VerifyingWebhookReceiver.StartAsync(Encoding.UTF8.GetBytes(secret), h.Time);
        using var carrier = ClientSession.For(h, "carrier");
        await carrier.Client.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(receiver.Url, secret, SignatureMode: signatureMode), ct);

        var published = await carrier.Client.PublishEventAsync("actualGateIn", new JsonObject
        {
            ["originatorName"] = "Carrier",
            ["originatorId"] = "MAEU",
            ["eventOccurrenceTime8601"] = "2025-02-20T09:00:00.000Z",
            ["equipmentNumber"] = AdapterTestSupport.Iso,
            ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
        }, "wh-1", ct);

        // Genuine: accepted and stored.
        var genuine = await receiver.NextAsync(Wait);
        var accepted = genuine.Verification.ShouldBeOfType<WebhookVerification.Accepted>();
        genuine.Status.ShouldBe(200);
        accepted.SentAt.ShouldBe(h.Time.GetUtcNow());
        accepted.RememberUntil.ShouldBe(accepted.SentAt + TimeSpan.FromMinutes(5));
        genuine.Headers.ContainsKey(WebhookHeaders.NotificationSignatureName).ShouldBe(signatureMode == "dcsa");
        receiver.StoredEventIds.ShouldBe([published.EventTransactionId]);

        using var http = new HttpClient();

        // The same bytes and headers again: authentic and fresh, but a known delivery id → 409, nothing stored.
        await PostAsync(http, receiver.Url, genuine.Body, genuine.Headers, ct);
        var replay = await receiver.NextAsync(Wait);
        replay.Verification.ShouldBeOfType<WebhookVerification.Accepted>().DeliveryId.ShouldBe(accepted.DeliveryId);
        replay.Status.ShouldBe(409);

        // One body byte changed: the body signature fails before anything else.
        var altered = (byte[])genuine.Body.Clone();
        var at = Encoding.UTF8.GetString(altered).IndexOf("NLRTM", StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0);
        altered[at] ^= 0x01;
        await PostAsync(http, receiver.Url, altered, genuine.Headers, ct);
        var forged = await receiver.NextAsync(Wait);
        forged.Verification.ShouldBeOfType<WebhookVerification.Rejected>().Reason.ShouldBe(WebhookRejection.BadSignature);
        forged.Status.ShouldBe(401);

        // Past the freshness window the genuine bytes are stale.
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await PostAsync(http, receiver.Url, genuine.Body, genuine.Headers, ct);
        var stale = await receiver.NextAsync(Wait);
        stale.Verification.ShouldBeOfType<WebhookVerification.Rejected>().Reason.ShouldBe(WebhookRejection.Stale);
        receiver.StoredEventIds.ShouldBe([published.EventTransactionId]);
    }

    private static async Task PostAsync(HttpClient http, Uri url, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", headers.GetValueOrDefault("Content-Type") ?? "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var name in SignatureHeaders)
        {
            if (headers.TryGetValue(name, out var value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request, ct);
    }
}
