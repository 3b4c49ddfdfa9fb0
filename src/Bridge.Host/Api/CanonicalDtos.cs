using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Canonical.Model;

namespace Bridge.Host.Api;

/// <summary>One finding about a payload: an RFC 6901 pointer into the payload, a stable code and a message.</summary>
internal sealed record FindingResponse(string Path, string Code, string Message);

/// <summary>One record a POST stored or found already stored.</summary>
internal sealed record StoredRecordResponse(
    Guid Id,
    string Kind,
    string? DocType,
    string? Category,
    string? TypeCode,
    string? DocumentNumber,
    string ContentSha256,
    string? CommitmentRoot,
    bool Created,
    bool Superseded,
    int Version);

/// <summary>The answer to POST /documents and /events: one item per mapped record, and the warnings.</summary>
internal sealed record StoreRecordsResponse(IReadOnlyList<StoredRecordResponse> Items, IReadOnlyList<FindingResponse> Warnings);

/// <summary>Where a record came from (the canonical provenance).</summary>
internal sealed record ProvenanceResponse(string SourceSystem, string? SourceId, string? SourceVersion, string RawSha256, DateTimeOffset ReceivedAt, LedgerAnchor? Anchor)
{
    public static ProvenanceResponse? From(Provenance? p) =>
        p is null ? null : new(p.SourceSystem, p.SourceId, p.SourceVersion, p.RawSha256, p.ReceivedAt, p.Anchor);
}

/// <summary>A document in full: for operators and for participants that are a party of it.</summary>
internal sealed record DocumentResponse(
    Guid Id,
    string DocType,
    string DocumentNumber,
    string ContentSha256,
    string CommitmentRoot,
    int Version,
    ProvenanceResponse? Provenance,
    JsonElement Document);

/// <summary>
/// A document as auditors see it: the bridge-salted-merkle-v1 disclosure that reveals docType, documentNumber and
/// issueDate only; <c>bridge verify-document</c> checks it against <see cref="CommitmentRoot"/>.
/// </summary>
internal sealed record RedactedDocumentResponse(
    Guid Id,
    string DocType,
    string DocumentNumber,
    string ContentSha256,
    string CommitmentRoot,
    int Version,
    bool Redacted,
    ProvenanceResponse? Provenance,
    JsonElement Disclosure);

internal sealed record LocationResponse(string? UnLocode, string? Name);

/// <summary>
/// How far a timeline entry is proven (docs/timeline.md): <c>status</c> is verified-at-ingest, submitted, observed, proven,
/// proof-invalid or unproven; a relayed title fact also names the relay message and the relay's verdict on its source proof.
/// </summary>
internal sealed record VerdictResponse(
    string Status,
    string? MessageId,
    string? ProofKind,
    bool? Valid,
    IReadOnlyList<string>? Signers,
    long? BlockNumber,
    string? Code,
    string? Reason);

/// <summary>
/// One entry of a shipment timeline. Documents the caller may not see carry only kind, id, docType, contentSha256,
/// commitmentRoot, provenance and verdict. Title facts (kind <c>title</c>) carry the network, the title id, the ledger
/// event, the title's state there after it and the parties it names; their provenance's anchor is the transaction.
/// </summary>
internal sealed record TimelineEntryResponse(
    string Kind,
    Guid Id,
    DateTimeOffset? At,
    string? Classifier,
    string? Category,
    string? TypeCode,
    string? DocType,
    string? DocumentNumber,
    LocationResponse? Location,
    string? EquipmentReference,
    bool? IsRetracted,
    int? Version,
    string ContentSha256,
    string? CommitmentRoot,
    ProvenanceResponse? Provenance,
    VerdictResponse Verdict,
    string? Network = null,
    string? TitleId = null,
    string? Event = null,
    string? State = null,
    string? Holder = null,
    string? Beneficiary = null);

/// <summary>One network's side of a conflict: the title's state there and the holder it names.</summary>
internal sealed record ConflictNetworkResponse(string Network, string State, string? Holder);

/// <summary>Networks that disagree about a title: kind <c>title-live-twice</c> or <c>holder-disagreement</c>.</summary>
internal sealed record ConflictResponse(string Kind, string TitleId, IReadOnlyList<ConflictNetworkResponse> Networks);

/// <summary>A page of a timeline, with the conflicts among its titles (the same on every page; empty when there are none).</summary>
internal sealed record TimelineResponse(string Reference, string? Type, IReadOnlyList<TimelineEntryResponse> Items, string? NextCursor, IReadOnlyList<ConflictResponse> Conflicts);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(StoreRecordsResponse))]
[JsonSerializable(typeof(DocumentResponse))]
[JsonSerializable(typeof(RedactedDocumentResponse))]
[JsonSerializable(typeof(TimelineResponse))]
internal sealed partial class CanonicalApiJsonContext : JsonSerializerContext;
