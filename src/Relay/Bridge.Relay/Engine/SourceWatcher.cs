using Bridge.Adapters.Abstractions;
using Bridge.Relay.Messages;

namespace Bridge.Relay.Engine;

/// <summary>Timing of a <see cref="SourceWatcher"/>.</summary>
public sealed record SourceWatcherOptions
{
    /// <summary>How long a lease lasts; renewed every third of it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before trying again when another host holds the lease or the network failed transiently.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>What a watcher did, for tests and metrics.</summary>
public sealed class SourceWatcherStats
{
    private long _events;
    private long _observed;

    /// <summary>Events read from the source.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Messages newly stored.</summary>
    public long Observed => Interlocked.Read(ref _observed);

    internal void Event() => Interlocked.Increment(ref _events);

    internal void Stored() => Interlocked.Increment(ref _observed);
}

/// <summary>
/// Watches one subscription (a source network's event stream) while, and only while, this host holds its lease
/// (docs/relay.md, "Watchers"): resumes from the saved checkpoint, turns each event into messages (the caller's mapping
/// decides which lanes care), stores them (<see cref="IMessageStore.ObserveAsync"/> is idempotent by message id), and saves
/// the event's protocol id as the new checkpoint — in that order, so a crash between the two repeats an event (harmless)
/// and never skips one. A lost lease stops the stream at once; transient network failures are retried after a delay.
/// </summary>
public sealed class SourceWatcher
{
    private readonly IWatcherStore _watchers;
    private readonly IMessageStore _messages;
    private readonly TimeProvider _time;
    private readonly string _owner;
    private readonly SourceWatcherOptions _options;

    public SourceWatcher(IWatcherStore watchers, IMessageStore messages, TimeProvider time, string owner, SourceWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(watchers);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        _watchers = watchers;
        _messages = messages;
        _time = time;
        _owner = owner;
        _options = options ?? new SourceWatcherOptions();
    }

    /// <summary>What this watcher did so far.</summary>
    public SourceWatcherStats Stats { get; } = new();

    /// <summary>Watches <paramref name="subscription"/> of <paramref name="adapter"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="subscription">The subscription's name (one lease and checkpoint per name).</param>
    /// <param name="adapter">The source network.</param>
    /// <param name="toMessages">The messages an event starts (none for events no lane carries); pure.</param>
    /// <param name="cancellationToken">Stops the watcher (the lease is released).</param>
    /// <param name="observe">
    /// Awaited for every event before its checkpoint is saved (e.g. recording title facts), so what it stores is never
    /// skipped by a crash; it must be idempotent (an event can come again).
    /// </param>
    public async Task RunAsync(string subscription, INetworkAdapter adapter, Func<LedgerEvent, IReadOnlyList<RelayMessage>> toMessages, CancellationToken cancellationToken, Func<LedgerEvent, CancellationToken, Task>? observe = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(toMessages);
        while (!cancellationToken.IsCancellationRequested)
        {
            var lease = await _watchers.AcquireAsync(subscription, _owner, _options.LeaseDuration, cancellationToken);
            if (lease is null)
            {
                await Task.Delay(_options.RetryDelay, _time, cancellationToken);
                continue;
            }

            try
            {
                await WatchAsync(lease, adapter, toMessages, observe, cancellationToken);
            }
            catch (AdapterException e) when (e.IsTransient)
            {
                await Task.Delay(_options.RetryDelay, _time, cancellationToken);
            }
        }
    }

    private async Task WatchAsync(WatcherLease lease, INetworkAdapter adapter, Func<LedgerEvent, IReadOnlyList<RelayMessage>> toMessages, Func<LedgerEvent, CancellationToken, Task>? observe, CancellationToken cancellationToken)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var current = lease.Lease;
        var renewal = RenewAsync(lease.Subscription, l => current = l, held, cancellationToken);
        try
        {
            var checkpoint = lease.Checkpoint is null ? null : new Checkpoint(lease.Checkpoint);
            await foreach (var ledgerEvent in adapter.SubscribeAsync(checkpoint, held.Token))
            {
                Stats.Event();
                if (!ledgerEvent.Retracted)
                {
                    if (observe is not null)
                    {
                        await observe(ledgerEvent, held.Token);
                    }

                    foreach (var message in toMessages(ledgerEvent))
                    {
                        if (await _messages.ObserveAsync(message, held.Token))
                        {
                            Stats.Stored();
                        }
                    }
                }

                if (!await _watchers.SaveCheckpointAsync(lease.Subscription, current, ledgerEvent.ProtocolId, held.Token))
                {
                    return; // the lease moved on: another host watches now
                }
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The lease could not be renewed: stop, and try to take it again.
        }
        finally
        {
            await held.CancelAsync();
            await renewal;
            if (cancellationToken.IsCancellationRequested)
            {
                await _watchers.ReleaseAsync(lease.Subscription, current, CancellationToken.None);
            }
        }
    }

    /// <summary>Renews the lease every third of its duration; cancels <paramref name="held"/> when it is lost.</summary>
    private async Task RenewAsync(string subscription, Action<Lease> renewed, CancellationTokenSource held, CancellationToken stopping)
    {
        try
        {
            while (!held.IsCancellationRequested)
            {
                await Task.Delay(_options.LeaseDuration / 3, _time, held.Token);
                var again = await _watchers.AcquireAsync(subscription, _owner, _options.LeaseDuration, stopping);
                if (again is null)
                {
                    await held.CancelAsync();
                    return;
                }

                renewed(again.Lease);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the stream.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is unreachable: the lease cannot be vouched for, so stop watching (RunAsync tries again).
            await held.CancelAsync();
        }
    }
}
