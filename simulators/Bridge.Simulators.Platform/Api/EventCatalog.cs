using System.Collections.Frozen;

namespace Bridge.Simulators.Platform.Api;

/// <summary>What a published event type is.</summary>
/// <param name="EventType">The TradeLens <c>eventType</c>, for example <c>actualGateIn</c>.</param>
/// <param name="EventName">A readable name, for example "Actual gate in".</param>
/// <param name="Action">The action the role matrix checks.</param>
/// <param name="Classifier"><c>planned</c>, <c>estimated</c> or <c>actual</c>.</param>
/// <param name="Milestone">The milestone without the classifier (for currentProgress steps), null for generic events.</param>
internal sealed record EventKind(string EventType, string EventName, PlatformAction Action, string Classifier, string? Milestone);

/// <summary>
/// The event types of docs/platform.md "Publishing" (trade-standards.md §B.2): {planned, estimated, actual} × the
/// sixteen transport milestones, actualContainerStuffed/Stripped on <c>transportEvents/</c>, and customsRelease (doc),
/// customsHold and customsInspection (prop) on <c>genericEvents/</c>.
/// </summary>
internal static class EventCatalog
{
    public const string DocumentSubmitted = "documentSubmitted";
    public const string ConsignmentCreated = "consignmentCreated";
    public const string ConsignmentUpdated = "consignmentUpdated";
    public const string TransportEquipmentCreated = "transportEquipmentCreated";
    public const string TransportEquipmentUpdated = "transportEquipmentUpdated";

    private static readonly string[] Milestones =
    [
        "GateIn", "GateOut", "LoadedOnVessel", "DischargeFromVessel", "VesselDeparture", "VesselArrival",
        "LoadedOnBarge", "DischargeFromBarge", "BargeDeparture", "BargeArrival",
        "LoadedOnRail", "DischargeFromRail", "RailDeparture", "RailArrival", "LoadedOnTruck", "DischargeFromTruck",
    ];

    public static FrozenDictionary<string, EventKind> TransportEvents { get; } = BuildTransport();

    public static FrozenDictionary<string, EventKind> GenericEvents { get; } = new Dictionary<string, EventKind>(StringComparer.Ordinal)
    {
        ["customsRelease"] = new("customsRelease", "Customs release", PlatformAction.PublishCustomsEvent, "actual", null),
        ["customsHold"] = new("customsHold", "Customs hold", PlatformAction.PublishCustomsEvent, "actual", null),
        ["customsInspection"] = new("customsInspection", "Customs inspection", PlatformAction.PublishCustomsEvent, "actual", null),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static FrozenDictionary<string, EventKind> BuildTransport()
    {
        var kinds = new Dictionary<string, EventKind>(StringComparer.Ordinal);
        foreach (var classifier in (string[])["planned", "estimated", "actual"])
        {
            foreach (var milestone in Milestones)
            {
                var type = classifier + milestone;
                kinds[type] = new EventKind(type, Readable(classifier, milestone), PlatformAction.PublishTransportEvent, classifier, milestone);
            }
        }

        foreach (var milestone in (string[])["ContainerStuffed", "ContainerStripped"])
        {
            var type = "actual" + milestone;
            kinds[type] = new EventKind(type, Readable("actual", milestone), PlatformAction.PublishStuffingEvent, "actual", milestone);
        }

        return kinds.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // "actual" + "LoadedOnVessel" -> "Actual loaded on vessel".
    internal static string Readable(string classifier, string milestone)
    {
        var text = new System.Text.StringBuilder(char.ToUpperInvariant(classifier[0]) + classifier[1..]);
        foreach (var c in milestone)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>The document types of <c>GET /api/v1/documentTypes</c> (trade-standards.md §A.3 crosswalk).</summary>
    public static IReadOnlyList<string> DocumentTypes { get; } =
    [
        "BILL_OF_LADING", "SEA_WAYBILL", "COMMERCIAL_INVOICE", "PACKING_LIST", "CERTIFICATE_OF_ORIGIN",
        "PHYTOSANITARY_CERTIFICATE", "INSPECTION_CERTIFICATE", "CUSTOMS_DECLARATION",
    ];

    /// <summary>"BILL_OF_LADING" -> "Bill of Lading" (the TradeLens event name reads "Bill of Lading submitted").</summary>
    public static string DocumentTitle(string docType)
    {
        var words = docType.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w is "OF" ? "of" : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant());
        return string.Join(' ', words);
    }
}
