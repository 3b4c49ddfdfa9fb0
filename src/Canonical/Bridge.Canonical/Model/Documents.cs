using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Canonical.Model;

/// <summary>
/// A trade document (trade-standards.md §A.3). The JSON form carries the type as <c>docType</c>
/// (<see cref="DocumentTypes"/>); the content hash covers everything except <see cref="Provenance"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "docType", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(BillOfLading), DocumentTypes.BillOfLading)]
[JsonDerivedType(typeof(SeaWaybill), DocumentTypes.SeaWaybill)]
[JsonDerivedType(typeof(CommercialInvoice), DocumentTypes.CommercialInvoice)]
[JsonDerivedType(typeof(PackingList), DocumentTypes.PackingList)]
[JsonDerivedType(typeof(CertificateOfOrigin), DocumentTypes.CertificateOfOrigin)]
[JsonDerivedType(typeof(PhytosanitaryCertificate), DocumentTypes.PhytosanitaryCertificate)]
[JsonDerivedType(typeof(InspectionCertificate), DocumentTypes.InspectionCertificate)]
[JsonDerivedType(typeof(CustomsDeclaration), DocumentTypes.CustomsDeclaration)]
public abstract record TradeDocument
{
    /// <summary>One of <see cref="DocumentTypes"/>; serialised as the <c>docType</c> discriminator.</summary>
    [JsonIgnore]
    public abstract string DocType { get; }

    /// <summary>The number the issuer gave the document (bill of lading number, invoice number, ...).</summary>
    public required string DocumentNumber { get; init; }

    public Party? Issuer { get; init; }

    public DateOnly? IssueDate { get; init; }

    public string? Status { get; init; }

    public string? Version { get; init; }

    /// <summary>Shipment references (BKG booking, FF forwarder's reference, ...).</summary>
    public IReadOnlyList<Reference> ConsignmentReferences { get => field ?? []; init; }

    public IReadOnlyList<string> EquipmentReferences { get => field ?? []; init; }

    public IReadOnlyList<Party> Parties { get => field ?? []; init; }

    public IReadOnlyList<GoodsItem> GoodsItems { get => field ?? []; init; }

    public IReadOnlyList<Attachment> Attachments { get => field ?? []; init; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    public Provenance? Provenance { get; init; }
}

/// <summary>A file attached to a document, by hash only (documents stay off-chain).</summary>
public sealed record Attachment
{
    public required string Name { get; init; }

    public string? MediaType { get; init; }

    /// <summary>Lowercase hex SHA-256 of the file.</summary>
    public required string Sha256 { get; init; }
}

/// <summary>A charge on a transport document.</summary>
public sealed record Charge
{
    public required string Name { get; init; }

    public required Money Amount { get; init; }

    /// <summary>PRE (prepaid) or COL (collect).</summary>
    public string? PaymentTerm { get; init; }

    public string? CalculationBasis { get; init; }

    public decimal? UnitPrice { get; init; }

    public decimal? Quantity { get; init; }
}

/// <summary>The fields a bill of lading and a sea waybill share (DCSA eBL 3.0 TransportDocument).</summary>
public abstract record TransportDocument : TradeDocument
{
    public bool? IsElectronic { get; init; }

    public bool? IsShippedOnBoard { get; init; }

    public DateOnly? ShippedOnBoardDate { get; init; }

    public DateOnly? ReceivedForShipmentDate { get; init; }

    public Location? PlaceOfIssue { get; init; }

    public int? NumberOfOriginals { get; init; }

    public int? NumberOfCopies { get; init; }

    /// <summary>The carrier, by SCAC or SMDG liner code.</summary>
    public Identifier? Carrier { get; init; }

    public Transport? Transport { get; init; }

    public IReadOnlyList<TransportEquipment> Equipment { get => field ?? []; init; }

    /// <summary>PRE (prepaid) or COL (collect).</summary>
    public string? FreightPaymentTerm { get; init; }

    public IReadOnlyList<Charge> Charges { get => field ?? []; init; }

    public Money? DeclaredValue { get; init; }

    /// <summary>Where the freight and charges are payable (DCSA eBL 3.0 <c>invoicePayableAt</c>: UN/LOCODE or free text as name).</summary>
    public Location? InvoicePayableAt { get; init; }
}

/// <summary>A bill of lading: a document of title when <see cref="IsToOrder"/> (negotiable).</summary>
public sealed record BillOfLading : TransportDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.BillOfLading;

    /// <summary>True for a negotiable (to order) bill; false for a straight bill.</summary>
    public bool IsToOrder { get; init; }

    public TitleState? Title { get; init; }
}

/// <summary>A sea waybill: never negotiable, no title chain.</summary>
public sealed record SeaWaybill : TransportDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.SeaWaybill;
}

