using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Epcis;

/// <summary>
/// Maps one EPCIS 2.0 event (GS1 EPCIS 2.0, Jun 2022, core event types: ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent,
/// AssociationEvent, all extending EPCISEvent) to a canonical <see cref="LogisticsEvent"/>. Field names are those of
/// the EPCIS 2.0 JSON schema (https://ref.gs1.org/standards/epcis/2.0.0/epcis-json-schema.json). Findings point at
/// the source fields; what has no canonical field is kept in <see cref="LogisticsEvent.Extensions"/> keyed by its
/// JSON pointer relative to the event.
/// </summary>
internal sealed class EpcisEventMapper
{
    private const string ObjectEvent = "ObjectEvent";
    private const string AggregationEvent = "AggregationEvent";
    private const string TransactionEvent = "TransactionEvent";
    private const string TransformationEvent = "TransformationEvent";
    private const string AssociationEvent = "AssociationEvent";

    private const string Add = "ADD";
    private const string Observe = "OBSERVE";
    private const string Delete = "DELETE";

    private readonly EpcisMappingOptions _options;
    private readonly HashSet<string> _customsGlns;
    private readonly MappingContext _context;
    private readonly ValidationCollector _issues;

    public EpcisEventMapper(EpcisMappingOptions options, HashSet<string> customsGlns, MappingContext context, ValidationCollector issues)
    {
        _options = options;
        _customsGlns = customsGlns;
        _context = context;
        _issues = issues;
    }

    public static bool IsEventType(string type) =>
        type is ObjectEvent or AggregationEvent or TransactionEvent or TransformationEvent or AssociationEvent;

