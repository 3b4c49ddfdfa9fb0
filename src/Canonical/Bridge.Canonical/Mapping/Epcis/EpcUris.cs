using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Epcis;

/// <summary>What an EPC or GS1 Digital Link URI identifies.</summary>
internal enum EpcKind : byte
{
    /// <summary>A serialised trade item: <see cref="Epc.Value"/> is the GTIN-14, the qualifier the serial.</summary>
    Sgtin,

    /// <summary>A trade item class (LGTIN, SGTIN pattern, Digital Link without serial): GTIN-14, qualifier the lot.</summary>
    GtinClass,

    /// <summary>A logistic unit: the 18-digit SSCC.</summary>
    Sscc,

    /// <summary>A location: the 13-digit GLN, qualifier the GLN extension (null when there is none).</summary>
    Sgln,

    /// <summary>A returnable asset: the GRAI element string (14 digits and the serial).</summary>
    Grai,

    /// <summary>An individual asset: the GIAI element string.</summary>
    Giai,

    /// <summary>A freight container: the ISO 6346 (BIC) container number.</summary>
    Container,

    /// <summary>A vessel: the IMO ship number.</summary>
    Vessel,
}

/// <summary>A parsed EPC: its kind, the GS1 key or container/vessel number, and the part the key does not carry.</summary>
internal readonly record struct Epc(EpcKind Kind, string Value, string? Qualifier);

internal enum EpcParseStatus : byte
{
    Parsed,

    /// <summary>Not an EPC scheme this mapper understands (another URN, a private URI): not an error.</summary>
    NotRecognised,

    /// <summary>Claims a GS1 scheme but breaks its syntax or check digit: an error at the source path.</summary>
    Malformed,
}

internal readonly record struct EpcParseResult(EpcParseStatus Status, Epc Epc, string? Code = null, string? Message = null)
{
    public static EpcParseResult NotRecognised => new(EpcParseStatus.NotRecognised, default);

    public static EpcParseResult Ok(EpcKind kind, string value, string? qualifier = null) =>
        new(EpcParseStatus.Parsed, new Epc(kind, value, qualifier));

    public static EpcParseResult Bad(string message, string code = ValidationCodes.InvalidFormat) =>
        new(EpcParseStatus.Malformed, default, code, message);
}

/// <summary>
/// Turns the identifiers EPCIS 2.0 carries in its "what" and "where" fields (EPC pure-identity URIs or GS1 Digital
/// Link URIs, both allowed by EPCIS 2.0) into GS1 keys with their check digits.
/// </summary>
/// <remarks>
/// EPC URIs follow the GS1 EPC Tag Data Standard (TDS 1.13 / 2.0: the pure-identity URI schemes, §6.3, and their
/// correspondence with GS1 keys, §7):
/// <c>urn:epc:id:sgtin:CompanyPrefix.IndicatorAndItemRef.Serial</c> is the GTIN indicator digit + company prefix +
/// item reference + check digit; <c>sscc:CompanyPrefix.ExtensionAndSerialRef</c> the extension digit + company
/// prefix + serial reference + check digit; <c>sgln:CompanyPrefix.LocationRef.Extension</c> company prefix +
/// location reference + check digit (extension "0" means none); <c>grai:CompanyPrefix.AssetType.Serial</c> "0" +
/// company prefix + asset type + check digit + serial; <c>giai:CompanyPrefix.AssetRef</c>;
/// <c>bic:</c> an ISO 6346 (BIC) container code; <c>imovn:</c> an IMO vessel number (TDS 1.13 change log: "Added
/// IMOVN EPC for IMO Vessel Number").
/// Digital Link URIs follow GS1 Digital Link URI Syntax 1.2 (AI 01 GTIN with /10 lot and /21 serial, 00 SSCC,
/// 414 GLN with /254 extension, 8003 GRAI, 8004 GIAI); any host is accepted, as the standard allows.
/// The GS1 check digit is the mod-10 of GS1 General Specifications §7.9.1 (trade-standards.md §C.2).
/// </remarks>
internal static class EpcUris
{
    private const string PureIdentityPrefix = "urn:epc:id:";
    private const string LgtinPrefix = "urn:epc:class:lgtin:";
    private const string SgtinPatternPrefix = "urn:epc:idpat:sgtin:";

