using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Ebl;

/// <summary>
/// Reads one eBL 3.0 TransportDocument into the canonical model (one instance per payload: it holds the
/// extensions being collected). Member names, patterns, enums and limits are those of EBL_v3.0.0.yaml.
/// </summary>
internal sealed class EblDocumentReader
{
    private readonly ValidationCollector _issues;
    private readonly Dictionary<string, JsonElement> _extensions = new(StringComparer.Ordinal);
    private readonly List<(string Reference, string Path)> _cargoEquipment = [];

    public EblDocumentReader(ValidationCollector issues) => _issues = issues;

    private enum LocationShape
    {
        /// <summary>PlaceOfReceipt, PlaceOfDelivery: UN/LOCODE, facility, address, geo coordinate.</summary>
        Full,

        /// <summary>PortOfLoading, PortOfDischarge: UN/LOCODE or city.</summary>
        Port,

        /// <summary>PlaceOfIssue: UN/LOCODE or country code.</summary>
        PlaceOfIssue,

        /// <summary>InvoicePayableAt: UN/LOCODE or free text.</summary>
        InvoicePayableAt,
    }

    public TransportDocument? Read(SourceNode root, MappingContext context)
    {
        var number = root.String("transportDocumentReference", required: true, maxLength: 20);
        if (number is not null && !EblVocabulary.IsTrimmedText(number))
        {
            _issues.Error(root.PathOf("transportDocumentReference"), ValidationCodes.InvalidFormat, "must not start or end with white space or contain line breaks");
        }

        var typeCode = OneOf(root, "transportDocumentTypeCode", [EblVocabulary.Bol, EblVocabulary.Swb], required: true);
        var isBol = typeCode == EblVocabulary.Bol;
        var subReference = root.String("transportDocumentSubReference", maxLength: 100);
        var siReference = root.String("shippingInstructionsReference", maxLength: 100);
        var status = OneOf(root, "transportDocumentStatus", EblVocabulary.DocumentStatuses);
        var isToOrder = root.Bool("isToOrder", required: isBol);
        if (typeCode == EblVocabulary.Swb && isToOrder == true)
        {
            _issues.Error(root.PathOf("isToOrder"), ValidationCodes.Mismatch, "must be false for a sea waybill (SWB)");
        }

        var charges = ReadCharges(root);
        var (originals, copies) = ReadCounts(root, charges.Count > 0);
        var carrier = ReadCarrier(root);
        var parties = ReadParties(root, isToOrder == true, out var issuer, out var issueTo, out var endorsee);
        var (goods, bookings) = ReadGoods(root);
        var equipment = ReadEquipment(root);

        var references = new List<Reference>(bookings.Count + 1);
        foreach (var booking in bookings)
        {
            references.Add(new Reference { TypeCode = EblVocabulary.BookingReference, Value = booking });
        }

        if (siReference is not null)
        {
            references.Add(new Reference { TypeCode = EblVocabulary.ShippingInstructionsReference, Value = siReference });
        }

        ReadReferences(root, references);

        var transport = ReadTransport(root.Object("transports"));
        var placeOfIssue = ReadLocation(root.Object("placeOfIssue"), LocationShape.PlaceOfIssue);
        var invoicePayableAt = ReadLocation(root.Object("invoicePayableAt"), LocationShape.InvoicePayableAt);
        var declaredValue = ReadDeclaredValue(root);
        var shippedOnBoard = root.Bool("isShippedOnBoardType");
        var freight = OneOf(root, "freightPaymentTermCode", EblVocabulary.PaymentTerms);
        var isElectronic = root.Bool("isElectronic");
        var issueDate = root.Date("issueDate");
        var shippedOnBoardDate = root.Date("shippedOnBoardDate");
        var receivedForShipmentDate = root.Date("receivedForShipmentDate");

        root.CollectUnmapped(_extensions);
        if (number is null || typeCode is null)
        {
            // Without its number or type a transport document cannot become a canonical document (the findings say why).
            return null;
        }

        var equipmentReferences = new List<string>(equipment.Count);
        foreach (var item in equipment)
        {
            if (!equipmentReferences.Contains(item.EquipmentReference, StringComparer.Ordinal))
            {
                equipmentReferences.Add(item.EquipmentReference);
            }
        }

        var provenance = new Provenance
        {
            SourceSystem = SourceSystems.DcsaEbl,
            SourceId = number,
            SourceVersion = subReference,
            ReceivedAt = context.ReceivedAt,
            RawSha256 = context.RawSha256,
        };

        TransportDocument document = isBol
            ? new BillOfLading
            {
                DocumentNumber = number,
                IsToOrder = isToOrder == true,
                Title = EblVocabulary.DeriveTitle(true, isToOrder == true, status, issueTo, endorsee),
            }
            : new SeaWaybill { DocumentNumber = number };

        return document with
        {
            Issuer = issuer,
            IssueDate = issueDate,
            Status = status,
            Version = subReference,
            ConsignmentReferences = references,
            EquipmentReferences = equipmentReferences,
            Parties = parties,
            GoodsItems = goods,
            Extensions = _extensions.Count == 0 ? null : _extensions,
            Provenance = provenance,
            IsElectronic = isElectronic,
            IsShippedOnBoard = shippedOnBoard,
            ShippedOnBoardDate = shippedOnBoardDate,
            ReceivedForShipmentDate = receivedForShipmentDate,
            PlaceOfIssue = placeOfIssue,
            NumberOfOriginals = originals,
            NumberOfCopies = copies,
            Carrier = carrier,
            Transport = transport,
            Equipment = equipment,
            FreightPaymentTerm = freight,
            Charges = charges,
            DeclaredValue = declaredValue,
            InvoicePayableAt = invoicePayableAt,
        };
    }

