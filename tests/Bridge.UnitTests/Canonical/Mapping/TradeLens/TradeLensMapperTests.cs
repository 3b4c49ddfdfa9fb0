using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.TradeLens;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using static Bridge.UnitTests.Canonical.Mapping.Tnt.TntTestSupport;

namespace Bridge.UnitTests.Canonical.Mapping.TradeLens;

[Trait("Category", "Unit")]
public sealed class TradeLensMapperTests
{
    private static readonly TradeLensMapper Mapper = new();

    // A TradeLens event shaped like the documented event objects (trade-standards.md §B.3); values are made up. The
    // epoch twins agree with the ISO times: 2022-10-01T00:00:00Z is 1664582400 s.
    private const string LoadedOnVessel = """
        {
          "eventPublishTime": 1664614805000,
          "eventSubmissionTime": 1664614800000,
          "eventSubmissionTime8601": "2022-10-01T09:00:00.000Z",
          "eventName": "Actual loaded on vessel",
          "senderOrgName": "demo-carrier",
          "senderOrgTypes": ["ocean carrier"],
          "originatorId": "DMCR",
          "originatorName": "Demo Carrier",
          "eventOccurrenceTime": 1664613301302,
          "eventOccurrenceTime8601": "2022-10-01T10:35:01.302+02:00",
          "fromOceanAggregator": false,
          "transportationPhase": "Transshipment",
          "eventTransactionId": "5b6f0a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
          "carrierBookingNumber": "BK-4711",
          "billOfLadingNumber": "BL-4711",
          "consignmentId": "c-0001",
          "transportEquipmentId": "te-0001",
          "equipmentNumber": "47665409563",
          "fullStatus": "Full",
          "eventType": "actualLoadedOnVessel",
          "vehicleId": "9461374",
          "vehicleName": "DEMO EXPRESS",
          "voyageId": "231E",
          "location": { "unlocode": "AEJEA", "description": "Jebel Ali, AE" },
          "messages": ["common.event.status.success"],
          "facilityType": "PortTerminal",
          "eventPriority": 2
        }
        """;

    private static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    [Fact]
    public void Format_IsTradeLens() => Mapper.Format.ShouldBe("tradelens");

    // ------------------------------------------------------------------ the captured sandbox fixture

    [Fact]
    public void Map_ContainerDetailsFixture_MapsTheConsignmentWithWarningsOnly()
    {
        var result = Mapper.Map(Fixture("tradelens", "tradelens-container-details.json"), Context);

        result.Validation.IsValid.ShouldBeTrue(Describe(result.Validation));
        var consignment = result.Consignments.ShouldHaveSingleItem();
        consignment.TransportDocumentReferences.ShouldBe(["BOL419328"]);
        consignment.EquipmentReferences.ShouldBe(["10193652010736"]);
        consignment.Identifiers.ShouldBe([new Identifier { Scheme = "TRADELENS_ID", Value = "781as5-1790-4059-bhh1-2cc0fcd03532", Issuer = "transportEquipmentId" }]);
        var item = consignment.Items.ShouldHaveSingleItem();
        item.Description.ShouldBe("Coffee roasted");
        item.HsCodes.ShouldBe(["090121"]);
        item.DangerousGoods.ShouldBe(true);
        item.EquipmentReference.ShouldBe("10193652010736");
        var transport = consignment.Transport.ShouldNotBeNull();
        transport.PortOfLoading.ShouldBe(new Location { UnLocode = "NLRTM", Name = "Rotterdam, ZH, NL" });
        transport.PortOfDischarge.ShouldBe(new Location { UnLocode = "USNWK", Name = "Newark, DE, US" });

        // 1514782800000 ms = 1514764800 s (2018-01-01T00:00:00Z) + 5 h.
        transport.PlannedDepartureDate.ShouldBe(new DateOnly(2018, 1, 1));
        transport.PlannedArrivalDate.ShouldBe(new DateOnly(2018, 1, 1));
        var provenance = consignment.Provenance.ShouldNotBeNull();
        provenance.SourceSystem.ShouldBe(SourceSystems.TradeLens);
        provenance.SourceId.ShouldBe("781as5-1790-4059-bhh1-2cc0fcd03532");
        provenance.ReceivedAt.ShouldBe(ReceivedAt);
    }

