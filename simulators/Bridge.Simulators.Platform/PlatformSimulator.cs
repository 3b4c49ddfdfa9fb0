using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Canonical.Identifiers;
using Bridge.Simulators.Platform.Api;
using Bridge.Simulators.Platform.Security;
using Bridge.Simulators.Platform.Store;
using Bridge.Simulators.Platform.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Simulators.Platform;

/// <summary>
/// A TradeLens-style platform on 127.0.0.1 (docs/platform.md): the two-step token exchange, organisation roles,
/// consignments, transport equipment, events, currentProgress, subscriptions with signed webhooks, documents and ES256
/// attestations with a JWKS. State is an append-only journal under <see cref="PlatformSimulatorOptions.DataDirectory"/>,
/// replayed on start; organisations, keys and ids derive from the seed. Start with <see cref="StartAsync"/>, dispose to stop.
/// </summary>
public sealed class PlatformSimulator : IAsyncDisposable
{
    private static readonly (string Key, string Name, string Role, string? Scac)[] SeededOrganizations =
    [
        ("carrier", "Simulated Ocean Carrier", PlatformRoles.Carrier, "MAEU"),
        ("terminal", "Simulated Container Terminal", PlatformRoles.Terminal, null),
        ("port", "Simulated Port Authority", PlatformRoles.Port, null),
        ("customs", "Simulated Customs Authority", PlatformRoles.Customs, null),
        ("shipper", "Simulated Shipper", PlatformRoles.Shipper, null),
        ("forwarder", "Simulated Freight Forwarder", PlatformRoles.Forwarder, null),
    ];

    private readonly WebApplication _app;
    private readonly PlatformState _state;
    private readonly PlatformSigner _signer;
    private readonly WebhookDispatcher _dispatcher;
    private readonly PlatformSimulatorOptions _options;
    private readonly Lock _resetGate = new();
    private int _disposed;

    private PlatformSimulator(WebApplication app, Uri baseAddress, PlatformState state, PlatformSigner signer, WebhookDispatcher dispatcher, PlatformSimulatorOptions options, IReadOnlyList<SimulatedOrganization> organizations)
    {
        _app = app;
        BaseAddress = baseAddress;
        _state = state;
        _signer = signer;
        _dispatcher = dispatcher;
        _options = options;
        Organizations = organizations;
    }

    /// <summary>Gets the address clients use, for example <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the issuer of tokens and attestations: the base address without its trailing slash.</summary>
    public string Issuer => _signer.Issuer;

    /// <summary>Gets the JWKS address (<c>/.well-known/jwks.json</c>).</summary>
    public Uri JwksUri => new(BaseAddress, ".well-known/jwks.json");

    /// <summary>Gets the seeded organisations (carrier, terminal, port, customs, shipper, forwarder), in that order.</summary>
    public IReadOnlyList<SimulatedOrganization> Organizations { get; }

    /// <summary>Gets the number of webhook deliveries not yet completed.</summary>
    public int PendingDeliveries => _state.PendingDeliveryCount;

    /// <summary>Gets the organisation with <paramref name="role"/> (for example <c>carrier</c>).</summary>
    /// <param name="role">The role.</param>
    /// <returns>The seeded organisation.</returns>
    public SimulatedOrganization Organization(string role) =>
        Organizations.FirstOrDefault(o => o.Roles.Contains(role)) ?? throw new ArgumentException($"No seeded organisation has role '{role}'.", nameof(role));

