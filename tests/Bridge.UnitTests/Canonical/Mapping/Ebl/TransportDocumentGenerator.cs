using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;

namespace Bridge.UnitTests.Canonical.Mapping.Ebl;

/// <summary>
/// Builds random canonical bills of lading and sea waybills inside the subset DCSA eBL 3.0 can express (see
/// docs/mapping.md, "dcsa-ebl-3.0", writer): parties in eBL slot order with one role each, issuer = the ISSUER
/// party, title derived from issueTo/endorsee/status, BKG then SHI then other references, equipment references =
/// the equipment list, goods grouped by consignment item, DCSA units and seal sources, no vessel IMO. Deterministic
/// for a seed (FsCheck draws the seed).
/// </summary>
internal static class TransportDocumentGenerator
{
    // Identifiers that pass their checks (trade-standards.md §C): ISO 6346 vectors, GLEIF LEIs, UN/LOCODEs.
    private static readonly string[] Containers = ["APZU4812090", "CSQU3054383", "NARU3472484", "KKFU6671914", "MSMU1301725", "MAEU1234567"];
    private static readonly string[] Locodes = ["NLRTM", "DEHAM", "SGSIN", "DKAAR", "DEBRV", "BRSSZ", "USNYC", "CNSHA"];
    private static readonly string[] Countries = ["NL", "DE", "SG", "DK", "CH", "BR", "US"];
    private static readonly string[] Currencies = ["EUR", "USD", "DKK", "SGD"];
    private static readonly string[] HsCodes = ["640510", "15152100", "0405209000", "293499", "851713"];
    private static readonly string[] Statuses = ["DRAFT", "APPROVED", "ISSUED", "PENDING_SURRENDER_FOR_DELIVERY", "SURRENDERED_FOR_DELIVERY", "PENDING_SURRENDER_FOR_AMENDMENT", "SURRENDERED_FOR_AMENDMENT", "VOIDED"];
    private static readonly string[] Words = ["Steel", "drums", "Refined", "soybean", "oil", "Shoes", "Gülsün", "Ærø", "東京", "boxes", "black", "Fibreboard", "S.A.", "No.5", "Ltd"];

    private static readonly Identifier[] PartyIdentifiers =
    [
        new() { Scheme = IdentifierSchemes.Lei, Value = "529900T8BM49AURSDO55" },
        new() { Scheme = IdentifierSchemes.Did, Value = "did:web:carrier.example.com" },
        new() { Scheme = IdentifierSchemes.Duns, Value = "123456789" },
        new() { Scheme = IdentifierSchemes.Scac, Value = "MAEU" },
        new() { Scheme = IdentifierSchemes.Eori, Value = "NL123456789" },
        new() { Scheme = IdentifierSchemes.Gln, Value = "0614141073467" },
        new() { Scheme = IdentifierSchemes.Zzz, Value = "CARX123", Issuer = "CARX" },
        new() { Scheme = IdentifierSchemes.Zzz, Value = "W-77", Issuer = "WAVE/ACCOUNT" },
    ];

