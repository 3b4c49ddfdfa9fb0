using Bridge.Relay.Messages;

namespace Bridge.Relay.Engine;

/// <summary>A watcher's lease on a subscription, and the checkpoint it resumes from.</summary>
/// <param name="Subscription">The subscription's name.</param>
/// <param name="Lease">The lease (owner, expiry, fencing token).</param>
/// <param name="Checkpoint">The last protocol id handled, or null to start from the beginning.</param>
public sealed record WatcherLease(string Subscription, Lease Lease, string? Checkpoint);

/// <summary>
/// Exactly one active watcher per subscription across all hosts, and its checkpoint (docs/relay.md, "Watchers"): a host
/// watches a subscription only while it holds the subscription's lease, renews it well before it expires, and saves a
/// checkpoint only with a current lease.
/// </summary>
public interface IWatcherStore
{
    /// <summary>
    /// Takes the lease of <paramref name="subscription"/> when it is free or expired (a new fencing token), or renews it
    /// when <paramref name="owner"/> holds it (same token); null when another owner holds a current lease.
    /// </summary>
    Task<WatcherLease?> AcquireAsync(string subscription, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="checkpoint"/>; false (nothing written) when <paramref name="lease"/> is no longer current.</summary>
    Task<bool> SaveCheckpointAsync(string subscription, Lease lease, string checkpoint, CancellationToken cancellationToken);

    /// <summary>Gives the lease up so another host can take over at once; nothing happens when it is not held.</summary>
    Task ReleaseAsync(string subscription, Lease lease, CancellationToken cancellationToken);
}
