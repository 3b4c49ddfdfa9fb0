using System.Text.Json;
using Bridge.Canonical.Mapping.Epcis;

namespace Bridge.UnitTests.Canonical.Mapping.Epcis;

[Trait("Category", "Unit")]
public sealed class CbvVocabularyTests
{
    [Theory]
    [InlineData("loading", "loading")]
    [InlineData("urn:epcglobal:cbv:bizstep:loading", "loading")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-loading", "loading")]
    [InlineData("http://ref.gs1.org/cbv/BizStep-loading", "loading")]
    [InlineData("cbv:BizStep-loading", "loading")]
    [InlineData("https://example.com/bizstep/loading", null)]
    [InlineData("urn:epcglobal:cbv:disp:in_transit", null)]
    [InlineData("https://ref.gs1.org/cbv/Disp-in_transit", null)]
    [InlineData("urn:epcglobal:cbv:bizstep:", null)]
    [InlineData("", null)]
    public void Term_BizStepSpellings(string value, string? expected)
    {
        CbvVocabulary.Term(value, CbvVocabulary.BizStepUrn, CbvVocabulary.BizStepWeb).ShouldBe(expected);
    }

    [Theory]
    [InlineData("po", "po")]
    [InlineData("urn:epcglobal:cbv:btt:desadv", "desadv")]
    [InlineData("https://ref.gs1.org/cbv/BTT-bol", "bol")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-bol", null)]
    public void Term_BusinessTransactionTypes(string value, string? expected)
    {
        CbvVocabulary.Term(value, CbvVocabulary.BizTransactionTypeUrn, CbvVocabulary.BizTransactionTypeWeb).ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"", true)]
    [InlineData("\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"", true)]
    [InlineData("[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"]", true)]
    [InlineData("[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", {\"ex\": \"https://example.com/\"}]", false)]
    [InlineData("\"https://example.com/epcis-context.jsonld\"", false)]
    [InlineData("{}", false)]
    public void IsStandardContextOnly_Variants(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);

        CbvVocabulary.IsStandardContextOnly(document.RootElement).ShouldBe(expected);
    }
}
