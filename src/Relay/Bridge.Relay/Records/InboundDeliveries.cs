using Bridge.Canonical.Mapping;

namespace Bridge.Relay.Records;

/// <summary>
/// One verified batch of a network's events (docs/platform.md): a webhook delivery with its id (the replay guard), or a
/// page the polling fallback read from the network's feed (no id: the events' deterministic ids de-duplicate it), and
/// the canonical events it carried.
/// </summary>
/// <param name="Network">The network's name in the bridge.</param>
/// <param name="DeliveryId">The sender's delivery id (retries of one delivery reuse it); null for a polled page.</param>
/// <param name="ReceivedAt">When the bridge received it.</param>
/// <param name="Events">The mapped events, in delivery order.</param>
public sealed record InboundDelivery(string Network, string? DeliveryId, DateTimeOffset ReceivedAt, IReadOnlyList<MappedEvent> Events);

/// <summary>What became of one <see cref="InboundDelivery"/>.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>The delivery is recorded and every event stored (or already present), one item per event in order.</summary>
    public sealed record Stored(IReadOnlyList<StoredRecord> Items) : DeliveryOutcome;

    /// <summary>The delivery id was recorded before: nothing was done (never for a delivery without an id).</summary>
    public sealed record Replayed : DeliveryOutcome;

    /// <summary>An event is stored with other content and this one does not supersede it: nothing of the delivery was stored.</summary>
    public sealed record Conflict(Guid EventId, string Message) : DeliveryOutcome;

    /// <summary>The database cannot store the content as it is: nothing of the delivery was stored.</summary>
    public sealed record Unstorable(string Message) : DeliveryOutcome;
}

/// <summary>
/// Stores verified deliveries: the delivery id and its events in one transaction, so a delivery counts as seen exactly
/// when its events are stored. Many deliveries may be stored together (group commit); a delivery that cannot be stored
/// never takes the others down with it.
/// </summary>
public interface IInboundDeliveryStore
{
    /// <summary>Stores <paramref name="deliveries"/>; one outcome per delivery, in order.</summary>
    Task<IReadOnlyList<DeliveryOutcome>> StoreDeliveriesAsync(IReadOnlyList<InboundDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Forgets delivery ids received before <paramref name="cutoff"/> (they are refused as stale anyway); returns how many.</summary>
    Task<int> ForgetDeliveriesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
