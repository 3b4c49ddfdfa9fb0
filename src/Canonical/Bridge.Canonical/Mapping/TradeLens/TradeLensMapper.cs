using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.TradeLens;

/// <summary>
/// Maps TradeLens-style payloads (trade-standards.md §A.5 "TradeLens-style -> canonical" and §B) into the canonical
/// model. Accepted: one event object, an array of events, <c>{"events":[...]}</c>, the container-details payload
/// <c>{"transportEquipmentList":[...]}</c> (one <see cref="Consignment"/> per transport equipment, plus the events of its
/// transport plans) and the current-progress payload <c>{consignment, transportEquipmentList:[{transportEquipmentSummary,
/// currentProgressEvents:[{planned, estimates[], actuals[]}]}]}</c> (one consignment plus every event).
/// </summary>
/// <remarks>
/// <para>Equipment numbers: TradeLens does not declare <c>equipmentNumber</c> an ISO 6346 container number (its sandbox
/// used numbers such as 60905033444, trade-standards.md §B.2), so a number that is not ISO 6346 is a WARNING here
/// (invalid-format), as is a wrong check digit; only a missing or empty number is an error.</para>
/// <para>Events inside a container-details or current-progress payload that cannot be mapped (the captured sandbox
/// fixture has placeholders such as eventType "string") are skipped: their findings are reported as warnings and the
/// raw event stays in the consignment's extensions. A standalone event that cannot be mapped is an error.</para>
/// </remarks>
public sealed class TradeLensMapper : ISourceMapper
{
    private const string SkippedPrefix = "event not mapped: ";

