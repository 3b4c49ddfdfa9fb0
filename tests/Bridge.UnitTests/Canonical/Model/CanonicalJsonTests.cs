using System.Text;
using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Model;

[Trait("Category", "Unit")]
public sealed class CanonicalJsonTests
{
    private static IReadOnlyList<ValidationIssue> Read<T>(string json)
        where T : class
    {
        var issues = new ValidationCollector();
        using var document = JsonDocument.Parse(json);
        CanonicalJson.Deserialize<T>(document.RootElement, string.Empty, issues);
        return issues.ToResult().Issues;
    }

    [Fact]
    public void Serialize_BillOfLading_WritesDiscriminatorAndOmitsNullsAndEmptyLists()
    {
        TradeDocument bill = new BillOfLading
        {
            DocumentNumber = "HHL71800000",
            IsToOrder = true,
            Carrier = new Identifier { Scheme = "SCAC", Value = "HLCU" },
        };

        var json = Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(bill));

        using var parsed = JsonDocument.Parse(json);
        parsed.RootElement.GetProperty("docType").GetString().ShouldBe("BILL_OF_LADING");
        parsed.RootElement.GetProperty("documentNumber").GetString().ShouldBe("HHL71800000");
        parsed.RootElement.TryGetProperty("parties", out _).ShouldBeFalse();
        parsed.RootElement.TryGetProperty("extensions", out _).ShouldBeFalse();
        parsed.RootElement.TryGetProperty("issuer", out _).ShouldBeFalse();
    }

    [Fact]
    public void Serialize_Event_KeepsTheUtcOffset()
    {
        var e = new LogisticsEvent
        {
            Category = "EQUIPMENT",
            Classifier = "ACT",
            TypeCode = "LOAD",
            EventDateTime = new DateTimeOffset(2021, 1, 9, 14, 12, 56, TimeSpan.FromHours(1)),
        };

        var json = Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(e));

        json.ShouldContain("\"eventDateTime\":\"2021-01-09T14:12:56+01:00\"");
    }

    [Fact]
    public void Deserialize_DocTypeAfterOtherMembers_ReadsTheDerivedType()
    {
        var issues = new ValidationCollector();
        using var document = JsonDocument.Parse("""{"documentNumber":"X1","docType":"SEA_WAYBILL"}""");

        var value = CanonicalJson.Deserialize<TradeDocument>(document.RootElement, string.Empty, issues);

        value.ShouldBeOfType<SeaWaybill>().DocumentNumber.ShouldBe("X1");
        issues.HasErrors.ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"documentNumber":"X","docType":"NOPE"}""", "/docType", "unknown-value")]
    [InlineData("""{"documentNumber":"X"}""", "/docType", "required")]
    [InlineData("""{"docType":"SEA_WAYBILL"}""", "/documentNumber", "required")]
    [InlineData("""{"docType":"SEA_WAYBILL","documentNumber":"X","parties":null}""", "/parties", "invalid-format")]
    [InlineData("""{"docType":"SEA_WAYBILL","documentNumber":"X","colour":"red"}""", "/colour", "unknown-member")]
    [InlineData("""{"docType":"SEA_WAYBILL","documentNumber":"X","parties":[{"roles":[1]}]}""", "/parties/0/roles/0", "invalid-format")]
    [InlineData("""{"docType":"SEA_WAYBILL","documentNumber":"X","issueDate":"21/01/2025"}""", "/issueDate", "invalid-format")]
    public void Deserialize_BadDocument_ReportsPointerAndCode(string json, string path, string code)
    {
        var issues = Read<TradeDocument>(json);

        issues.ShouldContain(i => i.Path == path && i.Code == code && i.Severity == IssueSeverity.Error);
        issues.ShouldAllBe(i => !i.Message.Contains("Bridge.Canonical", StringComparison.Ordinal));
    }

    [Fact]
    public void Deserialize_EventWithoutRequiredMembers_NamesEachOne()
    {
        var issues = Read<LogisticsEvent>("""{"category":"EQUIPMENT"}""");

        issues.Select(i => i.Path).ShouldBe(["/classifier", "/typeCode", "/eventDateTime"], ignoreOrder: true);
        issues.ShouldAllBe(i => i.Code == "required");
    }

    [Theory]
    [InlineData("$", "")]
    [InlineData("$.parties[0].name", "/parties/0/name")]
    [InlineData("$.extensions['a/b']", "/extensions/a~1b")]
    [InlineData("$.a.b[12]", "/a/b/12")]
    public void ToPointer_JsonPath_GivesRfc6901Pointer(string jsonPath, string pointer) =>
        CanonicalJson.ToPointer(jsonPath).ShouldBe(pointer);
}
