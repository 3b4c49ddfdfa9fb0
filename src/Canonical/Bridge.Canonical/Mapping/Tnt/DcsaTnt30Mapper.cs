using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Tnt;

/// <summary>
/// Maps DCSA Track &amp; Trace 3.0 events 1:1 into <see cref="LogisticsEvent"/>s (trade-standards.md §A.4/§A.5; the
/// canonical event is modelled on the 3.0 event). Input: the request/notification shape <c>{"events":[...]}</c> of the
/// DCSA conformance fixtures (../shared/conformance/dcsa/tnt-3.0), an array of events or one event. The member names
/// are those of the fixtures and of DCSA's 3.0 model (dcsaorg/Conformance-Gateway, tnt v300 model); members without a
/// canonical field (IoT and reefer details, forwarding parties, ...) stay in <see cref="LogisticsEvent.Extensions"/>.
/// </summary>
public sealed class DcsaTnt30Mapper : ISourceMapper
{
    private const string SourceVersion = "3.0.0";

    private static readonly string[] Categories =
        [EventCategories.Shipment, EventCategories.Transport, EventCategories.Equipment, EventCategories.Iot, EventCategories.Reefer];

    private static readonly string[] Classifiers = [EventClassifiers.Planned, EventClassifiers.Estimated, EventClassifiers.Actual];
    private static readonly string[] MovementTypes = ["IMPORT", "EXPORT", "TRANSSHIPMENT"];
    private static readonly string[] Modes = ["VESSEL", "RAIL", "TRUCK", "BARGE", "MULTIMODAL"];

