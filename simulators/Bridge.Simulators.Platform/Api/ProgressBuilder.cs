using System.Text.Json.Nodes;

namespace Bridge.Simulators.Platform.Api;

/// <summary>An event of one transport equipment as currentProgress sees it.</summary>
/// <param name="Milestone">The milestone without classifier (for example <c>GateIn</c>).</param>
/// <param name="Classifier"><c>planned</c>, <c>estimated</c> or <c>actual</c>.</param>
/// <param name="LocationKey">Where (the location key, usually the UN/LOCODE); empty when the event has no location.</param>
/// <param name="OccurredAt">The event occurrence time.</param>
/// <param name="Sequence">The platform-wide event sequence (publish order).</param>
/// <param name="Event">The event object as served.</param>
internal sealed record ProgressEvent(string Milestone, string Classifier, string LocationKey, DateTimeOffset OccurredAt, long Sequence, JsonObject Event);

/// <summary>
/// Groups an equipment's events into the steps of the currentProgress view (the shape of TradeLens' container
/// "current progress" answer, trade-standards.md §B.3): one step per milestone + location, carrying the latest planned
/// event, every estimate and every actual (publish order). Steps are ordered by their planned time; a step without a
/// plan sorts by its first actual, else its latest estimate; ties by first publish. Steps are numbered from 1.
/// </summary>
internal static class ProgressBuilder
{
    public static (JsonArray Steps, int SequenceOfLastActual) Build(IEnumerable<ProgressEvent> events)
    {
        var steps = new Dictionary<(string, string), List<ProgressEvent>>();
        var order = new List<(string, string)>();
        foreach (var item in events.OrderBy(e => e.Sequence))
        {
            var key = (item.Milestone, item.LocationKey);
            if (!steps.TryGetValue(key, out var list))
            {
                steps[key] = list = [];
                order.Add(key);
            }

            list.Add(item);
        }

        var ranked = order
            .Select(key => (Key: key, Events: steps[key], Time: StepTime(steps[key]), First: steps[key][0].Sequence))
            .OrderBy(s => s.Time)
            .ThenBy(s => s.First)
            .ToList();

        var result = new JsonArray();
        var lastActual = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            var (key, list, _, _) = ranked[i];
            var planned = list.LastOrDefault(e => e.Classifier == "planned");
            var estimates = new JsonArray();
            var actuals = new JsonArray();
            foreach (var item in list)
            {
                if (item.Classifier == "estimated")
                {
                    estimates.Add(item.Event.DeepClone());
                }
                else if (item.Classifier == "actual")
                {
                    actuals.Add(item.Event.DeepClone());
                }
            }

            if (actuals.Count > 0)
            {
                lastActual = i + 1;
            }

            result.Add(new JsonObject
            {
                ["sequence"] = i + 1,
                ["locationKey"] = key.Item2,
                ["planned"] = planned?.Event.DeepClone(),
                ["estimates"] = estimates,
                ["actuals"] = actuals,
            });
        }

        return (result, lastActual);
    }

    private static DateTimeOffset StepTime(List<ProgressEvent> list)
    {
        if (list.LastOrDefault(e => e.Classifier == "planned") is { } planned)
        {
            return planned.OccurredAt;
        }

        if (list.FirstOrDefault(e => e.Classifier == "actual") is { } actual)
        {
            return actual.OccurredAt;
        }

        return list.Last().OccurredAt;
    }
}
