using System.Text.Json;

namespace Bridge.Canonical.Model;

/// <summary>
/// An identifier in a named scheme (trade-standards.md §A.1); see <c>Identifiers.IdentifierSchemes</c>
/// for the scheme names and their validation.
/// </summary>
public sealed record Identifier
{
    public required string Scheme { get; init; }

    public required string Value { get; init; }

    /// <summary>Who issued the identifier when the scheme needs it (for example the code list provider).</summary>
    public string? Issuer { get; init; }
}

/// <summary>A postal address, as DCSA TNT 3.0 <c>Address</c>.</summary>
public sealed record Address
{
    public string? Name { get; init; }

    public string? Street { get; init; }

    public string? StreetNumber { get; init; }

    public string? Floor { get; init; }

    public string? PostCode { get; init; }

    public string? PoBox { get; init; }

    public string? City { get; init; }

    public string? StateRegion { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? CountryCode { get; init; }

    /// <summary>Free-text lines (at most five), for sources that only carry unstructured addresses.</summary>
    public IReadOnlyList<string> AddressLines { get => field ?? []; init; }
}

/// <summary>WGS 84 coordinates in decimal degrees.</summary>
public sealed record GeoPoint
{
    public required decimal Latitude { get; init; }

    public required decimal Longitude { get; init; }
}

/// <summary>A place: UN/LOCODE, facility, GLN, coordinates and/or address.</summary>
public sealed record Location
{
    public string? Name { get; init; }

    /// <summary>UN/LOCODE, five characters (for example NLRTM).</summary>
    public string? UnLocode { get; init; }

    public string? FacilityCode { get; init; }

    /// <summary>SMDG or BIC, the list <see cref="FacilityCode"/> comes from.</summary>
    public string? FacilityCodeListProvider { get; init; }

    /// <summary>DCSA facility type (BOCR, CLOC, COFS, DEPO, INTE, POTE, RAMP, WAYP, BRTH, ...).</summary>
    public string? FacilityTypeCode { get; init; }

    public string? Gln { get; init; }

    public GeoPoint? Geo { get; init; }

    public Address? Address { get; init; }
}

/// <summary>An amount in an ISO 4217 currency.</summary>
public sealed record Money
{
    public required decimal Amount { get; init; }

    public required string Currency { get; init; }
}

/// <summary>A quantity with a UN/ECE Recommendation 20 unit (KGM, LBR, MTQ, FTQ, ...).</summary>
public sealed record Measure
{
    public required decimal Value { get; init; }

    public required string Unit { get; init; }
}

/// <summary>A tax or legal registration of a party (DCSA <c>taxLegalReferences</c>).</summary>
public sealed record TaxLegalReference
{
    public required string Type { get; init; }

    public string? CountryCode { get; init; }

    public required string Value { get; init; }
}

/// <summary>A contact person at a party.</summary>
public sealed record Contact
{
    public string? Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }
}

/// <summary>A trade party with its roles (see <see cref="PartyRoles"/>).</summary>
public sealed record Party
{
    public string? Name { get; init; }

    public IReadOnlyList<string> Roles { get => field ?? []; init; }

    public IReadOnlyList<Identifier> Identifiers { get => field ?? []; init; }

    public Address? Address { get; init; }

    public IReadOnlyList<TaxLegalReference> TaxLegalReferences { get => field ?? []; init; }

    public IReadOnlyList<Contact> Contacts { get => field ?? []; init; }
}

/// <summary>
/// A reference to a document or shipment by a DCSA type code (documents: BKG, TRD, SHI, VGM, ARN, CEO, INV, PCE, ICE,
/// CUC, ...; shipment references: FF, CN, SI, PO, CR, AAO, EQ, ...) and its value.
/// </summary>
public sealed record Reference
{
    public required string TypeCode { get; init; }

    public required string Value { get; init; }
}

/// <summary>Where a fact sits on a ledger, when it has been anchored.</summary>
public sealed record LedgerAnchor
{
    /// <summary>The ledger kind or network name (for example ethereum, fabric).</summary>
    public required string Ledger { get; init; }

    public string? ChainId { get; init; }

    public string? Contract { get; init; }

    public string? TransactionId { get; init; }

    public long? BlockNumber { get; init; }

    public string? MerkleRoot { get; init; }

    public string? TargetHash { get; init; }
}

/// <summary>
/// Where a canonical object came from, so the bridge can prove it: the source system and its id for the fact, the
/// SHA-256 of the raw payload as received, when it was received and, once anchored, the ledger anchor.
/// Provenance is not part of the content hash: the same bill of lading from two sources hashes the same.
/// </summary>
public sealed record Provenance
{
    /// <summary>One of <see cref="SourceSystems"/>.</summary>
    public required string SourceSystem { get; init; }

    public string? SourceId { get; init; }

    public string? SourceVersion { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Lowercase hex SHA-256 of the raw payload bytes.</summary>
    public required string RawSha256 { get; init; }

    public LedgerAnchor? Anchor { get; init; }
}

/// <summary>Source systems a canonical object can come from (trade-standards.md §A.1).</summary>
public static class SourceSystems
{
    public const string Canonical = "CANONICAL";
    public const string Fabric = "FABRIC";
    public const string Ethereum = "ETHEREUM";
    public const string TradeLens = "TRADELENS";
    public const string DcsaTnt = "DCSA_TNT";
    public const string DcsaEbl = "DCSA_EBL";
    public const string DcsaPint = "DCSA_PINT";
    public const string Epcis = "EPCIS";
    public const string OpenAttestation = "OPENATTESTATION";

    public static IReadOnlyList<string> All { get; } = [Canonical, Fabric, Ethereum, TradeLens, DcsaTnt, DcsaEbl, DcsaPint, Epcis, OpenAttestation];
}

/// <summary>Party roles (trade-standards.md §A.1; DCSA documentParties and TradeLens party roles).</summary>
public static class PartyRoles
{
    public const string Shipper = "SHIPPER";
    public const string Consignee = "CONSIGNEE";
    public const string Notify = "NOTIFY";
    public const string Carrier = "CARRIER";
    public const string Issuer = "ISSUER";
    public const string Endorsee = "ENDORSEE";
    public const string Holder = "HOLDER";
    public const string Seller = "SELLER";
    public const string Buyer = "BUYER";
    public const string Importer = "IMPORTER";
    public const string Exporter = "EXPORTER";
    public const string Declarant = "DECLARANT";
    public const string Certifier = "CERTIFIER";
    public const string Forwarder = "FORWARDER";
    public const string IssueTo = "ISSUE_TO";
    public const string Invoicee = "INVOICEE";
    public const string ShipTo = "SHIP_TO";

    public static IReadOnlyList<string> All { get; } =
        [Shipper, Consignee, Notify, Carrier, Issuer, Endorsee, Holder, Seller, Buyer, Importer, Exporter, Declarant, Certifier, Forwarder, IssueTo, Invoicee, ShipTo];
}
