using System.Globalization;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Identifiers;

/// <summary>
/// Typed validators for the identifiers and codes of the canonical model (trade-standards.md §C).
/// </summary>
/// <remarks>
/// Every <c>ValidateXxx</c> method checks the canonical form, reports findings at <c>path</c>, and does
/// nothing for a null or empty value ("required" is the caller's job). Malformed values are errors with
/// <see cref="ValidationCodes.InvalidFormat"/>; well-formed values outside a code list are errors with
/// <see cref="ValidationCodes.UnknownValue"/>; a failed ISO 6346 or IMO check digit is only a warning
/// (real payloads carry such numbers), a failed GS1 or LEI check digit is an error
/// (<see cref="ValidationCodes.CheckDigit"/>). <c>IsValidXxx</c> returns whether a value would produce
/// no error and no warning. <c>NormalizeXxx</c> turns common input spellings into the canonical form
/// for mappers; it never makes an invalid value valid by guessing.
/// </remarks>
public static class TradeIdentifiers
{
    // ---------------------------------------------------------------- ISO 6346 container number

    /// <summary>
    /// True for an ISO 6346 container number in canonical form (<c>^[A-Z]{3}[UJZ][0-9]{6}[0-9]$</c>) whose
    /// check digit is right.
    /// </summary>
    public static bool IsValidContainerNumber(ReadOnlySpan<char> value) =>
        HasContainerNumberFormat(value) && CheckDigits.IsValidIso6346(value);

    /// <summary>Upper-cases and removes spaces ("csqu 305438 3" to "CSQU3054383"); null stays null.</summary>
    public static string? NormalizeContainerNumber(string? value) =>
        value is null ? null : value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>
    /// ISO 6346 container number: wrong format is an error, a wrong check digit a warning
    /// (trade-standards.md §C.1 policy; DCSA TNT 3.0 <c>equipmentReference</c> "should follow ISO 6346 where possible").
    /// </summary>
    public static void ValidateContainerNumber(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!HasContainerNumberFormat(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a container number (ISO 6346) is a 3-letter owner code, U, J or Z, 6 serial digits and a check digit");
            return;
        }

        var expected = CheckDigits.Iso6346CheckDigit(value.AsSpan(0, 10));
        if (value[10] - '0' != expected)
        {
            issues.Warning(path, ValidationCodes.CheckDigit, string.Create(CultureInfo.InvariantCulture, $"the ISO 6346 check digit should be {expected}"));
        }
    }

    // Owner code (3 letters), category identifier U (freight container), J (detachable freight container
    // equipment) or Z (trailer and chassis), serial number (6 digits), check digit (ISO 6346 §3; §C.1).
    private static bool HasContainerNumberFormat(ReadOnlySpan<char> value) =>
        value.Length == 11
        && char.IsAsciiLetterUpper(value[0]) && char.IsAsciiLetterUpper(value[1]) && char.IsAsciiLetterUpper(value[2])
        && value[3] is 'U' or 'J' or 'Z'
        && AllAsciiDigits(value[4..]);

    // ---------------------------------------------------------------- IMO ship identification number

    /// <summary>
    /// True for an IMO number (<c>9321483</c>, <c>IMO9321483</c> or <c>IMO 9321483</c>) whose check digit is right.
    /// </summary>
    public static bool IsValidImo(ReadOnlySpan<char> value) =>
        TryGetImoDigits(value, out var digits) && CheckDigits.IsValidImo(digits);

    /// <summary>
    /// Strips a leading "IMO" (any case) and the white space after it and trims, so "IMO 9321483" becomes
    /// "9321483". A value that does not then consist of seven digits is returned trimmed but otherwise
    /// unchanged; null or blank gives null.
    /// </summary>
    public static string? NormalizeImo(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var span = value.AsSpan().Trim();
        var rest = span.StartsWith("IMO", StringComparison.OrdinalIgnoreCase) ? span[3..].TrimStart() : span;
        return rest.Length == 7 && AllAsciiDigits(rest) ? rest.ToString() : span.ToString();
    }