    /// <summary>
    /// Maps one event; null when it cannot become a canonical event (no usable type or time), with the errors
    /// recorded. <paramref name="documentContext"/> is the enclosing document's @context when it declares more than
    /// the GS1 context.
    /// </summary>
    public LogisticsEvent? Map(SourceNode e, JsonElement? documentContext, bool requireContext)
    {
        if (!e.IsObject)
        {
            _issues.Error(e.Pointer, ValidationCodes.InvalidFormat, "must be an EPCIS event object");
            return null;
        }

        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var type = e.String("type", required: true);
        if (type is not null && !IsEventType(type))
        {
            _issues.Error(e.PathOf("type"), ValidationCodes.UnknownValue, "must be ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent");
            type = null;
        }

        Keep(e, "type", extensions);
        ReadContext(e, documentContext, requireContext, extensions);

        // When: eventTime is an instant, eventTimeZoneOffset the local offset where it happened (EPCIS 2.0,
        // EPCISEvent); the canonical time is that instant at that offset.
        var eventTime = e.DateTime("eventTime", required: true);
        var offset = ReadOffset(e);
        var recordTime = e.DateTime("recordTime");
        var eventId = e.String("eventID");
        if (eventId is { Length: 0 })
        {
            _issues.Error(e.PathOf("eventID"), ValidationCodes.InvalidFormat, "must not be empty");
            eventId = null;
        }

        var action = type is TransformationEvent ? null : ReadAction(e, type is not null, extensions);

        // What.
        var what = new What(this, e, extensions);
        switch (type)
        {
            case ObjectEvent:
                what.EpcList("epcList");
                what.QuantityList("quantityList");
                break;
            case AggregationEvent:
                // EPCIS 2.0, AggregationEvent: parentID is required unless the action is OBSERVE.
                what.Parent(required: action is Add or Delete);
                what.EpcList("childEPCs");
                what.QuantityList("childQuantityList");
                break;
            case TransactionEvent:
                what.Parent(required: false);
                what.EpcList("epcList");
                what.QuantityList("quantityList");
                break;
            case TransformationEvent:
                what.EpcList("inputEPCList");
                what.EpcList("outputEPCList");
                what.QuantityList("inputQuantityList");
                what.QuantityList("outputQuantityList");
                break;
            case AssociationEvent:
                // EPCIS 2.0, AssociationEvent: parentID is always required.
                what.Parent(required: true);
                what.EpcList("childEPCs");
                what.QuantityList("childQuantityList");
                break;
        }

        // Where: the readPoint is where the event took place; the bizLocation where the objects are afterwards
        // (EPCIS 2.0 "where" dimension). The location comes from the readPoint, else from the bizLocation.
        var readPoint = ReadPlace(e, "readPoint");
        var bizLocation = ReadPlace(e, "bizLocation");
        var location = readPoint.Location ?? bizLocation.Location;
        var usedReadPoint = readPoint.Location is not null;
        KeepPlace(e, "readPoint", readPoint, used: usedReadPoint, extensions);
        KeepPlace(e, "bizLocation", bizLocation, used: !usedReadPoint && bizLocation.Location is not null, extensions);

        // Why.
        var bizStep = e.String("bizStep");
        var bizStepTerm = bizStep is null ? null : CbvVocabulary.Term(bizStep, CbvVocabulary.BizStepUrn, CbvVocabulary.BizStepWeb);
        Keep(e, "bizStep", extensions);
        var documentReferences = new List<Reference>();
        var shipmentReferences = new List<Reference>();
        ReadBizTransactions(e, required: type is TransactionEvent, documentReferences, shipmentReferences, extensions);

        // Error declaration (EPCIS 2.0, ErrorDeclaration): this event says the event with the same eventID was wrong.
        var retracted = false;
        string? reason = null;
        DateTimeOffset? declaredAt = null;
        var declaration = e.Object("errorDeclaration");
        if (declaration is not null)
        {
            retracted = true;
            declaredAt = declaration.DateTime("declarationTime", required: true);
            var reasonValue = declaration.String("reason");
            reason = reasonValue is null ? null : CbvVocabulary.Term(reasonValue, CbvVocabulary.ErrorReasonUrn, CbvVocabulary.ErrorReasonWeb) ?? reasonValue;
            declaration.CollectUnmapped(extensions);
            if (eventId is null)
            {
                _issues.Error(e.PathOf("eventID"), ValidationCodes.Required, "an event with an errorDeclaration must carry the eventID of the event it declares erroneous");
            }
        }

        var customs = location?.Gln is { } gln && _customsGlns.Contains(gln)
            || bizLocation.Location?.Gln is { } bizGln && _customsGlns.Contains(bizGln);
        var (category, typeCode) = Classify(type, action, bizStep is not null, bizStepTerm, what, customs, HasTemperature(e.Element));

        e.CollectUnmapped(extensions);
        if (type is null || eventTime is null || offset is null)
        {
            return null;
        }

        return new LogisticsEvent
        {
            SourceEventId = eventId,
            IsRetracted = retracted,
            RetractedEventId = retracted ? eventId : null,
            Category = category,
            Classifier = EventClassifiers.Actual,
            TypeCode = typeCode,
            EventDateTime = eventTime.Value.ToOffset(offset.Value),
            UpdatedDateTime = declaredAt,
            RecordedAt = recordTime,
            Location = location,
            Equipment = what.Equipment,
            TransportCall = what.VesselImo is { } imo ? new TransportCall { Mode = "VESSEL", Vessel = new Vessel { Imo = imo } } : null,
            DocumentReferences = documentReferences,
            ShipmentReferences = shipmentReferences,
            Identifiers = what.Identifiers,
            Reason = reason,
            Extensions = extensions.Count == 0 ? null : extensions,
            Provenance = new Provenance
            {
                SourceSystem = SourceSystems.Epcis,
                SourceId = eventId,
                ReceivedAt = _context.ReceivedAt,
                RawSha256 = _context.RawSha256,
            },
        };
    }

