using System.Text;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Ledger;
using Google.Protobuf;

namespace Bridge.UnitTests.Simulators.Fabric;

/// <summary>
/// Ordering, MVCC, duplicates, commit waits, event replay and restart of one channel. The envelope check is a test
/// double here (a table from envelope bytes to what the peer's validator would report); the peer's own checks have
/// their own tests.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ChannelLedgerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private readonly MspOrganization _orderers = MspMaterial.CreateOrganization("OrdererMSP", "orderer.example.com", At.AddDays(-1), TimeSpan.FromDays(365));
    private readonly FabricSigner _orderer;
    private readonly Dictionary<ByteString, EnvelopeCheck> _checks = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-ledger-").FullName;

    public ChannelLedgerTests() => _orderer = _orderers.Peer.CreateSigner("OrdererMSP");

    public void Dispose()
    {
        _orderer.Dispose();
        _orderers.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Submit_ConflictingAndDuplicateTransactions_GetTheirCodesAndOnlyValidOnesChangeState()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = Open(blocks, new WorldState());

        var first = await ledger.SubmitAsync(Tx("t1", reads: [new StateRead("k", null)], writes: [new StateWrite("k", Bytes("a"))]), TestContext.Current.CancellationToken);
        var stale = await ledger.SubmitAsync(Tx("t2", reads: [new StateRead("k", null)], writes: [new StateWrite("k", Bytes("b"))]), TestContext.Current.CancellationToken);
        var duplicate = await ledger.SubmitAsync(Tx("t1", reads: [], writes: [new StateWrite("k", Bytes("c"))], salt: "again"), TestContext.Current.CancellationToken);
        var bad = await ledger.SubmitAsync(Tx("t3", reads: [], writes: [new StateWrite("k", Bytes("d"))], code: TxValidationCode.EndorsementPolicyFailure), TestContext.Current.CancellationToken);

        first.Code.ShouldBe(TxValidationCode.Valid);
        stale.Code.ShouldBe(TxValidationCode.MvccReadConflict);
        duplicate.Code.ShouldBe(TxValidationCode.DuplicateTxid);
        bad.Code.ShouldBe(TxValidationCode.EndorsementPolicyFailure);
        ledger.State.Get("k")!.Value.Value.ShouldBe(Bytes("a"));
        blocks.Height.ShouldBe(4UL);
        blocks.Get(1)!.Metadata.Metadata[2].ToByteArray().ShouldBe(new[] { (byte)TxValidationCode.MvccReadConflict });
        ledger.Find("t1")!.BlockNumber.ShouldBe(0UL);
    }

    [Fact]
    public async Task Submit_WithABatchTimeoutAndAFullBlockWaiting_CutsAtOnceWithoutTheTimeout()
    {
        using var blocks = BlockStore.InMemory();
        var time = new Bridge.UnitTests.Support.ManualTimeProvider(At);
        using var ledger = new ChannelLedger("trade", blocks, new WorldState(), _orderer, envelope => _checks[envelope], maxBlockTransactions: 3, batchTimeout: TimeSpan.FromHours(1), time);
        var ct = TestContext.Current.CancellationToken;

        var committed = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ledger.SubmitAsync(Tx($"f{i}", [], [new StateWrite($"f{i}", Bytes("1"))]), ct)));

        committed.Select(c => c.BlockNumber).ShouldAllBe(n => n == 0UL, "MaxMessageCount transactions waiting cut the block; the clock never moved");
        blocks.Height.ShouldBe(1UL);
    }

    [Fact]
    public async Task Submit_WithABatchTimeoutAndALoneTransaction_WaitsForTheTimeoutThenCuts()
    {
        using var blocks = BlockStore.InMemory();
        var time = new Bridge.UnitTests.Support.ManualTimeProvider(At);
        using var ledger = new ChannelLedger("trade", blocks, new WorldState(), _orderer, envelope => _checks[envelope], maxBlockTransactions: 10, batchTimeout: TimeSpan.FromSeconds(2), time);

        var lone = ledger.SubmitAsync(Tx("lone", [], [new StateWrite("l", Bytes("1"))]), TestContext.Current.CancellationToken);
        await time.WaitForTimerAsync(left => left == TimeSpan.FromSeconds(2));
        lone.IsCompleted.ShouldBeFalse("the block is not cut before the batch timeout");
        blocks.Height.ShouldBe(0UL);
        time.Advance(TimeSpan.FromSeconds(2));

        (await lone).BlockNumber.ShouldBe(0UL);
        blocks.Height.ShouldBe(1UL);
    }

    [Fact]
    public async Task WaitForCommit_BeforeAndAfterTheCommit_ReturnsTheSameResult()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = Open(blocks, new WorldState());
        var ct = TestContext.Current.CancellationToken;

        var waiting = ledger.WaitForCommitAsync("w1", ct);
        waiting.IsCompleted.ShouldBeFalse();
        await ledger.SubmitAsync(Tx("w1", [], [new StateWrite("x", Bytes("1"))]), ct);

        (await waiting).Code.ShouldBe(TxValidationCode.Valid);
        (await ledger.WaitForCommitAsync("w1", ct)).ShouldBe(await waiting);
    }

    [Fact]
    public async Task Commits_FromABlock_ReplaysThenFollowsLiveCommits()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = Open(blocks, new WorldState());
        var ct = TestContext.Current.CancellationToken;
        await ledger.SubmitAsync(Tx("e0", [], [new StateWrite("a", Bytes("0"))]), ct);
        await ledger.SubmitAsync(Tx("e1", [], [new StateWrite("a", Bytes("1"))]), ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var seen = new List<string>();

        var reading = Task.Run(
            async () =>
            {
                await foreach (var commit in ledger.CommitsAsync(1, stop.Token))
                {
                    seen.Add(commit.TxId);
                    if (seen.Count == 2)
                    {
                        return;
                    }
                }
            },
            ct);
        await ledger.SubmitAsync(Tx("e2", [], [new StateWrite("a", Bytes("2"))]), ct);
        await reading.WaitAsync(TimeSpan.FromSeconds(10), ct);

        seen.ShouldBe(["e1", "e2"]);
    }

    [Fact]
    public async Task Open_AfterRestart_RebuildsStateAndTheTransactionIndexFromBlocks()
    {
        var path = Path.Combine(_folder, "trade.blocks");
        var ct = TestContext.Current.CancellationToken;
        using (var blocks = BlockStore.Open(path))
        using (var ledger = Open(blocks, new WorldState()))
        {
            await ledger.SubmitAsync(Tx("r1", [], [new StateWrite("k", Bytes("v1"))]), ct);
            await ledger.SubmitAsync(Tx("r2", [new StateRead("k", null)], [new StateWrite("k", Bytes("v2"))]), ct);
        }

        using var reopened = BlockStore.Open(path);
        using var restarted = Open(reopened, new WorldState());

        restarted.State.Get("k")!.Value.Value.ShouldBe(Bytes("v1"));
        restarted.Find("r2")!.Code.ShouldBe(TxValidationCode.MvccReadConflict);
        (await restarted.SubmitAsync(Tx("r1", [], [], salt: "replayed"), ct)).Code.ShouldBe(TxValidationCode.DuplicateTxid);
    }

    [Fact]
    public async Task Submit_WhileTheOrdererIsBusy_QueuedTransactionsShareOneBlockWithMvccAndDuplicatesInBlockOrder()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = Open(blocks, new WorldState());
        var ct = TestContext.Current.CancellationToken;
        await ledger.SubmitAsync(Tx("b0", [], [new StateWrite("other", Bytes("0"))]), ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.BeforeCut = () => gate.Task;

        var writer = ledger.SubmitAsync(Tx("b1", [new StateRead("k", null)], [new StateWrite("k", Bytes("1"))]), ct);
        var reader = ledger.SubmitAsync(Tx("b2", [new StateRead("k", null)], [new StateWrite("k", Bytes("2"))]), ct);
        var duplicate = ledger.SubmitAsync(Tx("b1", [], [new StateWrite("d", Bytes("x"))], salt: "again"), ct);
        var independent = ledger.SubmitAsync(Tx("b3", [new StateRead("other", new KeyVersion(0, 0))], [new StateWrite("j", Bytes("3"))]), ct);
        gate.SetResult();
        var results = await Task.WhenAll(writer, reader, duplicate, independent);

        blocks.Height.ShouldBe(2UL);
        results.Select(r => r.BlockNumber).ShouldAllBe(n => n == 1UL);
        results.Select(r => r.TxIndex).ShouldBe([0, 1, 2, 3]);
        results.Select(r => r.Code).ShouldBe([TxValidationCode.Valid, TxValidationCode.MvccReadConflict, TxValidationCode.DuplicateTxid, TxValidationCode.Valid]);
        blocks.Get(1)!.Metadata.Metadata[2].ToByteArray().ShouldBe(new[] { (byte)TxValidationCode.Valid, (byte)TxValidationCode.MvccReadConflict, (byte)TxValidationCode.DuplicateTxid, (byte)TxValidationCode.Valid });
        ledger.State.Get("k")!.Value.Value.ShouldBe(Bytes("1"));
        ledger.State.Get("d").ShouldBeNull();
        ledger.State.Get("j")!.Value.Version.ShouldBe(new KeyVersion(1, 3));
    }

    [Fact]
    public async Task Submit_MoreThanABlockHolds_CutsBlocksOfAtMostMaxBlockTransactions()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = new ChannelLedger("trade", blocks, new WorldState(), _orderer, envelope => _checks[envelope], maxBlockTransactions: 2);
        var ct = TestContext.Current.CancellationToken;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.BeforeCut = () => gate.Task;

        var submitted = Enumerable.Range(0, 5).Select(i => ledger.SubmitAsync(Tx($"m{i}", [], [new StateWrite($"m{i}", Bytes("v"))]), ct)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(submitted);

        results.ShouldAllBe(r => r.Code == TxValidationCode.Valid);
        Enumerable.Range(0, (int)blocks.Height).Select(n => blocks.Get((ulong)n)!.Data.Data.Count).ShouldBe([2, 2, 1]);
        results.Select(r => (r.BlockNumber, r.TxIndex)).Distinct().Count().ShouldBe(5);
    }

    [Fact]
    public async Task WaitForCommit_Cancelled_ForgetsTheWaiter()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = Open(blocks, new WorldState());
        using var cancel = new CancellationTokenSource();

        var first = ledger.WaitForCommitAsync("never", cancel.Token);
        var second = ledger.WaitForCommitAsync("never", TestContext.Current.CancellationToken);
        ledger.PendingWaiters.ShouldBe(1);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => first);
        ledger.PendingWaiters.ShouldBe(1, "the second caller still waits");
        await ledger.SubmitAsync(Tx("never", [], []), TestContext.Current.CancellationToken);
        (await second).Code.ShouldBe(TxValidationCode.Valid);
        ledger.PendingWaiters.ShouldBe(0);

        using var third = new CancellationTokenSource();
        var abandoned = ledger.WaitForCommitAsync("really-never", third.Token);
        await third.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => abandoned);
        ledger.PendingWaiters.ShouldBe(0);
    }

    [Fact]
    public async Task Reset_AfterCommits_ForgetsBlocksStateAndTransactionsAndTheNextSubmitIsBlockZero()
    {
        var path = Path.Combine(_folder, "reset.blocks");
        var ct = TestContext.Current.CancellationToken;
        using (var blocks = BlockStore.Open(path))
        using (var ledger = Open(blocks, new WorldState()))
        {
            await ledger.SubmitAsync(Tx("old1", [], [new StateWrite("k", Bytes("v1"))]), ct);
            await ledger.SubmitAsync(Tx("old2", [], [new StateWrite("j", Bytes("v2"))]), ct);

            ledger.Reset();

            blocks.Height.ShouldBe(0UL);
            ledger.Height.ShouldBe(0UL);
            ledger.State.Get("k").ShouldBeNull();
            ledger.State.Get("j").ShouldBeNull();
            ledger.Find("old1").ShouldBeNull();
            var fresh = await ledger.SubmitAsync(Tx("new1", [new StateRead("k", null)], [new StateWrite("k", Bytes("n"))]), ct);
            fresh.Code.ShouldBe(TxValidationCode.Valid, "the read of k at no version is current again");
            fresh.BlockNumber.ShouldBe(0UL);
            blocks.Get(0)!.Header.PreviousHash.IsEmpty.ShouldBeTrue("block 0 starts a new chain");
            (await ledger.SubmitAsync(Tx("old1", [], [], salt: "again"), ct)).Code.ShouldBe(TxValidationCode.Valid, "the old transaction ids are forgotten");
        }

        using var reopened = BlockStore.Open(path);
        using var restarted = Open(reopened, new WorldState());
        reopened.Height.ShouldBe(2UL, "the file holds only the blocks written after the reset");
        restarted.Find("old2").ShouldBeNull();
        restarted.State.Get("k")!.Value.Value.ShouldBe(Bytes("n"));
    }

    [Fact]
    public async Task Blocks_LedgerResetWhileListening_TheListenerEnds()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = Open(blocks, new WorldState());
        var ct = TestContext.Current.CancellationToken;
        await ledger.SubmitAsync(Tx("l0", [], [new StateWrite("a", Bytes("0"))]), ct);
        var seen = new List<ulong>();
        await using var listening = ledger.BlocksAsync(0, ct).GetAsyncEnumerator(ct);
        (await listening.MoveNextAsync()).ShouldBeTrue();
        seen.Add(listening.Current.Number);
        var next = listening.MoveNextAsync().AsTask();
        ledger.ListenerCount.ShouldBe(1);

        ledger.Reset();

        (await next.WaitAsync(TimeSpan.FromSeconds(10), ct)).ShouldBeFalse();
        seen.ShouldBe([0UL]);
        ledger.ListenerCount.ShouldBe(0);
    }

    [Fact]
    public async Task Blocks_ConsumerStalledWhileManyBlocksCommit_HoldsAtMostOneBlockThenDeliversEveryBlockInOrder()
    {
        using var blocks = BlockStore.InMemory();
        using var ledger = new ChannelLedger("trade", blocks, new WorldState(), _orderer, envelope => _checks[envelope], maxBlockTransactions: 3);
        var ct = TestContext.Current.CancellationToken;
        await ledger.SubmitAsync(Tx("s0", [], [new StateWrite("s0", Bytes("v"))]), ct);
        await using var stalled = ledger.CommitsAsync(0, ct).GetAsyncEnumerator(ct);
        (await stalled.MoveNextAsync()).ShouldBeTrue();
        var received = new List<string> { stalled.Current.TxId };

        // The consumer reads nothing while 600 transactions commit, six at a time (blocks of up to three).
        var expected = new List<string> { "s0" };
        for (var round = 0; round < 100; round++)
        {
            var batch = Enumerable.Range(0, 6).Select(i => $"s{round}-{i}").ToList();
            expected.AddRange(batch);
            await Task.WhenAll(batch.Select(id => ledger.SubmitAsync(Tx(id, [], [new StateWrite(id, Bytes("v"))]), ct)));
            ledger.MaxListenerBacklog.ShouldBeLessThanOrEqualTo(ledger.MaxBlockTransactions, $"after round {round}");
        }

        ledger.Height.ShouldBeGreaterThan(200UL);
        ledger.ListenerCount.ShouldBe(1);
        ledger.MaxListenerBacklog.ShouldBeLessThanOrEqualTo(ledger.MaxBlockTransactions);

        while (received.Count < expected.Count && await stalled.MoveNextAsync())
        {
            received.Add(stalled.Current.TxId);
        }

        received.ShouldBe(expected);
    }

    private ChannelLedger Open(BlockStore blocks, WorldState state) =>
        new("trade", blocks, state, _orderer, envelope => _checks[envelope]);

    private ByteString Tx(string txId, IReadOnlyList<StateRead> reads, IReadOnlyList<StateWrite> writes, TxValidationCode code = TxValidationCode.Valid, string salt = "")
    {
        var envelope = ByteString.CopyFromUtf8($"{txId}/{salt}");
        _checks[envelope] = new EnvelopeCheck(code, txId, reads, writes, new ChaincodeEvent { TxId = txId, EventName = "E" });
        return envelope;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