    /// <summary>
    /// IMO number <c>^(IMO\s?)?[0-9]{7}$</c>: wrong format is an error, a wrong check digit a warning
    /// (trade-standards.md §C.5: python-stdnum notes that many real ships carry invalid IMO numbers).
    /// </summary>
    public static void ValidateImo(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!TryGetImoDigits(value, out var digits))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an IMO number is 7 digits, optionally preceded by \"IMO\"");
            return;
        }

        var expected = CheckDigits.ImoCheckDigit(digits[..6]);
        if (digits[6] - '0' != expected)
        {
            issues.Warning(path, ValidationCodes.CheckDigit, string.Create(CultureInfo.InvariantCulture, $"the IMO check digit should be {expected}"));
        }
    }

    // §C.5 gives ^(IMO)?\s?[0-9]{7}$; the optional white space is only accepted after the prefix here,
    // so " 9321483" (a leading blank without prefix) is not a canonical value.
    private static bool TryGetImoDigits(ReadOnlySpan<char> value, out ReadOnlySpan<char> digits)
    {
        var rest = value;
        if (rest.StartsWith("IMO", StringComparison.Ordinal))
        {
            rest = rest[3..];
            if (rest.Length > 0 && char.IsWhiteSpace(rest[0]))
            {
                rest = rest[1..];
            }
        }

        digits = rest;
        return rest.Length == 7 && AllAsciiDigits(rest);
    }

    // ---------------------------------------------------------------- SCAC

    /// <summary>True for a Standard Carrier Alpha Code: 2 to 4 upper-case letters (NMFTA; X12 element 140; §C.4).</summary>
    public static bool IsValidScac(ReadOnlySpan<char> value) =>
        value.Length is >= 2 and <= 4 && AllAsciiUpper(value);

    /// <summary>SCAC: anything but 2 to 4 upper-case letters is an error. There is no check digit.</summary>
    public static void ValidateScac(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!string.IsNullOrEmpty(value) && !IsValidScac(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a SCAC is 2 to 4 upper-case letters");
        }
    }

    // ---------------------------------------------------------------- UN/LOCODE

    /// <summary>
    /// True for a UN/LOCODE <c>^[A-Z]{2}[A-Z2-9]{3}$</c> whose first two letters are an assigned ISO 3166-1
    /// country code (UN/LOCODE manual; DCSA TNT 3.0 <c>UNLocationCode</c>; §C.3).
    /// </summary>
    public static bool IsValidUnLocode(ReadOnlySpan<char> value) =>
        HasUnLocodeFormat(value) && CountryCodes.IsAssigned(value[..2]);

    /// <summary>
    /// Trims, upper-cases and removes the space between country and location ("nl rtm" to "NLRTM");
    /// null stays null.
    /// </summary>
    public static string? NormalizeUnLocode(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var upper = value.Trim().ToUpperInvariant();
        return upper.Length == 6 && upper[2] == ' ' ? string.Concat(upper.AsSpan(0, 2), upper.AsSpan(3)) : upper;
    }

    /// <summary>UN/LOCODE: wrong format is an error; a country part that is not an assigned ISO 3166-1 code is an unknown value.</summary>
    public static void ValidateUnLocode(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!HasUnLocodeFormat(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a UN/LOCODE is 5 characters: a 2-letter country code and 3 letters or digits 2-9, without spaces");
        }
        else if (!CountryCodes.IsAssigned(value.AsSpan(0, 2)))
        {
            issues.Error(path, ValidationCodes.UnknownValue, "the first two letters of a UN/LOCODE must be an assigned ISO 3166-1 country code");
        }
    }

    internal static bool HasUnLocodeFormat(ReadOnlySpan<char> value)
    {
        if (value.Length != 5 || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1]))
        {
            return false;
        }

        foreach (var c in value[2..])
        {
            if (!char.IsAsciiLetterUpper(c) && c is < '2' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- ISO 3166-1 and ISO 4217

    /// <summary>True for an officially assigned ISO 3166-1 alpha-2 code (§C.6).</summary>
    public static bool IsValidCountryCode(ReadOnlySpan<char> value) => CountryCodes.IsAssigned(value);

    /// <summary>Country: not two upper-case letters is an error; two letters that are not an assigned code are an unknown value.</summary>
    public static void ValidateCountryCode(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.Length != 2 || !AllAsciiUpper(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a country code is 2 upper-case letters (ISO 3166-1 alpha-2)");
        }
        else if (!CountryCodes.IsAssigned(value))
        {
            issues.Error(path, ValidationCodes.UnknownValue, "not an officially assigned ISO 3166-1 alpha-2 country code");
        }
    }

    /// <summary>True for a code in ISO 4217 list A.1 (§C.7); see <see cref="CurrencyCodes"/> for XXX and the other "N.A." codes.</summary>
    public static bool IsValidCurrencyCode(ReadOnlySpan<char> value) => CurrencyCodes.IsActive(value);

    /// <summary>Currency: not three upper-case letters is an error; three letters not in list A.1 are an unknown value.</summary>
    public static void ValidateCurrencyCode(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.Length != 3 || !AllAsciiUpper(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a currency code is 3 upper-case letters (ISO 4217)");
        }
        else if (!CurrencyCodes.IsActive(value))
        {
            issues.Error(path, ValidationCodes.UnknownValue, "not a current ISO 4217 currency code (list A.1)");
        }
    }

    // ---------------------------------------------------------------- HS code

    /// <summary>
    /// True for an HS code in canonical form: 6 to 10 ASCII digits (DCSA eBL 3.0 <c>HSCodes</c>
    /// <c>^\d{6,10}$</c>) whose chapter (first two digits) is neither 00 (does not exist) nor 77 (reserved
    /// for possible future use in the Harmonized System) (§C.8; WCO HS Nomenclature).
    /// </summary>
    public static bool IsValidHsCode(ReadOnlySpan<char> value) =>
        HasHsCodeFormat(value) && !IsUnassignedHsChapter(value);

    /// <summary>Removes dots and spaces ("0901.21" and "0901 21" to "090121"); null stays null.</summary>
    public static string? NormalizeHsCode(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return value.Contains('.', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal)
            ? value.Replace(".", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal)
            : value;
    }

    /// <summary>
    /// The international 6-digit subheading of an HS code (normalized first), e.g. "090121" for
    /// "0901.21.0000"; null when the code is not valid.
    /// </summary>
    public static string? Hs6(string? value)
    {
        var normalized = NormalizeHsCode(value);
        return normalized is not null && IsValidHsCode(normalized) ? normalized[..6] : null;
    }

    /// <summary>HS code (canonical, digits only): wrong format is an error, chapter 00 or 77 an unknown value.</summary>
    public static void ValidateHsCode(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!HasHsCodeFormat(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an HS code is 6 to 10 digits without dots or spaces");
        }
        else if (IsUnassignedHsChapter(value))
        {
            issues.Error(path, ValidationCodes.UnknownValue, "HS chapter 00 does not exist and chapter 77 is reserved");
        }
    }

    private static bool HasHsCodeFormat(ReadOnlySpan<char> value) =>
        value.Length is >= 6 and <= 10 && AllAsciiDigits(value);

    private static bool IsUnassignedHsChapter(ReadOnlySpan<char> value) =>
        value.StartsWith("00", StringComparison.Ordinal) || value.StartsWith("77", StringComparison.Ordinal);

    // ---------------------------------------------------------------- Ethereum address

    /// <summary>
    /// True for <c>^0x[a-fA-F0-9]{40}$</c> (OpenAttestation schema; §C.9). The EIP-55 mixed-case checksum
    /// is not checked.
    /// </summary>
    public static bool IsValidEthereumAddress(ReadOnlySpan<char> value) =>
        value.Length == 42 && value.StartsWith("0x", StringComparison.Ordinal) && AllAsciiHex(value[2..]);

    /// <summary>Ethereum address: anything but "0x" and 40 hex digits is an error.</summary>
    public static void ValidateEthereumAddress(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!string.IsNullOrEmpty(value) && !IsValidEthereumAddress(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an Ethereum address is \"0x\" followed by 40 hexadecimal digits");
        }
    }

    // ---------------------------------------------------------------- LEI

    /// <summary>
    /// True for an ISO 17442 LEI: 18 upper-case letters or digits and 2 check digits, ISO 7064 MOD 97-10 (§C.9).
    /// </summary>
    public static bool IsValidLei(ReadOnlySpan<char> value) => HasLeiFormat(value) && CheckDigits.IsValidMod97(value);

    /// <summary>LEI: wrong format or wrong check digits are errors.</summary>
    public static void ValidateLei(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!HasLeiFormat(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an LEI is 20 characters: 18 upper-case letters or digits and 2 check digits");
        }
        else if (!CheckDigits.IsValidMod97(value))
        {
            issues.Error(path, ValidationCodes.CheckDigit, "the LEI check digits (ISO 7064 MOD 97-10) do not match");
        }
    }

    private static bool HasLeiFormat(ReadOnlySpan<char> value)
    {
        if (value.Length != 20 || !AllAsciiDigits(value[18..]))
        {
            return false;
        }

        foreach (var c in value[..18])
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- GS1 keys (GTIN, GLN, SSCC)

    /// <summary>True for a GTIN-8, -12, -13 or -14 with a correct GS1 mod-10 check digit (GS1 General Specifications; §C.2).</summary>
    public static bool IsValidGtin(ReadOnlySpan<char> value) =>
        value.Length is 8 or 12 or 13 or 14 && CheckDigits.IsValidGs1(value);

    /// <summary>True for a 13-digit GLN with a correct GS1 mod-10 check digit (§C.2).</summary>
    public static bool IsValidGln(ReadOnlySpan<char> value) => value.Length == 13 && CheckDigits.IsValidGs1(value);

    /// <summary>True for an 18-digit SSCC with a correct GS1 mod-10 check digit (§C.2).</summary>
    public static bool IsValidSscc(ReadOnlySpan<char> value) => value.Length == 18 && CheckDigits.IsValidGs1(value);

    /// <summary>GTIN: not 8, 12, 13 or 14 digits is an error, and so is a wrong check digit.</summary>
    public static void ValidateGtin(string? value, string path, ValidationCollector issues) =>
        ValidateGs1(value, value?.Length is 8 or 12 or 13 or 14, "a GTIN is 8, 12, 13 or 14 digits", path, issues);

    /// <summary>GLN: not 13 digits is an error, and so is a wrong check digit.</summary>
    public static void ValidateGln(string? value, string path, ValidationCollector issues) =>
        ValidateGs1(value, value?.Length == 13, "a GLN is 13 digits", path, issues);

    /// <summary>SSCC: not 18 digits is an error, and so is a wrong check digit.</summary>
    public static void ValidateSscc(string? value, string path, ValidationCollector issues) =>
        ValidateGs1(value, value?.Length == 18, "an SSCC is 18 digits", path, issues);

    private static void ValidateGs1(string? value, bool lengthOk, string formatMessage, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!lengthOk || !AllAsciiDigits(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, formatMessage);
        }
        else if (!CheckDigits.IsValidGs1(value))
        {
            issues.Error(path, ValidationCodes.CheckDigit, "the GS1 mod-10 check digit does not match");
        }
    }

    // ---------------------------------------------------------------- ISO 6346 size-type code

    /// <summary>
    /// True for an ISO 6346 size-type code (e.g. 22G1, 45R1) or type-group code (e.g. 22GP): a length
    /// code and a height/width code (digits or letters), a type letter, and a digit or letter (DCSA TNT 3.0
    /// <c>ISOEquipmentCode</c>, maxLength 4; §C.9). Not checked against the ISO 6346 code tables.
    /// </summary>
    public static bool IsValidIsoEquipmentCode(ReadOnlySpan<char> value) =>
        value.Length == 4
        && IsAsciiUpperOrDigit(value[0]) && IsAsciiUpperOrDigit(value[1])
        && char.IsAsciiLetterUpper(value[2]) && IsAsciiUpperOrDigit(value[3]);

    /// <summary>ISO equipment (size-type) code: anything else than the 4-character layout is an error.</summary>
    public static void ValidateIsoEquipmentCode(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!string.IsNullOrEmpty(value) && !IsValidIsoEquipmentCode(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an ISO 6346 size-type code is 4 characters, e.g. 22G1, 45R1 or 22GP");
        }
    }

    // ---------------------------------------------------------------- DCSA universal references

    /// <summary>True for a DCSA Universal Service Reference <c>^SR\d{5}[A-Z]$</c> (DCSA TNT 3.0; §C.9).</summary>
    public static bool IsValidUniversalServiceReference(ReadOnlySpan<char> value) =>
        value.Length == 8 && value.StartsWith("SR", StringComparison.Ordinal)
        && AllAsciiDigits(value[2..7]) && char.IsAsciiLetterUpper(value[7]);

    /// <summary>Universal Service Reference: anything but "SR", 5 digits and a letter is an error.</summary>
    public static void ValidateUniversalServiceReference(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!string.IsNullOrEmpty(value) && !IsValidUniversalServiceReference(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a Universal Service Reference is \"SR\", 5 digits and an upper-case letter");
        }
    }

    /// <summary>
    /// True for a DCSA Universal Voyage Reference <c>^\d{2}[0-9A-Z]{2}[NEWSR]$</c>: year, sequence and
    /// direction (North, East, West, South, Roundtrip) (DCSA TNT 3.0; §C.9).
    /// </summary>
    public static bool IsValidUniversalVoyageReference(ReadOnlySpan<char> value) =>
        value.Length == 5
        && AllAsciiDigits(value[..2])
        && IsAsciiUpperOrDigit(value[2]) && IsAsciiUpperOrDigit(value[3])
        && value[4] is 'N' or 'E' or 'W' or 'S' or 'R';

    /// <summary>Universal Voyage Reference: anything but the 5-character layout is an error.</summary>
    public static void ValidateUniversalVoyageReference(string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!string.IsNullOrEmpty(value) && !IsValidUniversalVoyageReference(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "a Universal Voyage Reference is 2 digits, 2 letters or digits and a direction N, E, W, S or R");
        }
    }

    // ---------------------------------------------------------------- helpers

    internal static bool AllAsciiDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool AllAsciiUpper(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool AllAsciiUpperOrDigit(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!IsAsciiUpperOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllAsciiHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiUpperOrDigit(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);
}
