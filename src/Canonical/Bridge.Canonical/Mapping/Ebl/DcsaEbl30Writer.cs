using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Ebl;

/// <summary>What <see cref="DcsaEbl30Writer"/> produced.</summary>
public sealed record DcsaEbl30WriteResult
{
    /// <summary>The TransportDocument as UTF-8 JSON; null when <see cref="Validation"/> has errors.</summary>
    public byte[]? Utf8Json { get; init; }

    /// <summary>
    /// Why the document cannot be written; paths are JSON pointers into the CANONICAL document's JSON form (for
    /// example <c>/title/chain</c>), codes mostly <see cref="ValidationCodes.NotRepresentable"/>.
    /// </summary>
    public ValidationResult Validation { get; init; } = ValidationResult.Ok;

    /// <summary>Whether the document was written (<see cref="Utf8Json"/> is set).</summary>
    public bool IsSuccess => Utf8Json is not null;
}

/// <summary>
/// Writes a canonical <see cref="BillOfLading"/> or <see cref="SeaWaybill"/> as a DCSA eBL 3.0 TransportDocument
/// (EBL_v3.0.0.yaml), the inverse of <see cref="DcsaEbl30Mapper"/>. Anything eBL 3.0 cannot carry (a title chain,
/// a vessel's IMO number, identifiers of other schemes, ...) is a typed finding instead of being dropped; the
/// expressible subset is listed in docs/mapping.md. The extensions the mapper collected are written back at their
/// JSON pointers, so an eBL document read and written again keeps its unmapped members. Pure; never throws for a
/// document it cannot write.
/// </summary>
public sealed class DcsaEbl30Writer
{
    /// <summary>Writes <paramref name="document"/>, or says at which canonical pointers it cannot be written.</summary>
    public DcsaEbl30WriteResult Write(TransportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var issues = new ValidationCollector();
        var root = new EblDocumentWriter(issues).Write(document);
        if (issues.HasErrors)
        {
            return new DcsaEbl30WriteResult { Validation = issues.ToResult() };
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            // Relaxed escaping: non-ASCII text stays readable UTF-8 (the output is JSON for an API, never embedded in HTML).
            root.WriteTo(writer);
        }

        return new DcsaEbl30WriteResult { Utf8Json = buffer.WrittenSpan.ToArray(), Validation = issues.ToResult() };
    }
}

/// <summary>Builds the TransportDocument JSON for one canonical document.</summary>
internal sealed class EblDocumentWriter
{
    private readonly ValidationCollector _issues;

    public EblDocumentWriter(ValidationCollector issues) => _issues = issues;