    public static EpcParseResult Parse(string uri)
    {
        if (uri.StartsWith(PureIdentityPrefix, StringComparison.Ordinal))
        {
            return ParsePureIdentity(uri[PureIdentityPrefix.Length..]);
        }

        if (uri.StartsWith(LgtinPrefix, StringComparison.Ordinal))
        {
            // urn:epc:class:lgtin:CompanyPrefix.IndicatorAndItemRef.Lot (TDS 2.0 LGTIN class URI).
            return ParseGtinParts(uri[LgtinPrefix.Length..], EpcKind.GtinClass, "urn:epc:class:lgtin:CompanyPrefix.ItemRef.Lot");
        }

        if (uri.StartsWith(SgtinPatternPrefix, StringComparison.Ordinal))
        {
            // urn:epc:idpat:sgtin:CompanyPrefix.IndicatorAndItemRef.* names the class; a pattern without an item
            // reference (CompanyPrefix.*.*) names no single GTIN and is left as it is.
            var body = uri[SgtinPatternPrefix.Length..];
            return body.EndsWith(".*", StringComparison.Ordinal) && !body.Contains("*.", StringComparison.Ordinal)
                ? ParseGtinParts(body, EpcKind.GtinClass, "urn:epc:idpat:sgtin:CompanyPrefix.ItemRef.*", dropQualifier: true)
                : EpcParseResult.NotRecognised;
        }

        if (uri.StartsWith("https://", StringComparison.Ordinal) || uri.StartsWith("http://", StringComparison.Ordinal))
        {
            return ParseDigitalLink(uri);
        }

        return EpcParseResult.NotRecognised;
    }

    /// <summary>The GS1 mod-10 check digit of a string of digits (weights 3,1,3,... from the right).</summary>
    public static char Gs1CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            sum += (digits[i] - '0') * weight;
            weight = 4 - weight;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static EpcParseResult ParsePureIdentity(string rest)
    {
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return EpcParseResult.NotRecognised;
        }

