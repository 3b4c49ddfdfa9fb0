using Bridge.Relay.Engine;
using FsCheck;
using FsCheck.Fluent;
using static Bridge.UnitTests.Relay.Engine.EngineFixtures;

namespace Bridge.UnitTests.Relay.Engine;

[Trait("Category", "Unit")]
public sealed class LaneRateLimiterTests
{
    private static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void TryTake_FreshBucket_GivesTheBurstAtOnceThenSaysWhenTheNextTokenComes()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);

        for (var i = 0; i < 3; i++)
        {
            limiter.TryTake("lane-a", 4, 3, out var none).ShouldBeTrue($"token {i + 1} of the burst");
            none.ShouldBe(TimeSpan.Zero);
        }

        limiter.TryTake("lane-a", 4, 3, out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromSeconds(0.25), Precision);
    }

    [Fact]
    public void TryTake_AfterTheBurst_GivesOneTokenPerIntervalOfOneOverTheRate()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", 4, 2);

        for (var round = 0; round < 5; round++)
        {
            time.Advance(TimeSpan.FromMilliseconds(249));
            limiter.TryTake("lane-a", 4, 2, out var early).ShouldBeFalse($"round {round}: 1 ms early");
            early.ShouldBe(TimeSpan.FromMilliseconds(1), Precision);

            time.Advance(TimeSpan.FromMilliseconds(1));
            limiter.TryTake("lane-a", 4, 2, out _).ShouldBeTrue($"round {round}: on time");
            limiter.TryTake("lane-a", 4, 2, out var next).ShouldBeFalse($"round {round}: only one");
            next.ShouldBe(TimeSpan.FromMilliseconds(250), Precision);
        }
    }

    [Fact]
    public void TryTake_PartlyRefilled_RetryAfterIsTheRestOfTheInterval()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", 2, 1);

        time.Advance(TimeSpan.FromMilliseconds(200));
        limiter.TryTake("lane-a", 2, 1, out var retryAfter).ShouldBeFalse();

        retryAfter.ShouldBe(TimeSpan.FromMilliseconds(300), Precision);
    }

    [Fact]
    public void TryTake_LongIdle_RefillsNoMoreThanTheBurst()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", 10, 5);

        time.Advance(TimeSpan.FromHours(1));

        Drain(limiter, "lane-a", 10, 5).ShouldBe(5);
    }

    [Fact]
    public void TryTake_LaneRateChanged_StartsAFullBucketAtTheNewRate()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", 1, 2).ShouldBe(2);

        limiter.TryTake("lane-a", 8, 2, out _).ShouldBeTrue("a new rate resets the bucket to its burst");
        limiter.TryTake("lane-a", 8, 2, out _).ShouldBeTrue();
        limiter.TryTake("lane-a", 8, 2, out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromSeconds(1.0 / 8), Precision);
    }

    [Fact]
    public void TryTake_LaneBurstChanged_StartsAFullBucketOfTheNewSize()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", 2, 2).ShouldBe(2);

        Drain(limiter, "lane-a", 2, 6).ShouldBe(6);
    }

    [Fact]
    public void TryTake_TwoLanes_HaveTheirOwnBuckets()
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", 1, 3).ShouldBe(3);

        Drain(limiter, "lane-b", 1, 3).ShouldBe(3, "lane-a's use leaves lane-b full");
        limiter.TryTake("lane-a", 1, 3, out _).ShouldBeFalse();
    }

    /// <summary>
    /// A caller that is refused and waits the retryAfter it was told gets a token then. With a rate that does not divide
    /// the clock's ticks, the refill just short of a whole token leaves (1 - tokens) / rate below one tick, and a
    /// retryAfter rounded down to zero sends the caller straight back to be refused again.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(7)]
    public void TryTake_RefusedThenWaitingRetryAfter_GivesAToken(int perSecond)
    {
        var time = new ManualTimeProvider(T0);
        var limiter = new LaneRateLimiter(time);
        Drain(limiter, "lane-a", perSecond, 1);
        time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond));

        if (!limiter.TryTake("lane-a", perSecond, 1, out var retryAfter))
        {
            retryAfter.ShouldBeGreaterThan(TimeSpan.Zero, "a refusal says how long to wait");
            time.Advance(retryAfter);
            limiter.TryTake("lane-a", perSecond, 1, out _).ShouldBeTrue("after waiting retryAfter");
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-5, 10)]
    public void TryTake_RateOrBurstBelowOne_IsMisuse(int perSecond, int burst)
    {
        var limiter = new LaneRateLimiter(new ManualTimeProvider(T0));

        Should.Throw<ArgumentOutOfRangeException>(() => limiter.TryTake("lane-a", perSecond, burst, out _));
    }

    [Fact]
    public void TryTake_AnyScheduleOfAttempts_NeverGivesMoreThanBurstPlusRateTimesElapsedAndRefusesForAtMostOneInterval()
    {
        var schedules =
            from rate in Gen.Choose(1, 50)
            from burst in Gen.Choose(1, 100)
            from steps in Gen.Choose(0, 400).ArrayOf()
            select (rate, burst, steps);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(schedules), schedule =>
        {
            var (rate, burst, steps) = schedule;
            var time = new ManualTimeProvider(T0);
            var limiter = new LaneRateLimiter(time);
            var taken = 0;
            foreach (var step in steps)
            {
                time.Advance(TimeSpan.FromMilliseconds(step));
                TimeSpan retryAfter;
                while (limiter.TryTake("lane-a", rate, burst, out retryAfter))
                {
                    taken++;
                }

                retryAfter.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
                retryAfter.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1.0 / rate) + Precision);
            }

            var elapsed = (time.GetUtcNow() - T0).TotalSeconds;
            taken.ShouldBeLessThanOrEqualTo(burst + (int)Math.Floor((elapsed * rate) + 1e-9));
        }));
    }

    /// <summary>Takes tokens until refused; how many were given.</summary>
    private static int Drain(LaneRateLimiter limiter, string lane, int perSecond, int burst)
    {
        var taken = 0;
        while (limiter.TryTake(lane, perSecond, burst, out _))
        {
            taken++;
            taken.ShouldBeLessThanOrEqualTo(burst, "never more than the burst at one instant");
        }

        return taken;
    }
}
