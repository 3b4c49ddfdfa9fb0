using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using static Bridge.UnitTests.Canonical.Mapping.Tnt.TntTestSupport;

namespace Bridge.UnitTests.Canonical.Mapping.Tnt;

[Trait("Category", "Unit")]
public sealed class DcsaTnt30MapperTests
{
    private static readonly DcsaTnt30Mapper Mapper = new();

    private static MappingResult MapFixture(string name) => Mapper.Map(Fixture("dcsa", "tnt-3.0", name), Context);

    private static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    [Fact]
    public void Format_IsDcsaTnt30() => Mapper.Format.ShouldBe("dcsa-tnt-3.0");

    [Theory]
    [InlineData("tnt-300-request-equipment.json")]
    [InlineData("tnt-300-request-shipment.json")]
    [InlineData("tnt-300-request-transport.json")]
    public void Map_Fixture_MapsOneEventWithoutFindingsAndOriginatingParty(string name)
    {
        var result = MapFixture(name);

        result.Validation.Issues.ShouldBeEmpty(Describe(result.Validation));
        var e = result.Events.ShouldHaveSingleItem();
        e.OriginatingParty.ShouldBe(new PartyCode { Code = "EXCO", CodeListProvider = "SMDG", CodeListName = "LCL", PartyFunction = "CA" });
        e.IsRetracted.ShouldBeFalse();
        e.Provenance.ShouldNotBeNull().SourceVersion.ShouldBe("3.0.0");
        e.Provenance.SourceSystem.ShouldBe(SourceSystems.DcsaTnt);
        e.Provenance.SourceId.ShouldBe(e.SourceEventId);
        e.Extensions.ShouldBeNull();
        CanonicalValidator.Validate(e).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_EquipmentFixture_MapsEquipmentLocationAndMovement()
    {
        var e = MapFixture("tnt-300-request-equipment.json").Events.Single();

        e.SourceEventId.ShouldBe("evt-equip-001-2026-01-20T14:15:00Z");
        (e.Category, e.Classifier, e.TypeCode).ShouldBe((EventCategories.Equipment, "ACT", "LOAD"));
        e.EventDateTime.ShouldBe(Time("2026-01-20T14:15:00Z"));
        e.EventDateTime.Offset.ShouldBe(TimeSpan.Zero);
        e.UpdatedDateTime.ShouldBe(Time("2026-01-20T14:20:00Z"));
        var equipment = e.Equipment.ShouldNotBeNull();
        (equipment.EquipmentReference, equipment.IsoEquipmentCode, equipment.EmptyIndicator).ShouldBe(("APZU4812090", "22GP", "LADEN"));
        equipment.Seals.ShouldBeEmpty();
        e.MovementType.ShouldBe("EXPORT");
        var location = e.Location.ShouldNotBeNull();
        location.Name.ShouldBe("Example Container Yard");
        location.UnLocode.ShouldBe("NLRTM");
        location.FacilityTypeCode.ShouldBe("DEPO");
        var address = location.Address.ShouldNotBeNull();
        (address.Street, address.StreetNumber, address.PostCode, address.City, address.CountryCode)
            .ShouldBe(("Example Boulevard", "123", "1000AB", "Example City", "NL"));
        e.TransportCall.ShouldBeNull();
        e.DocumentReferences.ShouldBeEmpty();
    }

    [Fact]
    public void Map_ShipmentFixture_MapsDocumentReferencesSubjectFirst()
    {
        var e = MapFixture("tnt-300-request-shipment.json").Events.Single();

        e.SourceEventId.ShouldBe("evt-ship-001");
        (e.Category, e.Classifier, e.TypeCode).ShouldBe((EventCategories.Shipment, "ACT", "CONF"));
        e.EventDateTime.ShouldBe(Time("2026-01-20T10:00:00Z"));
        e.UpdatedDateTime.ShouldBe(Time("2025-01-23T01:23:45Z"));
        e.DocumentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["BKG=ABC709951", "TRD=HHL71800000"]);
        e.Location.ShouldBeNull();
        e.Equipment.ShouldBeNull();
    }

