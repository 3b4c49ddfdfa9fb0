namespace Bridge.Canonical.Validation;

/// <summary>Stable codes for validation findings; clients may switch on them.</summary>
public static class ValidationCodes
{
    public const string Required = "required";
    public const string InvalidFormat = "invalid-format";
    public const string OutOfRange = "out-of-range";
    public const string UnknownValue = "unknown-value";
    public const string Duplicate = "duplicate";
    public const string TooLong = "too-long";
    public const string TooMany = "too-many";
    public const string CheckDigit = "check-digit";
    public const string Mismatch = "mismatch";
    public const string UnknownMember = "unknown-member";
}
