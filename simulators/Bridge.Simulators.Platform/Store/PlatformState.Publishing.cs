using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Identifiers;
using Bridge.Simulators.Platform.Api;

namespace Bridge.Simulators.Platform.Store;

// Publishing (docs/platform.md "Publishing"; trade-standards.md §B.2).
internal sealed partial class PlatformState
{
    private const string Iso6346Warning = "is not an ISO 6346 container number with a valid check digit (accepted, as the TradeLens sandbox did)";

    /// <summary><c>POST /api/v1/consignments</c>: upsert by carrierBookingNumber (+ billOfLadingNumber).</summary>
    public ApiResult UpsertConsignment(Caller caller, JsonObject body)
    {
        if (!PlatformRoles.May(caller.Roles, PlatformAction.UpsertConsignment))
        {
            return Forbidden(caller, "create consignments");
        }

        var errors = new List<FieldError>();
        var originatorName = Required(body, "originatorName", errors);
        var originatorId = Required(body, "originatorId", errors);
        var booking = Required(body, "carrierBookingNumber", errors);
        var bol = Optional(body, "billOfLadingNumber", errors);
        var bookingData = OptionalObject(body, "bookingData", errors);
        if (errors.Count > 0)
        {
            return ApiResult.Validation(errors);
        }

        lock (_gate)
        {
            var now = Now;
            ConsignmentState next;
            string eventType;
            if (FindConsignmentByBooking(booking!) is { } existing)
            {
                if (existing.CreatorOrgId != caller.OrgId)
                {
                    return ApiResult.Conflict($"Booking {booking} is tracked by another organisation.");
                }

                if (existing.BillOfLadingNumber is not null && bol is not null && existing.BillOfLadingNumber != bol)
                {
                    return ApiResult.Conflict($"Booking {booking} is stored with another bill of lading number.");
                }

                next = new ConsignmentState
                {
                    Id = existing.Id,
                    CarrierBookingNumber = existing.CarrierBookingNumber,
                    BillOfLadingNumber = bol ?? existing.BillOfLadingNumber,
                    CreatorOrgId = existing.CreatorOrgId,
                    Parties = [.. existing.Parties],
                    TransportEquipmentIds = [.. existing.TransportEquipmentIds],
                    BookingData = bookingData ?? existing.BookingData?.DeepClone().AsObject(),
                    OriginatorName = originatorName!,
                    OriginatorId = originatorId!,
                    CreatedAt = existing.CreatedAt,
                };
                eventType = EventCatalog.ConsignmentUpdated;
            }
            else
            {
                next = new ConsignmentState
                {
                    Id = NextId("consignment"),
                    CarrierBookingNumber = booking!,
                    BillOfLadingNumber = bol,
                    CreatorOrgId = caller.OrgId,
                    Parties = [caller.OrgId],
                    BookingData = bookingData,
                    OriginatorName = originatorName!,
                    OriginatorId = originatorId!,
                    CreatedAt = now,
                };
                eventType = EventCatalog.ConsignmentCreated;
            }

            var ev = NewEvent(caller, eventType, eventType == EventCatalog.ConsignmentCreated ? "Consignment created" : "Consignment updated", "actual", null, now, now, originatorName!, originatorId!);
            ev.Object["carrierBookingNumber"] = next.CarrierBookingNumber;
            ev.CarrierBookingNumber = next.CarrierBookingNumber;
            ev.ConsignmentId = next.Id;
            Commit(new JournalRecord { Op = JournalRecord.ConsignmentOp, Consignment = next, Event = ev });
            return ApiResult.Ok(new JsonObject { ["consignmentId"] = next.Id, ["eventTransactionId"] = ev.Id });
        }
    }