    public JsonObject Write(TransportDocument d)
    {
        var root = new JsonObject();
        if (string.IsNullOrEmpty(d.DocumentNumber) || !EblVocabulary.IsTrimmedText(d.DocumentNumber))
        {
            _issues.Error("/documentNumber", ValidationCodes.InvalidFormat, "transportDocumentReference must be non-empty text without leading or trailing white space");
        }
        else if (d.DocumentNumber.Length > 20)
        {
            _issues.Error("/documentNumber", ValidationCodes.NotRepresentable, "transportDocumentReference is at most 20 characters");
        }

        root["transportDocumentReference"] = d.DocumentNumber;
        Set(root, "transportDocumentSubReference", d.Version);
        if (d.Status is not null && Array.IndexOf(EblVocabulary.DocumentStatuses, d.Status) < 0)
        {
            NotRepresentable("/status", "transportDocumentStatus must be one of " + string.Join(", ", EblVocabulary.DocumentStatuses));
        }

        Set(root, "transportDocumentStatus", d.Status);
        var isBill = d is BillOfLading;
        root["transportDocumentTypeCode"] = isBill ? EblVocabulary.Bol : EblVocabulary.Swb;
        Set(root, "isShippedOnBoardType", d.IsShippedOnBoard);
        Set(root, "freightPaymentTermCode", d.FreightPaymentTerm);
        Set(root, "isElectronic", d.IsElectronic);
        root["isToOrder"] = d is BillOfLading { IsToOrder: true };
        WriteCounts(root, d);
        Set(root, "shippedOnBoardDate", d.ShippedOnBoardDate);
        Set(root, "issueDate", d.IssueDate);
        Set(root, "receivedForShipmentDate", d.ReceivedForShipmentDate);
        if (d.DeclaredValue is { } declared)
        {
            root["declaredValue"] = declared.Amount;
            root["declaredValueCurrency"] = declared.Currency;
        }

        WriteCarrier(root, d.Carrier);
        if (d.Transport is { } transport)
        {
            root["transports"] = WriteTransport(transport);
        }

        if (d.Charges.Count > 0)
        {
            root["charges"] = WriteCharges(d.Charges);
        }

        if (d.PlaceOfIssue is { } placeOfIssue)
        {
            root["placeOfIssue"] = WriteLocation(placeOfIssue, "/placeOfIssue", LocationKind.PlaceOfIssue);
        }

        if (d.InvoicePayableAt is { } invoicePayableAt)
        {
            root["invoicePayableAt"] = WriteLocation(invoicePayableAt, "/invoicePayableAt", LocationKind.InvoicePayableAt);
        }

        if (d.Parties.Count > 0)
        {
            root["documentParties"] = WriteParties(d);
        }

        CheckIssuerAndTitle(d);
        WriteReferences(root, d);
        if (d.GoodsItems.Count > 0)
        {
            root["consignmentItems"] = WriteGoods(d);
        }

        if (d.Equipment.Count > 0)
        {
            root["utilizedTransportEquipments"] = WriteEquipment(d);
        }

        CheckEquipmentReferences(d);
        if (d.Attachments.Count > 0)
        {
            NotRepresentable("/attachments", "an eBL 3.0 TransportDocument has no attachments");
        }

        RestoreExtensions(root, d.Extensions);
        return root;
    }

    private enum LocationKind
    {
        Full,
        Port,
        PlaceOfIssue,
        InvoicePayableAt,
    }

    // ------------------------------------------------------------------ document level

    private static void WriteCounts(JsonObject root, TransportDocument d)
    {
        var suffix = d.Charges.Count > 0 ? "WithCharges" : "WithoutCharges";
        if (d.NumberOfOriginals is { } originals && !HasExtension(d, "/numberOfOriginalsWithCharges") && !HasExtension(d, "/numberOfOriginalsWithoutCharges"))
        {
            root["numberOfOriginals" + suffix] = originals;
        }

        if (d.NumberOfCopies is { } copies && !HasExtension(d, "/numberOfCopiesWithCharges") && !HasExtension(d, "/numberOfCopiesWithoutCharges"))
        {
            root["numberOfCopies" + suffix] = copies;
        }
    }

    private static bool HasExtension(TradeDocument d, string key) => d.Extensions?.ContainsKey(key) == true;

    private void WriteCarrier(JsonObject root, Identifier? carrier)
    {
        if (carrier is null)
        {
            return;
        }

        var provider = carrier.Scheme switch
        {
            IdentifierSchemes.Scac => "NMFTA",
            IdentifierSchemes.SmdgLiner => "SMDG",
            _ => null,
        };
        if (provider is null)
        {
            NotRepresentable("/carrier/scheme", "carrierCode is a SCAC (NMFTA) or an SMDG liner code");
            return;
        }

        if (carrier.Issuer is not null)
        {
            NotRepresentable("/carrier/issuer", "carrierCode has no issuer besides its code list provider");
        }

        root["carrierCode"] = carrier.Value;
        root["carrierCodeListProvider"] = provider;
    }

    private JsonArray WriteCharges(IReadOnlyList<Charge> charges)
    {
        var array = new JsonArray();
        foreach (var charge in charges)
        {
            var node = new JsonObject
            {
                ["chargeName"] = charge.Name,
                ["currencyAmount"] = charge.Amount.Amount,
                ["currencyCode"] = charge.Amount.Currency,
            };
            Set(node, "paymentTermCode", charge.PaymentTerm);
            Set(node, "calculationBasis", charge.CalculationBasis);
            Set(node, "unitPrice", charge.UnitPrice);
            Set(node, "quantity", charge.Quantity);
            array.Add(node);
        }

        return array;
    }

