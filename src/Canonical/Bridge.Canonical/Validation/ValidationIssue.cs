namespace Bridge.Canonical.Validation;

/// <summary>How bad a validation finding is.</summary>
public enum IssueSeverity
{
    /// <summary>The input is rejected.</summary>
    Error,

    /// <summary>The input is accepted, but the finding is reported (for example a failed check digit on a real payload).</summary>
    Warning,
}

/// <summary>
/// One validation finding: where (an RFC 6901 JSON pointer into the input), what (a stable,
/// machine-readable code such as <c>required</c> or <c>invalid-format</c>) and a human message.
/// </summary>
public sealed record ValidationIssue(string Path, string Code, string Message, IssueSeverity Severity = IssueSeverity.Error)
{
    public static ValidationIssue Error(string path, string code, string message) => new(path, code, message);

    public static ValidationIssue Warning(string path, string code, string message) =>
        new(path, code, message, IssueSeverity.Warning);
}
