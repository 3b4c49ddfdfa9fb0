using System.Text.Json;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Mapping.Epcis;

/// <summary>Bad EPCIS input gives findings at the source pointer with stable codes, and never throws.</summary>
[Trait("Category", "Unit")]
public sealed class EpcisMapperValidationTests
{
    private const string Context = "\"@context\": \"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"";

    private static string Document(string events) =>
        "{ " + Context + ", \"type\": \"EPCISDocument\", \"schemaVersion\": \"2.0\", \"creationDate\": \"2024-01-01T00:00:00Z\", \"epcisBody\": { \"eventList\": [ " + events + " ] } }";

    private static string Event(string members) =>
        "{ \"type\": \"ObjectEvent\", \"eventTime\": \"2024-01-01T00:00:00Z\", \"eventTimeZoneOffset\": \"+01:00\", \"action\": \"OBSERVE\"" + (members.Length == 0 ? string.Empty : ", " + members) + " }";

    [Fact]
    public void Map_MissingEventTime_IsRequiredErrorAndEventSkipped()
    {
        var json = Document("""{ "type": "ObjectEvent", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE", "epcList": [] }""");

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/eventTime", ValidationCodes.Required);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_MissingEventTimeZoneOffset_IsRequiredError()
    {
        var json = Document(Event(string.Empty) + ", " + """{ "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "action": "OBSERVE" }""");

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/1/eventTimeZoneOffset", ValidationCodes.Required);
        result.Events.Count.ShouldBe(1); // the good event is still mapped (partial result)
    }

    [Theory]
    [InlineData("+1:00")]
    [InlineData("01:00")]
    [InlineData("+14:30")]
    [InlineData("+05:60")]
    [InlineData("Z")]
    public void Map_BadEventTimeZoneOffset_IsInvalidFormat(string offset)
    {
        var json = Document("""{ "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "action": "OBSERVE", "eventTimeZoneOffset": """ + JsonSerializer.Serialize(offset) + " }");

        EpcisTestData.MapJson(json).ShouldHaveError("/epcisBody/eventList/0/eventTimeZoneOffset", ValidationCodes.InvalidFormat);
    }

    [Theory]
    [InlineData("+14:00", 14 * 60)]
    [InlineData("-12:00", -12 * 60)]
    [InlineData("+05:45", (5 * 60) + 45)]
    [InlineData("-00:00", 0)]
    public void Map_EdgeOffsets_AreKept(string offset, int minutes)
    {
        var json = Document("""{ "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "action": "OBSERVE", "eventTimeZoneOffset": """ + JsonSerializer.Serialize(offset) + " }");

        var e = EpcisTestData.MapJson(json).Events.ShouldHaveSingleItem();

        e.EventDateTime.Offset.ShouldBe(TimeSpan.FromMinutes(minutes));
        e.EventDateTime.UtcDateTime.ShouldBe(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Map_EventTimeWithoutOffset_IsInvalidFormat()
    {
        var json = Document("""{ "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE" }""");

        EpcisTestData.MapJson(json).ShouldHaveError("/epcisBody/eventList/0/eventTime", ValidationCodes.InvalidFormat);
    }

    [Fact]
    public void Map_UnknownEventType_IsUnknownValue()
    {
        var json = Document("""{ "type": "QuantityEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00" }""");

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/type", ValidationCodes.UnknownValue);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_BadOrMissingAction_AreErrors()
    {
        var json = Document(
            """{ "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "UPDATE" },"""
            + """{ "type": "AggregationEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "parentID": "urn:epc:id:sscc:0614141.1234567890" }""");

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/action", ValidationCodes.UnknownValue);
        result.ShouldHaveError("/epcisBody/eventList/1/action", ValidationCodes.Required);
    }

    [Fact]
    public void Map_MalformedGs1Epcs_AreErrorsAtTheirPointers()
    {
        var json = Document(Event("""
            "epcList": ["urn:epc:id:sgtin:0614141.10734.2017", "urn:epc:id:sscc:0614141.123", "https://id.gs1.org/01/10614141073465/21/1",
                        "urn:epc:id:sgln:0614141.07346", "urn:example:thing:1", 7],
            "readPoint": { "id": "https://id.gs1.org/414/0614141073468" },
            "quantityList": [ { "epcClass": "urn:epc:class:lgtin:4012345.01234.1", "quantity": 1 }, { "quantity": 2 } ]
            """));

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/epcList/0", ValidationCodes.InvalidFormat); // 12 digits, not 13
        result.ShouldHaveError("/epcisBody/eventList/0/epcList/1", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/epcList/2", ValidationCodes.CheckDigit); // ...464 is right
        result.ShouldHaveError("/epcisBody/eventList/0/epcList/3", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/epcList/5", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/readPoint/id", ValidationCodes.CheckDigit); // ...467 is right
        result.ShouldHaveError("/epcisBody/eventList/0/quantityList/0/epcClass", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/quantityList/1/epcClass", ValidationCodes.Required);
        result.Validation.Issues.ShouldNotContain(i => i.Path == "/epcisBody/eventList/0/epcList/4"); // a private URI is fine

        // The raw values are kept, nothing is lost.
        var e = result.Events.ShouldHaveSingleItem();
        e.Extension("/epcList/4").ShouldBe("\"urn:example:thing:1\"");
        e.Extension("/epcList/0").ShouldBe("\"urn:epc:id:sgtin:0614141.10734.2017\"");
    }

    [Fact]
    public void Map_ContainerCheckDigitWrong_IsWarningAndStillEquipment()
    {
        // CSQU3054384 fails the ISO 6346 check digit (trade-standards.md §C.1 vector; policy: warning).
        var result = EpcisTestData.MapJson(Document(Event("""
            "bizStep": "loading", "epcList": ["urn:epc:id:bic:CSQU3054384", "urn:epc:id:bic:csqu3054383"]
            """)));

        result.Validation.IsValid.ShouldBeFalse(); // the lower-case one is malformed
        result.Validation.Warnings.ShouldContain(i => i.Path == "/epcisBody/eventList/0/epcList/0" && i.Code == ValidationCodes.CheckDigit);
        result.ShouldHaveError("/epcisBody/eventList/0/epcList/1", ValidationCodes.InvalidFormat);
        result.Events.ShouldHaveSingleItem().Equipment!.EquipmentReference.ShouldBe("CSQU3054384");
    }

    [Fact]
    public void Map_TwoContainers_FirstIsEquipmentSecondIdentifier()
    {
        var e = EpcisTestData.MapJson(Document(Event("""
            "bizStep": "loading", "epcList": ["urn:epc:id:bic:CSQU3054383", "urn:epc:id:bic:APZU4812090", "urn:epc:id:imovn:9321483", "urn:epc:id:imovn:9461374"]
            """))).Events.ShouldHaveSingleItem();

        e.Equipment!.EquipmentReference.ShouldBe("CSQU3054383");
        e.TransportCall!.Vessel!.Imo.ShouldBe("9321483");
        e.Identifiers.ShouldBe(
        [
            new Bridge.Canonical.Model.Identifier { Scheme = "ISO6346", Value = "APZU4812090" },
            new Bridge.Canonical.Model.Identifier { Scheme = "IMO", Value = "9461374" },
        ]);
    }

    [Fact]
    public void Map_TransactionWithoutBizTransactionList_IsRequired()
    {
        var json = Document("""{ "type": "TransactionEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "ADD", "epcList": [] }""");

        EpcisTestData.MapJson(json).ShouldHaveError("/epcisBody/eventList/0/bizTransactionList", ValidationCodes.Required);
    }

    [Fact]
    public void Map_BizTransactionWithoutValue_IsRequired()
    {
        var json = Document(Event("""
            "bizTransactionList": [ { "type": "bol" }, "MAEU1" ]
            """));

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/bizTransactionList/0/bizTransaction", ValidationCodes.Required);
        result.ShouldHaveError("/epcisBody/eventList/0/bizTransactionList/1", ValidationCodes.InvalidFormat);
    }

    [Fact]
    public void Map_ParentIdRules_AssociationAlwaysAggregationUnlessObserve()
    {
        var json = Document(
            """{ "type": "AssociationEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "ADD", "childEPCs": [] },"""
            + """{ "type": "AggregationEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "DELETE" },"""
            + """{ "type": "AggregationEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+01:00", "action": "OBSERVE", "childEPCs": [] }""");

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/parentID", ValidationCodes.Required);
        result.ShouldHaveError("/epcisBody/eventList/1/parentID", ValidationCodes.Required);
        result.Validation.Issues.ShouldNotContain(i => i.Path.StartsWith("/epcisBody/eventList/2", StringComparison.Ordinal));
    }

    [Fact]
    public void Map_ErrorDeclarationWithoutEventIdOrTime_AreErrors()
    {
        var json = Document(Event("""
            "errorDeclaration": { "reason": "did_not_occur" }
            """));

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/eventID", ValidationCodes.Required);
        result.ShouldHaveError("/epcisBody/eventList/0/errorDeclaration/declarationTime", ValidationCodes.Required);
    }

    [Fact]
    public void Map_PlaceWithoutId_IsRequired_AndBadGeo_IsError()
    {
        var json = Document(Event("""
            "readPoint": { "name": "dock 4" }, "bizLocation": { "id": "geo:95.0,4.1" }
            """));

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/readPoint/id", ValidationCodes.Required);
        result.ShouldHaveError("/epcisBody/eventList/0/bizLocation/id", ValidationCodes.OutOfRange);
    }

    [Fact]
    public void Map_WrongJsonTypes_AreInvalidFormat()
    {
        var json = Document(Event("""
            "epcList": "urn:epc:id:bic:CSQU3054383", "bizStep": 5, "readPoint": "urn:epc:id:sgln:0614141.07346.0", "eventID": ""
            """));

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveError("/epcisBody/eventList/0/epcList", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/bizStep", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/readPoint", ValidationCodes.InvalidFormat);
        result.ShouldHaveError("/epcisBody/eventList/0/eventID", ValidationCodes.InvalidFormat);
    }

    [Theory]
    [InlineData("""{ "type": "EPCISDocument", "schemaVersion": "1.2", "epcisBody": { "eventList": [] } }""", "/schemaVersion", ValidationCodes.UnknownValue)]
    [InlineData("""{ "type": "EPCISDocument", "schemaVersion": "2.0" }""", "/epcisBody", ValidationCodes.Required)]
    [InlineData("""{ "type": "EPCISDocument", "schemaVersion": "2.0", "epcisBody": {} }""", "/epcisBody/eventList", ValidationCodes.Required)]
    [InlineData("""{ "type": "EPCISDocument", "schemaVersion": "2.0", "epcisBody": { "eventList": {} } }""", "/epcisBody/eventList", ValidationCodes.InvalidFormat)]
    [InlineData("""{ "type": "EPCISQueryDocument", "schemaVersion": "2.0", "epcisBody": { "queryResults": {} } }""", "/epcisBody/queryResults/resultsBody", ValidationCodes.Required)]
    [InlineData("""{ "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "yesterday", "epcisBody": { "eventList": [] } }""", "/creationDate", ValidationCodes.InvalidFormat)]
    [InlineData("""{ "type": "Shipment" }""", "/type", ValidationCodes.UnknownValue)]
    [InlineData("""{ "epcisBody": {} }""", "/type", ValidationCodes.Required)]
    [InlineData("""{ "type": 1 }""", "/type", ValidationCodes.InvalidFormat)]
    [InlineData("""[]""", "", ValidationCodes.Required)]
    [InlineData("""[ 1 ]""", "/0", ValidationCodes.InvalidFormat)]
    [InlineData("""42""", "", ValidationCodes.InvalidFormat)]
    [InlineData("""{ "type": "EPCISDocument", "schemaVersion": "2.0", "epcisBody": { "eventList": [ "x" ] } }""", "/epcisBody/eventList/0", ValidationCodes.InvalidFormat)]
    public void Map_BadEnvelope_ErrorAtPointer(string json, string path, string code)
    {
        EpcisTestData.MapJson(json).ShouldHaveError(path, code);
    }

    [Fact]
    public void Map_DocumentWithoutContextVersionOrDate_WarnsOnly()
    {
        var result = EpcisTestData.MapJson("""{ "type": "EPCISDocument", "epcisBody": { "eventList": [] } }""");

        result.Validation.IsValid.ShouldBeTrue();
        result.Validation.Warnings.Select(static w => w.Path).ShouldBe(["/@context", "/schemaVersion", "/creationDate"], ignoreOrder: true);
        result.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Map_BareEventWithoutContext_Warns()
    {
        var result = EpcisTestData.MapJson(Event("\"bizStep\": \"loading\""));

        result.Validation.IsValid.ShouldBeTrue();
        result.Validation.Warnings.ShouldHaveSingleItem().Path.ShouldBe("/@context");
        result.Events.ShouldHaveSingleItem().TypeCode.ShouldBe("LOAD");
    }

    [Fact]
    public void Map_ArbitraryMemberValues_NeverThrowAndPointIntoThePayload()
    {
        // Any JSON value in any EPCIS member must give findings, not exceptions.
        string[] members =
        [
            "eventTime", "eventTimeZoneOffset", "recordTime", "eventID", "action", "bizStep", "epcList", "parentID", "childEPCs",
            "quantityList", "readPoint", "bizLocation", "bizTransactionList", "errorDeclaration", "sensorElementList", "@context",
            "type", "inputEPCList", "outputQuantityList",
        ];
        string[] values =
        [
            "null", "1", "-0.5", "true", "\"\"", "\"x\"", "[]", "{}", "[1,\"a\",null]", "{\"id\":5}", "\"urn:epc:id:sgtin:1.2.3\"",
            "\"https://id.gs1.org/01/1\"", "[\"geo:1\"]", "[{\"type\":null,\"bizTransaction\":[]}]", "{\"declarationTime\":3}",
            "[{\"sensorReport\":[{\"type\":1}]}]", "\"urn:epc:id:bic:\"", "\"geo:,\"",
        ];
        var gen = from member in Gen.Elements(members)
                  from value in Gen.Elements(values)
                  from type in Gen.Elements("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
                  select (member, value, type);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(Arb.From(gen), t =>
        {
            var (member, value, type) = t;
            var fields = new Dictionary<string, string>
            {
                ["type"] = JsonSerializer.Serialize(type),
                ["eventTime"] = "\"2024-01-01T00:00:00Z\"",
                ["eventTimeZoneOffset"] = "\"+01:00\"",
                ["action"] = "\"ADD\"",
                [member] = value,
            };
            var json = "[{" + string.Join(",", fields.Select(static f => JsonSerializer.Serialize(f.Key) + ":" + f.Value)) + "}]";
            var result = EpcisTestData.MapJson(json);
            return result.Validation.Issues.All(static i => i.Path.StartsWith("/0", StringComparison.Ordinal));
        }));
    }
}