    private void WriteReferences(JsonObject root, TransportDocument d)
    {
        var references = new JsonArray();
        var bookings = 0;
        for (var i = 0; i < d.ConsignmentReferences.Count; i++)
        {
            var reference = d.ConsignmentReferences[i];
            switch (reference.TypeCode)
            {
                case EblVocabulary.BookingReference:
                    // Written on the consignment items (WriteGoods).
                    bookings++;
                    break;
                case EblVocabulary.ShippingInstructionsReference when !root.ContainsKey("shippingInstructionsReference"):
                    root["shippingInstructionsReference"] = reference.Value;
                    break;
                case EblVocabulary.ShippingInstructionsReference:
                    NotRepresentable(JsonPointer.Append("/consignmentReferences", i), "a transport document has one shippingInstructionsReference");
                    break;
                default:
                    if (reference.TypeCode.Length > 3)
                    {
                        NotRepresentable(JsonPointer.Append(JsonPointer.Append("/consignmentReferences", i), "typeCode"), "an eBL 3.0 reference type is at most 3 characters");
                    }

                    references.Add(new JsonObject { ["type"] = reference.TypeCode, ["value"] = reference.Value });
                    break;
            }
        }

        if (bookings > 0 && d.GoodsItems.Count == 0)
        {
            NotRepresentable("/consignmentReferences", "eBL 3.0 carries booking references (BKG) only on consignment items, and the document has no goods items");
        }

        if (references.Count > 0)
        {
            root["references"] = references;
        }
    }

    // ------------------------------------------------------------------ parties

    private JsonObject WriteParties(TransportDocument d)
    {
        var node = new JsonObject();
        var notify = new JsonArray();
        var other = new JsonArray();
        for (var i = 0; i < d.Parties.Count; i++)
        {
            var party = d.Parties[i];
            var path = JsonPointer.Append("/parties", i);
            if (party.Roles.Count > 1)
            {
                NotRepresentable(JsonPointer.Append(path, "roles"), "an eBL 3.0 document party has one role; list the party once per role");
                continue;
            }

            var role = party.Roles.Count == 1 ? party.Roles[0] : null;
            var slot = role is null ? null : Array.Find(EblVocabulary.PartySlots, s => s.Role == role).Member;
            if (slot is not null)
            {
                if (node.ContainsKey(slot))
                {
                    NotRepresentable(JsonPointer.Append(path, "roles"), $"an eBL 3.0 document has one {slot}");
                    continue;
                }

                node[slot] = WriteParty(party, path);
            }
            else if (role == PartyRoles.Notify)
            {
                if (notify.Count == EblVocabulary.MaxNotifyParties)
                {
                    NotRepresentable(path, "an eBL 3.0 document has at most 3 notify parties");
                    continue;
                }

                notify.Add(WriteParty(party, path));
            }
            else if (role is null || EblVocabulary.DefaultPartyFunction(role) is not null)
            {
                // documentParties.other; a party without a role needs its partyFunction from the extensions.
                var entry = new JsonObject { ["party"] = WriteParty(party, path) };
                var otherPath = "/documentParties/other/" + other.Count.ToString(CultureInfo.InvariantCulture);
                if (role is not null)
                {
                    entry["partyFunction"] = EblVocabulary.DefaultPartyFunction(role);
                }
                else if (!HasExtension(d, otherPath + "/partyFunction"))
                {
                    NotRepresentable(JsonPointer.Append(path, "roles"), "a party without a role has no place in an eBL 3.0 document");
                }

                other.Add(entry);
            }
            else
            {
                NotRepresentable(JsonPointer.Append(JsonPointer.Append(path, "roles"), 0), $"eBL 3.0 has no document party for the role {role}");
            }
        }

        if (notify.Count > 0)
        {
            node[EblVocabulary.NotifyPartiesMember] = notify;
        }

        if (other.Count > 0)
        {
            node[EblVocabulary.OtherPartiesMember] = other;
        }

        return node;
    }

