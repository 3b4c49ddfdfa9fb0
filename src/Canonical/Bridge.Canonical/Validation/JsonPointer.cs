namespace Bridge.Canonical.Validation;

/// <summary>Builds RFC 6901 JSON pointers for validation paths.</summary>
public static class JsonPointer
{
    /// <summary>Appends one reference token, escaping '~' as "~0" and '/' as "~1" (RFC 6901 §3).</summary>
    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string pointer, int index) =>
        pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
