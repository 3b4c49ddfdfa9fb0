using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Platform.Proofs;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Ethereum;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Relay.Records;
using Bridge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// Flow (d) on real parts: a bill of lading stored through the API, its eBL's title (id = the document's id) on the Fabric
/// simulator and on the Ethereum dev chain, the title facts recorded by source watchers,
/// and <c>GET /api/v1/shipments/{reference}/timeline</c> showing the document, every network's title facts with their
/// provenance and proof verdict, and the conflict when the same title is issued on both networks on purpose.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TimelineFlowTests : IClassFixture<BridgeHostFixture>, IClassFixture<FabricAdapterFixture>, IAsyncLifetime
{
    private readonly BridgeHostFixture _host;
    private readonly FabricAdapterFixture _fabric;
    private readonly SharedEthereumLane _ethereum;
    private NpgsqlDataSource _dataSource = null!;

    public TimelineFlowTests(BridgeHostFixture host, FabricAdapterFixture fabric, SharedEthereumLane ethereum)
    {
        _host = host;
        _fabric = fabric;
        _ethereum = ethereum;
    }

    private EthereumLane Eth => _ethereum.Lane;

    private ITitleFactStore Facts => _host.Services.GetRequiredService<ITitleFactStore>();

    public ValueTask InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(_host.ConnectionString);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Timeline_SameTitleIssuedOnEthereumToo_ShowsBothNetworksFactsAndFlagsTheConflict()
    {
        var (bl, documentId) = await StoreBillOfLadingAsync();
        var fabricName = UniqueName("fab");
        var ethName = UniqueName("eth");
        var fabric = _fabric.CreateAdapter(fabricName);
        var issued = (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [documentId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{documentId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        await WatchUntilAsync(fabric, fabricName, e => [], s => s.Any(x => x.Network == fabricName), documentId);

        // Before the injection: the document and the Fabric title fact, no conflict.
        var before = await TimelineAsync(bl);
        before.GetProperty("conflicts").GetArrayLength().ShouldBe(0);
        var items = before.GetProperty("items").EnumerateArray().ToList();
        var document = items.Single(i => i.Str("kind") == "document");
        document.Str("id").ShouldBe(documentId);
        document.GetProperty("verdict").Str("status").ShouldBe("submitted");
        var fabricFact = items.Single(i => i.Str("kind") == "title");
        fabricFact.Str("network").ShouldBe(fabricName);
        fabricFact.Str("titleId").ShouldBe(documentId);
        fabricFact.Str("event").ShouldBe("TitleIssued");
        fabricFact.Str("state").ShouldBe("active");
        fabricFact.Str("holder").ShouldBe(_fabric.CarrierParty);
        fabricFact.GetProperty("verdict").Str("status").ShouldBe("observed");
        var provenance = fabricFact.GetProperty("provenance");
        provenance.Str("sourceSystem").ShouldBe("FABRIC");
        provenance.GetProperty("anchor").Str("ledger").ShouldBe(fabricName);
        provenance.GetProperty("anchor").Str("transactionId").ShouldBe(issued.Tx.Id);
        provenance.GetProperty("anchor").GetProperty("blockNumber").GetInt64().ShouldBe(issued.Tx.BlockNumber!.Value);

        // The injection: the same title issued directly on Ethereum, to another holder.
        var ethHolder = EthPrivateKey.Generate().Address;
        var ethIssue = await IssueOnEthereumAsync(documentId, ethHolder);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct));
        await WatchUntilAsync(ethereum, ethName, e => [], s => s.Any(x => x.Network == ethName), documentId);

        var after = await TimelineAsync(bl);
        var titles = after.GetProperty("items").EnumerateArray().Where(i => i.Str("kind") == "title").ToList();
        titles.Select(t => t.Str("network")).Order(StringComparer.Ordinal).ShouldBe(new[] { fabricName, ethName }.Order(StringComparer.Ordinal));
        var ethFact = titles.Single(t => t.Str("network") == ethName);
        ethFact.Str("titleId").ShouldBe(documentId, "a UUID word on the chain reads back as the document id");
        ethFact.Str("state").ShouldBe("active");
        ethFact.Str("holder").ShouldBe(ethHolder.ToString());
        ethFact.GetProperty("provenance").Str("sourceSystem").ShouldBe("ETHEREUM");
        ethFact.GetProperty("provenance").GetProperty("anchor").Str("transactionId").ShouldBe(ethIssue, StringCompareShould.IgnoreCase);
        ethFact.GetProperty("provenance").GetProperty("anchor").Str("contract").ShouldBe(Eth.Contracts.TitleRegistry.ToString());
        var conflicts = after.GetProperty("conflicts").EnumerateArray().ToList();
        conflicts.Select(c => c.Str("kind")).ShouldBe(["title-live-twice", "holder-disagreement"]);
        conflicts.ShouldAllBe(c => c.Str("titleId") == documentId);
        var sides = conflicts[1].GetProperty("networks").EnumerateArray().ToDictionary(n => n.Str("network"), n => n.Str("holder"));
        sides.ShouldBe(new Dictionary<string, string> { [fabricName] = _fabric.CarrierParty, [ethName] = ethHolder.ToString() }, ignoreOrder: true);
    }

    [Fact]
    public async Task Timeline_TitleRelayedFromFabricToEthereum_TheImportCarriesTheSourceProofVerdictAndNoConflict()
    {
        var (bl, documentId) = await StoreBillOfLadingAsync();
        var (fabricName, ethName, laneName) = await RegisterAsync();
        var lane = (await _host.Services.GetRequiredService<IRelayRegistry>().GetLaneAsync(laneName, Ct))!;
        var fabric = _fabric.CreateAdapter(fabricName);
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', Eth.Relays.Select(r => r.Address.ToString())), "2"]), $"signers-{laneName}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var recipient = (await Eth.FundedKeyAsync(Ct)).Address;
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct));
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [documentId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{documentId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(documentId, "-", Party(_fabric.CarrierParty), Party(recipient.ToString()), laneName, ethName), $"lock-{documentId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var messageId = MessageId.Derive(laneName, fabricName, locked.Tx.Id, 0);

        // The Fabric watcher both records the title facts and starts the relay message; the dispatcher imports the title on Ethereum.
        await WatchUntilAsync(
            fabric,
            fabricName,
            e => LaneEventMapper.ToMessages(fabricName, e, [lane], TimeProvider.System.GetUtcNow()),
            s => s.Any(x => x.Network == fabricName && x.State == LedgerTitleState.Locked),
            documentId);
        var store = new MessageStore(_dataSource, TimeProvider.System);
        (await store.GetAsync(messageId, Ct)).ShouldNotBeNull();
        var dispatcher = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }));
        (await RunUntilDeliveredAsync(store, messageId, dispatcher)).State.ShouldBe(MessageState.Acknowledged);
        await WatchUntilAsync(ethereum, ethName, e => [], s => s.Any(x => x.Network == ethName), documentId);

        var timeline = await TimelineAsync(bl);

        timeline.GetProperty("conflicts").GetArrayLength().ShouldBe(0, "locked on Fabric, live only on Ethereum");
        var titles = timeline.GetProperty("items").EnumerateArray().Where(i => i.Str("kind") == "title").ToList();
        titles.Where(t => t.Str("network") == fabricName).Select(t => (t.Str("event"), t.Str("state"))).ShouldBe([("TitleIssued", "active"), ("CrossChainMessage", "locked")], ignoreOrder: true);
        titles.Where(t => t.Str("network") == fabricName).ShouldAllBe(t => t.GetProperty("verdict").Str("status") == "observed");
        var imported = titles.Single(t => t.Str("network") == ethName);
        imported.Str("event").ShouldBe("TitleImported");
        imported.Str("holder").ShouldBe(recipient.ToString());
        var verdict = imported.GetProperty("verdict");
        verdict.Str("status").ShouldBe("proven");
        verdict.Str("messageId").ShouldBe(messageId.Value);
        verdict.Str("proofKind").ShouldBe(ProofKind.FabricEndorsement.ToWireName());
        verdict.GetProperty("valid").GetBoolean().ShouldBeTrue();
        var stored = (await store.GetProofsAsync(messageId, Ct))[0].Verdict.ShouldBeOfType<ProofVerdict.Valid>();
        verdict.GetProperty("signers").EnumerateArray().Select(s => s.GetString()).ShouldBe(stored.Signers);
    }

    private async Task<(string Bl, string DocumentId)> StoreBillOfLadingAsync()
    {
        using var client = _host.Client(_host.OperatorKey);
        var bl = Records.UniqueReference("MEDU");
        var document = (await client.StoreAsync(Records.Documents, Records.BillOfLading(bl, Records.UniqueReference("BKG"), "MSCU1234566"))).Single();
        return (bl, document.Str("id"));
    }

    private async Task<JsonElement> TimelineAsync(string bl)
    {
        using var client = _host.Client(_host.OperatorKey);
        using var response = await client.GetAsync($"/api/v1/shipments/{bl}/timeline?type=bl", Ct);
        return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// Runs a source watcher on <paramref name="adapter"/> that records title facts as the relay's watchers do (awaited
    /// before each checkpoint), until the standings of <paramref name="titleId"/> satisfy <paramref name="done"/>.
    /// </summary>
    private async Task WatchUntilAsync(INetworkAdapter adapter, string network, Func<LedgerEvent, IReadOnlyList<RelayMessage>> toMessages, Func<IReadOnlyList<TitleStanding>, bool> done, string titleId)
    {
        var watcher = new SourceWatcher(new WatcherStore(_dataSource, TimeProvider.System), new MessageStore(_dataSource, TimeProvider.System), TimeProvider.System, "timeline",
            new SourceWatcherOptions { LeaseDuration = TimeSpan.FromSeconds(5), RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watching = watcher.RunAsync(UniqueName("sub"), adapter, toMessages, stop.Token, (e, ct) => TitleFacts.RecordAsync(Facts, network, e, ct));
        try
        {
            for (var i = 0; i < 600; i++)
            {
                if (done(await Facts.LatestAsync(titleId, Ct)))
                {
                    return;
                }

                await Task.Delay(50, Ct);
            }

            throw new TimeoutException($"The watcher of {network} did not record the expected facts of title {titleId}.");
        }
        finally
        {
            await stop.CancelAsync();
            await RelayTestLanes.StoppedAsync(watching);
        }
    }

    /// <summary>TitleRegistry.issue by the registry's owner, outside the relay: the conflict injected on purpose.</summary>
    private async Task<string> IssueOnEthereumAsync(string titleId, EthAddress holder)
    {
        var data = BridgeContracts.TitleRegistry.Function("issue").EncodeCall(Bytes32Names.Of(titleId), holder, holder).Value;
        var sent = (await Eth.Sender.SendAsync(Eth.Owner, Eth.Contracts.TitleRegistry, data, BridgeContracts.TitleRegistry.Abi, Ct)).ShouldBeOfType<SendResult.Sent>();
        await Eth.Sender.WaitForReceiptAsync(sent.TransactionHash, TimeSpan.FromSeconds(30), Ct);
        return sent.TransactionHash;
    }

    private MessageDispatcher Dispatcher(IAdapterDirectory directory) => new(
        new MessageStore(_dataSource, TimeProvider.System),
        _host.Services.GetRequiredService<IRelayRegistry>(),
        directory,
        new ProofVerifierRegistry([new FabricEndorsementVerifier(), new Bridge.Adapters.Ethereum.Proofs.EthereumReceiptVerifier(), new PlatformJwsVerifier()]),
        [.. Eth.Relays.Select(k => (IRelaySigner)new EthRelaySigner(k))],
        TimeProvider.System,
        "timeline-host",
        new DispatcherOptions { FinalityPoll = TimeSpan.FromMilliseconds(50), IdleDelay = TimeSpan.FromMilliseconds(20) });

    /// <summary>Registers the Fabric network, the dev chain and a title lane between them under fresh names.</summary>
    private async Task<(string Fabric, string Ethereum, string Lane)> RegisterAsync()
    {
        using var client = _host.Client(_host.OperatorKey);
        var fabric = UniqueName("fab");
        var ethereum = UniqueName("eth");
        var lane = UniqueName("title");
        using (var created = await client.PostJsonAsync("/api/v1/networks", Bodies.Network(fabric, "fabric", anchors: JsonNode.Parse(TrustAnchorsJson.ToJson(_fabric.Network.TrustAnchors("trade")).GetRawText()))))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        }

        var ethAnchors = await Eth.AnchorsAsync(0, Ct);
        using (var created = await client.PostJsonAsync("/api/v1/networks", Bodies.Network(ethereum, "ethereum", url: Eth.Chain.RpcUri.ToString(), anchors: JsonNode.Parse(TrustAnchorsJson.ToJson(ethAnchors).GetRawText()))))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        }

        using var response = await client.PostJsonAsync("/api/v1/lanes", new JsonObject
        {
            ["name"] = lane,
            ["source"] = fabric,
            ["destination"] = ethereum,
            ["flows"] = new JsonArray("title"),
            ["direction"] = "both",
            ["proofPolicy"] = new JsonObject
            {
                ["sourceProofKinds"] = new JsonArray("fabric-endorsement", "ethereum-receipt"),
                ["relaySigners"] = new JsonArray([.. Eth.Relays.Select(r => (JsonNode)r.Address.ToString())]),
                ["relayThreshold"] = 2,
            },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (fabric, ethereum, lane);
    }

    private static async Task<RelayMessage> RunUntilDeliveredAsync(MessageStore store, MessageId id, MessageDispatcher dispatcher)
    {
        for (var i = 0; i < 400; i++)
        {
            await dispatcher.DispatchOnceAsync(Ct);
            var message = (await store.GetAsync(id, Ct))!;
            if (message.State is MessageState.Acknowledged or MessageState.Failed)
            {
                return message;
            }

            await Task.Delay(25, Ct);
        }

        throw new TimeoutException($"Message {id.Value} was not delivered and acknowledged.");
    }

    private static PartyRef Party(string address) => new(string.Empty, address);
}