    private JsonObject WriteParty(Party party, string path)
    {
        var node = new JsonObject();
        Set(node, "partyName", party.Name);
        if (party.Address is { } address)
        {
            if (address.Name is not null)
            {
                NotRepresentable(JsonPointer.Append(JsonPointer.Append(path, "address"), "name"), "a DCSA party address has no name (use the party name)");
            }

            var written = WriteAddress(address);
            if (written.Count > 0)
            {
                node["address"] = written;
            }

            if (address.AddressLines.Count > 0)
            {
                node["displayedAddress"] = StringArray(address.AddressLines);
            }
        }

        if (party.Identifiers.Count > 0)
        {
            var codes = new JsonArray();
            for (var i = 0; i < party.Identifiers.Count; i++)
            {
                if (WriteIdentifyingCode(party.Identifiers[i], JsonPointer.Append(JsonPointer.Append(path, "identifiers"), i)) is { } code)
                {
                    codes.Add(code);
                }
            }

            node["identifyingCodes"] = codes;
        }

        if (party.TaxLegalReferences.Count > 0)
        {
            var references = new JsonArray();
            foreach (var reference in party.TaxLegalReferences)
            {
                var entry = new JsonObject { ["type"] = reference.Type };
                Set(entry, "countryCode", reference.CountryCode);
                entry["value"] = reference.Value;
                references.Add(entry);
            }

            node["taxLegalReferences"] = references;
        }

        if (party.Contacts.Count > 0)
        {
            var contacts = new JsonArray();
            foreach (var contact in party.Contacts)
            {
                var entry = new JsonObject();
                Set(entry, "name", contact.Name);
                Set(entry, "email", contact.Email);
                Set(entry, "phone", contact.Phone);
                contacts.Add(entry);
            }

            node["partyContactDetails"] = contacts;
        }

        return node;
    }

    private JsonObject? WriteIdentifyingCode(Identifier identifier, string path)
    {
        string provider;
        string? listName;
        if (identifier.Scheme == IdentifierSchemes.Zzz)
        {
            if (identifier.Issuer is null)
            {
                NotRepresentable(JsonPointer.Append(path, "issuer"), "a mutually defined (ZZZ) identifier needs its code list provider as issuer");
                return null;
            }

            (provider, listName) = EblVocabulary.SplitZzzIssuer(identifier.Issuer);
            if (EblVocabulary.SchemeOf(provider, listName) is not null)
            {
                NotRepresentable(JsonPointer.Append(path, "issuer"), $"{identifier.Issuer} identifies a typed scheme, not a mutually defined identifier");
                return null;
            }
        }
        else if (EblVocabulary.ProviderOf(identifier.Scheme) is { } typed)
        {
            if (identifier.Issuer is not null)
            {
                NotRepresentable(JsonPointer.Append(path, "issuer"), "an eBL identifying code of a typed scheme has no separate issuer");
                return null;
            }

            (provider, listName) = typed;
        }
        else
        {
            NotRepresentable(JsonPointer.Append(path, "scheme"), $"eBL 3.0 identifying codes cannot carry the scheme {identifier.Scheme}");
            return null;
        }

        var node = new JsonObject { ["codeListProvider"] = provider, ["partyCode"] = identifier.Value };
        Set(node, "codeListName", listName);
        return node;
    }

    private void CheckIssuerAndTitle(TransportDocument d)
    {
        var issuingParty = EblVocabulary.PartyWithRole(d.Parties, PartyRoles.Issuer);
        if (d.Issuer is not null && !SameJson(d.Issuer, issuingParty))
        {
            NotRepresentable("/issuer", "the issuer must be the party with role ISSUER (eBL issuingParty)");
        }
        else if (d.Issuer is null && issuingParty is not null)
        {
            NotRepresentable("/issuer", "the party with role ISSUER (eBL issuingParty) is the issuer; set it");
        }

        if (d is not BillOfLading bill)
        {
            return;
        }

        var expected = EblVocabulary.DeriveTitle(true, bill.IsToOrder, d.Status, EblVocabulary.PartyWithRole(d.Parties, PartyRoles.IssueTo), EblVocabulary.PartyWithRole(d.Parties, PartyRoles.Endorsee));
        if (bill.Title is { Chain.Count: > 0 })
        {
            NotRepresentable("/title/chain", "an eBL 3.0 TransportDocument carries no title chain (transfers travel in DCSA PINT envelopes)");
        }
        else if (bill.Title is { Nominee: not null })
        {
            NotRepresentable("/title/nominee", "an eBL 3.0 TransportDocument has no nominee");
        }
        else if (!SameJson(bill.Title, expected))
        {
            NotRepresentable("/title", "in an eBL 3.0 TransportDocument the title of a negotiable bill is its issueTo party (holder), endorsee party and status; a straight bill or sea waybill has none");
        }
    }

