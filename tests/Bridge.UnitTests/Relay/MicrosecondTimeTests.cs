using Bridge.Relay.Messages;
using Bridge.Testing;

namespace Bridge.UnitTests.Relay;

[Trait("Category", "Unit")]
public sealed class MicrosecondTimeTests
{
    [Fact]
    public void Now_IsTruncatedToWhatPostgreSqlKeeps()
    {
        var exact = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        var time = new FakeTimeProvider(exact);

        var now = time.GetMicrosecondNow();

        now.Ticks.ShouldBe(exact.Ticks - 7, "123,456.7 µs keeps its 123,456 whole microseconds");
        now.TruncateToMicroseconds().ShouldBe(now);
        (exact - now).ShouldBeLessThan(TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond));
    }
}