    public string Format => SourceFormats.DcsaTnt30;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new ValidationCollector();
        var scratch = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var events = new List<LogisticsEvent>();
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("events", out _))
        {
            var root = SourceNode.Record(payload, string.Empty, issues);
            foreach (var item in root.Array("events", required: true))
            {
                Add(events, MapEvent(item.Element, item.Pointer, context, issues, ref scratch));
            }

            foreach (var member in payload.EnumerateObject())
            {
                if (member.Name != "events")
                {
                    issues.Warning(JsonPointer.Append(string.Empty, member.Name), ValidationCodes.UnknownMember, "is not part of an event and is not mapped");
                }
            }
        }
        else if (payload.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in payload.EnumerateArray())
            {
                Add(events, MapEvent(item, JsonPointer.Append(string.Empty, index++), context, issues, ref scratch));
            }
        }
        else if (payload.ValueKind == JsonValueKind.Object)
        {
            Add(events, MapEvent(payload, string.Empty, context, issues, ref scratch));
        }
        else
        {
            issues.Error(string.Empty, ValidationCodes.InvalidFormat, "must be {\"events\":[...]}, an array of TNT 3.0 events or one event");
            return MappingResult.Failed(issues.ToResult());
        }

        return new MappingResult { Events = events, Validation = issues.ToResult() };
    }

    private static void Add(List<LogisticsEvent> events, LogisticsEvent? item)
    {
        if (item is not null)
        {
            events.Add(item);
        }
    }

    private static LogisticsEvent? MapEvent(JsonElement element, string pointer, MappingContext context, ValidationCollector issues, ref Dictionary<string, JsonElement> extensions)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "must be an event object");
            return null;
        }

        var node = SourceNode.Record(element, pointer, issues);
        var eventId = node.String("eventID");
        var eventDateTime = node.DateTime("eventDateTime", required: true);
        var updated = node.DateTime("eventUpdatedDateTime");
        var retracted = node.Bool("isRetracted");
        var retractedEventId = node.String("retractedEventID");
        var originatingParty = ReadRouting(node.Object("eventRouting"), extensions);

        string? category = null;
        string? classifier = null;
        string? typeCode = null;
        if (node.Object("eventClassification", required: true) is { } classification)
        {
            category = MappingSupport.Code(classification, "eventTypeCode", Categories, required: true);
            classifier = MappingSupport.Code(classification, "eventClassifierCode", Classifiers, required: true);
            if (category is not null)
            {
                var member = category switch
                {
                    EventCategories.Shipment => "shipmentEventTypeCode",
                    EventCategories.Transport => "transportEventTypeCode",
                    EventCategories.Equipment => "equipmentEventTypeCode",
                    EventCategories.Iot => "iotEventTypeCode",
                    _ => "reeferEventTypeCode",
                };
                typeCode = classification.String(member, required: true);
                if (typeCode is not null && !EventTypeCodes.IsKnown(category, typeCode))
                {
                    classification.Issues.Error(classification.PathOf(member), ValidationCodes.UnknownValue, $"'{typeCode}' is not a {category} event type code");
                    typeCode = null;
                }
            }

            classification.CollectUnmapped(extensions);
        }

        var location = node.Object("eventLocation") is { } locationNode ? ReadLocation(locationNode, extensions) : null;
        TransportEquipment? equipment = null;
        string? movementType = null;
        if (node.Object("equipmentDetails") is { } details)
        {
            equipment = ReadEquipment(details, extensions);
            movementType = MappingSupport.Code(details, "movementType", MovementTypes);
            details.CollectUnmapped(extensions);
        }

        TransportCall? transportCall = null;
        if (node.Object("transportDetails") is { } transport)
        {
            transportCall = transport.Object("transportCall") is { } callNode ? ReadTransportCall(callNode, extensions) : null;
            transport.CollectUnmapped(extensions);
        }

        IReadOnlyList<Reference> documentReferences = [];
        IReadOnlyList<Reference> shipmentReferences = [];
        string? reason = null;
        if (node.Object("shipmentDetails") is { } shipment)
        {
            var documents = new List<Reference>();
            if (shipment.Object("documentReference") is { } subject)
            {
                AddReference(documents, subject, extensions);
            }

            foreach (var item in shipment.Array("additionalDocumentReferences"))
            {
                AddReference(documents, item, extensions);
            }

            var references = new List<Reference>();
            foreach (var item in shipment.Array("shipmentReferences"))
            {
                AddReference(references, item, extensions);
            }

            documentReferences = documents;
            shipmentReferences = references;
            reason = shipment.String("reason");
            shipment.CollectUnmapped(extensions);
        }

        node.CollectUnmapped(extensions);
        if (category is null || classifier is null || typeCode is null || eventDateTime is null)
        {
            extensions.Clear();
            return null;
        }

        return new LogisticsEvent
        {
            SourceEventId = eventId,
            OriginatingParty = originatingParty,
            IsRetracted = retracted ?? false,
            RetractedEventId = retractedEventId,
            Category = category,
            Classifier = classifier,
            TypeCode = typeCode,
            EventDateTime = eventDateTime.Value,
            UpdatedDateTime = updated,
            Location = location,
            Equipment = equipment,
            MovementType = movementType,
            TransportCall = transportCall,
            DocumentReferences = documentReferences,
            ShipmentReferences = shipmentReferences,
            Reason = reason,
            Extensions = MappingSupport.TakeExtensions(ref extensions),
            Provenance = MappingSupport.Provenance(context, SourceSystems.DcsaTnt, eventId, SourceVersion),
        };
    }

    // eventRouting.originatingParty -> OriginatingParty; forwardingParties and destinationParty stay in the extensions.
    private static PartyCode? ReadRouting(SourceNode? routing, Dictionary<string, JsonElement> extensions)
    {
        if (routing is null)
        {
            return null;
        }

        PartyCode? party = null;
        if (routing.Object("originatingParty") is { } node)
        {
            var code = node.String("partyCode", required: true, maxLength: 150);
            var provider = node.String("codeListProvider", required: true, maxLength: 100);
            var listName = node.String("codeListName", maxLength: 100);
            var function = node.String("partyFunction", maxLength: 3);
            var name = node.String("partyName");
            node.CollectUnmapped(extensions);
            if (code is not null)
            {
                party = new PartyCode { Code = code, CodeListProvider = provider, CodeListName = listName, PartyFunction = function, Name = name };
            }
        }

        routing.CollectUnmapped(extensions);
        return party;
    }

    private static TransportEquipment? ReadEquipment(SourceNode node, Dictionary<string, JsonElement> extensions)
    {
        // Without an equipment reference there is no canonical equipment; its other members stay in the extensions.
        if (!node.Has("equipmentReference"))
        {
            return null;
        }

        // DCSA TNT 3.0 EquipmentDetails.equipmentReference: at most 11 characters, ISO 6346 "where possible" (§C.1).
        var reference = node.String("equipmentReference", required: true, maxLength: 11);
        MappingSupport.ContainerNumber(node, "equipmentReference", reference);
        var isoCode = node.String("ISOEquipmentCode", maxLength: 4);
        MappingSupport.IsoEquipmentCode(node, "ISOEquipmentCode", isoCode);
        var empty = MappingSupport.Code(node, "emptyIndicatorCode", Tnt22Vocabulary.EmptyIndicatorCodes);
        var seals = new List<Seal>();
        foreach (var sealNode in node.Array("seals"))
        {
            if (!sealNode.IsObject)
            {
                sealNode.Issues.Error(sealNode.Pointer, ValidationCodes.InvalidFormat, "must be an object");
                continue;
            }

            var number = sealNode.String("number", required: true, maxLength: 15);
            var source = MappingSupport.Code(sealNode, "source", Tnt22Vocabulary.SealSources);
            var type = MappingSupport.Code(sealNode, "type", Tnt22Vocabulary.SealTypes);
            sealNode.CollectUnmapped(extensions);
            if (number is not null)
            {
                seals.Add(new Seal { Number = number, Source = source, Type = type });
            }
        }

        return reference is null ? null : new TransportEquipment
        {
            EquipmentReference = reference,
            IsoEquipmentCode = isoCode,
            EmptyIndicator = empty,
            Seals = seals,
        };
    }

    private static TransportCall ReadTransportCall(SourceNode node, Dictionary<string, JsonElement> extensions)
    {
        string? serviceCode = null;
        string? serviceReference = null;
        if (node.Object("serviceCodeOrReference") is { } service)
        {
            serviceCode = service.String("carrierServiceCode", maxLength: 11);
            serviceReference = service.String("universalServiceReference", maxLength: 8);
            TradeIdentifiers.ValidateUniversalServiceReference(serviceReference, service.PathOf("universalServiceReference"), service.Issues);
            service.CollectUnmapped(extensions);
        }

        // 3.0 has an export and an import voyage, each a carrier voyage number or a universal voyage reference; the
        // canonical call has one universal voyage reference: the export one, else the import one. An import reference
        // that differs from the export one stays in the extensions.
        string? exportVoyage = null;
        string? voyageReference = null;
        if (node.Object("exportVoyageNumberOrReference") is { } export)
        {
            exportVoyage = export.String("carrierVoyageNumber", maxLength: 50);
            voyageReference = export.String("universalVoyageReference", maxLength: 5);
            TradeIdentifiers.ValidateUniversalVoyageReference(voyageReference, export.PathOf("universalVoyageReference"), export.Issues);
            export.CollectUnmapped(extensions);
        }

        string? importVoyage = null;
        if (node.Object("importVoyageNumberOrReference") is { } import)
        {
            importVoyage = import.String("carrierVoyageNumber", maxLength: 50);
            var importReference = MappingSupport.Peek(import, "universalVoyageReference");
            if (importReference is not null && (voyageReference is null || importReference == voyageReference))
            {
                voyageReference ??= import.String("universalVoyageReference", maxLength: 5);
                import.Consume("universalVoyageReference");
                TradeIdentifiers.ValidateUniversalVoyageReference(importReference, import.PathOf("universalVoyageReference"), import.Issues);
            }

            import.CollectUnmapped(extensions);
        }

        Vessel? vessel = null;
        if (node.Object("vesselTransport") is { } vesselNode)
        {
            vessel = new Vessel
            {
                Imo = MappingSupport.Imo(vesselNode, "vesselIMONumber", 8),
                Name = vesselNode.String("vesselName", maxLength: 50),
                Flag = MappingSupport.Country(vesselNode, "vesselFlag"),
                CallSign = vesselNode.String("vesselCallSign", maxLength: 10),
                OperatorCarrierCode = vesselNode.String("operatorCarrierCode", maxLength: 10),
                OperatorCarrierCodeListProvider = MappingSupport.Code(vesselNode, "operatorCarrierCodeListProvider", Tnt22Vocabulary.CarrierCodeListProviders),
            };
            vesselNode.CollectUnmapped(extensions);
        }

        var call = new TransportCall
        {
            TransportCallReference = node.String("transportCallReference", maxLength: 100),
            SequenceNumber = node.Int("transportCallSequenceNumber"),
            Mode = MappingSupport.Code(node, "modeOfTransport", Modes),
            CarrierServiceCode = serviceCode,
            UniversalServiceReference = serviceReference,
            ExportVoyage = exportVoyage,
            ImportVoyage = importVoyage,
            UniversalVoyageReference = voyageReference,
            Vessel = vessel,
        };
        node.CollectUnmapped(extensions);
        return call;
    }

    // A DCSA 3.0 Location: locationName, UNLocationCode, facilityTypeCode, facility{facilityCode,
    // facilityCodeListProvider}, geoCoordinate{latitude, longitude} and address (EBL_v3.0.0.yaml Address, Facility,
    // GeoCoordinate share DCSA_Domain 3.0 with TNT 3.0).
    private static Location ReadLocation(SourceNode node, Dictionary<string, JsonElement> extensions)
    {
        string? facilityCode = null;
        string? provider = null;
        if (node.Object("facility") is { } facility)
        {
            facilityCode = facility.String("facilityCode", required: true, maxLength: 6);
            provider = MappingSupport.Code(facility, "facilityCodeListProvider", Tnt22Vocabulary.FacilityCodeListProviders, required: true);
            facility.CollectUnmapped(extensions);
        }

        GeoPoint? geo = null;
        if (node.Object("geoCoordinate") is { } coordinate)
        {
            var latitude = MappingSupport.Coordinate(coordinate, "latitude", 10, 90);
            var longitude = MappingSupport.Coordinate(coordinate, "longitude", 11, 180);
            if (latitude is not null && longitude is not null)
            {
                geo = new GeoPoint { Latitude = latitude.Value, Longitude = longitude.Value };
            }

            coordinate.CollectUnmapped(extensions);
        }

        Address? address = null;
        if (node.Object("address") is { } addressNode)
        {
            address = new Address
            {
                Street = addressNode.String("street", maxLength: 70),
                StreetNumber = addressNode.String("streetNumber", maxLength: 50),
                Floor = addressNode.String("floor", maxLength: 50),
                PostCode = addressNode.String("postCode", maxLength: 10),
                PoBox = addressNode.String("POBox", maxLength: 20),
                City = addressNode.String("city", maxLength: 35),
                StateRegion = addressNode.String("stateRegion", maxLength: 65),
                CountryCode = MappingSupport.Country(addressNode, "countryCode"),
            };
            addressNode.CollectUnmapped(extensions);
        }

        var location = new Location
        {
            Name = node.String("locationName", maxLength: 100),
            UnLocode = MappingSupport.UnLocode(node, "UNLocationCode"),
            FacilityTypeCode = node.String("facilityTypeCode", maxLength: 4),
            FacilityCode = facilityCode,
            FacilityCodeListProvider = provider,
            Geo = geo,
            Address = address,
        };
        node.CollectUnmapped(extensions);
        return location;
    }

    // A 3.0 DocumentReference / ShipmentReference: {typeCode, reference}.
    private static void AddReference(List<Reference> references, SourceNode node, Dictionary<string, JsonElement> extensions)
    {
        if (!node.IsObject)
        {
            node.Issues.Error(node.Pointer, ValidationCodes.InvalidFormat, "must be an object");
            return;
        }

        var type = node.String("typeCode", required: true, maxLength: 3);
        var value = node.String("reference", required: true, maxLength: 100);
        node.CollectUnmapped(extensions);
        if (type is not null && value is not null)
        {
            references.Add(new Reference { TypeCode = type, Value = value });
        }
    }
}
