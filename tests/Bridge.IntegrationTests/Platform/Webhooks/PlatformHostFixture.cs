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
/// What the platform host fixtures share: a platform simulator on a fixed loopback port (so that a restarted one keeps
/// its address), a bridge host whose network <see cref="Network"/> reads the simulator as the customs organisation (which
/// may read every event) with the host arguments a fixture adds, clients of the simulator's organisations, and the
/// network's registration.
/// </summary>
public abstract class PlatformHostFixture(string network, string folderPrefix) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;
    private readonly List<IDisposable> _owned = [];

    /// <summary>The platform network's name in the bridge.</summary>
    public string Network { get; } = network;

    public BridgeHostFixture Host { get; private set; } = null!;

    public PlatformSimulator Simulator { get; private set; } = null!;

    /// <summary>The carrier's client (publishes).</summary>
    public PlatformClient Carrier { get; private set; } = null!;

    /// <summary>The customs client (reads everything).</summary>
    public PlatformClient Customs { get; private set; } = null!;

    /// <summary>A folder of the fixture's own, removed with it.</summary>
    protected string Folder => _folder;

    public async ValueTask InitializeAsync()
    {
        Simulator = await PlatformSimulator.StartAsync(SimulatorOptions(Path.Combine(_folder, "sim"), FreePort()), CancellationToken.None);
        var customs = Simulator.Organization("customs");
        var keyFile = Path.Combine(_folder, "customs.key");
        await File.WriteAllTextAsync(keyFile, customs.ApiKey);
        Host = BridgeHostFixture.WithArguments([
            $"--Bridge:Relay:Adapters:{Network}:Endpoint={Simulator.BaseAddress}",
            $"--Bridge:Relay:Adapters:{Network}:ApiKeyFile={keyFile}",
            $"--Bridge:Relay:Adapters:{Network}:OrganizationId={customs.Id}",
            .. HostArguments()]);
        await Host.InitializeAsync();
        Carrier = Client(Simulator, "carrier");
        Customs = Client(Simulator, "customs");
        await RegisterAsync(Network, await Customs.GetTrustAnchorsAsync(CancellationToken.None));
        await StartedAsync();
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
        GC.SuppressFinalize(this);
    }

    /// <summary>A client of <paramref name="simulator"/> acting as its organisation with <paramref name="role"/>.</summary>
    public PlatformClient Client(PlatformSimulator simulator, string role)
    {
        var organization = simulator.Organization(role);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _owned.Add(http);
        return new PlatformClient(http, new PlatformClientOptions { BaseAddress = simulator.BaseAddress, ApiKey = organization.ApiKey, OrganizationId = organization.Id, NetworkName = Network });
    }

    /// <summary>Registers a platform network in the host with <paramref name="anchors"/>, served by the simulator.</summary>
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

    /// <summary>The host's webhook receiver address for <paramref name="network"/>.</summary>
    public Uri ReceiverUrl(string network) => new(Host.BaseAddress, $"/api/v1/webhooks/platform/{network}");

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

    /// <summary>The simulator's options, given its folder and port.</summary>
    protected abstract PlatformSimulatorOptions SimulatorOptions(string dataDirectory, int port);

    /// <summary>The host's arguments besides the network's adapter connection.</summary>
    protected abstract IEnumerable<string> HostArguments();

    /// <summary>Runs once host, simulator, clients and the network's registration are ready.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;
}
