using Bridge.Canonical.Mapping;

namespace Bridge.Relay.Records;

/// <summary>The two kinds of canonical record the bridge stores.</summary>
public enum RecordKind
{
    Document,
    Event,
}

/// <summary>Wire names of <see cref="RecordKind"/>.</summary>
public static class RecordKinds
{
    public const string Document = "document";
    public const string Event = "event";

    public static string ToWireName(this RecordKind kind) => kind == RecordKind.Document ? Document : Event;
}

/// <summary>
/// What one request asks to store: the pipeline's documents and events, all or nothing, with the API key that
/// sent them (kept as <c>created_by_key</c>).
/// </summary>
public sealed record RecordBatch(IReadOnlyList<MappedDocument> Documents, IReadOnlyList<MappedEvent> Events, string? CreatedByKeyId);

/// <summary>The outcome for one stored (or already present) record.</summary>
/// <param name="Created">True when this request inserted the record.</param>
/// <param name="Superseded">True when this request replaced an earlier version (a later event update, a higher document version).</param>
/// <param name="Version">The stored version, 1 for the first.</param>
public sealed record StoredRecord(
    RecordKind Kind,
    Guid Id,
    string ContentSha256,
    string? CommitmentRoot,
    bool Created,
    bool Superseded,
    int Version,
    string? DocType = null,
    string? DocumentNumber = null,
    string? Category = null,
    string? TypeCode = null);

/// <summary>The outcome of <see cref="ICanonicalRecordStore.StoreAsync"/>: expected failures are values.</summary>
public abstract record StoreOutcome
{
    private StoreOutcome()
    {
    }

    /// <summary>Every record was stored or was already present; one item per submitted record, in submission order.</summary>
    public sealed record Stored(IReadOnlyList<StoredRecord> Items) : StoreOutcome;

    /// <summary>
    /// A record with this id exists with other content and the submission is not a newer version of it. Nothing
    /// of the request was stored.
    /// </summary>
    public sealed record Conflict(RecordKind Kind, Guid Id, string Message) : StoreOutcome;

    /// <summary>The database cannot store the content as it is (for example U+0000 in a text, which jsonb refuses). Nothing was stored.</summary>
    public sealed record Unstorable(string Message) : StoreOutcome;
}

/// <summary>A stored document as the store returns it. <see cref="CommitmentSecret"/> is a secret: never return or log it.</summary>
public sealed record StoredDocument(
    Guid Id,
    string DocType,
    string DocumentNumber,
    string ContentSha256,
    string CommitmentRoot,
    byte[] CommitmentSecret,
    int Version,
    string BodyJson,
    DateTimeOffset ReceivedAt);
