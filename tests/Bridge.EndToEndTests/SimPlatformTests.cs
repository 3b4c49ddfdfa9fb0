using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary>
/// <c>bridge sim platform</c> as an integrator runs it: the printed carrier API key goes through the two-step token
/// exchange and publishes an event; stopped with SIGTERM and started again on the same data folder with the same seed,
/// the simulator hands out the same organisations and still serves the event.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class SimPlatformTests
{
    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"carrier\s+.*orgId=(?<org>\S+).*\n\s+apiKey=(?<key>\S+)")]
    private static partial Regex Carrier();

    [Fact]
    public async Task SimPlatform_PrintedKeysWorkAndARestartKeepsTheJournal()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-platform-{Guid.NewGuid():N}")).FullName;
        try
        {
            var (org, key, eventId) = await RunAsync(dir, publish: null, ct);
            var (org2, key2, seen) = await RunAsync(dir, publish: eventId, ct);

            (org2, key2).ShouldBe((org, key), "the same seed gives the same organisation and API key");
            seen.ShouldBe(eventId);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Starts the simulator; publishes an event (first run) or finds <paramref name="publish"/> in the feed (second run).</summary>
    private static async Task<(string Org, string Key, string EventId)> RunAsync(string dir, string? publish, CancellationToken ct)
    {
        await using var sim = BridgeProcess.Start(dir, ["sim", "platform", "--data", Path.Combine(dir, "platform"), "--no-demo-data"]);
        var deadline = Stopwatch.StartNew();
        while (!sim.Stdout.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), $"not ready:\n{sim.Stdout}\n{sim.Stderr}");
            await Task.Delay(50, ct);
        }

        sim.Stdout.ShouldNotContain("BEGIN", Case.Sensitive, "no key material is printed");
        var url = new Uri(Listening().Match(sim.Stdout).Groups["url"].Value);
        var carrier = Carrier().Match(sim.Stdout);
        carrier.Success.ShouldBeTrue(sim.Stdout);
        var (org, key) = (carrier.Groups["org"].Value, carrier.Groups["key"].Value);
        using var http = new HttpClient { BaseAddress = url };

        using var iam = await http.PostAsync("/identity/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "urn:ibm:params:oauth:grant-type:apikey", ["apikey"] = key }), ct);
        iam.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var exchange = await http.PostAsync($"/sa/api/v1/auth/exchange_token/organizations/{org}", new StringContent(await iam.Content.ReadAsStringAsync(ct), System.Text.Encoding.UTF8, "application/json"), ct);
        exchange.StatusCode.ShouldBe(HttpStatusCode.OK, await exchange.Content.ReadAsStringAsync(ct));
        var token = (await exchange.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("solution_token").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        string eventId;
        if (publish is null)
        {
            using var consignment = await http.PostAsJsonAsync("/api/v1/consignments", new { originatorName = "Carrier", originatorId = "MAEU", carrierBookingNumber = "E2E-BKG-1" }, ct);
            consignment.StatusCode.ShouldBe(HttpStatusCode.OK, await consignment.Content.ReadAsStringAsync(ct));
            using var published = await http.PostAsJsonAsync("/api/v1/genericEvents/customsRelease", new { originatorName = "Carrier", originatorId = "MAEU", eventOccurrenceTime8601 = "2026-11-21T09:00:00.000+01:00", carrierBookingNumber = "E2E-BKG-1" }, ct);
            (published.StatusCode == HttpStatusCode.Forbidden).ShouldBeTrue("a carrier may not publish customs events");
            using var gateIn = await http.PostAsJsonAsync("/api/v1/transportEvents/actualGateIn", new { originatorName = "Carrier", originatorId = "MAEU", eventOccurrenceTime8601 = "2026-11-21T09:00:00.000+01:00", equipmentNumber = "MSKU9070323", carrierBookingNumber = "E2E-BKG-1" }, ct);
            gateIn.StatusCode.ShouldBe(HttpStatusCode.OK, await gateIn.Content.ReadAsStringAsync(ct));
            eventId = (await gateIn.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("eventTransactionId").GetString()!;
        }
        else
        {
            using var feed = await http.GetAsync("/api/v1/events?afterSequence=0&size=100", ct);
            feed.StatusCode.ShouldBe(HttpStatusCode.OK);
            var events = (await feed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("events").EnumerateArray();
            eventId = events.Select(e => e.GetProperty("eventTransactionId").GetString()!).Single(id => id == publish);
        }

        (await sim.StopAsync(ct)).ShouldBe(0);
        return (org, key, eventId);
    }
}
