using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Api;

namespace Bridge.UnitTests.Simulators.Platform;

[Trait("Category", "Unit")]
public sealed class ProgressBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_EventsOfTwoSteps_GroupedByMilestoneAndLocationOrderedByPlan()
    {
        ProgressEvent[] events =
        [
            E("VesselArrival", "planned", "USNWK", 10, 1),
            E("VesselDeparture", "planned", "NLRTM", 1, 2),
            E("VesselDeparture", "estimated", "NLRTM", 2, 3),
            E("VesselDeparture", "actual", "NLRTM", 3, 4),
            E("VesselDeparture", "planned", "NLRTM", 4, 5), // re-plan: the latest plan counts
            E("VesselArrival", "estimated", "USNWK", 11, 6),
        ];
        var (steps, lastActual) = ProgressBuilder.Build(events);
        steps.Count.ShouldBe(2);
        ((string)steps[0]!["locationKey"]!).ShouldBe("NLRTM");
        ((long)steps[0]!["planned"]!["seq"]!).ShouldBe(5);
        steps[0]!["estimates"]!.AsArray().Select(e => (long)e!["seq"]!).ShouldBe([3L]);
        steps[0]!["actuals"]!.AsArray().Select(e => (long)e!["seq"]!).ShouldBe([4L]);
        ((int)steps[1]!["sequence"]!).ShouldBe(2);
        ((long)steps[1]!["planned"]!["seq"]!).ShouldBe(1);
        lastActual.ShouldBe(1);
    }

    [Fact]
    public void Build_SameMilestoneTwoPlaces_TwoSteps_UnplannedSortsByActual()
    {
        ProgressEvent[] events =
        [
            E("GateIn", "actual", "NLRTM", 5, 1),
            E("GateIn", "actual", "DEHAM", 1, 2),
            E("GateOut", "planned", "DEHAM", 3, 3),
        ];
        var (steps, lastActual) = ProgressBuilder.Build(events);
        steps.Select(s => ((string)s!["locationKey"]!, (long)(s["actuals"]!.AsArray().FirstOrDefault()?["seq"] ?? s["planned"]!["seq"]!))).ShouldBe([("DEHAM", 2L), ("DEHAM", 3L), ("NLRTM", 1L)]);
        steps[1]!["planned"].ShouldNotBeNull();
        steps[0]!["planned"].ShouldBeNull();
        lastActual.ShouldBe(3);
    }

    [Fact]
    public void Build_NoEvents_NoSteps()
    {
        var (steps, lastActual) = ProgressBuilder.Build([]);
        steps.ShouldBeEmpty();
        lastActual.ShouldBe(0);
    }

    private static ProgressEvent E(string milestone, string classifier, string location, int hours, long sequence) =>
        new(milestone, classifier, location, T0.AddHours(hours), sequence, new JsonObject { ["seq"] = sequence });
}