    /// <summary><c>POST /api/v1/consignments/partyAdded</c>: gives an organisation read access to a consignment.</summary>
    public ApiResult AddParty(Caller caller, JsonObject body)
    {
        if (!PlatformRoles.May(caller.Roles, PlatformAction.AddParty))
        {
            return Forbidden(caller, "add parties");
        }

        var errors = new List<FieldError>();
        var cid = Required(body, "consignmentId", errors);
        var party = Required(body, "partyOrgId", errors);
        if (errors.Count > 0)
        {
            return ApiResult.Validation(errors);
        }

        if (!_organizations.ContainsKey(party!))
        {
            return ApiResult.Validation("partyOrgId", "is not an organisation of this platform");
        }

        lock (_gate)
        {
            if (!_consignments.TryGetValue(cid!, out var consignment))
            {
                return ApiResult.NotFound($"Consignment {cid} does not exist.");
            }

            if (!consignment.Parties.Contains(caller.OrgId))
            {
                return ApiResult.Forbidden("Only a party of the consignment may add parties.");
            }

            if (!consignment.Parties.Contains(party!))
            {
                Commit(new JournalRecord { Op = JournalRecord.PartyOp, ConsignmentId = consignment.Id, OrgId = party });
            }

            return ApiResult.Ok(new JsonObject { ["message"] = "Party added" });
        }
    }

    /// <summary><c>POST /api/v1/transportEquipment</c>: upsert by carrierBookingNumber + equipmentNumber.</summary>
    public ApiResult UpsertEquipment(Caller caller, JsonObject body)
    {
        if (!PlatformRoles.May(caller.Roles, PlatformAction.UpsertTransportEquipment))
        {
            return Forbidden(caller, "create transport equipment");
        }

        var errors = new List<FieldError>();
        var number = Required(body, "equipmentNumber", errors);
        var type = Optional(body, "equipmentType", errors);
        var cid = Optional(body, "consignmentId", errors);
        var booking = Optional(body, "carrierBookingNumber", errors);
        var codes = OptionalStrings(body, "harmonizedCodes", errors);
        if (cid is null && booking is null && errors.Count == 0)
        {
            errors.Add(new FieldError("carrierBookingNumber", "consignmentId or carrierBookingNumber is required"));
        }

        if (errors.Count > 0)
        {
            return ApiResult.Validation(errors);
        }

        var warnings = new JsonArray();
        if (!CheckDigits.IsValidIso6346(number))
        {
            warnings.Add(Warning("equipmentNumber", Iso6346Warning));
        }

        lock (_gate)
        {
            if (cid is not null)
            {
                if (!_consignments.TryGetValue(cid, out var consignment))
                {
                    return ApiResult.NotFound($"Consignment {cid} does not exist.");
                }

                if (booking is not null && booking != consignment.CarrierBookingNumber)
                {
                    return ApiResult.Conflict($"Consignment {cid} has another carrier booking number.");
                }

                booking = consignment.CarrierBookingNumber;
            }

            EquipmentState? existing = null;
            foreach (var equipment in _equipment.Values)
            {
                if (equipment.EquipmentNumber != number)
                {
                    continue;
                }

                if (equipment.CarrierBookingNumber != booking)
                {
                    return ApiResult.Conflict($"Equipment {number} is tracked under another booking.");
                }

                existing = equipment;
            }

            var now = Now;
            var next = new EquipmentState
            {
                Id = existing?.Id ?? NextId("transportEquipment"),
                EquipmentNumber = number!,
                EquipmentType = type ?? existing?.EquipmentType,
                CarrierBookingNumber = booking!,
                ConsignmentId = existing?.ConsignmentId ?? cid,
                HarmonizedCodes = codes ?? existing?.HarmonizedCodes?.DeepClone().AsArray(),
                CreatorOrgId = existing?.CreatorOrgId ?? caller.OrgId,
                CreatedAt = existing?.CreatedAt ?? now,
            };
            var eventType = existing is null ? EventCatalog.TransportEquipmentCreated : EventCatalog.TransportEquipmentUpdated;
            var ev = NewEvent(caller, eventType, existing is null ? "Transport equipment created" : "Transport equipment updated", "actual", null, now, now,
                PlatformJson.Str(body, "originatorName") ?? caller.Organization.Name, PlatformJson.Str(body, "originatorId") ?? caller.Organization.Scac ?? caller.OrgId);
            ev.Object["equipmentNumber"] = next.EquipmentNumber;
            ev.Object["carrierBookingNumber"] = next.CarrierBookingNumber;
            if (next.EquipmentType is not null)
            {
                ev.Object["equipmentType"] = next.EquipmentType;
            }

            if (next.HarmonizedCodes is not null)
            {
                ev.Object["harmonizedCodes"] = next.HarmonizedCodes.DeepClone();
            }

            ev.EquipmentLevel = true;
            ev.EquipmentNumber = next.EquipmentNumber;
            ev.TransportEquipmentId = next.Id;
            ev.CarrierBookingNumber = next.CarrierBookingNumber;
            Commit(new JournalRecord { Op = JournalRecord.EquipmentOp, Equipment = next, Event = ev });
            return ApiResult.Ok(new JsonObject { ["transportEquipmentId"] = next.Id, ["eventTransactionId"] = ev.Id, ["warnings"] = warnings });
        }
    }