    // ------------------------------------------------------------------ goods and equipment

    /// <summary>
    /// Consecutive goods items with the same description, HS codes and marks form one consignment item; each goods
    /// item with cargo data (equipment, weights, volume, packages) is one of its cargo items.
    /// </summary>
    private JsonArray WriteGoods(TransportDocument d)
    {
        var bookings = new List<string>();
        foreach (var reference in d.ConsignmentReferences)
        {
            if (reference.TypeCode == EblVocabulary.BookingReference)
            {
                bookings.Add(reference.Value);
            }
        }

        var items = new JsonArray();
        JsonObject? current = null;
        GoodsItem? currentKey = null;
        for (var i = 0; i < d.GoodsItems.Count; i++)
        {
            var item = d.GoodsItems[i];
            var path = JsonPointer.Append("/goodsItems", i);
            CheckGoodsItem(item, path);
            if (current is null || currentKey is null || !SameConsignmentItem(currentKey, item))
            {
                current = new JsonObject();
                if (bookings.Count == 1)
                {
                    current["carrierBookingReference"] = bookings[0];
                }

                if (item.Description is not null)
                {
                    current["descriptionOfGoods"] = StringArray(item.Description.Split('\n'));
                }

                if (item.HsCodes.Count > 0)
                {
                    current["HSCodes"] = StringArray(item.HsCodes);
                }

                if (item.Marks.Count > 0)
                {
                    current["shippingMarks"] = StringArray(item.Marks);
                }

                items.Add(current);
                currentKey = item;
            }

            if (item.EquipmentReference is null && item.GrossWeight is null && item.NetWeight is null && item.GrossVolume is null && item.Packages is null)
            {
                continue;
            }

            if (current["cargoItems"] is not JsonArray cargoItems)
            {
                cargoItems = [];
                current["cargoItems"] = cargoItems;
            }

            var cargo = new JsonObject();
            Set(cargo, "equipmentReference", item.EquipmentReference);
            SetMeasure(cargo, "cargoGrossWeight", item.GrossWeight, EblVocabulary.WeightUnits, JsonPointer.Append(path, "grossWeight"));
            SetMeasure(cargo, "cargoGrossVolume", item.GrossVolume, EblVocabulary.VolumeUnits, JsonPointer.Append(path, "grossVolume"));
            SetMeasure(cargo, "cargoNetWeight", item.NetWeight, EblVocabulary.WeightUnits, JsonPointer.Append(path, "netWeight"));
            if (item.Packages is { } packages)
            {
                var outer = new JsonObject();
                Set(outer, "packageCode", packages.PackageCode);
                Set(outer, "numberOfPackages", packages.Count);
                Set(outer, "description", packages.Description);
                cargo["outerPackaging"] = outer;
            }

            if (item.DangerousGoods == true)
            {
                var detail = "/consignmentItems/" + (items.Count - 1).ToString(CultureInfo.InvariantCulture) + "/cargoItems/"
                    + cargoItems.Count.ToString(CultureInfo.InvariantCulture) + "/outerPackaging/dangerousGoods";
                if (item.Packages is null || !HasExtension(d, detail))
                {
                    NotRepresentable(JsonPointer.Append(path, "dangerousGoods"), "eBL 3.0 states dangerous goods only with their details (outerPackaging.dangerousGoods)");
                }
            }

            cargoItems.Add(cargo);
        }

        return items;
    }

