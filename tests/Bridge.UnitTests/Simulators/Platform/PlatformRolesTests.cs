using Bridge.Simulators.Platform.Api;
using Bridge.Simulators.Platform.Webhooks;

namespace Bridge.UnitTests.Simulators.Platform;

[Trait("Category", "Unit")]
public sealed class PlatformRolesTests
{
    // docs/platform.md "Organisations and roles", row by row.
    [Theory]
    [InlineData(PlatformAction.UpsertConsignment, "carrier,forwarder")]
    [InlineData(PlatformAction.AddParty, "carrier,forwarder")]
    [InlineData(PlatformAction.UpsertTransportEquipment, "carrier,terminal,forwarder")]
    [InlineData(PlatformAction.PublishTransportEvent, "carrier,terminal,port")]
    [InlineData(PlatformAction.PublishStuffingEvent, "carrier,terminal,shipper,forwarder")]
    [InlineData(PlatformAction.PublishCustomsEvent, "customs")]
    [InlineData(PlatformAction.Subscribe, "carrier,terminal,port,customs,shipper,forwarder")]
    internal void May_EachRole_MatchesTheMatrix(PlatformAction action, string allowed)
    {
        var expected = allowed.Split(',');
        foreach (var role in (string[])["carrier", "terminal", "port", "customs", "shipper", "forwarder"])
        {
            PlatformRoles.May([role], action).ShouldBe(expected.Contains(role), $"{role} / {action}");
        }
    }

    [Fact]
    public void CanRead_PartiesCustomsPortAndPublisher()
    {
        string[] parties = ["carrier-org", "shipper-org"];
        PlatformRoles.CanRead("shipper-org", ["shipper"], parties, "carrier-org").ShouldBeTrue();
        PlatformRoles.CanRead("forwarder-org", ["forwarder"], parties, "carrier-org").ShouldBeFalse();
        PlatformRoles.CanRead("customs-org", ["customs"], parties, "carrier-org").ShouldBeTrue();
        PlatformRoles.CanRead("port-org", ["port"], null, "carrier-org").ShouldBeTrue();
        PlatformRoles.CanRead("carrier-org", ["carrier"], null, "carrier-org").ShouldBeTrue();
        PlatformRoles.CanRead("terminal-org", ["terminal"], null, "carrier-org").ShouldBeFalse();
        PlatformRoles.CanUpload("customs-org", ["customs"], parties).ShouldBeTrue();
        PlatformRoles.CanUpload("port-org", ["port"], parties).ShouldBeFalse();
    }

    [Fact]
    public void EventCatalog_AllTypes_Listed()
    {
        EventCatalog.TransportEvents.Count.ShouldBe((3 * 16) + 2);
        EventCatalog.TransportEvents.ContainsKey("estimatedDischargeFromBarge").ShouldBeTrue();
        EventCatalog.TransportEvents.ContainsKey("plannedContainerStuffed").ShouldBeFalse();
        EventCatalog.GenericEvents.Keys.Order().ShouldBe(["customsHold", "customsInspection", "customsRelease"]);
        EventCatalog.DocumentTitle("BILL_OF_LADING").ShouldBe("Bill of Lading");
    }
}

[Trait("Category", "Unit")]
public sealed class WebhookSignaturesTests
{
    // RFC 2202 §3 test case 2 (HMAC-SHA1) and RFC 4231 §4.3 test case 2 (HMAC-SHA256): key "Jefe".
    [Fact]
    public void TradeLens_Rfc2202Case2_Matches() =>
        WebhookSignatures.TradeLens("Jefe", "what do ya want for nothing?"u8).ShouldBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");

    [Fact]
    public void Dcsa_Rfc4231Case2_Matches() =>
        WebhookSignatures.Dcsa("Jefe", "what do ya want for nothing?"u8).ShouldBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    [Fact]
    public void Delivery_SignsIdDotTDotBody()
    {
        // v1 = HMAC-SHA256(secret, "{id}.{t}." + body), computed here with the framework's HMAC.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("Jefe"u8, "d-1.1700000000000.[]"u8));
        var header = WebhookSignatures.Delivery("Jefe", "d-1", 1700000000000, "[]"u8);
        header.ShouldBe("id=d-1,t=1700000000000,v1=" + expected);
        header.ShouldNotBe(WebhookSignatures.Delivery("Jefe", "d-1", 1700000000001, "[]"u8));
    }

    [Fact]
    public void Backoff_Doubles_FromOneSecond_UpToTheCap() =>
        Enumerable.Range(1, 8).Select(n => WebhookSignatures.Backoff(n, TimeSpan.FromSeconds(60)).TotalSeconds)
            .ShouldBe([1, 2, 4, 8, 16, 32, 60, 60]);
}