    // ------------------------------------------------------------------ document level

    /// <summary>
    /// numberOf{Originals,Copies}With{,out}Charges: the canonical document keeps the sums. The writer emits the sum
    /// as "WithCharges" when the document has charges and "WithoutCharges" otherwise; when the source split differs
    /// from that, the source members are also kept in the extensions (where the writer takes them from).
    /// </summary>
    private (int? Originals, int? Copies) ReadCounts(SourceNode root, bool hasCharges) =>
        (ReadCountPair(root, "numberOfOriginalsWithCharges", "numberOfOriginalsWithoutCharges", hasCharges),
         ReadCountPair(root, "numberOfCopiesWithCharges", "numberOfCopiesWithoutCharges", hasCharges));

    private int? ReadCountPair(SourceNode root, string withCharges, string withoutCharges, bool hasCharges)
    {
        var with = RawCount(root, withCharges);
        var without = RawCount(root, withoutCharges);
        var reproducible = hasCharges ? !root.Has(withoutCharges) : !root.Has(withCharges);
        if (reproducible)
        {
            root.Consume(withCharges, withoutCharges);
        }

        return with is null && without is null ? null : (with ?? 0) + (without ?? 0);
    }

    private int? RawCount(SourceNode node, string name)
    {
        if (!node.Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0)
        {
            return count;
        }

        node.Consume(name);
        _issues.Error(node.PathOf(name), ValidationCodes.InvalidFormat, "must be an integer of at least 0");
        return null;
    }

    private Identifier? ReadCarrier(SourceNode root)
    {
        var code = root.String("carrierCode", maxLength: 4);
        var provider = OneOf(root, "carrierCodeListProvider", EblVocabulary.CarrierProviders, required: code is not null);
        if (code is null)
        {
            if (provider is not null)
            {
                _issues.Error(root.PathOf("carrierCode"), ValidationCodes.Required, "is required when carrierCodeListProvider is given");
            }

            return null;
        }

        if (provider is null || EblVocabulary.CarrierScheme(provider) is not { } scheme)
        {
            return null;
        }

        IdentifierSchemes.Validate(scheme, code, root.PathOf("carrierCode"), _issues);
        return new Identifier { Scheme = scheme, Value = code };
    }