    /// <summary>Starts a simulator: opens (replays) the journal, seeds it when empty, and listens on 127.0.0.1.</summary>
    /// <param name="options">Data folder, seed, clock, token lifetime, backoff cap, demo data and port.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running simulator.</returns>
    public static async Task<PlatformSimulator> StartAsync(PlatformSimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var derive = new SeedDerivation(options.Seed);
        var organizations = CreateOrganizations(derive);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = PlatformState.MaxDocumentBytes + (1024 * 1024);
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var runtime = new PlatformRuntime();
        PlatformEndpoints.Map(app, runtime);
        MembershipEndpoints.Map(app, runtime, options.TimeProvider);
        await app.StartAsync(cancellationToken);

        PlatformSigner? signer = null;
        PlatformState? state = null;
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no listening address.");
            var baseAddress = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
            signer = new PlatformSigner(derive.SigningKey("platform-signing-key"), baseAddress.ToString().TrimEnd('/'));
            state = new PlatformState(options.DataDirectory, derive, options.TimeProvider, signer, organizations) { TestHookSkipJournallingDeliveredMarks = options.TestHookSkipJournallingDeliveredMarks };
            if (state.IsEmpty && options.SeedDemoData)
            {
                SeedDemo(state, organizations);
            }

            var dispatcher = new WebhookDispatcher(state, options.TimeProvider, options.WebhookBackoffCap);
            runtime.Initialize(state, new TokenService(signer, options.TimeProvider, options.TokenLifetime, organizations), signer);
            dispatcher.Start();
            return new PlatformSimulator(app, baseAddress, state, signer, dispatcher, options, organizations);
        }
        catch
        {
            state?.Dispose();
            signer?.Dispose();
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Clears the journal, documents and pending deliveries, and seeds the demo data again (when enabled).</summary>
    public void Reset()
    {
        lock (_resetGate)
        {
            _state.Reset();
            if (_options.SeedDemoData)
            {
                SeedDemo(_state, Organizations);
            }
        }
    }

    /// <summary>What <c>bridge sim platform</c> prints: the address, issuer, JWKS and each organisation with its id, roles and API key.</summary>
    /// <returns>Lines of text.</returns>
    public string DescribeForConsole()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Platform simulator listening on {BaseAddress}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  issuer: {Issuer}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  jwks:   {JwksUri}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  data:   {Path.GetFullPath(_options.DataDirectory)}");
        text.AppendLine("Organisations (seed-derived; API keys are for this simulator only):");
        foreach (var organization in Organizations)
        {
            var scac = organization.Scac is null ? "" : $" scac={organization.Scac}";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {string.Join(',', organization.Roles),-10} {organization.Name,-30} orgId={organization.Id}{scac}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"",-10} apiKey={organization.ApiKey} userId={organization.UserId}");
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _dispatcher.DisposeAsync();
        using (var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(shutdown.Token);
        }

        await _app.DisposeAsync();
        _state.Dispose();
        _signer.Dispose();
    }

    internal static IReadOnlyList<SimulatedOrganization> CreateOrganizations(SeedDerivation derive) =>
    [
        .. SeededOrganizations.Select(o => new SimulatedOrganization(
            derive.Uuid("organization/" + o.Key), o.Name, [o.Role], derive.ApiKey(o.Key), derive.Uuid("user/" + o.Key), o.Scac)),
    ];

    // The demo consignment of docs/platform.md "Seeded demo data": a booking from the carrier with the shipper and the
    // forwarder as parties, one container (a valid ISO 6346 number) and a plan, an estimate and an actual.
    private static void SeedDemo(PlatformState state, IReadOnlyList<SimulatedOrganization> organizations)
    {
        var carrier = new Caller(organizations[0]);
        var consignment = Expect(state.UpsertConsignment(carrier, new JsonObject
        {
            ["originatorName"] = organizations[0].Name,
            ["originatorId"] = "MAEU",
            ["carrierBookingNumber"] = "DEMO-BKG-0001",
            ["billOfLadingNumber"] = "MAEUDEMO0001",
            ["bookingData"] = new JsonObject { ["originLocation"] = "NLRTM", ["destinationLocation"] = "USNWK", ["contractCarriageCondition"] = "CY_CY" },
        }));
        var cid = (string)consignment["consignmentId"]!;
        foreach (var party in new[] { organizations[4], organizations[5] })
        {
            Expect(state.AddParty(carrier, new JsonObject { ["consignmentId"] = cid, ["partyOrgId"] = party.Id }));
        }

        var number = "MSKU907032" + CheckDigits.Iso6346CheckDigit("MSKU907032").ToString(CultureInfo.InvariantCulture);
        Expect(state.UpsertEquipment(carrier, new JsonObject { ["equipmentNumber"] = number, ["equipmentType"] = "22G1", ["consignmentId"] = cid }));
        (string Type, string Time, string Place)[] events =
        [
            ("plannedVesselDeparture", "2025-01-10T18:00:00.000+01:00", "NLRTM"),
            ("plannedVesselArrival", "2025-01-20T08:00:00.000-05:00", "USNWK"),
            ("actualGateIn", "2025-01-08T10:15:00.000+01:00", "NLRTM"),
            ("estimatedVesselArrival", "2025-01-20T14:00:00.000-05:00", "USNWK"),
        ];
        foreach (var (type, time, place) in events)
        {
            Expect(state.PublishEvent(carrier, EventCatalog.TransportEvents[type], new JsonObject
            {
                ["originatorName"] = organizations[0].Name,
                ["originatorId"] = "MAEU",
                ["eventOccurrenceTime8601"] = time,
                ["equipmentNumber"] = number,
                ["carrierBookingNumber"] = "DEMO-BKG-0001",
                ["transportationPhase"] = "Export",
                ["fullStatus"] = "Full",
                ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = place },
            }));
        }
    }

    private static JsonObject Expect(ApiResult result) =>
        result.IsProblem || result.Body is not JsonObject body
            ? throw new InvalidOperationException($"Seeding the demo data failed: {result.Status} {result.Detail}")
            : body;
}
