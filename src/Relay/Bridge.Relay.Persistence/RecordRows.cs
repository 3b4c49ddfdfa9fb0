namespace Bridge.Relay.Persistence;

// Rows of schema version 2 (Schema/0002_canonical_records.sql): canonical records and their indexes. The store
// writes them with explicit SQL (INSERT ... ON CONFLICT) and reads them through EF where that is simpler.

internal sealed class CanonicalDocumentRow
{
    public Guid Id { get; set; }

    public required string NaturalKey { get; set; }

    public required string DocType { get; set; }

    public required string DocumentNumber { get; set; }

    public string? DocumentVersion { get; set; }

    public DateOnly? IssueDate { get; set; }

    public required string ContentSha256 { get; set; }

    public required string CommitmentRoot { get; set; }

    public required byte[] CommitmentSecret { get; set; }

    /// <summary>jsonb: the canonical document including its provenance.</summary>
    public required string Body { get; set; }

    public required string SourceSystem { get; set; }

    public string? SourceId { get; set; }

    public required string RawSha256 { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? CreatedByKey { get; set; }
}

internal sealed class LogisticsEventRow
{
    public Guid Id { get; set; }

    public required string NaturalKey { get; set; }

    public required string Category { get; set; }

    public required string Classifier { get; set; }

    public required string TypeCode { get; set; }

    public DateTimeOffset EventTime { get; set; }

    public int EventTimeOffsetMinutes { get; set; }

    public DateTimeOffset? UpdatedTime { get; set; }

    public string? LocationUnlocode { get; set; }

    public string? LocationName { get; set; }

    public string? EquipmentReference { get; set; }

    public required string ContentSha256 { get; set; }

    /// <summary>jsonb: the canonical event including its provenance.</summary>
    public required string Body { get; set; }

    public required string SourceSystem { get; set; }

    public string? SourceEventId { get; set; }

    public required string RawSha256 { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public int Version { get; set; }

    public bool IsRetracted { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? CreatedByKey { get; set; }
}

internal sealed class RecordVersionRow
{
    public required string RecordKind { get; set; }

    public Guid RecordId { get; set; }

    public int Version { get; set; }

    public required string ContentSha256 { get; set; }

    public DateTimeOffset SupersededAt { get; set; }
}

internal sealed class RecordReferenceRow
{
    public required string RecordKind { get; set; }

    public Guid RecordId { get; set; }

    public required string RefType { get; set; }

    public required string RefValue { get; set; }
}

internal sealed class DocumentPartyKeyRow
{
    public Guid DocumentId { get; set; }

    public required string Scheme { get; set; }

    public required string Value { get; set; }
}

internal sealed class WebhookDeliveryRow
{
    public required string Network { get; set; }

    public required string DeliveryId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public int EventCount { get; set; }
}
