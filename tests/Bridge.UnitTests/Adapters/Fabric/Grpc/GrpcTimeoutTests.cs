using Bridge.Adapters.Fabric.Grpc;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Grpc;

/// <summary>
/// <c>grpc-timeout</c> (PROTOCOL-HTTP2.md "Requests": TimeoutValue of at most 8 digits, units H M S m u n). Expected
/// strings are worked out by hand: the finest unit whose value fits in 8 digits, rounded up.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData(1L, "100n")]                  // one tick = 100 ns
    [InlineData(10_000L, "1000000n")]         // 1 ms = 1,000,000 ns
    [InlineData(999_999L, "99999900n")]       // still 8 digits of ns
    [InlineData(1_000_000L, "100000u")]       // 100 ms = 100,000,000 ns: 9 digits, so microseconds
    [InlineData(1_000_001L, "100001u")]       // 100,000.1 us rounds up
    [InlineData(10_000_000L, "1000000u")]     // 1 s
    [InlineData(1_000_000_000L, "100000m")]   // 100 s = 100,000,000 us: 9 digits, so milliseconds
    [InlineData(864_000_000_000L, "86400000m")] // 1 day
    [InlineData(1_000_000_000_000L, "100000S")] // 100,000 s = 100,000,000 ms: 9 digits, so seconds
    public void Format_Duration_FinestUnitThatFits(long ticks, string expected) =>
        GrpcTimeout.Format(TimeSpan.FromTicks(ticks)).ShouldBe(expected);

    [Fact]
    public void Format_ZeroOrNegative_ZeroNanoseconds()
    {
        GrpcTimeout.Format(TimeSpan.Zero).ShouldBe("0n");
        GrpcTimeout.Format(TimeSpan.FromSeconds(-1)).ShouldBe("0n");
    }

    [Fact]
    public void Format_MaxValue_StaysWithinEightDigits() =>
        GrpcTimeout.Format(TimeSpan.MaxValue).ShouldBe("99999999H"); // 29,227 years is more than 99,999,999 hours

    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("4m", 40_000L)]
    [InlineData("5u", 50L)]
    [InlineData("4962m", 49_620_000L)]        // the value the Node client sent (fabric-wire.md §3.1)
    [InlineData("6n", 1L)]                    // sub-tick rounds up to one tick
    [InlineData("0S", 0L)]
    [InlineData("99999999H", 3_599_999_964_000_000_000L)]
    public void TryParse_ValidValue_Duration(string value, long expectedTicks)
    {
        GrpcTimeout.TryParse(value, out var timeout).ShouldBeTrue();
        timeout.Ticks.ShouldBe(expectedTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("1")]
    [InlineData("123456789S")] // 9 digits
    [InlineData("1s")]         // units are case-sensitive
    [InlineData("1h")]
    [InlineData("1.5S")]
    [InlineData("-1S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    [InlineData("1SS")]
    public void TryParse_OutsideTheGrammar_False(string value) =>
        GrpcTimeout.TryParse(value, out _).ShouldBeFalse();

    [Fact]
    public void ParseOfFormat_AnyDuration_NeverShorterAndWithinOnePartIn100000()
    {
        // Log-uniform-ish over 1 tick .. about 3,000 years.
        var durations = Gen.Choose(0, 18).SelectMany(exponent => Gen.Choose(1, int.MaxValue).Select(r =>
            TimeSpan.FromTicks(Math.Max(1L, (long)(r / (double)int.MaxValue * Math.Pow(10, exponent))))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(durations), t =>
        {
            var text = GrpcTimeout.Format(t);
            return text.Length <= 9
                && GrpcTimeout.TryParse(text, out var back)
                && back >= t
                && (back - t).Ticks <= (t.Ticks / 100_000) + 1;
        }));
    }
}