    private List<Charge> ReadCharges(SourceNode root)
    {
        var charges = new List<Charge>();
        foreach (var node in root.Array("charges"))
        {
            if (!IsObject(node))
            {
                continue;
            }

            var name = node.String("chargeName", required: true, maxLength: 50);
            var amount = NonNegative(node, "currencyAmount", required: true);
            var currency = Currency(node, "currencyCode", required: true);
            var term = OneOf(node, "paymentTermCode", EblVocabulary.PaymentTerms);
            var basis = node.String("calculationBasis", maxLength: 50);
            var unitPrice = NonNegative(node, "unitPrice");
            var quantity = NonNegative(node, "quantity");
            node.CollectUnmapped(_extensions);
            if (name is not null && amount is not null && currency is not null)
            {
                charges.Add(new Charge
                {
                    Name = name,
                    Amount = new Money { Amount = amount.Value, Currency = currency },
                    PaymentTerm = term,
                    CalculationBasis = basis,
                    UnitPrice = unitPrice,
                    Quantity = quantity,
                });
            }
        }

        return charges;
    }

    private Money? ReadDeclaredValue(SourceNode root)
    {
        var value = NonNegative(root, "declaredValue");
        var currency = Currency(root, "declaredValueCurrency", required: value is not null);
        if (value is null)
        {
            if (currency is not null)
            {
                _issues.Error(root.PathOf("declaredValueCurrency"), ValidationCodes.Mismatch, "must be absent when declaredValue is absent");
            }

            return null;
        }

        return currency is null ? null : new Money { Amount = value.Value, Currency = currency };
    }

    private void ReadReferences(SourceNode root, List<Reference> references)
    {
        foreach (var node in root.Array("references"))
        {
            if (!IsObject(node))
            {
                continue;
            }

            var type = node.String("type", required: true, maxLength: 3);
            var value = node.String("value", required: true, maxLength: 35);
            node.CollectUnmapped(_extensions);
            if (type is not null && value is not null)
            {
                references.Add(new Reference { TypeCode = type, Value = value });
            }
        }
    }

    // ------------------------------------------------------------------ parties