    [Fact]
    public void Map_ContainerDetailsFixture_WarnsAboutTheNonIsoNumberAndSkipsThePlaceholderEvent()
    {
        var result = Mapper.Map(Fixture("tradelens", "tradelens-container-details.json"), Context);

        result.Validation.ShouldHaveIssue("/transportEquipmentList/0/equipmentNumber", ValidationCodes.InvalidFormat, IssueSeverity.Warning);
        const string Event = "/transportEquipmentList/0/transportPlans/0/transportSummaryEvents/0/event";
        result.Validation.ShouldHaveIssue(Event + "/eventType", ValidationCodes.UnknownValue, IssueSeverity.Warning).Message.ShouldStartWith("event not mapped: ");
        result.Validation.ShouldHaveIssue(Event + "/eventOccurrenceTime8601", ValidationCodes.InvalidFormat, IssueSeverity.Warning);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_ContainerDetailsFixture_KeepsWhatHasNoCanonicalFieldAsExtensions()
    {
        var consignment = Mapper.Map(Fixture("tradelens", "tradelens-container-details.json"), Context).Consignments.Single();

        var extensions = consignment.Extensions.ShouldNotBeNull();
        extensions["/verifiedGrossMass"].GetString().ShouldBe("413kg");
        extensions["/plannedVesselDeparture"].GetInt64().ShouldBe(1514782800000);
        extensions["/cutOffs"][0].GetProperty("cutOffType").GetString().ShouldBe("Cargo");
        extensions["/transportEquipmentTypes"][0].GetProperty("code").GetString().ShouldBe("20H0");
        extensions["/transportPlans/0/version"].GetInt32().ShouldBe(0);
        extensions["/transportPlans/0/transportPlanIssuanceTime8601"].GetString().ShouldBe("2017-09-15T15:30:00.000-05:00");
        extensions["/transportPlans/0/transportSummaryEvents/0/sequence"].GetInt32().ShouldBe(1);

        // The skipped event is kept whole.
        extensions["/transportPlans/0/transportSummaryEvents/0/event"].GetProperty("eventType").GetString().ShouldBe("string");
        extensions.ContainsKey("/equipmentNumber").ShouldBeFalse();
        extensions.ContainsKey("/cargoTypes").ShouldBeFalse();
    }

    // ------------------------------------------------------------------ events

    [Fact]
    public void Map_SingleEvent_MapsEveryDocumentedField()
    {
        var result = Mapper.Map(Parse(LoadedOnVessel), Context);

        result.Validation.IsValid.ShouldBeTrue(Describe(result.Validation));
        var e = result.Events.ShouldHaveSingleItem();
        (e.Category, e.Classifier, e.TypeCode).ShouldBe((EventCategories.Equipment, "ACT", "LOAD"));
        e.SourceEventId.ShouldBe("5b6f0a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b");
        e.EventDateTime.ShouldBe(Time("2022-10-01T10:35:01.302+02:00"));
        e.EventDateTime.Offset.ShouldBe(TimeSpan.FromHours(2));
        e.UpdatedDateTime.ShouldBe(Time("2022-10-01T09:00:00Z"));
        e.RecordedAt.ShouldBe(Time("2022-10-01T09:00:05Z"));
        e.OriginatingParty.ShouldBe(new PartyCode { Code = "DMCR", CodeListProvider = "NMFTA", Name = "Demo Carrier" });
        e.MovementType.ShouldBe("TRANSSHIPMENT");
        var equipment = e.Equipment.ShouldNotBeNull();
        (equipment.EquipmentReference, equipment.EmptyIndicator, equipment.IsoEquipmentCode).ShouldBe(("47665409563", "LADEN", (string?)null));
        equipment.Seals.ShouldBeEmpty();
        e.Location.ShouldBe(new Location { UnLocode = "AEJEA", Name = "Jebel Ali, AE" });
        var call = e.TransportCall.ShouldNotBeNull();
        call.Mode.ShouldBe("VESSEL");
        call.Vessel.ShouldBe(new Vessel { Imo = "9461374", Name = "DEMO EXPRESS" });
        call.ExportVoyage.ShouldBe("231E");
        call.VehicleId.ShouldBeNull();
        e.DocumentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["BKG=BK-4711", "TRD=BL-4711"]);
        e.Identifiers.Select(static i => i.Scheme + ":" + i.Issuer + "=" + i.Value).ShouldBe(["TRADELENS_ID:consignmentId=c-0001", "TRADELENS_ID:transportEquipmentId=te-0001"]);
        e.Provenance.ShouldNotBeNull().SourceSystem.ShouldBe(SourceSystems.TradeLens);
        e.Provenance.SourceId.ShouldBe("5b6f0a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b");
    }