    public string Format => SourceFormats.TradeLens;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = new Run(context);
        if (payload.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in payload.EnumerateArray())
            {
                run.Standalone(item, JsonPointer.Append(string.Empty, index++));
            }
        }
        else if (payload.ValueKind != JsonValueKind.Object)
        {
            run.Issues.Error(string.Empty, ValidationCodes.InvalidFormat, "must be a TradeLens event, an array of events, or a container-details or current-progress payload");
        }
        else if (payload.TryGetProperty("transportEquipmentList", out _))
        {
            if (payload.TryGetProperty("consignment", out _))
            {
                run.CurrentProgress(payload);
            }
            else
            {
                run.ContainerDetails(payload);
            }
        }
        else if (payload.TryGetProperty("events", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                run.Standalone(item, JsonPointer.Append("/events", index++));
            }

            run.WarnUnmappedRoot(payload, "events");
        }
        else
        {
            run.Standalone(payload, string.Empty);
        }

        return new MappingResult { Events = run.Events, Consignments = run.Consignments, Validation = run.Issues.ToResult() };
    }

    /// <summary>What an event inherits from the payload around it (the transport equipment of a progress list).</summary>
    private readonly record struct Defaults(string? EquipmentNumber, string? TransportEquipmentId, string? ConsignmentId);

    private sealed class Run(MappingContext context)
    {
        private static readonly Dictionary<string, string> FullStatuses = new(StringComparer.Ordinal) { ["Full"] = "LADEN", ["Empty"] = "EMPTY" };

        private static readonly Dictionary<string, string> Phases = new(StringComparer.Ordinal)
        {
            ["Import"] = "IMPORT",
            ["Export"] = "EXPORT",
            ["Transshipment"] = "TRANSSHIPMENT",
        };

        private Dictionary<string, JsonElement> _eventExtensions = new(StringComparer.Ordinal);

        public ValidationCollector Issues { get; } = new();

        public List<LogisticsEvent> Events { get; } = [];

        public List<Consignment> Consignments { get; } = [];

        public void WarnUnmappedRoot(JsonElement payload, params string[] mapped)
        {
            foreach (var member in payload.EnumerateObject())
            {
                if (Array.IndexOf(mapped, member.Name) < 0)
                {
                    Issues.Warning(JsonPointer.Append(string.Empty, member.Name), ValidationCodes.UnknownMember, "is not mapped");
                }
            }
        }

        // ------------------------------------------------------------------ payload shapes

        public void Standalone(JsonElement element, string pointer)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Issues.Error(pointer, ValidationCodes.InvalidFormat, "must be a TradeLens event object");
                return;
            }

            var node = SourceNode.Record(element, pointer, Issues);
            if (MappingSupport.Peek(node, "eventType") is { } type && TradeLensEventTypes.StartsTracking(type))
            {
                Consignments.Add(TrackingStart(node));
                return;
            }

            if (MapEvent(node, default) is { } mapped)
            {
                Events.Add(mapped);
            }
        }

        // {"transportEquipmentList":[{transportEquipmentId, equipmentNumber, billsOfLading, cargoTypes, portOfEntry,
        // portOfDischarge, plannedVesselDeparture, plannedVesselArrival, transportPlans[{transportSummaryEvents[{event}]}],
        // ...}]} -> one consignment per transport equipment (record = the list element) and the plans' events.
        public void ContainerDetails(JsonElement payload)
        {
            var root = SourceNode.Record(payload, string.Empty, Issues);
            foreach (var entry in root.Array("transportEquipmentList", required: true))
            {
                if (!entry.IsObject)
                {
                    Issues.Error(entry.Pointer, ValidationCodes.InvalidFormat, "must be a transport equipment object");
                    continue;
                }

                var te = SourceNode.Record(entry.Element, entry.Pointer, Issues);
                var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                var equipmentNumber = EquipmentNumber(te, "equipmentNumber");
                var teId = TradeLensId(te, "transportEquipmentId");
                var defaults = new Defaults(equipmentNumber, teId, null);
                var identifiers = new List<Identifier>();
                AddId(identifiers, teId, "transportEquipmentId");
                var billsOfLading = StringOrStrings(te, "billsOfLading");
                var items = CargoTypes(te, equipmentNumber, extensions);
                var transport = new Transport
                {
                    PortOfLoading = Port(te, "portOfEntry", "portOfEntryDescription"),
                    PortOfDischarge = Port(te, "portOfDischarge", "portOfDischargeDescription"),
                    PlannedDepartureDate = EpochDate(te, "plannedVesselDeparture"),
                    PlannedArrivalDate = EpochDate(te, "plannedVesselArrival"),
                };
                foreach (var plan in te.Array("transportPlans"))
                {
                    foreach (var summary in plan.Array("transportSummaryEvents"))
                    {
                        EmbeddedEvent(summary, "event", defaults);
                        summary.CollectUnmapped(extensions);
                    }

                    plan.CollectUnmapped(extensions);
                }

                te.CollectUnmapped(extensions);
                Consignments.Add(new Consignment
                {
                    TransportDocumentReferences = billsOfLading,
                    EquipmentReferences = equipmentNumber is null ? [] : [equipmentNumber],
                    Items = items,
                    Transport = transport.PortOfLoading is null && transport.PortOfDischarge is null && transport.PlannedDepartureDate is null && transport.PlannedArrivalDate is null ? null : transport,
                    Identifiers = identifiers,
                    Extensions = extensions.Count == 0 ? null : extensions,
                    Provenance = MappingSupport.Provenance(context, SourceSystems.TradeLens, teId, null),
                });
            }

            WarnUnmappedRoot(payload, "transportEquipmentList");
        }

        // {consignment{consignmentId, carrierBookingNumber, billOfLadingNumber, transportEquipmentIds[], cargoTypes[], ...},
        // transportEquipmentList:[{transportEquipmentSummary{...}, currentProgressEvents:[{planned, estimates[],
        // actuals[]}], ...}]} -> one consignment (record = the whole payload) and every event.
        public void CurrentProgress(JsonElement payload)
        {
            var root = SourceNode.Record(payload, string.Empty, Issues);
            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var identifiers = new List<Identifier>();
            string? booking = null;
            string? consignmentId = null;
            IReadOnlyList<string> billsOfLading = [];
            IReadOnlyList<GoodsItem> items = [];
            if (root.Object("consignment", required: true) is { } consignment)
            {
                consignmentId = TradeLensId(consignment, "consignmentId");
                AddId(identifiers, consignmentId, "consignmentId");
                booking = consignment.String("carrierBookingNumber");
                billsOfLading = StringOrStrings(consignment, "billOfLadingNumber");
                foreach (var id in consignment.Strings("transportEquipmentIds"))
                {
                    AddId(identifiers, id, "transportEquipmentId");
                }

                items = CargoTypes(consignment, null, extensions);
                consignment.CollectUnmapped(extensions);
            }

            var equipment = new List<string>();
            foreach (var entry in root.Array("transportEquipmentList", required: true))
            {
                string? equipmentNumber = null;
                string? teId = null;
                if (entry.Object("transportEquipmentSummary") is { } summary)
                {
                    equipmentNumber = EquipmentNumber(summary, "equipmentNumber");
                    teId = TradeLensId(summary, "transportEquipmentId");
                    summary.CollectUnmapped(extensions);
                }

                if (equipmentNumber is not null && !equipment.Contains(equipmentNumber))
                {
                    equipment.Add(equipmentNumber);
                }

                if (teId is not null && !identifiers.Exists(i => i.Value == teId))
                {
                    AddId(identifiers, teId, "transportEquipmentId");
                }

                var defaults = new Defaults(equipmentNumber, teId, consignmentId);
                foreach (var progress in entry.Array("currentProgressEvents"))
                {
                    EmbeddedEvent(progress, "planned", defaults);
                    foreach (var name in (ReadOnlySpan<string>)["estimates", "actuals"])
                    {
                        var list = progress.Array(name);
                        var kept = false;
                        foreach (var item in list)
                        {
                            kept |= !TryEmbedded(item, defaults);
                        }

                        if (kept)
                        {
                            // A skipped event must not be lost: keep the whole list (the mapped ones are also events).
                            extensions[JsonPointer.Append(progress.Pointer, name)] = progress.Element.GetProperty(name).Clone();
                        }
                    }

                    progress.CollectUnmapped(extensions);
                }

                entry.CollectUnmapped(extensions);
            }

            root.CollectUnmapped(extensions);
            Consignments.Add(new Consignment
            {
                CarrierBookingReference = booking,
                TransportDocumentReferences = billsOfLading,
                EquipmentReferences = equipment,
                Items = items,
                Identifiers = identifiers,
                Extensions = extensions.Count == 0 ? null : extensions,
                Provenance = MappingSupport.Provenance(context, SourceSystems.TradeLens, consignmentId, null),
            });
        }

        // A transportEquipmentCreated / consignmentCreated event: TradeLens "tracking started", which has no DCSA event
        // code (§A.5), becomes the consignment it describes; the event's own members stay in its extensions.
        private Consignment TrackingStart(SourceNode node)
        {
            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var equipmentNumber = EquipmentNumber(node, "equipmentNumber");
            var identifiers = new List<Identifier>();
            AddId(identifiers, TradeLensId(node, "consignmentId"), "consignmentId");
            AddId(identifiers, TradeLensId(node, "transportEquipmentId"), "transportEquipmentId");
            var hsCodes = new List<string>();
            var codes = node.Array("harmonizedCodes");
            foreach (var code in codes)
            {
                if (HsCode(code) is { } hs)
                {
                    hsCodes.Add(hs);
                }
            }

            if (hsCodes.Count != codes.Count)
            {
                // Not every code is an HS code: keep the list as given.
                extensions[JsonPointer.Append(string.Empty, "harmonizedCodes")] = node.Element.GetProperty("harmonizedCodes").Clone();
            }

            var transactionId = node.String("eventTransactionId");
            var consignment = new Consignment
            {
                CarrierBookingReference = node.String("carrierBookingNumber"),
                TransportDocumentReferences = StringOrStrings(node, "billOfLadingNumber"),
                EquipmentReferences = equipmentNumber is null ? [] : [equipmentNumber],
                Items = hsCodes.Count == 0 ? [] : [new GoodsItem { HsCodes = hsCodes, EquipmentReference = equipmentNumber }],
                Identifiers = identifiers,
                Provenance = MappingSupport.Provenance(context, SourceSystems.TradeLens, transactionId, null),
            };
            node.CollectUnmapped(extensions);
            return consignment with { Extensions = extensions.Count == 0 ? null : extensions };
        }

        // ------------------------------------------------------------------ events

        // The event at parent[name] of an aggregate payload. Mapped: consumed. Not mappable: its findings become
        // warnings and the member stays unconsumed, so the raw event lands in the consignment's extensions.
        private void EmbeddedEvent(SourceNode parent, string name, Defaults defaults)
        {
            if (!parent.IsObject || !parent.Element.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (TryEmbedded(new SourceNodeRef(element, parent.PathOf(name)), defaults))
            {
                parent.Consume(name);
            }
        }

        private bool TryEmbedded(SourceNode item, Defaults defaults) => TryEmbedded(new SourceNodeRef(item.Element, item.Pointer), defaults);

        private bool TryEmbedded(SourceNodeRef item, Defaults defaults)
        {
            var local = new ValidationCollector();
            LogisticsEvent? mapped = null;
            if (item.Element.ValueKind != JsonValueKind.Object)
            {
                local.Error(item.Pointer, ValidationCodes.InvalidFormat, "must be a TradeLens event object");
            }
            else
            {
                mapped = MapEvent(SourceNode.Record(item.Element, item.Pointer, local), defaults);
            }

            var result = local.ToResult();
            if (mapped is null || !result.IsValid)
            {
                foreach (var issue in result.Issues)
                {
                    Issues.Warning(issue.Path, issue.Code, SkippedPrefix + issue.Message);
                }

                _eventExtensions.Clear();
                return false;
            }

            Issues.AddRange(result.Issues);
            Events.Add(mapped);
            return true;
        }

        private LogisticsEvent? MapEvent(SourceNode node, Defaults defaults)
        {
            var extensions = _eventExtensions;
            var eventType = node.String("eventType", required: true);
            TradeLensEventKind kind = default;
            var known = eventType is not null && TradeLensEventTypes.TryParse(eventType, out kind);
            if (eventType is not null && !known)
            {
                node.Issues.Error(node.PathOf("eventType"), ValidationCodes.UnknownValue,
                    "is not a TradeLens event type the bridge maps: planned, estimated or actual + GateIn, GateOut, LoadedOnVessel, DischargeFromVessel, VesselDeparture, VesselArrival (and the Barge, Rail and Truck variants), ContainerStuffed, ContainerStripped; customsRelease, customsHold, customsInspection, documentSubmitted");
            }

            var occurred = Time(node, "eventOccurrenceTime8601", "eventOccurrenceTime", required: true);
            var submitted = Time(node, "eventSubmissionTime8601", "eventSubmissionTime", required: false);
            var published = Time(node, null, "eventPublishTime", required: false);
            var transactionId = node.String("eventTransactionId");
            var originator = Originator(node);

            var equipmentNumber = EquipmentNumber(node, "equipmentNumber") ?? defaults.EquipmentNumber;
            TransportEquipment? equipment = null;
            if (equipmentNumber is not null)
            {
                var isoCode = node.String("equipmentType");
                MappingSupport.IsoEquipmentCode(node, "equipmentType", isoCode);
                equipment = new TransportEquipment
                {
                    EquipmentReference = equipmentNumber,
                    IsoEquipmentCode = isoCode,
                    EmptyIndicator = Lookup(node, "fullStatus", FullStatuses),
                };
            }

            var movementType = Lookup(node, "transportationPhase", Phases);
            var location = node.Object("location") is { } locationNode ? ReadLocation(locationNode, extensions) : null;
            var transportCall = ReadTransportCall(node, kind.Mode);

            var documents = new List<Reference>(2);
            if (kind.Category == EventCategories.Document)
            {
                var docType = node.String("docType", required: true);
                var docId = node.String("docId", required: true);
                if (docType is not null && docId is not null)
                {
                    documents.Add(new Reference { TypeCode = DocumentTypeCode(node, docType), Value = docId });
                }
            }

            if (node.String("carrierBookingNumber") is { } booking)
            {
                documents.Add(new Reference { TypeCode = "BKG", Value = booking });
            }

            if (node.String("billOfLadingNumber") is { } billOfLading)
            {
                documents.Add(new Reference { TypeCode = "TRD", Value = billOfLading });
            }

            var identifiers = new List<Identifier>(2);
            AddId(identifiers, TradeLensId(node, "consignmentId") ?? defaults.ConsignmentId, "consignmentId");
            AddId(identifiers, TradeLensId(node, "transportEquipmentId") ?? defaults.TransportEquipmentId, "transportEquipmentId");

            node.CollectUnmapped(extensions);
            if (!known || occurred is null)
            {
                extensions.Clear();
                return null;
            }

            return new LogisticsEvent
            {
                SourceEventId = transactionId,
                OriginatingParty = originator,
                Category = kind.Category,
                Classifier = kind.Classifier,
                TypeCode = kind.TypeCode,
                EventDateTime = occurred.Value,
                UpdatedDateTime = submitted,
                RecordedAt = published,
                Location = location,
                Equipment = equipment,
                MovementType = movementType,
                TransportCall = transportCall,
                DocumentReferences = documents,
                Identifiers = identifiers,
                Extensions = MappingSupport.TakeExtensions(ref _eventExtensions),
                Provenance = MappingSupport.Provenance(context, SourceSystems.TradeLens, transactionId, null),
            };
        }

        // originatorId is the publishing organisation's code; §A.5 reads it as a SCAC, so the NMFTA code list is only
        // named when it has the SCAC format (§C.4).
        private static PartyCode? Originator(SourceNode node)
        {
            var id = node.String("originatorId");
            var name = node.String("originatorName");
            if (id is null)
            {
                if (name is not null)
                {
                    node.Issues.Warning(node.PathOf("originatorId"), ValidationCodes.Required, "is missing; originatorName alone does not identify the originator");
                }

                return null;
            }

            return new PartyCode { Code = id, Name = name, CodeListProvider = TradeIdentifiers.IsValidScac(id) ? "NMFTA" : null };
        }

        // vehicleId (an IMO number for vessels, e.g. 9461374 in TradeLens data), vehicleName and voyageId; the one voyage
        // number is the export voyage (DCSA 2.2 carrierVoyageNumber: "In case there are multiple voyages the export
        // voyage is chosen").
        private static TransportCall? ReadTransportCall(SourceNode node, string? mode)
        {
            var vehicleId = node.String("vehicleId");
            var voyage = node.String("voyageId");
            Vessel? vessel = null;
            string? otherVehicle = null;
            if (mode is "VESSEL" or "BARGE")
            {
                var name = node.String("vehicleName");
                var normalized = TradeIdentifiers.NormalizeImo(vehicleId);
                if (normalized is not null && normalized.Length == 7 && TradeIdentifiers.AllAsciiDigits(normalized))
                {
                    TradeIdentifiers.ValidateImo(normalized, node.PathOf("vehicleId"), node.Issues);
                    vessel = new Vessel { Imo = normalized, Name = name };
                }
                else
                {
                    otherVehicle = vehicleId;
                    vessel = name is null ? null : new Vessel { Name = name };
                }
            }
            else
            {
                otherVehicle = vehicleId;
            }

            if (mode is null && vehicleId is null && voyage is null)
            {
                return null;
            }

            return new TransportCall { Mode = mode, Vessel = vessel, VehicleId = otherVehicle, ExportVoyage = voyage };
        }

        // TradeLens location: {unlocode | type "UN/Locode" + value, description, smdgTerminal, gln, geoCoord, address}.
        private static Location ReadLocation(SourceNode node, Dictionary<string, JsonElement> extensions)
        {
            var unLocode = MappingSupport.Peek(node, "unlocode");
            if (unLocode is not null || node.Has("unlocode"))
            {
                unLocode = MappingSupport.UnLocode(node, "unlocode", int.MaxValue);
            }

            if (MappingSupport.Peek(node, "type") == "UN/Locode" && MappingSupport.Peek(node, "value") is { } value
                && (unLocode is null || value == unLocode))
            {
                node.Consume("type", "value");
                if (unLocode is null)
                {
                    unLocode = value;
                    TradeIdentifiers.ValidateUnLocode(value, node.PathOf("value"), node.Issues);
                }
            }

            // smdgTerminal "USEWR-PNCT": UN/LOCODE, '-', SMDG terminal code. DCSA keeps the facility code without the
            // UN/LOCODE, so the prefix must be the location's UN/LOCODE; otherwise the member stays in the extensions.
            string? facilityCode = null;
            if (MappingSupport.Peek(node, "smdgTerminal") is { } terminal)
            {
                var dash = terminal.IndexOf('-', StringComparison.Ordinal);
                var prefix = dash == 5 ? terminal[..5] : null;
                if (dash < 0 || (prefix is not null && (unLocode is null || prefix == unLocode)))
                {
                    node.Consume("smdgTerminal");
                    IdentifierSchemes.Validate(IdentifierSchemes.SmdgTerminal, terminal, node.PathOf("smdgTerminal"), node.Issues);
                    facilityCode = dash < 0 ? terminal : terminal[6..];
                    unLocode ??= prefix;
                }
            }

            var gln = node.String("gln");
            TradeIdentifiers.ValidateGln(gln, node.PathOf("gln"), node.Issues);
            GeoPoint? geo = null;
            if (node.Object("geoCoord") is { } coordinate)
            {
                var latitude = coordinate.Decimal("latitude", required: true, allowString: true);
                var longitude = coordinate.Decimal("longitude", required: true, allowString: true);
                if (latitude is { } lat && longitude is { } lon)
                {
                    if (lat is < -90 or > 90 || lon is < -180 or > 180)
                    {
                        coordinate.Issues.Error(coordinate.Pointer, ValidationCodes.OutOfRange, "latitude must be within +-90 and longitude within +-180");
                    }
                    else
                    {
                        geo = new GeoPoint { Latitude = lat, Longitude = lon };
                    }
                }

                coordinate.CollectUnmapped(extensions);
            }

            Address? address = null;
            if (node.Object("address") is { } addressNode)
            {
                var lines = new List<string>(2);
                foreach (var line in (ReadOnlySpan<string>)["address1", "address2"])
                {
                    if (addressNode.String(line) is { } text)
                    {
                        lines.Add(text);
                    }
                }

                address = new Address
                {
                    AddressLines = lines,
                    City = addressNode.String("city"),
                    StateRegion = addressNode.String("stateProvince"),
                    PostCode = addressNode.String("zipPostal"),
                    CountryCode = MappingSupport.Country(addressNode, "country"),
                };
                addressNode.CollectUnmapped(extensions);
            }

            var location = new Location
            {
                Name = node.String("description"),
                UnLocode = unLocode,
                FacilityCode = facilityCode,
                FacilityCodeListProvider = facilityCode is null ? null : "SMDG",
                Gln = gln,
                Geo = geo,
                Address = address,
            };
            node.CollectUnmapped(extensions);
            return location;
        }

        // ------------------------------------------------------------------ members

        private static string? Lookup(SourceNode node, string name, Dictionary<string, string> values)
        {
            var value = node.String(name);
            if (value is null)
            {
                return null;
            }

            if (values.TryGetValue(value, out var canonical))
            {
                return canonical;
            }

            node.Issues.Error(node.PathOf(name), ValidationCodes.UnknownValue, "must be one of " + string.Join(", ", values.Keys));
            return null;
        }

        // An event time: the ISO 8601 member (with offset), else its epoch-millisecond twin (UTC). When both are present
        // and disagree the ISO value wins and the twin stays in the extensions with a warning.
        private static DateTimeOffset? Time(SourceNode node, string? isoName, string epochName, bool required)
        {
            if (isoName is not null && node.Has(isoName))
            {
                var iso = node.DateTime(isoName);
                if (iso is not null && node.IsObject && node.Element.TryGetProperty(epochName, out var twin))
                {
                    if (twin.ValueKind == JsonValueKind.Number && twin.TryGetInt64(out var millis) && millis == iso.Value.ToUnixTimeMilliseconds())
                    {
                        node.Consume(epochName);
                    }
                    else if (twin.ValueKind != JsonValueKind.Null)
                    {
                        node.Issues.Warning(node.PathOf(epochName), ValidationCodes.Mismatch, "disagrees with " + isoName + "; kept as an extension");
                    }
                }
                else if (iso is null)
                {
                    node.Consume(epochName);
                }

                return iso;
            }

            if (node.Has(epochName))
            {
                return Epoch(node, epochName);
            }

            if (required)
            {
                node.Issues.Error(node.PathOf(isoName ?? epochName), ValidationCodes.Required, "is required");
            }

            node.Consume(epochName);
            return null;
        }

        // Epoch milliseconds (TradeLens "…Time" twins, plannedVesselDeparture) as a UTC time.
        private static DateTimeOffset? Epoch(SourceNode node, string name)
        {
            node.Consume(name);
            if (node.Element.GetProperty(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var millis)
                && millis is >= -62135596800000 and <= 253402300799999)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(millis);
            }

            node.Issues.Error(node.PathOf(name), ValidationCodes.InvalidFormat, "must be epoch milliseconds (an integer)");
            return null;
        }

        // A planned date given in epoch milliseconds: the UTC calendar date. The member is NOT consumed: the model keeps
        // only the date, so the exact instant stays in the extensions.
        private static DateOnly? EpochDate(SourceNode node, string name)
        {
            if (!node.Has(name))
            {
                return null;
            }

            var local = new ValidationCollector();
            var probe = SourceNode.Record(node.Element, node.Pointer, local);
            var time = Epoch(probe, name);
            node.Issues.AddRange(local.ToResult().Issues);
            return time is null ? null : DateOnly.FromDateTime(time.Value.UtcDateTime);
        }

        // equipmentNumber: TradeLens does not declare it ISO 6346, so both a non-ISO number and a bad check digit are
        // warnings (see the class remarks); an empty number is an error.
        private static string? EquipmentNumber(SourceNode node, string name)
        {
            var value = node.String(name);
            if (value is null)
            {
                return null;
            }

            if (value.Length == 0)
            {
                node.Issues.Error(node.PathOf(name), ValidationCodes.Required, "must not be empty");
                return null;
            }

            var local = new ValidationCollector();
            TradeIdentifiers.ValidateContainerNumber(value, node.PathOf(name), local);
            foreach (var issue in local.ToResult().Issues)
            {
                var message = issue.Code == ValidationCodes.InvalidFormat
                    ? "is not an ISO 6346 container number (accepted: TradeLens equipment numbers are not declared ISO 6346)"
                    : issue.Message;
                node.Issues.Warning(issue.Path, issue.Code, message);
            }

            return value;
        }

        private static string? TradeLensId(SourceNode node, string name)
        {
            var value = node.String(name);
            if (value is not null)
            {
                IdentifierSchemes.Validate(IdentifierSchemes.TradeLensId, value, node.PathOf(name), node.Issues);
            }

            return value;
        }

        // TradeLens ids of different kinds share the TRADELENS_ID scheme; Issuer names the TradeLens field the id is
        // (consignmentId, transportEquipmentId) so they stay apart.
        private static void AddId(List<Identifier> identifiers, string? value, string kind)
        {
            if (!string.IsNullOrEmpty(value))
            {
                identifiers.Add(new Identifier { Scheme = IdentifierSchemes.TradeLensId, Value = value, Issuer = kind });
            }
        }

        private static IReadOnlyList<string> StringOrStrings(SourceNode node, string name)
        {
            if (node.IsObject && node.Element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                return node.Strings(name);
            }

            return node.String(name) is { Length: > 0 } one ? [one] : [];
        }

        // cargoTypes [{code, description}]: the code is an HS code ("090121" coffee, roasted). A code that is not a
        // valid HS code stays in the extensions (warning). dangerousCargo is typed only for a single cargo type.
        private static List<GoodsItem> CargoTypes(SourceNode node, string? equipmentNumber, Dictionary<string, JsonElement> extensions)
        {
            var items = new List<GoodsItem>();
            foreach (var cargo in node.Array("cargoTypes"))
            {
                if (!cargo.IsObject)
                {
                    cargo.Issues.Error(cargo.Pointer, ValidationCodes.InvalidFormat, "must be an object");
                    continue;
                }

                var hs = cargo.Has("code") ? HsCode(cargo, "code") : null;
                items.Add(new GoodsItem { Description = cargo.String("description"), HsCodes = hs is null ? [] : [hs], EquipmentReference = equipmentNumber });
                cargo.CollectUnmapped(extensions);
            }

            if (items.Count == 1 && node.Has("dangerousCargo") && node.Bool("dangerousCargo") is { } dangerous)
            {
                items[0] = items[0] with { DangerousGoods = dangerous };
            }

            return items;
        }

        private static string? HsCode(SourceNode item) => item.Element.ValueKind == JsonValueKind.String ? CheckHs(item, item.Element.GetString()!, item.Pointer) : Invalid(item);

        private static string? HsCode(SourceNode node, string name)
        {
            var raw = MappingSupport.Peek(node, name);
            if (raw is null)
            {
                node.String(name);
                return null;
            }

            var hs = CheckHs(node, raw, node.PathOf(name));
            if (hs is not null)
            {
                node.Consume(name);
            }

            return hs;
        }

        private static string? CheckHs(SourceNode node, string raw, string path)
        {
            var normalized = TradeIdentifiers.NormalizeHsCode(raw)!;
            if (TradeIdentifiers.IsValidHsCode(normalized))
            {
                return normalized;
            }

            node.Issues.Warning(path, ValidationCodes.InvalidFormat, "is not an HS code (6 to 10 digits); kept as an extension");
            return null;
        }

        private static string? Invalid(SourceNode item)
        {
            item.Issues.Error(item.Pointer, ValidationCodes.InvalidFormat, "must be a string");
            return null;
        }

        private static Location? Port(SourceNode node, string codeName, string descriptionName)
        {
            var code = MappingSupport.UnLocode(node, codeName, int.MaxValue);
            var description = node.String(descriptionName);
            return code is null && description is null ? null : new Location { UnLocode = code, Name = description };
        }

        // TradeLens docType strings are the canonical document type names (trade-standards.md §A.3 crosswalk); the
        // reference carries the DCSA code where DCSA has one (TRD, INV, CEO, PCE, ICE, CUC), otherwise the name.
        private static string DocumentTypeCode(SourceNode node, string docType)
        {
            if (DocumentTypes.All.Contains(docType, StringComparer.Ordinal))
            {
                return DocumentTypes.DcsaCode(docType) ?? docType;
            }

            node.Issues.Warning(node.PathOf("docType"), ValidationCodes.UnknownValue, "is not a known document type (" + string.Join(", ", DocumentTypes.All) + "); kept as given");
            return docType;
        }
    }

    // An element and its pointer, for events that are not yet records.
    private readonly record struct SourceNodeRef(JsonElement Element, string Pointer);
}
