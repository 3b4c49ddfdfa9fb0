using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Api;

namespace Bridge.Simulators.Platform.Store;

// Reading (docs/platform.md "Reading"; trade-standards.md §B.3).
internal sealed partial class PlatformState
{
    /// <summary>The largest page any query answers.</summary>
    public const int MaxPageSize = 1000;

    /// <summary><c>GET /api/v2/consignments</c>: the consignments the caller may read that match every filter given.</summary>
    public ApiResult QueryConsignments(Caller caller, string? booking, string? bol, string? equipmentNumber, int size, int from)
    {
        lock (_gate)
        {
            var matches = _consignments.Values
                .Where(c => PlatformRoles.CanRead(caller.OrgId, caller.Roles, c.Parties, c.CreatorOrgId))
                .Where(c => booking is null || c.CarrierBookingNumber == booking)
                .Where(c => bol is null || c.BillOfLadingNumber == bol)
                .Where(c => equipmentNumber is null || c.TransportEquipmentIds.Any(id => _equipment[id].EquipmentNumber == equipmentNumber))
                .OrderBy(c => c.CreatedAt)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList();
            var page = matches.Skip(from).Take(size).ToList();
            var list = new JsonArray();
            foreach (var consignment in page)
            {
                list.Add(ConsignmentJson(consignment));
            }

            return ApiResult.Ok(new JsonObject
            {
                ["total"] = matches.Count,
                ["size"] = page.Count,
                ["newFrom"] = from + page.Count,
                ["consignments"] = list,
            });
        }
    }

    /// <summary><c>GET /api/v1/transportEquipment/currentProgress/consignmentId/{cid}/transportEquipmentId/{teid}</c>.</summary>
    public ApiResult CurrentProgress(Caller caller, string cid, string teid)
    {
        lock (_gate)
        {
            if (!_consignments.TryGetValue(cid, out var consignment))
            {
                return ApiResult.NotFound($"Consignment {cid} does not exist.");
            }

            if (!_equipment.TryGetValue(teid, out var equipment) || equipment.ConsignmentId != cid)
            {
                return ApiResult.NotFound($"Transport equipment {teid} does not exist in consignment {cid}.");
            }

            if (!PlatformRoles.CanRead(caller.OrgId, caller.Roles, consignment.Parties, consignment.CreatorOrgId))
            {
                return ApiResult.Forbidden("The organisation is not a party of this consignment.");
            }

            var events = new List<ProgressEvent>();
            EventState? lastPlan = null;
            foreach (var ev in _events)
            {
                if (ev.Milestone is null || ev.TransportEquipmentId != teid)
                {
                    continue;
                }

                events.Add(new ProgressEvent(ev.Milestone, ev.Classifier, ev.LocationKey ?? "", ev.OccurredAt, ev.Sequence, Render(ev)));
                if (ev.Classifier == "planned")
                {
                    lastPlan = ev;
                }
            }

            var (steps, lastActual) = ProgressBuilder.Build(events);
            var entry = new JsonObject
            {
                ["transportEquipmentSummary"] = EquipmentJson(equipment),
                ["transportPlanIssuanceTime8601"] = lastPlan is null ? null : PlatformJson.Str(lastPlan.Object, "eventSubmissionTime8601"),
                ["senderOrgName"] = lastPlan is null ? Organization(equipment.CreatorOrgId).Name : PlatformJson.Str(lastPlan.Object, "senderOrgName"),
                ["sequenceOfLastActual"] = lastActual,
                ["currentProgressEvents"] = steps,
            };
            return ApiResult.Ok(new JsonObject
            {
                ["consignment"] = ConsignmentJson(consignment),
                ["transportEquipmentList"] = new JsonArray(entry),
            });
        }
    }