    /// <summary><c>POST /api/v1/transportEvents/{type}</c> and <c>/genericEvents/{type}</c>.</summary>
    public ApiResult PublishEvent(Caller caller, EventKind kind, JsonObject body)
    {
        if (!PlatformRoles.May(caller.Roles, kind.Action))
        {
            return Forbidden(caller, $"publish {kind.EventType}");
        }

        var errors = new List<FieldError>();
        var originatorName = Required(body, "originatorName", errors);
        var originatorId = Required(body, "originatorId", errors);
        var occurred = RequiredTime(body, "eventOccurrenceTime8601", errors);
        var submitted = OptionalTime(body, "eventSubmissionTime8601", errors);
        var teId = Optional(body, "transportEquipmentId", errors);
        var number = Optional(body, "equipmentNumber", errors);
        var cid = Optional(body, "consignmentId", errors);
        var booking = Optional(body, "carrierBookingNumber", errors);
        var bol = Optional(body, "billOfLadingNumber", errors);
        var phase = OptionalEnum(body, "transportationPhase", ["Import", "Export", "Transshipment"], errors);
        var fullStatus = OptionalEnum(body, "fullStatus", ["Full", "Empty"], errors);
        var location = OptionalLocation(body, errors);
        var idempotencyKey = Optional(body, "idempotencyKey", errors);
        var extras = new JsonObject();
        foreach (var name in (string[])["vehicleId", "vehicleName", "voyageId", "correlationId"])
        {
            if (Optional(body, name, errors) is { } value)
            {
                extras[name] = value;
            }
        }

        if (body["terminal"] is { } terminal)
        {
            if (terminal.GetValueKind() is JsonValueKind.String or JsonValueKind.Object)
            {
                extras["terminal"] = terminal.DeepClone();
            }
            else
            {
                errors.Add(new FieldError("terminal", "must be a string or an object"));
            }
        }

        if (teId is null && number is null && cid is null && booking is null && bol is null && errors.Count == 0)
        {
            errors.Add(new FieldError("transportEquipmentId", "one of transportEquipmentId, equipmentNumber, consignmentId, carrierBookingNumber or billOfLadingNumber is required"));
        }

        if (errors.Count > 0)
        {
            return ApiResult.Validation(errors);
        }

        var warnings = new JsonArray();
        lock (_gate)
        {
            if (idempotencyKey is not null && _eventIdempotency.TryGetValue(IdempotencyKey(caller.OrgId, idempotencyKey), out var first))
            {
                return ApiResult.Ok(new JsonObject { ["message"] = "Event submitted", ["eventTransactionId"] = first, ["warnings"] = warnings });
            }

            // Every check that can refuse the request comes first: a refused publish draws no id and no sequence, so it
            // shifts no later id (ids are counted; the journal keeps only what was committed).
            string? equipmentId = null;
            string? consignmentId = null;
            var equipmentLevel = teId is not null || number is not null;
            if (teId is not null)
            {
                if (!_equipment.TryGetValue(teId, out var equipment))
                {
                    return ApiResult.NotFound($"Transport equipment {teId} does not exist.");
                }

                if (number is not null && number != equipment.EquipmentNumber)
                {
                    return ApiResult.Conflict($"Transport equipment {teId} has another equipment number.");
                }

                number = equipment.EquipmentNumber;
                equipmentId = teId;
            }
            else if (number is not null)
            {
                equipmentId = FindEquipment(number, booking, bol)?.Id; // null: orphaned
            }
            else if (cid is not null)
            {
                if (!_consignments.ContainsKey(cid))
                {
                    return ApiResult.NotFound($"Consignment {cid} does not exist.");
                }

                consignmentId = cid;
            }
            else
            {
                consignmentId = (booking is not null ? FindConsignmentByBooking(booking) : FindConsignmentByBol(bol!))?.Id; // null: homeless
            }

            if (equipmentLevel && !CheckDigits.IsValidIso6346(number!))
            {
                warnings.Add(Warning("equipmentNumber", Iso6346Warning));
            }

            var now = Now;
            var ev = NewEvent(caller, kind.EventType, kind.EventName, kind.Classifier, kind.Milestone, occurred!.Value, submitted ?? now, originatorName!, originatorId!);
            ev.IdempotencyKey = idempotencyKey;
            ev.EquipmentLevel = equipmentLevel;
            if (equipmentLevel)
            {
                ev.TransportEquipmentId = equipmentId;
                ev.EquipmentNumber = number;
            }
            else
            {
                ev.ConsignmentId = consignmentId;
            }

            ev.CarrierBookingNumber = booking;
            ev.BillOfLadingNumber = bol;
            Set(ev.Object, "equipmentNumber", number);
            Set(ev.Object, "carrierBookingNumber", booking);
            Set(ev.Object, "billOfLadingNumber", bol);
            Set(ev.Object, "transportationPhase", phase);
            Set(ev.Object, "fullStatus", fullStatus);
            if (location is not null)
            {
                ev.Object["location"] = location;
                ev.LocationKey = PlatformJson.Str(location, "locationKey");
            }

            foreach (var (name, value) in extras.ToList())
            {
                extras.Remove(name);
                ev.Object[name] = value;
            }

            Commit(new JournalRecord { Op = JournalRecord.EventOp, Event = ev });
            return ApiResult.Ok(new JsonObject { ["message"] = "Event submitted", ["eventTransactionId"] = ev.Id, ["warnings"] = warnings });
        }
    }

