using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Adapters.Platform.Proofs;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Ethereum;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// The relay end to end on real parts: a title issued and locked on the Fabric simulator is seen by a watcher, proven with
/// a fabric-endorsement proof checked against the Fabric network's anchors, attested by 2 of the lane's 3 relay keys, and
/// imported on the Ethereum dev chain's TitleRegistry exactly once, even with two dispatchers ("hosts") on one database.
/// A Fabric network registered with another organisation's roots makes the proof fail: the message fails with the
/// verdict's reason and nothing reaches Ethereum.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DispatcherTests : IClassFixture<BridgeHostFixture>, IClassFixture<FabricAdapterFixture>, IAsyncLifetime
{
    private readonly BridgeHostFixture _host;
    private readonly FabricAdapterFixture _fabric;
    private readonly SharedEthereumLane _ethereum;
    private NpgsqlDataSource _dataSource = null!;

    public DispatcherTests(BridgeHostFixture host, FabricAdapterFixture fabric, SharedEthereumLane ethereum)
    {
        _host = host;
        _fabric = fabric;
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
    public async Task TitleLockedOnFabric_TwoDispatchers_IsImportedOnEthereumOnceWithBothProofsStored()
    {
        var (fabricName, ethName, lane) = await RegisterAsync(_fabric.Network.TrustAnchors("trade"));
        var operatorKey = await Eth.FundedKeyAsync(Ct);
        var recipient = (await Eth.FundedKeyAsync(Ct)).Address;
        var fabric = _fabric.CreateAdapter(fabricName);
        await SetFabricRelaySignersAsync(fabric);
        var ethereum = Eth.Adapter(operatorKey);
        var titleId = Guid.NewGuid().ToString();

        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(recipient.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        var message = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id);
        var directory = new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum });
        var hostA = Dispatcher(directory, "host-a");
        var hostB = Dispatcher(directory, "host-b");
        var store = new MessageStore(_dataSource, TimeProvider.System);

        var done = await RunUntilAsync(store, message.Id, m => m.State is MessageState.Acknowledged or MessageState.Failed, hostA, hostB);

        done.State.ShouldBe(MessageState.Acknowledged, done.LastError?.ToString());
        done.Transitions.Select(t => t.To).ShouldBe([MessageState.Final, MessageState.Proven, MessageState.Submitted, MessageState.Confirmed, MessageState.Acknowledged]);
        done.Transitions.Select(t => t.At).ShouldBeInOrder(SortDirection.Ascending, "steps written together keep the times they happened");
        (hostA.Stats.Submitted + hostB.Stats.Submitted).ShouldBe(1, "one host submits");
        var title = (await ethereum.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("state").GetString().ShouldBe("active");
        title.Value.GetProperty("holder").GetString()!.ShouldBe(recipient.ToString(), StringCompareShould.IgnoreCase);
        var onFabric = (await fabric.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        onFabric.Value.GetProperty("state").GetString().ShouldBe("locked", "live on exactly one ledger");

        var proofs = await store.GetProofsAsync(message.Id, Ct);
        proofs.Select(p => p.Role).ShouldBe([MessageDispatcher.SourceRole, MessageDispatcher.AcknowledgementRole, MessageDispatcher.AttestationRole]);
        var outbound = (MessagePayload.Title)message.Payload!;
        var settled = (await fabric.QueryAsync(new LedgerQuery.RawEvaluate("GetOutboundMessage", [outbound.SourceMessageId]), Ct)).ShouldBeOfType<QueryResult.Found>();
        settled.Value.GetRawText().ShouldContain("acknowledged", Case.Insensitive, "the source recorded the acknowledgement");
        proofs[0].Envelope.Kind.ShouldBe(ProofKind.FabricEndorsement);
        proofs[0].Verdict.ShouldBeOfType<ProofVerdict.Valid>().Signers.Count.ShouldBeGreaterThanOrEqualTo(2);
        new FabricEndorsementVerifier().Verify(proofs[0].Envelope, _fabric.Network.TrustAnchors("trade")).IsValid.ShouldBeTrue("the stored proof verifies on its own");
        var attestation = proofs[2].Envelope;
        attestation.Kind.ShouldBe(ProofKind.RelayAttestation);
        attestation.Data.GetProperty("signatures").GetArrayLength().ShouldBe(2);

        // Submitting the same message again (a crashed host retrying) changes nothing on the chain.
        var mint = new LedgerCommand.Mint(titleId, RelayAttestations.MessageWord(message.Id), Party(_fabric.CarrierParty), Party(recipient.ToString()), attestation);
        var again = await Eth.Adapter(await Eth.FundedKeyAsync(Ct)).SubmitAsync(mint, message.Id.Value, Ct);
        again.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(done.Transitions[2].Evidence, "the first import is found, not repeated");
    }

    [Fact]
    public async Task DocumentsAnchoredInOneFabricBatch_AreEachAnchoredOnEthereumWithTheBatchProof()
    {
        using var client = _host.Client(_host.OperatorKey);
        var fabricName = UniqueName("fab");
        var ethName = UniqueName("eth");
        var laneName = UniqueName("docs");
        await RelayTestLanes.CreateNetworkAsync(client, fabricName, "fabric", _fabric.Network.TrustAnchors("trade"));
        await RelayTestLanes.CreateNetworkAsync(client, ethName, "ethereum", await Eth.AnchorsAsync(0, Ct), Eth.Chain.RpcUri);
        await RelayTestLanes.CreateLaneAsync(client, laneName, fabricName, ethName, ["documents"], ["fabric-endorsement"], Eth.Relays.Select(r => r.Address.ToString()), 2);
        var fabric = _fabric.CreateAdapter(fabricName);
        var ethereum = Eth.Adapter(await Eth.FundedKeyAsync(Ct));
        var anchors = Enumerable.Range(0, 3).Select(i =>
        {
            var digest = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            return new LedgerCommand.Anchor(Guid.NewGuid().ToString(), digest, digest, "INVOICE");
        }).ToList();
        var results = await fabric.SubmitBatchAsync([.. anchors.Select(a => new BatchCommand(a, $"batch-{a.DocumentId}"))], Ct);
        var batchTx = results.Select(r => r.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id).Distinct().ShouldHaveSingleItem("one Fabric transaction");

        // The watcher maps the batch's one DocumentsAnchored event to a message per anchor, then the dispatcher relays them.
        var ids = Enumerable.Range(0, 3).Select(i => MessageId.Derive(laneName, fabricName, batchTx, (ulong)i)).ToArray();
        await WatchUntilStoredAsync(fabric, fabricName, laneName, ids);
        var store = new MessageStore(_dataSource, TimeProvider.System);

        var dispatcher = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }), "host-docs");
        foreach (var (id, anchor) in ids.Zip(anchors))
        {
            var done = await RunUntilAsync(store, id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher);
            done.State.ShouldBe(MessageState.Acknowledged, done.LastError?.ToString());
            ((MessagePayload.Anchor)done.Payload!).RecordId.ShouldBe(anchor.DocumentId);
            var onEthereum = (await ethereum.QueryAsync(new LedgerQuery.AnchorOf(anchor.DocumentId), Ct)).ShouldBeOfType<QueryResult.Found>();
            onEthereum.Value.GetRawText().ShouldContain(anchor.Digest, Case.Insensitive);
            var proof = (await store.GetProofsAsync(id, Ct)).Single(p => p.Role == MessageDispatcher.SourceRole);
            proof.Envelope.Subject.Id.ShouldBe(batchTx);
            new FabricEndorsementVerifier().Verify(proof.Envelope, _fabric.Network.TrustAnchors("trade")).IsValid.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task DocumentAnchoredOnEthereum_IsAnchoredOnFabricWithTheSameDigestsUnderTheLogsReceiptProof()
    {
        using var client = _host.Client(_host.OperatorKey);
        var fabricName = UniqueName("fab");
        var ethName = UniqueName("eth");
        var laneName = UniqueName("docs");
        await RelayTestLanes.CreateNetworkAsync(client, fabricName, "fabric", _fabric.Network.TrustAnchors("trade"));
        await RelayTestLanes.CreateNetworkAsync(client, ethName, "ethereum", await Eth.AnchorsAsync(0, Ct), Eth.Chain.RpcUri);
        await RelayTestLanes.CreateLaneAsync(client, laneName, ethName, fabricName, ["documents"], ["ethereum-receipt"], Eth.Relays.Select(r => r.Address.ToString()), 2);
        var fabric = _fabric.CreateAdapter(fabricName);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct), 0);
        var documentId = Guid.NewGuid().ToString();
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var root = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

        // Anchored on the dev chain's DocumentRegistry by a party of the Ethereum network.
        var anchored = (await ethereum.SubmitAsync(new LedgerCommand.Anchor(documentId, digest, root, "BILL_OF_LADING"), $"anchor-{documentId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var receipt = (await Eth.Rpc.GetTransactionReceiptAsync(anchored.Tx.Id, Ct)).ShouldNotBeNull();
        var log = receipt.GetProperty("logs").EnumerateArray().ShouldHaveSingleItem();
        var txHash = log.GetProperty("transactionHash").GetString()!;
        var logIndex = Convert.ToUInt64(log.GetProperty("logIndex").GetString(), 16);

        // The watcher on Ethereum maps the log to one message on the lane; the dispatcher takes it to Fabric.
        var id = MessageId.Derive(laneName, ethName, txHash, logIndex);
        var message = (await WatchUntilStoredAsync(ethereum, ethName, laneName, id)).Single();
        message.Kind.ShouldBe(MessageKind.DocumentAnchor);
        message.DestinationNetwork.ShouldBe(fabricName);
        var payload = message.Payload.ShouldBeOfType<MessagePayload.Anchor>();
        (payload.RecordId, payload.Digest, payload.MerkleRoot, payload.RecordType).ShouldBe((documentId, digest, root, "BILL_OF_LADING"));
        var store = new MessageStore(_dataSource, TimeProvider.System);
        var dispatcher = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }), "host-eth-docs");

        var done = await RunUntilAsync(store, id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher);

        done.State.ShouldBe(MessageState.Acknowledged, done.LastError?.ToString());
        done.Transitions.Select(t => t.To).ShouldBe([MessageState.Final, MessageState.Proven, MessageState.Submitted, MessageState.Confirmed, MessageState.Acknowledged]);
        var onFabric = (await fabric.QueryAsync(new LedgerQuery.AnchorOf(documentId), Ct)).ShouldBeOfType<QueryResult.Found>();
        onFabric.Value.GetProperty("contentDigest").GetString().ShouldBe(digest);
        onFabric.Value.GetProperty("commitmentRoot").GetString().ShouldBe(root);
        onFabric.Value.GetProperty("documentType").GetString().ShouldBe("BILL_OF_LADING");
        var proof = (await store.GetProofsAsync(id, Ct)).Single(p => p.Role == MessageDispatcher.SourceRole);
        proof.Envelope.Kind.ShouldBe(ProofKind.EthereumReceipt);
        proof.Envelope.SourceNetwork.ShouldBe(ethName);
        proof.Envelope.Subject.ShouldBe(payload.Subject, "the receipt proof is of exactly the log the message came from");
        proof.Verdict.ShouldBeOfType<ProofVerdict.Valid>();

        // Anchoring the same message again (a crashed host retrying) finds the first Fabric transaction.
        var again = await fabric.SubmitAsync(new LedgerCommand.Anchor(documentId, digest, root, "BILL_OF_LADING"), id.Value, Ct);
        again.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(done.Transitions[2].Evidence);
    }

    [Fact]
    public async Task SourceProof_AnchorsOfAnotherOrganisation_FailsWithTheVerdictAndNothingIsSubmitted()
    {
        var genuine = _fabric.Network.TrustAnchors("trade");
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ca.stranger.example.com", strangerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = TimeProvider.System.GetUtcNow();
        using var stranger = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var forged = genuine with { Msps = [.. genuine.Msps.Select(m => m with { RootCertificates = [stranger.ExportCertificatePem()] })] };
        var (fabricName, ethName, lane) = await RegisterAsync(forged);
        var fabric = _fabric.CreateAdapter(fabricName);
        var titleId = Guid.NewGuid().ToString();
        await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct);
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(Eth.Relays[0].Address.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var message = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id);
        var ethereum = Eth.Adapter(await Eth.FundedKeyAsync(Ct));
        var dispatcher = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }), "host-a");
        var store = new MessageStore(_dataSource, TimeProvider.System);

        var done = await RunUntilAsync(store, message.Id, m => m.State == MessageState.Failed, dispatcher);

        done.FailedFrom.ShouldBe(MessageState.Final);
        done.LastError!.Code.ShouldBe(DispatchCodes.ProofInvalid);
        done.LastError.Retryable.ShouldBeFalse();
        // The first check that fails is the block attestation: none of the attesting organisations chains to the roots.
        done.LastError.Detail.ShouldStartWith(FabricProofCodes.NotCommitted + ": ");
        var stored = (await store.GetProofsAsync(message.Id, Ct)).ShouldHaveSingleItem();
        stored.Role.ShouldBe(MessageDispatcher.SourceRole);
        stored.Verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(FabricProofCodes.NotCommitted);
        new FabricEndorsementVerifier().Verify(stored.Envelope, genuine).IsValid.ShouldBeTrue("the proof itself is genuine: only the anchors differ");
        dispatcher.Stats.Submitted.ShouldBe(0);
        (await ethereum.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.NotFound>();
    }

    [Fact]
    public async Task TitleRoundTrip_LockImportTransferBurnRelease_IsLiveOnExactlyOneLedgerAtEveryStep()
    {
        var (fabricName, ethName, lane) = await RegisterAsync(_fabric.Network.TrustAnchors("trade"));
        var fabric = _fabric.CreateAdapter(fabricName);
        await SetFabricRelaySignersAsync(fabric);
        var firstHolder = await Eth.FundedKeyAsync(Ct);
        var nextHolder = await Eth.FundedKeyAsync(Ct);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct), 0, firstHolder, nextHolder);
        var directory = new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum });
        var dispatcher = Dispatcher(directory, "host-a");
        var store = new MessageStore(_dataSource, TimeProvider.System);
        var titleId = Guid.NewGuid().ToString();

        // Issued and locked on Fabric, imported on Ethereum.
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(firstHolder.Address.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        (await StateAsync(fabric, titleId)).ShouldBe("locked");
        (await StateAsync(ethereum, titleId)).ShouldBeNull("not on Ethereum before the import");
        var outbound = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id, TitleMove.Export);
        (await RunUntilAsync(store, outbound.Id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher)).State.ShouldBe(MessageState.Acknowledged);
        (await StateAsync(ethereum, titleId)).ShouldBe("active");
        (await StateAsync(fabric, titleId)).ShouldBe("locked");

        // Transferred on Ethereum to a new holder, who burns it to send it home to the carrier.
        (await ethereum.SubmitAsync(new LedgerCommand.Transfer(titleId, Party(firstHolder.Address.ToString()), Party(nextHolder.Address.ToString())), $"transfer-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var burned = (await ethereum.SubmitAsync(new LedgerCommand.Burn(titleId, "-", Party(nextHolder.Address.ToString()), Party(_fabric.CarrierParty), lane, fabricName), $"burn-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        (await StateAsync(ethereum, titleId)).ShouldBe("burned");
        (await StateAsync(fabric, titleId)).ShouldBe("locked", "still locked until the release");

        // Released on Fabric: proven by an ethereum-receipt proof, the recipient resolved from its word.
        var inbound = await ObserveAsync(ethereum, ethName, lane, burned.Tx.Id, TitleMove.Return);
        var back = await RunUntilAsync(store, inbound.Id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher);
        back.State.ShouldBe(MessageState.Acknowledged, back.LastError?.ToString());
        var proofs = await store.GetProofsAsync(inbound.Id, Ct);
        proofs[0].Envelope.Kind.ShouldBe(ProofKind.EthereumReceipt);
        proofs[0].Verdict.IsValid.ShouldBeTrue();
        var home = (await fabric.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        home.Value.GetProperty("state").GetString().ShouldBe("active");
        home.Value.GetProperty("holder").GetString().ShouldBe(_fabric.CarrierParty);
        (await StateAsync(ethereum, titleId)).ShouldBe("burned");
    }

    [Fact]
    public async Task TitleBurnedOnEthereumToABoundFabricIdentity_IsReleasedToThatIdentityThroughThePartyDirectory()
    {
        var (fabricName, ethName, lane) = await RegisterAsync(_fabric.Network.TrustAnchors("trade"));
        var fabric = _fabric.CreateAdapter(fabricName);
        await SetFabricRelaySignersAsync(fabric);
        var holder = await Eth.FundedKeyAsync(Ct);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct), 0, holder);
        var store = new MessageStore(_dataSource, TimeProvider.System);

        // The bank's Fabric identity is bound to a participant, checked against this Fabric network; the bank never held
        // the title on Fabric, so only the party directory (from the bindings) knows its party string.
        var bank = _fabric.Bank.Signer!;
        using (var client = _host.Client(_host.OperatorKey))
        {
            await TestBindings.BindAsync(client, "fixture-participant", (new Bridge.Adapters.Abstractions.Bindings.FabricBoundIdentity(bank.Identity.MspId, bank.Identity.CertificatePem), fabricName, s => Bridge.Adapters.Fabric.Bindings.FabricBindingSignatureVerifier.Sign(bank, s)));
        }

        var dispatcher = Dispatcher(
            new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }),
            "host-a",
            parties: new BoundPartyDirectory(_host.Services.GetRequiredService<Bridge.Relay.Registry.IIdentityBindingStore>(), TimeProvider.System));
        var titleId = Guid.NewGuid().ToString();
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(holder.Address.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var outbound = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id, TitleMove.Export);
        (await RunUntilAsync(store, outbound.Id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher)).State.ShouldBe(MessageState.Acknowledged);

        // Burned on Ethereum to the bank's Fabric identity: the event carries only its 32-byte word.
        var burned = (await ethereum.SubmitAsync(new LedgerCommand.Burn(titleId, "-", Party(holder.Address.ToString()), Party(_fabric.BankParty), lane, fabricName), $"burn-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var inbound = await ObserveAsync(ethereum, ethName, lane, burned.Tx.Id, TitleMove.Return);
        inbound.Payload.ShouldBeOfType<MessagePayload.Title>().Recipient.ShouldBe("0x" + Convert.ToHexStringLower(Bytes32Words.OfRecipient(_fabric.BankParty)));
        var back = await RunUntilAsync(store, inbound.Id, m => m.State is MessageState.Acknowledged or MessageState.Failed, dispatcher);
        back.State.ShouldBe(MessageState.Acknowledged, back.LastError?.ToString());
        var home = (await fabric.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        home.Value.GetProperty("state").GetString().ShouldBe("active");
        home.Value.GetProperty("holder").GetString().ShouldBe(_fabric.BankParty);
    }

    [Fact]
    public async Task TitleNotDeliveredBeforeItsDeadline_ExpiresAndIsRefundedOnTheSourceWithItsHolder()
    {
        var (fabricName, ethName, lane) = await RegisterAsync(_fabric.Network.TrustAnchors("trade"));
        var fabric = _fabric.CreateAdapter(fabricName);
        await SetFabricRelaySignersAsync(fabric);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct));
        var titleId = Guid.NewGuid().ToString();
        await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct);
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(Eth.Relays[0].Address.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var message = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id);
        var store = new MessageStore(_dataSource, TimeProvider.System);

        // This host cannot reach the destination: the message is proven, then waits (not a failure: another host might).
        var cutOff = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric }), "host-a");
        var waiting = await RunUntilAsync(store, message.Id, m => m.State == MessageState.Proven, cutOff);
        waiting.LastError.ShouldBeNull();
        (await StateAsync(fabric, titleId)).ShouldBe("locked");

        // Past its deadline and the refund grace (a clock moved forward): it expires, the destination shows it not
        // consumed, and the relay's refund gives the title back on Fabric to the holder it left with.
        var later = new FakeTimeProvider(message.Deadline!.Value + TimeSpan.FromMinutes(3));
        var laterStore = new MessageStore(_dataSource, later);
        var relay = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }), "host-b", later, laterStore);
        var refunded = await RunUntilAsync(laterStore, message.Id, m => m.State is MessageState.Refunded, relay);

        refunded.State.ShouldBe(MessageState.Refunded);
        refunded.Transitions.Select(t => t.To).ShouldContain(MessageState.Expired);
        (await store.GetProofsAsync(message.Id, Ct)).Select(p => p.Role).ShouldContain(MessageDispatcher.RefundRole);
        var home = (await fabric.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        home.Value.GetProperty("state").GetString().ShouldBe("active");
        home.Value.GetProperty("holder").GetString().ShouldBe(_fabric.CarrierParty);
        (await StateAsync(ethereum, titleId)).ShouldBeNull("it never arrived on Ethereum");
    }

    [Theory]
    [InlineData("flipped-byte")]
    [InlineData("policy-not-met")]
    [InlineData("wrong-network")]
    [InlineData("replayed-message")]
    public async Task ForgedSourceProof_IsRejectedWithItsReasonRecordedAndNothingIsSubmitted(string forgery)
    {
        var genuine = _fabric.Network.TrustAnchors("trade");
        // A policy the proof cannot meet: all three organisations must endorse, the simulator's transactions carry two.
        var anchors = forgery == "policy-not-met" ? genuine with { EndorsementPolicy = new FabricEndorsementPolicy(FabricEndorsementPolicy.NOfType, 3, genuine.EndorsementPolicy.Organizations) } : genuine;
        var (fabricName, ethName, lane) = await RegisterAsync(anchors);
        var fabric = _fabric.CreateAdapter(fabricName);
        var earlierId = Guid.NewGuid().ToString();
        var earlier = (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [earlierId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{earlierId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var titleId = Guid.NewGuid().ToString();
        await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct);
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(Eth.Relays[0].Address.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var message = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id);
        var forging = new ForgingAdapter(fabric, forgery, earlier.Tx.Id);
        var ethereum = Eth.AdapterFor(ethName, await Eth.FundedKeyAsync(Ct));
        var dispatcher = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = forging, [ethName] = ethereum }), "host-a");
        var store = new MessageStore(_dataSource, TimeProvider.System);

        var done = await RunUntilAsync(store, message.Id, m => m.State is MessageState.Failed or MessageState.Submitted or MessageState.Acknowledged, dispatcher);

        done.State.ShouldBe(MessageState.Failed, forgery);
        done.FailedFrom.ShouldBe(MessageState.Final);
        done.LastError!.Code.ShouldBe(DispatchCodes.ProofInvalid);
        var stored = (await store.GetProofsAsync(message.Id, Ct)).ShouldHaveSingleItem();
        var verdict = stored.Verdict.ShouldBeOfType<ProofVerdict.Invalid>();
        done.LastError.Detail.ShouldBe($"{verdict.Code}: {verdict.Reason}", "the reason is recorded with the message");
        verdict.Code.ShouldBe(forgery switch
        {
            "policy-not-met" => ProofVerdictCodes.PolicyNotSatisfied,
            "wrong-network" => "wrong-network",
            "replayed-message" => ProofVerdictCodes.DigestMismatch,
            _ => verdict.Code,
        });
        if (forgery == "flipped-byte")
        {
            new FabricEndorsementVerifier().Verify(stored.Envelope, genuine).IsValid.ShouldBeFalse("the stored proof is the forged one");
        }

        dispatcher.Stats.Submitted.ShouldBe(0);
        (await StateAsync(ethereum, titleId)).ShouldBeNull("nothing reached the destination");
    }

    /// <summary>The Fabric adapter whose proofs are forged one way: a changed byte, another network, another transaction.</summary>
    private sealed class ForgingAdapter(INetworkAdapter inner, string forgery, string otherTx) : INetworkAdapter
    {
        public NetworkKind Kind => inner.Kind;

        public AdapterCapabilities Capabilities => inner.Capabilities;

        public ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) => inner.ResolveIdentityAsync(cancellationToken);

        public Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken) => inner.SubmitAsync(command, idempotencyKey, cancellationToken);

        public Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, CancellationToken cancellationToken) => inner.SubscribeAsync(from, cancellationToken);

        public Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken) => inner.GetFinalityAsync(tx, cancellationToken);

        public async Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken)
        {
            switch (forgery)
            {
                case "replayed-message":
                    // The proof of another (genuine, earlier) transaction offered for this message.
                    var other = await inner.GetProofAsync(request with { Subject = new ProofSubject(ProofSubjectType.Transaction, otherTx, FabricProofBuilder.UnknownDigest) }, cancellationToken);
                    return other;
                case "wrong-network":
                    return (await inner.GetProofAsync(request, cancellationToken)) with { SourceNetwork = "some-other-network" };
                case "flipped-byte":
                    var proof = await inner.GetProofAsync(request, cancellationToken);
                    var data = System.Text.Json.Nodes.JsonNode.Parse(proof.Data.GetRawText())!.AsObject();
                    var member = data.First(p => p.Value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 100);
                    var value = member.Value!.GetValue<string>();
                    var at = value.Length / 2;
                    data[member.Key] = value[..at] + (value[at] == 'A' ? 'B' : 'A') + value[(at + 1)..];
                    return proof with { Data = System.Text.Json.JsonSerializer.SerializeToElement(data) };
                default:
                    return await inner.GetProofAsync(request, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task DestinationDown_ForAMinute_WorkWaitsWithoutFailingAndThenCompletes()
    {
        var outage = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("BRIDGE_OUTAGE_SECONDS"), out var seconds) && seconds > 0 ? seconds : 60);
        var (fabricName, ethName, lane) = await RegisterAsync(_fabric.Network.TrustAnchors("trade"));
        var fabric = _fabric.CreateAdapter(fabricName);
        await SetFabricRelaySignersAsync(fabric);
        await using var proxy = TcpProxy.Start(Eth.Chain.RpcUri);
        using var http = new HttpClient();
        using var sender = EthPrivateKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        await Eth.FundAsync(sender.Address, Ct);
        var ethereum = new EthereumAdapter(
            new EthereumAdapterOptions { Network = ethName, ChainId = Eth.ChainId, DocumentRegistry = Eth.Contracts.DocumentRegistry, TitleRegistry = Eth.Contracts.TitleRegistry, Signer = sender, Confirmations = 0 },
            new Bridge.Adapters.Ethereum.Rpc.EthRpcClient(http, new Bridge.Adapters.Ethereum.Rpc.EthRpcClientOptions { Endpoint = proxy.Through(Eth.Chain.RpcUri) }));
        var recipient = EthPrivateKey.Generate().Address;
        var titleId = Guid.NewGuid().ToString();
        await fabric.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, _fabric.CarrierParty, _fabric.CarrierParty]), $"issue-{titleId}", Ct);
        var locked = (await fabric.SubmitAsync(new LedgerCommand.Lock(titleId, "-", Party(_fabric.CarrierParty), Party(recipient.ToString()), lane, ethName), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var message = await ObserveAsync(fabric, fabricName, lane, locked.Tx.Id);
        var store = new MessageStore(_dataSource, TimeProvider.System);
        var dispatcher = Dispatcher(new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [fabricName] = fabric, [ethName] = ethereum }), "host-a");

        // The destination's node is down for the whole outage while the dispatcher runs as a host runs it.
        await proxy.DownAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = dispatcher.RunAsync(stop.Token);
        try
        {
            await Task.Delay(outage, Ct);
            var during = (await store.GetAsync(message.Id, Ct))!;
            during.State.ShouldBe(MessageState.Proven, "proven, then waiting for the destination");
            during.Attempts.ShouldBe(0, "an unreachable node is not a failure");
            during.LastError.ShouldBeNull();
            (await StateAsync(fabric, titleId)).ShouldBe("locked");

            proxy.Up();
            RelayMessage? after = null;
            for (var i = 0; i < 600 && after?.State != MessageState.Acknowledged; i++)
            {
                await Task.Delay(100, Ct);
                after = await store.GetAsync(message.Id, Ct);
            }

            after!.State.ShouldBe(MessageState.Acknowledged, after.LastError?.ToString());
        }
        finally
        {
            await stop.CancelAsync();
            await RelayTestLanes.StoppedAsync(running);
        }

        (await StateAsync(ethereum, titleId)).ShouldBe("active");
    }

    private async Task SetFabricRelaySignersAsync(INetworkAdapter fabric) =>
        (await fabric.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', Eth.Relays.Select(r => r.Address.ToString())), "2"]), $"signers-{Guid.NewGuid():N}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

    private static async Task<string?> StateAsync(INetworkAdapter adapter, string titleId) =>
        await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct) is QueryResult.Found found ? found.Value.GetProperty("state").GetString() : null;

    private MessageDispatcher Dispatcher(IAdapterDirectory directory, string owner, TimeProvider? time = null, MessageStore? store = null, IPartyDirectory? parties = null) => new(
        store ?? new MessageStore(_dataSource, TimeProvider.System),
        _host.Services.GetRequiredService<IRelayRegistry>(),
        directory,
        new ProofVerifierRegistry([new FabricEndorsementVerifier(), new Bridge.Adapters.Ethereum.Proofs.EthereumReceiptVerifier(), new PlatformJwsVerifier()]),
        [.. Eth.Relays.Select(k => (IRelaySigner)new EthRelaySigner(k))],
        time ?? TimeProvider.System,
        owner,
        new DispatcherOptions { FinalityPoll = TimeSpan.FromMilliseconds(50), IdleDelay = TimeSpan.FromMilliseconds(20) },
        parties: parties);

    /// <summary>Registers the Fabric network under a fresh name with <paramref name="fabricAnchors"/>, the dev chain, and a title lane between them.</summary>
    private async Task<(string Fabric, string Ethereum, string Lane)> RegisterAsync(FabricTrustAnchors fabricAnchors)
    {
        using var client = _host.Client(_host.OperatorKey);
        var fabric = UniqueName("fab");
        var ethereum = UniqueName("eth");
        var lane = UniqueName("title");
        await RelayTestLanes.CreateNetworkAsync(client, fabric, "fabric", fabricAnchors);
        await RelayTestLanes.CreateNetworkAsync(client, ethereum, "ethereum", await Eth.AnchorsAsync(0, Ct), Eth.Chain.RpcUri);
        await RelayTestLanes.CreateTitleLaneAsync(client, lane, fabric, ethereum, Eth.Relays.Select(r => r.Address.ToString()));
        return (fabric, ethereum, lane);
    }

    /// <summary>Runs a watcher on the Fabric adapter until the lock transaction's message is stored; returns it.</summary>
    private async Task<RelayMessage> ObserveAsync(INetworkAdapter source, string network, string laneName, string lockTx, TitleMove move = TitleMove.Export)
    {
        var store = new MessageStore(_dataSource, TimeProvider.System);
        var lane = (await _host.Services.GetRequiredService<IRelayRegistry>().GetLaneAsync(laneName, Ct))!;
        var watcher = new SourceWatcher(new WatcherStore(_dataSource, TimeProvider.System), store, TimeProvider.System, "watcher", new SourceWatcherOptions { LeaseDuration = TimeSpan.FromSeconds(5), RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var id = MessageId.Derive(laneName, network, lockTx, 0);
        var running = watcher.RunAsync(UniqueName("sub"), source, e => LaneEventMapper.ToMessages(network, e, [lane], TimeProvider.System.GetUtcNow()), stop.Token);
        try
        {
            for (var i = 0; i < 300; i++)
            {
                if (await store.GetAsync(id, Ct) is { } message)
                {
                    message.Kind.ShouldBe(MessageKind.Title);
                    message.Payload.ShouldBeOfType<MessagePayload.Title>().Move.ShouldBe(move);
                    return message;
                }

                await Task.Delay(50, Ct);
            }

            throw new TimeoutException($"The watcher did not store message {id.Value}.");
        }
        finally
        {
            await stop.CancelAsync();
            await RelayTestLanes.StoppedAsync(running);
        }
    }

    /// <summary>Runs a watcher on <paramref name="source"/> with the lane's mapping until message <paramref name="id"/> is stored; returns it.</summary>
    /// <summary>Runs a watcher of <paramref name="source"/> for <paramref name="laneName"/> until every one of <paramref name="ids"/> is stored; returns them in order.</summary>
    private async Task<IReadOnlyList<RelayMessage>> WatchUntilStoredAsync(INetworkAdapter source, string network, string laneName, params MessageId[] ids)
    {
        var store = new MessageStore(_dataSource, TimeProvider.System);
        var lane = (await _host.Services.GetRequiredService<IRelayRegistry>().GetLaneAsync(laneName, Ct))!;
        var watcher = new SourceWatcher(new WatcherStore(_dataSource, TimeProvider.System), store, TimeProvider.System, "watcher", new SourceWatcherOptions { LeaseDuration = TimeSpan.FromSeconds(5), RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = watcher.RunAsync(UniqueName("sub"), source, e => LaneEventMapper.ToMessages(network, e, [lane], TimeProvider.System.GetUtcNow()), stop.Token);
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var messages = await Task.WhenAll(ids.Select(id => store.GetAsync(id, Ct)));
                if (messages.All(m => m is not null))
                {
                    return messages!;
                }

                await Task.Delay(50, Ct);
            }

            throw new TimeoutException($"The watcher did not store messages {string.Join(", ", ids.Select(id => id.Value))}.");
        }
        finally
        {
            await stop.CancelAsync();
            await RelayTestLanes.StoppedAsync(running);
        }
    }

    private static async Task<RelayMessage> RunUntilAsync(MessageStore store, MessageId id, Func<RelayMessage, bool> done, params MessageDispatcher[] dispatchers)
    {
        for (var i = 0; i < 400; i++)
        {
            await Task.WhenAll(dispatchers.Select(d => d.DispatchOnceAsync(Ct)));
            var message = (await store.GetAsync(id, Ct))!;
            if (done(message))
            {
                return message;
            }

            await Task.Delay(25, Ct);
        }

        throw new TimeoutException($"Message {id.Value} did not reach the expected state: {(await store.GetAsync(id, Ct))!.State}.");
    }

    private static PartyRef Party(string address) => new(string.Empty, address);
}
