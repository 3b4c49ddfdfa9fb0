using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Client;
using Bridge.UnitTests.Support;

namespace Bridge.UnitTests.Adapters.Platform;

[Trait("Category", "Unit")]
public sealed class PlatformPollerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ManualTimeProvider _clock = new(Start);

    private static PlatformEvent Event(long sequence) =>
        new(sequence, "e" + sequence, "actualGateIn", JsonSerializer.SerializeToElement(new { sequence, eventTransactionId = "e" + sequence }));

    /// <summary>A feed over a growing list; a queued exception is thrown by the next request.</summary>
    private sealed class ListFeed : IPlatformEventFeed
    {
        public List<PlatformEvent> Events { get; } = [];

        public Queue<Exception> Failures { get; } = new();

        public List<long> Asked { get; } = [];

        public Task<PlatformEventPage> GetEventsAsync(long afterSequence, int size, CancellationToken cancellationToken)
        {
            Asked.Add(afterSequence);
            if (Failures.TryDequeue(out var failure))
            {
                throw failure;
            }

            var page = Events.Where(e => e.Sequence > afterSequence).OrderBy(e => e.Sequence).Take(size).ToList();
            return Task.FromResult(new PlatformEventPage(page, page.Count > 0 ? page[^1].Sequence : afterSequence));
        }
    }

    [Fact]
    public async Task Poll_FromCheckpoint_PagesInOrderThenWaitsTheInterval()
    {
        var feed = new ListFeed();
        feed.Events.AddRange(Enumerable.Range(1, 7).Select(i => Event(i)));
        var poller = new PlatformPoller(feed, new PlatformPollerOptions { PageSize = 2, Interval = TimeSpan.FromSeconds(5), TimeProvider = _clock });
        await using var stream = poller.PollAsync(2, Ct).GetAsyncEnumerator(Ct);

        var seen = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            (await stream.MoveNextAsync()).ShouldBeTrue();
            seen.Add(stream.Current.Sequence);
        }

        seen.ShouldBe([3, 4, 5, 6, 7]);
        var next = stream.MoveNextAsync().AsTask();
        await _clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(5));
        feed.Events.Add(Event(8));
        next.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(5));

        (await next).ShouldBeTrue();
        stream.Current.Sequence.ShouldBe(8);
        feed.Asked.ShouldBe([2, 4, 6, 7]);
    }

    [Fact]
    public async Task Poll_TransientFailure_WaitsAndAsksAgainFromTheSamePlace()
    {
        var feed = new ListFeed();
        feed.Events.Add(Event(1));
        feed.Failures.Enqueue(new AdapterException("p", "unavailable", isTransient: true));
        var poller = new PlatformPoller(feed, new PlatformPollerOptions { Interval = TimeSpan.FromSeconds(3), TimeProvider = _clock });
        await using var stream = poller.PollAsync(0, Ct).GetAsyncEnumerator(Ct);

        var next = stream.MoveNextAsync().AsTask();
        await _clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(3));
        _clock.Advance(TimeSpan.FromSeconds(3));

        (await next).ShouldBeTrue();
        stream.Current.Sequence.ShouldBe(1);
        feed.Asked.ShouldBe([0, 0]);
    }

    [Fact]
    public async Task Poll_PermanentFailure_EndsTheStream()
    {
        var feed = new ListFeed();
        feed.Failures.Enqueue(new AdapterException("p", "bad answer", isTransient: false));
        var poller = new PlatformPoller(feed, new PlatformPollerOptions { TimeProvider = _clock });

        await Should.ThrowAsync<AdapterException>(async () =>
        {
            await foreach (var item in poller.PollAsync(0, Ct))
            {
                item.ShouldBeNull();
            }
        });
    }

    [Fact]
    public async Task Poll_FeedRepeatingOldEvents_NeverGoesBack()
    {
        var feed = new RepeatingFeed();
        var poller = new PlatformPoller(feed, new PlatformPollerOptions { PageSize = 3, TimeProvider = _clock });
        await using var stream = poller.PollAsync(0, Ct).GetAsyncEnumerator(Ct);

        var seen = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            (await stream.MoveNextAsync()).ShouldBeTrue();
            seen.Add(stream.Current.Sequence);
        }

        seen.ShouldBe([1, 2, 3, 4]);
    }

    // Answers overlapping pages (at-least-once): 1,2,3 then 2,3,4 then 3,4,5.
    private sealed class RepeatingFeed : IPlatformEventFeed
    {
        private int _calls;

        public Task<PlatformEventPage> GetEventsAsync(long afterSequence, int size, CancellationToken cancellationToken)
        {
            var first = ++_calls;
            IReadOnlyList<PlatformEvent> page = [Event(first + 1), Event(first), Event(first + 2)];
            return Task.FromResult(new PlatformEventPage(page, first + 2));
        }
    }
}