    private List<Party> ReadParties(SourceNode root, bool isToOrder, out Party? issuer, out Party? issueTo, out Party? endorsee)
    {
        var parties = new List<Party>();
        issuer = issueTo = endorsee = null;
        var node = root.Object("documentParties");
        if (node is null)
        {
            return parties;
        }

        foreach (var (member, role) in EblVocabulary.PartySlots)
        {
            var partyNode = node.Object(member);
            if (partyNode is null)
            {
                continue;
            }

            var party = ReadParty(partyNode, [role]);
            parties.Add(party);
            switch (role)
            {
                case PartyRoles.Issuer:
                    issuer = party;
                    break;
                case PartyRoles.IssueTo:
                    issueTo = party;
                    break;
                case PartyRoles.Endorsee:
                    endorsee = party;
                    if (!isToOrder)
                    {
                        // EBL 3.0 Endorsee: "Can only be provided for negotiable BLs (isToOrder=true)".
                        _issues.Error(partyNode.Pointer, ValidationCodes.Mismatch, "an endorsee can only be given on a negotiable bill of lading (isToOrder true)");
                    }

                    break;
            }
        }

        var notify = node.Array(EblVocabulary.NotifyPartiesMember);
        if (notify.Count > EblVocabulary.MaxNotifyParties)
        {
            _issues.Error(node.PathOf(EblVocabulary.NotifyPartiesMember), ValidationCodes.TooMany, "at most 3 notify parties");
        }

        foreach (var partyNode in notify)
        {
            if (IsObject(partyNode))
            {
                parties.Add(ReadParty(partyNode, [PartyRoles.Notify]));
            }
        }

        foreach (var other in node.Array(EblVocabulary.OtherPartiesMember))
        {
            if (!IsObject(other))
            {
                continue;
            }

            // partyFunction is consumed only when the writer would emit the same code for the role.
            var function = other.Element.TryGetProperty("partyFunction", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var role = EblVocabulary.RoleOfPartyFunction(function);
            if (role is not null && EblVocabulary.DefaultPartyFunction(role) == function)
            {
                other.Consume("partyFunction");
            }
            else if (function is null)
            {
                other.String("partyFunction", required: true);
            }
            else if (function.Length > 3)
            {
                _issues.Error(other.PathOf("partyFunction"), ValidationCodes.TooLong, "must be at most 3 characters");
            }

            var partyNode = other.Object("party", required: true);
            if (partyNode is not null)
            {
                parties.Add(ReadParty(partyNode, role is null ? [] : [role]));
            }

            other.CollectUnmapped(_extensions);
        }

        node.CollectUnmapped(_extensions);
        return parties;
    }

    private Party ReadParty(SourceNode node, string[] roles)
    {
        var name = node.String("partyName", required: true, maxLength: 70);
        var address = ReadAddress(node.Object("address"), isPartyAddress: true);
        if (node.Element.TryGetProperty("displayedAddress", out var displayed) && displayed.ValueKind != JsonValueKind.Null
            && (displayed.ValueKind != JsonValueKind.Array || displayed.GetArrayLength() <= 5))
        {
            // More than 5 lines (EBL allows 6) do not fit Address.AddressLines and stay in the extensions.
            var lines = node.Strings("displayedAddress");
            if (displayed.ValueKind == JsonValueKind.Array)
            {
                address = (address ?? new Address()) with { AddressLines = lines };
            }
        }

        var identifiers = new List<Identifier>();
        foreach (var code in node.Array("identifyingCodes"))
        {
            if (IsObject(code) && ReadIdentifyingCode(code) is { } identifier)
            {
                identifiers.Add(identifier);
            }
        }

        var taxLegal = new List<TaxLegalReference>();
        foreach (var reference in node.Array("taxLegalReferences"))
        {
            if (!IsObject(reference))
            {
                continue;
            }

            var type = reference.String("type", required: true, maxLength: 50);
            var country = Country(reference, "countryCode");
            var value = reference.String("value", required: true, maxLength: 35);
            reference.CollectUnmapped(_extensions);
            if (type is not null && value is not null)
            {
                taxLegal.Add(new TaxLegalReference { Type = type, CountryCode = country, Value = value });
            }
        }

        var contacts = new List<Contact>();
        foreach (var contact in node.Array("partyContactDetails"))
        {
            if (!IsObject(contact))
            {
                continue;
            }

            contacts.Add(new Contact
            {
                Name = contact.String("name", maxLength: 35),
                Email = contact.String("email", maxLength: 100),
                Phone = contact.String("phone", maxLength: 30),
            });
            contact.CollectUnmapped(_extensions);
        }

        node.CollectUnmapped(_extensions);
        return new Party
        {
            Name = name,
            Roles = roles,
            Identifiers = identifiers,
            Address = address,
            TaxLegalReferences = taxLegal,
            Contacts = contacts,
        };
    }

    private Identifier? ReadIdentifyingCode(SourceNode node)
    {
        var provider = node.String("codeListProvider", required: true, maxLength: 100);
        var code = node.String("partyCode", required: true, maxLength: 150);
        var listName = node.String("codeListName", maxLength: 100);
        node.CollectUnmapped(_extensions);
        if (provider is null || code is null)
        {
            return null;
        }

        var path = node.PathOf("partyCode");
        if (EblVocabulary.SchemeOf(provider, listName) is { } scheme)
        {
            ValidateDowngradingCheckDigits(scheme, code, path);
            return new Identifier { Scheme = scheme, Value = code };
        }

        IdentifierSchemes.Validate(IdentifierSchemes.Zzz, code, path, _issues);
        return new Identifier { Scheme = IdentifierSchemes.Zzz, Value = code, Issuer = EblVocabulary.ZzzIssuer(provider, listName) };
    }

    /// <summary>
    /// Party identifiers are checked in full, but a failed check digit (LEI, GLN) is only a warning: DCSA's own
    /// conformance templates carry the LEI 111100T8BM49ADCSAO64, whose ISO 7064 MOD 97-10 check fails, and a party
    /// code copied from shipping instructions is not a key the bridge relies on.
    /// </summary>
    private void ValidateDowngradingCheckDigits(string scheme, string value, string path)
    {
        var local = new ValidationCollector();
        IdentifierSchemes.Validate(scheme, value, path, local);
        foreach (var issue in local.ToResult().Issues)
        {
            if (issue.Code == ValidationCodes.CheckDigit)
            {
                _issues.Warning(issue.Path, issue.Code, issue.Message);
            }
            else
            {
                _issues.AddRange([issue]);
            }
        }
    }

    // ------------------------------------------------------------------ goods

    /// <summary>
    /// One canonical goods item per cargo item (the smallest unit of stuffing: one container, one outer packaging),
    /// carrying its consignment item's description, HS codes and shipping marks; a consignment item without cargo
    /// items becomes one goods item. Booking references are collected as BKG references of the document.
    /// </summary>
    private (List<GoodsItem> Goods, List<string> Bookings) ReadGoods(SourceNode root)
    {
        var goods = new List<GoodsItem>();
        var bookings = new List<string>();
        var bookingNodes = new List<(SourceNode Node, string Value)>();
        foreach (var item in root.Array("consignmentItems"))
        {
            if (!IsObject(item))
            {
                continue;
            }

            var booking = item.String("carrierBookingReference", maxLength: 35);
            if (booking is not null)
            {
                bookingNodes.Add((item, booking));
                if (!bookings.Contains(booking, StringComparer.Ordinal))
                {
                    bookings.Add(booking);
                }
            }

            var lines = item.Strings("descriptionOfGoods");
            var description = lines.Count == 0 ? null : string.Join('\n', lines);
            var hsCodes = item.Strings("HSCodes");
            for (var k = 0; k < hsCodes.Count; k++)
            {
                TradeIdentifiers.ValidateHsCode(hsCodes[k], JsonPointer.Append(item.PathOf("HSCodes"), k), _issues);
            }

            var marks = item.Strings("shippingMarks");
            var template = new GoodsItem { Description = description, HsCodes = hsCodes, Marks = marks };
            var cargoItems = item.Array("cargoItems");
            if (cargoItems.Count == 0)
            {
                goods.Add(template);
            }

            foreach (var cargo in cargoItems)
            {
                if (IsObject(cargo))
                {
                    goods.Add(ReadCargoItem(cargo, template));
                }
            }

            item.CollectUnmapped(_extensions);
        }

        if (bookings.Count > 1)
        {
            // Several bookings: the document keeps them all as BKG references, and each item's own value stays in the
            // extensions so the writer can put it back on the right item.
            foreach (var (node, _) in bookingNodes)
            {
                _extensions[node.PathOf("carrierBookingReference")[node.RecordPointer.Length..]] = node.Element.GetProperty("carrierBookingReference").Clone();
            }
        }

        return (goods, bookings);
    }

    private GoodsItem ReadCargoItem(SourceNode cargo, GoodsItem template)
    {
        var equipmentReference = cargo.String("equipmentReference", maxLength: 11);
        TradeIdentifiers.ValidateContainerNumber(equipmentReference, cargo.PathOf("equipmentReference"), _issues);
        if (equipmentReference is not null)
        {
            _cargoEquipment.Add((equipmentReference, cargo.PathOf("equipmentReference")));
        }
        var gross = ReadMeasure(cargo, "cargoGrossWeight", EblVocabulary.WeightUnits);
        var net = ReadMeasure(cargo, "cargoNetWeight", EblVocabulary.WeightUnits);
        var volume = ReadMeasure(cargo, "cargoGrossVolume", EblVocabulary.VolumeUnits);
        Packaging? packaging = null;
        bool? dangerous = null;
        var outer = cargo.Object("outerPackaging");
        if (outer is not null)
        {
            var count = outer.Int("numberOfPackages");
            if (count is < 1 or > 99_999_999)
            {
                _issues.Error(outer.PathOf("numberOfPackages"), ValidationCodes.OutOfRange, "must be between 1 and 99999999");
            }

            var code = outer.String("packageCode");
            if (code is not null && (code.Length != 2 || !TradeIdentifiers.AllAsciiUpperOrDigit(code)))
            {
                _issues.Error(outer.PathOf("packageCode"), ValidationCodes.InvalidFormat, "a UN/ECE Recommendation 21 package code is 2 upper-case letters or digits");
            }

            packaging = new Packaging { Count = count, PackageCode = code, Description = outer.String("description", maxLength: 100) };

            // dangerousGoods is not consumed: the canonical flag says there are dangerous goods, the details stay in the extensions.
            if (outer.Element.TryGetProperty("dangerousGoods", out var dg) && dg.ValueKind == JsonValueKind.Array)
            {
                dangerous = dg.GetArrayLength() > 0 ? true : null;
            }
            else if (dg.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                _issues.Error(outer.PathOf("dangerousGoods"), ValidationCodes.InvalidFormat, "must be an array");
            }

            outer.CollectUnmapped(_extensions);
        }

        cargo.CollectUnmapped(_extensions);
        return template with
        {
            EquipmentReference = equipmentReference,
            GrossWeight = gross,
            NetWeight = net,
            GrossVolume = volume,
            Packages = packaging,
            DangerousGoods = dangerous,
        };
    }

    private List<TransportEquipment> ReadEquipment(SourceNode root)
    {
        var list = new List<TransportEquipment>();
        foreach (var node in root.Array("utilizedTransportEquipments"))
        {
            if (!IsObject(node))
            {
                continue;
            }

            // The TransportDocument form nests the container in "equipment"; the shipping-instructions form (used by
            // the conformance templates for carrier-owned containers) gives "equipmentReference" directly.
            var equipment = node.Object("equipment");
            var nested = equipment?.String("equipmentReference", required: true, maxLength: 11);
            var direct = node.String("equipmentReference", required: equipment is null, maxLength: 11);
            var referencePath = nested is not null ? equipment!.PathOf("equipmentReference") : node.PathOf("equipmentReference");
            if (nested is not null && direct is not null && nested != direct)
            {
                _issues.Error(node.PathOf("equipmentReference"), ValidationCodes.Mismatch, "differs from equipment/equipmentReference");
            }

            var reference = nested ?? direct;
            TradeIdentifiers.ValidateContainerNumber(reference, referencePath, _issues);
            var isoCode = equipment?.String("ISOEquipmentCode", maxLength: 4);
            if (equipment is not null)
            {
                TradeIdentifiers.ValidateIsoEquipmentCode(isoCode, equipment.PathOf("ISOEquipmentCode"), _issues);
            }

            var tare = equipment is null ? null : ReadMeasure(equipment, "tareWeight", EblVocabulary.WeightUnits);
            var shipperOwned = node.Bool("isShipperOwned");
            var seals = new List<Seal>();
            foreach (var sealNode in node.Array("seals"))
            {
                if (!IsObject(sealNode))
                {
                    continue;
                }

                var sealNumber = sealNode.String("number", required: true, maxLength: 15);
                var source = OneOf(sealNode, "source", EblVocabulary.SealSources);
                sealNode.CollectUnmapped(_extensions);
                if (sealNumber is not null)
                {
                    seals.Add(new Seal { Number = sealNumber, Source = source });
                }
            }

            equipment?.CollectUnmapped(_extensions);
            node.CollectUnmapped(_extensions);
            if (reference is not null)
            {
                list.Add(new TransportEquipment
                {
                    EquipmentReference = reference,
                    IsoEquipmentCode = isoCode,
                    IsShipperOwned = shipperOwned,
                    Seals = seals,
                    TareWeight = tare,
                });
            }
        }

        if (list.Count > 0)
        {
            // A cargo item is stuffed in one of the document's containers (EBL 3.0 CargoItem.equipmentReference).
            foreach (var (reference, path) in _cargoEquipment)
            {
                if (!list.Exists(e => e.EquipmentReference == reference))
                {
                    _issues.Warning(path, ValidationCodes.Mismatch, "is not the equipmentReference of any utilizedTransportEquipments entry");
                }
            }
        }

        return list;
    }

    // ------------------------------------------------------------------ transport and locations

    private Transport? ReadTransport(SourceNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var arrival = node.Date("plannedArrivalDate");
        var departure = node.Date("plannedDepartureDate");
        var receipt = ReadLocation(node.Object("placeOfReceipt"), LocationShape.Full);
        var loading = ReadLocation(node.Object("portOfLoading"), LocationShape.Port);
        var discharge = ReadLocation(node.Object("portOfDischarge"), LocationShape.Port);
        var delivery = ReadLocation(node.Object("placeOfDelivery"), LocationShape.Full);
        Vessel? vessel = null;
        string? voyage = null;
        var voyages = node.Array("vesselVoyages");
        for (var i = 0; i < voyages.Count; i++)
        {
            var leg = voyages[i];
            if (i > 0)
            {
                // The canonical transport has one vessel and voyage: later legs are kept whole in the extensions.
                _extensions[leg.Pointer[leg.RecordPointer.Length..]] = leg.Element.Clone();
                continue;
            }

            if (!IsObject(leg))
            {
                continue;
            }

            var vesselName = leg.String("vesselName", maxLength: 50);
            voyage = leg.String("carrierExportVoyageNumber", maxLength: 50);
            vessel = vesselName is null ? null : new Vessel { Name = vesselName };
            leg.CollectUnmapped(_extensions);
        }

        node.CollectUnmapped(_extensions);
        return new Transport
        {
            PlaceOfReceipt = receipt,
            PortOfLoading = loading,
            PortOfDischarge = discharge,
            PlaceOfDelivery = delivery,
            Vessel = vessel,
            Voyage = voyage,
            PlannedDepartureDate = departure,
            PlannedArrivalDate = arrival,
        };
    }

    private Location? ReadLocation(SourceNode? node, LocationShape shape)
    {
        if (node is null)
        {
            return null;
        }

        var name = shape == LocationShape.InvoicePayableAt ? node.String("freeText", maxLength: 35) : node.String("locationName", maxLength: 100);
        var unLocode = node.String("UNLocationCode");
        TradeIdentifiers.ValidateUnLocode(unLocode, node.PathOf("UNLocationCode"), _issues);
        string? facilityCode = null, facilityProvider = null;
        GeoPoint? geo = null;
        Address? address = null;
        switch (shape)
        {
            case LocationShape.Full:
                var facility = node.Object("facility");
                if (facility is not null)
                {
                    facilityCode = facility.String("facilityCode", required: true, maxLength: 6);
                    facilityProvider = OneOf(facility, "facilityCodeListProvider", EblVocabulary.FacilityProviders, required: true);
                    if (facilityCode is not null && facilityProvider is not null)
                    {
                        var scheme = facilityProvider == "SMDG" ? IdentifierSchemes.SmdgTerminal : IdentifierSchemes.BicFacility;
                        IdentifierSchemes.Validate(scheme, facilityCode, facility.PathOf("facilityCode"), _issues);
                    }

                    facility.CollectUnmapped(_extensions);
                }

                address = ReadAddress(node.Object("address"), isPartyAddress: false);
                var coordinate = node.Object("geoCoordinate");
                if (coordinate is not null)
                {
                    var latitude = coordinate.Decimal("latitude", required: true, allowString: true);
                    var longitude = coordinate.Decimal("longitude", required: true, allowString: true);
                    if (latitude is < -90 or > 90)
                    {
                        _issues.Error(coordinate.PathOf("latitude"), ValidationCodes.OutOfRange, "must be between -90 and 90");
                    }

                    if (longitude is < -180 or > 180)
                    {
                        _issues.Error(coordinate.PathOf("longitude"), ValidationCodes.OutOfRange, "must be between -180 and 180");
                    }

                    geo = latitude is null || longitude is null ? null : new GeoPoint { Latitude = latitude.Value, Longitude = longitude.Value };
                    coordinate.CollectUnmapped(_extensions);
                }

                break;
            case LocationShape.Port:
                var city = node.Object("city");
                if (city is not null)
                {
                    address = new Address
                    {
                        City = city.String("city", required: true, maxLength: 35),
                        StateRegion = city.String("stateRegion", maxLength: 65),
                        CountryCode = Country(city, "countryCode", required: true),
                    };
                    city.CollectUnmapped(_extensions);
                }

                break;
            case LocationShape.PlaceOfIssue:
                // PlaceOfIssue.countryCode: "In case the countryCode is unknown it is possible to use the code ZZ".
                var country = node.String("countryCode");
                if (country is not null)
                {
                    if (country != "ZZ")
                    {
                        TradeIdentifiers.ValidateCountryCode(country, node.PathOf("countryCode"), _issues);
                    }

                    address = new Address { CountryCode = country };
                }

                break;
            case LocationShape.InvoicePayableAt:
                break;
        }

        node.CollectUnmapped(_extensions);
        return new Location
        {
            Name = name,
            UnLocode = unLocode,
            FacilityCode = facilityCode,
            FacilityCodeListProvider = facilityProvider,
            Geo = geo,
            Address = address,
        };
    }

    /// <summary>DCSA <c>Address</c> / <c>PartyAddress</c>; a party address's UN/LOCODE has no canonical field and stays in the extensions.</summary>
    private Address? ReadAddress(SourceNode? node, bool isPartyAddress)
    {
        if (node is null)
        {
            return null;
        }

        var address = new Address
        {
            Street = node.String("street", maxLength: 70),
            StreetNumber = node.String("streetNumber", maxLength: 50),
            Floor = node.String("floor", maxLength: 50),
            PostCode = node.String("postCode", maxLength: 10),
            PoBox = node.String("POBox", maxLength: 20),
            City = node.String("city", maxLength: 35),
            StateRegion = node.String("stateRegion", maxLength: 65),
            CountryCode = Country(node, "countryCode"),
        };
        if (isPartyAddress && node.Element.TryGetProperty("UNLocationCode", out var code) && code.ValueKind == JsonValueKind.String)
        {
            TradeIdentifiers.ValidateUnLocode(code.GetString(), node.PathOf("UNLocationCode"), _issues);
        }

        node.CollectUnmapped(_extensions);
        return address;
    }

    // ------------------------------------------------------------------ values

    private Measure? ReadMeasure(SourceNode parent, string name, string[] units)
    {
        var node = parent.Object(name);
        if (node is null)
        {
            return null;
        }

        var value = node.Decimal("value", required: true);
        var unit = OneOf(node, "unit", units, required: true);
        if (value <= 0)
        {
            _issues.Error(node.PathOf("value"), ValidationCodes.OutOfRange, "must be greater than 0");
        }

        node.CollectUnmapped(_extensions);
        return value is null || unit is null ? null : new Measure { Value = value.Value, Unit = unit };
    }

    private decimal? NonNegative(SourceNode node, string name, bool required = false)
    {
        var value = node.Decimal(name, required);
        if (value < 0)
        {
            _issues.Error(node.PathOf(name), ValidationCodes.OutOfRange, "must not be negative");
        }

        return value;
    }

    private string? Currency(SourceNode node, string name, bool required = false)
    {
        var code = node.String(name, required);
        TradeIdentifiers.ValidateCurrencyCode(code, node.PathOf(name), _issues);
        return code;
    }

    private string? Country(SourceNode node, string name, bool required = false)
    {
        var code = node.String(name, required);
        TradeIdentifiers.ValidateCountryCode(code, node.PathOf(name), _issues);
        return code;
    }

    private string? OneOf(SourceNode node, string name, string[] allowed, bool required = false)
    {
        var value = node.String(name, required);
        if (value is null || Array.IndexOf(allowed, value) >= 0)
        {
            return value;
        }

        _issues.Error(node.PathOf(name), ValidationCodes.UnknownValue, "must be one of " + string.Join(", ", allowed));
        return null;
    }

    private bool IsObject(SourceNode node)
    {
        if (node.IsObject)
        {
            return true;
        }

        _issues.Error(node.Pointer, ValidationCodes.InvalidFormat, "must be an object");
        return false;
    }
}
