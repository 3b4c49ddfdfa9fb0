using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Client;
using Bridge.Simulators.Platform;
using Bridge.Testing;

namespace Bridge.IntegrationTests.Platform.Webhooks;

/// <summary>
/// A bridge host with webhook receivers for two platform networks (one registered now, one registered by the test that
/// needs it), and a platform simulator on a fixed loopback port whose customs organisation (which may read every event)
/// subscribes the host's receiver. The first network has its polling fallback (as the customs organisation, at the
/// default cadence: it reads the feed once at the start, then every minute); the late one, whose test is about webhook
/// redelivery alone, has none.
/// </summary>
public sealed class PlatformWebhookFixture : IAsyncLifetime
{
    public const string Network = "platform-sim";
    public const string LateNetwork = "platform-late";
    public const string Secret = "whsec-test-7c1d0a5e9b";

    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-platform-webhooks-").FullName;
    private readonly List<IDisposable> _owned = [];

    public BridgeHostFixture Host { get; private set; } = null!;

    public PlatformSimulator Simulator { get; private set; } = null!;

    /// <summary>The carrier's client (publishes).</summary>
    public PlatformClient Carrier { get; private set; } = null!;

    /// <summary>The customs client (reads everything; its subscription feeds the host).</summary>
    public PlatformClient Customs { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Simulator = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions { DataDirectory = Path.Combine(_folder, "sim"), SeedDemoData = false, Port = FreePort() }, CancellationToken.None);
        var customs = Simulator.Organization("customs");
        var keyFile = Path.Combine(_folder, "customs.key");
        await File.WriteAllTextAsync(keyFile, customs.ApiKey);
        Host = BridgeHostFixture.WithArguments(
            $"--Bridge:Webhooks:Networks:{Network}:SharedSecret={Secret}",
            $"--Bridge:Relay:Adapters:{Network}:Endpoint={Simulator.BaseAddress}",
            $"--Bridge:Relay:Adapters:{Network}:ApiKeyFile={keyFile}",
            $"--Bridge:Relay:Adapters:{Network}:OrganizationId={customs.Id}",
            $"--Bridge:Webhooks:Networks:{LateNetwork}:SharedSecret={Secret}",
            $"--Bridge:Webhooks:Networks:{LateNetwork}:PollingFallback=false");
        await Host.InitializeAsync();
        Carrier = Client(Simulator, "carrier");
        Customs = Client(Simulator, "customs");
        await RegisterAsync(Network, await Customs.GetTrustAnchorsAsync(CancellationToken.None));
        await Customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(ReceiverUrl(Network), Secret), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The host's receiver address for <paramref name="network"/>.</summary>
    public Uri ReceiverUrl(string network) => new(Host.BaseAddress, $"/api/v1/webhooks/platform/{network}");

    /// <summary>A client of <paramref name="simulator"/> acting as its organisation with <paramref name="role"/>.</summary>
    public PlatformClient Client(PlatformSimulator simulator, string role)
    {
        var organization = simulator.Organization(role);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _owned.Add(http);
        return new PlatformClient(http, new PlatformClientOptions { BaseAddress = simulator.BaseAddress, ApiKey = organization.ApiKey, OrganizationId = organization.Id, NetworkName = Network });
    }

    /// <summary>Registers a platform network in the host with <paramref name="anchors"/>.</summary>
    public async Task RegisterAsync(string name, PlatformTrustAnchors anchors)
    {
        using var client = Host.Client(Host.OperatorKey);
        var body = new JsonObject
        {
            ["name"] = name,
            ["displayName"] = "Platform simulator",
            ["kind"] = "platform",
            ["endpoints"] = new JsonArray(new JsonObject { ["name"] = "api", ["url"] = Simulator.BaseAddress.AbsoluteUri }),
            ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(anchors).GetRawText()),
        };
        using var response = await client.PostAsJsonAsync("/api/v1/networks", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits (up to 20 s) until <paramref name="sql"/> answers at least <paramref name="atLeast"/>; returns the last answer.</summary>
    public async Task<long> WaitForAsync(string sql, long atLeast, CancellationToken cancellationToken)
    {
        long value = 0;
        for (var i = 0; i < 200; i++)
        {
            value = await Host.ScalarAsync<long>(sql);
            if (value >= atLeast)
            {
                return value;
            }

            await Task.Delay(100, cancellationToken);
        }

        return value;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
