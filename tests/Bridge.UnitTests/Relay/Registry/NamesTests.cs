using Bridge.Canonical.Validation;
using Bridge.Relay.Registry;

namespace Bridge.UnitTests.Relay.Registry;

[Trait("Category", "Unit")]
public sealed class NamesTests
{
    public static readonly string Name63 = new('a', 63);
    public static readonly string Name64 = new('a', 64);

    public static TheoryData<string> ValidNames => new() { "a", "0", "acme", "acme-corp", "a1-b2", "a--b", "9lives", Name63, "a" + new string('-', 61) + "z" };

    public static TheoryData<string> InvalidNames => new()
    {
        string.Empty, "-acme", "acme-", "-", "Acme", "ACME", "acme_corp", "acme corp", "acme.corp", "acmé", " acme", Name64,
        "acme\n", // .NET '$' also matches before a final newline; a slug must not end in one
    };

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void IsValid_Slug_ReturnsTrue(string name)
    {
        Names.IsValid(name).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void IsValid_NotASlug_ReturnsFalse(string name)
    {
        Names.IsValid(name).ShouldBeFalse();
    }

    [Fact]
    public void IsValid_Null_ReturnsFalse()
    {
        Names.IsValid(null).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ValidateName_Missing_ReportsOnlyRequired(string? name)
    {
        var issues = new ValidationCollector();

        Names.ValidateName("/name", name, issues);

        issues.ToResult().Issues.Select(i => (i.Path, i.Code)).ShouldBe([("/name", "required")]);
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme\n")]
    public void ValidateName_NotASlug_ReportsInvalidFormat(string name)
    {
        var issues = new ValidationCollector();

        Names.ValidateName("/endpoints/2/name", name, issues);

        issues.ToResult().Issues.Select(i => (i.Path, i.Code)).ShouldBe([("/endpoints/2/name", "invalid-format")]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Acme Shipping GmbH & Co. KG")]
    [InlineData("Zoë's Freight — Ünïcode")]
    public void ValidateDisplayName_AbsentOrPlainText_ReportsNothing(string? displayName)
    {
        var issues = new ValidationCollector();

        Names.ValidateDisplayName("/displayName", displayName, issues);

        issues.ToResult().Issues.ShouldBeEmpty();
    }

    [Fact]
    public void ValidateDisplayName_AtTheLimit_ReportsNothing()
    {
        var issues = new ValidationCollector();

        Names.ValidateDisplayName("/displayName", new string('x', Names.MaxDisplayNameLength), issues);

        Names.MaxDisplayNameLength.ShouldBe(200);
        issues.ToResult().Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(201, "too-long")]
    [InlineData(1000, "too-long")]
    public void ValidateDisplayName_TooLong_ReportsTooLong(int length, string code)
    {
        var issues = new ValidationCollector();

        Names.ValidateDisplayName("/displayName", new string('x', length), issues);

        issues.ToResult().Issues.Select(i => (i.Path, i.Code)).ShouldBe([("/displayName", code)]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Acme\nCorp")]
    [InlineData("Acme\tCorp")]
    [InlineData("Acme\u0007")]
    [InlineData("Acme\u0085")] // C1 control (NEL)
    public void ValidateDisplayName_BlankOrControlCharacters_ReportsInvalidFormat(string displayName)
    {
        var issues = new ValidationCollector();

        Names.ValidateDisplayName("/displayName", displayName, issues);

        issues.ToResult().Issues.Select(i => (i.Path, i.Code)).ShouldBe([("/displayName", "invalid-format")]);
    }
}
