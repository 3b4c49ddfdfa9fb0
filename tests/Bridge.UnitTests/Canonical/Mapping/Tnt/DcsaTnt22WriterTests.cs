using System.Text.Json;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;
using static Bridge.UnitTests.Canonical.Mapping.Tnt.TntTestSupport;

namespace Bridge.UnitTests.Canonical.Mapping.Tnt;

[Trait("Category", "Unit")]
public sealed class DcsaTnt22WriterTests
{
    private static readonly DcsaTnt22Mapper Mapper = new();

    private static LogisticsEvent Transport() => new()
    {
        SourceEventId = "3cecb101-7a1a-43a4-9d62-e88a131651e2",
        Category = EventCategories.Transport,
        Classifier = EventClassifiers.Actual,
        TypeCode = "DEPA",
        EventDateTime = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)),
        UpdatedDateTime = new DateTimeOffset(2024, 5, 6, 6, 0, 0, TimeSpan.Zero),
        TransportCall = new TransportCall { TransportCallReference = "TC-1", Mode = "VESSEL", Vessel = new Vessel { Imo = "9321483" } },
    };

    [Fact]
    public void Write_FixtureMappedToCanonical_GivesTheFixtureBack()
    {
        var fixture = Fixture("dcsa", "tnt-2.2", "tnt-220-response.json");
        var mapped = Mapper.Map(fixture, Context);

        var written = DcsaTnt22Writer.Write(mapped.Events);

        written.Succeeded.ShouldBeTrue(Describe(written.Validation));
        written.Validation.Issues.ShouldBeEmpty();
        var json = written.Json.ShouldNotBeNull();
        JsonElement.DeepEquals(json, fixture).ShouldBeTrue(json.GetRawText());
    }

    [Fact]
    public void Write_ThenMap_KeepsTheContentHashOfEveryExpressibleEvent()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(Arb.From(Tnt22Generators.Event()), e =>
        {
            var written = DcsaTnt22Writer.Write(e);
            written.Succeeded.ShouldBeTrue(Describe(written.Validation) + " for " + Tnt22Generators.Show(e));
            written.Validation.Issues.ShouldBeEmpty(Describe(written.Validation));

            var mapped = Mapper.Map(written.Json!.Value, Context);
            mapped.Validation.Issues.ShouldBeEmpty(Describe(mapped.Validation) + " for " + System.Text.Encoding.UTF8.GetString(written.Utf8Json!));
            var back = mapped.Events.ShouldHaveSingleItem();
            ContentHashing.Of(back).ShouldBe(ContentHashing.Of(e), Tnt22Generators.Show(e) + "\n" + Tnt22Generators.Show(back));
        }));
    }

    [Fact]
    public void Write_FixtureRoundTrip_KeepsEveryContentHash()
    {
        var first = Mapper.Map(Fixture("dcsa", "tnt-2.2", "tnt-220-response.json"), Context).Events;

        var second = Mapper.Map(DcsaTnt22Writer.Write(first).Json!.Value, Context).Events;

        second.Select(ContentHashing.Of).ShouldBe(first.Select(ContentHashing.Of));
    }

    [Theory]
    [InlineData(EventCategories.Document, "SUBM")]
    [InlineData(EventCategories.Customs, "CUSR")]
    [InlineData(EventCategories.Iot, "DETC")]
    [InlineData(EventCategories.Reefer, "MEAS")]
    public void Write_CategoryWithout22EventType_IsAnErrorNamingCategory(string category, string typeCode)
    {
        var result = DcsaTnt22Writer.Write(Transport() with { Category = category, TypeCode = typeCode });

        result.Succeeded.ShouldBeFalse();
        result.Utf8Json.ShouldBeNull();
        result.Validation.ShouldHaveIssue("/category", ValidationCodes.NotRepresentable);
    }

    [Theory]
    [InlineData(EventCategories.Shipment, "PENC")]
    [InlineData(EventCategories.Shipment, "UPDT")]
    [InlineData(EventCategories.Equipment, "AVPU")]
    [InlineData(EventCategories.Equipment, "CUSS")]
    public void Write_TypeCodeThat22DoesNotHave_IsAnErrorNamingTypeCode(string category, string typeCode)
    {
        var e = Transport() with
        {
            Category = category,
            TypeCode = typeCode,
            TransportCall = null,
            DocumentReferences = [new Reference { TypeCode = "BKG", Value = "B1" }],
            Equipment = new TransportEquipment { EquipmentReference = "APZU4812090", EmptyIndicator = "LADEN" },
        };

        var result = DcsaTnt22Writer.Write(e);

        result.Validation.ShouldHaveIssue("/typeCode", ValidationCodes.UnknownValue);
    }

    [Fact]
    public void Write_FieldWithout22Member_IsAnErrorOrALossyWarning()
    {
        var e = Transport() with
        {
            OriginatingParty = new PartyCode { Code = "EXCO", CodeListProvider = "SMDG" },
            MovementType = "EXPORT",
            TransportCall = Transport().TransportCall! with { UniversalVoyageReference = "2301W" },
        };

        var strict = DcsaTnt22Writer.Write(e);
        var lossy = DcsaTnt22Writer.Write(e, allowLossy: true);

        strict.Succeeded.ShouldBeFalse();
        strict.Validation.ShouldHaveIssue("/originatingParty", ValidationCodes.NotRepresentable);
        strict.Validation.ShouldHaveIssue("/movementType", ValidationCodes.NotRepresentable);
        strict.Validation.ShouldHaveIssue("/transportCall/universalVoyageReference", ValidationCodes.NotRepresentable);
        lossy.Succeeded.ShouldBeTrue(Describe(lossy.Validation));
        lossy.Validation.ShouldHaveIssue("/originatingParty", ValidationCodes.NotRepresentable, IssueSeverity.Warning);
        var json = lossy.Json!.Value;
        json.GetProperty("eventType").GetString().ShouldBe("TRANSPORT");
        json.GetProperty("transportEventTypeCode").GetString().ShouldBe("DEPA");
        json.GetProperty("eventDateTime").GetString().ShouldBe("2024-05-06T07:08:09+02:00");
        json.GetProperty("eventCreatedDateTime").GetString().ShouldBe("2024-05-06T06:00:00Z");
        json.GetProperty("transportCall").GetProperty("vessel").GetProperty("vesselIMONumber").GetString().ShouldBe("9321483");
        json.TryGetProperty("originatingParty", out _).ShouldBeFalse();
    }

    [Fact]
    public void Write_MissingRequiredMembers_AreErrorsEvenWhenLossy()
    {
        var e = Transport() with
        {
            UpdatedDateTime = null,
            TransportCall = new TransportCall { TransportCallReference = null, Mode = "MULTIMODAL", Vessel = new Vessel { Name = "No IMO" } },
        };

        var result = DcsaTnt22Writer.Write(e, allowLossy: true);

        result.Succeeded.ShouldBeFalse();
        result.Validation.ShouldHaveIssue("/updatedDateTime", ValidationCodes.Required);
        result.Validation.ShouldHaveIssue("/transportCall/transportCallReference", ValidationCodes.Required);
        result.Validation.ShouldHaveIssue("/transportCall/mode", ValidationCodes.UnknownValue);
        result.Validation.ShouldHaveIssue("/transportCall/vessel/imo", ValidationCodes.Required);
    }

    [Fact]
    public void Write_TooLongValue_IsAnErrorAtTheCanonicalField()
    {
        var e = Transport() with { TransportCall = Transport().TransportCall! with { CarrierServiceCode = "SERVICE" } };

        var result = DcsaTnt22Writer.Write(e);

        result.Validation.ShouldHaveIssue("/transportCall/carrierServiceCode", ValidationCodes.TooLong);
    }

    [Fact]
    public void Write_ShipmentEvent_UsesTheFirstDocumentReferenceAsDocumentId()
    {
        var e = Transport() with
        {
            Category = EventCategories.Shipment,
            TypeCode = "ISSU",
            TransportCall = null,
            Reason = "issued",
            DocumentReferences = [new Reference { TypeCode = "TRD", Value = "HHL71800000" }, new Reference { TypeCode = "BKG", Value = "ABC709951" }],
        };

        var strict = DcsaTnt22Writer.Write(e);
        var lossy = DcsaTnt22Writer.Write(e, allowLossy: true);

        strict.Validation.ShouldHaveIssue("/documentReferences/1", ValidationCodes.NotRepresentable);
        var json = lossy.Json!.Value;
        json.GetProperty("documentID").GetString().ShouldBe("HHL71800000");
        json.GetProperty("documentTypeCode").GetString().ShouldBe("TRD");
        json.GetProperty("reason").GetString().ShouldBe("issued");
    }

    [Fact]
    public void Write_TransportEventLocatedElsewhereThanItsCall_IsNotRepresentable()
    {
        var e = Transport() with { Location = new Location { UnLocode = "NLRTM" } };

        var result = DcsaTnt22Writer.Write(e);

        result.Validation.ShouldHaveIssue("/location", ValidationCodes.NotRepresentable);
    }

    [Theory]
    [InlineData("/eventID", "names a TNT 2.2 member")]
    [InlineData("/transportCall/vessel/vesselName", "names a TNT 2.2 member")]
    [InlineData("/transportCall/carrierServiceCode", "names a TNT 2.2 member")]
    [InlineData("/eventLocation/locationName", "no place")]
    [InlineData("/documentReferences/0/x", "no place")]
    [InlineData("no-slash", "not a JSON pointer")]
    public void Write_ExtensionThatCannotGoBack_IsAnErrorAtTheExtension(string pointer, string messagePart)
    {
        using var value = JsonDocument.Parse("\"x\"");
        var e = Transport() with { Extensions = new Dictionary<string, JsonElement> { [pointer] = value.RootElement.Clone() } };

        var result = DcsaTnt22Writer.Write(e);

        var issue = result.Validation.ShouldHaveIssue(JsonPointer.Append("/extensions", pointer), ValidationCodes.NotRepresentable);
        issue.Message.ShouldContain(messagePart);
    }

    [Fact]
    public void Write_List_PointsFindingsAtTheEventIndex()
    {
        var result = DcsaTnt22Writer.Write([Transport(), Transport() with { Category = EventCategories.Document, TypeCode = "SUBM" }]);

        result.Succeeded.ShouldBeFalse();
        result.Validation.ShouldHaveIssue("/1/category", ValidationCodes.NotRepresentable);
        result.Validation.Issues.Count.ShouldBe(1);
    }

    [Fact]
    public void Write_Tnt30FixtureEvents_ConvertOnlyWhenLossy()
    {
        var tnt30 = new DcsaTnt30Mapper().Map(Fixture("dcsa", "tnt-3.0", "tnt-300-request-equipment.json"), Context).Events;

        var strict = DcsaTnt22Writer.Write(tnt30);
        var lossy = DcsaTnt22Writer.Write(tnt30, allowLossy: true);

        strict.Validation.ShouldHaveIssue("/0/originatingParty", ValidationCodes.NotRepresentable);
        strict.Validation.ShouldHaveIssue("/0/movementType", ValidationCodes.NotRepresentable);
        strict.Validation.ShouldHaveIssue("/0/location/facilityTypeCode", ValidationCodes.NotRepresentable);
        lossy.Succeeded.ShouldBeTrue(Describe(lossy.Validation));
        var json = lossy.Json!.Value[0];
        json.GetProperty("equipmentEventTypeCode").GetString().ShouldBe("LOAD");
        json.GetProperty("equipmentReference").GetString().ShouldBe("APZU4812090");
        json.GetProperty("emptyIndicatorCode").GetString().ShouldBe("LADEN");
        json.GetProperty("eventLocation").GetProperty("UNLocationCode").GetString().ShouldBe("NLRTM");
        json.GetProperty("eventLocation").GetProperty("address").GetProperty("country").GetString().ShouldBe("NL");
        json.GetProperty("eventCreatedDateTime").GetString().ShouldBe("2026-01-20T14:20:00Z");
    }

    [Theory]
    [InlineData("2021-01-09T14:12:56+01:00", "2021-01-09T14:12:56+01:00")]
    [InlineData("2021-01-23T12:34:56+00:00", "2021-01-23T12:34:56Z")]
    [InlineData("2019-11-12T07:41:00.5-08:30", "2019-11-12T07:41:00.5-08:30")]
    [InlineData("2019-11-12T07:41:00.1234567+14:00", "2019-11-12T07:41:00.1234567+14:00")]
    public void FormatDateTime_KeepsOffsetAndSignificantFraction(string input, string expected) =>
        DcsaTnt22Writer.FormatDateTime(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
}
