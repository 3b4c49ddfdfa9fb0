using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Identifiers;

[Trait("Category", "Unit")]
public sealed class IdentifierSchemesTests
{
    private const string Path = "/parties/0/identifiers/1/value";

    [Fact]
    public void All_ListsTheSchemesOfTradeStandardsA1InOrder()
    {
        // Copied from ../shared/design/trade-standards.md §A.1 (Identifier.Scheme).
        const string A1 = "ISO6346, IMO, SCAC, SMDG_LINER, SMDG_TERMINAL, BIC_FACILITY, UNLOCODE, GLN, GTIN, SSCC, LEI, DUNS, EORI, DID, ETH_ADDRESS, TRADELENS_ID, UCR, MRN, ZZZ";

        IdentifierSchemes.All.ShouldBe(A1.Split(", "));
    }

    [Fact]
    public void IsKnown_EveryListedScheme_ReturnsTrue()
    {
        IdentifierSchemes.All.ShouldAllBe(static s => IdentifierSchemes.IsKnown(s));
    }

    [Theory]
    [InlineData("iso6346")]
    [InlineData("lei")] // the participant registry's lower-case names are a different vocabulary
    [InlineData("ISO 6346")]
    [InlineData("ISO6346 ")]
    [InlineData("")]
    [InlineData(null)]
    public void IsKnown_OtherSpelling_ReturnsFalse(string? scheme)
    {
        IdentifierSchemes.IsKnown(scheme).ShouldBeFalse();
    }

