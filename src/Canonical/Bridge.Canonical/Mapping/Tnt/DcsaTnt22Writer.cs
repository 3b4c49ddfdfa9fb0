using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using static Bridge.Canonical.Mapping.Tnt.Tnt22Vocabulary;

namespace Bridge.Canonical.Mapping.Tnt;

/// <summary>
/// The outcome of writing canonical events as DCSA TNT 2.2: the JSON when every event could be expressed, otherwise
/// the findings. Finding paths are JSON pointers into the CANONICAL input (for a list: <c>/2/equipment/tareWeight</c>).
/// </summary>
public sealed class DcsaTnt22WriteResult
{
    internal DcsaTnt22WriteResult(byte[]? utf8Json, ValidationResult validation)
    {
        Utf8Json = utf8Json;
        Validation = validation;
    }

    /// <summary>True when the JSON was written (warnings allowed).</summary>
    public bool Succeeded => Utf8Json is not null;

    /// <summary>The TNT 2.2 JSON (UTF-8), or null when an event could not be expressed.</summary>
    public byte[]? Utf8Json { get; }

    /// <summary>The TNT 2.2 JSON as an element (parsed on each call), or null when an event could not be expressed.</summary>
    public JsonElement? Json => Utf8Json is null ? null : JsonDocument.Parse(Utf8Json).RootElement.Clone();

    /// <summary>Errors (why nothing was written) and warnings (what a lossy write dropped).</summary>
    public ValidationResult Validation { get; }
}

/// <summary>
/// Writes canonical <see cref="LogisticsEvent"/>s as DCSA Track &amp; Trace 2.2 events (the schema in
/// ../shared/conformance/dcsa/schemas/TNT_v2.2.0-resolved.yaml): the inverse of <see cref="DcsaTnt22Mapper"/>.
/// A canonical value the 2.2 vocabulary cannot carry (category DOCUMENT, CUSTOMS, IOT or REEFER, a type code 2.2 does
/// not have, a field without a 2.2 member, a missing member 2.2 requires) is a finding naming the canonical field,
/// never an exception: an error, or with <c>allowLossy</c> a warning for optional fields that are then left out.
/// </summary>
/// <remarks>
/// The round trip canonical -> 2.2 -> canonical (<see cref="DcsaTnt22Mapper"/>) keeps the content hash for events in
/// the 2.2-expressible subset, documented in docs/mapping.md: category TRANSPORT, SHIPMENT or EQUIPMENT with a 2.2 type
/// code; <c>UpdatedDateTime</c> set; no originating party, retraction, recorded time, movement type or identifiers;
/// TRANSPORT: a transport call, <c>Location</c> null or equal to the call's location, no equipment or reason;
/// SHIPMENT: exactly one document reference (its subject), no location, equipment, transport call, delay code or change
/// remark; EQUIPMENT: equipment with an empty indicator (or the 2.2 equipment members kept as extensions), a location
/// that is not null while the transport call has one, no reason, delay code or change remark; code lists and lengths
/// of 2.2; extensions only where the mapper would leave them (unknown member names, or the members listed as
/// extension-only in <see cref="Tnt22Vocabulary"/>).
/// </remarks>
public static class DcsaTnt22Writer
{
    /// <summary>Writes one event as a TNT 2.2 event object.</summary>
    public static DcsaTnt22WriteResult Write(LogisticsEvent logisticsEvent, bool allowLossy = false)
    {
        ArgumentNullException.ThrowIfNull(logisticsEvent);
        var issues = new ValidationCollector();
        var json = new EventWriter(logisticsEvent, string.Empty, allowLossy, issues).Write();
        return Finish(json, issues);
    }

    /// <summary>Writes events as a TNT 2.2 <c>GET /v2/events</c> response (a JSON array).</summary>
    public static DcsaTnt22WriteResult Write(IReadOnlyList<LogisticsEvent> events, bool allowLossy = false)
    {
        ArgumentNullException.ThrowIfNull(events);
        var issues = new ValidationCollector();
        var array = new JsonArray();
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            if (item is null)
            {
                issues.Error(JsonPointer.Append(string.Empty, i), ValidationCodes.Required, "must not be null");
                continue;
            }

            var json = new EventWriter(item, JsonPointer.Append(string.Empty, i), allowLossy, issues).Write();
            if (json is not null)
            {
                array.Add(json);
            }
        }