/// <summary>Who holds title to the goods under a bill of lading, and how it got there.</summary>
public sealed record TitleState
{
    /// <summary>One of <see cref="TitleStatuses"/>.</summary>
    public string? Status { get; init; }

    public Party? Holder { get; init; }

    /// <summary>Endorsee (DCSA) or beneficiary (TradeTrust).</summary>
    public Party? Endorsee { get; init; }

    public Party? Nominee { get; init; }

    public IReadOnlyList<TitleTransfer> Chain { get => field ?? []; init; }
}

/// <summary>One step in a title chain (DCSA PINT transaction, TradeTrust title escrow action).</summary>
public sealed record TitleTransfer
{
    /// <summary>One of <see cref="TitleActions"/>.</summary>
    public required string Action { get; init; }

    public Party? Actor { get; init; }

    public Party? Recipient { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The eBL platform (DCSA platform code) or ledger where the step happened.</summary>
    public string? Platform { get; init; }

    public string? Reason { get; init; }

    /// <summary>The step's signature as carried by the source (JWS, transaction hash, ...).</summary>
    public string? Signature { get; init; }

    public string? EntrySha256 { get; init; }
}

/// <summary>A commercial invoice (UN/CEFACT; UNTDID 1001 code 380).</summary>
public sealed record CommercialInvoice : TradeDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.CommercialInvoice;

    public string? PurchaseOrderNumber { get; init; }

    public string? ContractNumber { get; init; }

    /// <summary>Incoterms 2020 code (EXW, FCA, FOB, CIF, DAP, DDP, ...).</summary>
    public string? Incoterm { get; init; }

    public string? IncotermPlace { get; init; }

    public string? PaymentTerms { get; init; }

    /// <summary>ISO 4217 invoice currency.</summary>
    public string? Currency { get; init; }

    public Money? TotalAmount { get; init; }
}

/// <summary>A packing list.</summary>
public sealed record PackingList : TradeDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.PackingList;

    public string? InvoiceNumber { get; init; }

    public Measure? TotalGrossWeight { get; init; }

    public int? TotalPackages { get; init; }
}

/// <summary>A certificate of origin.</summary>
public sealed record CertificateOfOrigin : TradeDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.CertificateOfOrigin;

    /// <summary>PREFERENTIAL or NON_PREFERENTIAL.</summary>
    public string? CertificateType { get; init; }

    /// <summary>The trade agreement for a preferential certificate.</summary>
    public string? Agreement { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? CountryOfOrigin { get; init; }

    public string? InvoiceNumber { get; init; }

    public Transport? Transport { get; init; }
}

/// <summary>A phytosanitary certificate (IPPC ePhyto).</summary>
public sealed record PhytosanitaryCertificate : TradeDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.PhytosanitaryCertificate;

    /// <summary>ISO 3166-1 alpha-2 of the issuing national plant protection organisation.</summary>
    public string? IssuingNppoCountry { get; init; }

    public Location? PlaceOfOrigin { get; init; }

    public string? MeansOfConveyance { get; init; }

    public Location? PointOfEntry { get; init; }

    public IReadOnlyList<Treatment> Treatments { get => field ?? []; init; }

    public IReadOnlyList<string> AdditionalDeclarations { get => field ?? []; init; }

    public DateOnly? InspectionDate { get; init; }
}

/// <summary>A disinfestation or disinfection treatment.</summary>
public sealed record Treatment
{
    public required string Type { get; init; }

    public string? Chemical { get; init; }

    public string? Concentration { get; init; }

    public string? Duration { get; init; }

    public Measure? Temperature { get; init; }

    public DateOnly? Date { get; init; }
}

/// <summary>An inspection certificate.</summary>
public sealed record InspectionCertificate : TradeDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.InspectionCertificate;

    public Party? InspectionBody { get; init; }

    public DateOnly? InspectionDate { get; init; }

    public Location? Place { get; init; }

    /// <summary>PASSED, FAILED or CONDITIONAL.</summary>
    public string? Result { get; init; }

    public string? Remarks { get; init; }
}

/// <summary>A customs declaration (WCO data model; DCSA CUC).</summary>
public sealed record CustomsDeclaration : TradeDocument
{
    [JsonIgnore]
    public override string DocType => DocumentTypes.CustomsDeclaration;

    /// <summary>IMPORT, EXPORT or TRANSIT.</summary>
    public required string Direction { get; init; }

    /// <summary>EU Movement Reference Number when assigned.</summary>
    public string? Mrn { get; init; }

    /// <summary>WCO Unique Consignment Reference.</summary>
    public string? Ucr { get; init; }

    public IReadOnlyList<Location> CustomsOffices { get => field ?? []; init; }

    public string? TransportDocumentNumber { get; init; }

    public string? Procedure { get; init; }

    public Money? TotalCustomsValue { get; init; }
}