    private EquipmentState? FindEquipment(string number, string? booking, string? bol)
    {
        EquipmentState? found = null;
        foreach (var equipment in _equipment.Values)
        {
            if (equipment.EquipmentNumber != number || (booking is not null && equipment.CarrierBookingNumber != booking))
            {
                continue;
            }

            if (bol is not null && (equipment.ConsignmentId is null || _consignments[equipment.ConsignmentId].BillOfLadingNumber != bol))
            {
                continue;
            }

            found = equipment;
        }

        return found;
    }

    private ConsignmentState? FindConsignmentByBol(string bol)
    {
        foreach (var consignment in _consignments.Values)
        {
            if (consignment.BillOfLadingNumber == bol)
            {
                return consignment;
            }
        }

        return null;
    }

    // The common members of an event object (docs/platform.md "An event object"); the caller adds the rest.
    private EventState NewEvent(Caller caller, string eventType, string eventName, string classifier, string? milestone, DateTimeOffset occurred, DateTimeOffset submitted, string originatorName, string originatorId)
    {
        var now = Now;
        var id = NextId("event");
        var sequence = _lastSequence + 1;
        var obj = new JsonObject
        {
            ["eventPublishTime"] = now.ToUnixTimeMilliseconds(),
            ["eventSubmissionTime"] = submitted.ToUnixTimeMilliseconds(),
            ["eventSubmissionTime8601"] = PlatformJson.Iso8601(submitted),
            ["eventOccurrenceTime"] = occurred.ToUnixTimeMilliseconds(),
            ["eventOccurrenceTime8601"] = PlatformJson.Iso8601(occurred),
            ["eventType"] = eventType,
            ["eventName"] = eventName,
            ["eventTransactionId"] = id,
            ["sequence"] = sequence,
            ["senderOrgName"] = caller.Organization.Name,
            ["senderOrgTypes"] = PlatformJson.Strings(caller.Roles),
            ["originatorId"] = originatorId,
            ["originatorName"] = originatorName,
        };
        return new EventState
        {
            Sequence = sequence,
            Id = id,
            SenderOrgId = caller.OrgId,
            Object = obj,
            Classifier = classifier,
            Milestone = milestone,
            OccurredAt = occurred,
        };
    }

    private static void Set(JsonObject obj, string name, string? value)
    {
        if (value is not null)
        {
            obj[name] = value;
        }
    }

