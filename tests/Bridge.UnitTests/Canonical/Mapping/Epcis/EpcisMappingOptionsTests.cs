using Bridge.Canonical.Mapping.Epcis;

namespace Bridge.UnitTests.Canonical.Mapping.Epcis;

/// <summary>The configurable policy: shipping/receiving codes and customs locations.</summary>
[Trait("Category", "Unit")]
public sealed class EpcisMappingOptionsTests
{
    private const string Events = """
        [
          { "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE",
            "bizStep": "shipping", "epcList": ["urn:epc:id:bic:CSQU3054383"] },
          { "type": "ObjectEvent", "eventTime": "2024-01-02T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE",
            "bizStep": "urn:epcglobal:cbv:bizstep:receiving", "epcList": ["urn:epc:id:bic:CSQU3054383"] },
          { "type": "ObjectEvent", "eventTime": "2024-01-03T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE",
            "bizStep": "inspecting", "epcList": ["urn:epc:id:bic:CSQU3054383"], "readPoint": { "id": "urn:epc:id:sgln:4012345.00001.0" } },
          { "type": "ObjectEvent", "eventTime": "2024-01-04T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE",
            "bizStep": "https://ref.gs1.org/cbv/BizStep-holding", "epcList": ["urn:epc:id:bic:CSQU3054383"],
            "bizLocation": { "id": "https://id.gs1.org/414/4012345000016" } }
        ]
        """;

    [Fact]
    public void Default_GateOutGateInInspectionAndObservation()
    {
        var result = EpcisTestData.MapJson(Events);

        result.ShouldHaveNoErrors();
        result.Events.Select(static e => e.Category + " " + e.TypeCode).ShouldBe(["EQUIPMENT GTOT", "EQUIPMENT GTIN", "EQUIPMENT INSP", "IOT OBSV"]);
        result.Events[3].Extension("/bizStep").ShouldBe("\"https://ref.gs1.org/cbv/BizStep-holding\"");
    }

    [Fact]
    public void Configured_LoadDropAndCustomsLocation()
    {
        var options = new EpcisMappingOptions
        {
            ShippingTypeCode = "LOAD",
            ReceivingTypeCode = "DROP",
            CustomsLocationGlns = ["4012345000016"],
        };

        var result = EpcisTestData.MapJson(Events, options);

        result.ShouldHaveNoErrors();
        result.Events.Select(static e => e.Category + " " + e.TypeCode).ShouldBe(["EQUIPMENT LOAD", "EQUIPMENT DROP", "CUSTOMS CUSI", "CUSTOMS CUSH"]);
    }

    [Theory]
    [InlineData("ARRI", "GTIN")] // a TRANSPORT code
    [InlineData("GTOT", "gtin")]
    [InlineData("", "GTIN")]
    public void Constructor_NonEquipmentTypeCode_Throws(string shipping, string receiving)
    {
        Should.Throw<ArgumentException>(() => new EpcisMapper(new EpcisMappingOptions { ShippingTypeCode = shipping, ReceivingTypeCode = receiving }));
    }

    [Theory]
    [InlineData("4012345000017")] // check digit should be 6
    [InlineData("401234500001")]
    public void Constructor_BadCustomsGln_Throws(string gln)
    {
        Should.Throw<ArgumentException>(() => new EpcisMapper(new EpcisMappingOptions { CustomsLocationGlns = [gln] }));
    }

    [Fact]
    public void Default_IsDocumentedPolicy()
    {
        EpcisMappingOptions.Default.ShippingTypeCode.ShouldBe("GTOT");
        EpcisMappingOptions.Default.ReceivingTypeCode.ShouldBe("GTIN");
        EpcisMappingOptions.Default.CustomsLocationGlns.ShouldBeEmpty();
    }
}
