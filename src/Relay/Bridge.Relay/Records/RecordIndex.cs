using Bridge.Canonical.Model;

namespace Bridge.Relay.Records;

/// <summary>One reference a record carries: a DCSA reference type code (TRD, BKG, EQ, FF, ...) and its value.</summary>
public readonly record struct RecordReference(string Type, string Value);

/// <summary>An organisation identifier of a document party, scheme in upper case (LEI, SCAC, GLN, BIC, EORI).</summary>
public readonly record struct PartyKey(string Scheme, string Value);

/// <summary>
/// What the store indexes about a canonical record: the shipment references that put it on a timeline and, for
/// documents, the identifiers of its parties that decide who may read it. Pure functions of the record.
/// </summary>
public static class RecordIndex
{
    /// <summary>DCSA reference type of a transport document number (TNT documentReferenceType TRD).</summary>
    public const string TransportDocument = "TRD";

    /// <summary>DCSA reference type of a carrier booking reference (BKG).</summary>
    public const string Booking = "BKG";

    /// <summary>DCSA reference type of an equipment reference (EQ).</summary>
    public const string Equipment = "EQ";

    /// <summary>
    /// The identifier schemes a participant registers (Registry: lei, scac, gln, bic, eori), as the canonical model
    /// writes them; only these can grant access.
    /// </summary>
    public static IReadOnlyList<string> AccessSchemes { get; } = ["LEI", "SCAC", "GLN", "BIC", "EORI"];

    /// <summary>The reference types a timeline query of <paramref name="kind"/> matches.</summary>
    public static string ReferenceType(ShipmentReferenceKind kind) => kind switch
    {
        ShipmentReferenceKind.BillOfLading => TransportDocument,
        ShipmentReferenceKind.Booking => Booking,
        _ => Equipment,
    };

    /// <summary>
    /// A document's references: its own number (under its DCSA document type code, TRD for bills of lading and sea
    /// waybills; the canonical type name where DCSA has no code), its consignment references, every equipment
    /// reference it mentions (EQ), and a customs declaration's transport document number (TRD).
    /// </summary>
    public static IReadOnlyList<RecordReference> References(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var set = new HashSet<RecordReference>();
        Add(set, DocumentTypes.DcsaCode(document.DocType) ?? document.DocType, document.DocumentNumber);
        foreach (var r in document.ConsignmentReferences)
        {
            Add(set, r.TypeCode, r.Value);
        }

        foreach (var e in document.EquipmentReferences)
        {
            Add(set, Equipment, e);
        }

        foreach (var g in document.GoodsItems)
        {
            Add(set, Equipment, g.EquipmentReference);
        }

        if (document is TransportDocument transport)
        {
            foreach (var e in transport.Equipment)
            {
                Add(set, Equipment, e.EquipmentReference);
            }
        }

        if (document is CustomsDeclaration customs)
        {
            Add(set, TransportDocument, customs.TransportDocumentNumber);
        }

        return Sorted(set);
    }

    /// <summary>
    /// An event's references: its document references (BKG, TRD, SHI, ...), its shipment references (FF, EQ, ...;
    /// an EQ shipment reference names a container) and its equipment reference (EQ).
    /// </summary>
    public static IReadOnlyList<RecordReference> References(LogisticsEvent logisticsEvent)
    {
        ArgumentNullException.ThrowIfNull(logisticsEvent);
        var set = new HashSet<RecordReference>();
        foreach (var r in logisticsEvent.DocumentReferences)
        {
            Add(set, r.TypeCode, r.Value);
        }

        foreach (var r in logisticsEvent.ShipmentReferences)
        {
            Add(set, r.TypeCode, r.Value);
        }

        Add(set, Equipment, logisticsEvent.Equipment?.EquipmentReference);
        return Sorted(set);
    }

    /// <summary>
    /// The identifiers of a document's parties in <see cref="AccessSchemes"/>: every party, the issuer, a transport
    /// document's carrier, and a bill of lading's title holder, endorsee and nominee. Values are kept in upper case
    /// so that matching does not depend on how a source cased them.
    /// </summary>
    public static IReadOnlyList<PartyKey> PartyKeys(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var set = new HashSet<PartyKey>();
        foreach (var party in document.Parties)
        {
            AddParty(set, party);
        }

        AddParty(set, document.Issuer);
        if (document is TransportDocument { Carrier: { } carrier })
        {
            AddIdentifier(set, carrier);
        }

        if (document is BillOfLading { Title: { } title })
        {
            AddParty(set, title.Holder);
            AddParty(set, title.Endorsee);
            AddParty(set, title.Nominee);
        }

        return [.. set.OrderBy(k => k.Scheme, StringComparer.Ordinal).ThenBy(k => k.Value, StringComparer.Ordinal)];
    }

    private static void AddParty(HashSet<PartyKey> set, Party? party)
    {
        if (party is null)
        {
            return;
        }

        foreach (var identifier in party.Identifiers)
        {
            AddIdentifier(set, identifier);
        }
    }

    private static void AddIdentifier(HashSet<PartyKey> set, Identifier identifier)
    {
        var scheme = identifier.Scheme.ToUpperInvariant();
        if (AccessSchemes.Contains(scheme) && !string.IsNullOrWhiteSpace(identifier.Value))
        {
            set.Add(new PartyKey(scheme, identifier.Value.Trim().ToUpperInvariant()));
        }
    }

    private static void Add(HashSet<RecordReference> set, string? type, string? value)
    {
        if (!string.IsNullOrWhiteSpace(type) && !string.IsNullOrWhiteSpace(value))
        {
            set.Add(new RecordReference(type.Trim(), value.Trim()));
        }
    }

    private static RecordReference[] Sorted(HashSet<RecordReference> set) =>
        [.. set.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Value, StringComparer.Ordinal)];
}