    [Fact]
    public void Map_SingleEvent_NonIsoEquipmentNumberIsAWarningAndUnmappedMembersAreExtensions()
    {
        var result = Mapper.Map(Parse(LoadedOnVessel), Context);

        result.Validation.Issues.ShouldHaveSingleItem().ShouldBe(result.Validation.ShouldHaveIssue("/equipmentNumber", ValidationCodes.InvalidFormat, IssueSeverity.Warning));
        var extensions = result.Events.Single().Extensions.ShouldNotBeNull();
        extensions.Keys.Order(StringComparer.Ordinal).ShouldBe(
            ["/eventName", "/eventPriority", "/facilityType", "/fromOceanAggregator", "/messages", "/senderOrgName", "/senderOrgTypes"]);
        extensions["/eventName"].GetString().ShouldBe("Actual loaded on vessel");
    }

    [Fact]
    public void Map_ContainerNumberWithBadCheckDigit_IsAWarning()
    {
        var json = Change(LoadedOnVessel, e => e["equipmentNumber"] = "CSQU3054384");

        var result = Mapper.Map(json, Context);

        result.Validation.IsValid.ShouldBeTrue();
        result.Validation.ShouldHaveIssue("/equipmentNumber", ValidationCodes.CheckDigit, IssueSeverity.Warning);
    }

    public static TheoryData<string, string, string, string, string?> EventTypes => new()
    {
        // eventType, category, type code, classifier, mode — trade-standards.md §A.5 "TradeLens-style -> canonical".
        { "plannedGateIn", "EQUIPMENT", "GTIN", "PLN", "TRUCK" },
        { "estimatedGateOut", "EQUIPMENT", "GTOT", "EST", "TRUCK" },
        { "actualLoadedOnVessel", "EQUIPMENT", "LOAD", "ACT", "VESSEL" },
        { "actualDischargeFromVessel", "EQUIPMENT", "DISC", "ACT", "VESSEL" },
        { "plannedVesselDeparture", "TRANSPORT", "DEPA", "PLN", "VESSEL" },
        { "estimatedVesselArrival", "TRANSPORT", "ARRI", "EST", "VESSEL" },
        { "actualLoadedOnBarge", "EQUIPMENT", "LOAD", "ACT", "BARGE" },
        { "actualDischargeFromBarge", "EQUIPMENT", "DISC", "ACT", "BARGE" },
        { "actualBargeDeparture", "TRANSPORT", "DEPA", "ACT", "BARGE" },
        { "actualBargeArrival", "TRANSPORT", "ARRI", "ACT", "BARGE" },
        { "actualLoadedOnRail", "EQUIPMENT", "LOAD", "ACT", "RAIL" },
        { "actualDischargeFromRail", "EQUIPMENT", "DISC", "ACT", "RAIL" },
        { "actualRailDeparture", "TRANSPORT", "DEPA", "ACT", "RAIL" },
        { "actualRailArrival", "TRANSPORT", "ARRI", "ACT", "RAIL" },
        { "actualLoadedOnTruck", "EQUIPMENT", "LOAD", "ACT", "TRUCK" },
        { "actualDischargeFromTruck", "EQUIPMENT", "DISC", "ACT", "TRUCK" },
        { "actualContainerStuffed", "EQUIPMENT", "STUF", "ACT", null },
        { "actualContainerStripped", "EQUIPMENT", "STRP", "ACT", null },
        { "customsRelease", "CUSTOMS", "CUSR", "ACT", null },
        { "actualCustomsRelease", "CUSTOMS", "CUSR", "ACT", null },
        { "customsHold", "CUSTOMS", "CUSH", "ACT", null },
        { "customsInspection", "CUSTOMS", "CUSI", "ACT", null },
    };

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Map_EventType_GivesCategoryTypeCodeClassifierAndMode(string eventType, string category, string typeCode, string classifier, string? mode)
    {
        var json = Parse($$"""{"eventType":"{{eventType}}","eventOccurrenceTime8601":"2023-03-04T05:06:07Z"}""");

        var result = Mapper.Map(json, Context);

        result.Validation.Issues.ShouldBeEmpty(Describe(result.Validation));
        var e = result.Events.Single();
        (e.Category, e.TypeCode, e.Classifier, e.TransportCall?.Mode).ShouldBe((category, typeCode, classifier, mode));
        EventTypeCodes.IsKnown(e.Category, e.TypeCode).ShouldBeTrue();
    }

