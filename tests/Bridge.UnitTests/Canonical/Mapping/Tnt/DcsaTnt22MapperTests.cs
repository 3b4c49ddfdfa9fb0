using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using static Bridge.UnitTests.Canonical.Mapping.Tnt.TntTestSupport;

namespace Bridge.UnitTests.Canonical.Mapping.Tnt;

[Trait("Category", "Unit")]
public sealed class DcsaTnt22MapperTests
{
    private static readonly DcsaTnt22Mapper Mapper = new();

    private static MappingResult MapFixture() => Mapper.Map(Fixture("dcsa", "tnt-2.2", "tnt-220-response.json"), Context);

    [Fact]
    public void Format_IsDcsaTnt22() => Mapper.Format.ShouldBe("dcsa-tnt-2.2");

    [Fact]
    public void Map_Fixture_MapsEverySevenEventsWithoutFindings()
    {
        var result = MapFixture();

        result.Validation.Issues.ShouldBeEmpty(Describe(result.Validation));
        result.Events.Count.ShouldBe(7);
        result.Events.Select(static e => e.SourceEventId).ShouldBe(
        [
            "3cecb101-7a1a-43a4-9d62-e88a131651e2", "3cecb101-7a1a-43a4-9d62-e88a131651e3", "3cecb101-7a1a-43a4-9d62-e88a131651e4",
            "3cecb101-7a1a-43a4-9d62-e88a131651e5", "3cecb101-7a1a-43a4-9d62-e88a131651e6", "3cecb101-7a1a-43a4-9d62-e88a131651e7",
            "3cecb101-7a1a-43a4-9d62-e88a131651e8",
        ]);
        result.Events.Select(static e => e.Category + " " + e.Classifier + " " + e.TypeCode).ShouldBe(
        [
            "TRANSPORT ACT ARRI", "SHIPMENT ACT DRFT", "EQUIPMENT EST LOAD", "TRANSPORT ACT ARRI", "SHIPMENT ACT DRFT", "EQUIPMENT EST LOAD", "SHIPMENT ACT DRFT",
        ]);
    }

    [Fact]
    public void Map_Fixture_GivesValidCanonicalEvents()
    {
        var events = MapFixture().Events;

        for (var i = 0; i < events.Count; i++)
        {
            var validation = CanonicalValidator.Validate(events[i]);
            validation.Issues.ShouldBeEmpty(Describe(validation));
        }
    }

