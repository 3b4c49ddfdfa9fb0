using System.Text.RegularExpressions;
using Bridge.Canonical.Validation;

namespace Bridge.Relay.Registry;

/// <summary>Rules for registry names (the stable handles used in URLs and on the command line).</summary>
public static partial class Names
{
    public const int MaxDisplayNameLength = 200;

    /// <summary>A name is a DNS-label-like slug: 1-63 lowercase letters, digits or '-', not starting or ending with '-'.</summary>
    public static bool IsValid(string? name) => name is not null && SlugPattern().IsMatch(name);

    public static void ValidateName(string path, string? name, ValidationCollector issues)
    {
        if (issues.Required(path, name) && !IsValid(name))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
    }

    public static void ValidateDisplayName(string path, string? displayName, ValidationCollector issues)
    {
        if (displayName is null)
        {
            return;
        }

        if (displayName.Length > MaxDisplayNameLength)
        {
            issues.Error(path, ValidationCodes.TooLong, $"must be at most {MaxDisplayNameLength} characters");
        }
        else if (string.IsNullOrWhiteSpace(displayName) || displayName.Any(char.IsControl))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be non-blank text without control characters");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\z")]
    private static partial Regex SlugPattern();
}