    [Theory]
    [InlineData("ISO6346", "CSQU3054383")]
    [InlineData("IMO", "9321483")]
    [InlineData("IMO", "IMO 9461374")]
    [InlineData("SCAC", "MAEU")]
    [InlineData("SMDG_LINER", "MSC")]          // DCSA eBL 3.0 example carrierCode with provider SMDG
    [InlineData("SMDG_LINER", "HLC")]
    [InlineData("SMDG_TERMINAL", "ADT")]       // DCSA example facilityCode
    [InlineData("SMDG_TERMINAL", "USEWR-PNCT")] // TradeLens fixture smdgTerminal
    [InlineData("BIC_FACILITY", "ADT")]
    [InlineData("BIC_FACILITY", "NLRTMECT1")]
    [InlineData("UNLOCODE", "NLRTM")]
    [InlineData("GLN", "0614141073467")]
    [InlineData("GTIN", "10614141073464")]
    [InlineData("SSCC", "106141412345678908")]
    [InlineData("LEI", "5493001KJTIIGC8Y1R12")]
    [InlineData("DUNS", "150483782")]
    [InlineData("EORI", "DE123456789012345")]
    [InlineData("EORI", "GB123456789000")]
    [InlineData("EORI", "XI123456789000")]     // Northern Ireland
    [InlineData("EORI", "NL1")]
    [InlineData("DID", "did:example:123456789abcdefghi")] // W3C DID Core example
    [InlineData("DID", "did:web:example.com")]
    [InlineData("DID", "did:web:example.com%3A8443:user:alice")]
    [InlineData("DID", "did:ethr:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("DID", "did:ethr:sepolia:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("ETH_ADDRESS", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("TRADELENS_ID", "781as5-1790-4059-bhh1-2cc0fcd03532")] // TradeLens fixture transportEquipmentId
    [InlineData("UCR", "8GB123456789000-PO1234")]
    [InlineData("MRN", "24DE123456789012A4")]
    [InlineData("MRN", "24XI123456789012A4")]
    [InlineData("ZZZ", "anything at all, even with spaces")]
    public void Validate_ValidValue_ReportsNothing(string scheme, string value)
    {
        Issues(scheme, value).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ISO6346", "CSQU305438", ValidationCodes.InvalidFormat)]
    [InlineData("IMO", "IMO-9321483", ValidationCodes.InvalidFormat)]
    [InlineData("SCAC", "MA3U", ValidationCodes.InvalidFormat)]
    [InlineData("SMDG_LINER", "msc", ValidationCodes.InvalidFormat)]
    [InlineData("SMDG_LINER", "MSCUX", ValidationCodes.InvalidFormat)]
    [InlineData("SMDG_TERMINAL", "ABCDEFG", ValidationCodes.InvalidFormat)]
    [InlineData("SMDG_TERMINAL", "USEWR PNCT", ValidationCodes.InvalidFormat)]
    [InlineData("SMDG_TERMINAL", "USEWR-", ValidationCodes.InvalidFormat)]
    [InlineData("SMDG_TERMINAL", "adt", ValidationCodes.InvalidFormat)]
    [InlineData("BIC_FACILITY", "ABCDEFG", ValidationCodes.InvalidFormat)]
    [InlineData("UNLOCODE", "XYABC", ValidationCodes.UnknownValue)]
    [InlineData("UNLOCODE", "NL RTM", ValidationCodes.InvalidFormat)]
    [InlineData("GLN", "0614141073468", ValidationCodes.CheckDigit)]
    [InlineData("GTIN", "4006381333932", ValidationCodes.CheckDigit)]
    [InlineData("SSCC", "106141412345678909", ValidationCodes.CheckDigit)]
    [InlineData("LEI", "5493001KJTIIGC8Y1R13", ValidationCodes.CheckDigit)]
    [InlineData("LEI", "5493001KJTIIGC8Y1R1", ValidationCodes.InvalidFormat)]
    [InlineData("DUNS", "15-048-3782", ValidationCodes.InvalidFormat)]
    [InlineData("DUNS", "15048378", ValidationCodes.InvalidFormat)]
    [InlineData("DUNS", "1504837820", ValidationCodes.InvalidFormat)]
    [InlineData("EORI", "XY123", ValidationCodes.UnknownValue)]
    [InlineData("EORI", "DE", ValidationCodes.InvalidFormat)]
    [InlineData("EORI", "de123", ValidationCodes.InvalidFormat)]
    [InlineData("EORI", "DE1234567890123456", ValidationCodes.InvalidFormat)] // 16 after the country code
    [InlineData("EORI", "DE 123", ValidationCodes.InvalidFormat)]
    [InlineData("DID", "did:ETHR:0x1", ValidationCodes.InvalidFormat)]     // method names are lower case
    [InlineData("DID", "did:ethr:", ValidationCodes.InvalidFormat)]        // empty method-specific id
    [InlineData("DID", "did:ethr:abc:", ValidationCodes.InvalidFormat)]    // must not end with ':'
    [InlineData("DID", "did:web:example.com/path", ValidationCodes.InvalidFormat)] // a DID URL, not a DID
    [InlineData("DID", "did:web:a%2", ValidationCodes.InvalidFormat)]
    [InlineData("DID", "DID:web:example.com", ValidationCodes.InvalidFormat)]
    [InlineData("DID", "did:web:example.com\n", ValidationCodes.InvalidFormat)]
    [InlineData("ETH_ADDRESS", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", ValidationCodes.InvalidFormat)]
    [InlineData("TRADELENS_ID", "has space", ValidationCodes.InvalidFormat)]
    [InlineData("UCR", "8GB123456789000-PO1234 ", ValidationCodes.InvalidFormat)]
    [InlineData("UCR", "123456789012345678901234567890123456", ValidationCodes.InvalidFormat)] // 36 characters
    [InlineData("MRN", "24XY123456789012A4", ValidationCodes.UnknownValue)]
    [InlineData("MRN", "24de123456789012A4", ValidationCodes.InvalidFormat)]
    [InlineData("MRN", "24DE123456789012A", ValidationCodes.InvalidFormat)]  // 17 characters
    [InlineData("MRN", "2ADE123456789012A4", ValidationCodes.InvalidFormat)]
    public void Validate_InvalidValue_ReportsOneErrorAtThePath(string scheme, string value, string code)
    {
        var issue = Issues(scheme, value).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Code.ShouldBe(code);
        issue.Path.ShouldBe(Path);
        issue.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("ISO6346", "HLXU1234567")] // §C.1: check digit would be 1
    [InlineData("IMO", "8814274")]         // §C.5
    public void Validate_ContainerOrImoCheckDigitFailure_IsOnlyAWarning(string scheme, string value)
    {
        var issue = Issues(scheme, value).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Warning);
        issue.Code.ShouldBe(ValidationCodes.CheckDigit);
    }

    [Fact]
    public void Validate_ZzzOfTheMaximumLength_ReportsNothingAndOneMoreIsTooLong()
    {
        Issues(IdentifierSchemes.Zzz, new string('z', 100)).ShouldBeEmpty();

        var issue = Issues(IdentifierSchemes.Zzz, new string('z', 101)).ShouldHaveSingleItem();
        issue.Code.ShouldBe(ValidationCodes.TooLong);
        issue.Severity.ShouldBe(IssueSeverity.Error);
    }

    [Fact]
    public void Validate_TradeLensIdOf101Characters_IsAnError()
    {
        Issues(IdentifierSchemes.TradeLensId, new string('a', 100)).ShouldBeEmpty();
        Issues(IdentifierSchemes.TradeLensId, new string('a', 101)).ShouldHaveSingleItem().Code.ShouldBe(ValidationCodes.InvalidFormat);
    }

    [Theory]
    [InlineData("lei")]
    [InlineData("ISO 6346")]
    [InlineData("")]
    public void Validate_UnknownScheme_ReportsUnknownValueListingTheSchemes(string scheme)
    {
        var issue = Issues(scheme, "5493001KJTIIGC8Y1R12").ShouldHaveSingleItem();

        issue.Path.ShouldBe(Path);
        issue.Code.ShouldBe(ValidationCodes.UnknownValue);
        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Message.ShouldContain("ISO6346, IMO, SCAC");
    }

    [Fact]
    public void Validate_UnknownSchemeWithoutValue_StillReportsTheScheme()
    {
        Issues("NOPE", null).ShouldHaveSingleItem().Code.ShouldBe(ValidationCodes.UnknownValue);
    }

    [Fact]
    public void Validate_KnownSchemeNullOrEmptyValue_ReportsNothing()
    {
        foreach (var scheme in IdentifierSchemes.All)
        {
            Issues(scheme, null).ShouldBeEmpty(scheme);
            Issues(scheme, string.Empty).ShouldBeEmpty(scheme);
        }
    }

    [Fact]
    public void Validate_EverySchemeButZzz_RejectsGarbage()
    {
        foreach (var scheme in IdentifierSchemes.All.Where(static s => s != IdentifierSchemes.Zzz))
        {
            Issues(scheme, "#  #").ShouldHaveSingleItem(scheme).Severity.ShouldBe(IssueSeverity.Error);
        }
    }

    [Fact]
    public void Validate_NullCollector_Throws()
    {
        Should.Throw<ArgumentNullException>(() => IdentifierSchemes.Validate(IdentifierSchemes.Lei, "5493001KJTIIGC8Y1R12", Path, null!));
    }

    private static IReadOnlyList<ValidationIssue> Issues(string scheme, string? value)
    {
        var issues = new ValidationCollector();
        IdentifierSchemes.Validate(scheme, value, Path, issues);
        return issues.ToResult().Issues;
    }
}
