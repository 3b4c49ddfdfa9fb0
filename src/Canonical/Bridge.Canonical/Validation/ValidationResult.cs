namespace Bridge.Canonical.Validation;

/// <summary>The findings of one validation run; valid when there is no error (warnings allowed).</summary>
public sealed class ValidationResult
{
    public static readonly ValidationResult Ok = new([]);

    public ValidationResult(IReadOnlyList<ValidationIssue> issues) => Issues = issues;

    public IReadOnlyList<ValidationIssue> Issues { get; }

    public bool IsValid => !Issues.Any(static i => i.Severity == IssueSeverity.Error);

    public IEnumerable<ValidationIssue> Errors => Issues.Where(static i => i.Severity == IssueSeverity.Error);

    public IEnumerable<ValidationIssue> Warnings => Issues.Where(static i => i.Severity == IssueSeverity.Warning);
}

/// <summary>Collects findings while a validator walks its input.</summary>
public sealed class ValidationCollector
{
    private readonly List<ValidationIssue> _issues = [];

    public bool HasErrors => _issues.Exists(static i => i.Severity == IssueSeverity.Error);

    public void Error(string path, string code, string message) => _issues.Add(ValidationIssue.Error(path, code, message));

    public void Warning(string path, string code, string message) => _issues.Add(ValidationIssue.Warning(path, code, message));

    public void AddRange(IEnumerable<ValidationIssue> issues) => _issues.AddRange(issues);

    /// <summary>Adds an error when <paramref name="value"/> is null or blank; returns whether it was present.</summary>
    public bool Required(string path, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        Error(path, ValidationCodes.Required, "is required");
        return false;
    }

    public ValidationResult ToResult() => _issues.Count == 0 ? ValidationResult.Ok : new ValidationResult(_issues.ToArray());
}
