using System.Security.Cryptography;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Orderer;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// The simulator's Gateway RPCs where they must answer as hyperledger/fabric's gateway does
/// (<c>internal/pkg/gateway/{submit,commitstatus,chaincodeevents}.go</c>): Submit of an unsigned transaction, the signed
/// request check of CommitStatus, ChaincodeEvents start positions and <c>after_transaction_id</c>; and the explicit
/// reset. Requests the product's client would never send are built by hand and sent with <see cref="GrpcClient"/>.
/// This class has its own simulator (the reset would disturb other classes).
/// </summary>
[Trait("Category", "Integration")]
public sealed class FabricNetworkTests(FabricGatewayFixture fixture) : IClassFixture<FabricGatewayFixture>
{
    private const string Channel = "trade";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FabricContract Carrier => fixture.CarrierGateway.Network(Channel).Contract("bridge");

    [Fact]
    public async Task Reset_AfterSubmits_BlocksAndStateAreGoneAndANewSubmitIsBlockZero()
    {
        var old = await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out var oldId), Ct);
        await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out _), Ct);
        var ledger = fixture.Network.Ledger(Channel);
        ledger.Height.ShouldBeGreaterThanOrEqualTo(2UL);

        fixture.Network.Reset();

        ledger.Height.ShouldBe(0UL);
        ledger.Blocks.Height.ShouldBe(0UL);
        ledger.Find(old.TransactionId).ShouldBeNull();
        var missing = await Should.ThrowAsync<FabricGatewayException>(() => Carrier.EvaluateAsync("GetAnchor", [oldId], Ct));
        missing.Details.ShouldContain(d => d.Message.Contains("has no anchor"));
        var fresh = await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out var freshId), Ct);
        fresh.Code.ShouldBe(TxValidationCode.Valid);
        fresh.BlockNumber.ShouldBe(0UL);
        (await Carrier.EvaluateAsync("GetAnchor", [freshId], Ct)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Channels_SameDocumentOnTwo_EachKeepsItsOwnLedgerStateAndEvents()
    {
        var second = fixture.CarrierGateway.Network(FabricGatewayFixture.SecondChannel).Contract("bridge");
        var onTrade = await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out var id), Ct);
        var otherArgs = NewDocumentArgs(out _);
        otherArgs[0] = id; // the same document id, another digest: a separate world state accepts it
        var secondHeight = fixture.Network.Ledger(FabricGatewayFixture.SecondChannel).Height;

        var onSecond = await second.SubmitAsync("AnchorDocument", otherArgs, Ct);

        onTrade.Code.ShouldBe(TxValidationCode.Valid);
        onSecond.Code.ShouldBe(TxValidationCode.Valid);
        onSecond.BlockNumber.ShouldBe(secondHeight, "the second channel numbers its own blocks");
        fixture.Network.Ledger(Channel).Find(onSecond.TransactionId).ShouldBeNull();
        fixture.Network.Ledger(FabricGatewayFixture.SecondChannel).Find(onTrade.TransactionId).ShouldBeNull();
        var readTrade = System.Text.Encoding.UTF8.GetString(await Carrier.EvaluateAsync("GetAnchor", [id], Ct));
        var readSecond = System.Text.Encoding.UTF8.GetString(await second.EvaluateAsync("GetAnchor", [id], Ct));
        readSecond.ShouldContain(otherArgs[1]);
        readTrade.ShouldNotContain(otherArgs[1]);

        // Events of one channel are not served on the other: the second channel's stream from its block holds only its own.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var received in fixture.CarrierGateway.Network(FabricGatewayFixture.SecondChannel).ChaincodeEventsAsync("bridge", ChaincodeEventPosition.FromBlock(onSecond.BlockNumber), cancel.Token))
        {
            received.TransactionId.ShouldBe(onSecond.TransactionId);
            received.BlockNumber.ShouldBe(onSecond.BlockNumber);
            break;
        }

        var unknown = await Should.ThrowAsync<FabricGatewayException>(() => fixture.CarrierGateway.Network("no-such-channel").Contract("bridge").EvaluateAsync("GetAnchor", [id], Ct));
        unknown.StatusCode.ShouldBe(GrpcStatusCode.Unavailable); // evaluate.go: connectChannelPeers error → Unavailable
        unknown.Message.ShouldContain("channel [no-such-channel] not found");
    }

    [Fact]
    public async Task Submit_PreparedTransactionWithoutSignature_InvalidArgumentWithTheGatewaysMessage()
    {
        var prepared = PreparedTransaction.Parser.ParseFrom((await EndorseAsync()).ToBytes());
        prepared.Envelope.Signature.IsEmpty.ShouldBeTrue();
        var height = fixture.Network.Ledger(Channel).Height;
        var request = new SubmitRequest { TransactionId = prepared.TransactionId, ChannelId = Channel, PreparedTransaction = prepared.Envelope };

        var error = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync(FabricGateway.SubmitPath, request.ToByteArray(), null, Ct));

        error.StatusCode.ShouldBe(GrpcStatusCode.InvalidArgument);
        error.Detail.ShouldBe("prepared transaction must be signed"); // hyperledger/fabric internal/pkg/gateway/submit.go
        fixture.Network.Ledger(Channel).Height.ShouldBe(height);
        fixture.Network.Ledger(Channel).Find(prepared.TransactionId).ShouldBeNull();
    }

    [Fact]
    public async Task CommitStatus_SignedByAChannelMember_ReturnsTheCommit()
    {
        var committed = await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out _), Ct);

        var reply = CommitStatusResponse.Parser.ParseFrom(await fixture.Client.UnaryAsync(FabricGateway.CommitStatusPath, SignedStatusRequest(committed.TransactionId, fixture.Carrier.Signer!, fixture.Carrier.Signer!), null, Ct));

        reply.Result.ShouldBe(TxValidationCode.Valid);
        reply.BlockNumber.ShouldBe(committed.BlockNumber);
    }

    [Theory]
    [InlineData("foreign-ca")]
    [InlineData("unknown-msp")]
    [InlineData("other-key")]
    [InlineData("tampered")]
    public async Task CommitStatus_RequesterNotAnAuthenticatedChannelMember_PermissionDenied(string requester)
    {
        var committed = await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out _), Ct);
        var now = TimeProvider.System.GetUtcNow();

        // The same MSP id and names as the carrier, but a CA the channel does not know; an MSP id the channel does not
        // have; the carrier's certificate with the bank user's signature; the carrier's signature over other bytes.
        using var impostor = MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", now.AddDays(-1), TimeSpan.FromDays(30));
        using var impostorSigner = impostor.Client.CreateSigner("CarrierMSP");
        using var outsider = MspMaterial.CreateOrganization("OutsiderMSP", "outsider.example.com", now.AddDays(-1), TimeSpan.FromDays(30));
        using var outsiderSigner = outsider.Client.CreateSigner("OutsiderMSP");
        var carrier = fixture.Carrier.Signer!;
        var request = requester switch
        {
            "foreign-ca" => SignedStatusRequest(committed.TransactionId, impostorSigner, impostorSigner),
            "unknown-msp" => SignedStatusRequest(committed.TransactionId, outsiderSigner, outsiderSigner),
            "other-key" => SignedStatusRequest(committed.TransactionId, carrier, fixture.Bank.Signer!),
            _ => SignedStatusRequest(committed.TransactionId, carrier, carrier, tamper: true),
        };

        var error = await Should.ThrowAsync<GrpcException>(() => fixture.Client.UnaryAsync(FabricGateway.CommitStatusPath, request, null, Ct));

        error.StatusCode.ShouldBe(GrpcStatusCode.PermissionDenied);
        error.Detail.ShouldContain($"channel {Channel}");
    }

    [Theory]
    [InlineData("oldest", "*orderer.SeekPosition_Oldest")]
    [InlineData("newest", "*orderer.SeekPosition_Newest")]
    public async Task ChaincodeEvents_StartPositionOldestOrNewest_InvalidArgumentAsFabric(string type, string goType)
    {
        var position = type == "oldest" ? new SeekPosition { Oldest = new SeekOldest() } : new SeekPosition { Newest = new SeekNewest() };

        var error = await Should.ThrowAsync<GrpcException>(() => ReadEventResponsesAsync(position, afterTransactionId: null, count: 1));

        error.StatusCode.ShouldBe(GrpcStatusCode.InvalidArgument);
        error.Detail.ShouldBe($"invalid start position type: {goType}"); // hyperledger/fabric internal/pkg/gateway/chaincodeevents.go
    }

    [Fact]
    public async Task ChaincodeEvents_SpecifiedBlockWithSeveralEvents_OneResponseWithAllOfThemInTransactionOrder()
    {
        var block = await CommitTogetherAsync(3);

        var responses = await ReadEventResponsesAsync(new SeekPosition { Specified = new SeekSpecified { Number = block.Number } }, afterTransactionId: null, count: 1);

        responses[0].BlockNumber.ShouldBe(block.Number);
        responses[0].Events.Select(e => e.TxId).ShouldBe(block.TransactionIds);
        responses[0].Events.ShouldAllBe(e => e.ChaincodeId == "bridge" && e.EventName == "DocumentAnchored");
    }

    [Fact]
    public async Task ChaincodeEvents_AfterTransactionId_SkipsEventsUpToAndIncludingItInItsBlock()
    {
        var block = await CommitTogetherAsync(3);

        var responses = await ReadEventResponsesAsync(new SeekPosition { Specified = new SeekSpecified { Number = block.Number } }, block.TransactionIds[1], count: 1);

        responses[0].BlockNumber.ShouldBe(block.Number);
        responses[0].Events.Select(e => e.TxId).ShouldBe([block.TransactionIds[2]]);
    }

    [Fact]
    public async Task ChaincodeEvents_AfterACommittedTransaction_StartsAtItsBlockWhateverTheStartPosition()
    {
        var block = await CommitTogetherAsync(2);
        var later = await Carrier.SubmitAsync("AnchorDocument", NewDocumentArgs(out _), Ct);

        // Fabric looks up the transaction's block first and only reads start_position when it is not found, so even a
        // position type it otherwise rejects is ignored, and a later start block is overridden.
        var fromOldest = await ReadEventResponsesAsync(new SeekPosition { Oldest = new SeekOldest() }, block.TransactionIds[0], count: 2);
        var fromLater = await ReadEventResponsesAsync(new SeekPosition { Specified = new SeekSpecified { Number = later.BlockNumber } }, block.TransactionIds[0], count: 2);

        foreach (var responses in new[] { fromOldest, fromLater })
        {
            responses.Select(r => r.BlockNumber).ShouldBe([block.Number, later.BlockNumber]);
            responses[0].Events.Select(e => e.TxId).ShouldBe([block.TransactionIds[1]]);
            responses[1].Events.Select(e => e.TxId).ShouldBe([later.TransactionId]);
        }
    }

    [Fact]
    public async Task ChaincodeEventsAsync_ResumedAfterACheckpointInsideABlock_GetsTheRestOfTheBlockOnce()
    {
        var block = await CommitTogetherAsync(3);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<string>();

        await foreach (var e in fixture.CarrierGateway.Network(Channel).ChaincodeEventsAsync("bridge", ChaincodeEventPosition.After(new FabricEventCheckpoint(block.Number, block.TransactionIds[0])), timeout.Token))
        {
            seen.Add(e.TransactionId);
            if (seen.Count == 2)
            {
                break;
            }
        }

        seen.ShouldBe(block.TransactionIds[1..]);
    }

    /// <summary>
    /// Endorses <paramref name="count"/> anchors, holds the orderer and submits them together so they are cut into one
    /// block, in submission order. Returns the block and the transaction ids in block order.
    /// </summary>
    private async Task<(ulong Number, string[] TransactionIds)> CommitTogetherAsync(int count)
    {
        var ledger = fixture.Network.Ledger(Channel);
        var prepared = new List<FabricPreparedTransaction>();
        for (var i = 0; i < count; i++)
        {
            var endorsed = await EndorseAsync();
            prepared.Add(endorsed.WithSignature(fixture.Carrier.Signer!.Sign(endorsed.Payload.Span)));
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.BeforeCut = () => gate.Task;
        try
        {
            var submitted = new List<Task<SubmittedTransaction>>();
            foreach (var transaction in prepared)
            {
                // One at a time into the orderer's queue, so the block order is this order.
                var queued = ledger.QueuedCount;
                submitted.Add(transaction.SubmitAsync(Ct));
                while (ledger.QueuedCount == queued)
                {
                    await Task.Delay(10, Ct);
                }
            }

            gate.SetResult();
            var statuses = await Task.WhenAll((await Task.WhenAll(submitted)).Select(s => s.GetStatusAsync(Ct)));
            statuses.Select(s => s.BlockNumber).Distinct().Count().ShouldBe(1);
            var ids = prepared.Select(p => p.TransactionId).ToArray();
            ids.Select(id => ledger.Find(id)!.TxIndex).ShouldBeInOrder();
            return (statuses[0].BlockNumber, ids);
        }
        finally
        {
            ledger.BeforeCut = null;
        }
    }

    /// <summary>Endorses a new anchor as the carrier user; the prepared transaction is not signed yet.</summary>
    private Task<FabricPreparedTransaction> EndorseAsync()
    {
        var proposal = Carrier.NewProposal("AnchorDocument", FabricProposalOptions.FromStrings(NewDocumentArgs(out _)));
        return proposal.WithSignature(fixture.Carrier.Signer!.Sign(proposal.ProposalBytes.Span)).EndorseAsync(Ct);
    }

    /// <summary>Opens a raw ChaincodeEvents stream signed by the carrier user and reads <paramref name="count"/> responses.</summary>
    private async Task<List<ChaincodeEventsResponse>> ReadEventResponsesAsync(SeekPosition position, string? afterTransactionId, int count)
    {
        var signer = fixture.Carrier.Signer!;
        var request = new ChaincodeEventsRequest
        {
            ChannelId = Channel,
            ChaincodeId = "bridge",
            Identity = ByteString.CopyFrom(signer.SerializedIdentity()),
            StartPosition = position,
            AfterTransactionId = afterTransactionId ?? string.Empty,
        }.ToByteString();
        var signed = new SignedChaincodeEventsRequest { Request = request, Signature = ByteString.CopyFrom(signer.Sign(request.Span)) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var responses = new List<ChaincodeEventsResponse>();
        await foreach (var message in fixture.Client.ServerStreamingAsync(FabricGateway.ChaincodeEventsPath, signed.ToByteArray(), null, timeout.Token))
        {
            responses.Add(ChaincodeEventsResponse.Parser.ParseFrom(message));
            if (responses.Count == count)
            {
                break;
            }
        }

        return responses;
    }

    private static byte[] SignedStatusRequest(string transactionId, FabricSigner identity, FabricSigner signer, bool tamper = false)
    {
        var request = new CommitStatusRequest { ChannelId = Channel, TransactionId = transactionId, Identity = ByteString.CopyFrom(identity.SerializedIdentity()) }.ToByteString();
        var signature = signer.Sign(tamper ? [.. request.Span, 0] : request.Span);
        return new SignedCommitStatusRequest { Request = request, Signature = ByteString.CopyFrom(signature) }.ToByteArray();
    }

    private static string[] NewDocumentArgs(out string id)
    {
        id = Guid.NewGuid().ToString();
        return [id, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "BILL_OF_LADING"];
    }
}