    [Fact]
    public void Map_TransportFixture_MapsTheTransportCallAndVessel()
    {
        var e = MapFixture("tnt-300-request-transport.json").Events.Single();

        e.SourceEventId.ShouldBe("evt-trans-001-2026-01-20T12:30:00Z");
        (e.Category, e.Classifier, e.TypeCode).ShouldBe((EventCategories.Transport, "ACT", "ARRI"));
        e.EventDateTime.ShouldBe(Time("2026-01-20T12:30:00Z"));
        e.UpdatedDateTime.ShouldBe(Time("2025-01-25T01:23:45Z"));
        e.Location.ShouldBe(new Location { Name = "Sample Port Terminal", UnLocode = "DEHAM", FacilityTypeCode = "POTE" });
        e.DocumentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["BKG=ABC709951", "TRD=HHL71800000"]);
        var call = e.TransportCall.ShouldNotBeNull();
        call.TransportCallReference.ShouldBe("tc-12345-abc");
        call.SequenceNumber.ShouldBe(3);
        call.Mode.ShouldBe("VESSEL");
        call.CarrierServiceCode.ShouldBe("SVC001");
        call.ExportVoyage.ShouldBe("V001E");
        call.ImportVoyage.ShouldBe("V001N");
        call.Vessel.ShouldBe(new Vessel { Imo = "1234567", Name = "Example Vessel Alpha", Flag = "DE", CallSign = "ABCD" });
    }

    [Fact]
    public void Map_ArrayAndSingleEvent_AreAcceptedToo()
    {
        var envelope = JsonNode.Parse(Conformance.Read("dcsa", "tnt-3.0", "tnt-300-request-shipment.json"))!;
        var single = envelope["events"]![0]!.ToJsonString();

        var fromArray = Mapper.Map(Parse("[" + single + "," + single + "]"), Context);
        var fromObject = Mapper.Map(Parse(single), Context);

        fromArray.Events.Count.ShouldBe(2);
        fromObject.Events.ShouldHaveSingleItem().SourceEventId.ShouldBe("evt-ship-001");
    }

    [Fact]
    public void Map_RetractedIotEventWithDetails_KeepsDetailsAndRoutingAsExtensions()
    {
        var json = Parse("""
            {"events":[{
              "eventID":"4c5d2a1e-0a4b-4c6f-9b1e-1f2d3c4b5a69",
              "eventDateTime":"2026-01-21T08:00:00+09:00",
              "isRetracted":true,
              "retractedEventID":"3910eb91-8791-4699-8029-8bba8cedb6f5",
              "eventRouting":{"originatingParty":{"partyCode":"EXCO","codeListProvider":"SMDG"},"forwardingParties":[{"partyCode":"FWD","codeListProvider":"ZZZ"}]},
              "eventClassification":{"eventTypeCode":"IOT","eventClassifierCode":"ACT","iotEventTypeCode":"DETC"},
              "iotDetails":{"iotEventCode":"DOOR_OPENED"}
            }]}
            """);

        var result = Mapper.Map(json, Context);

        result.Validation.Issues.ShouldBeEmpty(Describe(result.Validation));
        var e = result.Events.Single();
        (e.Category, e.TypeCode, e.IsRetracted, e.RetractedEventId).ShouldBe((EventCategories.Iot, "DETC", true, "3910eb91-8791-4699-8029-8bba8cedb6f5"));
        e.EventDateTime.Offset.ShouldBe(TimeSpan.FromHours(9));
        var extensions = e.Extensions.ShouldNotBeNull();
        extensions["/iotDetails"].GetProperty("iotEventCode").GetString().ShouldBe("DOOR_OPENED");
        extensions["/eventRouting/forwardingParties"][0].GetProperty("partyCode").GetString().ShouldBe("FWD");
    }

    [Theory]
    [InlineData("eventClassifierCode", "\"ACTUAL\"", "/events/0/eventClassification/eventClassifierCode", ValidationCodes.UnknownValue)]
    [InlineData("eventTypeCode", "\"DOCUMENT\"", "/events/0/eventClassification/eventTypeCode", ValidationCodes.UnknownValue)]
    [InlineData("equipmentEventTypeCode", "\"ARRI\"", "/events/0/eventClassification/equipmentEventTypeCode", ValidationCodes.UnknownValue)]
    [InlineData("equipmentEventTypeCode", "null", "/events/0/eventClassification/equipmentEventTypeCode", ValidationCodes.Required)]
    public void Map_InvalidClassification_IsAnErrorAtTheSourcePointer(string member, string valueJson, string path, string code)
    {
        var json = Change(e => e["eventClassification"]![member] = JsonNode.Parse(valueJson));

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue(path, code);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_InvalidDetails_AreErrorsAtTheSourcePointers()
    {
        var json = Change(e =>
        {
            e.Remove("eventDateTime");
            e["eventUpdatedDateTime"] = "2026-01-20T14:20:00";
            e["equipmentDetails"]!["equipmentReference"] = "APZU48120900";
            e["equipmentDetails"]!["movementType"] = "EXPORTED";
            e["eventLocation"]!["UNLocationCode"] = "XYABC";
            e["eventLocation"]!["address"]!["countryCode"] = "Netherlands";
            e["eventRouting"]!["originatingParty"]!.AsObject().Remove("partyCode");
        });

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue("/events/0/eventDateTime", ValidationCodes.Required);
        result.Validation.ShouldHaveIssue("/events/0/eventUpdatedDateTime", ValidationCodes.InvalidFormat);
        result.Validation.ShouldHaveIssue("/events/0/equipmentDetails/equipmentReference", ValidationCodes.TooLong);
        result.Validation.ShouldHaveIssue("/events/0/equipmentDetails/movementType", ValidationCodes.UnknownValue);
        result.Validation.ShouldHaveIssue("/events/0/eventLocation/UNLocationCode", ValidationCodes.UnknownValue);
        result.Validation.ShouldHaveIssue("/events/0/eventLocation/address/countryCode", ValidationCodes.InvalidFormat);
        result.Validation.ShouldHaveIssue("/events/0/eventRouting/originatingParty/partyCode", ValidationCodes.Required);
    }

    [Fact]
    public void Map_UnknownMembers_LandInExtensionsAndEnvelopeMembersAreReported()
    {
        var envelope = JsonNode.Parse(Conformance.Read("dcsa", "tnt-3.0", "tnt-300-request-transport.json"))!.AsObject();
        envelope["nextPage"] = "abc";
        var e = envelope["events"]![0]!;
        e["transportDetails"]!["transportCall"]!["portVisitReference"] = "NLRTM1234";
        e["transportDetails"]!["transportCall"]!["vesselTransport"]!["vesselLength"] = 300;
        e["shipmentDetails"]!["priceCalculationDate"] = "2026-01-01";

        var result = Mapper.Map(Parse(envelope.ToJsonString()), Context);

        result.Validation.ShouldHaveIssue("/nextPage", ValidationCodes.UnknownMember, IssueSeverity.Warning);
        result.Validation.IsValid.ShouldBeTrue();
        var extensions = result.Events.Single().Extensions.ShouldNotBeNull();
        extensions["/transportDetails/transportCall/portVisitReference"].GetString().ShouldBe("NLRTM1234");
        extensions["/transportDetails/transportCall/vesselTransport/vesselLength"].GetInt32().ShouldBe(300);
        extensions["/shipmentDetails/priceCalculationDate"].GetString().ShouldBe("2026-01-01");
    }

    [Theory]
    [InlineData("7")]
    [InlineData("\"x\"")]
    [InlineData("{\"events\":{}}")]
    [InlineData("{\"events\":[1]}")]
    public void Map_NotEvents_IsAnErrorNotAnException(string json)
    {
        var result = Mapper.Map(Parse(json), Context);

        result.Validation.IsValid.ShouldBeFalse();
        result.Events.ShouldBeEmpty();
    }

    private static System.Text.Json.JsonElement Change(Action<JsonObject> change)
    {
        var envelope = JsonNode.Parse(Conformance.Read("dcsa", "tnt-3.0", "tnt-300-request-equipment.json"))!;
        change(envelope["events"]![0]!.AsObject());
        return Parse(envelope.ToJsonString());
    }
}
