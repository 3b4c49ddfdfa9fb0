using System.Text.RegularExpressions;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Identifiers;

/// <summary>
/// The canonical identifier schemes of <c>Identifier.Scheme</c> (trade-standards.md §A.1) and their
/// validation rules (§C). Scheme names are upper case and compared exactly.
/// </summary>
/// <remarks>
/// <see cref="PartyIdentifierSchemes"/> keeps the lower-case names the participant registry stores.
/// </remarks>
public static partial class IdentifierSchemes
{
    /// <summary>ISO 6346 container number.</summary>
    public const string Iso6346 = "ISO6346";

    /// <summary>IMO ship identification number.</summary>
    public const string Imo = "IMO";

    /// <summary>NMFTA Standard Carrier Alpha Code.</summary>
    public const string Scac = "SCAC";

    /// <summary>SMDG liner (carrier) code.</summary>
    public const string SmdgLiner = "SMDG_LINER";

    /// <summary>SMDG terminal code.</summary>
    public const string SmdgTerminal = "SMDG_TERMINAL";

    /// <summary>BIC facility code.</summary>
    public const string BicFacility = "BIC_FACILITY";

    /// <summary>UN/LOCODE.</summary>
    public const string UnLocode = "UNLOCODE";

    /// <summary>GS1 Global Location Number.</summary>
    public const string Gln = "GLN";

    /// <summary>GS1 Global Trade Item Number.</summary>
    public const string Gtin = "GTIN";

    /// <summary>GS1 Serial Shipping Container Code.</summary>
    public const string Sscc = "SSCC";

    /// <summary>ISO 17442 Legal Entity Identifier.</summary>
    public const string Lei = "LEI";

    /// <summary>Dun &amp; Bradstreet D-U-N-S number.</summary>
    public const string Duns = "DUNS";

    /// <summary>EU Economic Operators Registration and Identification number.</summary>
    public const string Eori = "EORI";

    /// <summary>W3C decentralized identifier.</summary>
    public const string Did = "DID";

    /// <summary>Ethereum account or contract address.</summary>
    public const string EthAddress = "ETH_ADDRESS";

    /// <summary>TradeLens platform identifier (consignment, transport equipment, ...).</summary>
    public const string TradeLensId = "TRADELENS_ID";

    /// <summary>WCO Unique Consignment Reference.</summary>
    public const string Ucr = "UCR";

    /// <summary>EU customs Movement Reference Number.</summary>
    public const string Mrn = "MRN";

    /// <summary>Mutually defined (free-text) identifier.</summary>
    public const string Zzz = "ZZZ";

    /// <summary>The longest value accepted for <see cref="Zzz"/>.</summary>
    public const int ZzzMaxLength = 100;

