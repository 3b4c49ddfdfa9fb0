using System.Net;
using Bridge.Testing;

namespace Bridge.IntegrationTests.Api;

[Trait("Category", "Integration")]
public sealed class HealthTests : IClassFixture<BridgeHostFixture>
{
    private readonly BridgeHostFixture _host;

    public HealthTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task Ready_DatabaseUp_Returns200Healthy()
    {
        using var client = _host.Client();
        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Live_NoKey_Returns200()
    {
        using var client = _host.Client();
        using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Request-Id").Single().ShouldNotBeNullOrWhiteSpace();
    }
}
