using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Model;

/// <summary>
/// Validates canonical objects: code lists, identifiers (trade-standards.md §C) and required fields. Findings carry
/// JSON pointers into the canonical JSON form, relative to <c>path</c>. Pure.
/// </summary>
public static class CanonicalValidator
{
    private static readonly string[] MovementTypes = ["IMPORT", "EXPORT", "TRANSSHIPMENT"];
    private static readonly string[] EmptyIndicators = ["LADEN", "EMPTY"];
    private static readonly string[] Modes = ["VESSEL", "BARGE", "RAIL", "TRUCK", "MULTIMODAL"];
    private static readonly string[] Directions = ["IMPORT", "EXPORT", "TRANSIT"];
    private static readonly string[] PaymentTerms = ["PRE", "COL"];

    // Incoterms 2020 (ICC publication 723).
    private static readonly string[] Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];

    public static ValidationResult Validate(LogisticsEvent logisticsEvent, string path = "")
    {
        var issues = new ValidationCollector();
        Validate(logisticsEvent, path, issues);
        return issues.ToResult();
    }

    public static ValidationResult Validate(TradeDocument document, string path = "")
    {
        var issues = new ValidationCollector();
        Validate(document, path, issues);
        return issues.ToResult();
    }

    public static void Validate(LogisticsEvent e, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(issues);
        var categoryKnown = OneOf(e.Category, EventCategories.All, JsonPointer.Append(path, "category"), issues);
        OneOf(e.Classifier, EventClassifiers.All, JsonPointer.Append(path, "classifier"), issues);
        if (categoryKnown && !EventTypeCodes.IsKnown(e.Category, e.TypeCode))
        {
            issues.Error(JsonPointer.Append(path, "typeCode"), ValidationCodes.UnknownValue, $"'{e.TypeCode}' is not an event type code of category {e.Category}");
        }

        if (e.OriginatingParty is { } party)
        {
            issues.Required(JsonPointer.Append(JsonPointer.Append(path, "originatingParty"), "code"), party.Code);
        }

        Location(e.Location, JsonPointer.Append(path, "location"), issues);
        Equipment(e.Equipment, JsonPointer.Append(path, "equipment"), issues);
        OptionalOneOf(e.MovementType, MovementTypes, JsonPointer.Append(path, "movementType"), issues);
        TransportCall(e.TransportCall, JsonPointer.Append(path, "transportCall"), issues);
        References(e.DocumentReferences, JsonPointer.Append(path, "documentReferences"), issues);
        References(e.ShipmentReferences, JsonPointer.Append(path, "shipmentReferences"), issues);
        Identifiers(e.Identifiers, JsonPointer.Append(path, "identifiers"), issues);
        Provenance(e.Provenance, JsonPointer.Append(path, "provenance"), issues);
    }

    public static void Validate(TradeDocument d, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(issues);
        issues.Required(JsonPointer.Append(path, "documentNumber"), d.DocumentNumber);
        if (d.DocumentNumber is { Length: > 100 })
        {
            issues.Error(JsonPointer.Append(path, "documentNumber"), ValidationCodes.TooLong, "must be at most 100 characters");
        }

        Party(d.Issuer, JsonPointer.Append(path, "issuer"), issues);
        References(d.ConsignmentReferences, JsonPointer.Append(path, "consignmentReferences"), issues);
        for (var i = 0; i < d.EquipmentReferences.Count; i++)
        {
            TradeIdentifiers.ValidateContainerNumber(d.EquipmentReferences[i], JsonPointer.Append(JsonPointer.Append(path, "equipmentReferences"), i), issues);
        }

        Parties(d.Parties, JsonPointer.Append(path, "parties"), issues);
        for (var i = 0; i < d.GoodsItems.Count; i++)
        {
            Goods(d.GoodsItems[i], JsonPointer.Append(JsonPointer.Append(path, "goodsItems"), i), issues);
        }

        for (var i = 0; i < d.Attachments.Count; i++)
        {
            var attachment = d.Attachments[i];
            var at = JsonPointer.Append(JsonPointer.Append(path, "attachments"), i);
            issues.Required(JsonPointer.Append(at, "name"), attachment.Name);
            Sha256Hex(attachment.Sha256, JsonPointer.Append(at, "sha256"), issues);
        }

        Provenance(d.Provenance, JsonPointer.Append(path, "provenance"), issues);
        switch (d)
        {
            case TransportDocument t:
                TransportDocument(t, path, issues);
                break;
            case CommercialInvoice invoice:
                TradeIdentifiers.ValidateCurrencyCode(invoice.Currency, JsonPointer.Append(path, "currency"), issues);
                OptionalOneOf(invoice.Incoterm, Incoterms, JsonPointer.Append(path, "incoterm"), issues);
                Money(invoice.TotalAmount, JsonPointer.Append(path, "totalAmount"), issues);
                break;
            case PackingList packing:
                Measure(packing.TotalGrossWeight, JsonPointer.Append(path, "totalGrossWeight"), issues);
                break;
            case CertificateOfOrigin origin:
                TradeIdentifiers.ValidateCountryCode(origin.CountryOfOrigin, JsonPointer.Append(path, "countryOfOrigin"), issues);
                OptionalOneOf(origin.CertificateType, ["PREFERENTIAL", "NON_PREFERENTIAL"], JsonPointer.Append(path, "certificateType"), issues);
                Transport(origin.Transport, JsonPointer.Append(path, "transport"), issues);
                break;
            case PhytosanitaryCertificate phyto:
                TradeIdentifiers.ValidateCountryCode(phyto.IssuingNppoCountry, JsonPointer.Append(path, "issuingNppoCountry"), issues);
                Location(phyto.PlaceOfOrigin, JsonPointer.Append(path, "placeOfOrigin"), issues);
                Location(phyto.PointOfEntry, JsonPointer.Append(path, "pointOfEntry"), issues);
                for (var i = 0; i < phyto.Treatments.Count; i++)
                {
                    var at = JsonPointer.Append(JsonPointer.Append(path, "treatments"), i);
                    issues.Required(JsonPointer.Append(at, "type"), phyto.Treatments[i].Type);
                    Measure(phyto.Treatments[i].Temperature, JsonPointer.Append(at, "temperature"), issues);
                }

                break;
            case InspectionCertificate inspection:
                Party(inspection.InspectionBody, JsonPointer.Append(path, "inspectionBody"), issues);
                Location(inspection.Place, JsonPointer.Append(path, "place"), issues);
                OptionalOneOf(inspection.Result, ["PASSED", "FAILED", "CONDITIONAL"], JsonPointer.Append(path, "result"), issues);
                break;
            case CustomsDeclaration customs:
                OneOf(customs.Direction, Directions, JsonPointer.Append(path, "direction"), issues);
                if (customs.Mrn is not null)
                {
                    IdentifierSchemes.Validate(IdentifierSchemes.Mrn, customs.Mrn, JsonPointer.Append(path, "mrn"), issues);
                }

                for (var i = 0; i < customs.CustomsOffices.Count; i++)
                {
                    Location(customs.CustomsOffices[i], JsonPointer.Append(JsonPointer.Append(path, "customsOffices"), i), issues);
                }

                Money(customs.TotalCustomsValue, JsonPointer.Append(path, "totalCustomsValue"), issues);
                break;
        }
    }

    private static void TransportDocument(TransportDocument t, string path, ValidationCollector issues)
    {
        Location(t.PlaceOfIssue, JsonPointer.Append(path, "placeOfIssue"), issues);
        if (t.NumberOfOriginals is < 0)
        {
            issues.Error(JsonPointer.Append(path, "numberOfOriginals"), ValidationCodes.OutOfRange, "must not be negative");
        }

        if (t.Carrier is { } carrier)
        {
            Identifier(carrier, JsonPointer.Append(path, "carrier"), issues);
        }

        Transport(t.Transport, JsonPointer.Append(path, "transport"), issues);
        for (var i = 0; i < t.Equipment.Count; i++)
        {
            Equipment(t.Equipment[i], JsonPointer.Append(JsonPointer.Append(path, "equipment"), i), issues);
        }

        OptionalOneOf(t.FreightPaymentTerm, PaymentTerms, JsonPointer.Append(path, "freightPaymentTerm"), issues);
        for (var i = 0; i < t.Charges.Count; i++)
        {
            var at = JsonPointer.Append(JsonPointer.Append(path, "charges"), i);
            issues.Required(JsonPointer.Append(at, "name"), t.Charges[i].Name);
            Money(t.Charges[i].Amount, JsonPointer.Append(at, "amount"), issues);
            OptionalOneOf(t.Charges[i].PaymentTerm, PaymentTerms, JsonPointer.Append(at, "paymentTerm"), issues);
        }

        Money(t.DeclaredValue, JsonPointer.Append(path, "declaredValue"), issues);
        if (t is BillOfLading { Title: { } title } bill)
        {
            var at = JsonPointer.Append(path, "title");
            if (!bill.IsToOrder && (title.Endorsee is not null || title.Chain.Any(static c => c.Action is TitleActions.Endorse or TitleActions.EndorseToOrder or TitleActions.BlankEndorse)))
            {
                issues.Error(JsonPointer.Append(at, "endorsee"), ValidationCodes.Mismatch, "a straight bill of lading (isToOrder false) cannot be endorsed");
            }

            OptionalOneOf(title.Status, TitleStatuses.All, JsonPointer.Append(at, "status"), issues);
            Party(title.Holder, JsonPointer.Append(at, "holder"), issues);
            Party(title.Endorsee, JsonPointer.Append(at, "endorsee"), issues);
            Party(title.Nominee, JsonPointer.Append(at, "nominee"), issues);
            for (var i = 0; i < title.Chain.Count; i++)
            {
                var step = title.Chain[i];
                var stepPath = JsonPointer.Append(JsonPointer.Append(at, "chain"), i);
                OneOf(step.Action, TitleActions.All, JsonPointer.Append(stepPath, "action"), issues);
                Party(step.Actor, JsonPointer.Append(stepPath, "actor"), issues);
                Party(step.Recipient, JsonPointer.Append(stepPath, "recipient"), issues);
                if (i > 0 && step.At < title.Chain[i - 1].At)
                {
                    issues.Error(JsonPointer.Append(stepPath, "at"), ValidationCodes.OutOfRange, "title chain steps must be in time order");
                }
            }
        }
    }

    private static void Transport(Transport? transport, string path, ValidationCollector issues)
    {
        if (transport is null)
        {
            return;
        }

        Location(transport.PlaceOfReceipt, JsonPointer.Append(path, "placeOfReceipt"), issues);
        Location(transport.PortOfLoading, JsonPointer.Append(path, "portOfLoading"), issues);
        Location(transport.PortOfDischarge, JsonPointer.Append(path, "portOfDischarge"), issues);
        Location(transport.PlaceOfDelivery, JsonPointer.Append(path, "placeOfDelivery"), issues);
        Vessel(transport.Vessel, JsonPointer.Append(path, "vessel"), issues);
    }

    private static void TransportCall(TransportCall? call, string path, ValidationCollector issues)
    {
        if (call is null)
        {
            return;
        }

        OptionalOneOf(call.Mode, Modes, JsonPointer.Append(path, "mode"), issues);
        Vessel(call.Vessel, JsonPointer.Append(path, "vessel"), issues);
        TradeIdentifiers.ValidateUniversalServiceReference(call.UniversalServiceReference, JsonPointer.Append(path, "universalServiceReference"), issues);
        TradeIdentifiers.ValidateUniversalVoyageReference(call.UniversalVoyageReference, JsonPointer.Append(path, "universalVoyageReference"), issues);
        if (call.SequenceNumber is < 0)
        {
            issues.Error(JsonPointer.Append(path, "sequenceNumber"), ValidationCodes.OutOfRange, "must not be negative");
        }

        Location(call.Location, JsonPointer.Append(path, "location"), issues);
    }

    private static void Vessel(Vessel? vessel, string path, ValidationCollector issues)
    {
        if (vessel is null)
        {
            return;
        }

        TradeIdentifiers.ValidateImo(vessel.Imo, JsonPointer.Append(path, "imo"), issues);
        TradeIdentifiers.ValidateCountryCode(vessel.Flag, JsonPointer.Append(path, "flag"), issues);
    }

    private static void Equipment(TransportEquipment? equipment, string path, ValidationCollector issues)
    {
        if (equipment is null)
        {
            return;
        }

        if (issues.Required(JsonPointer.Append(path, "equipmentReference"), equipment.EquipmentReference))
        {
            TradeIdentifiers.ValidateContainerNumber(equipment.EquipmentReference, JsonPointer.Append(path, "equipmentReference"), issues);
        }

        TradeIdentifiers.ValidateIsoEquipmentCode(equipment.IsoEquipmentCode, JsonPointer.Append(path, "isoEquipmentCode"), issues);
        OptionalOneOf(equipment.EmptyIndicator, EmptyIndicators, JsonPointer.Append(path, "emptyIndicator"), issues);
        for (var i = 0; i < equipment.Seals.Count; i++)
        {
            issues.Required(JsonPointer.Append(JsonPointer.Append(JsonPointer.Append(path, "seals"), i), "number"), equipment.Seals[i].Number);
        }

        Measure(equipment.TareWeight, JsonPointer.Append(path, "tareWeight"), issues);
    }

    private static void Location(Location? location, string path, ValidationCollector issues)
    {
        if (location is null)
        {
            return;
        }

        TradeIdentifiers.ValidateUnLocode(location.UnLocode, JsonPointer.Append(path, "unLocode"), issues);
        TradeIdentifiers.ValidateGln(location.Gln, JsonPointer.Append(path, "gln"), issues);
        if (location.Geo is { } geo)
        {
            if (geo.Latitude is < -90 or > 90)
            {
                issues.Error(JsonPointer.Append(JsonPointer.Append(path, "geo"), "latitude"), ValidationCodes.OutOfRange, "must be between -90 and 90");
            }

            if (geo.Longitude is < -180 or > 180)
            {
                issues.Error(JsonPointer.Append(JsonPointer.Append(path, "geo"), "longitude"), ValidationCodes.OutOfRange, "must be between -180 and 180");
            }
        }

        Address(location.Address, JsonPointer.Append(path, "address"), issues);
    }

    private static void Address(Address? address, string path, ValidationCollector issues)
    {
        if (address is null)
        {
            return;
        }

        TradeIdentifiers.ValidateCountryCode(address.CountryCode, JsonPointer.Append(path, "countryCode"), issues);
        if (address.AddressLines.Count > 5)
        {
            issues.Error(JsonPointer.Append(path, "addressLines"), ValidationCodes.TooMany, "at most 5 address lines");
        }
    }

    private static void Parties(IReadOnlyList<Party> parties, string path, ValidationCollector issues)
    {
        for (var i = 0; i < parties.Count; i++)
        {
            Party(parties[i], JsonPointer.Append(path, i), issues);
        }
    }

    private static void Party(Party? party, string path, ValidationCollector issues)
    {
        if (party is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(party.Name) && party.Identifiers.Count == 0)
        {
            issues.Error(path, ValidationCodes.Required, "a party needs a name or an identifier");
        }

        for (var i = 0; i < party.Roles.Count; i++)
        {
            OneOf(party.Roles[i], PartyRoles.All, JsonPointer.Append(JsonPointer.Append(path, "roles"), i), issues);
        }

        Identifiers(party.Identifiers, JsonPointer.Append(path, "identifiers"), issues);
        Address(party.Address, JsonPointer.Append(path, "address"), issues);
        for (var i = 0; i < party.TaxLegalReferences.Count; i++)
        {
            var at = JsonPointer.Append(JsonPointer.Append(path, "taxLegalReferences"), i);
            TradeIdentifiers.ValidateCountryCode(party.TaxLegalReferences[i].CountryCode, JsonPointer.Append(at, "countryCode"), issues);
            issues.Required(JsonPointer.Append(at, "value"), party.TaxLegalReferences[i].Value);
        }
    }

    private static void Goods(GoodsItem item, string path, ValidationCollector issues)
    {
        for (var i = 0; i < item.HsCodes.Count; i++)
        {
            TradeIdentifiers.ValidateHsCode(item.HsCodes[i], JsonPointer.Append(JsonPointer.Append(path, "hsCodes"), i), issues);
        }

        if (item.Packages is { Count: < 0 })
        {
            issues.Error(JsonPointer.Append(JsonPointer.Append(path, "packages"), "count"), ValidationCodes.OutOfRange, "must not be negative");
        }

        Measure(item.GrossWeight, JsonPointer.Append(path, "grossWeight"), issues);
        Measure(item.NetWeight, JsonPointer.Append(path, "netWeight"), issues);
        Measure(item.GrossVolume, JsonPointer.Append(path, "grossVolume"), issues);
        Measure(item.Quantity, JsonPointer.Append(path, "quantity"), issues);
        Money(item.UnitPrice, JsonPointer.Append(path, "unitPrice"), issues);
        Money(item.Amount, JsonPointer.Append(path, "amount"), issues);
        TradeIdentifiers.ValidateCountryCode(item.OriginCountry, JsonPointer.Append(path, "originCountry"), issues);
        if (item.EquipmentReference is not null)
        {
            TradeIdentifiers.ValidateContainerNumber(item.EquipmentReference, JsonPointer.Append(path, "equipmentReference"), issues);
        }

        Identifiers(item.Identifiers, JsonPointer.Append(path, "identifiers"), issues);
    }

    private static void Identifiers(IReadOnlyList<Identifier> identifiers, string path, ValidationCollector issues)
    {
        for (var i = 0; i < identifiers.Count; i++)
        {
            Identifier(identifiers[i], JsonPointer.Append(path, i), issues);
        }
    }

    // A failed check digit on an identifier a source carries is reported but does not reject the record: real
    // payloads carry such values (DCSA's own eBL 3.0 example has an LEI that fails ISO 7064), as with ISO 6346 and IMO
    // (trade-standards.md §C.1). Registering a participant stays strict (PartyIdentifierSchemes).
    private static void Identifier(Identifier identifier, string path, ValidationCollector issues)
    {
        var own = new ValidationCollector();
        IdentifierSchemes.Validate(identifier.Scheme, identifier.Value, JsonPointer.Append(path, "value"), own);
        foreach (var issue in own.ToResult().Issues)
        {
            issues.AddRange([issue.Code == ValidationCodes.CheckDigit ? issue with { Severity = IssueSeverity.Warning } : issue]);
        }
    }

    private static void References(IReadOnlyList<Reference> references, string path, ValidationCollector issues)
    {
        for (var i = 0; i < references.Count; i++)
        {
            var at = JsonPointer.Append(path, i);
            issues.Required(JsonPointer.Append(at, "typeCode"), references[i].TypeCode);
            issues.Required(JsonPointer.Append(at, "value"), references[i].Value);
        }
    }

    private static void Money(Money? money, string path, ValidationCollector issues)
    {
        if (money is null)
        {
            return;
        }

        if (issues.Required(JsonPointer.Append(path, "currency"), money.Currency))
        {
            TradeIdentifiers.ValidateCurrencyCode(money.Currency, JsonPointer.Append(path, "currency"), issues);
            if (CurrencyCodes.MinorUnits(money.Currency) is { } digits && money.Amount.Scale > digits && decimal.Round(money.Amount, digits) != money.Amount)
            {
                issues.Warning(JsonPointer.Append(path, "amount"), ValidationCodes.OutOfRange, $"{money.Currency} has {digits} minor digits (ISO 4217)");
            }
        }
    }

    private static void Measure(Measure? measure, string path, ValidationCollector issues)
    {
        if (measure is not null && issues.Required(JsonPointer.Append(path, "unit"), measure.Unit) && measure.Value < 0)
        {
            issues.Error(JsonPointer.Append(path, "value"), ValidationCodes.OutOfRange, "must not be negative");
        }
    }

    private static void Provenance(Provenance? provenance, string path, ValidationCollector issues)
    {
        if (provenance is null)
        {
            return;
        }

        OneOf(provenance.SourceSystem, SourceSystems.All, JsonPointer.Append(path, "sourceSystem"), issues);
        Sha256Hex(provenance.RawSha256, JsonPointer.Append(path, "rawSha256"), issues);
    }

    private static void Sha256Hex(string value, string path, ValidationCollector issues)
    {
        if (issues.Required(path, value) && (value.Length != 64 || !value.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be 64 lowercase hex characters (SHA-256)");
        }
    }

    private static bool OneOf(string? value, IReadOnlyList<string> allowed, string path, ValidationCollector issues)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (allowed.Contains(value!, StringComparer.Ordinal))
        {
            return true;
        }

        issues.Error(path, ValidationCodes.UnknownValue, "must be one of " + string.Join(", ", allowed));
        return false;
    }

    private static void OptionalOneOf(string? value, IReadOnlyList<string> allowed, string path, ValidationCollector issues)
    {
        if (value is not null)
        {
            OneOf(value, allowed, path, issues);
        }
    }
}
