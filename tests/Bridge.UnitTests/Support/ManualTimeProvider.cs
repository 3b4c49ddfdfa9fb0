using System.Diagnostics;

namespace Bridge.UnitTests.Support;

/// <summary>
/// A TimeProvider whose clock and timers move only when a test calls <see cref="Advance"/> (the approach of
/// tests/Bridge.Testing/FakeTimeProvider, plus timers, which Polly's retry delays and timeouts need).
/// Tests wait for a timer to be armed with <see cref="WaitForTimerAsync"/> instead of sleeping.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The time left on every armed timer.</summary>
    public IReadOnlyList<TimeSpan> ArmedTimers()
    {
        lock (_gate)
        {
            return [.. _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value - _now)];
        }
    }

    /// <summary>Completes when a timer with the time left matching <paramref name="predicate"/> is armed.</summary>
    public async Task WaitForTimerAsync(Func<TimeSpan, bool> predicate)
    {
        var guard = Stopwatch.StartNew(); // real time: a guard against a hung test only
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_timers.Any(t => t.Due is { } due && predicate(due - _now)))
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = TimeSpan.FromSeconds(10) - guard.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No timer matched; armed: {string.Join(", ", ArmedTimers())}.");
            }

            await changed.WaitAsync(left);
        }
    }

    /// <summary>Moves the clock forward, firing due timers in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    break;
                }

                _now = next.Due!.Value;
                next.Due = next.Period is { } period ? _now + period : null;
            }

            next.Fire();
        }

        Pulse();
    }

    private void Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }

            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
        }

        Pulse();
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Arm(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
