using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.IntegrationTests.Platform.Simulator;

[Trait("Category", "Integration")]
public sealed class WebhookDispatcherTests
{
    private const string Secret = "webhook-shared-secret";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Delivery_PublishedEvent_ArrivesSignedAsArray()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = await SimulatorHarness.StartAsync();
        await h.PostAsync("api/v1/subscriptions/organization", "carrier", Subscription(receiver, "dcsa"));
        var published = await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event("2025-01-01T10:00:00.000+01:00", "MSKU9070323", "NLRTM"));

        var delivery = await receiver.NextAsync(Wait);
        var body = JsonNode.Parse(delivery.Body)!.AsArray();
        body.Count.ShouldBe(1);
        ((string)body[0]!["eventTransactionId"]!).ShouldBe((string)published!["eventTransactionId"]!);

        // Independent HMACs over the exact bytes received (RFC 2104; SHA-1 and SHA-256 from System.Security.Cryptography).
        var key = Encoding.UTF8.GetBytes(Secret);
        delivery.Headers["X-GTD-Signature"].ShouldBe(Convert.ToHexStringLower(new HMACSHA1(key).ComputeHash(delivery.Body)));
        delivery.Headers["Notification-Signature"].ShouldBe("sha256=" + Convert.ToHexStringLower(new HMACSHA256(key).ComputeHash(delivery.Body)));
        var parts = delivery.Headers["X-GTD-Delivery"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        parts["t"].ShouldBe(SimulatorHarness.Start.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var signed = Encoding.UTF8.GetBytes($"{parts["id"]}.{parts["t"]}.").Concat(delivery.Body).ToArray();
        parts["v1"].ShouldBe(Convert.ToHexStringLower(new HMACSHA256(key).ComputeHash(signed)));

        // The event in the body carries a valid attestation too.
        var jwks = JsonNode.Parse(await h.Http.GetStringAsync(".well-known/jwks.json", TestContext.Current.CancellationToken))!;
        using var ecdsa = PlatformSimulatorTests.KeyFromJwks(jwks);
        var ev = body[0]!.AsObject();
        PlatformSimulatorTests.VerifyDetached(ecdsa, (string)ev["attestation"]!, PlatformSimulatorTests.JcsWithoutAttestation(ev)).ShouldBeTrue();
    }

    [Fact]
    public async Task Delivery_OnlyReadableEvents_AreDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = await SimulatorHarness.StartAsync();
        await h.PostAsync("api/v1/subscriptions/organization", "shipper", Subscription(receiver));
        var (cid, _) = await h.CreateShipmentAsync("BKG-W", "MSKU9070323");
        await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event("2025-01-01T10:00:00Z", "MSKU9070323", "NLRTM"));
        (await receiver.TryNextAsync(TimeSpan.FromMilliseconds(300))).ShouldBeNull();

        await h.PostAsync("api/v1/consignments/partyAdded", "carrier", new JsonObject { ["consignmentId"] = cid, ["partyOrgId"] = h.Org("shipper").Id });
        var gateOut = await h.PostAsync("api/v1/transportEvents/actualGateOut", "carrier", SimulatorHarness.Event("2025-01-02T10:00:00Z", "MSKU9070323", "NLRTM"));
        var delivery = await receiver.NextAsync(Wait);
        ((string)JsonNode.Parse(delivery.Body)![0]!["eventTransactionId"]!).ShouldBe((string)gateOut!["eventTransactionId"]!);
    }

    [Fact]
    public async Task Delivery_Receiver500_RetriedAfterBackoffWithSameIdAndFreshT()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = await SimulatorHarness.StartAsync();
        var answers = new Queue<int>([500, 200]);
        receiver.Status = () => answers.Count > 0 ? answers.Dequeue() : 200;
        await h.PostAsync("api/v1/subscriptions/organization", "carrier", Subscription(receiver));
        await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event("2025-01-01T10:00:00Z", "MSKU9070323", "NLRTM"));

        var first = await receiver.NextAsync(Wait);
        first.AnsweredStatus.ShouldBe(500);
        (await receiver.TryNextAsync(TimeSpan.FromMilliseconds(200))).ShouldBeNull(); // no retry before the clock moves

        ReceivedDelivery? second = null;
        for (var i = 0; i < 50 && second is null; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            second = await receiver.TryNextAsync(TimeSpan.FromMilliseconds(100));
        }

        second.ShouldNotBeNull();
        second.AnsweredStatus.ShouldBe(200);
        second.Body.ShouldBe(first.Body);
        Id(second).ShouldBe(Id(first));
        T(second).ShouldBeGreaterThan(T(first));
        await WaitUntilAsync(() => h.Simulator.PendingDeliveries == 0);
    }

    [Fact]
    public async Task Restart_PendingDeliveries_AllDeliveredAfterwards()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = () => 503;
        await using var h = await SimulatorHarness.StartAsync();
        await h.PostAsync("api/v1/subscriptions/organization", "carrier", Subscription(receiver));
        var published = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var answer = await h.PostAsync("api/v1/transportEvents/actualGateIn", "carrier", SimulatorHarness.Event($"2025-01-0{i + 1}T10:00:00Z", "MSKU9070323", "NLRTM"));
            published.Add((string)answer!["eventTransactionId"]!);
        }

        for (var i = 0; i < 5; i++)
        {
            (await receiver.NextAsync(Wait)).AnsweredStatus.ShouldBe(503);
        }

        h.Simulator.PendingDeliveries.ShouldBe(5);
        receiver.Status = () => 200;
        await h.RestartAsync();

        var delivered = new HashSet<string>();
        while (delivered.Count < published.Count)
        {
            var delivery = await receiver.NextAsync(Wait);
            if (delivery.AnsweredStatus == 200)
            {
                delivered.Add((string)JsonNode.Parse(delivery.Body)![0]!["eventTransactionId"]!);
            }
        }

        delivered.ShouldBe(published, ignoreOrder: true);
        await WaitUntilAsync(() => h.Simulator.PendingDeliveries == 0);
    }

    [Fact]
    public async Task Subscription_CallbackAndSecret_ValidatedAndSecretNeverReturned()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var problem = await h.ExpectAsync(400, HttpMethod.Post, "api/v1/subscriptions/organization", "carrier", new JsonObject { ["callbackUrl"] = "http://example.org/hook", ["sharedSecret"] = Secret });
        ((string)problem!["errors"]![0]!["field"]!).ShouldBe("callbackUrl");
        problem = await h.ExpectAsync(400, HttpMethod.Post, "api/v1/subscriptions/port", "carrier", new JsonObject { ["callbackUrl"] = "https://example.org/hook", ["sharedSecret"] = Secret });
        ((string)problem!["errors"]![0]!["field"]!).ShouldBe("port");

        var created = await h.PostAsync("api/v1/subscriptions/port", "port", new JsonObject { ["callbackUrl"] = "https://example.org/hook", ["sharedSecret"] = Secret, ["port"] = "NLRTM" });
        var id = (string)created!["subscriptionId"]!;
        var read = await h.GetAsync($"api/v1/subscriptions/{id}", "port");
        ((string)read!["port"]!).ShouldBe("NLRTM");
        read.ToJsonString().ShouldNotContain(Secret);
        await h.ExpectAsync(404, HttpMethod.Get, $"api/v1/subscriptions/{id}", "carrier");
        await h.ExpectAsync(200, HttpMethod.Delete, $"api/v1/subscriptions/{id}", "port");
        await h.ExpectAsync(404, HttpMethod.Get, $"api/v1/subscriptions/{id}", "port");
    }

    [Fact]
    public async Task Delivery_PortCountryTerminalAndEventTypeFilters_DeliverOnlyMatchingEvents()
    {
        await using var byPort = await WebhookReceiver.StartAsync();
        await using var byCountry = await WebhookReceiver.StartAsync();
        await using var byTerminal = await WebhookReceiver.StartAsync();
        await using var h = await SimulatorHarness.StartAsync();
        var port = Subscription(byPort);
        port["port"] = "NLRTM";
        port["eventTypes"] = new JsonArray("actualGateIn");
        await h.PostAsync("api/v1/subscriptions/port", "carrier", port);
        var country = Subscription(byCountry);
        country["country"] = "DE";
        await h.PostAsync("api/v1/subscriptions/country", "carrier", country);
        var terminal = Subscription(byTerminal);
        terminal["terminal"] = "ECT-DELTA";
        await h.PostAsync("api/v1/subscriptions/terminal", "carrier", terminal);

        var atTerminal = SimulatorHarness.Event("2025-01-01T10:00:00Z", "MSKU9070323", "NLRTM");
        atTerminal["terminal"] = "ECT-DELTA";
        var gateInRotterdam = await PublishAsync(h, "actualGateIn", atTerminal);
        var gateInHamburg = await PublishAsync(h, "actualGateIn", SimulatorHarness.Event("2025-01-01T11:00:00Z", "MSKU9070323", "DEHAM"));
        await PublishAsync(h, "actualGateOut", SimulatorHarness.Event("2025-01-01T12:00:00Z", "MSKU9070323", "NLRTM")); // a port event of another type

        (await DrainAsync(byPort)).ShouldBe([gateInRotterdam]);
        (await DrainAsync(byCountry)).ShouldBe([gateInHamburg]);
        (await DrainAsync(byTerminal)).ShouldBe([gateInRotterdam]);
    }

    private static async Task<string> PublishAsync(SimulatorHarness h, string eventType, JsonObject body) =>
        (string)(await h.PostAsync($"api/v1/transportEvents/{eventType}", "carrier", body))!["eventTransactionId"]!;

    /// <summary>The event ids of every delivery <paramref name="receiver"/> gets until it has been quiet for half a second.</summary>
    private static async Task<List<string>> DrainAsync(WebhookReceiver receiver)
    {
        var ids = new List<string>();
        while (await receiver.TryNextAsync(TimeSpan.FromMilliseconds(500)) is { } delivery)
        {
            ids.AddRange(JsonNode.Parse(delivery.Body)!.AsArray().Select(e => (string)e!["eventTransactionId"]!));
        }

        return ids;
    }

    private static JsonObject Subscription(WebhookReceiver receiver, string mode = "tradelens") => new()
    {
        ["callbackUrl"] = receiver.Url.ToString(),
        ["sharedSecret"] = Secret,
        ["signatureMode"] = mode,
    };

    private static string Id(ReceivedDelivery delivery) => Part(delivery, "id");

    private static long T(ReceivedDelivery delivery) => long.Parse(Part(delivery, "t"), System.Globalization.CultureInfo.InvariantCulture);

    private static string Part(ReceivedDelivery delivery, string name) =>
        delivery.Headers["X-GTD-Delivery"].Split(',').Select(p => p.Split('=', 2)).Single(p => p[0] == name)[1];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        condition().ShouldBeTrue();
    }
}