    private static JsonObject Warning(string field, string message) => new() { ["field"] = field, ["message"] = message };

    private static ApiResult Forbidden(Caller caller, string what) =>
        ApiResult.Forbidden($"An organisation with roles [{string.Join(", ", caller.Roles)}] may not {what}.");

    // ------------------------------------------------------------------ validation helpers

    private static string? Required(JsonObject body, string name, List<FieldError> errors)
    {
        var value = Optional(body, name, errors);
        if (value is null && !errors.Exists(e => e.Field == name))
        {
            errors.Add(new FieldError(name, "is required"));
        }

        return value;
    }

    private static string? Optional(JsonObject body, string name, List<FieldError> errors)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "must be a string"));
            return null;
        }

        var text = node.GetValue<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError(name, "must not be empty"));
            return null;
        }

        return text;
    }

    private static JsonObject? OptionalObject(JsonObject body, string name, List<FieldError> errors)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            errors.Add(new FieldError(name, "must be an object"));
            return null;
        }

        return obj.DeepClone().AsObject();
    }

    private static JsonArray? OptionalStrings(JsonObject body, string name, List<FieldError> errors)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonArray array || array.Any(i => i is null || i.GetValueKind() != JsonValueKind.String))
        {
            errors.Add(new FieldError(name, "must be an array of strings"));
            return null;
        }

        return array.DeepClone().AsArray();
    }

    private static string? OptionalEnum(JsonObject body, string name, string[] allowed, List<FieldError> errors)
    {
        var value = Optional(body, name, errors);
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            errors.Add(new FieldError(name, "must be one of " + string.Join(", ", allowed)));
            return null;
        }

        return value;
    }

    private static DateTimeOffset? RequiredTime(JsonObject body, string name, List<FieldError> errors)
    {
        var value = OptionalTime(body, name, errors);
        if (value is null && !errors.Exists(e => e.Field == name))
        {
            errors.Add(new FieldError(name, "is required"));
        }

        return value;
    }

    private static DateTimeOffset? OptionalTime(JsonObject body, string name, List<FieldError> errors)
    {
        var text = Optional(body, name, errors);
        if (text is null)
        {
            return null;
        }

        var value = PlatformJson.ParseIso8601(text);
        if (value is null)
        {
            errors.Add(new FieldError(name, "must be an ISO 8601 date-time with an offset, e.g. 2018-01-01T12:00:00.000+01:00"));
        }

        return value;
    }

    // location: {type: "UN/Locode", value} or {unlocode, ...} -> {unlocode, description?, locationKey, type, value, ...}
    // with a UN/LOCODE of two letters and three letters or digits 2-9 (trade-standards.md §C.3).
    private static JsonObject? OptionalLocation(JsonObject body, List<FieldError> errors)
    {
        if (!body.TryGetPropertyValue("location", out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonObject input)
        {
            errors.Add(new FieldError("location", "must be an object"));
            return null;
        }

        var unlocode = PlatformJson.Str(input, "unlocode");
        var type = PlatformJson.Str(input, "type");
        var value = PlatformJson.Str(input, "value");
        if (unlocode is null && type == "UN/Locode")
        {
            unlocode = value;
        }

        if (unlocode is null)
        {
            errors.Add(new FieldError("location.unlocode", "is required (or type \"UN/Locode\" with value)"));
            return null;
        }

        if (!IsUnLocode(unlocode))
        {
            errors.Add(new FieldError("location.unlocode", "must be a UN/LOCODE: 2 letters and 3 letters or digits 2-9"));
            return null;
        }

        var location = new JsonObject { ["unlocode"] = unlocode };
        if (PlatformJson.Str(input, "description") is { } description)
        {
            location["description"] = description;
        }

        location["locationKey"] = PlatformJson.Str(input, "locationKey") ?? unlocode;
        location["type"] = "UN/Locode";
        location["value"] = unlocode;
        foreach (var name in (string[])["smdgTerminal", "gln", "geoCoord", "address", "splc"])
        {
            if (input[name] is { } extra)
            {
                location[name] = extra.DeepClone();
            }
        }

        return location;
    }

    internal static bool IsUnLocode(string text) =>
        text.Length == 5 && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1])
        && text.AsSpan(2).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789") < 0;
}
