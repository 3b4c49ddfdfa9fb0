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

    // Untrusted JSON entering the bridge (Bridge.Canonical.Json.SafeJson, Jcs).

    /// <summary>Not JSON (RFC 8259): syntax error, truncation, trailing content, comments, trailing commas, empty input.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>The bytes are not well-formed UTF-8 (RFC 3629 §3; RFC 8259 §8.1).</summary>
    public const string InvalidUtf8 = "invalid-utf8";

    /// <summary>A string escapes a lone UTF-16 surrogate such as <c>\ud800</c> (I-JSON, RFC 7493 §2.1; RFC 8785 §3.2.2.2).</summary>
    public const string InvalidUnicode = "invalid-unicode";

    /// <summary>Objects and arrays nest deeper than the configured limit.</summary>
    public const string TooDeep = "too-deep";

    /// <summary>One string or member name is longer than the configured limit.</summary>
    public const string StringTooLong = "string-too-long";

    /// <summary>The whole input is larger than the configured limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>An object has two members with the same name (I-JSON, RFC 7493 §2.3).</summary>
    public const string DuplicateMember = "duplicate-member";

    /// <summary>A canonical value that a target format cannot carry (for example a title chain written as a DCSA eBL 3.0 TransportDocument).</summary>
    public const string NotRepresentable = "not-representable";
}