    /// <summary>
    /// bizStep (CBV 2.0 business steps) to canonical category and type code (trade-standards.md §A.5; docs/mapping.md).
    /// Steps with no canonical meaning are not errors: they become IOT OBSV (an observation), or REEFER MEAS when the
    /// event carries a temperature reading, or DOCUMENT LINK for a TransactionEvent that adds or observes a link.
    /// </summary>
    private (string Category, string TypeCode) Classify(string? type, string? action, bool hasBizStep, string? term, What what, bool customs, bool temperature)
    {
        // Goods aggregated into (or taken out of) a container: stuffing and stripping (trade-standards.md §A.5).
        if (type is AggregationEvent && what.ParentIsContainer)
        {
            if (action is Add && (!hasBizStep || term is "packing" or "loading"))
            {
                return (EventCategories.Equipment, "STUF");
            }

            if (action is Delete && (!hasBizStep || term is "unpacking" or "unloading"))
            {
                return (EventCategories.Equipment, "STRP");
            }
        }

        switch (term)
        {
            case "loading":
                return (EventCategories.Equipment, "LOAD");
            case "unloading":
                return (EventCategories.Equipment, "DISC");
            case "departing":
                return what.VesselImo is not null ? (EventCategories.Transport, "DEPA") : (EventCategories.Equipment, "GTOT");
            case "arriving":
                return what.VesselImo is not null ? (EventCategories.Transport, "ARRI") : (EventCategories.Equipment, "GTIN");
            case "shipping":
                return (EventCategories.Equipment, _options.ShippingTypeCode);
            case "receiving":
                return (EventCategories.Equipment, _options.ReceivingTypeCode);
            case "inspecting":
                return customs ? (EventCategories.Customs, "CUSI") : (EventCategories.Equipment, "INSP");
            case "holding" when customs:
                return (EventCategories.Customs, "CUSH");
        }

        if (type is TransactionEvent && action is not Delete)
        {
            return (EventCategories.Document, "LINK");
        }

        return temperature ? (EventCategories.Reefer, "MEAS") : (EventCategories.Iot, "OBSV");
    }

    // sensorElementList[].sensorReport[].type (EPCIS 2.0 SensorElement / SensorReport); read without consuming: the sensor
    // data itself stays in the extensions.
    private static bool HasTemperature(JsonElement e)
    {
        if (!e.TryGetProperty("sensorElementList", out var elements) || elements.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var element in elements.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("sensorReport", out var reports) || reports.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var report in reports.EnumerateArray())
            {
                if (report.ValueKind == JsonValueKind.Object && report.TryGetProperty("type", out var reportType)
                    && reportType.ValueKind == JsonValueKind.String && CbvVocabulary.IsTemperature(reportType.GetString()!))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void ReadContext(SourceNode e, JsonElement? documentContext, bool requireContext, Dictionary<string, JsonElement> extensions)
    {
        if (e.Element.TryGetProperty("@context", out var own) && own.ValueKind != JsonValueKind.Null)
        {
            e.Consume("@context");
            if (!CbvVocabulary.IsStandardContextOnly(own))
            {
                extensions["/@context"] = own.Clone();
            }
        }
        else if (requireContext)
        {
            _issues.Warning(e.PathOf("@context"), ValidationCodes.Required, "a standalone EPCIS 2.0 JSON-LD event has an @context; mapped with the GS1 EPCIS context");
        }

        if (documentContext is { } inherited && !extensions.ContainsKey("/@context"))
        {
            extensions["/@context"] = inherited;
        }
    }

    // EPCIS 2.0 JSON schema: eventTimeZoneOffset matches ^(\+|-)((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$.
    private TimeSpan? ReadOffset(SourceNode e)
    {
        var text = e.String("eventTimeZoneOffset", required: true);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 6 && text[0] is '+' or '-' && text[3] == ':'
            && int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0)))
        {
            var span = new TimeSpan(hours, minutes, 0);
            return text[0] == '-' ? span.Negate() : span;
        }

