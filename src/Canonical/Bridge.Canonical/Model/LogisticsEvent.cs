using System.Text.Json;

namespace Bridge.Canonical.Model;

/// <summary>
/// One logistics event, shaped like a DCSA Track &amp; Trace 3.0 event (trade-standards.md §A.4): what happened
/// (<see cref="Category"/>, <see cref="Classifier"/>, <see cref="TypeCode"/>), when (times keep their UTC offsets),
/// where, to which equipment and transport call, and which documents and shipments it concerns. The content hash
/// covers everything except <see cref="Provenance"/>.
/// </summary>
public sealed record LogisticsEvent
{
    /// <summary>The source's own event id (DCSA eventID, TradeLens eventTransactionId, EPCIS eventID).</summary>
    public string? SourceEventId { get; init; }

    /// <summary>Who published the event at the source (DCSA eventRouting.originatingParty, TradeLens originatorId).</summary>
    public PartyCode? OriginatingParty { get; init; }

    /// <summary>True when the source retracted the event (DCSA isRetracted).</summary>
    public bool IsRetracted { get; init; }

    /// <summary>The source id of the event this one retracts or supersedes, if any.</summary>
    public string? RetractedEventId { get; init; }

    /// <summary>One of <see cref="EventCategories"/>.</summary>
    public required string Category { get; init; }

    /// <summary>PLN (planned), EST (estimated) or ACT (actual).</summary>
    public required string Classifier { get; init; }

    /// <summary>The event type code for the category (<see cref="EventTypeCodes"/>).</summary>
    public required string TypeCode { get; init; }

    /// <summary>When it happened (or is planned/estimated to), with the source's UTC offset.</summary>
    public required DateTimeOffset EventDateTime { get; init; }

    /// <summary>When the source last changed the event (DCSA eventUpdatedDateTime / eventCreatedDateTime).</summary>
    public DateTimeOffset? UpdatedDateTime { get; init; }

    /// <summary>When the source recorded the event (EPCIS recordTime).</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    public Location? Location { get; init; }

    public TransportEquipment? Equipment { get; init; }

    /// <summary>IMPORT, EXPORT or TRANSSHIPMENT.</summary>
    public string? MovementType { get; init; }

    public TransportCall? TransportCall { get; init; }

    /// <summary>Documents the event concerns, by DCSA document type code (BKG, TRD, SHI, CEO, INV, ...).</summary>
    public IReadOnlyList<Reference> DocumentReferences { get => field ?? []; init; }

    /// <summary>Shipment references by DCSA reference type (FF, SI, PO, CR, EQ, ...).</summary>
    public IReadOnlyList<Reference> ShipmentReferences { get => field ?? []; init; }

    /// <summary>Identifiers of the consignment or equipment at the source (TradeLens ids, EPCs).</summary>
    public IReadOnlyList<Identifier> Identifiers { get => field ?? []; init; }

    public string? Reason { get; init; }

    /// <summary>SMDG delay reason code.</summary>
    public string? DelayReasonCode { get; init; }

    public string? ChangeRemark { get; init; }

    /// <summary>What the source carried that has no canonical field (EPCIS bizStep, sensor data, TradeLens eventName...).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    public Provenance? Provenance { get; init; }
}

/// <summary>A party by code in a code list (DCSA <c>PartyCode</c> / eventRouting party).</summary>
public sealed record PartyCode
{
    public required string Code { get; init; }

    /// <summary>SMDG, NMFTA, GLEIF, W3C, DNB, ...</summary>
    public string? CodeListProvider { get; init; }

    public string? CodeListName { get; init; }

    /// <summary>DCSA party function (CA carrier, AG agent, ...).</summary>
    public string? PartyFunction { get; init; }

    public string? Name { get; init; }
}
