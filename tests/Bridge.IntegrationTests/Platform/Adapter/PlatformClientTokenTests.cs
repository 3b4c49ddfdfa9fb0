using System.Net;
using Bridge.Adapters.Platform.Client;
using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>The client's two-step token exchange (docs/platform.md "Authentication") against the simulator's real tokens.</summary>
[Trait("Category", "Integration")]
public sealed class PlatformClientTokenTests
{
    // The simulator's default token lifetime (docs/platform.md: 3600 s) and the client's default renewal margin (5 min).
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    [Fact]
    public async Task GetEvents_SharedClockPassesExpiry_ClientRenewsBeforeCallingAndSucceeds()
    {
        await using var h = await SimulatorHarness.StartAsync();
        using var session = ClientSession.For(h, "carrier", h.Time);
        var ct = TestContext.Current.CancellationToken;

        var identity = await session.Client.GetIdentityAsync(ct);
        identity.OrganizationId.ShouldBe(h.Org("carrier").Id);
        identity.Roles.ShouldContain("carrier");
        await session.Client.GetEventsAsync(0, 10, ct);
        session.Handler.Count("/identity/token").ShouldBe(1);
        session.Handler.Count("/sa/api/v1/auth/exchange_token/").ShouldBe(1);

        // Past the token's exp on both clocks: the client sees it and renews first, so the platform never answers 401.
        h.Time.Advance(Lifetime + TimeSpan.FromSeconds(1));
        var page = await session.Client.GetEventsAsync(0, 10, ct);
        page.LastSequence.ShouldBeGreaterThanOrEqualTo(0);
        session.Handler.Count("/identity/token").ShouldBe(2);
        session.Handler.Count("/sa/api/v1/auth/exchange_token/").ShouldBe(2);
        session.Handler.Calls.ShouldNotContain(c => c.Status == 401);
    }

    [Fact]
    public async Task GetEvents_OnlyPlatformClockPassesExpiry_One401ThenRenewedAndRepeated()
    {
        await using var h = await SimulatorHarness.StartAsync();

        // The client's clock stays put, so it believes its token is fresh; the platform's clock has passed exp.
        using var session = ClientSession.For(h, "carrier", new ManualTimeProvider(SimulatorHarness.Start));
        var ct = TestContext.Current.CancellationToken;
        await session.Client.GetEventsAsync(0, 10, ct);
        h.Time.Advance(Lifetime + TimeSpan.FromSeconds(1));

        var page = await session.Client.GetEventsAsync(0, 10, ct);
        page.Events.ShouldNotBeNull();
        session.Handler.Calls.Where(c => c.Path == "/api/v1/events").Select(c => c.Status).ShouldBe([200, 401, 200]);
        session.Handler.Count("/identity/token").ShouldBe(2);
    }

    [Fact]
    public async Task GetEvents_UnknownApiKey_PlatformApiException401WithoutRetries()
    {
        await using var h = await SimulatorHarness.StartAsync();
        using var session = new ClientSession(h.Simulator.BaseAddress, "sim_not-a-key", h.Org("carrier").Id, h.Time);

        var error = await Should.ThrowAsync<PlatformApiException>(() => session.Client.GetEventsAsync(0, 10, TestContext.Current.CancellationToken));
        error.Status.ShouldBe(HttpStatusCode.Unauthorized);
        error.IsTransient.ShouldBeFalse();

        // One request to the IAM endpoint and nothing else: a 401 is not retried, and no API call is attempted without a token.
        session.Handler.Calls.ShouldBe([("/identity/token", 401)]);
    }

    [Fact]
    public async Task GetEvents_OrganisationTheUserIsNotIn_PlatformApiException403()
    {
        await using var h = await SimulatorHarness.StartAsync();
        using var session = new ClientSession(h.Simulator.BaseAddress, h.Org("carrier").ApiKey, h.Org("customs").Id, h.Time);

        var error = await Should.ThrowAsync<PlatformApiException>(() => session.Client.GetEventsAsync(0, 10, TestContext.Current.CancellationToken));
        error.Status.ShouldBe(HttpStatusCode.Forbidden);
        session.Handler.Count("/sa/api/v1/auth/exchange_token/").ShouldBe(1);
        session.Handler.Count("/api/v1/events").ShouldBe(0);
    }
}
