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

    /// <summary>The most events handled (stored, checkpointed) in one batch.</summary>
    public int MaxBatch { get; init; } = 256;
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

    internal void Stored(int count) => Interlocked.Add(ref _observed, count);
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
            // The stream is read ahead into a bounded channel; whatever has arrived is handled as one batch: each event's
            // observe hook in order, then all their messages in one round trip, then the last event's checkpoint. A crash
            // in between repeats the batch (harmless: both are idempotent) and never skips an event.
            var events = System.Threading.Channels.Channel.CreateBounded<LedgerEvent>(new System.Threading.Channels.BoundedChannelOptions(_options.MaxBatch * 2) { SingleReader = true, SingleWriter = true });
            var reading = ReadAsync(adapter, checkpoint, events.Writer, held.Token);
            try
            {
                var batch = new List<LedgerEvent>(_options.MaxBatch);
                var messages = new List<RelayMessage>();
                while (await events.Reader.WaitToReadAsync(held.Token))
                {
                    batch.Clear();
                    messages.Clear();
                    while (batch.Count < _options.MaxBatch && events.Reader.TryRead(out var next))
                    {
                        batch.Add(next);
                    }

                    foreach (var ledgerEvent in batch)
                    {
                        Stats.Event();
                        if (ledgerEvent.Retracted)
                        {
                            continue;
                        }

                        if (observe is not null)
                        {
                            await observe(ledgerEvent, held.Token);
                        }

                        messages.AddRange(toMessages(ledgerEvent));
                    }

                    if (messages.Count > 0)
                    {
                        Stats.Stored(await _messages.ObserveManyAsync(messages, held.Token));
                    }

                    if (!await _watchers.SaveCheckpointAsync(lease.Subscription, current, batch[^1].ProtocolId, held.Token))
                    {
                        return; // the lease moved on: another host watches now
                    }
                }
            }
            finally
            {
                await held.CancelAsync();
                try
                {
                    await reading;
                }
                catch (OperationCanceledException)
                {
                    // Stopped with the batch loop. A fault of the stream (an AdapterException) is not caught: it surfaces here.
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

    /// <summary>Copies the source's events into <paramref name="writer"/>; completes it with the stream's fault, if any.</summary>
    private static async Task ReadAsync(INetworkAdapter adapter, Checkpoint? checkpoint, System.Threading.Channels.ChannelWriter<LedgerEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var ledgerEvent in adapter.SubscribeAsync(checkpoint, cancellationToken))
            {
                await writer.WriteAsync(ledgerEvent, cancellationToken);
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
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
