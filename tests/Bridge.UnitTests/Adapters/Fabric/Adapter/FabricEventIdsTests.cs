using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Fabric.Adapter;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Adapter;

/// <summary>Protocol ids of Fabric events: block and ordinal, readable back, ordered as the ledger.</summary>
[Trait("Category", "Unit")]
public sealed class FabricEventIdsTests
{
    [Fact]
    public void Format_BlockAndOrdinal_IsTheAbstractionsFixedWidthForm()
    {
        FabricEventIds.Format(12, 3).ShouldBe("00000000000000000012/0000000003/0000000000");
    }

    [Fact]
    public void FormatThenTryParse_AnyPosition_RoundTripsAndSortsInLedgerOrder()
    {
        var position = Gen.Choose(0, int.MaxValue).Select(b => (ulong)b * 3_000_000_000UL)
            .SelectMany(b => Gen.Choose(0, int.MaxValue).Select(o => (Block: b + (ulong)(o % 5), Ordinal: (uint)o)));
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(Arb.From(position), Arb.From(position), (a, b) =>
            {
                var id = FabricEventIds.Format(a.Block, a.Ordinal);
                FabricEventIds.TryParse(id, out var block, out var ordinal).ShouldBeTrue();
                (block, ordinal).ShouldBe((a.Block, a.Ordinal));
                var ledgerOrder = a.Block != b.Block ? a.Block.CompareTo(b.Block) : a.Ordinal.CompareTo(b.Ordinal);
                Math.Sign(string.CompareOrdinal(id, FabricEventIds.Format(b.Block, b.Ordinal))).ShouldBe(Math.Sign(ledgerOrder));
            }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12/3")]
    [InlineData("00000000000000000012/0000000003/0000000001")]
    [InlineData("0000000000000000001a/0000000003/0000000000")]
    [InlineData("00000000000000000012:0000000003:0000000000")]
    [InlineData("+0000000000000000012/0000000003/0000000000")]
    [InlineData("00000000000000000012/9999999999/0000000000")]
    public void TryParse_NotAnIdItWrote_IsFalse(string text)
    {
        FabricEventIds.TryParse(text, out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_EthereumStyleIdWithALogIndex_IsRefused()
    {
        FabricEventIds.TryParse(LedgerEvent.FormatProtocolId(5, 1, 2), out _, out _).ShouldBeFalse();
    }
}
