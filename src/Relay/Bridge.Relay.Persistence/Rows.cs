namespace Bridge.Relay.Persistence;

// Table rows. The schema is in Schema/*.sql; SchemaMatchesModelTests keeps the two in step.

internal sealed class NetworkRow
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string DisplayName { get; set; }

    public required string Kind { get; set; }

    /// <summary>jsonb: [{"name": ..., "url": ...}]</summary>
    public required string Endpoints { get; set; }

    /// <summary>jsonb: the kind's trust anchors as written by TrustAnchorsJson.</summary>
    public required string TrustAnchors { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ParticipantRow
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string DisplayName { get; set; }

    public required string[] Roles { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ParticipantIdentifierRow> Identifiers { get; set; } = [];
}

internal sealed class ParticipantIdentifierRow
{
    public required string Scheme { get; set; }

    public required string Value { get; set; }

    public Guid ParticipantId { get; set; }
}

internal sealed class ApiKeyRow
{
    public Guid Id { get; set; }

    public required string KeyId { get; set; }

    public required byte[] SecretHash { get; set; }

    public required string Role { get; set; }

    public Guid? ParticipantId { get; set; }

    public ParticipantRow? Participant { get; set; }

    public required string Label { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class LaneRow
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string DisplayName { get; set; }

    public Guid SourceNetworkId { get; set; }

    public Guid DestinationNetworkId { get; set; }

    /// <summary>jsonb: StoredLaneDefinition.</summary>
    public required string Definition { get; set; }

    public bool Paused { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public NetworkRow? Source { get; set; }

    public NetworkRow? Destination { get; set; }
}

internal sealed class RelayMessageRow
{
    public required string Id { get; set; }

    public Guid LaneId { get; set; }

    public required string Kind { get; set; }

    public required string SourceNetwork { get; set; }

    public required string SourceTxId { get; set; }

    public long? SourceBlock { get; set; }

    public string? SourceBlockHash { get; set; }

    public decimal SourceIndex { get; set; }

    public required string SourceProtocolId { get; set; }

    public required string DestinationNetwork { get; set; }

    public required string PayloadDigest { get; set; }

    public required string State { get; set; }

    public string? FailedFrom { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    /// <summary>jsonb: {code, detail, retryable, at}.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public long LeaseToken { get; set; }

    /// <summary>jsonb: the canonical payload (schema version 8).</summary>
    public string? Payload { get; set; }
}

/// <summary>A proof gathered for a message (schema version 8).</summary>
internal sealed class SignedRequestUseRow
{
    public required string Digest { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class ProofPartRow
{
    public required string Digest { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MessageProofRow
{
    public required string MessageId { get; set; }

    public required string Role { get; set; }

    public required string Kind { get; set; }

    /// <summary>jsonb: the proof envelope.</summary>
    public required string Envelope { get; set; }

    /// <summary>jsonb: {valid, code?, reason?, signers?}.</summary>
    public required string Verdict { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MessageTransitionRow
{
    public required string MessageId { get; set; }

    public int Seq { get; set; }

    public required string FromState { get; set; }

    public required string ToState { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Trigger { get; set; }

    public string? Reason { get; set; }

    public string? Evidence { get; set; }
}

internal sealed class WatcherLeaseRow
{
    public required string Subscription { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public long LeaseToken { get; set; }

    public string? Checkpoint { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class IdentityBindingRow
{
    public Guid Id { get; set; }

    public Guid ParticipantId { get; set; }

    public required string Digest { get; set; }

    /// <summary>jsonb: the statement as submitted.</summary>
    public required string Statement { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BoundIdentityRow
{
    public Guid BindingId { get; set; }

    public required string IdentityKey { get; set; }

    public required string Kind { get; set; }

    public required string Network { get; set; }

    public required string Signer { get; set; }
}

internal sealed class BindingAnchorRow
{
    public Guid BindingId { get; set; }

    public required string Network { get; set; }

    public required string TxId { get; set; }

    public long? Block { get; set; }

    public string? BlockHash { get; set; }

    /// <summary>jsonb: the proof envelope.</summary>
    public required string Proof { get; set; }

    /// <summary>jsonb: the verdict (<c>StoredVerdict</c>).</summary>
    public required string Verdict { get; set; }

    public DateTimeOffset AnchoredAt { get; set; }
}

internal sealed class TitleFactRow
{
    public required string Network { get; set; }

    public required string ProtocolId { get; set; }

    public required string TitleId { get; set; }

    public required string TxId { get; set; }

    public long? Block { get; set; }

    public required string Event { get; set; }

    /// <summary>active, locked or burned.</summary>
    public required string State { get; set; }

    public string? Holder { get; set; }

    public string? Beneficiary { get; set; }

    public string? MessageId { get; set; }

    public required string SourceSystem { get; set; }

    public string? Contract { get; set; }

    public required string PayloadSha256 { get; set; }

    public DateTimeOffset ObservedAt { get; set; }
}
