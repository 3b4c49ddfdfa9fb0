using Bridge.Relay.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Relay.Messages;

[Trait("Category", "Unit")]
public sealed class LeaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Thirty = TimeSpan.FromSeconds(30);

    [Fact]
    public void Acquire_Unleased_GrantsTokenOneUntilNowPlusDuration()
    {
        var granted = LeaseRules.Acquire(null, "host-a/1", Now, Thirty).ShouldBeOfType<LeaseResult.Granted>();

        granted.Lease.ShouldBe(new Lease("host-a/1", Now.AddSeconds(30), 1));
    }

    [Fact]
    public void Acquire_HeldByAnother_IsDeniedUntilTheExpiryInstant()
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 4);

        LeaseRules.Acquire(held, "host-b/1", Now.AddSeconds(30).AddTicks(-1), Thirty).ShouldBeOfType<LeaseResult.Denied>().Current.ShouldBe(held);
        LeaseRules.IsTakeable(held, Now.AddSeconds(30).AddTicks(-1)).ShouldBeFalse();
        LeaseRules.IsTakeable(held, Now.AddSeconds(30)).ShouldBeTrue();
        var taken = LeaseRules.Acquire(held, "host-b/1", Now.AddSeconds(30), Thirty).ShouldBeOfType<LeaseResult.Granted>().Lease;
        taken.ShouldBe(new Lease("host-b/1", Now.AddSeconds(60), 5));
    }

    [Fact]
    public void Acquire_HeldBySelf_IsDeniedBecauseHoldersRenew()
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 1);

        LeaseRules.Acquire(held, "host-a/1", Now, Thirty).ShouldBeOfType<LeaseResult.Denied>();
    }

    [Fact]
    public void Renew_ByHolder_ExtendsAndKeepsTheToken()
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 3);

        var renewed = LeaseRules.Renew(held, "host-a/1", 3, Now.AddSeconds(20), Thirty).ShouldBeOfType<LeaseResult.Granted>().Lease;

        renewed.ShouldBe(new Lease("host-a/1", Now.AddSeconds(50), 3));
    }

    [Theory]
    [InlineData("host-b/1", 3, 20)] // another owner
    [InlineData("host-a/1", 2, 20)] // a stale token (the holder lost it once and took it again)
    [InlineData("host-a/1", 3, 30)] // lapsed, even though nobody took it
    public void Renew_NotHeld_IsDenied(string owner, long token, int atSeconds)
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 3);

        LeaseRules.Renew(held, owner, token, Now.AddSeconds(atSeconds), Thirty).ShouldBeOfType<LeaseResult.Denied>().Current.ShouldBe(held);
        LeaseRules.MayCommit(held, owner, token, Now.AddSeconds(atSeconds)).ShouldBeFalse();
    }

    [Fact]
    public void Renew_Unleased_IsDenied() =>
        LeaseRules.Renew(null, "host-a/1", 1, Now, Thirty).ShouldBeOfType<LeaseResult.Denied>().Current.ShouldBeNull();

    [Fact]
    public void Release_ByHolder_MakesItTakeableAtOnceAndTheNextTokenHigher()
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 7);

        var released = LeaseRules.Release(held, "host-a/1", 7, Now.AddSeconds(5));

        released.ShouldBe(held with { ExpiresAt = Now.AddSeconds(5) });
        LeaseRules.IsTakeable(released, Now.AddSeconds(5)).ShouldBeTrue();
        LeaseRules.Acquire(released, "host-b/1", Now.AddSeconds(5), Thirty).ShouldBeOfType<LeaseResult.Granted>().Lease.Token.ShouldBe(8);
    }

    [Fact]
    public void Release_ByOther_ChangesNothing()
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 7);

        LeaseRules.Release(held, "host-b/1", 7, Now).ShouldBeSameAs(held);
        LeaseRules.Release(held, "host-a/1", 6, Now).ShouldBeSameAs(held);
        LeaseRules.Release(null, "host-a/1", 6, Now).ShouldBeNull();
    }

    [Fact]
    public void MayCommit_HolderBeforeExpiry_IsTrue()
    {
        var held = new Lease("host-a/1", Now.AddSeconds(30), 2);

        LeaseRules.MayCommit(held, "host-a/1", 2, Now.AddSeconds(29)).ShouldBeTrue();
        LeaseRules.MayCommit(null, "host-a/1", 2, Now).ShouldBeFalse();
    }

    [Theory]
    [InlineData("", 30)]
    [InlineData("  ", 30)]
    [InlineData("host\n", 30)]
    [InlineData("host", 0)]
    [InlineData("host", 3601)]
    public void Acquire_InvalidOwnerOrDuration_Throws(string owner, int seconds) =>
        Should.Throw<ArgumentException>(() => LeaseRules.Acquire(null, owner, Now, TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Acquire_RandomContention_NeverTwoHoldersAndTokensOnlyGrow()
    {
        // Workers take, renew, release and commit at random times; at no instant may two of them be allowed to commit.
        var step = from worker in Gen.Elements("w1", "w2", "w3")
                   from action in Gen.Choose(0, 3)
                   from advance in Gen.Choose(0, 40)
                   select (worker, action, advance);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(Gen.ArrayOf(step)), steps =>
        {
            Lease? lease = null;
            var held = new Dictionary<string, long>(StringComparer.Ordinal);
            var now = Now;
            foreach (var (worker, action, advance) in steps)
            {
                now = now.AddSeconds(advance);
                var token = held.GetValueOrDefault(worker);
                var previousToken = lease?.Token ?? 0;
                switch (action)
                {
                    case 0 when LeaseRules.Acquire(lease, worker, now, Thirty) is LeaseResult.Granted granted:
                        granted.Lease.Token.ShouldBe(previousToken + 1);
                        lease = granted.Lease;
                        held[worker] = lease.Token;
                        break;
                    case 1 when LeaseRules.Renew(lease, worker, token, now, Thirty) is LeaseResult.Granted renewed:
                        renewed.Lease.Token.ShouldBe(previousToken);
                        lease = renewed.Lease;
                        break;
                    case 2:
                        lease = LeaseRules.Release(lease, worker, token, now);
                        (lease?.Token ?? 0).ShouldBe(previousToken);
                        break;
                    default:
                        break;
                }

                held.Count(h => LeaseRules.MayCommit(lease, h.Key, h.Value, now)).ShouldBeLessThanOrEqualTo(1);
            }
        }));
    }
}