    public static TransportDocument Create(int seed)
    {
        var r = new Random(seed);
        var isBill = r.Next(4) != 0;
        var isToOrder = isBill && r.Next(2) == 0;
        var status = Maybe(r, () => Pick(r, Statuses));

        var parties = new List<Party> { NewParty(r, PartyRoles.Shipper) };
        Party? endorsee = null, issuer = null, issueTo = null;
        if (!isToOrder && r.Next(3) != 0)
        {
            parties.Add(NewParty(r, PartyRoles.Consignee));
        }

        if (isToOrder && r.Next(2) == 0)
        {
            endorsee = NewParty(r, PartyRoles.Endorsee);
            parties.Add(endorsee);
        }

        if (r.Next(2) == 0)
        {
            issuer = NewParty(r, PartyRoles.Issuer);
            parties.Add(issuer);
        }

        if (r.Next(2) == 0)
        {
            issueTo = NewParty(r, PartyRoles.IssueTo);
            parties.Add(issueTo);
        }

        foreach (var role in new[] { PartyRoles.Seller, PartyRoles.Buyer })
        {
            if (r.Next(4) == 0)
            {
                parties.Add(NewParty(r, role));
            }
        }

        for (var i = r.Next(4); i > 0; i--)
        {
            parties.Add(NewParty(r, PartyRoles.Notify));
        }

        for (var i = r.Next(3); i > 0; i--)
        {
            parties.Add(NewParty(r, r.Next(2) == 0 ? PartyRoles.Forwarder : PartyRoles.Invoicee));
        }

        var equipment = Containers.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).Select(reference => new TransportEquipment
        {
            EquipmentReference = reference,
            IsoEquipmentCode = Maybe(r, () => Pick(r, ["22G1", "45R1", "22GP"])),
            IsShipperOwned = r.Next(3) == 0 ? null : r.Next(2) == 0,
            TareWeight = r.Next(3) == 0 ? new Measure { Value = r.Next(1800, 4500), Unit = Pick(r, ["KGM", "LBR"]) } : null,
            Seals = [.. Enumerable.Range(0, r.Next(1, 3)).Select(s => new Seal { Number = "SEAL" + r.Next(100000), Source = Maybe(r, () => Pick(r, ["CAR", "SHI", "VET", "CUS"])) })],
        }).ToList();

        var goods = new List<GoodsItem>();
        for (var g = r.Next(1, 4); g > 0; g--)
        {
            var template = new GoodsItem
            {
                // The group number keeps neighbouring consignment items apart.
                Description = string.Join('\n', Enumerable.Range(0, r.Next(1, 3)).Select(_ => Text(r, 3))) + " #" + g,
                HsCodes = [.. HsCodes.OrderBy(_ => r.Next()).Take(r.Next(1, 3))],
                Marks = [.. Enumerable.Range(0, r.Next(3)).Select(_ => Text(r, 2))],
            };
            for (var c = r.Next(1, 3); c > 0; c--)
            {
                goods.Add(template with
                {
                    EquipmentReference = Pick(r, [.. equipment.Select(e => e.EquipmentReference)]),
                    GrossWeight = new Measure { Value = Amount(r, 3), Unit = Pick(r, ["KGM", "LBR"]) },
                    NetWeight = r.Next(2) == 0 ? new Measure { Value = Amount(r, 3), Unit = Pick(r, ["KGM", "LBR"]) } : null,
                    GrossVolume = r.Next(2) == 0 ? new Measure { Value = Amount(r, 2), Unit = Pick(r, ["MTQ", "FTQ"]) } : null,
                    Packages = new Packaging { Count = r.Next(1, 1000), PackageCode = Maybe(r, () => Pick(r, ["4G", "BQ", "DR", "PK"])), Description = Text(r, 2) },
                });
            }
        }

        var references = new List<Reference> { new() { TypeCode = "BKG", Value = "BKG" + r.Next(1_000_000) } };
        if (r.Next(2) == 0)
        {
            references.Add(new Reference { TypeCode = "SHI", Value = "SI-" + r.Next(1_000_000) });
        }

        for (var i = r.Next(3); i > 0; i--)
        {
            references.Add(new Reference { TypeCode = Pick(r, ["CR", "AKG"]), Value = "REF-" + r.Next(10000) });
        }

        var charges = Enumerable.Range(0, r.Next(3)).Select(_ => new Charge
        {
            Name = Text(r, 3),
            Amount = new Money { Amount = Amount(r, 2), Currency = Pick(r, Currencies) },
            PaymentTerm = Maybe(r, () => Pick(r, ["PRE", "COL"])),
            CalculationBasis = Maybe(r, () => Text(r, 2)),
            UnitPrice = r.Next(2) == 0 ? Amount(r, 2) : null,
            Quantity = r.Next(2) == 0 ? r.Next(1, 50) : null,
        }).ToList();

        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (r.Next(2) == 0)
        {
            extensions["/termsAndConditions"] = JsonSerializer.SerializeToElement(Text(r, 8));
            extensions["/receiptTypeAtOrigin"] = JsonSerializer.SerializeToElement(Pick(r, ["CY", "SD", "CFS"]));
        }

