using System.Text.Json;

namespace Bridge.Canonical.Model;

/// <summary>A seal on a piece of equipment (DCSA <c>Seal</c>).</summary>
public sealed record Seal
{
    public required string Number { get; init; }

    /// <summary>CAR (carrier), SHI (shipper), PHY (phytosanitary), VET (veterinary), CUS (customs).</summary>
    public string? Source { get; init; }

    /// <summary>KLP, BLT, WIR (DCSA seal type).</summary>
    public string? Type { get; init; }
}

/// <summary>A container, trailer or other piece of equipment (natural key: equipment reference).</summary>
public sealed record TransportEquipment
{
    /// <summary>ISO 6346 container number where possible.</summary>
    public required string EquipmentReference { get; init; }

    /// <summary>ISO 6346 size-type code (22G1, 45R1) or type group (22GP).</summary>
    public string? IsoEquipmentCode { get; init; }

    /// <summary>LADEN or EMPTY.</summary>
    public string? EmptyIndicator { get; init; }

    public bool? IsShipperOwned { get; init; }

    public IReadOnlyList<Seal> Seals { get => field ?? []; init; }

    public Measure? TareWeight { get; init; }
}

/// <summary>A vessel.</summary>
public sealed record Vessel
{
    /// <summary>IMO ship number, seven digits.</summary>
    public string? Imo { get; init; }

    public string? Name { get; init; }

    /// <summary>ISO 3166-1 alpha-2 flag state.</summary>
    public string? Flag { get; init; }

    public string? CallSign { get; init; }

    public string? OperatorCarrierCode { get; init; }

    /// <summary>NMFTA (SCAC) or SMDG (liner code).</summary>
    public string? OperatorCarrierCodeListProvider { get; init; }
}

/// <summary>A call of a means of transport at a location (DCSA <c>TransportCall</c>).</summary>
public sealed record TransportCall
{
    /// <summary>VESSEL, BARGE, RAIL, TRUCK, MULTIMODAL.</summary>
    public string? Mode { get; init; }

    public Vessel? Vessel { get; init; }

    /// <summary>Other means of transport (truck plate, rail car, TradeLens vehicle id).</summary>
    public string? VehicleId { get; init; }

    public string? CarrierServiceCode { get; init; }

    public string? UniversalServiceReference { get; init; }

    public string? ExportVoyage { get; init; }

    public string? ImportVoyage { get; init; }

    public string? UniversalVoyageReference { get; init; }

    public string? TransportCallReference { get; init; }

    public int? SequenceNumber { get; init; }

    public Location? Location { get; init; }
}

/// <summary>Outer packaging of goods (UN/ECE Rec. 21 package code).</summary>
public sealed record Packaging
{
    public int? Count { get; init; }

    public string? PackageCode { get; init; }

    public string? Description { get; init; }
}

/// <summary>A line of goods.</summary>
public sealed record GoodsItem
{
    public string? Description { get; init; }

    /// <summary>HS codes, 6 to 10 digits.</summary>
    public IReadOnlyList<string> HsCodes { get => field ?? []; init; }

    public Packaging? Packages { get; init; }

    public Measure? GrossWeight { get; init; }

    public Measure? NetWeight { get; init; }

    public Measure? GrossVolume { get; init; }

    public IReadOnlyList<string> Marks { get => field ?? []; init; }

    public bool? DangerousGoods { get; init; }

    public string? EquipmentReference { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country of origin.</summary>
    public string? OriginCountry { get; init; }

    /// <summary>GTINs, SSCCs and other identifiers of the goods or packages.</summary>
    public IReadOnlyList<Identifier> Identifiers { get => field ?? []; init; }

    public Measure? Quantity { get; init; }

    public Money? UnitPrice { get; init; }

    public Money? Amount { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>The transport legs of a document: places and the vessel/voyage.</summary>
public sealed record Transport
{
    public Location? PlaceOfReceipt { get; init; }

    public Location? PortOfLoading { get; init; }

    public Location? PortOfDischarge { get; init; }

    public Location? PlaceOfDelivery { get; init; }

    public Vessel? Vessel { get; init; }

    public string? Voyage { get; init; }

    public DateOnly? PlannedDepartureDate { get; init; }

    public DateOnly? PlannedArrivalDate { get; init; }
}

/// <summary>A DCSA shipment / TradeLens consignment (natural key: carrier + booking reference).</summary>
public sealed record Consignment
{
    public string? CarrierBookingReference { get; init; }

    public IReadOnlyList<string> TransportDocumentReferences { get => field ?? []; init; }

    public Identifier? Carrier { get; init; }

    public IReadOnlyList<Party> Parties { get => field ?? []; init; }

    public Transport? Transport { get; init; }

    public IReadOnlyList<string> EquipmentReferences { get => field ?? []; init; }

    public IReadOnlyList<GoodsItem> Items { get => field ?? []; init; }

    public IReadOnlyList<Reference> ShipmentReferences { get => field ?? []; init; }

    /// <summary>WCO Unique Consignment Reference.</summary>
    public string? Ucr { get; init; }

    public IReadOnlyList<Identifier> Identifiers { get => field ?? []; init; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    public Provenance? Provenance { get; init; }
}