        _issues.Error(e.PathOf("eventTimeZoneOffset"), ValidationCodes.InvalidFormat, "must be a UTC offset +hh:mm or -hh:mm between -14:00 and +14:00, for example +01:00");
        return null;
    }

    private string? ReadAction(SourceNode e, bool typeKnown, Dictionary<string, JsonElement> extensions)
    {
        var action = e.String("action", required: typeKnown);
        Keep(e, "action", extensions);
        if (action is null or Add or Observe or Delete)
        {
            return action;
        }

        _issues.Error(e.PathOf("action"), ValidationCodes.UnknownValue, "must be ADD, OBSERVE or DELETE");
        return null;
    }

    private Place ReadPlace(SourceNode e, string name)
    {
        var node = e.Object(name);
        if (node is null)
        {
            return default;
        }

        var id = node.String("id", required: true);
        if (id is null)
        {
            return new Place(node, null, Lossy: false);
        }

        if (id.StartsWith("geo:", StringComparison.Ordinal))
        {
            return new Place(node, ParseGeo(id, node.PathOf("id")), Lossy: id.Contains(';', StringComparison.Ordinal));
        }

        var parsed = EpcUris.Parse(id);
        switch (parsed.Status)
        {
            case EpcParseStatus.Parsed when parsed.Epc.Kind == EpcKind.Sgln:
                return new Place(node, new Location { Gln = parsed.Epc.Value }, Lossy: parsed.Epc.Qualifier is not null);
            case EpcParseStatus.Malformed:
                _issues.Error(node.PathOf("id"), parsed.Code!, parsed.Message!);
                return new Place(node, null, Lossy: false);
            default:
                // A place id that is not a GLN (a private URI, another EPC): no canonical location; kept as it is.
                return new Place(node, null, Lossy: false);
        }
    }

    // RFC 5870 geo URI: geo:lat,lon[,alt][;params]; WGS 84 decimal degrees.
    private Location? ParseGeo(string id, string path)
    {
        var body = id.AsSpan(4);
        var semicolon = body.IndexOf(';');
        if (semicolon >= 0)
        {
            body = body[..semicolon];
        }

        var comma = body.IndexOf(',');
        if (comma > 0)
        {
            var rest = body[(comma + 1)..];
            var second = rest.IndexOf(',');
            var lonText = second >= 0 ? rest[..second] : rest;
            const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
            if (decimal.TryParse(body[..comma], style, CultureInfo.InvariantCulture, out var lat)
                && decimal.TryParse(lonText, style, CultureInfo.InvariantCulture, out var lon))
            {
                if (lat is < -90 or > 90 || lon is < -180 or > 180)
                {
                    _issues.Error(path, ValidationCodes.OutOfRange, "latitude must be between -90 and 90 and longitude between -180 and 180");
                    return null;
                }

                return new Location { Geo = new GeoPoint { Latitude = lat, Longitude = lon } };
            }
        }

        _issues.Error(path, ValidationCodes.InvalidFormat, "a geo URI is geo:latitude,longitude (RFC 5870)");
        return null;
    }

    // The place that became the canonical location keeps only what the canonical location lacks (a GLN extension,
    // geo URI parameters: then the whole id); the other place is kept as it is.
    private static void KeepPlace(SourceNode e, string name, Place place, bool used, Dictionary<string, JsonElement> extensions)
    {
        if (place.Node is null)
        {
            return;
        }

        if (!used)
        {
            extensions[e.PathOf(name)[e.RecordPointer.Length..]] = e.Element.GetProperty(name).Clone();
            return;
        }

        if (place.Lossy)
        {
            Keep(place.Node, "id", extensions);
        }

        place.Node.CollectUnmapped(extensions);
    }

    /// <summary>
    /// bizTransactionList (EPCIS 2.0; CBV 2.0 business transaction types): bol -> document TRD, inv -> INV,
    /// cert -> CEO, po -> shipment reference PO, desadv -> shipment reference AAK (UN/EDIFACT 1153 "despatch advice
    /// number", the code list DCSA reference types come from). Other types, and entries without a type, stay in the
    /// extensions.
    /// </summary>
    private void ReadBizTransactions(SourceNode e, bool required, List<Reference> documents, List<Reference> shipments, Dictionary<string, JsonElement> extensions)
    {
        var entries = e.Array("bizTransactionList", required);
        foreach (var entry in entries)
        {
            if (!entry.IsObject)
            {
                _issues.Error(entry.Pointer, ValidationCodes.InvalidFormat, "must be an object with bizTransaction and type");
                continue;
            }

            var typeValue = entry.String("type");
            var value = entry.String("bizTransaction", required: true);
            if (value is null)
            {
                continue;
            }

            var term = typeValue is null ? null : CbvVocabulary.Term(typeValue, CbvVocabulary.BizTransactionTypeUrn, CbvVocabulary.BizTransactionTypeWeb);
            var (list, code) = term switch
            {
                "bol" => (documents, "TRD"),
                "inv" => (documents, "INV"),
                "cert" => (documents, "CEO"),
                "po" => (shipments, "PO"),
                "desadv" => (shipments, "AAK"),
                _ => (null, null),
            };

            var relative = entry.Pointer[e.RecordPointer.Length..];
            if (list is null || code is null)
            {
                extensions[relative] = entry.Element.Clone();
                continue;
            }

            // A CBV business transaction URN names the issuing party's GLN and the document number; the reference
            // keeps the number, the extensions the whole entry.
            var number = value;
            var shortened = false;
            if (value.StartsWith(CbvVocabulary.BizTransactionUrn, StringComparison.Ordinal))
            {
                var colon = value.IndexOf(':', CbvVocabulary.BizTransactionUrn.Length);
                if (colon > CbvVocabulary.BizTransactionUrn.Length && colon + 1 < value.Length)
                {
                    number = value[(colon + 1)..];
                    shortened = true;
                }
            }

            if (!AddReference(list, code, number))
            {
                continue;
            }

            if (shortened)
            {
                extensions[relative] = entry.Element.Clone();
            }
            else
            {
                entry.CollectUnmapped(extensions);
            }
        }
    }

    private static bool AddReference(List<Reference> references, string code, string value)
    {
        foreach (var existing in references)
        {
            if (existing.TypeCode == code && existing.Value == value)
            {
                return false;
            }
        }

        references.Add(new Reference { TypeCode = code, Value = value });
        return true;
    }

    // Keeps a member's raw value in the extensions although it was read (the canonical field does not say all of it).
    private static void Keep(SourceNode node, string name, Dictionary<string, JsonElement> extensions)
    {
        if (node.IsObject && node.Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            extensions[node.PathOf(name)[node.RecordPointer.Length..]] = value.Clone();
        }
    }

    private readonly record struct Place(SourceNode? Node, Location? Location, bool Lossy);

    /// <summary>The "what" of one event: EPCs and class identifiers turned into equipment, vessel and identifiers.</summary>
    private sealed class What
    {
        private readonly EpcisEventMapper _mapper;
        private readonly SourceNode _event;
        private readonly Dictionary<string, JsonElement> _extensions;
        private readonly List<Identifier> _identifiers = [];

        public What(EpcisEventMapper mapper, SourceNode e, Dictionary<string, JsonElement> extensions)
        {
            _mapper = mapper;
            _event = e;
            _extensions = extensions;
        }

        public TransportEquipment? Equipment { get; private set; }

        public string? VesselImo { get; private set; }

        public bool ParentIsContainer { get; private set; }

        public IReadOnlyList<Identifier> Identifiers => _identifiers;

        public void Parent(bool required)
        {
            var parent = _event.String("parentID", required);
            if (parent is null)
            {
                return;
            }

            var kind = Take(parent, _event.Element.GetProperty("parentID"), _event.PathOf("parentID"), "/parentID");
            ParentIsContainer = kind == EpcKind.Container;
        }

        public void EpcList(string name)
        {
            foreach (var item in _event.Array(name))
            {
                if (item.Element.ValueKind != JsonValueKind.String)
                {
                    _mapper._issues.Error(item.Pointer, ValidationCodes.InvalidFormat, "must be a string (an EPC or GS1 Digital Link URI)");
                    continue;
                }

                Take(item.Element.GetString()!, item.Element, item.Pointer, item.Pointer[_event.RecordPointer.Length..]);
            }
        }

        // Quantity lists stay whole in the extensions (quantities and units have no canonical field); their classes
        // add GTIN identifiers.
        public void QuantityList(string name)
        {
            if (!_event.Element.TryGetProperty(name, out var list))
            {
                return;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                if (list.ValueKind != JsonValueKind.Null)
                {
                    _mapper._issues.Error(_event.PathOf(name), ValidationCodes.InvalidFormat, "must be an array of quantity elements");
                }

                return;
            }

            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var path = JsonPointer.Append(_event.PathOf(name), index++);
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("epcClass", out var epcClass) || epcClass.ValueKind != JsonValueKind.String)
                {
                    _mapper._issues.Error(element.ValueKind == JsonValueKind.Object ? JsonPointer.Append(path, "epcClass") : path, ValidationCodes.Required, "a quantity element has an epcClass (a class URI)");
                    continue;
                }

                var parsed = EpcUris.Parse(epcClass.GetString()!);
                if (parsed.Status == EpcParseStatus.Malformed)
                {
                    _mapper._issues.Error(JsonPointer.Append(path, "epcClass"), parsed.Code!, parsed.Message!);
                }
                else if (parsed.Status == EpcParseStatus.Parsed && parsed.Epc.Kind is EpcKind.GtinClass or EpcKind.Sgtin)
                {
                    AddIdentifier(IdentifierSchemes.Gtin, parsed.Epc.Value);
                }
            }
        }

        // Maps one EPC; the raw value is kept under relativePath unless the canonical form says all of it.
        private EpcKind? Take(string uri, JsonElement raw, string path, string relativePath)
        {
            var parsed = EpcUris.Parse(uri);
            if (parsed.Status == EpcParseStatus.Malformed)
            {
                _mapper._issues.Error(path, parsed.Code!, parsed.Message!);
                _extensions[relativePath] = raw.Clone();
                return null;
            }

            var complete = parsed.Status == EpcParseStatus.Parsed && parsed.Epc.Qualifier is null;
            if (parsed.Status == EpcParseStatus.Parsed)
            {
                var epc = parsed.Epc;
                switch (epc.Kind)
                {
                    case EpcKind.Container:
                        TradeIdentifiers.ValidateContainerNumber(epc.Value, path, _mapper._issues);
                        if (Equipment is null)
                        {
                            Equipment = new TransportEquipment { EquipmentReference = epc.Value };
                        }
                        else if (Equipment.EquipmentReference != epc.Value)
                        {
                            AddIdentifier(IdentifierSchemes.Iso6346, epc.Value);
                        }

                        break;
                    case EpcKind.Vessel:
                        TradeIdentifiers.ValidateImo(epc.Value, path, _mapper._issues);
                        if (VesselImo is null)
                        {
                            VesselImo = epc.Value;
                        }
                        else if (VesselImo != epc.Value)
                        {
                            AddIdentifier(IdentifierSchemes.Imo, epc.Value);
                        }

                        break;
                    case EpcKind.Sscc:
                        AddIdentifier(IdentifierSchemes.Sscc, epc.Value);
                        break;
                    case EpcKind.Sgtin:
                    case EpcKind.GtinClass:
                        AddIdentifier(IdentifierSchemes.Gtin, epc.Value);
                        break;
                    case EpcKind.Sgln:
                        AddIdentifier(IdentifierSchemes.Gln, epc.Value);
                        break;
                    case EpcKind.Grai:
                        AddIdentifier(IdentifierSchemes.Zzz, epc.Value, GraiIssuer);
                        break;
                    case EpcKind.Giai:
                        AddIdentifier(IdentifierSchemes.Zzz, epc.Value, GiaiIssuer);
                        break;
                }
            }

            if (!complete)
            {
                _extensions[relativePath] = raw.Clone();
            }

            return parsed.Status == EpcParseStatus.Parsed ? parsed.Epc.Kind : null;
        }

        private void AddIdentifier(string scheme, string value, string? issuer = null)
        {
            foreach (var existing in _identifiers)
            {
                if (existing.Scheme == scheme && existing.Value == value && existing.Issuer == issuer)
                {
                    return;
                }
            }

            _identifiers.Add(new Identifier { Scheme = scheme, Value = value, Issuer = issuer });
        }
    }

    /// <summary>Issuer of a GRAI kept as a ZZZ identifier (the canonical schemes have no GRAI yet).</summary>
    internal const string GraiIssuer = "GS1_GRAI";

    /// <summary>Issuer of a GIAI kept as a ZZZ identifier (the canonical schemes have no GIAI yet).</summary>
    internal const string GiaiIssuer = "GS1_GIAI";
}