        TransportDocument document = isBill
            ? new BillOfLading
            {
                DocumentNumber = "TD" + r.Next(1_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
                IsToOrder = isToOrder,
                Title = isToOrder ? new TitleState { Status = TitleStatusOf(status), Holder = issueTo, Endorsee = endorsee } : null,
            }
            : new SeaWaybill { DocumentNumber = "SWB" + r.Next(1_000_000) };

        return document with
        {
            Issuer = issuer,
            IssueDate = r.Next(2) == 0 ? new DateOnly(2025, r.Next(1, 13), r.Next(1, 29)) : null,
            Status = status,
            Version = Maybe(r, () => "v" + r.Next(10)),
            ConsignmentReferences = references,
            EquipmentReferences = [.. equipment.Select(e => e.EquipmentReference)],
            Parties = parties,
            GoodsItems = goods,
            Extensions = extensions.Count == 0 ? null : extensions,
            Provenance = new Provenance { SourceSystem = SourceSystems.Canonical, ReceivedAt = EblSamples.ReceivedAt, RawSha256 = new string('0', 64) },
            IsElectronic = r.Next(3) == 0 ? null : r.Next(2) == 0,
            IsShippedOnBoard = r.Next(3) == 0 ? null : r.Next(2) == 0,
            ShippedOnBoardDate = r.Next(2) == 0 ? new DateOnly(2025, 2, r.Next(1, 29)) : null,
            ReceivedForShipmentDate = r.Next(4) == 0 ? new DateOnly(2025, 1, r.Next(1, 29)) : null,
            PlaceOfIssue = r.Next(3) switch
            {
                0 => null,
                1 => new Location { Name = Maybe(r, () => Text(r, 2)), UnLocode = Pick(r, Locodes) },
                _ => new Location { Address = new Address { CountryCode = Pick(r, Countries) } },
            },
            NumberOfOriginals = r.Next(2) == 0 ? r.Next(0, 4) : null,
            NumberOfCopies = r.Next(2) == 0 ? r.Next(0, 4) : null,
            Carrier = r.Next(3) switch
            {
                0 => null,
                1 => new Identifier { Scheme = IdentifierSchemes.Scac, Value = Pick(r, ["MAEU", "MSCU", "HLCU"]) },
                _ => new Identifier { Scheme = IdentifierSchemes.SmdgLiner, Value = Pick(r, ["MSC", "HLC", "MSK"]) },
            },
            Transport = r.Next(4) == 0 ? null : NewTransport(r),
            Equipment = equipment,
            FreightPaymentTerm = Maybe(r, () => Pick(r, ["PRE", "COL"])),
            Charges = charges,
            DeclaredValue = r.Next(3) == 0 ? new Money { Amount = Amount(r, 2), Currency = Pick(r, Currencies) } : null,
            InvoicePayableAt = r.Next(3) switch
            {
                0 => null,
                1 => new Location { UnLocode = Pick(r, Locodes) },
                _ => new Location { Name = Text(r, 2) },
            },
        };
    }

    // Independent of the code under test: DCSA transportDocumentStatus to canonical TitleStatuses.
    private static string? TitleStatusOf(string? status) => status switch
    {
        "ISSUED" => "ISSUED",
        "VOIDED" => "VOID",
        "DRAFT" or "APPROVED" or null => null,
        _ => status,
    };