    [Theory]
    [InlineData(0, "2021-01-09T14:12:56+01:00", "2021-01-23T12:34:56+00:00")]
    [InlineData(1, "2019-11-12T07:41:00+08:30", "2021-01-23T12:34:56+00:00")]
    [InlineData(2, "2019-11-12T07:41:00+08:30", "2021-01-23T12:34:56+00:00")]
    [InlineData(3, "2021-01-09T14:12:56+01:00", "2021-01-09T14:12:56+00:00")]
    [InlineData(4, "2019-11-12T07:41:00+08:30", "2021-01-09T14:12:56+00:00")]
    [InlineData(5, "2019-11-12T07:41:00+08:30", "2021-01-09T14:12:56+00:00")]
    [InlineData(6, "2019-11-12T07:41:00+08:30", "2021-01-01T14:12:56+00:00")]
    public void Map_Fixture_TimesKeepTheirOffsets(int index, string eventDateTime, string created)
    {
        var e = MapFixture().Events[index];

        e.EventDateTime.ShouldBe(DateTimeOffset.Parse(eventDateTime, System.Globalization.CultureInfo.InvariantCulture));
        e.EventDateTime.Offset.ShouldBe(DateTimeOffset.Parse(eventDateTime, System.Globalization.CultureInfo.InvariantCulture).Offset);
        e.UpdatedDateTime.ShouldBe(DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Map_FixtureTransportEvent_MapsCallVesselReferencesAndReason(int index)
    {
        var e = MapFixture().Events[index];

        e.DelayReasonCode.ShouldBe("WEA");
        e.ChangeRemark.ShouldBe("Bad weather");
        e.Reason.ShouldBeNull();
        e.Equipment.ShouldBeNull();
        var call = e.TransportCall.ShouldNotBeNull();
        call.TransportCallReference.ShouldBe("123e4567-e89b-12d3-a456-426614174000");
        call.CarrierServiceCode.ShouldBe("FE1");
        call.ExportVoyage.ShouldBe("2103S");
        call.ImportVoyage.ShouldBe("2103N");
        call.SequenceNumber.ShouldBe(2);
        call.Mode.ShouldBe("VESSEL");
        call.Location.ShouldNotBeNull().UnLocode.ShouldBe("FRPAR");
        call.Location.FacilityCode.ShouldBe("ADT");
        call.Location.FacilityCodeListProvider.ShouldBe("SMDG");
        call.Location.FacilityTypeCode.ShouldBe("POTE");
        var vessel = call.Vessel.ShouldNotBeNull();
        vessel.Imo.ShouldBe("9321483");
        vessel.Name.ShouldBe("King of the Seas");
        vessel.Flag.ShouldBe("DE");
        vessel.CallSign.ShouldBe("NCVV");
        vessel.OperatorCarrierCode.ShouldBe("MAEU");
        vessel.OperatorCarrierCodeListProvider.ShouldBe("NMFTA");

        // A 2.2 transport event is located at its transport call.
        e.Location.ShouldBeSameAs(call.Location);
        e.DocumentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["BKG=ABC123123123", "TRD=reserved-HHL123"]);
        e.ShipmentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(index == 0 ? ["FF=string", "EQ=APZU4812090"] : ["EQ=APZU4812090", "FF=APZU4812090"]);

        // otherFacility has no canonical field: it is kept at its pointer relative to the event.
        var extensions = e.Extensions.ShouldNotBeNull();
        extensions.Keys.ShouldBe(["/transportCall/otherFacility"]);
        extensions["/transportCall/otherFacility"].GetString().ShouldBe("Depot location or address");
    }

    [Theory]
    [InlineData(1, "reserved-HHL123", "SHI")]
    [InlineData(4, "ABC123123123", "BKG")]
    [InlineData(6, "reserved-HHL123", "TRD")]
    public void Map_FixtureShipmentEvent_DocumentIdBecomesTheFirstDocumentReference(int index, string documentId, string documentType)
    {
        var e = MapFixture().Events[index];

        e.DocumentReferences.Count.ShouldBe(1);
        e.DocumentReferences[0].TypeCode.ShouldBe(documentType);
        e.DocumentReferences[0].Value.ShouldBe(documentId);
        e.Reason.ShouldBe("The following attributes are missing...");
        e.ShipmentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["FF=string", "EQ=APZU4812090"]);
        e.Location.ShouldBeNull();
        e.TransportCall.ShouldBeNull();
        e.Extensions.ShouldBeNull();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Map_FixtureEquipmentEvent_MapsEquipmentSealsAndEventLocation(int index)
    {
        var e = MapFixture().Events[index];

        var equipment = e.Equipment.ShouldNotBeNull();
        equipment.EquipmentReference.ShouldBe("APZU4812090");
        equipment.IsoEquipmentCode.ShouldBe("22GP");
        equipment.EmptyIndicator.ShouldBe("EMPTY");
        equipment.Seals.Count.ShouldBe(1);
        equipment.Seals[0].ShouldBe(new Seal { Number = "string", Source = "CUS", Type = "WIR" });

        var location = e.Location.ShouldNotBeNull();
        location.Name.ShouldBe("Eiffel Tower");
        location.UnLocode.ShouldBe("FRPAR");
        location.FacilityCode.ShouldBe("ADT");
        location.FacilityCodeListProvider.ShouldBe("SMDG");
        location.Geo.ShouldBe(new GeoPoint { Latitude = 48.8585500m, Longitude = 2.294492036m });
        var address = location.Address.ShouldNotBeNull();
        address.Name.ShouldBe("Henrik");
        address.Street.ShouldBe("Kronprincessegade");
        address.StreetNumber.ShouldBe("54");
        address.Floor.ShouldBe("5. sal");
        address.PostCode.ShouldBe("1306");
        address.City.ShouldBe("København");
        address.StateRegion.ShouldBe("N/A");

        // 2.2 "country" is free text ("Denmark"), not an ISO 3166-1 code: it stays an extension.
        address.CountryCode.ShouldBeNull();
        var extensions = e.Extensions.ShouldNotBeNull();
        extensions["/eventLocation/address/country"].GetString().ShouldBe("Denmark");
        extensions["/transportCall/otherFacility"].GetString().ShouldBe("Depot location or address");
        extensions.Count.ShouldBe(2);

        var call = e.TransportCall.ShouldNotBeNull();
        call.Vessel.ShouldNotBeNull().Imo.ShouldBe("9321483");
        call.TransportCallReference.ShouldBe("123e4567-e89b-12d3-a456-426614174000");
        call.Location.ShouldNotBeNull().Geo.ShouldBe(index == 5 ? new GeoPoint { Latitude = 48.8585500m, Longitude = 2.294492036m } : null);
        e.DocumentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["BKG=ABC123123123", "TRD=reserved-HHL123"]);
        e.ShipmentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["EQ=APZU4812090", "FF=APZU4812090"]);
    }

    [Fact]
    public void Map_FixtureTransportCallLocation_MergesCoordinatesIntoTheCallLocation()
    {
        var e = MapFixture().Events[3];

        var location = e.TransportCall.ShouldNotBeNull().Location.ShouldNotBeNull();
        location.UnLocode.ShouldBe("FRPAR");
        location.FacilityCode.ShouldBe("ADT");
        location.FacilityTypeCode.ShouldBe("POTE");
        location.Geo.ShouldBe(new GeoPoint { Latitude = 48.8585500m, Longitude = 2.294492036m });

        // transportCall.location.UNLocationCode repeats transportCall.UNLocationCode: typed, not an extension.
        e.Extensions.ShouldNotBeNull().Keys.ShouldBe(["/transportCall/otherFacility"]);
        e.Location.ShouldBe(location);
    }

    [Fact]
    public void Map_Fixture_ProvenanceComesFromTheContext()
    {
        var e = MapFixture().Events[5];

        var provenance = e.Provenance.ShouldNotBeNull();
        provenance.SourceSystem.ShouldBe(SourceSystems.DcsaTnt);
        provenance.SourceId.ShouldBe("3cecb101-7a1a-43a4-9d62-e88a131651e7");
        provenance.SourceVersion.ShouldBe("2.2.0");
        provenance.ReceivedAt.ShouldBe(ReceivedAt);
        provenance.RawSha256.ShouldBe(new string('a', 64));
    }

    [Fact]
    public void Map_SingleEventObject_MapsWithRootPointers()
    {
        var fixture = Fixture("dcsa", "tnt-2.2", "tnt-220-response.json");
        var single = fixture[1];

        var result = Mapper.Map(single, Context);

        result.Validation.IsValid.ShouldBeTrue();
        result.Events.Single().SourceEventId.ShouldBe("3cecb101-7a1a-43a4-9d62-e88a131651e3");
    }

    [Fact]
    public void Map_UnknownMembers_LandInExtensionsAtTheirPointers()
    {
        var json = Event(2, e =>
        {
            e["x-carrier"] = new JsonObject { ["tier"] = 3 };
            e["transportCall"]!["vessel"]!["vesselLength"] = 366;
            e["seals"]![0]!["sealColour"] = "red";
        });

        var result = Mapper.Map(json, Context);

        result.Validation.IsValid.ShouldBeTrue(Describe(result.Validation));
        var extensions = result.Events.Single().Extensions.ShouldNotBeNull();
        extensions["/x-carrier"].GetProperty("tier").GetInt32().ShouldBe(3);
        extensions["/transportCall/vessel/vesselLength"].GetInt32().ShouldBe(366);
        extensions["/seals/0/sealColour"].GetString().ShouldBe("red");
    }

    public static TheoryData<string, string, string> RemovedRequiredMembers => new()
    {
        { "eventDateTime", "/eventDateTime", ValidationCodes.Required },
        { "eventCreatedDateTime", "/eventCreatedDateTime", ValidationCodes.Required },
        { "eventType", "/eventType", ValidationCodes.Required },
        { "eventClassifierCode", "/eventClassifierCode", ValidationCodes.Required },
        { "transportEventTypeCode", "/transportEventTypeCode", ValidationCodes.Required },
        { "transportCall", "/transportCall", ValidationCodes.Required },
    };

    [Theory]
    [MemberData(nameof(RemovedRequiredMembers))]
    public void Map_TransportEventWithoutRequiredMember_ReportsItAndMapsNothing(string member, string path, string code)
    {
        var json = Event(0, e => e.Remove(member));

        var result = Mapper.Map(json, Context);

        result.Validation.IsValid.ShouldBeFalse();
        result.Validation.ShouldHaveIssue(path, code);
        if (member != "transportCall")
        {
            result.Events.ShouldBeEmpty();
        }
    }

    public static TheoryData<string, string, string, string> InvalidValues => new()
    {
        { "eventType", "\"CUSTOMS\"", "/eventType", ValidationCodes.UnknownValue },
        { "eventClassifierCode", "\"ACTUAL\"", "/eventClassifierCode", ValidationCodes.UnknownValue },
        { "transportEventTypeCode", "\"LOAD\"", "/transportEventTypeCode", ValidationCodes.UnknownValue },
        { "eventDateTime", "\"2021-01-09T14:12:56\"", "/eventDateTime", ValidationCodes.InvalidFormat },
        { "eventDateTime", "1610197976", "/eventDateTime", ValidationCodes.InvalidFormat },
        { "changeRemark", "\"" + new string('x', 251) + "\"", "/changeRemark", ValidationCodes.TooLong },
        { "transportCall", "[]", "/transportCall", ValidationCodes.InvalidFormat },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Map_InvalidValue_IsAnErrorAtItsSourcePointer(string member, string valueJson, string path, string code)
    {
        var json = Event(0, e => e[member] = JsonNode.Parse(valueJson));

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue(path, code);
    }

    [Fact]
    public void Map_ErrorsInAnArray_PointIntoTheArray()
    {
        var fixture = JsonNode.Parse(Conformance.Read("dcsa", "tnt-2.2", "tnt-220-response.json"))!.AsArray();
        fixture[5]!["transportCall"]!["vessel"]!.AsObject().Remove("vesselIMONumber");
        fixture[2]!["equipmentReference"] = "APZU 481209";
        fixture[4]!["references"]![0]!["referenceType"] = "XX";

        var result = Mapper.Map(Parse(fixture.ToJsonString()), Context);

        result.Validation.ShouldHaveIssue("/5/transportCall/vessel/vesselIMONumber", ValidationCodes.Required);
        result.Validation.ShouldHaveIssue("/2/equipmentReference", ValidationCodes.InvalidFormat);
        result.Validation.ShouldHaveIssue("/4/references/0/referenceType", ValidationCodes.UnknownValue);
        result.Events.Count.ShouldBe(7);
    }

    [Fact]
    public void Map_ContainerNumberWithWrongCheckDigit_IsOnlyAWarning()
    {
        // §C.1 vector: CSQU3054383 is valid, CSQU3054384 fails the check digit.
        var json = Event(2, e => e["equipmentReference"] = "CSQU3054384");

        var result = Mapper.Map(json, Context);

        result.Validation.IsValid.ShouldBeTrue();
        result.Validation.ShouldHaveIssue("/equipmentReference", ValidationCodes.CheckDigit, IssueSeverity.Warning);
        result.Events.Single().Equipment.ShouldNotBeNull().EquipmentReference.ShouldBe("CSQU3054384");
    }

    [Fact]
    public void Map_EquipmentEventWithoutEquipmentReference_KeepsTheEquipmentMembersAsExtensions()
    {
        var json = Event(2, e => e.Remove("equipmentReference"));

        var result = Mapper.Map(json, Context);

        result.Validation.IsValid.ShouldBeTrue(Describe(result.Validation));
        var e = result.Events.Single();
        e.Equipment.ShouldBeNull();
        e.Extensions.ShouldNotBeNull()["/emptyIndicatorCode"].GetString().ShouldBe("EMPTY");
        e.Extensions["/ISOEquipmentCode"].GetString().ShouldBe("22GP");
        e.Extensions["/seals"].GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void Map_DifferentUnLocodeInTransportCallLocation_IsKeptAsExtension()
    {
        var json = Event(3, e => e["transportCall"]!["location"]!["UNLocationCode"] = "DEHAM");

        var result = Mapper.Map(json, Context);

        var e = result.Events.Single();
        e.TransportCall!.Location!.UnLocode.ShouldBe("FRPAR");
        e.Extensions.ShouldNotBeNull()["/transportCall/location/UNLocationCode"].GetString().ShouldBe("DEHAM");
    }

    [Fact]
    public void Map_CountryThatIsAnIsoCode_BecomesCountryCode()
    {
        var json = Event(2, e => e["eventLocation"]!["address"]!["country"] = "DK");

        var e = Mapper.Map(json, Context).Events.Single();

        e.Location!.Address!.CountryCode.ShouldBe("DK");
        e.Extensions!.ContainsKey("/eventLocation/address/country").ShouldBeFalse();
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"events\"")]
    [InlineData("null")]
    [InlineData("[1, \"x\"]")]
    public void Map_NotEvents_IsAnErrorNotAnException(string json)
    {
        var result = Mapper.Map(Parse(json), Context);

        result.Validation.IsValid.ShouldBeFalse();
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_EmptyArray_IsAnEmptyResponse()
    {
        var result = Mapper.Map(Parse("[]"), Context);

        result.Validation.IsValid.ShouldBeTrue();
        result.Events.ShouldBeEmpty();
    }

    // Fixture event <paramref name="index"/> as a single object, changed by <paramref name="change"/>.
    private static JsonElement Event(int index, Action<JsonObject> change)
    {
        var fixture = JsonNode.Parse(Conformance.Read("dcsa", "tnt-2.2", "tnt-220-response.json"))!.AsArray();
        var item = fixture[index]!.AsObject();
        change(item);
        return Parse(item.ToJsonString());
    }
}