    private void CheckGoodsItem(GoodsItem item, string path)
    {
        if (item.OriginCountry is not null)
        {
            NotRepresentable(JsonPointer.Append(path, "originCountry"), "an eBL 3.0 consignment item has no country of origin");
        }

        if (item.Identifiers.Count > 0)
        {
            NotRepresentable(JsonPointer.Append(path, "identifiers"), "an eBL 3.0 consignment item has no goods identifiers");
        }

        if (item.Quantity is not null || item.UnitPrice is not null || item.Amount is not null)
        {
            NotRepresentable(JsonPointer.Append(path, item.Quantity is not null ? "quantity" : item.UnitPrice is not null ? "unitPrice" : "amount"), "an eBL 3.0 consignment item has no quantities or prices");
        }

        if (item.Extensions is { Count: > 0 })
        {
            NotRepresentable(JsonPointer.Append(path, "extensions"), "the writer restores only document-level extensions");
        }
    }

    private static bool SameConsignmentItem(GoodsItem a, GoodsItem b) =>
        a.Description == b.Description && a.HsCodes.SequenceEqual(b.HsCodes, StringComparer.Ordinal) && a.Marks.SequenceEqual(b.Marks, StringComparer.Ordinal);

    private JsonArray WriteEquipment(TransportDocument d)
    {
        var array = new JsonArray();
        for (var i = 0; i < d.Equipment.Count; i++)
        {
            var equipment = d.Equipment[i];
            var path = JsonPointer.Append("/equipment", i);
            if (equipment.EmptyIndicator is not null)
            {
                NotRepresentable(JsonPointer.Append(path, "emptyIndicator"), "utilized transport equipment on a transport document has no empty indicator");
            }

            var inner = new JsonObject { ["equipmentReference"] = equipment.EquipmentReference };
            Set(inner, "ISOEquipmentCode", equipment.IsoEquipmentCode);
            SetMeasure(inner, "tareWeight", equipment.TareWeight, EblVocabulary.WeightUnits, JsonPointer.Append(path, "tareWeight"));
            var node = new JsonObject { ["equipment"] = inner };
            Set(node, "isShipperOwned", equipment.IsShipperOwned);
            if (equipment.Seals.Count > 0)
            {
                var seals = new JsonArray();
                for (var s = 0; s < equipment.Seals.Count; s++)
                {
                    var seal = equipment.Seals[s];
                    var sealPath = JsonPointer.Append(JsonPointer.Append(path, "seals"), s);
                    if (seal.Source is not null && Array.IndexOf(EblVocabulary.SealSources, seal.Source) < 0)
                    {
                        NotRepresentable(JsonPointer.Append(sealPath, "source"), "eBL 3.0 seal sources are " + string.Join(", ", EblVocabulary.SealSources));
                    }

                    if (seal.Type is not null)
                    {
                        NotRepresentable(JsonPointer.Append(sealPath, "type"), "an eBL 3.0 seal has no type");
                    }

                    var sealNode = new JsonObject { ["number"] = seal.Number };
                    Set(sealNode, "source", seal.Source);
                    seals.Add(sealNode);
                }

                node["seals"] = seals;
            }

            array.Add(node);
        }

        return array;
    }

    private void CheckEquipmentReferences(TransportDocument d)
    {
        var expected = new List<string>(d.Equipment.Count);
        foreach (var equipment in d.Equipment)
        {
            if (!expected.Contains(equipment.EquipmentReference, StringComparer.Ordinal))
            {
                expected.Add(equipment.EquipmentReference);
            }
        }

        if (!expected.SequenceEqual(d.EquipmentReferences, StringComparer.Ordinal))
        {
            NotRepresentable("/equipmentReferences", "an eBL 3.0 document refers to containers only through utilizedTransportEquipments (the equipment list)");
        }
    }

    // ------------------------------------------------------------------ transport and locations

