using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Proofs;

namespace Bridge.IntegrationTests.Fabric.Adapter;

/// <summary>
/// <see cref="FabricAdapter"/> as an <see cref="IBatchSubmitter"/> (one <c>AnchorDocuments</c> transaction per batch, per-
/// document idempotency) and its memories of commit statuses and blocks (gateway calls counted at the HTTP handler).
/// </summary>
[Trait("Category", "Integration")]
public sealed class FabricAdapterBatchTests(FabricAdapterFixture fixture) : IClassFixture<FabricAdapterFixture>
{
    private const string EvaluatePath = "/gateway.Gateway/Evaluate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitBatchAsync_NewAnchors_LandInOneTransactionAndEachIsQueryable()
    {
        var adapter = fixture.CreateAdapter();
        var batch = NewAnchors(20);

        var results = await adapter.SubmitBatchAsync(batch, Ct);

        var txs = results.Select(r => r.ShouldBeOfType<SubmitResult.Accepted>().Tx).ToList();
        txs.Distinct().Count().ShouldBe(1, "one transaction for the whole batch");
        var committed = fixture.Network.Ledger("trade").Find(txs[0].Id).ShouldNotBeNull();
        txs[0].BlockNumber.ShouldBe((long)committed.BlockNumber);
        committed.Event.ShouldNotBeNull().EventName.ShouldBe("DocumentsAnchored");
        using var anchored = JsonDocument.Parse(committed.Event.Payload.Memory);
        anchored.RootElement.GetProperty("anchors").EnumerateArray().Select(a => a.GetProperty("documentId").GetString())
            .ShouldBe(batch.Select(b => ((LedgerCommand.Anchor)b.Command).DocumentId));
        foreach (var command in batch.Select(b => (LedgerCommand.Anchor)b.Command))
        {
            var found = (await adapter.QueryAsync(new LedgerQuery.AnchorOf(command.DocumentId), Ct)).ShouldBeOfType<QueryResult.Found>();
            found.Value.GetProperty("contentDigest").GetString().ShouldBe(command.Digest);
            found.Value.GetProperty("commitmentRoot").GetString().ShouldBe(command.MerkleRoot);
            found.Value.GetProperty("documentType").GetString().ShouldBe(command.DocumentType);
            found.Source.ShouldBe(new TxRef(txs[0].Id));
        }
    }

    [Fact]
    public async Task SubmitBatchAsync_SameBatchAgainOrRegroupedAfterARestart_ReturnsTheSameTxPerItemAndWritesNothing()
    {
        var batch = NewAnchors(6);
        var first = await fixture.CreateAdapter().SubmitBatchAsync(batch, Ct);
        var ledger = fixture.Network.Ledger("trade");
        var height = ledger.Blocks.Height;

        var again = await fixture.CreateAdapter().SubmitBatchAsync(batch, Ct);
        var regrouped = await fixture.CreateAdapter().SubmitBatchAsync([.. batch.Skip(3), .. batch.Take(3).Reverse()], Ct);

        first.ShouldAllBe(r => r is SubmitResult.Accepted);
        again.ShouldBe(first);
        regrouped.ShouldBe([.. first.Skip(3), .. first.Take(3).Reverse()]);
        ledger.Blocks.Height.ShouldBe(height, "nothing new was written, so nothing was ordered");
    }

    [Fact]
    public async Task SubmitBatchAsync_SameBatchFromTwoAdaptersAtOnce_AppliesOnceAndBothGetItsTransaction()
    {
        var batch = NewAnchors(8);

        var both = await Task.WhenAll(fixture.CreateAdapter().SubmitBatchAsync(batch, Ct), fixture.CreateAdapter().SubmitBatchAsync(batch, Ct));

        both[1].ShouldBe(both[0]);
        var tx = both[0].Select(r => r.ShouldBeOfType<SubmitResult.Accepted>().Tx.Id).Distinct().ShouldHaveSingleItem();
        fixture.Network.Ledger("trade").Find(tx).ShouldNotBeNull().Code.ShouldBe(Bridge.Adapters.Fabric.Protos.Peer.TxValidationCode.Valid);
    }

