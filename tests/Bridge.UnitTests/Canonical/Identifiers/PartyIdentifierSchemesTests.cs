using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Identifiers;

[Trait("Category", "Unit")]
public sealed class PartyIdentifierSchemesTests
{
    private const string Path = "/identifiers/3/value";

    [Fact]
    public void All_ListsTheFiveSchemesInOrder()
    {
        PartyIdentifierSchemes.All.ShouldBe(["lei", "scac", "gln", "bic", "eori"]);
    }

    [Theory]
    [InlineData("lei", "5493001KJTIIGC8Y1R12")] // Bloomberg Finance L.P.
    [InlineData("lei", "HWUPKR0MPOU8FGXBT394")] // Apple Inc.
    [InlineData("scac", "MAEU")]
    [InlineData("scac", "MSC")]
    [InlineData("scac", "ZZ")]
    [InlineData("gln", "0614141073467")]       // trade-standards.md §C.2
    [InlineData("bic", "DEUTDEFF")]
    [InlineData("bic", "DEUTDEFF500")]
    [InlineData("bic", "NEDSZAJJXXX")]
    [InlineData("eori", "DE123456789012345")]  // country code + 15 characters, the maximum
    [InlineData("eori", "GB123456789000")]
    [InlineData("eori", "NL1")]
    public void Validate_ValidValue_ReportsNothing(string scheme, string value)
    {
        var issues = new ValidationCollector();

        PartyIdentifierSchemes.Validate(scheme, value, Path, issues);

        issues.ToResult().Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("lei", "5493001KJTIIGC8Y1R13", ValidationCodes.CheckDigit)]
    [InlineData("lei", "7LTWFZYICNSX8D621K87", ValidationCodes.CheckDigit)]
    [InlineData("lei", "5493001kjtiigc8y1r12", ValidationCodes.InvalidFormat)]
    [InlineData("lei", "5493001KJTIIGC8Y1R1", ValidationCodes.InvalidFormat)]   // 19 characters
    [InlineData("lei", "5493001KJTIIGC8Y1R123", ValidationCodes.InvalidFormat)] // 21 characters
    [InlineData("lei", "5493001KJTIIGC8Y1RAB", ValidationCodes.InvalidFormat)]  // check digits must be digits
    [InlineData("lei", "5493001KJTIIGC8Y1R12\n", ValidationCodes.InvalidFormat)]
    [InlineData("scac", "M", ValidationCodes.InvalidFormat)]
    [InlineData("scac", "MAEUX", ValidationCodes.InvalidFormat)]
    [InlineData("scac", "maeu", ValidationCodes.InvalidFormat)]
    [InlineData("scac", "MA3U", ValidationCodes.InvalidFormat)]
    [InlineData("scac", "MAEU\n", ValidationCodes.InvalidFormat)] // '$' must not accept a trailing newline
    [InlineData("gln", "0614141073468", ValidationCodes.CheckDigit)]
    [InlineData("gln", "061414107346", ValidationCodes.InvalidFormat)]   // 12 digits
    [InlineData("gln", "00614141073467", ValidationCodes.InvalidFormat)] // 14 digits (a GTIN-14, valid mod 10)
    [InlineData("gln", "06141410734A7", ValidationCodes.InvalidFormat)]
    [InlineData("bic", "DEUTDEF", ValidationCodes.InvalidFormat)]       // 7
    [InlineData("bic", "DEUTDEFF50", ValidationCodes.InvalidFormat)]    // 10
    [InlineData("bic", "DEU1DEFF", ValidationCodes.InvalidFormat)]      // digit in the institution code
    [InlineData("bic", "DEUTD3FF", ValidationCodes.InvalidFormat)]      // digit in the country code
    [InlineData("bic", "deutdeff", ValidationCodes.InvalidFormat)]
    [InlineData("bic", "DEUTDEFF\n", ValidationCodes.InvalidFormat)]
    [InlineData("eori", "DE", ValidationCodes.InvalidFormat)]
    [InlineData("eori", "DE1234567890123456", ValidationCodes.InvalidFormat)] // 16 after the country code
    [InlineData("eori", "1E123", ValidationCodes.InvalidFormat)]
    [InlineData("eori", "de123", ValidationCodes.InvalidFormat)]
    [InlineData("eori", "DE 123", ValidationCodes.InvalidFormat)]
    [InlineData("eori", "DE123\n", ValidationCodes.InvalidFormat)]
    public void Validate_InvalidValue_ReportsOneErrorAtThePath(string scheme, string value, string code)
    {
        var issues = new ValidationCollector();

        PartyIdentifierSchemes.Validate(scheme, value, Path, issues);

        var issue = issues.ToResult().Issues.ShouldHaveSingleItem();
        issue.Path.ShouldBe(Path);
        issue.Code.ShouldBe(code);
        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("duns")]
    [InlineData("LEI")]
    [InlineData("")]
    public void Validate_UnknownScheme_ReportsUnknownValueListingTheSchemes(string scheme)
    {
        var issues = new ValidationCollector();

        PartyIdentifierSchemes.Validate(scheme, "5493001KJTIIGC8Y1R12", Path, issues);

        var issue = issues.ToResult().Issues.ShouldHaveSingleItem();
        issue.Path.ShouldBe(Path);
        issue.Code.ShouldBe(ValidationCodes.UnknownValue);
        issue.Message.ShouldContain("lei, scac, gln, bic, eori");
    }

    [Fact]
    public void Validate_NullCollector_Throws()
    {
        Should.Throw<ArgumentNullException>(() => PartyIdentifierSchemes.Validate("lei", "5493001KJTIIGC8Y1R12", Path, null!));
    }
}