    private JsonObject WriteTransport(Transport transport)
    {
        var node = new JsonObject();
        Set(node, "plannedArrivalDate", transport.PlannedArrivalDate);
        Set(node, "plannedDepartureDate", transport.PlannedDepartureDate);
        SetLocation(node, "placeOfReceipt", transport.PlaceOfReceipt, "/transport/placeOfReceipt", LocationKind.Full);
        SetLocation(node, "portOfLoading", transport.PortOfLoading, "/transport/portOfLoading", LocationKind.Port);
        SetLocation(node, "portOfDischarge", transport.PortOfDischarge, "/transport/portOfDischarge", LocationKind.Port);
        SetLocation(node, "placeOfDelivery", transport.PlaceOfDelivery, "/transport/placeOfDelivery", LocationKind.Full);
        if (transport.Vessel is not null || transport.Voyage is not null)
        {
            var leg = new JsonObject();
            if (transport.Vessel is { } vessel)
            {
                Set(leg, "vesselName", vessel.Name);
                if (vessel.Imo is not null || vessel.Flag is not null || vessel.CallSign is not null || vessel.OperatorCarrierCode is not null || vessel.OperatorCarrierCodeListProvider is not null)
                {
                    NotRepresentable("/transport/vessel", "an eBL 3.0 vessel voyage names the vessel only (no IMO number, flag, call sign or operator)");
                }
            }

            Set(leg, "carrierExportVoyageNumber", transport.Voyage);
            node["vesselVoyages"] = new JsonArray(leg);
        }

        return node;
    }

    private void SetLocation(JsonObject parent, string name, Location? location, string path, LocationKind kind)
    {
        if (location is not null)
        {
            parent[name] = WriteLocation(location, path, kind);
        }
    }

    private JsonObject WriteLocation(Location location, string path, LocationKind kind)
    {
        var node = new JsonObject();
        if (kind == LocationKind.InvoicePayableAt)
        {
            Set(node, "freeText", location.Name);
        }
        else
        {
            Set(node, "locationName", location.Name);
        }

        Set(node, "UNLocationCode", location.UnLocode);
        if (location.Gln is not null)
        {
            NotRepresentable(JsonPointer.Append(path, "gln"), "DCSA eBL 3.0 locations have no GLN");
        }

        if (location.FacilityTypeCode is not null)
        {
            NotRepresentable(JsonPointer.Append(path, "facilityTypeCode"), "DCSA eBL 3.0 locations have no facility type");
        }

        var full = kind == LocationKind.Full;
        if (location.FacilityCode is not null || location.FacilityCodeListProvider is not null)
        {
            if (full)
            {
                var facility = new JsonObject();
                Set(facility, "facilityCode", location.FacilityCode);
                Set(facility, "facilityCodeListProvider", location.FacilityCodeListProvider);
                node["facility"] = facility;
            }
            else
            {
                NotRepresentable(JsonPointer.Append(path, "facilityCode"), "this eBL 3.0 location has no facility");
            }
        }

        if (location.Geo is { } geo)
        {
            if (full)
            {
                node["geoCoordinate"] = new JsonObject
                {
                    ["latitude"] = geo.Latitude.ToString(CultureInfo.InvariantCulture),
                    ["longitude"] = geo.Longitude.ToString(CultureInfo.InvariantCulture),
                };
            }
            else
            {
                NotRepresentable(JsonPointer.Append(path, "geo"), "this eBL 3.0 location has no geo coordinate");
            }
        }

        if (location.Address is { } address)
        {
            var addressPath = JsonPointer.Append(path, "address");
            switch (kind)
            {
                case LocationKind.Full when address.Name is null && address.AddressLines.Count == 0:
                    node["address"] = WriteAddress(address);
                    break;
                case LocationKind.Port when OnlyCity(address):
                    var city = new JsonObject();
                    Set(city, "city", address.City);
                    Set(city, "stateRegion", address.StateRegion);
                    Set(city, "countryCode", address.CountryCode);
                    node["city"] = city;
                    break;
                case LocationKind.PlaceOfIssue when OnlyCountry(address):
                    Set(node, "countryCode", address.CountryCode);
                    break;
                default:
                    NotRepresentable(addressPath, kind switch
                    {
                        LocationKind.Full => "a DCSA address has no name or free-text lines",
                        LocationKind.Port => "a port of loading or discharge gives only city, state/region and country",
                        LocationKind.PlaceOfIssue => "a place of issue gives only a country code",
                        _ => "the invoice payable-at location has no address",
                    });
                    break;
            }
        }

        return node;
    }

    private static bool OnlyCity(Address address) =>
        address is { Name: null, Street: null, StreetNumber: null, Floor: null, PostCode: null, PoBox: null, AddressLines.Count: 0 };

    private static bool OnlyCountry(Address address) => OnlyCity(address) && address is { City: null, StateRegion: null };

