using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using static Bridge.Canonical.Mapping.Tnt.Tnt22Vocabulary;

namespace Bridge.Canonical.Mapping.Tnt;

/// <summary>
/// Maps DCSA Track &amp; Trace 2.2 events (the <c>GET /v2/events</c> response: a JSON array of transport, shipment and
/// equipment events, or one event object) into <see cref="LogisticsEvent"/>s, per trade-standards.md §A.5 and the 2.2
/// schema (../shared/conformance/dcsa/schemas/TNT_v2.2.0-resolved.yaml). Members without a canonical field stay in
/// <see cref="LogisticsEvent.Extensions"/>; <see cref="DcsaTnt22Writer"/> is the inverse. docs/mapping.md has the
/// field-by-field table.
/// </summary>
public sealed class DcsaTnt22Mapper : ISourceMapper
{
    public string Format => SourceFormats.DcsaTnt22;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new ValidationCollector();
        var scratch = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        List<LogisticsEvent> events;
        if (payload.ValueKind == JsonValueKind.Array)
        {
            events = new List<LogisticsEvent>(payload.GetArrayLength());
            var index = 0;
            foreach (var item in payload.EnumerateArray())
            {
                var mapped = MapEvent(item, JsonPointer.Append(string.Empty, index++), context, issues, ref scratch);
                if (mapped is not null)
                {
                    events.Add(mapped);
                }
            }
        }
        else if (payload.ValueKind == JsonValueKind.Object)
        {
            events = new List<LogisticsEvent>(1);
            var mapped = MapEvent(payload, string.Empty, context, issues, ref scratch);
            if (mapped is not null)
            {
                events.Add(mapped);
            }
        }
        else
        {
            issues.Error(string.Empty, ValidationCodes.InvalidFormat, "must be a TNT 2.2 event object or an array of events");
            return MappingResult.Failed(issues.ToResult());
        }