    /// <summary>All scheme names, in the order of trade-standards.md §A.1.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Iso6346, Imo, Scac, SmdgLiner, SmdgTerminal, BicFacility, UnLocode, Gln, Gtin, Sscc, Lei, Duns, Eori,
        Did, EthAddress, TradeLensId, Ucr, Mrn, Zzz,
    ];

    /// <summary>True when <paramref name="scheme"/> is one of <see cref="All"/> (exact, upper case).</summary>
    public static bool IsKnown(string? scheme) => scheme is not null && All.Contains(scheme, StringComparer.Ordinal);

    /// <summary>
    /// Validates <paramref name="value"/> for <paramref name="scheme"/>; findings use <paramref name="path"/>.
    /// An unknown scheme is an error (<see cref="ValidationCodes.UnknownValue"/>); a null or empty value is
    /// not checked (the caller reports "required").
    /// </summary>
    public static void Validate(string scheme, string? value, string path, ValidationCollector issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!IsKnown(scheme))
        {
            issues.Error(path, ValidationCodes.UnknownValue, $"unknown identifier scheme; expected one of {string.Join(", ", All)}");
            return;
        }

        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        switch (scheme)
        {
            case Iso6346:
                TradeIdentifiers.ValidateContainerNumber(value, path, issues);
                break;
            case Imo:
                TradeIdentifiers.ValidateImo(value, path, issues);
                break;
            case Scac:
                TradeIdentifiers.ValidateScac(value, path, issues);
                break;
            case SmdgLiner:
                // DCSA eBL 3.0 carrierCode (SMDG Liner Code List when carrierCodeListProvider = SMDG): at most 4 characters.
                Require(IsShortCode(value, 4), "an SMDG liner code is 1 to 4 upper-case letters or digits", path, issues);
                break;
            case SmdgTerminal:
                // DCSA eBL 3.0 Facility.facilityCode: at most 6 characters, without the UN/LOCODE (which DCSA carries
                // separately); TradeLens writes "USEWR-PNCT" (UN/LOCODE, hyphen, terminal code; TradeLens fixture).
                Require(IsShortCode(value, 6) || IsLocodePrefixed(value, '-'), "an SMDG terminal code is 1 to 6 upper-case letters or digits, optionally preceded by a UN/LOCODE and '-'", path, issues);
                break;
            case BicFacility:
                // DCSA eBL 3.0 Facility.facilityCode with provider BIC: at most 6 characters, UN/LOCODE carried separately;
                // also the full form UN/LOCODE + 4 characters as listed by BIC (proposal, not verified against the BIC register).
                Require(IsShortCode(value, 6) || (value.Length == 9 && IsLocodePrefixed(value, null)), "a BIC facility code is 1 to 6 upper-case letters or digits, or a UN/LOCODE and 4 letters or digits", path, issues);
                break;
            case UnLocode:
                TradeIdentifiers.ValidateUnLocode(value, path, issues);
                break;
            case Gln:
                TradeIdentifiers.ValidateGln(value, path, issues);
                break;
            case Gtin:
                TradeIdentifiers.ValidateGtin(value, path, issues);
                break;
            case Sscc:
                TradeIdentifiers.ValidateSscc(value, path, issues);
                break;
            case Lei:
                TradeIdentifiers.ValidateLei(value, path, issues);
                break;
            case Duns:
                // Dun & Bradstreet: the D-U-N-S Number is 9 digits (canonical form without the printed hyphens).
                Require(value.Length == 9 && TradeIdentifiers.AllAsciiDigits(value), "a D-U-N-S number is 9 digits", path, issues);
                break;
            case Eori:
                ValidateEori(value, path, issues);
                break;
            case Did:
                // W3C DID Core 1.0 §3.1: did = "did:" method-name ":" method-specific-id; method-name = 1*(a-z / 0-9);
                // method-specific-id = *( *idchar ":" ) 1*idchar; idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded.
                Require(DidPattern().IsMatch(value), "a DID is \"did:\", a lower-case method name, ':' and a method-specific id (W3C DID Core)", path, issues);
                break;
            case EthAddress:
                TradeIdentifiers.ValidateEthereumAddress(value, path, issues);
                break;
            case TradeLensId:
                // TradeLens ids are opaque; the sandbox fixture's ids are not even UUIDs ("781as5-1790-4059-bhh1-...").
                Require(value.Length <= 100 && IsVisibleAscii(value), "a TradeLens id is 1 to 100 visible ASCII characters", path, issues);
                break;
            case Ucr:
                // WCO Recommendation on the Unique Consignment Reference (UCR): an..35; no spaces (e.g. UK DUCR "8GB123456789000-PO1234").
                Require(value.Length <= 35 && IsVisibleAscii(value), "a UCR is 1 to 35 visible ASCII characters", path, issues);
                break;
            case Mrn:
                ValidateMrn(value, path, issues);
                break;
            case Zzz:
                if (value.Length > ZzzMaxLength)
                {
                    issues.Error(path, ValidationCodes.TooLong, $"a mutually defined (ZZZ) identifier is at most {ZzzMaxLength} characters");
                }

                break;
        }
    }

    // EORI (Union Customs Code, Regulation (EU) No 952/2013 art. 9; European Commission EORI guidance): the
    // ISO 3166 code of the issuing country followed by up to 15 letters or digits. XI (user-assigned in
    // ISO 3166) is the prefix the UK issues for Northern Ireland under the Windsor Framework.
    private static void ValidateEori(string value, string path, ValidationCollector issues)
    {
        if (value.Length is < 3 or > 17 || !TradeIdentifiers.AllAsciiUpper(value.AsSpan(0, 2)) || !TradeIdentifiers.AllAsciiUpperOrDigit(value.AsSpan(2)))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an EORI number is a 2-letter country code and 1 to 15 upper-case letters or digits");
        }
        else if (!IsCustomsCountry(value.AsSpan(0, 2)))
        {
            issues.Error(path, ValidationCodes.UnknownValue, "the first two letters of an EORI number must be an ISO 3166-1 country code (or XI)");
        }
    }

    // MRN (Union Customs Code data requirements, Annex B to Regulation (EU) 2015/2446: an18): 2 digits (year),
    // the ISO 3166 code of the declaring country (XI for Northern Ireland), 14 letters or digits (unique id,
    // procedure letter, check digit). The check digit itself is not verified here.
    private static void ValidateMrn(string value, string path, ValidationCollector issues)
    {
        if (value.Length != 18
            || !TradeIdentifiers.AllAsciiDigits(value.AsSpan(0, 2))
            || !TradeIdentifiers.AllAsciiUpper(value.AsSpan(2, 2))
            || !TradeIdentifiers.AllAsciiUpperOrDigit(value.AsSpan(4)))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "an MRN is 18 characters: 2 digits, a 2-letter country code and 14 upper-case letters or digits");
        }
        else if (!IsCustomsCountry(value.AsSpan(2, 2)))
        {
            issues.Error(path, ValidationCodes.UnknownValue, "the country part of an MRN must be an ISO 3166-1 country code (or XI)");
        }
    }

    private static bool IsCustomsCountry(ReadOnlySpan<char> code) =>
        CountryCodes.IsAssigned(code) || code.SequenceEqual("XI");

    private static void Require(bool ok, string message, string path, ValidationCollector issues)
    {
        if (!ok)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, message);
        }
    }

    private static bool IsShortCode(ReadOnlySpan<char> value, int maxLength) =>
        value.Length >= 1 && value.Length <= maxLength && TradeIdentifiers.AllAsciiUpperOrDigit(value);

    // A UN/LOCODE-shaped prefix (format only), an optional separator, then 1 to 6 upper-case letters or digits.
    private static bool IsLocodePrefixed(ReadOnlySpan<char> value, char? separator)
    {
        var start = separator is null ? 5 : 6;
        if (value.Length <= start || value.Length > start + 6 || (separator is { } s && value[5] != s))
        {
            return false;
        }

        return TradeIdentifiers.HasUnLocodeFormat(value[..5]) && TradeIdentifiers.AllAsciiUpperOrDigit(value[start..]);
    }

    private static bool IsVisibleAscii(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^did:[a-z0-9]+:(?:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+\\z")]
    private static partial Regex DidPattern();
}