    [Fact]
    public async Task SubmitBatchAsync_WithAnIdenticalAndAConflictingEarlierAnchor_LandsTheOthersAndRejectsOnlyTheConflict()
    {
        var adapter = fixture.CreateAdapter();
        var identical = new LedgerCommand.Anchor(Guid.NewGuid().ToString(), RandomHex(), RandomHex(), "INVOICE");
        var conflicting = new LedgerCommand.Anchor(Guid.NewGuid().ToString(), RandomHex(), RandomHex(), "INVOICE");
        var earlierIdentical = (await adapter.SubmitAsync(identical, $"single-{identical.DocumentId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        (await adapter.SubmitAsync(conflicting, $"single-{conflicting.DocumentId}", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var fresh = NewAnchors(2);
        var changed = conflicting with { Digest = RandomHex() };

        var results = await fixture.CreateAdapter().SubmitBatchAsync(
            [fresh[0], new BatchCommand(identical, $"batch-{identical.DocumentId}"), new BatchCommand(changed, $"batch-{changed.DocumentId}"), fresh[1]],
            Ct);

        var landed = results[0].ShouldBeOfType<SubmitResult.Accepted>();
        results[3].ShouldBe(landed);
        landed.Tx.ShouldNotBe(earlierIdentical.Tx);
        results[1].ShouldBe(earlierIdentical, "the identical anchor answers with the transaction that anchored it, block included");
        results[2].ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("already-anchored");
        var kept = (await adapter.QueryAsync(new LedgerQuery.AnchorOf(conflicting.DocumentId), Ct)).ShouldBeOfType<QueryResult.Found>();
        kept.Value.GetProperty("contentDigest").GetString().ShouldBe(conflicting.Digest);
    }

    [Fact]
    public async Task SubmitBatchAsync_MalformedAnchor_IsRejectedAloneAndTheRestLand()
    {
        var fresh = NewAnchors(2);
        var malformed = new BatchCommand(new LedgerCommand.Anchor(Guid.NewGuid().ToString(), "not-hex", RandomHex()), "malformed");

        var results = await fixture.CreateAdapter().SubmitBatchAsync([fresh[0], malformed, fresh[1]], Ct);

        results[0].ShouldBeOfType<SubmitResult.Accepted>();
        results[1].ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("invalid-command");
        results[2].ShouldBe(results[0]);
    }

    [Fact]
    public async Task GetFinalityAsync_OfItsOwnCommittedSubmission_AsksTheGatewayNothing()
    {
        using var counting = new CountingClient(fixture.Endpoint);
        var adapter = fixture.CreateAdapter(client: counting.Client);
        var accepted = (await adapter.SubmitBatchAsync(NewAnchors(3), Ct))[0].ShouldBeOfType<SubmitResult.Accepted>();
        var before = counting.Calls(EvaluatePath);

        var finality = await adapter.GetFinalityAsync(accepted.Tx, Ct);

        finality.ShouldBe(new FinalityStatus.Final(accepted.Tx));
        counting.Calls(EvaluatePath).ShouldBe(before);
    }

    [Fact]
    public async Task FinalityAndProofs_OfTransactionsSharingABlock_FetchTheBlockOnce()
    {
        var submitted = await SubmitSharingABlockAsync(3);
        using var counting = new CountingClient(fixture.Endpoint);
        var adapter = fixture.CreateAdapter(client: counting.Client);

        (await adapter.GetFinalityAsync(new TxRef(submitted[0]), Ct)).ShouldBeOfType<FinalityStatus.Final>();
        var afterFirst = counting.Calls(EvaluatePath);
        (await adapter.GetFinalityAsync(new TxRef(submitted[1]), Ct)).ShouldBeOfType<FinalityStatus.Final>();
        var proof = await adapter.GetProofAsync(
            new ProofRequest(ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Transaction, submitted[2], FabricProofBuilder.UnknownDigest), new TxRef(submitted[2])),
            Ct);

        afterFirst.ShouldBe(1, "the first lookup reads the block");
        counting.Calls(EvaluatePath).ShouldBe(afterFirst, "the other transactions of that block are found in memory");
        new FabricEndorsementVerifier().Verify(proof, fixture.Network.TrustAnchors("trade")).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task FinalityAndProofs_AtOnceWithTheirBlockNamed_ShareOneFetchOfThatBlock()
    {
        var submitted = await SubmitSharingABlockAsync(4);
        var block = fixture.Network.Ledger("trade").Find(submitted[0])!.BlockNumber;
        using var counting = new CountingClient(fixture.Endpoint);
        var adapter = fixture.CreateAdapter(client: counting.Client);

        var lookups = submitted.SelectMany(tx => new Task[]
        {
            adapter.GetFinalityAsync(new TxRef(tx, (long)block), Ct),
            adapter.GetProofAsync(new ProofRequest(ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Transaction, tx, FabricProofBuilder.UnknownDigest), new TxRef(tx, (long)block)), Ct),
        });
        await Task.WhenAll(lookups);

        adapter.Blocks.Fetches.ShouldBe(1, "eight concurrent lookups naming one block read it once");
        var fresh = fixture.CreateAdapter();
        (await fresh.GetFinalityAsync(new TxRef(submitted[0], (long)block - 1), Ct)).ShouldBeOfType<FinalityStatus.Final>().Tx.BlockNumber.ShouldBe((long)block, "a wrong block named is checked, not trusted");
        (await fresh.GetFinalityAsync(new TxRef(submitted[1], (long)block + 1000), Ct)).ShouldBeOfType<FinalityStatus.Final>().Tx.BlockNumber.ShouldBe((long)block, "a block that does not exist is not an answer");
    }

    [Fact]
    public async Task GetFinalityAsync_NotYetCommitted_AsksAgainEachTime()
    {
        using var counting = new CountingClient(fixture.Endpoint);
        var adapter = fixture.CreateAdapter(client: counting.Client);
        var unknown = new TxRef(RandomHex());

        (await adapter.GetFinalityAsync(unknown, Ct)).ShouldBeOfType<FinalityStatus.NotFinalYet>();
        (await adapter.GetFinalityAsync(unknown, Ct)).ShouldBeOfType<FinalityStatus.NotFinalYet>();

        counting.Calls(EvaluatePath).ShouldBe(2, "an absent transaction is never remembered");
    }

    /// <summary>Anchors submitted singly while the orderer holds its cut, so that they share one block; their tx ids.</summary>
    private async Task<string[]> SubmitSharingABlockAsync(int count)
    {
        var ledger = fixture.Network.Ledger("trade");
        var txs = await fixture.SubmitAnchorsSharingABlockAsync(fixture.CreateAdapter(), count, "shared", Ct);
        txs.Select(t => ledger.Find(t)!.BlockNumber).Distinct().ShouldHaveSingleItem("the held cut puts them in one block");
        return txs;
    }

    private static List<BatchCommand> NewAnchors(int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var command = new LedgerCommand.Anchor(Guid.NewGuid().ToString(), RandomHex(), RandomHex(), "BILL_OF_LADING");
            return new BatchCommand(command, $"batch-{command.DocumentId}");
        })];

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A gRPC client whose HTTP handler counts the calls by gRPC method path.</summary>
    private sealed class CountingClient : IDisposable
    {
        private readonly HttpMessageHandler _inner = GrpcHttpHandler.Create();
        private readonly CountingHandler _handler;

        public CountingClient(Uri endpoint)
        {
            _handler = new CountingHandler(_inner);
            Client = new GrpcClient(_handler, endpoint);
        }

        public GrpcClient Client { get; }

        public int Calls(string path) => _handler.Counts.GetValueOrDefault(path);

        public void Dispose()
        {
            Client.Dispose();
            _handler.Dispose();
            _inner.Dispose();
        }
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Counts.AddOrUpdate(request.RequestUri!.AbsolutePath, 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