        return new MappingResult { Events = events, Validation = issues.ToResult() };
    }

    /// <summary>Maps one event; null when a key field (type, classifier, type code, time) is missing or invalid.</summary>
    private static LogisticsEvent? MapEvent(JsonElement element, string pointer, MappingContext context, ValidationCollector issues, ref Dictionary<string, JsonElement> extensions)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "must be an event object");
            return null;
        }

        var node = SourceNode.Record(element, pointer, issues);
        var eventId = node.String("eventID");
        MappingSupport.WarnIfNotUuid(node, "eventID", eventId);
        var created = node.DateTime("eventCreatedDateTime", required: true);
        var category = MappingSupport.Code(node, "eventType", EventTypes, required: true);
        var classifier = MappingSupport.Code(node, "eventClassifierCode", Classifiers, required: true);
        var eventDateTime = node.DateTime("eventDateTime", required: true);

        string? typeCode = null;
        string? reason = null;
        string? delayReasonCode = null;
        string? changeRemark = null;
        TransportCall? transportCall = null;
        Location? location = null;
        TransportEquipment? equipment = null;
        IReadOnlyList<Reference> documentReferences = [];
        switch (category)
        {
            case EventCategories.Transport:
                typeCode = MappingSupport.Code(node, "transportEventTypeCode", TransportEventTypeCodes, required: true);
                delayReasonCode = node.String("delayReasonCode", maxLength: DelayReasonCodeMax);
                changeRemark = node.String("changeRemark", maxLength: ChangeRemarkMax);
                transportCall = ReadTransportCall(node.Object("transportCall", required: true), extensions);

                // A 2.2 transport event has no eventLocation: it happens where its transport call is (§A.5).
                location = transportCall?.Location;
                documentReferences = ReadDocumentReferences(node, extensions);
                break;
            case EventCategories.Shipment:
                typeCode = MappingSupport.Code(node, "shipmentEventTypeCode", ShipmentEventTypeCodes, required: true);
                var documentId = node.String("documentID", required: true);
                var documentType = MappingSupport.Code(node, "documentTypeCode", DocumentTypeCodes, required: true);
                reason = node.String("reason");
                if (documentId is not null && documentType is not null)
                {
                    documentReferences = [new Reference { TypeCode = documentType, Value = documentId }];
                }

                break;
            case EventCategories.Equipment:
                typeCode = MappingSupport.Code(node, "equipmentEventTypeCode", EquipmentEventTypeCodes, required: true);
                equipment = ReadEquipment(node, extensions);
                var eventLocation = node.Object("eventLocation");
                transportCall = ReadTransportCall(node.Object("transportCall"), extensions);
                if (eventLocation is not null)
                {
                    location = ReadLocation(eventLocation, null, extensions);
                }

                // Without an eventLocation the event happens at its transport call (§A.5).
                location ??= transportCall?.Location;
                documentReferences = ReadDocumentReferences(node, extensions);
                break;
        }

        var shipmentReferences = category is null ? [] : ReadReferences(node, extensions);
        node.CollectUnmapped(extensions);
        if (category is null || classifier is null || typeCode is null || eventDateTime is null || created is null)
        {
            extensions.Clear();
            return null;
        }

        return new LogisticsEvent
        {
            SourceEventId = eventId,
            Category = category,
            Classifier = classifier,
            TypeCode = typeCode,
            EventDateTime = eventDateTime.Value,
            UpdatedDateTime = created,
            Location = location,
            Equipment = equipment,
            TransportCall = transportCall,
            DocumentReferences = documentReferences,
            ShipmentReferences = shipmentReferences,
            Reason = reason,
            DelayReasonCode = delayReasonCode,
            ChangeRemark = changeRemark,
            Extensions = MappingSupport.TakeExtensions(ref extensions),
            Provenance = MappingSupport.Provenance(context, SourceSystems.DcsaTnt, eventId, SourceVersion),
        };
    }

    private static TransportEquipment? ReadEquipment(SourceNode node, Dictionary<string, JsonElement> extensions)
    {
        if (!node.Has("equipmentReference"))
        {
            // emptyIndicatorCode is required by the schema; without an equipment reference there is no canonical
            // equipment to put it on, so it (with ISOEquipmentCode and seals) stays in the extensions.
            if (!node.Has("emptyIndicatorCode"))
            {
                node.Issues.Error(node.PathOf("emptyIndicatorCode"), ValidationCodes.Required, "is required");
            }
            else if (MappingSupport.Peek(node, "emptyIndicatorCode") is not { } empty || !Contains(EmptyIndicatorCodes, empty))
            {
                node.Issues.Error(node.PathOf("emptyIndicatorCode"), ValidationCodes.UnknownValue, "must be one of EMPTY, LADEN");
            }

            return null;
        }

        var reference = node.String("equipmentReference", required: true, maxLength: EquipmentReferenceMax);
        MappingSupport.ContainerNumber(node, "equipmentReference", reference);
        var isoCode = node.String("ISOEquipmentCode", maxLength: IsoEquipmentCodeMax);
        MappingSupport.IsoEquipmentCode(node, "ISOEquipmentCode", isoCode);
        var emptyIndicator = MappingSupport.Code(node, "emptyIndicatorCode", EmptyIndicatorCodes, required: true);
        var sealNodes = node.Array("seals");
        var seals = sealNodes.Count == 0 ? [] : new List<Seal>(sealNodes.Count);
        foreach (var sealNode in sealNodes)
        {
            if (!IsObject(sealNode))
            {
                continue;
            }

            var number = sealNode.String("sealNumber", required: true, maxLength: SealNumberMax);
            var source = MappingSupport.Code(sealNode, "sealSource", SealSources);
            var type = MappingSupport.Code(sealNode, "sealType", SealTypes, required: true);
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
            EmptyIndicator = emptyIndicator,
            Seals = seals,
        };
    }

    private static TransportCall? ReadTransportCall(SourceNode? node, Dictionary<string, JsonElement> extensions)
    {
        if (node is null)
        {
            return null;
        }

        var reference = node.String("transportCallID", required: true, maxLength: TransportCallIdMax);
        var serviceCode = node.String("carrierServiceCode", maxLength: CarrierServiceCodeMax);
        var exportVoyage = node.String("exportVoyageNumber", maxLength: VoyageNumberMax);
        var importVoyage = node.String("importVoyageNumber", maxLength: VoyageNumberMax);
        var sequence = node.Int("transportCallSequenceNumber");
        var mode = MappingSupport.Code(node, "modeOfTransport", ModesOfTransport, required: true);

        // The transport call's facility: its own members, then transportCall.location for name, coordinates and address.
        var callFacility = new Location
        {
            UnLocode = MappingSupport.UnLocode(node, "UNLocationCode"),
            FacilityCode = node.String("facilityCode", maxLength: FacilityCodeMax),
            FacilityCodeListProvider = MappingSupport.Code(node, "facilityCodeListProvider", FacilityCodeListProviders),
            FacilityTypeCode = MappingSupport.Code(node, "facilityTypeCode", FacilityTypeCodes),
        };
        var inner = node.Object("location");
        var location = inner is null ? callFacility : ReadLocation(inner, callFacility, extensions) ?? callFacility;
        if (location.UnLocode is null && location.FacilityCode is null && location.FacilityCodeListProvider is null && location.FacilityTypeCode is null
            && location.Name is null && location.Geo is null && location.Address is null)
        {
            location = null;
        }

        Vessel? vessel = null;
        if (node.Object("vessel") is { } vesselNode)
        {
            vessel = new Vessel
            {
                Imo = MappingSupport.Imo(vesselNode, "vesselIMONumber", VesselImoMax) ?? RequiredMissing(vesselNode, "vesselIMONumber"),
                Name = vesselNode.String("vesselName", maxLength: VesselNameMax),
                Flag = MappingSupport.Country(vesselNode, "vesselFlag", VesselFlagMax),
                CallSign = vesselNode.String("vesselCallSignNumber", maxLength: CallSignMax),
                OperatorCarrierCode = vesselNode.String("vesselOperatorCarrierCode", maxLength: OperatorCarrierCodeMax),
                OperatorCarrierCodeListProvider = MappingSupport.Code(vesselNode, "vesselOperatorCarrierCodeListProvider", CarrierCodeListProviders),
            };
            vesselNode.CollectUnmapped(extensions);
        }

        node.CollectUnmapped(extensions);
        return new TransportCall
        {
            Mode = mode,
            Vessel = vessel,
            CarrierServiceCode = serviceCode,
            ExportVoyage = exportVoyage,
            ImportVoyage = importVoyage,
            TransportCallReference = reference,
            SequenceNumber = sequence,
            Location = location,
        };
    }

    private static string? RequiredMissing(SourceNode node, string name)
    {
        if (!node.Has(name))
        {
            node.Issues.Error(node.PathOf(name), ValidationCodes.Required, "is required");
        }

        return null;
    }

    /// <summary>
    /// A 2.2 <c>location</c>. For <c>transportCall.location</c>, <paramref name="call"/> holds the transport call's own
    /// UN/LOCODE and facility: the location's copies of them are typed when equal (or when the call lacks them) and
    /// otherwise kept as extensions.
    /// </summary>
    private static Location? ReadLocation(SourceNode node, Location? call, Dictionary<string, JsonElement> extensions)
    {
        var name = node.String("locationName", maxLength: LocationNameMax);
        GeoPoint? geo = null;
        if (node.Has("latitude") && node.Has("longitude"))
        {
            var latitude = MappingSupport.Coordinate(node, "latitude", LatitudeMax, 90);
            var longitude = MappingSupport.Coordinate(node, "longitude", LongitudeMax, 180);
            if (latitude is not null && longitude is not null)
            {
                geo = new GeoPoint { Latitude = latitude.Value, Longitude = longitude.Value };
            }
        }

        string? unLocode;
        string? facilityCode;
        string? provider;
        if (call is null)
        {
            unLocode = MappingSupport.UnLocode(node, "UNLocationCode");
            facilityCode = node.String("facilityCode", maxLength: FacilityCodeMax);
            provider = MappingSupport.Code(node, "facilityCodeListProvider", FacilityCodeListProviders);
        }
        else
        {
            unLocode = Repeat(node, "UNLocationCode", call.UnLocode) ?? call.UnLocode;
            if (unLocode != call.UnLocode && !TradeIdentifiers.IsValidUnLocode(unLocode))
            {
                TradeIdentifiers.ValidateUnLocode(unLocode, node.PathOf("UNLocationCode"), node.Issues);
            }

            facilityCode = Repeat(node, "facilityCode", call.FacilityCode) ?? call.FacilityCode;
            provider = Repeat(node, "facilityCodeListProvider", call.FacilityCodeListProvider) ?? call.FacilityCodeListProvider;
            if (provider is not null && !Contains(FacilityCodeListProviders, provider))
            {
                node.Issues.Error(node.PathOf("facilityCodeListProvider"), ValidationCodes.UnknownValue, "must be one of BIC, SMDG");
            }
        }

        var address = node.Object("address") is { } addressNode ? ReadAddress(addressNode, extensions) : null;
        node.CollectUnmapped(extensions);
        if (name is null && geo is null && unLocode is null && facilityCode is null && provider is null && address is null && call?.FacilityTypeCode is null)
        {
            return null;
        }

        return new Location
        {
            Name = name,
            UnLocode = unLocode,
            FacilityCode = facilityCode,
            FacilityCodeListProvider = provider,
            FacilityTypeCode = call?.FacilityTypeCode,
            Geo = geo,
            Address = address,
        };
    }

    // A member of transportCall.location that repeats one of the transport call's: consumed (and returned when the call
    // lacks it) when it matches, left for the extensions when it differs.
    private static string? Repeat(SourceNode node, string name, string? callValue)
    {
        var value = MappingSupport.Peek(node, name);
        if (value is null)
        {
            if (node.Has(name))
            {
                node.String(name); // not a string: reports invalid-format
            }

            return null;
        }

        if (callValue is null || string.Equals(value, callValue, StringComparison.Ordinal))
        {
            node.Consume(name);
            return callValue is null ? value : null;
        }

        return null;
    }

    private static Address ReadAddress(SourceNode node, Dictionary<string, JsonElement> extensions)
    {
        // 2.2 "country" is free text (maxLength 75, example "Denmark"); it becomes countryCode only when it is an
        // assigned ISO 3166-1 alpha-2 code, otherwise it stays in the extensions.
        string? countryCode = null;
        if (MappingSupport.Peek(node, "country") is { } country)
        {
            if (country.Length > CountryMax)
            {
                node.Issues.Error(node.PathOf("country"), ValidationCodes.TooLong, "must be at most 75 characters");
            }
            else if (TradeIdentifiers.IsValidCountryCode(country))
            {
                node.Consume("country");
                countryCode = country;
            }
        }
        else if (node.Has("country"))
        {
            node.String("country");
        }

        var address = new Address
        {
            Name = node.String("name", maxLength: AddressNameMax),
            Street = node.String("street", maxLength: StreetMax),
            StreetNumber = node.String("streetNumber", maxLength: StreetNumberMax),
            Floor = node.String("floor", maxLength: FloorMax),
            PostCode = node.String("postCode", maxLength: PostCodeMax),
            City = node.String("city", maxLength: CityMax),
            StateRegion = node.String("stateRegion", maxLength: StateRegionMax),
            CountryCode = countryCode,
        };
        node.CollectUnmapped(extensions);
        return address;
    }

    private static IReadOnlyList<Reference> ReadDocumentReferences(SourceNode node, Dictionary<string, JsonElement> extensions) =>
        ReadReferenceList(node, "documentReferences", "documentReferenceType", "documentReferenceValue", DocumentReferenceTypes, null, extensions);

    private static IReadOnlyList<Reference> ReadReferences(SourceNode node, Dictionary<string, JsonElement> extensions) =>
        ReadReferenceList(node, "references", "referenceType", "referenceValue", ReferenceTypes, ReferenceValueMax, extensions);

    /// <summary>A 2.2 list of {type, value} objects (documentReferences or references) as canonical references.</summary>
    private static IReadOnlyList<Reference> ReadReferenceList(SourceNode node, string arrayName, string typeMember, string valueMember, string[] typeCodes, int? maxLength, Dictionary<string, JsonElement> extensions)
    {
        var items = node.Array(arrayName);
        if (items.Count == 0)
        {
            return [];
        }

        var references = new List<Reference>(items.Count);
        foreach (var item in items)
        {
            if (!IsObject(item))
            {
                continue;
            }

            var type = MappingSupport.Code(item, typeMember, typeCodes, required: true);
            var value = item.String(valueMember, required: true, maxLength: maxLength);
            item.CollectUnmapped(extensions);
            if (type is not null && value is not null)
            {
                references.Add(new Reference { TypeCode = type, Value = value });
            }
        }

        return references;
    }

    private static bool IsObject(SourceNode item)
    {
        if (item.IsObject)
        {
            return true;
        }

        item.Issues.Error(item.Pointer, ValidationCodes.InvalidFormat, "must be an object");
        return false;
    }
}
