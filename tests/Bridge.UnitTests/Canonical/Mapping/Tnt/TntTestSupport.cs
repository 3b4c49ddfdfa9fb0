using System.Text.Json;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Mapping.Tnt;

/// <summary>Shared helpers of the TNT and TradeLens mapper tests.</summary>
internal static class TntTestSupport
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

    public static readonly MappingContext Context = new(ReceivedAt, new string('a', 64));

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Fixture(params string[] parts)
    {
        using var document = JsonDocument.Parse(Conformance.Read(parts));
        return document.RootElement.Clone();
    }

    public static string Describe(ValidationResult result) =>
        string.Join("; ", result.Issues.Select(static i => $"{i.Severity} {i.Path} {i.Code} {i.Message}"));

    public static ValidationIssue ShouldHaveIssue(this ValidationResult result, string path, string code, IssueSeverity severity = IssueSeverity.Error)
    {
        var issue = result.Issues.FirstOrDefault(i => i.Path == path && i.Code == code && i.Severity == severity);
        issue.ShouldNotBeNull($"expected {severity} {code} at {path}; got: {Describe(result)}");
        return issue;
    }
}
