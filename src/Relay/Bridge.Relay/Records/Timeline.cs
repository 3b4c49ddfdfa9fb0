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

/// <summary>
/// One record on a timeline. <see cref="At"/> is the event time with its original offset, or a document's issue
/// date (midnight UTC), or its receive time when it has no issue date. <see cref="Visible"/> is false for a
/// document the viewer may not see: then the document number is withheld.
/// </summary>
public sealed record TimelineEntry(
    RecordKind Kind,
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
    string ProvenanceJson);

/// <summary>A page of a timeline; <see cref="NextCursor"/> is set when more entries follow.</summary>
/// <param name="Referenced">False when no record references the reference at all.</param>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, string? NextCursor, bool Referenced);

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