    private static JsonObject WriteAddress(Address address)
    {
        var node = new JsonObject();
        Set(node, "street", address.Street);
        Set(node, "streetNumber", address.StreetNumber);
        Set(node, "floor", address.Floor);
        Set(node, "postCode", address.PostCode);
        Set(node, "POBox", address.PoBox);
        Set(node, "city", address.City);
        Set(node, "stateRegion", address.StateRegion);
        Set(node, "countryCode", address.CountryCode);
        return node;
    }

    // ------------------------------------------------------------------ extensions

    /// <summary>
    /// Puts each extension back at its JSON pointer: a member of an object, an element of an array (appended when
    /// the index is the array's length). Several passes, so that "/a/2" waits for "/a/1". An extension overrides
    /// what the writer derived (for example a partyFunction the canonical role cannot tell apart).
    /// </summary>
    private void RestoreExtensions(JsonObject root, IReadOnlyDictionary<string, JsonElement>? extensions)
    {
        if (extensions is null || extensions.Count == 0)
        {
            return;
        }

        var pending = extensions.Keys.Order(StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var progress = false;
            for (var i = 0; i < pending.Count; i++)
            {
                if (TryRestore(root, pending[i], extensions[pending[i]]))
                {
                    pending.RemoveAt(i--);
                    progress = true;
                }
            }

            if (!progress)
            {
                foreach (var key in pending)
                {
                    NotRepresentable(JsonPointer.Append("/extensions", key), "the extension's JSON pointer names no place in the TransportDocument");
                }

                return;
            }
        }
    }

    private static bool TryRestore(JsonObject root, string pointer, JsonElement value)
    {
        if (pointer.Length < 2 || pointer[0] != '/')
        {
            return false;
        }

        var tokens = pointer[1..].Split('/');
        JsonNode? current = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            var token = Unescape(tokens[i]);
            current = current switch
            {
                JsonObject obj => obj[token],
                JsonArray array when TryIndex(token, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return false;
            }
        }

        var last = Unescape(tokens[^1]);
        var node = JsonNode.Parse(value.GetRawText());
        switch (current)
        {
            case JsonObject obj:
                obj[last] = node;
                return true;
            case JsonArray array when TryIndex(last, out var index) && index <= array.Count:
                if (index == array.Count)
                {
                    array.Add(node);
                }
                else
                {
                    array[index] = node;
                }

                return true;
            default:
                return false;
        }
    }

    private static string Unescape(string token) =>
        token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static bool TryIndex(string token, out int index) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && (token.Length == 1 || token[0] != '0');

    // ------------------------------------------------------------------ helpers

    private void SetMeasure(JsonObject node, string name, Measure? measure, string[] units, string path)
    {
        if (measure is null)
        {
            return;
        }

        if (Array.IndexOf(units, measure.Unit) < 0)
        {
            NotRepresentable(JsonPointer.Append(path, "unit"), "eBL 3.0 allows the units " + string.Join(", ", units) + " here");
        }

        node[name] = new JsonObject { ["value"] = measure.Value, ["unit"] = measure.Unit };
    }

    private static JsonArray StringArray(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }

    private static void Set(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }

    private static void Set(JsonObject node, string name, bool? value)
    {
        if (value is { } v)
        {
            node[name] = v;
        }
    }

    private static void Set(JsonObject node, string name, int? value)
    {
        if (value is { } v)
        {
            node[name] = v;
        }
    }

    private static void Set(JsonObject node, string name, decimal? value)
    {
        if (value is { } v)
        {
            node[name] = v;
        }
    }

    private static void Set(JsonObject node, string name, DateOnly? value)
    {
        if (value is { } v)
        {
            node[name] = v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Compares two canonical values by their canonical JSON (records hold lists, which compare by reference).</summary>
    private static bool SameJson<T>(T? a, T? b)
        where T : class =>
        a is null || b is null ? a is null && b is null : JsonElement.DeepEquals(CanonicalJson.SerializeToElement(a), CanonicalJson.SerializeToElement(b));

    private void NotRepresentable(string path, string message) => _issues.Error(path, ValidationCodes.NotRepresentable, message);
}
