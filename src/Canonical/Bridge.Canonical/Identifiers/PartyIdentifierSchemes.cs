using System.Text.RegularExpressions;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Identifiers;

/// <summary>
/// Identifier schemes for organisations (participants and parties) and their validation, with the
/// lower-case names the participant registry stores. The canonical model's upper-case schemes
/// (ISO6346, IMO, UNLOCODE, ...) are in <see cref="IdentifierSchemes"/>.
/// </summary>
public static partial class PartyIdentifierSchemes
{
    public const string Lei = "lei";
    public const string Scac = "scac";
    public const string Gln = "gln";
    public const string Bic = "bic";
    public const string Eori = "eori";

    public static IReadOnlyList<string> All { get; } = [Lei, Scac, Gln, Bic, Eori];

    /// <summary>Validates <paramref name="value"/> for <paramref name="scheme"/>; findings use <paramref name="path"/>.</summary>
    public static void Validate(string scheme, string value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        switch (scheme)
        {
            case Lei:
                // ISO 17442: 18 alphanumerics + 2 check digits, ISO 7064 MOD 97-10.
                if (!LeiPattern().IsMatch(value))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "an LEI is 20 characters: 18 letters or digits and 2 check digits");
                }
                else if (!CheckDigits.IsValidMod97(value))
                {
                    issues.Error(path, ValidationCodes.CheckDigit, "the LEI check digits (ISO 7064 MOD 97-10) do not match");
                }

                break;
            case Scac:
                // NMFTA Standard Carrier Alpha Code: 2-4 uppercase letters (trade-standards.md §C.4).
                if (!ScacPattern().IsMatch(value))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "a SCAC is 2 to 4 uppercase letters");
                }

                break;
            case Gln:
                if (value.Length != 13 || !CheckDigits.IsValidGs1(value))
                {
                    issues.Error(path, value.Length == 13 && value.All(char.IsAsciiDigit) ? ValidationCodes.CheckDigit : ValidationCodes.InvalidFormat, "a GLN is 13 digits with a GS1 mod-10 check digit");
                }

                break;
            case Bic:
                // ISO 9362: 4 letters institution, 2 letters country, 2 alphanumerics location, optional 3 branch.
                if (!BicPattern().IsMatch(value))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "a BIC is 8 or 11 characters (ISO 9362)");
                }

                break;
            case Eori:
                // EU EORI: ISO 3166 country code followed by up to 15 alphanumerics.
                if (!EoriPattern().IsMatch(value))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "an EORI number is a 2-letter country code and up to 15 letters or digits");
                }

                break;
            default:
                issues.Error(path, ValidationCodes.UnknownValue, $"unknown identifier scheme; expected one of {string.Join(", ", All)}");
                break;
        }
    }

    [GeneratedRegex("^[A-Z0-9]{18}[0-9]{2}\\z")]
    private static partial Regex LeiPattern();

    [GeneratedRegex("^[A-Z]{2,4}\\z")]
    private static partial Regex ScacPattern();

    [GeneratedRegex("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?\\z")]
    private static partial Regex BicPattern();

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9]{1,15}\\z")]
    private static partial Regex EoriPattern();
}
