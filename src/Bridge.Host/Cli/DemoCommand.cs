using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Platform.Client;
using Bridge.Host.Hosting;
using Bridge.Relay.Access;
using Bridge.Simulators.Ethereum;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;
using Bridge.Simulators.Platform;

namespace Bridge.Host.Cli;

/// <summary>
/// <c>bridge demo</c> (the README's run command): starts the three simulators (Fabric Gateway, TradeLens-style platform,
/// the Ethereum dev chain with the bridge's contracts) and the host with the relay on the embedded database, registers the
/// networks and lanes, and walks through the issue's flows (a)–(d) on them with progress output: a shared document anchored
/// on Fabric and Ethereum, platform events replicated onto Fabric, an eBL's title moved Fabric → Ethereum → Fabric, and the
/// cross-network timeline with a conflict injected on purpose. Then it prints where to look and runs until stopped.
/// Everything lives under <c>--data</c> (default <c>bridge-data/demo</c>), started afresh each time.
/// </summary>
internal static class DemoCommand
{
    private const string FabricName = "fabric-carrier";
    private const string EthereumName = "eth-finance";
    private const string PlatformName = "tradelens";
    private const string TitleLane = "ebl-title";
    private const string DocumentsToFabric = "platform-to-fabric";
    private const string DocumentsToEthereum = "platform-to-ethereum";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Build(TextWriter stdout)
    {
        var urls = new Option<string>("--urls") { Description = "Where the host listens.", DefaultValueFactory = _ => BridgeApp.DefaultUrl };
        var data = new Option<string>("--data") { Description = "The demo's folder (simulator ledgers, the embedded database, keys, proof files); emptied at start.", DefaultValueFactory = _ => Path.Combine("bridge-data", "demo") };
        var exit = new Option<bool>("--exit") { Description = "Stop after the walkthrough instead of running until Ctrl+C." };
        var command = new Command("demo", "Start the simulators, the dev chain and the host with the relay, walk through the flows end to end, and keep running until Ctrl+C.")
        {
            urls, data, exit,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var demo = new Demo(stdout, Path.GetFullPath(parse.GetValue(data)!), parse.GetValue(urls)!);
            return await demo.RunAsync(parse.GetValue(exit), cancellationToken);
        });
        return command;
    }

    private sealed class Demo(TextWriter stdout, string folder, string url)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<IDisposable> _owned = [];
        private HttpClient _api = null!;

        public async Task<int> RunAsync(bool exitAfter, CancellationToken cancellationToken)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            var keys = Directory.CreateDirectory(Path.Combine(folder, "keys")).FullName;
            var proofs = Directory.CreateDirectory(Path.Combine(folder, "proofs")).FullName;

            // 1. The Fabric Gateway simulator (carrier, bank, customs; 2-of-3 endorsement).
            await StepAsync("Starting the Fabric Gateway simulator");
            using var network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = Path.Combine(folder, "fabric") });
            var grpc = new GrpcServer();
            network.Map(grpc);
            await using var fabricHost = await GrpcServerHost.StartAsync(grpc, new GrpcServerHostOptions(), cancellationToken);
            var carrierOrg = network.Organizations[0];
            await DoneAsync($"{carrierOrg.MspId}, {network.Organizations[1].MspId}, {network.Organizations[2].MspId} on {fabricHost.BaseAddress}");

            // 2. The TradeLens-style platform simulator, with its demo organisations.
            await StepAsync("Starting the platform simulator");
            await using var platform = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions { DataDirectory = Path.Combine(folder, "platform") }, cancellationToken);
            var carrierOnPlatform = platform.Organization("carrier");
            await DoneAsync($"on {platform.BaseAddress}");

            // 3. The Ethereum dev chain with DocumentRegistry and TitleRegistry; relay signers are dev accounts 1-3 (2 of 3).
            await StepAsync("Starting the Ethereum dev chain (Hardhat) and deploying the contracts");
            await using var chain = await DevChain.StartAsync(new DevChainOptions(), null, cancellationToken);
            var http = Own(new HttpClient());
            var rpc = new EthRpcClient(http, new EthRpcClientOptions { Endpoint = chain.RpcUri });
            var sender = new TransactionSender(rpc, new NonceManager(rpc), (ulong)chain.ChainId);
            var owner = Own(EthPrivateKey.FromBytes(chain.Accounts[0].GetPrivateKey()));
            var relays = chain.Accounts.Skip(1).Take(3).ToList();
            var contracts = await ContractDeployer.DeployAsync(sender, owner, [.. relays.Select(r => EthAddress.Parse(r.Address))], 2, cancellationToken);
            await DoneAsync($"chain {chain.ChainId} on {chain.RpcUri}; TitleRegistry {contracts.TitleRegistry}");

            // 4. The host with the relay, on its own embedded database.
            await StepAsync("Starting the bridge host with the relay");
            // The embedded cluster lives in the demo folder, or beside the one eng/run.sh chose for a root run (the
            // 'postgres' user must reach it); either way it starts empty.
            var embedded = Environment.GetEnvironmentVariable("Bridge__Database__Embedded__DataDirectory") is { Length: > 0 } chosen
                ? chosen.TrimEnd('/') + "-demo"
                : Path.Combine(folder, "postgres");
            if (Directory.Exists(embedded))
            {
                Directory.Delete(embedded, recursive: true);
            }

            var arguments = new List<string>
            {
                $"--urls={url}",
                $"--Bridge:Database:Embedded:DataDirectory={embedded}",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
                "--Bridge:Relay:Enabled=true",
                "--Bridge:Relay:LaneRefreshMilliseconds=500",
                "--Bridge:Relay:FinalityPollMilliseconds=100",
                $"--Bridge:Relay:Adapters:{FabricName}:Endpoint={fabricHost.BaseAddress}",
                $"--Bridge:Relay:Adapters:{FabricName}:Msp={carrierOrg.ClientMspFolder}",
                $"--Bridge:Relay:Adapters:{FabricName}:MspId={carrierOrg.MspId}",
                $"--Bridge:Relay:Adapters:{EthereumName}:Endpoint={chain.RpcUri}",
                $"--Bridge:Relay:Adapters:{EthereumName}:KeyFile={await KeyFileAsync(keys, "eth-sender.key", chain.Accounts[4].PrivateKeyHex, cancellationToken)}",
                $"--Bridge:Relay:Adapters:{EthereumName}:StartBlock={contracts.DeploymentBlock}",
                $"--Bridge:Relay:Adapters:{EthereumName}:PollMilliseconds=100",
                $"--Bridge:Relay:Adapters:{PlatformName}:Endpoint={platform.BaseAddress}",
                $"--Bridge:Relay:Adapters:{PlatformName}:ApiKeyFile={await KeyFileAsync(keys, "platform.key", carrierOnPlatform.ApiKey, cancellationToken)}",
                $"--Bridge:Relay:Adapters:{PlatformName}:OrganizationId={carrierOnPlatform.Id}",
                $"--Bridge:Relay:Adapters:{PlatformName}:PollMilliseconds=200",
            };
            for (var i = 0; i < relays.Count; i++)
            {
                arguments.Add($"--Bridge:Relay:SignerKeyFiles:{i}={await KeyFileAsync(keys, $"relay-{i + 1}.key", relays[i].PrivateKeyHex, cancellationToken)}");
            }

            await using var bridge = await BridgeApp.BuildAsync([.. arguments], null, cancellationToken);
            await bridge.App.StartAsync(cancellationToken);
            var baseUrl = bridge.App.Urls.First().TrimEnd('/');
            string operatorKey;
            await using (var scope = bridge.App.Services.CreateAsyncScope())
            {
                operatorKey = (await scope.ServiceProvider.GetRequiredService<IApiKeyStore>().CreateAsync(AccessRole.Operator, null, "demo operator", cancellationToken))!.PlainText;
            }

            _api = Own(new HttpClient { BaseAddress = new Uri(baseUrl + "/") });
            _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
            await File.WriteAllTextAsync(Path.Combine(keys, "operator-api-key"), operatorKey + "\n", cancellationToken);
            await DoneAsync($"on {baseUrl} ({bridge.Database.Description})");

            // 5. The registry: three networks with their trust anchors, three lanes.
            await StepAsync("Registering the networks and lanes");
            var platformHttp = Own(new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
            var carrierPlatform = new PlatformClient(platformHttp, new PlatformClientOptions { BaseAddress = platform.BaseAddress, ApiKey = carrierOnPlatform.ApiKey, OrganizationId = carrierOnPlatform.Id, NetworkName = PlatformName });
            var head = await rpc.GetBlockNumberAsync(cancellationToken);
            var headBlock = await rpc.GetBlockByNumberAsync(BlockSelector.Number(head), fullTransactions: false, cancellationToken);
            var ethAnchors = new EthereumTrustAnchors(
                chain.ChainId,
                new Dictionary<string, string> { [EthereumTrustAnchors.AnchorRegistryRole] = contracts.DocumentRegistry.ToString(), [EthereumTrustAnchors.TitleEscrowRole] = contracts.TitleRegistry.ToString() },
                new EthereumFinality(0),
                [new EthereumTrustedBlock((long)head, headBlock!.Value.GetProperty("hash").GetString()!)]);
            await PostAsync("api/v1/networks", Network(FabricName, "fabric", fabricHost.BaseAddress, network.TrustAnchors("trade")), cancellationToken);
            await PostAsync("api/v1/networks", Network(EthereumName, "ethereum", chain.RpcUri, ethAnchors), cancellationToken);
            await PostAsync("api/v1/networks", Network(PlatformName, "platform", platform.BaseAddress, await carrierPlatform.GetTrustAnchorsAsync(cancellationToken)), cancellationToken);
            var signers = new JsonArray([.. relays.Select(r => (JsonNode)r.Address)]);
            await PostAsync("api/v1/lanes", Lane(DocumentsToFabric, PlatformName, FabricName, ["documents", "events"], "one-way", ["platform-jws"], signers), cancellationToken);
            await PostAsync("api/v1/lanes", Lane(DocumentsToEthereum, PlatformName, EthereumName, ["documents"], "one-way", ["platform-jws"], signers), cancellationToken);
            await PostAsync("api/v1/lanes", Lane(TitleLane, FabricName, EthereumName, ["title"], "both", ["fabric-endorsement", "ethereum-receipt"], signers), cancellationToken);
            var fabric = FabricAdapterFor(carrierOrg, fabricHost.BaseAddress);
            Expect(await fabric.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', relays.Select(r => r.Address)), "2"]), "demo-relay-signers", cancellationToken), "setting the chaincode's relay signers");
            await DoneAsync($"{FabricName}, {EthereumName}, {PlatformName}; lanes {DocumentsToFabric}, {DocumentsToEthereum}, {TitleLane}");

            // (a) A bill of lading shared on the platform, anchored on Fabric and on Ethereum.
            await StepAsync("(a) Sharing a bill of lading on the platform; the relay anchors it on Fabric and Ethereum");
            var booking = "BKG" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            var consignment = (await carrierPlatform.UpsertConsignmentAsync(new JsonObject { ["originatorName"] = "Carrier", ["originatorId"] = "MAEU", ["carrierBookingNumber"] = booking }, cancellationToken)).ConsignmentId;
            var content = Encoding.UTF8.GetBytes($"{{\"billOfLadingNumber\":\"MAEU{booking[3..]}\",\"carrierBookingNumber\":\"{booking}\",\"shipper\":\"ACME Coffee\"}}");
            await carrierPlatform.ShareDocumentAsync(new JsonObject { ["docType"] = "BILL_OF_LADING", ["docTypeNamespace"] = "platform", ["fileType"] = "JSON", ["consignmentId"] = consignment, ["fileName"] = "bill-of-lading.json" }, content, "bill-of-lading.json", null, cancellationToken);
            var onFabric = await WaitForMessageAsync(DocumentsToFabric, "document-anchor", cancellationToken);
            var onEthereum = await WaitForMessageAsync(DocumentsToEthereum, "document-anchor", cancellationToken);
            var anchorProof = await SaveBundleAsync(onEthereum, Path.Combine(proofs, "document-anchor-ethereum.json"), cancellationToken);
            await SaveBundleAsync(onFabric, Path.Combine(proofs, "document-anchor-fabric.json"), cancellationToken);
            await DoneAsync($"anchored on Fabric (tx {Tx(onFabric)}) and Ethereum (tx {Tx(onEthereum)}), both proven by the platform's signature");

            // (b) Platform events replicated onto Fabric.
            await StepAsync("(b) Publishing two container events on the platform; the relay replicates them onto Fabric");
            foreach (var (type, port) in new[] { ("actualGateIn", "NLRTM"), ("actualLoadedOnVessel", "NLRTM") })
            {
                await carrierPlatform.PublishEventAsync(type, new JsonObject
                {
                    ["originatorName"] = "Carrier",
                    ["originatorId"] = "MAEU",
                    ["eventOccurrenceTime8601"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                    ["equipmentNumber"] = "MSCU1234566",
                    ["carrierBookingNumber"] = booking,
                    ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = port },
                }, null, cancellationToken);
            }

            var events = await WaitForMessagesAsync(DocumentsToFabric, "event", 2, cancellationToken);
            await DoneAsync($"{events.Count} events anchored on Fabric (the two just published and the platform's seeded ones; tx {string.Join(", ", events.Select(Tx))})");

            // (c) An eBL's title: issued and locked on Fabric, imported on Ethereum, transferred, burned, released on Fabric.
            await StepAsync("(c) Moving an eBL's title Fabric → Ethereum → Fabric");
            var bl = "MAEU" + booking[3..];
            var titleId = await StoreBillOfLadingAsync(bl, booking, cancellationToken);
            var firstHolder = Own(EthPrivateKey.FromBytes(chain.Accounts[5].GetPrivateKey()));
            var nextHolder = Own(EthPrivateKey.FromBytes(chain.Accounts[6].GetPrivateKey()));
            var ethereum = new EthereumAdapter(
                new EthereumAdapterOptions { Network = EthereumName, ChainId = (ulong)chain.ChainId, DocumentRegistry = contracts.DocumentRegistry, TitleRegistry = contracts.TitleRegistry, Signer = Own(EthPrivateKey.FromBytes(chain.Accounts[7].GetPrivateKey())), PartyKeys = [firstHolder, nextHolder], Confirmations = 0 },
                rpc);
            var carrierParty = FabricAdapter.PartyOf(MspFolder.Load(carrierOrg.ClientMspFolder, carrierOrg.MspId).Folder!.Signer!.Identity);
            Expect(await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, carrierParty, carrierParty]), $"issue-{titleId}", cancellationToken), "issuing the title on Fabric");
            await LineAsync($"      issued on Fabric to {carrierParty}: {await LiveAsync(fabric, ethereum, titleId, cancellationToken)}");
            Expect(await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", new PartyRef(string.Empty, carrierParty), new PartyRef(string.Empty, firstHolder.Address.ToString()), TitleLane, EthereumName), $"lock-{titleId}", cancellationToken), "locking the title on Fabric");
            await LineAsync($"      locked on Fabric for {firstHolder.Address}: {await LiveAsync(fabric, ethereum, titleId, cancellationToken)}");
            var outbound = await WaitForMessageAsync(TitleLane, "title", cancellationToken);
            await SaveBundleAsync(outbound, Path.Combine(proofs, "title-fabric-to-ethereum.json"), cancellationToken);
            await LineAsync($"      imported on Ethereum (tx {Tx(outbound)}): {await LiveAsync(fabric, ethereum, titleId, cancellationToken)}");
            Expect(await ethereum.SubmitAsync(new LedgerCommand.Transfer(titleId, new PartyRef(string.Empty, firstHolder.Address.ToString()), new PartyRef(string.Empty, nextHolder.Address.ToString())), $"transfer-{titleId}", cancellationToken), "transferring the title on Ethereum");
            await LineAsync($"      transferred on Ethereum to {nextHolder.Address}");
            Expect(await ethereum.SubmitAsync(new LedgerCommand.Burn(titleId, "-", new PartyRef(string.Empty, nextHolder.Address.ToString()), new PartyRef(string.Empty, carrierParty), TitleLane, FabricName), $"burn-{titleId}", cancellationToken), "burning the title on Ethereum");
            await LineAsync($"      burned on Ethereum for {carrierParty}: {await LiveAsync(fabric, ethereum, titleId, cancellationToken)}");
            var inbound = await WaitForMessagesAsync(TitleLane, "title", 2, cancellationToken);
            var back = inbound.First(m => m.GetProperty("source").GetProperty("network").GetString() == EthereumName);
            await SaveBundleAsync(back, Path.Combine(proofs, "title-ethereum-to-fabric.json"), cancellationToken);
            await DoneAsync($"released on Fabric (tx {Tx(back)}): {await LiveAsync(fabric, ethereum, titleId, cancellationToken)}");

            // (d) The timeline across networks, and a conflict injected on purpose.
            await StepAsync("(d) Injecting a conflict: a second eBL's title issued on Fabric and, on purpose, also on Ethereum");
            var conflictBl = "MAEU" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            var conflictTitle = await StoreBillOfLadingAsync(conflictBl, booking, cancellationToken);
            Expect(await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [conflictTitle, carrierParty, carrierParty]), $"issue-{conflictTitle}", cancellationToken), "issuing the second title on Fabric");
            var issue = BridgeContracts.TitleRegistry.Function("issue").EncodeCall(Bytes32Names.Of(conflictTitle), nextHolder.Address, nextHolder.Address).Value;
            var sent = await sender.SendAsync(owner, contracts.TitleRegistry, issue, BridgeContracts.TitleRegistry.Abi, cancellationToken);
            await sender.WaitForReceiptAsync(((SendResult.Sent)sent).TransactionHash, TimeSpan.FromSeconds(30), cancellationToken);
            var conflicts = await WaitForConflictAsync(conflictBl, cancellationToken);
            await DoneAsync($"the timeline of {conflictBl} flags {conflicts}");

            // The trust file for checking the proof files offline, and one such check.
            var trustFile = Path.Combine(proofs, "trust.json");
            var trust = new JsonObject
            {
                ["networks"] = new JsonObject
                {
                    [PlatformName] = new JsonObject { ["kind"] = "platform", ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(await carrierPlatform.GetTrustAnchorsAsync(cancellationToken)).GetRawText()) },
                    [FabricName] = new JsonObject { ["kind"] = "fabric", ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(network.TrustAnchors("trade")).GetRawText()) },
                },
                ["relaySigners"] = new JsonObject([.. new[] { DocumentsToFabric, DocumentsToEthereum, TitleLane }.Select(l =>
                    KeyValuePair.Create(l, (JsonNode?)new JsonObject { ["signers"] = signers.DeepClone(), ["threshold"] = 2 }))]),
            };
            await File.WriteAllTextAsync(trustFile, trust.ToJsonString(Indented), cancellationToken);
            using var verifyOut = new StringWriter();
            var verified = await BridgeCommandLine.RunAsync(["verify", anchorProof, "--trust", trustFile], verifyOut, TextWriter.Null, cancellationToken);
            await StepAsync("Checking the Ethereum anchor's proof file offline with bridge verify");
            await DoneAsync(verified == ExitCodes.Ok ? verifyOut.ToString().Split('\n')[^2].Trim() : $"FAILED: {verifyOut}");

            await stdout.WriteLineAsync(
                $"""

                The demo is ready ({_clock.Elapsed.TotalSeconds:0} s). Where to look (operator API key in {Path.Combine(keys, "operator-api-key")}):
                  API docs          {baseUrl}/docs
                  Timeline (eBL)    {baseUrl}/api/v1/shipments/{bl}/timeline
                  Timeline (clash)  {baseUrl}/api/v1/shipments/{conflictBl}/timeline
                  Messages          {baseUrl}/api/v1/messages
                  Metrics           {baseUrl}/metrics
                  Proof file        {anchorProof}
                  Check it offline  bridge verify {anchorProof} --trust {trustFile}
                Press Ctrl+C to stop.
                """);
            if (!exitAfter)
            {
                await CliSignals.WaitForStopAsync(cancellationToken);
            }

            await bridge.App.StopAsync(CancellationToken.None);
            foreach (var owned in Enumerable.Reverse(_owned))
            {
                owned.Dispose();
            }

            return ExitCodes.Ok;
        }

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            _owned.Add(disposable);
            return disposable;
        }

        private FabricAdapter FabricAdapterFor(Bridge.Simulators.Fabric.Network.SimulatedOrganization organization, Uri endpoint)
        {
            var folder = MspFolder.Load(organization.ClientMspFolder, organization.MspId).Folder ?? throw new CliException(ExitCodes.Unavailable, $"cannot load {organization.MspId}'s MSP folder");
            var handler = Own(GrpcHttpHandler.Create());
            var client = Own(new GrpcClient(handler, endpoint));
            return new FabricAdapter(new FabricAdapterOptions { Network = FabricName, Channel = "trade", Signer = folder.Signer!, AttestingOrganizations = ["CarrierMSP", "BankMSP", "CustomsMSP"] }, client);
        }

        private Task StepAsync(string what) => stdout.WriteLineAsync($"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {what} ...");

        private Task DoneAsync(string what) => stdout.WriteLineAsync($"         done: {what}");

        private Task LineAsync(string text) => stdout.WriteLineAsync(text);

        private static void Expect(SubmitResult result, string what)
        {
            if (result is SubmitResult.Rejected rejected)
            {
                throw new CliException(ExitCodes.Unavailable, $"demo: {what} was refused: {rejected.Code}: {rejected.Reason}");
            }
        }

        private static string Tx(JsonElement message) =>
            message.GetProperty("transitions").EnumerateArray().LastOrDefault(t => t.GetProperty("trigger").GetString() == "destination-confirmed") is { ValueKind: JsonValueKind.Object } confirmed
                ? confirmed.GetProperty("evidence").GetString()!
                : "?";

        private static async Task<string> LiveAsync(INetworkAdapter fabric, INetworkAdapter ethereum, string titleId, CancellationToken cancellationToken)
        {
            async Task<string> On(INetworkAdapter adapter) =>
                await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), cancellationToken) is QueryResult.Found found ? found.Value.GetProperty("state").GetString()! : "absent";
            return $"Fabric {await On(fabric)}, Ethereum {await On(ethereum)}";
        }

        private static async Task<string> KeyFileAsync(string folder, string name, string secret, CancellationToken cancellationToken)
        {
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, secret.StartsWith("0x", StringComparison.Ordinal) ? secret[2..] : secret, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return path;
        }

        private static JsonObject Network(string name, string kind, Uri endpoint, TrustAnchors anchors) => new()
        {
            ["name"] = name,
            ["displayName"] = name,
            ["kind"] = kind,
            ["endpoints"] = new JsonArray(new JsonObject { ["name"] = "main", ["url"] = endpoint.ToString() }),
            ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(anchors).GetRawText()),
        };

        private static JsonObject Lane(string name, string source, string destination, string[] flows, string direction, string[] proofKinds, JsonArray signers) => new()
        {
            ["name"] = name,
            ["source"] = source,
            ["destination"] = destination,
            ["flows"] = new JsonArray([.. flows.Select(f => (JsonNode)f)]),
            ["direction"] = direction,
            ["proofPolicy"] = new JsonObject { ["sourceProofKinds"] = new JsonArray([.. proofKinds.Select(k => (JsonNode)k)]), ["relaySigners"] = signers.DeepClone(), ["relayThreshold"] = 2 },
        };

        private async Task<JsonElement> PostAsync(string path, JsonNode body, CancellationToken cancellationToken)
        {
            using var response = await _api.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(ExitCodes.Unavailable, $"demo: POST {path} answered {(int)response.StatusCode}: {text}");
            }

            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }

        /// <summary>Stores a canonical bill of lading; its id is the eBL's title id.</summary>
        private async Task<string> StoreBillOfLadingAsync(string number, string booking, CancellationToken cancellationToken)
        {
            var stored = await PostAsync("api/v1/documents", new JsonObject
            {
                ["docType"] = "BILL_OF_LADING",
                ["documentNumber"] = number,
                ["issueDate"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["isToOrder"] = true,
                ["carrier"] = new JsonObject { ["scheme"] = "SCAC", ["value"] = "MAEU" },
                ["consignmentReferences"] = new JsonArray(new JsonObject { ["typeCode"] = "BKG", ["value"] = booking }),
                ["equipmentReferences"] = new JsonArray("MSCU1234566"),
                ["goodsItems"] = new JsonArray(new JsonObject { ["description"] = "Roasted coffee", ["hsCodes"] = new JsonArray("090121") }),
            }, cancellationToken);
            return stored.GetProperty("items")[0].GetProperty("id").GetString()!;
        }

        private async Task<JsonElement> WaitForMessageAsync(string lane, string kind, CancellationToken cancellationToken) =>
            (await WaitForMessagesAsync(lane, kind, 1, cancellationToken))[0];

        /// <summary>Waits until <paramref name="count"/> messages of <paramref name="kind"/> on <paramref name="lane"/> are acknowledged; returns them with their transitions.</summary>
        private async Task<List<JsonElement>> WaitForMessagesAsync(string lane, string kind, int count, CancellationToken cancellationToken)
        {
            var deadline = _clock.Elapsed + TimeSpan.FromMinutes(2);
            var last = "none yet";
            while (_clock.Elapsed < deadline)
            {
                using var response = await _api.GetAsync($"api/v1/messages?lane={lane}&limit=200", cancellationToken);
                using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var ofKind = list.RootElement.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("kind").GetString() == kind).ToList();
                last = string.Join(", ", ofKind.Select(m => m.GetProperty("state").GetString()));
                if (ofKind.FirstOrDefault(m => m.GetProperty("state").GetString() == "failed") is { ValueKind: JsonValueKind.Object } failed)
                {
                    throw new CliException(ExitCodes.Unavailable, $"demo: a {kind} message on {lane} failed: {failed.GetProperty("lastError").GetRawText()}");
                }

                if (ofKind.Count(m => m.GetProperty("state").GetString() == "acknowledged") >= count)
                {
                    var result = new List<JsonElement>();
                    foreach (var message in ofKind.Where(m => m.GetProperty("state").GetString() == "acknowledged"))
                    {
                        using var one = await _api.GetAsync($"api/v1/messages/{message.GetProperty("id").GetString()}", cancellationToken);
                        using var detail = JsonDocument.Parse(await one.Content.ReadAsStringAsync(cancellationToken));
                        result.Add(detail.RootElement.Clone());
                    }

                    return result;
                }

                await Task.Delay(200, cancellationToken);
            }

            throw new CliException(ExitCodes.Unavailable, $"demo: {count} {kind} message(s) on {lane} were not delivered within 2 minutes (states: {last})");
        }

        private async Task<string> SaveBundleAsync(JsonElement message, string path, CancellationToken cancellationToken)
        {
            var bundle = await _api.GetStringAsync($"api/v1/messages/{message.GetProperty("id").GetString()}/proof", cancellationToken);
            using var document = JsonDocument.Parse(bundle);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document.RootElement, Indented), cancellationToken);
            return path;
        }

        private async Task<string> WaitForConflictAsync(string bl, CancellationToken cancellationToken)
        {
            var deadline = _clock.Elapsed + TimeSpan.FromMinutes(1);
            while (_clock.Elapsed < deadline)
            {
                using var response = await _api.GetAsync($"api/v1/shipments/{bl}/timeline", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var timeline = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    var conflicts = timeline.RootElement.GetProperty("conflicts");
                    if (conflicts.GetArrayLength() > 0)
                    {
                        return string.Join("; ", conflicts.EnumerateArray().Select(c =>
                            $"{c.GetProperty("kind").GetString()} ({string.Join(" vs ", c.GetProperty("networks").EnumerateArray().Select(n => $"{n.GetProperty("network").GetString()}: {n.GetProperty("holder").GetString()}"))})"));
                    }
                }

                await Task.Delay(200, cancellationToken);
            }

            throw new CliException(ExitCodes.Unavailable, $"demo: the timeline of {bl} flagged no conflict within a minute");
        }
    }
}
