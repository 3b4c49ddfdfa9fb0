namespace Bridge.Relay.Records;

/// <summary>
/// Canonical documents and logistics events, stored off-chain with their hashes, commitments, references (for
/// the shipment timeline) and party keys (for access).
/// </summary>
public interface ICanonicalRecordStore
{
    /// <summary>
    /// Stores a batch in one transaction. Idempotent: a record whose id and content hash are already stored is
    /// reported with <c>Created = false</c>. A record with the same id and other content supersedes the stored one
    /// when it is newer (events: a later <c>updatedDateTime</c>; documents: a higher <c>version</c>), otherwise the
    /// whole batch is refused with <see cref="StoreOutcome.Conflict"/>.
    /// </summary>
    Task<StoreOutcome> StoreAsync(RecordBatch batch, CancellationToken cancellationToken);

    Task<StoredDocument?> GetDocumentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Whether one of the participant's registered identifiers (lei, scac, gln, bic, eori) is an identifier of a
    /// party of the document (parties, issuer, carrier, title holder, endorsee or nominee).
    /// </summary>
    Task<bool> IsDocumentPartyAsync(Guid documentId, string participantName, CancellationToken cancellationToken);

    /// <summary>One page of the records that reference a shipment reference, in timeline order.</summary>
    Task<TimelinePage> GetTimelineAsync(TimelineQuery query, CancellationToken cancellationToken);
}
