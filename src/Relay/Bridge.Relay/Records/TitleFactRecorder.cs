using System.Threading.Channels;
using Bridge.Adapters.Abstractions;

namespace Bridge.Relay.Records;

/// <summary>
/// Records title facts from a synchronous event callback (such as the <c>toMessages</c> mapping of
/// <see cref="Engine.SourceWatcher"/>): <see cref="Observe"/> maps the event and queues its fact, and
/// <see cref="RunAsync"/> stores the queued facts in batches. Storing is idempotent, so a repeated event is harmless. The
/// queue is in memory: a fact queued but not yet stored when the process dies is lost even though the watcher may have
/// saved its checkpoint past the event; a watcher that can await per event should call
/// <see cref="TitleFacts.RecordAsync"/> before saving its checkpoint instead.
/// </summary>
public sealed class TitleFactRecorder
{
    private const int MaxBatch = 256;

    private readonly ITitleFactStore _store;
    private readonly Channel<TitleFact> _queue = Channel.CreateUnbounded<TitleFact>(new UnboundedChannelOptions { SingleReader = true });
    private long _recorded;

    public TitleFactRecorder(ITitleFactStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Facts newly stored so far.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Queues the title fact of <paramref name="ledgerEvent"/>, if it states one; true when it did.</summary>
    public bool Observe(string network, LedgerEvent ledgerEvent) =>
        TitleFacts.FromLedgerEvent(network, ledgerEvent) is { } fact && _queue.Writer.TryWrite(fact);

    /// <summary>Stores queued facts until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<TitleFact>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var fact))
            {
                batch.Add(fact);
            }

            Interlocked.Add(ref _recorded, await _store.RecordAsync(batch, cancellationToken));
            batch.Clear();
        }
    }
}