        return Finish(array, issues);
    }

    private static DcsaTnt22WriteResult Finish(JsonNode? json, ValidationCollector issues)
    {
        if (json is null || issues.HasErrors)
        {
            return new DcsaTnt22WriteResult(null, issues.ToResult());
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            json.WriteTo(writer);
        }

        return new DcsaTnt22WriteResult(buffer.WrittenSpan.ToArray(), issues.ToResult());
    }

    /// <summary>RFC 3339 with the event's own offset ("Z" for UTC) and only the fraction digits that are not zero.</summary>
    internal static string FormatDateTime(DateTimeOffset value)
    {
        var core = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return value.Offset == TimeSpan.Zero ? core + "Z" : core + value.ToString("zzz", CultureInfo.InvariantCulture);
    }

    // Where a pointer into the written event leads; decides which member names are typed there.
    private enum Kind
    {
        Root,
        TransportCall,
        Vessel,
        EventLocation,
        CallLocation,
        Address,
        Seals,
        Seal,
        References,
        Reference,
        DocumentReferences,
        DocumentReference,
        Other,
    }

    private sealed class EventWriter(LogisticsEvent e, string basePath, bool lossy, ValidationCollector issues)
    {
        public JsonObject? Write()
        {
            var root = new JsonObject();
            if (!Contains(EventTypes, e.Category))
            {
                issues.Error(P("category"), ValidationCodes.NotRepresentable, $"TNT 2.2 has the event types {string.Join(", ", EventTypes)}; {e.Category} events cannot be written");
                return null;
            }

            if (e.SourceEventId is { } id)
            {
                root["eventID"] = id;
                if (!Guid.TryParseExact(id, "D", out _))
                {
                    issues.Warning(P("sourceEventId"), ValidationCodes.InvalidFormat, "TNT 2.2 eventID should be a UUID");
                }
            }

            if (e.UpdatedDateTime is { } updated)
            {
                root["eventCreatedDateTime"] = FormatDateTime(updated);
            }
            else
            {
                issues.Error(P("updatedDateTime"), ValidationCodes.Required, "is required: it becomes TNT 2.2 eventCreatedDateTime");
            }

            root["eventType"] = e.Category;
            Put(root, "eventClassifierCode", e.Classifier, P("classifier"), allowed: Classifiers, required: true);
            root["eventDateTime"] = FormatDateTime(e.EventDateTime);

            Absent(e.OriginatingParty is null, "originatingParty");
            Absent(!e.IsRetracted, "isRetracted");
            Absent(e.RetractedEventId is null, "retractedEventId");
            Absent(e.RecordedAt is null, "recordedAt");
            Absent(e.MovementType is null, "movementType");
            Absent(e.Identifiers.Count == 0, "identifiers");
            switch (e.Category)
            {
                case EventCategories.Transport:
                    WriteTransport(root);
                    break;
                case EventCategories.Shipment:
                    WriteShipment(root);
                    break;
                default:
                    WriteEquipment(root);
                    break;
            }

            WriteReferences(root);
            InsertExtensions(root);
            return root;
        }

        private void WriteTransport(JsonObject root)
        {
            Put(root, "transportEventTypeCode", e.TypeCode, P("typeCode"), allowed: TransportEventTypeCodes, required: true);
            Put(root, "delayReasonCode", e.DelayReasonCode, P("delayReasonCode"), DelayReasonCodeMax);
            Put(root, "changeRemark", e.ChangeRemark, P("changeRemark"), ChangeRemarkMax);
            Absent(e.Reason is null, "reason", "TNT 2.2 transport events have no reason (only delayReasonCode and changeRemark)");
            Absent(e.Equipment is null, "equipment", "TNT 2.2 transport events carry no equipment");
            if (e.TransportCall is null)
            {
                issues.Error(P("transportCall"), ValidationCodes.Required, "is required for a TNT 2.2 transport event");
            }
            else
            {
                root["transportCall"] = WriteTransportCall(e.TransportCall);
            }

            Absent(e.Location is null || SameLocation(e.Location, e.TransportCall?.Location), "location", "a TNT 2.2 transport event is located by its transport call only, so location must equal transportCall.location");
            WriteDocumentReferences(root);
        }

        private void WriteShipment(JsonObject root)
        {
            Put(root, "shipmentEventTypeCode", e.TypeCode, P("typeCode"), allowed: ShipmentEventTypeCodes, required: true);
            if (e.DocumentReferences.Count == 0)
            {
                issues.Error(P("documentReferences"), ValidationCodes.Required, "a TNT 2.2 shipment event needs the document it is about (documentID and documentTypeCode)");
            }
            else
            {
                var subject = e.DocumentReferences[0];
                var path = JsonPointer.Append(P("documentReferences"), 0);
                Put(root, "documentID", subject.Value, JsonPointer.Append(path, "value"), required: true);
                Put(root, "documentTypeCode", subject.TypeCode, JsonPointer.Append(path, "typeCode"), allowed: DocumentTypeCodes, required: true);
                for (var i = 1; i < e.DocumentReferences.Count; i++)
                {
                    Drop(JsonPointer.Append(P("documentReferences"), i), "a TNT 2.2 shipment event refers to one document only");
                }
            }

            Put(root, "reason", e.Reason, P("reason"));
            Absent(e.DelayReasonCode is null, "delayReasonCode", "only TNT 2.2 transport events have delayReasonCode");
            Absent(e.ChangeRemark is null, "changeRemark", "only TNT 2.2 transport events have changeRemark");
            Absent(e.Equipment is null, "equipment", "TNT 2.2 shipment events carry no equipment");
            Absent(e.TransportCall is null, "transportCall", "TNT 2.2 shipment events carry no transport call");
            Absent(e.Location is null, "location", "TNT 2.2 shipment events have no location");
        }

        private void WriteEquipment(JsonObject root)
        {
            Put(root, "equipmentEventTypeCode", e.TypeCode, P("typeCode"), allowed: EquipmentEventTypeCodes, required: true);
            if (e.Equipment is { } equipment)
            {
                var path = P("equipment");
                Put(root, "equipmentReference", equipment.EquipmentReference, JsonPointer.Append(path, "equipmentReference"), EquipmentReferenceMax, required: true);
                Put(root, "ISOEquipmentCode", equipment.IsoEquipmentCode, JsonPointer.Append(path, "isoEquipmentCode"), IsoEquipmentCodeMax);
                Put(root, "emptyIndicatorCode", equipment.EmptyIndicator, JsonPointer.Append(path, "emptyIndicator"), allowed: EmptyIndicatorCodes, required: true);
                Absent(equipment.IsShipperOwned is null, "equipment/isShipperOwned");
                Absent(equipment.TareWeight is null, "equipment/tareWeight");
                if (equipment.Seals.Count > 0)
                {
                    var seals = new JsonArray();
                    for (var i = 0; i < equipment.Seals.Count; i++)
                    {
                        var seal = equipment.Seals[i];
                        var sealPath = JsonPointer.Append(JsonPointer.Append(path, "seals"), i);
                        var sealJson = new JsonObject();
                        Put(sealJson, "sealNumber", seal.Number, JsonPointer.Append(sealPath, "number"), SealNumberMax, required: true);
                        Put(sealJson, "sealSource", seal.Source, JsonPointer.Append(sealPath, "source"), allowed: SealSources);
                        Put(sealJson, "sealType", seal.Type, JsonPointer.Append(sealPath, "type"), allowed: SealTypes, required: true);
                        seals.Add(sealJson);
                    }

                    root["seals"] = seals;
                }
            }
            else if (e.Extensions is null || !e.Extensions.ContainsKey("/emptyIndicatorCode"))
            {
                issues.Error(P("equipment"), ValidationCodes.Required, "a TNT 2.2 equipment event requires emptyIndicatorCode (equipment.emptyIndicator)");
            }

            var callLocation = e.TransportCall?.Location;
            if (e.Location is not null && !(callLocation is not null && SameLocation(e.Location, callLocation)))
            {
                root["eventLocation"] = WriteLocation(e.Location, P("location"));
            }

            if (e.TransportCall is not null)
            {
                root["transportCall"] = WriteTransportCall(e.TransportCall);
            }

            Absent(e.Reason is null, "reason", "only TNT 2.2 shipment events have reason");
            Absent(e.DelayReasonCode is null, "delayReasonCode", "only TNT 2.2 transport events have delayReasonCode");
            Absent(e.ChangeRemark is null, "changeRemark", "only TNT 2.2 transport events have changeRemark");
            WriteDocumentReferences(root);
        }

        private JsonObject WriteTransportCall(TransportCall call)
        {
            var path = P("transportCall");
            var json = new JsonObject();
            Put(json, "transportCallID", call.TransportCallReference, JsonPointer.Append(path, "transportCallReference"), TransportCallIdMax, required: true);
            Put(json, "carrierServiceCode", call.CarrierServiceCode, JsonPointer.Append(path, "carrierServiceCode"), CarrierServiceCodeMax);
            Put(json, "exportVoyageNumber", call.ExportVoyage, JsonPointer.Append(path, "exportVoyage"), VoyageNumberMax);
            Put(json, "importVoyageNumber", call.ImportVoyage, JsonPointer.Append(path, "importVoyage"), VoyageNumberMax);
            if (call.SequenceNumber is { } sequence)
            {
                json["transportCallSequenceNumber"] = sequence;
            }

            Absent(call.VehicleId is null, "transportCall/vehicleId");
            Absent(call.UniversalServiceReference is null, "transportCall/universalServiceReference");
            Absent(call.UniversalVoyageReference is null, "transportCall/universalVoyageReference");
            if (call.Location is { } location)
            {
                var locationPath = JsonPointer.Append(path, "location");
                Put(json, "UNLocationCode", location.UnLocode, JsonPointer.Append(locationPath, "unLocode"), UnLocationCodeMax);
                Put(json, "facilityCode", location.FacilityCode, JsonPointer.Append(locationPath, "facilityCode"), FacilityCodeMax);
                Put(json, "facilityCodeListProvider", location.FacilityCodeListProvider, JsonPointer.Append(locationPath, "facilityCodeListProvider"), allowed: FacilityCodeListProviders);
                Put(json, "facilityTypeCode", location.FacilityTypeCode, JsonPointer.Append(locationPath, "facilityTypeCode"), allowed: FacilityTypeCodes);
            }

            Put(json, "modeOfTransport", call.Mode, JsonPointer.Append(path, "mode"), allowed: ModesOfTransport, required: true);
            if (call.Location is { } place && (place.Name is not null || place.Geo is not null || place.Address is not null || place.Gln is not null))
            {
                var inner = WriteLocation(place with { FacilityCode = null, FacilityCodeListProvider = null, FacilityTypeCode = null }, JsonPointer.Append(path, "location"));
                json["location"] = inner;
            }

            if (call.Vessel is { } vessel)
            {
                var vesselPath = JsonPointer.Append(path, "vessel");
                var vesselJson = new JsonObject();
                Put(vesselJson, "vesselIMONumber", vessel.Imo, JsonPointer.Append(vesselPath, "imo"), VesselImoMax, required: true);
                Put(vesselJson, "vesselName", vessel.Name, JsonPointer.Append(vesselPath, "name"), VesselNameMax);
                Put(vesselJson, "vesselFlag", vessel.Flag, JsonPointer.Append(vesselPath, "flag"), VesselFlagMax);
                Put(vesselJson, "vesselCallSignNumber", vessel.CallSign, JsonPointer.Append(vesselPath, "callSign"), CallSignMax);
                Put(vesselJson, "vesselOperatorCarrierCode", vessel.OperatorCarrierCode, JsonPointer.Append(vesselPath, "operatorCarrierCode"), OperatorCarrierCodeMax);
                Put(vesselJson, "vesselOperatorCarrierCodeListProvider", vessel.OperatorCarrierCodeListProvider, JsonPointer.Append(vesselPath, "operatorCarrierCodeListProvider"), allowed: CarrierCodeListProviders);
                json["vessel"] = vesselJson;
            }

            return json;
        }

        private JsonObject WriteLocation(Location location, string path)
        {
            var json = new JsonObject();
            Put(json, "locationName", location.Name, JsonPointer.Append(path, "name"), LocationNameMax);
            if (location.Geo is { } geo)
            {
                var latitude = geo.Latitude.ToString(CultureInfo.InvariantCulture);
                var longitude = geo.Longitude.ToString(CultureInfo.InvariantCulture);
                var geoPath = JsonPointer.Append(path, "geo");
                if (latitude.Length > LatitudeMax || longitude.Length > LongitudeMax)
                {
                    Drop(geoPath, "TNT 2.2 latitude and longitude are strings of at most 10 and 11 characters");
                }
                else
                {
                    json["latitude"] = latitude;
                    json["longitude"] = longitude;
                }
            }

            Put(json, "UNLocationCode", location.UnLocode, JsonPointer.Append(path, "unLocode"), UnLocationCodeMax);
            Put(json, "facilityCode", location.FacilityCode, JsonPointer.Append(path, "facilityCode"), FacilityCodeMax);
            Put(json, "facilityCodeListProvider", location.FacilityCodeListProvider, JsonPointer.Append(path, "facilityCodeListProvider"), allowed: FacilityCodeListProviders);
            Absent(location.FacilityTypeCode is null, JsonPointer.Append(path, "facilityTypeCode"), "a TNT 2.2 location has no facility type (only a transport call has)", relative: false);
            Absent(location.Gln is null, JsonPointer.Append(path, "gln"), "a TNT 2.2 location has no GLN", relative: false);
            if (location.Address is { } address)
            {
                var addressPath = JsonPointer.Append(path, "address");
                var addressJson = new JsonObject();
                Put(addressJson, "name", address.Name, JsonPointer.Append(addressPath, "name"), AddressNameMax);
                Put(addressJson, "street", address.Street, JsonPointer.Append(addressPath, "street"), StreetMax);
                Put(addressJson, "streetNumber", address.StreetNumber, JsonPointer.Append(addressPath, "streetNumber"), StreetNumberMax);
                Put(addressJson, "floor", address.Floor, JsonPointer.Append(addressPath, "floor"), FloorMax);
                Put(addressJson, "postCode", address.PostCode, JsonPointer.Append(addressPath, "postCode"), PostCodeMax);
                Put(addressJson, "city", address.City, JsonPointer.Append(addressPath, "city"), CityMax);
                Put(addressJson, "stateRegion", address.StateRegion, JsonPointer.Append(addressPath, "stateRegion"), StateRegionMax);
                Put(addressJson, "country", address.CountryCode, JsonPointer.Append(addressPath, "countryCode"), CountryMax);
                Absent(address.PoBox is null, JsonPointer.Append(addressPath, "poBox"), "a TNT 2.2 address has no PO box", relative: false);
                Absent(address.AddressLines.Count == 0, JsonPointer.Append(addressPath, "addressLines"), "a TNT 2.2 address has no free-text lines", relative: false);
                json["address"] = addressJson;
            }

            return json;
        }

        private void WriteDocumentReferences(JsonObject root)
        {
            if (e.DocumentReferences.Count == 0)
            {
                return;
            }

            var array = new JsonArray();
            for (var i = 0; i < e.DocumentReferences.Count; i++)
            {
                var reference = e.DocumentReferences[i];
                var path = JsonPointer.Append(P("documentReferences"), i);
                if (!Contains(DocumentReferenceTypes, reference.TypeCode))
                {
                    Drop(JsonPointer.Append(path, "typeCode"), "TNT 2.2 documentReferences are BKG or TRD only", ValidationCodes.UnknownValue);
                    continue;
                }

                array.Add(new JsonObject { ["documentReferenceType"] = reference.TypeCode, ["documentReferenceValue"] = reference.Value });
            }

            root["documentReferences"] = array;
        }

        private void WriteReferences(JsonObject root)
        {
            if (e.ShipmentReferences.Count == 0)
            {
                return;
            }

            var array = new JsonArray();
            for (var i = 0; i < e.ShipmentReferences.Count; i++)
            {
                var reference = e.ShipmentReferences[i];
                var path = JsonPointer.Append(P("shipmentReferences"), i);
                if (!Contains(ReferenceTypes, reference.TypeCode))
                {
                    Drop(JsonPointer.Append(path, "typeCode"), "TNT 2.2 references are of type " + string.Join(", ", ReferenceTypes), ValidationCodes.UnknownValue);
                    continue;
                }

                if (reference.Value.Length > ReferenceValueMax)
                {
                    Drop(JsonPointer.Append(path, "value"), "TNT 2.2 referenceValue is at most 100 characters", ValidationCodes.TooLong);
                    continue;
                }

                array.Add(new JsonObject { ["referenceType"] = reference.TypeCode, ["referenceValue"] = reference.Value });
            }

            root["references"] = array;
        }

        // ------------------------------------------------------------------ extensions

        // Puts each extension back at its pointer, where the mapper found it. Refused (error, or a warning when lossy):
        // pointers whose parent the output does not have (except locations and addresses, which are created), pointers
        // into another extension, and names the mapper would read as typed fields.
        private void InsertExtensions(JsonObject root)
        {
            if (e.Extensions is null || e.Extensions.Count == 0)
            {
                return;
            }

            var keys = new List<string>(e.Extensions.Keys);
            keys.Sort(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var path = JsonPointer.Append(P("extensions"), key);
                if (!TryParsePointer(key, out var tokens))
                {
                    Drop(path, "is not a JSON pointer to a member of the event");
                    continue;
                }

                JsonNode current = root;
                var kind = Kind.Root;
                var placed = true;
                for (var i = 0; i < tokens.Count - 1 && placed; i++)
                {
                    var token = tokens[i];
                    var childKind = ChildKind(kind, token);
                    JsonNode? child = null;
                    if (current is JsonObject obj)
                    {
                        if (!obj.TryGetPropertyValue(token, out child) && childKind is Kind.EventLocation or Kind.CallLocation or Kind.Address)
                        {
                            child = new JsonObject();
                            obj[token] = child;
                        }
                    }
                    else if (current is JsonArray array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count)
                    {
                        child = array[index];
                    }

                    if (child is null or JsonValue || childKind == Kind.Other)
                    {
                        Drop(path, "has no place in a TNT 2.2 event: its parent is not a member the event has");
                        placed = false;
                    }
                    else
                    {
                        current = child;
                        kind = childKind;
                    }
                }

                if (!placed)
                {
                    continue;
                }

                var name = tokens[^1];
                var value = e.Extensions[key];
                if (current is not JsonObject target)
                {
                    Drop(path, "has no place in a TNT 2.2 event: it does not point to an object member");
                }
                else if (IsTyped(kind, name, value))
                {
                    Drop(path, "names a TNT 2.2 member that carries a canonical field; set the canonical field instead");
                }
                else if (target.ContainsKey(name) && !(kind == Kind.CallLocation && Contains(InnerLocationRepeats, name)))
                {
                    Drop(path, "collides with a member written from a canonical field");
                }
                else
                {
                    target[name] = JsonNode.Parse(value.GetRawText());
                }
            }
        }

        private Kind ChildKind(Kind parent, string token) => (parent, token) switch
        {
            (Kind.Root, "transportCall") when e.Category != EventCategories.Shipment => Kind.TransportCall,
            (Kind.Root, "eventLocation") when e.Category == EventCategories.Equipment => Kind.EventLocation,
            (Kind.Root, "seals") when e.Category == EventCategories.Equipment && e.Equipment is not null => Kind.Seals,
            (Kind.Root, "references") => Kind.References,
            (Kind.Root, "documentReferences") when e.Category != EventCategories.Shipment => Kind.DocumentReferences,
            (Kind.TransportCall, "vessel") => Kind.Vessel,
            (Kind.TransportCall, "location") => Kind.CallLocation,
            (Kind.EventLocation or Kind.CallLocation, "address") => Kind.Address,
            (Kind.Seals, _) => Kind.Seal,
            (Kind.References, _) => Kind.Reference,
            (Kind.DocumentReferences, _) => Kind.DocumentReference,
            _ => Kind.Other,
        };

        private bool IsTyped(Kind kind, string name, JsonElement value) => kind switch
        {
            Kind.Root => Contains(CommonMembers, name)
                || e.Category switch
                {
                    EventCategories.Transport => Contains(TransportMembers, name),
                    EventCategories.Shipment => Contains(ShipmentMembers, name),
                    _ => Contains(EquipmentMembers, name) || (e.Equipment is not null && Contains(EquipmentDetailMembers, name)),
                },
            Kind.TransportCall => Contains(TransportCallMembers, name),
            Kind.Vessel => Contains(VesselMembers, name),
            Kind.EventLocation => Contains(LocationMembers, name),
            Kind.CallLocation => name is "locationName" or "address",
            Kind.Address => Contains(AddressMembers, name)
                || (name == "country" && value.ValueKind == JsonValueKind.String && TradeIdentifiers.IsValidCountryCode(value.GetString()!)),
            Kind.Seal => Contains(SealMembers, name),
            Kind.Reference => Contains(ReferenceMembers, name),
            Kind.DocumentReference => Contains(DocumentReferenceMembers, name),
            _ => true,
        };

        private static bool TryParsePointer(string pointer, out List<string> tokens)
        {
            tokens = [];
            if (pointer.Length < 2 || pointer[0] != '/')
            {
                return false;
            }

            foreach (var raw in pointer[1..].Split('/'))
            {
                tokens.Add(raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            return true;
        }

        // ------------------------------------------------------------------ helpers

        private string P(string relative)
        {
            var path = basePath;
            foreach (var token in relative.Split('/'))
            {
                path = JsonPointer.Append(path, token);
            }

            return path;
        }

        private void Put(JsonObject target, string member, string? value, string path, int maxLength = int.MaxValue, string[]? allowed = null, bool required = false)
        {
            if (value is null)
            {
                if (required)
                {
                    issues.Error(path, ValidationCodes.Required, $"is required: it becomes TNT 2.2 {member}");
                }

                return;
            }

            if (allowed is not null && !Contains(allowed, value))
            {
                Problem(required, path, ValidationCodes.UnknownValue, $"'{value}' is not a TNT 2.2 {member} (one of {string.Join(", ", allowed)})");
                return;
            }

            if (value.Length > maxLength)
            {
                Problem(required, path, ValidationCodes.TooLong, $"TNT 2.2 {member} is at most {maxLength.ToString(CultureInfo.InvariantCulture)} characters");
                return;
            }

            target[member] = value;
        }

        // A canonical field that must be empty because TNT 2.2 has no member for it.
        private void Absent(bool isAbsent, string field, string? message = null, bool relative = true)
        {
            if (!isAbsent)
            {
                Drop(relative ? P(field) : field, message ?? "has no TNT 2.2 member");
            }
        }

        private void Drop(string path, string message, string code = ValidationCodes.NotRepresentable) => Problem(false, path, code, message);

        private void Problem(bool essential, string path, string code, string message)
        {
            if (lossy && !essential)
            {
                issues.Warning(path, code, message + " (left out)");
            }
            else
            {
                issues.Error(path, code, message);
            }
        }

        private static bool SameLocation(Location a, Location? b) =>
            b is not null && (ReferenceEquals(a, b)
                || JsonElement.DeepEquals(CanonicalJson.SerializeToElement(a), CanonicalJson.SerializeToElement(b)));
    }
}
