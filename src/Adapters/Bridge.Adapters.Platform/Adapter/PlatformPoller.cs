using System.Runtime.CompilerServices;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Platform.Client;

namespace Bridge.Adapters.Platform.Adapter;

/// <summary>Reads the platform's event feed (<see cref="PlatformClient.GetEventsAsync"/>); a seam for tests.</summary>
public interface IPlatformEventFeed
{
    /// <summary>The readable events with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="size"/>.</summary>
    Task<PlatformEventPage> GetEventsAsync(long afterSequence, int size, CancellationToken cancellationToken);
}

/// <summary>Settings of a <see cref="PlatformPoller"/>.</summary>
public sealed class PlatformPollerOptions
{
    /// <summary>How long to wait after catching up (or after a transient failure) before asking again. Default 5 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events per feed request, 1 to 1000. Default 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The clock of the waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSize, 1, nameof(PageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PageSize, 1000, nameof(PageSize));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}

/// <summary>
/// The polling fallback for when webhooks stop (docs/platform.md, <c>GET /api/v1/events?afterSequence&amp;size</c>):
/// an endless stream of events in sequence order, strictly after a checkpoint. It pages until caught up, then waits
/// <see cref="PlatformPollerOptions.Interval"/>; a transient failure (<see cref="AdapterException.IsTransient"/>) waits
/// the same interval and asks again from the same place; other failures end the stream. Events at or below the
/// position already reached are dropped, so the stream never goes back.
/// </summary>
public sealed class PlatformPoller
{
    private readonly IPlatformEventFeed _feed;
    private readonly PlatformPollerOptions _options;

    /// <summary>Creates a poller over <paramref name="feed"/> (usually a <see cref="PlatformClient"/>).</summary>
    public PlatformPoller(IPlatformEventFeed feed, PlatformPollerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _feed = feed;
        _options = options ?? new PlatformPollerOptions();
        _options.Validate();
    }

    /// <summary>The events with a sequence above <paramref name="afterSequence"/>, in order, until cancelled.</summary>
    public async IAsyncEnumerable<PlatformEvent> PollAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var position = afterSequence;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PlatformEventPage? page;
            try
            {
                page = await _feed.GetEventsAsync(position, _options.PageSize, cancellationToken);
            }
            catch (AdapterException e) when (e.IsTransient)
            {
                page = null;
            }

            if (page is null)
            {
                await Task.Delay(_options.Interval, _options.TimeProvider, cancellationToken);
                continue;
            }

            foreach (var item in page.Events.OrderBy(e => e.Sequence))
            {
                if (item.Sequence <= position)
                {
                    continue;
                }

                position = item.Sequence;
                yield return item;
            }

            if (page.Events.Count < _options.PageSize)
            {
                await Task.Delay(_options.Interval, _options.TimeProvider, cancellationToken);
            }
        }
    }
}