    private static Transport NewTransport(Random r) => new()
    {
        PlannedDepartureDate = r.Next(2) == 0 ? new DateOnly(2025, 3, r.Next(1, 15)) : null,
        PlannedArrivalDate = r.Next(2) == 0 ? new DateOnly(2025, 3, r.Next(15, 29)) : null,
        PlaceOfReceipt = r.Next(2) == 0 ? FullLocation(r) : null,
        PortOfLoading = PortLocation(r),
        PortOfDischarge = PortLocation(r),
        PlaceOfDelivery = r.Next(2) == 0 ? FullLocation(r) : null,
        Vessel = r.Next(3) == 0 ? null : new Vessel { Name = Text(r, 2) },
        Voyage = Maybe(r, () => r.Next(100, 999) + Pick(r, ["E", "W", "N", "S"])),
    };

    private static Location PortLocation(Random r) => r.Next(3) switch
    {
        0 => new Location { UnLocode = Pick(r, Locodes) },
        1 => new Location { Name = Text(r, 2), Address = new Address { City = Text(r, 1), StateRegion = Maybe(r, () => Text(r, 1)), CountryCode = Pick(r, Countries) } },
        _ => new Location { Name = Text(r, 2), UnLocode = Pick(r, Locodes), Address = new Address { City = Text(r, 1), CountryCode = Pick(r, Countries) } },
    };

    private static Location FullLocation(Random r)
    {
        var hasFacility = r.Next(2) == 0;
        return new Location
        {
            Name = Maybe(r, () => Text(r, 2)),
            UnLocode = Maybe(r, () => Pick(r, Locodes)),
            FacilityCode = hasFacility ? Pick(r, ["CTA", "ADT", "EGH"]) : null,
            FacilityCodeListProvider = hasFacility ? Pick(r, ["SMDG", "BIC"]) : null,
            Geo = r.Next(2) == 0 ? new GeoPoint { Latitude = r.Next(-90_0000, 90_0000) / 10000m, Longitude = r.Next(-180_0000, 180_0000) / 10000m } : null,
            Address = r.Next(2) == 0 ? NewAddress(r, lines: false) : null,
        };
    }

    private static Party NewParty(Random r, string role) => new()
    {
        Name = Text(r, 3),
        Roles = [role],
        Identifiers = [.. PartyIdentifiers.OrderBy(_ => r.Next()).Take(r.Next(3))],
        Address = r.Next(3) == 0 ? null : NewAddress(r, lines: true),
        TaxLegalReferences = r.Next(3) == 0 ? [new TaxLegalReference { Type = "EORI", CountryCode = "NL", Value = "NL" + r.Next(100000000, 999999999) }] : [],
        Contacts = [.. Enumerable.Range(0, r.Next(3)).Select(_ => new Contact { Name = Text(r, 2), Email = Maybe(r, () => "x" + r.Next(100) + "@example.com"), Phone = Maybe(r, () => "+45 " + r.Next(10000000, 99999999)) })],
    };

    private static Address NewAddress(Random r, bool lines) => new()
    {
        Street = Maybe(r, () => Text(r, 2)),
        StreetNumber = Maybe(r, () => r.Next(1, 300).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Floor = r.Next(4) == 0 ? "2" : null,
        PostCode = Maybe(r, () => r.Next(1000, 9999) + " AB"),
        PoBox = r.Next(5) == 0 ? "123" : null,
        City = Text(r, 1),
        StateRegion = Maybe(r, () => Text(r, 1)),
        CountryCode = Pick(r, Countries),
        AddressLines = lines && r.Next(3) == 0 ? [.. Enumerable.Range(0, r.Next(1, 6)).Select(_ => Text(r, 2))] : [],
    };

    private static decimal Amount(Random r, int maxDecimals) => r.Next(1, 10_000_000) / (decimal)Math.Pow(10, r.Next(maxDecimals + 1));

    private static string Text(Random r, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Pick(r, Words)));

    private static T Pick<T>(Random r, T[] values) => values[r.Next(values.Length)];

    private static string? Maybe(Random r, Func<string> value) => r.Next(3) == 0 ? null : value();
}
