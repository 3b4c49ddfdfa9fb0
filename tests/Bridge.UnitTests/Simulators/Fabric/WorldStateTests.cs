using System.Text;
using Bridge.Simulators.Fabric.Ledger;

namespace Bridge.UnitTests.Simulators.Fabric;

[Trait("Category", "Unit")]
public sealed class WorldStateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryCommit_TwoTransactionsReadingTheSameVersion_SecondIsAnMvccConflict()
    {
        var state = new WorldState();
        state.TryCommit([], [new StateWrite("k", Bytes("v0"))], new KeyVersion(1, 0)).ShouldBeTrue();
        var a = Simulate(state, "a");
        var b = Simulate(state, "b");
        a.GetState("k");
        a.PutState("k", Bytes("from-a"));
        b.GetState("k");
        b.PutState("k", Bytes("from-b"));

        state.TryCommit(a.Reads, a.Writes, new KeyVersion(2, 0)).ShouldBeTrue();
        state.TryCommit(b.Reads, b.Writes, new KeyVersion(2, 1)).ShouldBeFalse();

        state.Get("k")!.Value.Value.ShouldBe(Bytes("from-a"));
        state.Get("k")!.Value.Version.ShouldBe(new KeyVersion(2, 0));
    }

    [Fact]
    public void TryCommit_ReadOfAnAbsentKeyThatAnotherTransactionCreated_IsAConflict()
    {
        var state = new WorldState();
        var a = Simulate(state, "a");
        var b = Simulate(state, "b");
        a.GetState("new").ShouldBeNull();
        a.PutState("new", Bytes("a"));
        b.GetState("new").ShouldBeNull();
        b.PutState("new", Bytes("b"));

        state.TryCommit(a.Reads, a.Writes, new KeyVersion(1, 0)).ShouldBeTrue();
        state.TryCommit(b.Reads, b.Writes, new KeyVersion(1, 1)).ShouldBeFalse();
        state.Get("new")!.Value.Value.ShouldBe(Bytes("a"));
    }

    [Fact]
    public void Simulation_ReadsItsOwnWritesWithoutRecordingThemAndKeepsOrder()
    {
        var state = new WorldState();
        state.TryCommit([], [new StateWrite("x", Bytes("1"))], new KeyVersion(3, 2)).ShouldBeTrue();
        var tx = Simulate(state, "t");

        tx.PutState("y", Bytes("2"));
        tx.GetState("y").ShouldBe(Bytes("2"));
        tx.GetState("x").ShouldBe(Bytes("1"));
        tx.GetState("x");
        tx.PutState("y", Bytes("3"));
        tx.SetEvent("E", Bytes("p"));

        tx.Reads.ShouldBe([new StateRead("x", new KeyVersion(3, 2))]);
        tx.Writes.Single().Value.ShouldBe(Bytes("3"));
        tx.Event!.Value.Name.ShouldBe("E");
        state.Get("y").ShouldBeNull();
    }

    private static TransactionSimulation Simulate(WorldState state, string txId) =>
        state.Simulate(txId, "trade", "bridge", "CarrierMSP", "CarrierMSP::user", At);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
