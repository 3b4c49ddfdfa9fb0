using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>The Ethereum adapter against the dev chain: typed commands, idempotency across restarts, queries, finality, events.</summary>
[Trait("Category", "Integration")]
public sealed class EthereumAdapterTests(SharedEthereumLane shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EthereumLane Lane => shared.Lane;

    [Fact]
    public async Task Anchor_SameKeyTwiceAndAgainAfterRestart_SendsOneTransaction()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var command = Anchor(out var documentId);

        var first = (await Lane.Adapter(key).SubmitAsync(command, "k1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var again = await Lane.Adapter(key).SubmitAsync(command, "k1", Ct);
        var restarted = await Lane.Adapter(key).SubmitAsync(command, "another-key-after-restart", Ct);

        again.ShouldBe(first);
        restarted.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(first.Tx.Id);
        (await Lane.Rpc.GetTransactionCountAsync(key.Address.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe(1UL);
        var anchor = (await Lane.Adapter(key).QueryAsync(new LedgerQuery.AnchorOf(documentId), Ct)).ShouldBeOfType<QueryResult.Found>();
        anchor.Value.GetProperty("issuer").GetString().ShouldBe(key.Address.ToString());
        anchor.Value.GetProperty("documentType").GetString().ShouldBe("BILL_OF_LADING");
        anchor.Value.GetProperty("contentDigest").GetString().ShouldBe(command.Digest);
    }

    [Fact]
    public async Task Anchor_SameIdempotencyKeyForAnotherCommand_IsRejected()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key);
        await adapter.SubmitAsync(Anchor(out _), "same", Ct);

        var second = await adapter.SubmitAsync(Anchor(out _), "same", Ct);

        second.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("idempotency-key-reused");
    }

    [Fact]
    public async Task Anchor_DocumentAnchoredByAnotherIssuer_IsRejectedWithoutSending()
    {
        var first = await Lane.FundedKeyAsync(Ct);
        var second = await Lane.FundedKeyAsync(Ct);
        var command = Anchor(out _);
        await Lane.Adapter(first).SubmitAsync(command, "a", Ct);

        var rejected = await Lane.Adapter(second).SubmitAsync(command, "b", Ct);

        rejected.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("already-anchored");
        (await Lane.Rpc.GetTransactionCountAsync(second.Address.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe(0UL);
    }

    [Fact]
    public async Task Anchor_ManyConcurrentSubmissionsFromOneKey_AllLandWithConsecutiveNonces()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key);
        const int count = 24;

        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => adapter.SubmitAsync(Anchor(out _), $"c{i}", Ct)));

        results.ShouldAllBe(r => r is SubmitResult.Accepted);
        (await Lane.Rpc.GetTransactionCountAsync(key.Address.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe((ulong)count);
        var nonces = new List<ulong>();
        foreach (var accepted in results.Cast<SubmitResult.Accepted>())
        {
            var tx = await Lane.Rpc.GetTransactionByHashAsync(accepted.Tx.Id, Ct);
            nonces.Add(Convert.ToUInt64(tx!.Value.GetProperty("nonce").GetString(), 16));
        }

        nonces.Order().ShouldBe(Enumerable.Range(0, count).Select(i => (ulong)i));
    }

    [Fact]
    public async Task Anchor_BadDigest_IsRejectedAndNothingIsSent()
    {
        var key = await Lane.FundedKeyAsync(Ct);

        var result = await Lane.Adapter(key).SubmitAsync(new LedgerCommand.Anchor(Guid.NewGuid().ToString(), "not-hex", new string('a', 64)), "x", Ct);

        result.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("invalid-command");
        (await Lane.Rpc.GetTransactionCountAsync(key.Address.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe(0UL);
    }

    [Fact]
    public async Task TitleCommands_TransferLockAndImport_MoveTheTitleOnceEach()
    {
        var holder = await Lane.FundedKeyAsync(Ct);
        var next = await Lane.FundedKeyAsync(Ct);
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var titleId = $"EBL-{Guid.NewGuid():N}";
        await IssueAsync(titleId, holder.Address);
        var adapter = Lane.Adapter(operatorKey, 0, holder, next);

        var transfer = new LedgerCommand.Transfer(titleId, Party(holder.Address), Party(next.Address));
        var moved = (await adapter.SubmitAsync(transfer, "t1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        (await Lane.Adapter(operatorKey, 0, holder, next).SubmitAsync(transfer, "t1-after-restart", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(moved.Tx.Id);

        var lockCommand = new LedgerCommand.Lock(titleId, "ignored", Party(next.Address), new PartyRef("bank", "BankMSP::CN=holder"), "lane-eth-fabric", "fabric-trade");
        var locked = (await adapter.SubmitAsync(lockCommand, "l1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        (await Lane.Adapter(operatorKey, 0, holder, next).SubmitAsync(lockCommand, "l1-again", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(locked.Tx.Id);

        var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("state").GetString().ShouldBe("locked");
        title.Value.GetProperty("holder").GetString().ShouldBe(next.Address.ToString());

        var notHolder = await adapter.SubmitAsync(new LedgerCommand.Transfer(titleId, Party(holder.Address), Party(next.Address)), "t2", Ct);
        notHolder.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("wrong-title-state");
    }

    [Fact]
    public async Task Transfer_TwoConflictingTransfersAtOnce_OneLandsAndTheOtherIsRejected()
    {
        var holder = await Lane.FundedKeyAsync(Ct);
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var titleId = $"EBL-{Guid.NewGuid():N}";
        await IssueAsync(titleId, holder.Address);
        var adapter = Lane.Adapter(operatorKey, 0, holder);
        var targets = new[] { EthPrivateKey.Generate().Address, EthPrivateKey.Generate().Address };

        var results = await Task.WhenAll(targets.Select((to, i) =>
            adapter.SubmitAsync(new LedgerCommand.Transfer(titleId, Party(holder.Address), Party(to)), $"race-{i}", Ct)));

        results.Count(r => r is SubmitResult.Accepted).ShouldBe(1);
        results.OfType<SubmitResult.Rejected>().Single().Code.ShouldBeOneOf("not-holder", "reverted");
        var winner = Array.FindIndex(results, r => r is SubmitResult.Accepted);
        var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("holder").GetString().ShouldBe(targets[winner].ToString());
        var next = await adapter.SubmitAsync(new LedgerCommand.Transfer(titleId, Party(holder.Address), Party(holder.Address)), "after-race", Ct);
        next.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("not-holder");
    }

    [Fact]
    public async Task Mint_WithRelayAttestation_ImportsOnceAndReplaysAsTheSameTransaction()
    {
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var holder = EthPrivateKey.Generate();
        var titleId = $"EBL-{Guid.NewGuid():N}";
        var messageId = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var proof = Attestation(titleId, messageId, holder.Address, Lane.Relays[0], Lane.Relays[2]);
        var mint = new LedgerCommand.Mint(titleId, messageId, new PartyRef("carrier", "CarrierMSP::CN=a"), Party(holder.Address), proof);

        var first = (await Lane.Adapter(operatorKey).SubmitAsync(mint, "m1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var replay = await Lane.Adapter(operatorKey).SubmitAsync(mint, "m1-replayed", Ct);

        replay.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(first.Tx.Id);
        var status = (await Lane.Adapter(operatorKey).QueryAsync(new LedgerQuery.MessageStatus(messageId), Ct)).ShouldBeOfType<QueryResult.Found>();
        status.Value.GetProperty("consumed").GetBoolean().ShouldBeTrue();
        var title = (await Lane.Adapter(operatorKey).QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>();
        title.Value.GetProperty("holder").GetString().ShouldBe(holder.Address.ToString());
        title.Value.GetProperty("home").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Mint_AttestationBelowThreshold_IsRejectedWithTheContractsReason()
    {
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var titleId = $"EBL-{Guid.NewGuid():N}";
        var messageId = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var holder = EthPrivateKey.Generate().Address;
        var mint = new LedgerCommand.Mint(titleId, messageId, new PartyRef("carrier", "x"), Party(holder), Attestation(titleId, messageId, holder, Lane.Relays[1]));

        var result = await Lane.Adapter(operatorKey).SubmitAsync(mint, "below", Ct);

        result.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("threshold-not-met");
        (await Lane.Rpc.GetTransactionCountAsync(operatorKey.Address.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe(0UL);
    }

    [Fact]
    public async Task Mint_ExpiredAttestation_IsRejectedAttestationExpiredAndSendsNothing()
    {
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var titleId = $"EBL-{Guid.NewGuid():N}";
        var messageId = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var holder = EthPrivateKey.Generate().Address;
        var mint = new LedgerCommand.Mint(titleId, messageId, new PartyRef("carrier", "x"), Party(holder), Attestation(titleId, messageId, holder, 1_000_000_000UL, Lane.Relays[0], Lane.Relays[1]));

        var result = await Lane.Adapter(operatorKey).SubmitAsync(mint, "expired", Ct);

        result.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("attestation-expired");
        (await Lane.Rpc.GetTransactionCountAsync(operatorKey.Address.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe(0UL);
    }

    [Fact]
    public async Task RefundAndAcknowledge_UnderTheAdaptersDomains_SettleOnceAndRepeatAsTheSameTransaction()
    {
        var holder = await Lane.FundedKeyAsync(Ct);
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(operatorKey, 0, holder);
        var (refunded, acknowledged) = ($"EBL-{Guid.NewGuid():N}", $"EBL-{Guid.NewGuid():N}");
        var messageIds = new List<string>();
        foreach (var titleId in new[] { refunded, acknowledged })
        {
            await IssueAsync(titleId, holder.Address);
            var locked = (await adapter.SubmitAsync(new LedgerCommand.Lock(titleId, "ignored", Party(holder.Address), new PartyRef("bank", "BankMSP::CN=holder"), "lane-eth-fabric", "fabric-trade"), $"lock-{titleId}", Ct))
                .ShouldBeOfType<SubmitResult.Accepted>();
            var receipt = await Lane.Rpc.GetTransactionReceiptAsync(locked.Tx.Id, Ct);
            messageIds.Add(receipt!.Value.GetProperty("logs").EnumerateArray().Last().GetProperty("topics")[2].GetString()!);
        }

        var refund = new LedgerCommand.Refund(messageIds[0], Settlement(adapter.RefundDomain(messageIds[0]), messageIds[0], null, Lane.Relays[0], Lane.Relays[1]));
        var destinationTx = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var acknowledge = new LedgerCommand.Acknowledge(messageIds[1], destinationTx, Settlement(adapter.AcknowledgementDomain(messageIds[1], destinationTx), messageIds[1], destinationTx, Lane.Relays[2], Lane.Relays[1]));

        var refundTx = (await adapter.SubmitAsync(refund, "refund-1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var acknowledgeTx = (await adapter.SubmitAsync(acknowledge, "ack-1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();

        var restarted = Lane.Adapter(operatorKey, 0, holder);
        (await restarted.SubmitAsync(refund, "refund-again", Ct)).ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(refundTx.Tx.Id);
        (await restarted.SubmitAsync(acknowledge, "ack-again", Ct)).ShouldBeOfType<SubmitResult.Accepted>().Tx.Id.ShouldBe(acknowledgeTx.Tx.Id);
        var title = (await adapter.QueryAsync(new LedgerQuery.TitleOf(refunded), Ct)).ShouldBeOfType<QueryResult.Found>();
        (title.Value.GetProperty("state").GetString(), title.Value.GetProperty("holder").GetString()).ShouldBe(("active", holder.Address.ToString()));
        var stillLocked = (await adapter.QueryAsync(new LedgerQuery.TitleOf(acknowledged), Ct)).ShouldBeOfType<QueryResult.Found>();
        stillLocked.Value.GetProperty("state").GetString().ShouldBe("locked");
        var refundAcknowledged = new LedgerCommand.Refund(messageIds[1], Settlement(adapter.RefundDomain(messageIds[1]), messageIds[1], null, Lane.Relays[0], Lane.Relays[1]));
        (await adapter.SubmitAsync(refundAcknowledged, "refund-acknowledged", Ct)).ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("message-already-settled");
        var weak = new LedgerCommand.Refund(messageIds[1], Settlement(adapter.RefundDomain(messageIds[1]), messageIds[1], null, Lane.Relays[0]));
        (await adapter.SubmitAsync(weak, "refund-weak", Ct)).ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("message-already-settled");
        var otherTx = new LedgerCommand.Acknowledge(messageIds[1], "0x" + new string('1', 64), acknowledge.Attestation);
        (await adapter.SubmitAsync(otherTx, "ack-other-tx", Ct)).ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("invalid-attestation");
    }

    [Fact]
    public async Task Refund_BelowThreshold_IsRejectedWithTheContractsReason()
    {
        var holder = await Lane.FundedKeyAsync(Ct);
        var operatorKey = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(operatorKey, 0, holder);
        var titleId = $"EBL-{Guid.NewGuid():N}";
        await IssueAsync(titleId, holder.Address);
        var locked = (await adapter.SubmitAsync(new LedgerCommand.Lock(titleId, "ignored", Party(holder.Address), new PartyRef("bank", "BankMSP::CN=holder"), "lane-eth-fabric", "fabric-trade"), $"lock-{titleId}", Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        var receipt = await Lane.Rpc.GetTransactionReceiptAsync(locked.Tx.Id, Ct);
        var messageId = receipt!.Value.GetProperty("logs").EnumerateArray().Last().GetProperty("topics")[2].GetString()!;

        var result = await adapter.SubmitAsync(new LedgerCommand.Refund(messageId, Settlement(adapter.RefundDomain(messageId), messageId, null, Lane.Relays[2])), "refund-below", Ct);

        result.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("threshold-not-met");
        (await adapter.QueryAsync(new LedgerQuery.TitleOf(titleId), Ct)).ShouldBeOfType<QueryResult.Found>().Value.GetProperty("state").GetString().ShouldBe("locked");
    }

    [Fact]
    public async Task GetFinality_CountsConfirmationsUpToTheRule()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key, confirmations: 3);
        var accepted = (await adapter.SubmitAsync(Anchor(out _), "f", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var head = await Lane.Rpc.GetBlockNumberAsync(Ct);
        var already = (int)(head - (ulong)accepted.Tx.BlockNumber!.Value);

        var status = await adapter.GetFinalityAsync(accepted.Tx, Ct);
        if (already < 3)
        {
            status.ShouldBe(new FinalityStatus.NotFinalYet(already, 3));
        }

        for (var i = already; i < 3; i++)
        {
            await Lane.Rpc.MineAsync(Ct);
        }

        (await adapter.GetFinalityAsync(accepted.Tx, Ct)).ShouldBe(new FinalityStatus.Final(accepted.Tx));
        (await adapter.GetFinalityAsync(accepted.Tx with { BlockHash = "0x" + new string('0', 64) }, Ct)).ShouldBeOfType<FinalityStatus.Reorged>();
        (await adapter.GetFinalityAsync(new TxRef("0x" + new string('5', 64)), Ct)).ShouldBe(new FinalityStatus.NotFinalYet(0, 3));
    }

    [Fact]
    public async Task Subscribe_FromACheckpoint_DeliversTheRegistriesEventsInOrderAfterIt()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key, confirmations: 0);
        var first = (await adapter.SubmitAsync(Anchor(out var firstId), "s1", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var second = (await adapter.SubmitAsync(Anchor(out var secondId), "s2", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        LedgerEvent? firstEvent = null;
        await foreach (var ledgerEvent in adapter.SubscribeAsync(null, timeout.Token))
        {
            if (ledgerEvent.Tx.Id == first.Tx.Id)
            {
                firstEvent = ledgerEvent;
                break;
            }
        }

        firstEvent.ShouldNotBeNull().Name.ShouldBe("DocumentAnchored");
        Payload(firstEvent).GetProperty("args").GetProperty("documentId").GetString().ShouldBe(Bytes32Hex(firstId));
        await foreach (var ledgerEvent in adapter.SubscribeAsync(firstEvent.ToCheckpoint(), timeout.Token))
        {
            ledgerEvent.Tx.Id.ShouldNotBe(first.Tx.Id);
            string.CompareOrdinal(ledgerEvent.ProtocolId, firstEvent.ProtocolId).ShouldBeGreaterThan(0);
            if (ledgerEvent.Tx.Id == second.Tx.Id)
            {
                Payload(ledgerEvent).GetProperty("args").GetProperty("documentId").GetString().ShouldBe(Bytes32Hex(secondId));
                Payload(ledgerEvent).GetProperty("contract").GetString().ShouldBe(Lane.Contracts.DocumentRegistry.ToString());
                ledgerEvent.Retracted.ShouldBeFalse();
                return;
            }
        }

        Assert.Fail("the second anchor's event did not arrive");
    }

    internal static LedgerCommand.Anchor Anchor(out string documentId)
    {
        documentId = Guid.NewGuid().ToString();
        return new LedgerCommand.Anchor(
            documentId,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            "BILL_OF_LADING");
    }

    private static PartyRef Party(EthAddress address) => new("participant", address.ToString());

    private static JsonElement Payload(LedgerEvent ledgerEvent) => JsonDocument.Parse(ledgerEvent.Payload).RootElement;

    private static string Bytes32Hex(string name) => HexData.Encode(Bytes32Names.Of(name));

    private ProofEnvelope Attestation(string titleId, string messageId, EthAddress holder, params EthPrivateKey[] signers) =>
        Attestation(titleId, messageId, holder, (ulong)TimeProvider.System.GetUtcNow().AddDays(1).ToUnixTimeSeconds(), signers);

    private ProofEnvelope Attestation(string titleId, string messageId, EthAddress holder, ulong validUntil, params EthPrivateKey[] signers)
    {
        var lane = Bytes32Names.Of("lane-fabric-eth");
        var payloadHash = RelayAttestation.InboundPayloadHash(Bytes32Names.Of(titleId), holder, holder);
        var digest = RelayAttestation.Digest(Lane.ChainId, Lane.Contracts.TitleRegistry, lane, Bytes32Names.Of(messageId), payloadHash, validUntil);
        var data = new Dictionary<string, object>
        {
            ["lane"] = HexData.Encode(lane),
            ["messageId"] = messageId,
            ["validUntil"] = validUntil,
            ["payloadHash"] = HexData.Encode(payloadHash),
            ["chainId"] = Lane.ChainId,
            ["contract"] = Lane.Contracts.TitleRegistry.ToString(),
            ["signatures"] = RelayAttestation.Sign(digest, signers).Select(s => HexData.Encode(s)).ToArray(),
        };
        return new ProofEnvelope(
            1,
            "relay",
            ProofKind.RelayAttestation,
            new ProofSubject(ProofSubjectType.Message, messageId, Convert.ToHexStringLower(SHA256.HashData(payloadHash))),
            JsonSerializer.SerializeToElement(data));
    }

    /// <summary>A relay-attestation proof of a settlement, signed over <paramref name="domain"/>'s digest.</summary>
    private static ProofEnvelope Settlement(AttestationDomain domain, string messageId, string? destinationTx, params EthPrivateKey[] signers)
    {
        var data = new Dictionary<string, object>
        {
            ["messageId"] = messageId,
            ["chainId"] = ulong.Parse(domain.Domain["chainId"], System.Globalization.CultureInfo.InvariantCulture),
            ["contract"] = domain.Domain["contract"],
            ["signatures"] = RelayAttestation.Sign(domain.Digest, signers).Select(s => HexData.Encode(s)).ToArray(),
        };
        if (destinationTx is not null)
        {
            data["destinationTx"] = destinationTx;
        }

        return new ProofEnvelope(
            1,
            "relay",
            ProofKind.RelayAttestation,
            new ProofSubject(ProofSubjectType.Message, messageId, Convert.ToHexStringLower(SHA256.HashData(domain.Digest))),
            JsonSerializer.SerializeToElement(data));
    }

    private async Task IssueAsync(string titleId, EthAddress holder)
    {
        var data = BridgeContracts.TitleRegistry.Function("issue").EncodeCall(Bytes32Names.Of(titleId), holder, holder).Value;
        var sent = (await Lane.Sender.SendAsync(Lane.Owner, Lane.Contracts.TitleRegistry, data, BridgeContracts.TitleRegistry.Abi, Ct)).ShouldBeOfType<SendResult.Sent>();
        await Lane.Sender.WaitForReceiptAsync(sent.TransactionHash, TimeSpan.FromSeconds(30), Ct);
    }
}
