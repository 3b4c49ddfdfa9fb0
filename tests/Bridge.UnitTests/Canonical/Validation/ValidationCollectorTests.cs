using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Validation;

[Trait("Category", "Unit")]
public sealed class ValidationCollectorTests
{
    [Fact]
    public void ToResult_NoFindings_ReturnsTheSharedOkResult()
    {
        var result = new ValidationCollector().ToResult();

        result.ShouldBeSameAs(ValidationResult.Ok);
        result.IsValid.ShouldBeTrue();
        result.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Error_Added_MakesTheResultInvalid()
    {
        var issues = new ValidationCollector();

        issues.Error("/name", ValidationCodes.InvalidFormat, "bad");

        issues.HasErrors.ShouldBeTrue();
        var result = issues.ToResult();
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldBe([new ValidationIssue("/name", "invalid-format", "bad", IssueSeverity.Error)]);
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Warning_Only_KeepsTheResultValid()
    {
        var issues = new ValidationCollector();

        issues.Warning("/imo", ValidationCodes.CheckDigit, "suspicious");

        issues.HasErrors.ShouldBeFalse();
        var result = issues.ToResult();
        result.IsValid.ShouldBeTrue();
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBe([new ValidationIssue("/imo", "check-digit", "suspicious", IssueSeverity.Warning)]);
    }

    [Fact]
    public void AddRange_KeepsOrderAndSeverity()
    {
        var issues = new ValidationCollector();
        issues.Error("/a", "required", "1");

        issues.AddRange([ValidationIssue.Warning("/b", "w", "2"), ValidationIssue.Error("/c", "e", "3")]);

        issues.ToResult().Issues.Select(i => (i.Path, i.Severity)).ShouldBe(
            [("/a", IssueSeverity.Error), ("/b", IssueSeverity.Warning), ("/c", IssueSeverity.Error)]);
    }

    [Fact]
    public void ToResult_LaterFindings_DoNotChangeAnEarlierResult()
    {
        var issues = new ValidationCollector();
        issues.Error("/a", "required", "1");
        var first = issues.ToResult();

        issues.Error("/b", "required", "2");

        first.Issues.Count.ShouldBe(1);
        issues.ToResult().Issues.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Required_MissingOrBlank_ReturnsFalseAndReportsRequired(string? value)
    {
        var issues = new ValidationCollector();

        issues.Required("/endpoints/0/url", value).ShouldBeFalse();

        var issue = issues.ToResult().Issues.ShouldHaveSingleItem();
        issue.Path.ShouldBe("/endpoints/0/url");
        issue.Code.ShouldBe(ValidationCodes.Required);
        issue.Severity.ShouldBe(IssueSeverity.Error);
    }

    [Theory]
    [InlineData("x")]
    [InlineData(" x ")]
    public void Required_Present_ReturnsTrueAndReportsNothing(string value)
    {
        var issues = new ValidationCollector();

        issues.Required("/name", value).ShouldBeTrue();

        issues.ToResult().Issues.ShouldBeEmpty();
    }

    [Fact]
    public void ValidationCodes_AreStableStrings()
    {
        string[] codes =
        [
            ValidationCodes.Required, ValidationCodes.InvalidFormat, ValidationCodes.OutOfRange, ValidationCodes.UnknownValue,
            ValidationCodes.Duplicate, ValidationCodes.TooLong, ValidationCodes.TooMany, ValidationCodes.CheckDigit, ValidationCodes.Mismatch,
        ];

        codes.ShouldBe(["required", "invalid-format", "out-of-range", "unknown-value", "duplicate", "too-long", "too-many", "check-digit", "mismatch"]);
    }
}
