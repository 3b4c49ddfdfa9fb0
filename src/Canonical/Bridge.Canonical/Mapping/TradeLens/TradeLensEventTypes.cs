using System.Collections.Frozen;
using Bridge.Canonical.Model;

namespace Bridge.Canonical.Mapping.TradeLens;

/// <summary>What a TradeLens event type means canonically.</summary>
internal readonly record struct TradeLensEventKind(string Category, string TypeCode, string Classifier, string? Mode);

/// <summary>
/// TradeLens event types (<c>eventType</c>) and their canonical meaning, per trade-standards.md §A.5 "TradeLens-style
/// -> canonical": a classifier prefix planned/estimated/actual (PLN/EST/ACT) and a milestone. Generic events
/// (customs, documents) may also come without a prefix and are then actual.
/// </summary>
internal static class TradeLensEventTypes
{
    // Milestone -> (category, DCSA type code, mode); §A.5 table and §B.2 transportEvents list.
    private static readonly FrozenDictionary<string, (string Category, string TypeCode, string? Mode)> Milestones =
        new Dictionary<string, (string, string, string?)>(StringComparer.Ordinal)
        {
            ["GateIn"] = (EventCategories.Equipment, "GTIN", "TRUCK"),
            ["GateOut"] = (EventCategories.Equipment, "GTOT", "TRUCK"),
            ["LoadedOnVessel"] = (EventCategories.Equipment, "LOAD", "VESSEL"),
            ["DischargeFromVessel"] = (EventCategories.Equipment, "DISC", "VESSEL"),
            ["VesselDeparture"] = (EventCategories.Transport, "DEPA", "VESSEL"),
            ["VesselArrival"] = (EventCategories.Transport, "ARRI", "VESSEL"),
            ["LoadedOnBarge"] = (EventCategories.Equipment, "LOAD", "BARGE"),
            ["DischargeFromBarge"] = (EventCategories.Equipment, "DISC", "BARGE"),
            ["BargeDeparture"] = (EventCategories.Transport, "DEPA", "BARGE"),
            ["BargeArrival"] = (EventCategories.Transport, "ARRI", "BARGE"),
            ["LoadedOnRail"] = (EventCategories.Equipment, "LOAD", "RAIL"),
            ["DischargeFromRail"] = (EventCategories.Equipment, "DISC", "RAIL"),
            ["RailDeparture"] = (EventCategories.Transport, "DEPA", "RAIL"),
            ["RailArrival"] = (EventCategories.Transport, "ARRI", "RAIL"),
            ["LoadedOnTruck"] = (EventCategories.Equipment, "LOAD", "TRUCK"),
            ["DischargeFromTruck"] = (EventCategories.Equipment, "DISC", "TRUCK"),
            ["ContainerStuffed"] = (EventCategories.Equipment, "STUF", null),
            ["ContainerStripped"] = (EventCategories.Equipment, "STRP", null),

            // genericEvents/customsRelease (§B.2, documented); customsHold and customsInspection are the proposed
            // siblings, mapped to the canonical customs codes CUSH and CUSI (Model/Codes.cs EventTypeCodes.Customs).
            ["CustomsRelease"] = (EventCategories.Customs, "CUSR", null),
            ["CustomsHold"] = (EventCategories.Customs, "CUSH", null),
            ["CustomsInspection"] = (EventCategories.Customs, "CUSI", null),

            // Document sharing (§B.5): "X submitted" -> DOCUMENT SUBM with the document reference.
            ["DocumentSubmitted"] = (EventCategories.Document, "SUBM", null),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    // Milestones that may come without a classifier prefix (generic events: actual).
    private static readonly FrozenSet<string> Unprefixed =
        new[] { "CustomsRelease", "CustomsHold", "CustomsInspection", "DocumentSubmitted" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Event types that start tracking (no DCSA event code): they become a <see cref="Consignment"/>.</summary>
    public static bool StartsTracking(string eventType) =>
        eventType is "transportEquipmentCreated" or "transportEquipmentUpdated" or "consignmentCreated" or "consignmentUpdated";

    public static bool TryParse(string eventType, out TradeLensEventKind kind)
    {
        kind = default;
        string classifier;
        ReadOnlySpan<char> milestone;
        if (eventType.StartsWith("planned", StringComparison.Ordinal))
        {
            classifier = EventClassifiers.Planned;
            milestone = eventType.AsSpan(7);
        }
        else if (eventType.StartsWith("estimated", StringComparison.Ordinal))
        {
            classifier = EventClassifiers.Estimated;
            milestone = eventType.AsSpan(9);
        }
        else if (eventType.StartsWith("actual", StringComparison.Ordinal))
        {
            classifier = EventClassifiers.Actual;
            milestone = eventType.AsSpan(6);
        }
        else
        {
            if (eventType.Length == 0 || !char.IsAsciiLetterLower(eventType[0]))
            {
                return false;
            }

            var name = string.Concat(char.ToUpperInvariant(eventType[0]).ToString(), eventType.AsSpan(1));
            if (!Unprefixed.Contains(name) || !Milestones.TryGetValue(name, out var generic))
            {
                return false;
            }

            kind = new TradeLensEventKind(generic.Category, generic.TypeCode, EventClassifiers.Actual, generic.Mode);
            return true;
        }

        if (!Milestones.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(milestone, out var entry))
        {
            return false;
        }

        kind = new TradeLensEventKind(entry.Category, entry.TypeCode, classifier, entry.Mode);
        return true;
    }
}
