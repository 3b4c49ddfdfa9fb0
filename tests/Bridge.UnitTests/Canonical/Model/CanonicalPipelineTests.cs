using System.Text;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Model;

namespace Bridge.UnitTests.Canonical.Model;

[Trait("Category", "Unit")]
public sealed class CanonicalPipelineTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly CanonicalPipeline Pipeline = new(new MapperRegistry([new CanonicalFormatMapper()]));

    private static PipelineResult Map(string json, string format = SourceFormats.Canonical) =>
        Pipeline.Map(format, Encoding.UTF8.GetBytes(json), ReceivedAt);

    [Fact]
    public void Map_CanonicalEvent_GivesIdHashAndStampedProvenance()
    {
        const string json = """{"sourceEventId":"e1","category":"EQUIPMENT","classifier":"ACT","typeCode":"LOAD","eventDateTime":"2026-01-20T14:15:00+02:00","equipment":{"equipmentReference":"APZU4812090"}}""";

        var result = Map(json);

        result.IsValid.ShouldBeTrue();
        var mapped = result.Events.ShouldHaveSingleItem();
        mapped.ContentSha256.ShouldBe(ContentHashing.Of(mapped.Event));
        mapped.Event.Provenance!.SourceSystem.ShouldBe(SourceSystems.Canonical);
        mapped.Event.Provenance.ReceivedAt.ShouldBe(ReceivedAt);
        mapped.Event.Provenance.RawSha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))));
        mapped.Event.EventDateTime.Offset.ShouldBe(TimeSpan.FromHours(2));
        Map(json).Events[0].Id.ShouldBe(mapped.Id);
    }

    [Fact]
    public void Map_ArrayOfDocumentAndEvent_MapsBoth()
    {
        var result = Map("""[{"docType":"COMMERCIAL_INVOICE","documentNumber":"INV-7","currency":"EUR"},{"category":"TRANSPORT","classifier":"PLN","typeCode":"DEPA","eventDateTime":"2026-01-20T10:00:00Z"}]""");

        result.IsValid.ShouldBeTrue();
        result.Documents.ShouldHaveSingleItem().Document.ShouldBeOfType<CommercialInvoice>().Currency.ShouldBe("EUR");
        result.Events.ShouldHaveSingleItem().Event.TypeCode.ShouldBe("DEPA");
    }

    [Fact]
    public void Map_InvalidFieldInSecondItem_NamesItsPointer()
    {
        var result = Map("""[{"docType":"COMMERCIAL_INVOICE","documentNumber":"INV-7"},{"docType":"COMMERCIAL_INVOICE","documentNumber":"INV-8","currency":"EURO"}]""");

        result.IsValid.ShouldBeFalse();
        result.Validation.Errors.ShouldHaveSingleItem().Path.ShouldBe("/1/currency");
        result.Documents.ShouldBeEmpty();
    }

    [Fact]
    public void Map_UnknownFormat_IsAnError()
    {
        var result = Map("{}", "edifact");

        result.Validation.Errors.ShouldHaveSingleItem().Code.ShouldBe("unknown-value");
    }

    public static TheoryData<byte[], string> Hostile() => new()
    {
        { Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "too-deep" },
        { Encoding.UTF8.GetBytes("""{"docType":"SEA_WAYBILL","docType":"BILL_OF_LADING","documentNumber":"X"}"""), "duplicate-member" },
        { [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "invalid-utf8" },
        { Encoding.UTF8.GetBytes("{\"documentNumber\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), "string-too-long" },
        { Encoding.UTF8.GetBytes("{\"docType\":"), "invalid-json" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Map_HostileInput_IsRejectedWithAStableCode(byte[] payload, string code)
    {
        var result = Pipeline.Map(SourceFormats.Canonical, payload, ReceivedAt);

        result.IsValid.ShouldBeFalse();
        result.Validation.Errors.ShouldHaveSingleItem().Code.ShouldBe(code);
        result.Events.ShouldBeEmpty();
        result.Documents.ShouldBeEmpty();
    }
}
