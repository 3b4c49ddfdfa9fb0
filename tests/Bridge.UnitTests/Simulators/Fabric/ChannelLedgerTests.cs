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
