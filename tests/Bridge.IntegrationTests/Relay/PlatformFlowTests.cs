using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Proofs;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Ethereum;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.IntegrationTests.Platform.Adapter;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// Flows (a) and (b) of issue 7 on real parts: a document shared on the platform simulator is anchored on the Fabric
/// simulator and on the dev chain, each message proven by the platform's JWS (platform-jws, checked against the
/// platform's JWKS) and both proofs stored; a platform event is replicated onto Fabric as the anchor of the attested event.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformFlowTests : IClassFixture<BridgeHostFixture>, IClassFixture<FabricAdapterFixture>, IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private readonly BridgeHostFixture _host;
    private readonly FabricAdapterFixture _fabric;
    private readonly SimulatorFixture _platform;
    private readonly SharedEthereumLane _ethereum;
    private NpgsqlDataSource _dataSource = null!;

    public PlatformFlowTests(BridgeHostFixture host, FabricAdapterFixture fabric, SimulatorFixture platform, SharedEthereumLane ethereum)
    {
        _host = host;
        _fabric = fabric;
        _platform = platform;
        _ethereum = ethereum;
    }

    private EthereumLane Eth => _ethereum.Lane;

    public ValueTask InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(_host.ConnectionString);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task SharedDocumentAndEvent_OnThePlatform_AreAnchoredOnFabricAndEthereumWithPlatformProofs()
    {
        var platformName = UniqueName("plat");
        var fabricName = UniqueName("fab");
        var ethName = UniqueName("eth");
        using var carrier = ClientSession.For(_platform.Harness, "carrier", configure: o => o.NetworkName = platformName);
        var platform = new PlatformAdapter(carrier.Client, new PlatformPollerOptions { Interval = TimeSpan.FromMilliseconds(50) });
        var platformAnchors = await carrier.Client.GetTrustAnchorsAsync(Ct);
        using var client = _host.Client(_host.OperatorKey);
        await CreateNetworkAsync(client, platformName, "platform", platformAnchors);
        await CreateNetworkAsync(client, fabricName, "fabric", _fabric.Network.TrustAnchors("trade"));
        await CreateNetworkAsync(client, ethName, "ethereum", await Eth.AnchorsAsync(0, Ct));
        var toFabric = await CreateLaneAsync(client, platformName, fabricName, ["documents", "events"]);
        var toEthereum = await CreateLaneAsync(client, platformName, ethName, ["documents"]);

        var fabric = _fabric.CreateAdapter(fabricName);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct));
        var directory = new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [platformName] = platform, [fabricName] = fabric, [ethName] = ethereum });
        var registry = _host.Services.GetRequiredService<IRelayRegistry>();
        var store = new MessageStore(_dataSource, TimeProvider.System);
        var dispatcher = new MessageDispatcher(
            store,
            registry,
            directory,
            new ProofVerifierRegistry([new FabricEndorsementVerifier(), new PlatformJwsVerifier()]),
            [],
            TimeProvider.System,
            "host-a",
            new DispatcherOptions { FinalityPoll = TimeSpan.FromMilliseconds(50) });

        // (a) A bill of lading shared on the platform.
        var booking = "BKG-FLOW-" + Guid.NewGuid().ToString("N")[..8];
        var consignment = (await carrier.Client.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking }, Ct)).ConsignmentId;
        var content = Encoding.UTF8.GetBytes("{\"billOfLadingNumber\":\"BL-FLOW-" + booking + "\",\"shipper\":\"ACME\"}");
        var metadata = new JsonObject { ["docType"] = "BILL_OF_LADING", ["docTypeNamespace"] = "platform", ["fileType"] = "JSON", ["consignmentId"] = consignment, ["fileName"] = "bl.json" };
        var documentId = (await platform.SubmitAsync(new LedgerCommand.RawInvoke(PlatformAdapter.ShareDocumentFunction, [metadata.ToJsonString(), Convert.ToBase64String(content)]), "doc-" + booking, Ct))
            .ShouldBeOfType<SubmitResult.Accepted>().Tx.Id;
        var contentSha256 = Convert.ToHexStringLower(SHA256.HashData(content));

        // (b) A gate-in event published on the platform.
        var published = await carrier.Client.PublishEventAsync("actualGateIn", new JsonObject
        {
            ["originatorName"] = "Carrier",
            ["originatorId"] = "MAEU",
            ["eventOccurrenceTime8601"] = "2025-02-10T06:30:00.000+01:00",
            ["equipmentNumber"] = AdapterTestSupport.Iso,
            ["carrierBookingNumber"] = booking,
            ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "DEHAM" },
        }, null, Ct);

        var lanes = new[] { (await registry.GetLaneAsync(toFabric, Ct))!, (await registry.GetLaneAsync(toEthereum, Ct))! };
        var messages = await ObserveAsync(platform, platformName, lanes, expected: 3, store);
        var documentToFabric = messages.Single(m => m.Lane == toFabric && m.Kind == MessageKind.DocumentAnchor);
        var documentToEthereum = messages.Single(m => m.Lane == toEthereum && m.Kind == MessageKind.DocumentAnchor);
        var eventToFabric = messages.Single(m => m.Lane == toFabric && m.Kind == MessageKind.Event);
        eventToFabric.Source.Tx.Id.ShouldBe(published.EventTransactionId);

        foreach (var message in messages)
        {
            var done = await RunUntilAsync(store, message.Id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher);
            done.State.ShouldBe(MessageState.Acknowledged, done.LastError?.ToString());
            done.Transitions[^1].Evidence.ShouldBe(done.Transitions[^2].Evidence, "a platform keeps no acknowledgements: the relay's record of the destination transaction is the evidence");
            var proof = (await store.GetProofsAsync(message.Id, Ct)).ShouldHaveSingleItem();
            proof.Envelope.Kind.ShouldBe(ProofKind.PlatformJws);
            new PlatformJwsVerifier().Verify(proof.Envelope, platformAnchors).IsValid.ShouldBeTrue("the stored proof checks on its own against the platform's JWKS");
        }

        // The document's content hash is anchored on both ledgers, under the platform's document id.
        var onFabric = (await fabric.QueryAsync(new LedgerQuery.AnchorOf(documentId), Ct)).ShouldBeOfType<QueryResult.Found>();
        onFabric.Value.GetProperty("contentDigest").GetString().ShouldBe(contentSha256);
        var onEthereum = (await ethereum.QueryAsync(new LedgerQuery.AnchorOf(documentId), Ct)).ShouldBeOfType<QueryResult.Found>();
        onEthereum.Value.GetProperty("contentDigest").GetString()!.ShouldEndWith(contentSha256);
        onEthereum.Value.GetProperty("documentType").GetString().ShouldBe("BILL_OF_LADING");

        // The event is anchored on Fabric as the digest of the attested event, the same digest its proof proves.
        var replicated = (await fabric.QueryAsync(new LedgerQuery.AnchorOf(published.EventTransactionId), Ct)).ShouldBeOfType<QueryResult.Found>();
        replicated.Value.GetProperty("contentDigest").GetString().ShouldBe(eventToFabric.Payload!.Subject.Digest);
    }

    private async Task<List<RelayMessage>> ObserveAsync(INetworkAdapter source, string network, Bridge.Relay.Lanes.Lane[] lanes, int expected, MessageStore store)
    {
        var found = new List<RelayMessage>();
        var watcher = new SourceWatcher(new WatcherStore(_dataSource, TimeProvider.System), store, TimeProvider.System, "watcher", new SourceWatcherOptions { LeaseDuration = TimeSpan.FromSeconds(5), RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = watcher.RunAsync(UniqueName("sub"), source, e =>
        {
            var messages = LaneEventMapper.ToMessages(network, e, lanes, TimeProvider.System.GetUtcNow());
            lock (found)
            {
                found.AddRange(messages);
            }

            return messages;
        }, stop.Token);
        try
        {
            for (var i = 0; i < 300; i++)
            {
                lock (found)
                {
                    if (found.Count >= expected)
                    {
                        break;
                    }
                }

                await Task.Delay(50, Ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await RelayTestLanes.StoppedAsync(running);
        }

        found.Count.ShouldBe(expected);
        return found;
    }

    private static async Task<RelayMessage> RunUntilAsync(MessageStore store, MessageId id, Func<RelayMessage, bool> done, MessageDispatcher dispatcher)
    {
        for (var i = 0; i < 400; i++)
        {
            await dispatcher.DispatchOnceAsync(Ct);
            var message = (await store.GetAsync(id, Ct))!;
            if (done(message))
            {
                return message;
            }

            await Task.Delay(25, Ct);
        }

        throw new TimeoutException($"Message {id.Value} did not reach the expected state.");
    }

    private static Task CreateNetworkAsync(HttpClient client, string name, string kind, TrustAnchors anchors) => RelayTestLanes.CreateNetworkAsync(client, name, kind, anchors);

    private static async Task<string> CreateLaneAsync(HttpClient client, string source, string destination, string[] flows)
    {
        var name = UniqueName("lane");
        await RelayTestLanes.CreateLaneAsync(client, name, source, destination, flows, ["platform-jws"], ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"], 1);
        return name;
    }
}
