using System.Collections.Frozen;

namespace Bridge.Canonical.Identifiers;

/// <summary>
/// ISO 3166-1 alpha-2 country codes: the 249 officially assigned codes, compiled in (no I/O).
/// </summary>
/// <remarks>
/// Reproduced from ISO 3166-1 (the ISO 3166 Maintenance Agency's Online Browsing Platform), as it
/// stood in 2025; the alpha-2 set has not changed since SS (South Sudan) was added in 2011 (later
/// changes were names only, e.g. TR "Türkiye" in 2022). Not included: the user-assigned codes
/// (AA, QM-QZ, XA-XZ, ZZ), exceptionally reserved codes (e.g. EU, UK, UN, EZ, AC, TA), transitionally
/// reserved codes (e.g. AN, CS, YU) and indeterminately reserved codes. .NET <c>RegionInfo</c> is
/// deliberately not used: it knows non-ISO regions and depends on ICU data (trade-standards.md §C.6).
/// </remarks>
public static class CountryCodes
{
    // One line per initial letter, to make the list easy to audit against the ISO table.
    private const string Assigned =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
        "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
        "DE DJ DK DM DO DZ " +
        "EC EE EG EH ER ES ET " +
        "FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
        "HK HM HN HR HT HU " +
        "ID IE IL IM IN IO IQ IR IS IT " +
        "JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ " +
        "LA LB LC LI LK LR LS LT LU LV LY " +
        "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
        "NA NC NE NF NG NI NL NO NP NR NU NZ " +
        "OM " +
        "PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
        "QA " +
        "RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
        "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
        "UA UG UM US UY UZ " +
        "VA VC VE VG VI VN VU " +
        "WF WS " +
        "YE YT " +
        "ZA ZM ZW";

    /// <summary>The officially assigned ISO 3166-1 alpha-2 codes (upper case).</summary>
    public static FrozenSet<string> All { get; } = Assigned.Split(' ').ToFrozenSet(StringComparer.Ordinal);

    // Declared after All: static initializers run in text order.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        All.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="code"/> is an officially assigned alpha-2 code (exact, upper case).</summary>
    public static bool IsAssigned(ReadOnlySpan<char> code) => code.Length == 2 && SpanLookup.Contains(code);
}