        var scheme = rest[..colon];
        var body = rest[(colon + 1)..];
        switch (scheme)
        {
            case "sgtin":
                return ParseGtinParts(body, EpcKind.Sgtin, "urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial");
            case "sscc":
                {
                    var dot = body.IndexOf('.', StringComparison.Ordinal);
                    if (dot < 0 || !IsCompanyPrefix(body.AsSpan(0, dot)) || !AllDigits(body.AsSpan(dot + 1)) || body.Length - 1 != 17)
                    {
                        return EpcParseResult.Bad("an SSCC EPC is urn:epc:id:sscc:CompanyPrefix.SerialReference with 17 digits in all");
                    }

                    var serialRef = body.AsSpan(dot + 1);
                    var key = string.Concat(serialRef[..1], body.AsSpan(0, dot), serialRef[1..]);
                    return EpcParseResult.Ok(EpcKind.Sscc, key + Gs1CheckDigit(key));
                }

            case "sgln":
                {
                    var parts = body.Split('.', 3);
                    if (parts.Length != 3 || !IsCompanyPrefix(parts[0]) || !AllDigits(parts[1]) || parts[0].Length + parts[1].Length != 12 || parts[2].Length == 0)
                    {
                        return EpcParseResult.Bad("an SGLN EPC is urn:epc:id:sgln:CompanyPrefix.LocationReference.Extension with 12 digits before the extension");
                    }

                    var key = parts[0] + parts[1];
                    return EpcParseResult.Ok(EpcKind.Sgln, key + Gs1CheckDigit(key), parts[2] == "0" ? null : Uri.UnescapeDataString(parts[2]));
                }

            case "grai":
                {
                    var parts = body.Split('.', 3);
                    if (parts.Length != 3 || !IsCompanyPrefix(parts[0]) || !AllDigits(parts[1]) || parts[0].Length + parts[1].Length != 12 || parts[2].Length == 0)
                    {
                        return EpcParseResult.Bad("a GRAI EPC is urn:epc:id:grai:CompanyPrefix.AssetType.Serial with 12 digits before the serial");
                    }

                    var key = "0" + parts[0] + parts[1];
                    return EpcParseResult.Ok(EpcKind.Grai, key + Gs1CheckDigit(key) + Uri.UnescapeDataString(parts[2]));
                }

            case "giai":
                {
                    var dot = body.IndexOf('.', StringComparison.Ordinal);
                    if (dot < 0 || !IsCompanyPrefix(body.AsSpan(0, dot)) || dot + 1 == body.Length)
                    {
                        return EpcParseResult.Bad("a GIAI EPC is urn:epc:id:giai:CompanyPrefix.IndividualAssetReference");
                    }

                    var value = body[..dot] + Uri.UnescapeDataString(body[(dot + 1)..]);
                    return value.Length > 30
                        ? EpcParseResult.Bad("a GIAI is at most 30 characters")
                        : EpcParseResult.Ok(EpcKind.Giai, value);
                }

            case "bic":
                // TDS: urn:epc:id:bic:[A-Z]{3}[JUZ][0-9]{7}; the ISO 6346 check digit is the caller's (a warning).
                return body.Length == 11 && IsUpperLetters(body.AsSpan(0, 3)) && body[3] is ('J' or 'U' or 'Z') && AllDigits(body.AsSpan(4))
                    ? EpcParseResult.Ok(EpcKind.Container, body)
                    : EpcParseResult.Bad("a BIC EPC is urn:epc:id:bic: and an ISO 6346 container code: 3 upper-case letters, J, U or Z, and 7 digits");
            case "imovn":
                // TDS: urn:epc:id:imovn:[0-9]{7}; the IMO check digit is the caller's (a warning).
                return body.Length == 7 && AllDigits(body)
                    ? EpcParseResult.Ok(EpcKind.Vessel, body)
                    : EpcParseResult.Bad("an IMOVN EPC is urn:epc:id:imovn: and a 7-digit IMO vessel number");
            default:
                return EpcParseResult.NotRecognised;
        }
    }

    private static EpcParseResult ParseGtinParts(string body, EpcKind kind, string syntax, bool dropQualifier = false)
    {
        var parts = body.Split('.', 3);
        if (parts.Length != 3 || !IsCompanyPrefix(parts[0]) || !AllDigits(parts[1]) || parts[0].Length + parts[1].Length != 13 || parts[2].Length == 0)
        {
            return EpcParseResult.Bad($"a GS1 EPC of this kind is {syntax} with 13 digits before the last part");
        }

        var key = string.Concat(parts[1].AsSpan(0, 1), parts[0], parts[1].AsSpan(1));
        return EpcParseResult.Ok(kind, key + Gs1CheckDigit(key), dropQualifier ? null : Uri.UnescapeDataString(parts[2]));
    }

    private static EpcParseResult ParseDigitalLink(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return EpcParseResult.NotRecognised;
        }

        var segments = parsed.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            var value = segments[i + 1];
            switch (segments[i])
            {
                case "01":
                    {
                        if (!AllDigits(value) || value.Length is not (8 or 12 or 13 or 14))
                        {
                            return EpcParseResult.Bad("the GTIN (AI 01) of a GS1 Digital Link URI is 8, 12, 13 or 14 digits");
                        }

                        if (!CheckDigits.IsValidGs1(value))
                        {
                            return EpcParseResult.Bad("the GS1 check digit of the GTIN (AI 01) does not match", ValidationCodes.CheckDigit);
                        }

                        var gtin = value.PadLeft(14, '0');
                        var serial = Qualifier(segments, i + 2, "21");
                        return serial is not null
                            ? EpcParseResult.Ok(EpcKind.Sgtin, gtin, serial)
                            : EpcParseResult.Ok(EpcKind.GtinClass, gtin, Qualifier(segments, i + 2, "10"));
                    }

                case "00":
                    return value.Length == 18 && AllDigits(value)
                        ? CheckDigits.IsValidGs1(value)
                            ? EpcParseResult.Ok(EpcKind.Sscc, value)
                            : EpcParseResult.Bad("the GS1 check digit of the SSCC (AI 00) does not match", ValidationCodes.CheckDigit)
                        : EpcParseResult.Bad("the SSCC (AI 00) of a GS1 Digital Link URI is 18 digits");
                case "414":
                    return value.Length == 13 && AllDigits(value)
                        ? CheckDigits.IsValidGs1(value)
                            ? EpcParseResult.Ok(EpcKind.Sgln, value, Qualifier(segments, i + 2, "254"))
                            : EpcParseResult.Bad("the GS1 check digit of the GLN (AI 414) does not match", ValidationCodes.CheckDigit)
                        : EpcParseResult.Bad("the GLN (AI 414) of a GS1 Digital Link URI is 13 digits");
                case "8003":
                    {
                        var grai = Uri.UnescapeDataString(value);
                        if (grai.Length is < 14 or > 30 || !AllDigits(grai.AsSpan(0, 14)))
                        {
                            return EpcParseResult.Bad("the GRAI (AI 8003) of a GS1 Digital Link URI is 14 digits and an optional serial");
                        }

                        return CheckDigits.IsValidGs1(grai.AsSpan(0, 14))
                            ? EpcParseResult.Ok(EpcKind.Grai, grai)
                            : EpcParseResult.Bad("the GS1 check digit of the GRAI (AI 8003) does not match", ValidationCodes.CheckDigit);
                    }

                case "8004":
                    {
                        var giai = Uri.UnescapeDataString(value);
                        return giai.Length <= 30
                            ? EpcParseResult.Ok(EpcKind.Giai, giai)
                            : EpcParseResult.Bad("the GIAI (AI 8004) is at most 30 characters");
                    }
            }
        }

        return EpcParseResult.NotRecognised;
    }

    // A key qualifier of a Digital Link path: /{ai}/{value} right after the primary key (or after another qualifier).
    private static string? Qualifier(string[] segments, int start, string ai)
    {
        for (var i = start; i + 1 < segments.Length; i += 2)
        {
            if (segments[i] == ai)
            {
                return Uri.UnescapeDataString(segments[i + 1]);
            }
        }

        return null;
    }

    // GS1 Company Prefixes are 6 to 12 digits (TDS partition tables).
    private static bool IsCompanyPrefix(ReadOnlySpan<char> value) => value.Length is >= 6 and <= 12 && AllDigits(value);

    private static bool IsUpperLetters(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