    /// <summary><c>GET /api/v1/events/unassociated</c>: orphaned (no equipment) and homeless (no consignment) events.</summary>
    public ApiResult Unassociated(Caller caller, int size, int from)
    {
        lock (_gate)
        {
            var unassociated = new List<(EventState Event, bool Orphaned)>();
            foreach (var ev in _events)
            {
                var (teId, consignment) = Association(ev);
                if (consignment is not null || !CanRead(caller.OrgId, ev))
                {
                    continue;
                }

                unassociated.Add((ev, ev.EquipmentLevel && teId is null));
            }

            var page = unassociated.Skip(from).Take(size).ToList();
            var orphaned = new JsonArray();
            var homeless = new JsonArray();
            foreach (var (ev, isOrphaned) in page)
            {
                (isOrphaned ? orphaned : homeless).Add(Render(ev));
            }

            return ApiResult.Ok(new JsonObject
            {
                ["total"] = unassociated.Count,
                ["size"] = page.Count,
                ["orphanedEvents"] = orphaned,
                ["homelessEvents"] = homeless,
                ["newFrom"] = from + page.Count,
            });
        }
    }

    /// <summary>
    /// <c>GET /api/v1/events?afterSequence=N&amp;size=M</c>: the events the caller may read with a sequence above N,
    /// oldest first. <c>lastSequence</c> is the last sequence examined: the last one returned when the page is full,
    /// else the platform's latest, so a poller skips events it may not read.
    /// </summary>
    public ApiResult EventFeed(Caller caller, long afterSequence, int size)
    {
        lock (_gate)
        {
            var events = new JsonArray();
            var last = afterSequence;
            var start = _events.FindIndex(e => e.Sequence > afterSequence);
            if (start >= 0)
            {
                for (var i = start; i < _events.Count; i++)
                {
                    var ev = _events[i];
                    if (events.Count == size)
                    {
                        break;
                    }

                    last = ev.Sequence;
                    if (CanRead(caller.OrgId, ev))
                    {
                        events.Add(Render(ev));
                    }
                }
            }

            return ApiResult.Ok(new JsonObject { ["events"] = events, ["lastSequence"] = last });
        }
    }

    private JsonObject ConsignmentJson(ConsignmentState consignment)
    {
        var obj = new JsonObject
        {
            ["consignmentId"] = consignment.Id,
            ["carrierBookingNumber"] = consignment.CarrierBookingNumber,
        };
        if (consignment.BillOfLadingNumber is not null)
        {
            obj["billOfLadingNumber"] = consignment.BillOfLadingNumber;
        }

        obj["transportEquipmentIds"] = PlatformJson.Strings(consignment.TransportEquipmentIds);
        obj["equipmentNumbers"] = PlatformJson.Strings(consignment.TransportEquipmentIds.Select(id => _equipment[id].EquipmentNumber));
        if (consignment.BookingData is not null)
        {
            obj["bookingData"] = consignment.BookingData.DeepClone();
        }

        obj["originatorName"] = consignment.OriginatorName;
        obj["originatorId"] = consignment.OriginatorId;
        obj["createdByOrgId"] = consignment.CreatorOrgId;
        obj["parties"] = PlatformJson.Strings(consignment.Parties);
        obj["creationTime8601"] = PlatformJson.Iso8601(consignment.CreatedAt);
        return obj;
    }

    private static JsonObject EquipmentJson(EquipmentState equipment)
    {
        var obj = new JsonObject
        {
            ["transportEquipmentId"] = equipment.Id,
            ["equipmentNumber"] = equipment.EquipmentNumber,
            ["carrierBookingNumber"] = equipment.CarrierBookingNumber,
        };
        if (equipment.EquipmentType is not null)
        {
            obj["equipmentType"] = equipment.EquipmentType;
        }

        if (equipment.ConsignmentId is not null)
        {
            obj["consignmentId"] = equipment.ConsignmentId;
        }

        if (equipment.HarmonizedCodes is not null)
        {
            obj["harmonizedCodes"] = equipment.HarmonizedCodes.DeepClone();
        }

        return obj;
    }
}
