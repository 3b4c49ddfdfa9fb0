using System.Collections.Frozen;

namespace Bridge.Canonical.Model;

/// <summary>Canonical document types (trade-standards.md §A.3).</summary>
public static class DocumentTypes
{
    public const string BillOfLading = "BILL_OF_LADING";
    public const string SeaWaybill = "SEA_WAYBILL";
    public const string CommercialInvoice = "COMMERCIAL_INVOICE";
    public const string PackingList = "PACKING_LIST";
    public const string CertificateOfOrigin = "CERTIFICATE_OF_ORIGIN";
    public const string PhytosanitaryCertificate = "PHYTOSANITARY_CERTIFICATE";
    public const string InspectionCertificate = "INSPECTION_CERTIFICATE";
    public const string CustomsDeclaration = "CUSTOMS_DECLARATION";

    public static IReadOnlyList<string> All { get; } =
        [BillOfLading, SeaWaybill, CommercialInvoice, PackingList, CertificateOfOrigin, PhytosanitaryCertificate, InspectionCertificate, CustomsDeclaration];

    private static readonly FrozenDictionary<string, string> ToDcsa = new Dictionary<string, string>
    {
        // trade-standards.md §A.3 crosswalk (DCSA TNT 3.0 document type codes).
        [BillOfLading] = "TRD",
        [SeaWaybill] = "TRD",
        [CommercialInvoice] = "INV",
        [CertificateOfOrigin] = "CEO",
        [PhytosanitaryCertificate] = "PCE",
        [InspectionCertificate] = "ICE",
        [CustomsDeclaration] = "CUC",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The DCSA document type code for a canonical type, or null when DCSA has none (packing list).</summary>
    public static string? DcsaCode(string docType) => ToDcsa.GetValueOrDefault(docType);
}

/// <summary>Event categories: DCSA eventTypeCode plus DOCUMENT, CUSTOMS, IOT and REEFER (trade-standards.md §A.4).</summary>
public static class EventCategories
{
    public const string Shipment = "SHIPMENT";
    public const string Transport = "TRANSPORT";
    public const string Equipment = "EQUIPMENT";
    public const string Document = "DOCUMENT";
    public const string Customs = "CUSTOMS";
    public const string Iot = "IOT";
    public const string Reefer = "REEFER";

    public static IReadOnlyList<string> All { get; } = [Shipment, Transport, Equipment, Document, Customs, Iot, Reefer];
}

/// <summary>DCSA event classifier codes.</summary>
public static class EventClassifiers
{
    public const string Planned = "PLN";
    public const string Estimated = "EST";
    public const string Actual = "ACT";

    public static IReadOnlyList<string> All { get; } = [Planned, Estimated, Actual];
}

/// <summary>
/// Event type codes per category. Transport, equipment and shipment codes are DCSA's (TNT 2.2 and 3.0 schemas in
/// ../shared/conformance/dcsa/schemas); document, customs, IoT and reefer codes follow trade-standards.md §A.4.
/// </summary>
public static class EventTypeCodes
{
    public static IReadOnlyList<string> Transport { get; } = ["ARRI", "DEPA"];

    public static IReadOnlyList<string> Equipment { get; } =
        ["LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD", "AVPU", "AVDO", "CUSS", "CUSI", "CUSR", "CROS"];

    // TNT 2.2 ShipmentEventTypeCode: RECE DRFT PENA PENU REJE APPR ISSU SURR SUBM VOID CONF REQS CMPL HOLD RELS;
    // TNT 3.0 adds PENC and others (UPDT).
    public static IReadOnlyList<string> Shipment { get; } =
        ["RECE", "DRFT", "PENA", "PENU", "PENC", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID", "CONF", "REQS", "CMPL", "HOLD", "RELS", "UPDT", "CANC"];

    public static IReadOnlyList<string> Document { get; } =
        ["SUBM", "ISSU", "TRANSFER", "ENDORSE", "SURR", "SACC", "SREJ", "VOID", "AMND", "LINK"];

    public static IReadOnlyList<string> Customs { get; } = ["CUSS", "CUSI", "CUSR", "CUSH"];

    public static IReadOnlyList<string> Iot { get; } = ["DETC", "OBSV"];

    public static IReadOnlyList<string> Reefer { get; } = ["MEAS", "ADJU"];

    private static readonly FrozenDictionary<string, FrozenSet<string>> ByCategory = new Dictionary<string, FrozenSet<string>>
    {
        [EventCategories.Transport] = Transport.ToFrozenSet(StringComparer.Ordinal),
        [EventCategories.Equipment] = Equipment.ToFrozenSet(StringComparer.Ordinal),
        [EventCategories.Shipment] = Shipment.ToFrozenSet(StringComparer.Ordinal),
        [EventCategories.Document] = Document.ToFrozenSet(StringComparer.Ordinal),
        [EventCategories.Customs] = Customs.ToFrozenSet(StringComparer.Ordinal),
        [EventCategories.Iot] = Iot.ToFrozenSet(StringComparer.Ordinal),
        [EventCategories.Reefer] = Reefer.ToFrozenSet(StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="typeCode"/> is known for <paramref name="category"/>.</summary>
    public static bool IsKnown(string category, string typeCode) =>
        ByCategory.TryGetValue(category, out var codes) && codes.Contains(typeCode);
}

/// <summary>Bill of lading title statuses (DCSA eBL/PINT states; trade-standards.md §A.5).</summary>
public static class TitleStatuses
{
    public const string Issued = "ISSUED";
    public const string PendingSurrenderForDelivery = "PENDING_SURRENDER_FOR_DELIVERY";
    public const string PendingSurrenderForAmendment = "PENDING_SURRENDER_FOR_AMENDMENT";
    public const string SurrenderedForDelivery = "SURRENDERED_FOR_DELIVERY";
    public const string SurrenderedForAmendment = "SURRENDERED_FOR_AMENDMENT";
    public const string Void = "VOID";

    public static IReadOnlyList<string> All { get; } =
        [Issued, PendingSurrenderForDelivery, PendingSurrenderForAmendment, SurrenderedForDelivery, SurrenderedForAmendment, Void];
}

/// <summary>Title chain actions (DCSA PINT 3.0 actionCode; TradeTrust title escrow).</summary>
public static class TitleActions
{
    public const string Issue = "ISSUE";
    public const string Transfer = "TRANSFER";
    public const string Endorse = "ENDORSE";
    public const string EndorseToOrder = "ENDORSE_TO_ORDER";
    public const string BlankEndorse = "BLANK_ENDORSE";
    public const string SignedContract = "SIGN";
    public const string SurrenderForDelivery = "SURRENDER_FOR_DELIVERY";
    public const string SurrenderForAmendment = "SURRENDER_FOR_AMENDMENT";
    public const string SurrenderAccepted = "SACC";
    public const string SurrenderRejected = "SREJ";

    public static IReadOnlyList<string> All { get; } =
        [Issue, Transfer, Endorse, EndorseToOrder, BlankEndorse, SignedContract, SurrenderForDelivery, SurrenderForAmendment, SurrenderAccepted, SurrenderRejected];
}
