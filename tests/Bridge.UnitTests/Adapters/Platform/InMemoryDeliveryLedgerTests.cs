using Bridge.Adapters.Platform.Webhooks;
using Bridge.UnitTests.Support;

namespace Bridge.UnitTests.Adapters.Platform;

[Trait("Category", "Unit")]
public sealed class InMemoryDeliveryLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ManualTimeProvider _clock = new(Now);

    [Fact]
    public async Task TryRecord_SameIdTwice_SecondIsAReplay()
    {
        var ledger = new InMemoryDeliveryLedger(_clock);

        (await ledger.TryRecordAsync("d1", Now.AddMinutes(5), Ct)).ShouldBeTrue();
        (await ledger.TryRecordAsync("d1", Now.AddMinutes(5), Ct)).ShouldBeFalse();
        (await ledger.TryRecordAsync("d2", Now.AddMinutes(5), Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task TryRecord_AfterExpiry_IsFirstSightAgain()
    {
        var ledger = new InMemoryDeliveryLedger(_clock);
        await ledger.TryRecordAsync("d1", Now.AddMinutes(5), Ct);

        _clock.Advance(TimeSpan.FromMinutes(5));

        (await ledger.TryRecordAsync("d1", Now.AddMinutes(10), Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task TryRecord_Full_DropsExpiredThenTheSoonestExpiring()
    {
        var ledger = new InMemoryDeliveryLedger(_clock, capacity: 3);
        await ledger.TryRecordAsync("old", Now.AddMinutes(1), Ct);
        await ledger.TryRecordAsync("soon", Now.AddMinutes(3), Ct);
        await ledger.TryRecordAsync("late", Now.AddMinutes(9), Ct);
        _clock.Advance(TimeSpan.FromMinutes(2));

        (await ledger.TryRecordAsync("new1", Now.AddMinutes(9), Ct)).ShouldBeTrue();
        ledger.Count.ShouldBe(3);
        (await ledger.TryRecordAsync("new2", Now.AddMinutes(9), Ct)).ShouldBeTrue();
        ledger.Count.ShouldBe(3);

        (await ledger.TryRecordAsync("late", Now.AddMinutes(9), Ct)).ShouldBeFalse();
        (await ledger.TryRecordAsync("soon", Now.AddMinutes(9), Ct)).ShouldBeTrue();
    }
}
