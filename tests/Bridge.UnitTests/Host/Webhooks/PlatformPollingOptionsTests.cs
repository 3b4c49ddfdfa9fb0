using Bridge.Host.Hosting;
using Bridge.Host.Webhooks;

namespace Bridge.UnitTests.Host.Webhooks;

[Trait("Category", "Unit")]
public sealed class PlatformPollingOptionsTests
{
    [Fact]
    public void Problems_Defaults_None() => new PlatformPollingOptions().Problems().ShouldBeEmpty();

    [Theory]
    [InlineData("FastInterval", "FastInterval must be at least 100 ms")]
    [InlineData("SafetyInterval", "SafetyInterval must be at least FastInterval")]
    [InlineData("Silence", "Silence must be positive")]
    [InlineData("PageSize", "PageSize must be 1 to 1000")]
    [InlineData("LeaseDuration", "LeaseDuration must be 1 s to 1 h")]
    public void Problems_OneSettingOutOfRange_NamesItAlone(string setting, string expected)
    {
        var options = new PlatformPollingOptions();
        switch (setting)
        {
            case "FastInterval":
                options.FastInterval = TimeSpan.FromMilliseconds(99);
                break;
            case "SafetyInterval":
                options.SafetyInterval = options.FastInterval - TimeSpan.FromMilliseconds(1);
                break;
            case "Silence":
                options.Silence = TimeSpan.Zero;
                break;
            case "PageSize":
                options.PageSize = 1001;
                break;
            default:
                options.LeaseDuration = TimeSpan.FromHours(2);
                break;
        }

        var problems = options.Problems();

        problems.Count.ShouldBe(1);
        problems[0].ShouldContain($"Bridge:Webhooks:Polling:{expected}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Problems_PageSizeOutside1To1000_Refused(int pageSize) =>
        new PlatformPollingOptions { PageSize = pageSize }.Problems().ShouldHaveSingleItem().ShouldContain("PageSize");

    [Fact]
    public void Validate_WebhookNetworkWithoutConnection_ThrowsNamingTheNetworkAndTheSettings()
    {
        var webhooks = new WebhookReceiverOptions { Networks = { ["tradelens"] = new WebhookReceiverNetwork { SharedSecret = "s" } } };

        var error = Should.Throw<InvalidOperationException>(() => PlatformPollingOptions.Validate(webhooks, new RelayOptions()));

        error.Message.ShouldContain("Bridge:Relay:Adapters:tradelens:Endpoint");
        error.Message.ShouldContain("Bridge:Webhooks:Networks:tradelens:PollingFallback=false");
    }

    [Theory]
    [InlineData(null, "key.txt", "org-1")]
    [InlineData("http://127.0.0.1:9/", null, "org-1")]
    [InlineData("http://127.0.0.1:9/", "key.txt", " ")]
    public void Validate_ConnectionMissingAPart_Throws(string? endpoint, string? apiKeyFile, string? organization)
    {
        var webhooks = new WebhookReceiverOptions { Networks = { ["tradelens"] = new WebhookReceiverNetwork { SharedSecret = "s" } } };
        var relay = new RelayOptions { Adapters = { ["tradelens"] = new RelayAdapterOptions { Endpoint = endpoint is null ? null : new Uri(endpoint), ApiKeyFile = apiKeyFile, OrganizationId = organization } } };

        Should.Throw<InvalidOperationException>(() => PlatformPollingOptions.Validate(webhooks, relay)).Message.ShouldContain("tradelens");
    }

    [Fact]
    public void Validate_CompleteConnectionOrFallbackOff_Passes()
    {
        var webhooks = new WebhookReceiverOptions
        {
            Networks =
            {
                ["tradelens"] = new WebhookReceiverNetwork { SharedSecret = "s" },
                ["bench"] = new WebhookReceiverNetwork { SharedSecret = "s", PollingFallback = false },
            },
        };
        var relay = new RelayOptions { Adapters = { ["tradelens"] = new RelayAdapterOptions { Endpoint = new Uri("http://127.0.0.1:9/"), ApiKeyFile = "key.txt", OrganizationId = "org-1" } } };

        Should.NotThrow(() => PlatformPollingOptions.Validate(webhooks, relay));
    }

    [Fact]
    public void Validate_BadPollingSettingAndMissingConnection_ListsBoth()
    {
        var webhooks = new WebhookReceiverOptions { Polling = new PlatformPollingOptions { PageSize = 0 }, Networks = { ["tradelens"] = new WebhookReceiverNetwork { SharedSecret = "s" } } };

        var message = Should.Throw<InvalidOperationException>(() => PlatformPollingOptions.Validate(webhooks, new RelayOptions())).Message;

        message.ShouldContain("PageSize");
        message.ShouldContain("Bridge:Relay:Adapters:tradelens");
    }
}
