using System.Buffers.Binary;
using System.Buffers.Text;

namespace Bridge.Relay.Records;

/// <summary>Which kind of shipment reference a timeline query means.</summary>
public enum ShipmentReferenceKind
{
    /// <summary>A bill of lading / transport document number (DCSA TRD).</summary>
    BillOfLading,

    /// <summary>A carrier booking reference (DCSA BKG).</summary>
    Booking,

    /// <summary>An equipment (container) reference (DCSA EQ).</summary>
    Container,
}

/// <summary>Who asks for a timeline: decides which documents are shown with their number.</summary>
/// <param name="SeesAllDocuments">Operators and auditors; participants see only documents they are a party of.</param>
/// <param name="ParticipantName">The participant a participant key acts for.</param>
public sealed record TimelineViewer(bool SeesAllDocuments, string? ParticipantName);

/// <summary>A timeline request: records referencing <see cref="Reference"/>, after <see cref="After"/>, at most <see cref="Limit"/>.</summary>
public sealed record TimelineQuery(string Reference, ShipmentReferenceKind? Kind, TimelineViewer Viewer, int Limit, TimelineCursor? After);

/// <summary>What a timeline entry is.</summary>
public enum TimelineEntryKind
{
    /// <summary>A canonical document that references the shipment.</summary>
    Document,

    /// <summary>A logistics event that references the shipment.</summary>
    Event,

    /// <summary>A title fact a watcher saw on a network, for the title of a document on the timeline.</summary>
    Title,
}

/// <summary>
/// How far a timeline entry is proven (docs/timeline.md). <see cref="Status"/> is one of <see cref="TimelineVerdicts"/>;
/// for a relayed title fact, <see cref="MessageId"/>, <see cref="ProofKind"/> and <see cref="Proof"/> say which relay
/// message delivered it and the relay's verdict on that message's source proof.
/// </summary>
public sealed record TimelineVerdict(string Status, string? MessageId = null, string? ProofKind = null, Bridge.Adapters.Abstractions.Proofs.ProofVerdict? Proof = null);

/// <summary>The statuses of a <see cref="TimelineVerdict"/>.</summary>
public static class TimelineVerdicts
{
    /// <summary>An event a platform delivered by webhook: its HMAC and its platform-jws attestation were verified when it was received.</summary>
    public const string VerifiedAtIngest = "verified-at-ingest";

    /// <summary>A record stored through the API by an authenticated key: who sent it is known, no ledger proves it.</summary>
    public const string Submitted = "submitted";

    /// <summary>A title fact the relay's own watcher read from its own node of the network; no independent proof was checked.</summary>
    public const string Observed = "observed";

    /// <summary>A title fact delivered by a relay message whose source proof the relay verified as valid.</summary>
    public const string Proven = "proven";

    /// <summary>A title fact delivered by a relay message whose source proof the relay found invalid.</summary>
    public const string ProofInvalid = "proof-invalid";

    /// <summary>A title fact delivered by a relay message that has no source proof stored.</summary>
    public const string Unproven = "unproven";
}

/// <summary>
/// One record on a timeline. <see cref="At"/> is the event time with its original offset, or a document's issue
/// date (midnight UTC), or its receive time when it has no issue date, or when the relay observed a title fact (ledger
/// events carry no time of their own). <see cref="Visible"/> is false for a document the viewer may not see: then the
/// document number is withheld. <see cref="Title"/> is set for title facts only; their <see cref="Id"/> is derived from
/// (network, protocol id) and <see cref="ContentSha256"/> is the SHA-256 of the event payload.
/// </summary>
public sealed record TimelineEntry(
    TimelineEntryKind Kind,
    Guid Id,
    DateTimeOffset At,
    DateTimeOffset ReceivedAt,
    string ContentSha256,
    string? CommitmentRoot,
    bool Visible,
    string? DocType,
    string? DocumentNumber,
    string? Category,
    string? Classifier,
    string? TypeCode,
    string? LocationUnLocode,
    string? LocationName,
    string? EquipmentReference,
    bool IsRetracted,
    int Version,
    string ProvenanceJson,
    TimelineVerdict Verdict,
    TitleFact? Title = null);

/// <summary>A page of a timeline; <see cref="NextCursor"/> is set when more entries follow.</summary>
/// <param name="Referenced">False when no record references the reference at all.</param>
/// <param name="Conflicts">
/// The conflicts among the titles of the timeline's documents (<see cref="TitleConflicts"/>), over all their facts, not
/// only this page's; the same on every page.
/// </param>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, string? NextCursor, bool Referenced, IReadOnlyList<TitleConflict> Conflicts);

/// <summary>
/// A keyset position on a timeline: the sort key (time, receive time, id) of the last entry of the previous page,
/// sent to clients as opaque base64url.
/// </summary>
public sealed record TimelineCursor(DateTimeOffset At, DateTimeOffset ReceivedAt, Guid Id)
{
    private const int Length = 8 + 8 + 16;

    public static TimelineCursor From(TimelineEntry entry) => new(entry.At, entry.ReceivedAt, entry.Id);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, At.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], ReceivedAt.UtcTicks);
        Id.TryWriteBytes(bytes[16..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a cursor; false for anything this API did not hand out.</summary>
    public static bool TryDecode(string? text, out TimelineCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[Length + 3];
        if (!Base64Url.IsValid(text) || Base64Url.GetMaxDecodedLength(text.Length) > bytes.Length ||
            Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return false;
        }

        var at = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var received = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        if (at is < 0 || at > DateTimeOffset.MaxValue.UtcTicks || received is < 0 || received > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new TimelineCursor(new DateTimeOffset(at, TimeSpan.Zero), new DateTimeOffset(received, TimeSpan.Zero), new Guid(bytes.Slice(16, 16), bigEndian: true));
        return true;
    }
}
