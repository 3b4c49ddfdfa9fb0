using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Simulators.Fabric.Chaincode;

namespace Bridge.IntegrationTests.Fabric.Adapter;

/// <summary>
/// <see cref="FabricAdapter"/> against the in-process Fabric simulator: commands, idempotency across adapter instances,
/// subscriptions with checkpoints, proofs checked by the pure verifier, finality and queries.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FabricAdapterTests(FabricAdapterFixture fixture) : IClassFixture<FabricAdapterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitAnchor_ThenSubscribeAndProve_DeliversTheEventWhoseProofVerifies()
    {
        var adapter = fixture.CreateAdapter();
        var documentId = Guid.NewGuid().ToString();
        var digest = RandomHex();
        var root = RandomHex();

        var accepted = (await adapter.SubmitAsync(new LedgerCommand.Anchor(documentId, digest, root, "BILL_OF_LADING"), $"anchor-{documentId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        var events = await CollectAsync(adapter, null, e => e.Any(x => x.Tx.Id == accepted.Tx.Id));
        var anchored = events.Single(e => e.Tx.Id == accepted.Tx.Id);
        anchored.Name.ShouldBe("DocumentAnchored");
        anchored.Tx.BlockNumber.ShouldBe(accepted.Tx.BlockNumber);
        anchored.Retracted.ShouldBeFalse();
        using var payload = JsonDocument.Parse(anchored.Payload);
        payload.RootElement.GetProperty("documentId").GetString().ShouldBe(documentId);
        payload.RootElement.GetProperty("contentDigest").GetString().ShouldBe(digest);
        payload.RootElement.GetProperty("issuer").GetString().ShouldBe(fixture.CarrierParty);
        events.Select(e => e.ProtocolId).ShouldBe(events.Select(e => e.ProtocolId).Order(StringComparer.Ordinal), "protocol ids in ledger order");

        var proof = await adapter.GetProofAsync(
            new ProofRequest(ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Event, accepted.Tx.Id, FabricProofBuilder.UnknownDigest), accepted.Tx),
            Ct);

        var verdict = new FabricEndorsementVerifier().Verify(proof, fixture.Network.TrustAnchors("trade"));
        verdict.IsValid.ShouldBeTrue(verdict.ToString());
        proof.SourceNetwork.ShouldBe(FabricAdapterFixture.NetworkName);
        proof.Subject.Digest.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(anchored.Payload.Span)));
        (await adapter.GetFinalityAsync(accepted.Tx, Ct)).ShouldBe(new FinalityStatus.Final(accepted.Tx));
        var stored = (await adapter.QueryAsync(new LedgerQuery.AnchorOf(documentId), Ct)).ShouldBeOfType<QueryResult.Found>();
        stored.Value.GetProperty("commitmentRoot").GetString().ShouldBe(root);
        stored.Source.ShouldBe(new TxRef(accepted.Tx.Id));
    }

    [Fact]
    public async Task SubmitAsync_SameKeyTwiceAndFromARestartedAdapter_AppliesOnceWithOneTransaction()
    {
        var titleId = $"EBL-{Guid.NewGuid():N}";
        var first = fixture.CreateAdapter();
        (await first.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, fixture.CarrierParty, fixture.CarrierParty]), $"issue-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        // Transferring to the current holder is accepted by the chaincode every time, so only the adapter keeps it single.
        var transfer = new LedgerCommand.Transfer(titleId, Party(fixture.CarrierParty), Party(fixture.CarrierParty));
        var key = $"transfer-{titleId}";

        var once = await first.SubmitAsync(transfer, key, Ct);
        var twice = await first.SubmitAsync(transfer, key, Ct);
        var restarted = await fixture.CreateAdapter().SubmitAsync(transfer, key, Ct);
        var concurrently = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fixture.CreateAdapter().SubmitAsync(transfer, key, Ct)));

        var accepted = once.ShouldBeOfType<SubmitResult.Accepted>();
        twice.ShouldBe(once);
        restarted.ShouldBe(once);
        concurrently.ShouldAllBe(r => r.Equals(once));
        var events = await CollectAsync(first, null, e => e.Any(x => x.Tx.Id == accepted.Tx.Id));
        events.Count(e => e.Name == "HolderTransferred" && TitleOf(e) == titleId).ShouldBe(1);
        (await first.SubmitAsync(transfer, $"another-{key}", Ct)).ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldNotBe(accepted.Tx.Id);
    }

    [Fact]
    public async Task SubmitAsync_KeyReusedForAnotherCommand_IsRejectedAndNotApplied()
    {
        var adapter = fixture.CreateAdapter();
        var key = $"reused-{Guid.NewGuid():N}";
        var documentId = Guid.NewGuid().ToString();
        (await adapter.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [$"EBL-{Guid.NewGuid():N}", fixture.CarrierParty, fixture.CarrierParty]), key, Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();

        var other = await adapter.SubmitAsync(new LedgerCommand.Anchor(documentId, RandomHex(), RandomHex()), key, Ct);

        other.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("idempotency-key-reused");
        (await adapter.QueryAsync(new LedgerQuery.AnchorOf(documentId), Ct)).ShouldBeOfType<QueryResult.NotFound>();
    }

    [Fact]
    public async Task SubmitAsync_AfterRestartTheChaincodeRefusesTheRepeat_AnswersWithTheFirstTransaction()
    {
        var command = new LedgerCommand.Anchor(Guid.NewGuid().ToString(), RandomHex(), RandomHex());
        var key = $"anchor-{command.DocumentId}";
        var first = await fixture.CreateAdapter().SubmitAsync(command, key, Ct);

        var again = await fixture.CreateAdapter().SubmitAsync(command, key, Ct);
        var otherKeySameAnchor = await fixture.CreateAdapter().SubmitAsync(command, $"other-{key}", Ct);
        var otherHashes = await fixture.CreateAdapter().SubmitAsync(command with { Digest = RandomHex() }, $"changed-{key}", Ct);

        first.ShouldBeOfType<SubmitResult.Accepted>();
        again.ShouldBe(first);
        otherKeySameAnchor.ShouldBe(first);
        otherHashes.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("already-anchored");
    }

    [Fact]
    public async Task SubmitAsync_ConcurrentTransfersOfOneTitle_RetryReadConflictsUnderNewIdsAndEachAppliesOnce()
    {
        var adapter = fixture.CreateAdapter();
        var titleId = $"EBL-{Guid.NewGuid():N}";
        await adapter.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, fixture.CarrierParty, fixture.CarrierParty]), $"issue-{titleId}", Ct);
        var transfer = new LedgerCommand.Transfer(titleId, Party(fixture.CarrierParty), Party(fixture.CarrierParty));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => adapter.SubmitAsync(transfer, $"concurrent-{titleId}-{i}", Ct)));

        var txs = results.Select(r => r.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id).ToList();
        txs.Distinct().Count().ShouldBe(3);
        var events = await CollectAsync(adapter, null, e => txs.All(id => e.Any(x => x.Tx.Id == id)));
        events.Count(e => e.Name == "HolderTransferred" && TitleOf(e) == titleId).ShouldBe(3);
        foreach (var id in txs)
        {
            (await adapter.GetFinalityAsync(new TxRef(id), Ct)).ShouldBeOfType<FinalityStatus.Final>();
        }
    }

    [Fact]
    public async Task SubmitAsync_HolderWithoutASigner_IsNoKeyForHolder()
    {
        var adapter = fixture.CreateAdapter();

        var result = await adapter.SubmitAsync(new LedgerCommand.Transfer("EBL-x", Party("CustomsMSP::someone"), Party(fixture.BankParty)), "no-key", Ct);

        result.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("no-key-for-holder");
    }

    [Fact]
    public async Task SubmitLock_ByTheHolder_EmitsCrossChainMessageAndLocksTheTitle()
    {
        var adapter = fixture.CreateAdapter();
        var titleId = $"EBL-{Guid.NewGuid():N}";
        await adapter.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, fixture.BankParty, fixture.CarrierParty]), $"issue-{titleId}", Ct);
        const string recipient = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

        var notHolder = await adapter.SubmitAsync(new LedgerCommand.Lock(titleId, "m", Party(fixture.CarrierParty), Party(recipient), "lane-a", "eth-trade"), $"lock-wrong-{titleId}", Ct);
        var locked = await adapter.SubmitAsync(new LedgerCommand.Lock(titleId, "m", Party(fixture.BankParty), Party(recipient), "lane-a", "eth-trade"), $"lock-{titleId}", Ct);

        notHolder.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("not-holder");
        var tx = locked.ShouldBeOfType<SubmitResult.Accepted>().Tx;
        var events = await CollectAsync(adapter, null, e => e.Any(x => x.Tx.Id == tx.Id));
        var message = events.Single(e => e.Tx.Id == tx.Id);
        message.Name.ShouldBe("CrossChainMessage");
        using var payload = JsonDocument.Parse(message.Payload);
        payload.RootElement.GetProperty("titleId").GetString().ShouldBe(titleId);
        payload.RootElement.GetProperty("laneName").GetString().ShouldBe("lane-a");
        payload.RootElement.GetProperty("recipient").GetString().ShouldBe(recipient);
        payload.RootElement.GetProperty("holder").GetString().ShouldBe(fixture.BankParty);
        payload.RootElement.GetProperty("kind").GetString().ShouldBe("lock");
        var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("state").GetString().ShouldBe("locked");
        (await adapter.SubmitAsync(new LedgerCommand.Lock(titleId, "m", Party(fixture.BankParty), Party(recipient), "lane-a", "eth-trade"), $"lock-again-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("wrong-title-state");
    }

    [Fact]
    public async Task SubmitMint_WithTwoOfThreeRelayAttestation_ImportsOnceAndRefusesReplayAndWeakAttestations()
    {
        var adapter = fixture.CreateAdapter();
        using var relay1 = EthPrivateKey.Generate();
        using var relay2 = EthPrivateKey.Generate();
        using var relay3 = EthPrivateKey.Generate();
        EthPrivateKey[] relays = [relay1, relay2, relay3];
        (await adapter.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', relays.Select(r => r.Address.ToString())), "2"]), $"signers-{Guid.NewGuid():N}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var titleId = $"EBL-{Guid.NewGuid():N}";
        var messageId = HexData.Encode(RandomNumberGenerator.GetBytes(32));
        const string lane = "lane-b";
        var holder = fixture.BankParty;
        var mint = Mint(titleId, messageId, lane, holder, relay3, relay1);
        var key = $"mint-{messageId}";

        var weak = await adapter.SubmitAsync(Mint(titleId, messageId, lane, holder, relay2), $"weak-{messageId}", Ct);
        var forged = await adapter.SubmitAsync(Mint(titleId + "-other", messageId, lane, holder, relay1, relay2) with { TitleId = titleId }, $"forged-{messageId}", Ct);
        var imported = await adapter.SubmitAsync(mint, key, Ct);
        var again = await fixture.CreateAdapter().SubmitAsync(mint, key, Ct);
        var replay = await adapter.SubmitAsync(mint, $"replay-{messageId}", Ct);

        weak.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("threshold-not-met");
        forged.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("invalid-signature");
        var tx = imported.ShouldBeOfType<SubmitResult.Accepted>().Tx;
        again.ShouldBe(imported);
        replay.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("message-already-consumed");
        var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("state").GetString().ShouldBe("active");
        title.Value.GetProperty("holder").GetString().ShouldBe(holder);
        title.Value.GetProperty("home").GetBoolean().ShouldBeFalse();
        (await adapter.QueryAsync(new LedgerQuery.MessageStatus(messageId), Ct)).ShouldBeOfType<QueryResult.Found>().Value.GetProperty("consumed").GetBoolean().ShouldBeTrue();
        var events = await CollectAsync(adapter, null, e => e.Any(x => x.Tx.Id == tx.Id));
        events.Count(e => e.Name == "TitleImported" && TitleOf(e) == titleId).ShouldBe(1);
    }

    [Fact]
    public async Task SubmitRefundAndAcknowledge_UnderTheAdaptersDomains_SettleOnceAndRepeatAsTheFirstTransaction()
    {
        var adapter = fixture.CreateAdapter();
        using var relay1 = EthPrivateKey.Generate();
        using var relay2 = EthPrivateKey.Generate();
        EthPrivateKey[] relays = [relay1, relay2];
        (await adapter.SubmitAsync(new LedgerCommand.RawInvoke("SetRelaySigners", [string.Join(',', relays.Select(r => r.Address.ToString())), "2"]), $"signers-{Guid.NewGuid():N}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var messageIds = new List<string>();
        var titles = new[] { $"EBL-{Guid.NewGuid():N}", $"EBL-{Guid.NewGuid():N}" };
        foreach (var titleId in titles)
        {
            await adapter.SubmitAsync(new LedgerCommand.RawInvoke("IssueTitle", [titleId, fixture.BankParty, fixture.CarrierParty]), $"issue-{titleId}", Ct);
            var tx = (await adapter.SubmitAsync(new LedgerCommand.Lock(titleId, "m", Party(fixture.BankParty), Party("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), "lane-r", "eth-trade"), $"lock-{titleId}", Ct))
                .ShouldBeOfType<SubmitResult.Accepted>().Tx;
            var events = await CollectAsync(adapter, null, e => e.Any(x => x.Tx.Id == tx.Id));
            using var payload = JsonDocument.Parse(events.Single(e => e.Tx.Id == tx.Id).Payload);
            messageIds.Add(payload.RootElement.GetProperty("messageId").GetString()!);
        }

        var destinationTx = HexData.Encode(RandomNumberGenerator.GetBytes(32));
        var refund = new LedgerCommand.Refund(messageIds[0], Settlement(adapter.RefundDomain(messageIds[0]), messageIds[0], relay2, relay1));
        var acknowledge = new LedgerCommand.Acknowledge(messageIds[1], destinationTx, Settlement(adapter.AcknowledgementDomain(messageIds[1], destinationTx), messageIds[1], relay1, relay2));
        var weak = await adapter.SubmitAsync(new LedgerCommand.Refund(messageIds[0], Settlement(adapter.RefundDomain(messageIds[0]), messageIds[0], relay1)), $"weak-{messageIds[0]}", Ct);

        var refunded = (await adapter.SubmitAsync(refund, $"refund-{messageIds[0]}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var acknowledged = (await adapter.SubmitAsync(acknowledge, $"ack-{messageIds[1]}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();

        weak.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("threshold-not-met");
        (await fixture.CreateAdapter().SubmitAsync(refund, $"refund-{messageIds[0]}", Ct)).ShouldBe(refunded);
        (await fixture.CreateAdapter().SubmitAsync(refund, $"refund-another-key-{messageIds[0]}", Ct)).ShouldBe(refunded);
        (await fixture.CreateAdapter().SubmitAsync(acknowledge, $"ack-another-key-{messageIds[1]}", Ct)).ShouldBe(acknowledged);
        var refundAcknowledged = new LedgerCommand.Refund(messageIds[1], Settlement(adapter.RefundDomain(messageIds[1]), messageIds[1], relay1, relay2));
        (await adapter.SubmitAsync(refundAcknowledged, $"refund-{messageIds[1]}", Ct)).ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("message-already-settled");
        var back = (await adapter.QueryAsync(new LedgerQuery.TitleOf(titles[0]), Ct)).ShouldBeOfType<QueryResult.Found>().Value;
        (back.GetProperty("state").GetString(), back.GetProperty("holder").GetString(), back.GetProperty("beneficiary").GetString()).ShouldBe(("active", fixture.BankParty, fixture.CarrierParty));
        (await adapter.QueryAsync(new LedgerQuery.TitleOf(titles[1]), Ct)).ShouldBeOfType<QueryResult.Found>().Value.GetProperty("state").GetString().ShouldBe("locked");
    }

    [Fact]
    public async Task SubscribeAsync_FromACheckpoint_ResumesAfterItWithoutRepeatsOrGaps()
    {
        var adapter = fixture.CreateAdapter();

        // The orderer holds its next cut until all 8 are queued, so they share blocks whatever the machine's load.
        var submitted = await fixture.SubmitAnchorsSharingABlockAsync(adapter, 8, "resume", Ct);
        var all = await CollectAsync(adapter, null, e => submitted.All(id => e.Any(x => x.Tx.Id == id)));
        var ours = all.Where(e => submitted.Contains(e.Tx.Id)).ToList();
        ours.GroupBy(e => e.Tx.BlockNumber).ShouldContain(g => g.Count() > 1, "concurrent anchors share a block, so resuming inside a block is exercised");
        all.Select(e => e.ProtocolId).Distinct().Count().ShouldBe(all.Count);

        foreach (var checkpoint in new[] { ours[0], ours[ours.Count / 2], ours[^2] })
        {
            var expected = all.SkipWhile(e => e.ProtocolId != checkpoint.ProtocolId).Skip(1).Select(e => (e.ProtocolId, e.Tx.Id)).ToList();

            var resumed = await CollectAsync(adapter, checkpoint.ToCheckpoint(), e => e.Count >= expected.Count);

            resumed.Select(e => (e.ProtocolId, e.Tx.Id)).ShouldBe(expected);
        }
    }

    [Fact]
    public async Task GetFinalityAsync_UnknownTransaction_IsNotFinalYet()
    {
        var adapter = fixture.CreateAdapter();
        var unknown = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

        var status = await adapter.GetFinalityAsync(new TxRef(unknown), Ct);

        status.ShouldBe(new FinalityStatus.NotFinalYet(0, 1));
    }

    [Fact]
    public async Task QueryAsync_MissingAnchorAndTitle_AreNotFound()
    {
        var adapter = fixture.CreateAdapter();

        (await adapter.QueryAsync(new LedgerQuery.AnchorOf(Guid.NewGuid().ToString()), Ct)).ShouldBeOfType<QueryResult.NotFound>();
        (await adapter.QueryAsync(new LedgerQuery.TitleOf($"EBL-{Guid.NewGuid():N}"), Ct)).ShouldBeOfType<QueryResult.NotFound>();
        (await adapter.QueryAsync(new LedgerQuery.MessageStatus(HexData.Encode(RandomNumberGenerator.GetBytes(32))), Ct))
            .ShouldBeOfType<QueryResult.Found>().Value.GetProperty("consumed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task ResolveIdentityAsync_ReturnsTheSignersMspAndCertificate()
    {
        var identity = await fixture.CreateAdapter().ResolveIdentityAsync(Ct);

        identity.Kind.ShouldBe(NetworkKind.Fabric);
        identity.Organization.ShouldBe("CarrierMSP");
        identity.CertificatePem.ShouldBe(fixture.Carrier.Signer!.Identity.CertificatePem);
        identity.Id.ShouldBe(fixture.Carrier.Signer!.Identity.Certificate.Subject);
    }

    [Fact]
    public async Task SubmitAsync_GatewayUnreachable_ThrowsTransientAdapterException()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var handler = Bridge.Adapters.Fabric.Grpc.GrpcHttpHandler.Create();
        using var client = new Bridge.Adapters.Fabric.Grpc.GrpcClient(handler, new Uri($"http://127.0.0.1:{port}"));
        var adapter = new FabricAdapter(fixture.CreateAdapter().Options, client);

        var error = await Should.ThrowAsync<AdapterException>(() => adapter.SubmitAsync(new LedgerCommand.Anchor(Guid.NewGuid().ToString(), RandomHex(), RandomHex()), "down", Ct));

        error.IsTransient.ShouldBeTrue();
        error.Network.ShouldBe(FabricAdapterFixture.NetworkName);
    }

    private static PartyRef Party(string address) => new("participant", address);

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string? TitleOf(LedgerEvent e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        return document.RootElement.TryGetProperty("titleId", out var title) ? title.GetString() : null;
    }

    /// <summary>A Mint carrying a relay attestation signed as the bridge chaincode checks it (EIP-712, docs/fabric.md).</summary>
    private static LedgerCommand.Mint Mint(string titleId, string messageId, string lane, string holder, params EthPrivateKey[] signers)
    {
        var validUntil = (ulong)TimeProvider.System.GetUtcNow().AddDays(1).ToUnixTimeSeconds();
        var digest = FabricRelayAttestation.Digest("trade", "bridge", Bytes32Names.Of(lane), Bytes32Names.Of(messageId), FabricRelayAttestation.InboundPayloadHash(titleId, holder, holder), validUntil);
        var data = new JsonObject
        {
            ["lane"] = lane,
            ["messageId"] = messageId,
            ["validUntil"] = validUntil,
            ["signatures"] = new JsonArray([.. signers.Select(k => (JsonNode)HexData.Encode(k.Sign(digest).ToBytes65()))]),
        };
        using var document = JsonDocument.Parse(data.ToJsonString());
        var proof = new ProofEnvelope(
            ProofEnvelope.CurrentVersion,
            "eth-trade",
            ProofKind.RelayAttestation,
            new ProofSubject(ProofSubjectType.Message, messageId, Convert.ToHexStringLower(SHA256.HashData(digest))),
            document.RootElement.Clone());
        return new LedgerCommand.Mint(titleId, messageId, new PartyRef("participant", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), new PartyRef("participant", holder), proof);
    }

    /// <summary>A relay-attestation proof of a settlement, signed over <paramref name="domain"/>'s digest with the domain's network.</summary>
    private static ProofEnvelope Settlement(AttestationDomain domain, string messageId, params EthPrivateKey[] signers)
    {
        var data = new JsonObject
        {
            ["messageId"] = messageId,
            ["network"] = domain.Domain["network"],
            ["signatures"] = new JsonArray([.. signers.Select(k => (JsonNode)HexData.Encode(k.Sign(domain.Digest).ToBytes65()))]),
        };
        if (domain.Domain.TryGetValue("destinationTx", out var destinationTx))
        {
            data["destinationTx"] = destinationTx;
        }

        using var document = JsonDocument.Parse(data.ToJsonString());
        return new ProofEnvelope(
            ProofEnvelope.CurrentVersion,
            "eth-trade",
            ProofKind.RelayAttestation,
            new ProofSubject(ProofSubjectType.Message, messageId, Convert.ToHexStringLower(SHA256.HashData(domain.Digest))),
            document.RootElement.Clone());
    }

    private static async Task<List<LedgerEvent>> CollectAsync(FabricAdapter adapter, Checkpoint? from, Func<List<LedgerEvent>, bool> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var events = new List<LedgerEvent>();
        if (done(events))
        {
            return events;
        }

        await foreach (var e in adapter.SubscribeAsync(from, timeout.Token))
        {
            events.Add(e);
            if (done(events))
            {
                break;
            }
        }

        return events;
    }
}