    [Theory]
    [InlineData("actualTeleported")]
    [InlineData("GateIn")]
    [InlineData("gateIn")]
    [InlineData("string")]
    [InlineData("")]
    public void Map_UnknownEventType_IsAnError(string eventType)
    {
        var json = Parse($$"""{"eventType":"{{eventType}}","eventOccurrenceTime8601":"2023-03-04T05:06:07Z"}""");

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue("/eventType", eventType.Length == 0 ? ValidationCodes.Required : ValidationCodes.UnknownValue);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_EpochOnlyTime_BecomesUtc()
    {
        var json = Parse("""{"eventType":"actualGateIn","eventOccurrenceTime":1514782800000}""");

        var e = Mapper.Map(json, Context).Events.Single();

        e.EventDateTime.ShouldBe(new DateTimeOffset(2018, 1, 1, 5, 0, 0, TimeSpan.Zero));
        e.EventDateTime.Offset.ShouldBe(TimeSpan.Zero);
        e.Extensions.ShouldBeNull();
    }

    [Fact]
    public void Map_EpochTwinThatDisagrees_IsAWarningAndKept()
    {
        var json = Change(LoadedOnVessel, e => e["eventOccurrenceTime"] = 1664613301303);

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue("/eventOccurrenceTime", ValidationCodes.Mismatch, IssueSeverity.Warning);
        result.Events.Single().Extensions!["/eventOccurrenceTime"].GetInt64().ShouldBe(1664613301303);
    }

    public static TheoryData<string, string, string, string> InvalidMembers => new()
    {
        { "eventOccurrenceTime8601", "\"string\"", "/eventOccurrenceTime8601", ValidationCodes.InvalidFormat },
        { "eventOccurrenceTime8601", "\"2022-10-01T10:35:01\"", "/eventOccurrenceTime8601", ValidationCodes.InvalidFormat },
        { "equipmentNumber", "\"\"", "/equipmentNumber", ValidationCodes.Required },
        { "fullStatus", "\"Half\"", "/fullStatus", ValidationCodes.UnknownValue },
        { "transportationPhase", "\"Domestic\"", "/transportationPhase", ValidationCodes.UnknownValue },
        { "location", "{\"unlocode\":\"XYABC\"}", "/location/unlocode", ValidationCodes.UnknownValue },
        { "location", "{\"gln\":\"1234567890123\"}", "/location/gln", ValidationCodes.CheckDigit },
        { "location", "\"AEJEA\"", "/location", ValidationCodes.InvalidFormat },
    };

    [Theory]
    [MemberData(nameof(InvalidMembers))]
    public void Map_StandaloneEventWithInvalidMember_IsAnErrorAtItsPointer(string member, string valueJson, string path, string code)
    {
        var json = Change(LoadedOnVessel, e => e[member] = JsonNode.Parse(valueJson));

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue(path, code);
        result.Validation.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Map_EventWithoutOccurrenceTime_IsRejected()
    {
        var json = Change(LoadedOnVessel, e =>
        {
            e.Remove("eventOccurrenceTime8601");
            e.Remove("eventOccurrenceTime");
        });

        var result = Mapper.Map(json, Context);

        result.Validation.ShouldHaveIssue("/eventOccurrenceTime8601", ValidationCodes.Required);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_ArrayAndEventsList_PointIntoTheList()
    {
        var bad = """{"eventType":"actualTeleported","eventOccurrenceTime8601":"2023-03-04T05:06:07Z"}""";

        var array = Mapper.Map(Parse("[" + LoadedOnVessel + "," + bad + "]"), Context);
        var list = Mapper.Map(Parse("{\"events\":[" + LoadedOnVessel + "," + bad + "]}"), Context);

        array.Validation.ShouldHaveIssue("/1/eventType", ValidationCodes.UnknownValue);
        array.Events.Count.ShouldBe(1);
        list.Validation.ShouldHaveIssue("/events/1/eventType", ValidationCodes.UnknownValue);
        list.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void Map_DocumentSubmitted_IsADocumentEventWithTheDocumentReference()
    {
        var json = Parse("""
            {"eventType":"documentSubmitted","eventName":"Bill of Lading submitted","eventOccurrenceTime8601":"2023-03-04T05:06:07.000Z",
             "docType":"BILL_OF_LADING","docId":"doc-9","carrierBookingNumber":"BK-1"}
            """);

        var e = Mapper.Map(json, Context).Events.Single();

        (e.Category, e.TypeCode, e.Classifier).ShouldBe((EventCategories.Document, "SUBM", "ACT"));
        e.DocumentReferences.Select(static r => r.TypeCode + "=" + r.Value).ShouldBe(["TRD=doc-9", "BKG=BK-1"]);
        e.Extensions!["/eventName"].GetString().ShouldBe("Bill of Lading submitted");
    }

    [Fact]
    public void Map_VehicleThatIsNoImoNumber_IsAVehicleId()
    {
        var json = Change(LoadedOnVessel, e =>
        {
            e["eventType"] = "actualRailDeparture";
            e["vehicleId"] = "RAIL-88";
        });

        var call = Mapper.Map(json, Context).Events.Single().TransportCall.ShouldNotBeNull();

        (call.Mode, call.VehicleId, call.Vessel).ShouldBe(("RAIL", "RAIL-88", (Vessel?)null));
    }

    // ------------------------------------------------------------------ tracking start and current progress

    [Fact]
    public void Map_TransportEquipmentCreated_IsAConsignmentNotAnEvent()
    {
        var json = Parse("""
            {"eventType":"transportEquipmentCreated","eventSubmissionTime8601":"2022-07-14T12:50:50.797Z","eventTransactionId":"t-1",
             "carrierBookingNumber":"156318","consignmentId":"c-1","transportEquipmentId":"te-1","equipmentNumber":"75764853185",
             "equipmentType":"20G1","harmonizedCodes":["090121"]}
            """);

        var result = Mapper.Map(json, Context);

        result.Events.ShouldBeEmpty();
        var consignment = result.Consignments.ShouldHaveSingleItem();
        consignment.CarrierBookingReference.ShouldBe("156318");
        consignment.EquipmentReferences.ShouldBe(["75764853185"]);
        consignment.Items.ShouldHaveSingleItem().HsCodes.ShouldBe(["090121"]);
        consignment.Identifiers.Select(static i => i.Issuer + "=" + i.Value).ShouldBe(["consignmentId=c-1", "transportEquipmentId=te-1"]);
        consignment.Provenance!.SourceId.ShouldBe("t-1");
        consignment.Extensions!["/eventType"].GetString().ShouldBe("transportEquipmentCreated");
        consignment.Extensions["/equipmentType"].GetString().ShouldBe("20G1");
    }

    private const string CurrentProgress = """
        {
          "consignment": {"consignmentId":"c-77","carrierBookingNumber":"BK77","billOfLadingNumber":"BL77","transportEquipmentIds":["te-77"],
                          "cargoTypes":[{"code":"0901.21","description":"Coffee"}],"bookingData":{"originLocation":"NLRTM"}},
          "transportEquipmentList": [{
            "transportEquipmentSummary": {"transportEquipmentId":"te-77","equipmentNumber":"MSMU1301725","equipmentType":"45G1"},
            "transportPlanIssuanceTime8601": "2023-01-02T03:04:05.000Z",
            "senderOrgName": "Carrier",
            "sequenceOfLastActual": 1,
            "currentProgressEvents": [
              {"sequence":1, "locationKey":"NLRTM-1",
               "planned":{"eventType":"plannedLoadedOnVessel","eventOccurrenceTime8601":"2023-01-05T10:00:00.000+01:00","location":{"unlocode":"NLRTM"}},
               "estimates":[{"eventType":"estimatedLoadedOnVessel","eventOccurrenceTime8601":"2023-01-05T12:00:00.000+01:00"}],
               "actuals":[{"eventType":"actualLoadedOnVessel","eventOccurrenceTime8601":"2023-01-05T13:30:00.000+01:00","eventTransactionId":"a-1"},
                          {"eventType":"string","eventOccurrenceTime8601":"string"}]},
              {"sequence":2, "locationKey":"USNWK-1",
               "planned":{"eventType":"plannedDischargeFromVessel","eventOccurrenceTime8601":"2023-01-20T08:00:00.000-05:00"},
               "estimates":[], "actuals":[]}
            ]
          }]
        }
        """;

    [Fact]
    public void Map_CurrentProgress_GivesTheConsignmentAndEveryPlannedEstimatedAndActualEvent()
    {
        var result = Mapper.Map(Parse(CurrentProgress), Context);

        result.Validation.IsValid.ShouldBeTrue(Describe(result.Validation));
        var consignment = result.Consignments.ShouldHaveSingleItem();
        consignment.CarrierBookingReference.ShouldBe("BK77");
        consignment.TransportDocumentReferences.ShouldBe(["BL77"]);
        consignment.EquipmentReferences.ShouldBe(["MSMU1301725"]);
        consignment.Identifiers.Select(static i => i.Issuer + "=" + i.Value).ShouldBe(["consignmentId=c-77", "transportEquipmentId=te-77"]);
        consignment.Items.ShouldHaveSingleItem().HsCodes.ShouldBe(["090121"]);
        consignment.Provenance!.SourceId.ShouldBe("c-77");

        result.Events.Select(static e => e.Classifier + " " + e.TypeCode + " " + e.EventDateTime.ToString("O", CultureInfo.InvariantCulture)).ShouldBe(
        [
            "PLN LOAD 2023-01-05T10:00:00.0000000+01:00",
            "EST LOAD 2023-01-05T12:00:00.0000000+01:00",
            "ACT LOAD 2023-01-05T13:30:00.0000000+01:00",
            "PLN DISC 2023-01-20T08:00:00.0000000-05:00",
        ]);

        // The events inherit the transport equipment and the consignment of the progress list.
        result.Events.ShouldAllBe(static e => e.Equipment!.EquipmentReference == "MSMU1301725");
        result.Events[2].Identifiers.Select(static i => i.Value).ShouldBe(["c-77", "te-77"]);
        result.Events[0].Location!.UnLocode.ShouldBe("NLRTM");
        result.Events[2].SourceEventId.ShouldBe("a-1");
    }

    [Fact]
    public void Map_CurrentProgress_SkipsTheUnmappableActualButKeepsIt()
    {
        var result = Mapper.Map(Parse(CurrentProgress), Context);

        const string Skipped = "/transportEquipmentList/0/currentProgressEvents/0/actuals/1";
        result.Validation.ShouldHaveIssue(Skipped + "/eventType", ValidationCodes.UnknownValue, IssueSeverity.Warning);
        result.Validation.ShouldHaveIssue(Skipped + "/eventOccurrenceTime8601", ValidationCodes.InvalidFormat, IssueSeverity.Warning);
        var extensions = result.Consignments.Single().Extensions.ShouldNotBeNull();
        extensions["/transportEquipmentList/0/currentProgressEvents/0/actuals"].GetArrayLength().ShouldBe(2);
        extensions["/transportEquipmentList/0/currentProgressEvents/0/sequence"].GetInt32().ShouldBe(1);
        extensions["/transportEquipmentList/0/currentProgressEvents/1/locationKey"].GetString().ShouldBe("USNWK-1");
        extensions["/transportEquipmentList/0/transportPlanIssuanceTime8601"].GetString().ShouldBe("2023-01-02T03:04:05.000Z");
        extensions["/transportEquipmentList/0/transportEquipmentSummary/equipmentType"].GetString().ShouldBe("45G1");
        extensions["/consignment/bookingData"].GetProperty("originLocation").GetString().ShouldBe("NLRTM");
        extensions.ContainsKey("/transportEquipmentList/0/currentProgressEvents/0/estimates").ShouldBeFalse();
    }

    [Theory]
    [InlineData("12")]
    [InlineData("\"event\"")]
    [InlineData("{\"transportEquipmentList\":[]}")]
    [InlineData("{\"transportEquipmentList\":{}}")]
    [InlineData("{\"consignment\":1,\"transportEquipmentList\":[]}")]
    [InlineData("[[]]")]
    public void Map_UnmappablePayload_IsAnErrorNotAnException(string json)
    {
        var result = Mapper.Map(Parse(json), Context);

        result.Validation.IsValid.ShouldBeFalse(Describe(result.Validation));
        result.Events.ShouldBeEmpty();
    }

    private static JsonElement Change(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return Parse(node.ToJsonString());
    }
}
