using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Simulators.Platform;

namespace Bridge.IntegrationTests.Platform.Simulator;

/// <summary>A platform simulator in a temp folder on a free port, a manual clock, and an HttpClient with token helpers.</summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private SimulatorHarness(string directory, ManualTimeProvider time, PlatformSimulator simulator, bool ownsDirectory)
    {
        Directory = directory;
        Time = time;
        Simulator = simulator;
        OwnsDirectory = ownsDirectory;
        Http = new HttpClient { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public string Directory { get; }

    public ManualTimeProvider Time { get; }

    public PlatformSimulator Simulator { get; private set; }

    public HttpClient Http { get; private set; }

    private bool OwnsDirectory { get; }

    private bool SeedDemoData { get; init; }

    public static async Task<SimulatorHarness> StartAsync(bool seedDemoData = false, string? directory = null, ManualTimeProvider? time = null, string seed = "trade-chain-bridge")
    {
        var owns = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "platform-sim-" + Guid.NewGuid().ToString("N"));
        time ??= new ManualTimeProvider(Start);
        var simulator = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions
        {
            DataDirectory = directory,
            TimeProvider = time,
            SeedDemoData = seedDemoData,
            Seed = seed,
        }, TestContext.Current.CancellationToken);
        return new SimulatorHarness(directory, time, simulator, owns) { SeedDemoData = seedDemoData };
    }

    /// <summary>Stops the simulator and starts a new one on the same folder and clock.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
        Simulator = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions { DataDirectory = Directory, TimeProvider = Time, SeedDemoData = SeedDemoData }, TestContext.Current.CancellationToken);
        Http = new HttpClient { BaseAddress = Simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public SimulatedOrganization Org(string role) => Simulator.Organization(role);

    public async Task<JsonObject> IamTokenAsync(string apiKey)
    {
        using var response = await Http.PostAsync("identity/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ibm:params:oauth:grant-type:apikey",
            ["apikey"] = apiKey,
        }), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await ReadObjectAsync(response))!;
    }

    public async Task<string> SolutionTokenAsync(string role)
    {
        var org = Org(role);
        var iam = await IamTokenAsync(org.ApiKey);
        using var response = await Http.PostAsync($"sa/api/v1/auth/exchange_token/organizations/{org.Id}", Json(iam), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (string)(await ReadObjectAsync(response))!["solution_token"]!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? role, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await SolutionTokenAsync(role));
        }

        if (body is not null)
        {
            request.Content = Json(body);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends and expects <paramref name="status"/>; returns the parsed body.</summary>
    public async Task<JsonNode?> ExpectAsync(int status, HttpMethod method, string path, string? role, JsonNode? body = null)
    {
        using var response = await SendAsync(method, path, role, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ((int)response.StatusCode).ShouldBe(status, text);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public Task<JsonNode?> PostAsync(string path, string role, JsonNode body) => ExpectAsync(200, HttpMethod.Post, path, role, body);

    public Task<JsonNode?> GetAsync(string path, string role) => ExpectAsync(200, HttpMethod.Get, path, role);

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) as JsonObject;

    public static async Task<JsonArray> ReadArrayAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();

    /// <summary>A consignment by the carrier, with equipment; returns (consignmentId, transportEquipmentId).</summary>
    public async Task<(string Cid, string TeId)> CreateShipmentAsync(string booking, string equipmentNumber, string? bol = null)
    {
        var consignment = await PostAsync("api/v1/consignments", "carrier", new JsonObject
        {
            ["originatorName"] = "Carrier",
            ["originatorId"] = "MAEU",
            ["carrierBookingNumber"] = booking,
            ["billOfLadingNumber"] = bol,
        });
        var cid = (string)consignment!["consignmentId"]!;
        var equipment = await PostAsync("api/v1/transportEquipment", "carrier", new JsonObject
        {
            ["equipmentNumber"] = equipmentNumber,
            ["equipmentType"] = "22G1",
            ["consignmentId"] = cid,
        });
        return (cid, (string)equipment!["transportEquipmentId"]!);
    }

    public static JsonObject Event(string time, string? equipmentNumber = null, string? unlocode = null) => new()
    {
        ["originatorName"] = "Carrier",
        ["originatorId"] = "MAEU",
        ["eventOccurrenceTime8601"] = time,
        ["equipmentNumber"] = equipmentNumber,
        ["location"] = unlocode is null ? null : new JsonObject { ["type"] = "UN/Locode", ["value"] = unlocode },
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
        if (OwnsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
