using Bridge.Adapters.Platform.Client;
using Bridge.Simulators.Platform;

namespace Bridge.IntegrationTests.Platform.Webhooks;

/// <summary>
/// A bridge host with webhook receivers for two platform networks (one registered now, one registered by the test that
/// needs it), and a platform simulator on a fixed loopback port whose customs organisation (which may read every event)
/// subscribes the host's receiver. The first network has its polling fallback (as the customs organisation, at the
/// default cadence: it reads the feed once at the start, then every minute); the late one, whose test is about webhook
/// redelivery alone, has none.
/// </summary>
public sealed class PlatformWebhookFixture() : PlatformHostFixture(NetworkName, "bridge-platform-webhooks-")
{
    public const string NetworkName = "platform-sim";
    public const string LateNetwork = "platform-late";
    public const string Secret = "whsec-test-7c1d0a5e9b";

    protected override PlatformSimulatorOptions SimulatorOptions(string dataDirectory, int port) =>
        new() { DataDirectory = dataDirectory, SeedDemoData = false, Port = port };

    protected override IEnumerable<string> HostArguments() =>
    [
        $"--Bridge:Webhooks:Networks:{NetworkName}:SharedSecret={Secret}",
        $"--Bridge:Webhooks:Networks:{LateNetwork}:SharedSecret={Secret}",
        $"--Bridge:Webhooks:Networks:{LateNetwork}:PollingFallback=false",
    ];

    protected override async Task StartedAsync() =>
        await Customs.SubscribeAsync(PlatformSubscriptionScope.Organization, new PlatformSubscription(ReceiverUrl(Network), Secret), CancellationToken.None);
}
