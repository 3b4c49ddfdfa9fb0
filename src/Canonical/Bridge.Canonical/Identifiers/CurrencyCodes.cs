using System.Collections.Frozen;

namespace Bridge.Canonical.Identifiers;

/// <summary>
/// ISO 4217 list A.1 (current currency and funds codes) with each code's minor-unit exponent,
/// compiled in (no I/O).
/// </summary>
/// <remarks>
/// <para>
/// Reproduced from ISO 4217 list A.1 as it stood in mid-2025 (maintenance agency SIX), after the amendment
/// that introduced XCG (Caribbean guilder, in use from 2025-03-31) and withdrew ANG; cross-checked against
/// datasets/currency-codes data/codes-all.csv@1434fbe05b8c2d12303b0bdeaa549d9beeb11891 (178 codes).
/// Withdrawn codes are absent, e.g. HRK (2023-01), SLL (2023-12), ZWL (2024-09), CUC (2021-06), ANG
/// (2025-03). Bulgaria's move to the euro on 2026-01-01 is not reflected: BGN stays so that documents
/// issued before then still validate.
/// </para>
/// <para>
/// Decision on XXX ("transactions where no currency is involved"), XTS (testing), the precious metals
/// (XAU, XAG, XPD, XPT) and the units of account (XDR, XSU, XUA, XBA-XBD): they are in list A.1, so
/// they are known codes and validate; their minor unit is "N.A." in the list, so
/// <see cref="MinorUnits"/> returns null for them and amounts in them cannot be rounded by exponent.
/// </para>
/// </remarks>
public static class CurrencyCodes
{
    // Each entry: the alphabetic code followed by its minor-unit exponent; '-' is "N.A." in list A.1.
    private const string ListA1 =
        "AED2 AFN2 ALL2 AMD2 AOA2 ARS2 AUD2 AWG2 AZN2 " +
        "BAM2 BBD2 BDT2 BGN2 BHD3 BIF0 BMD2 BND2 BOB2 BOV2 BRL2 BSD2 BTN2 BWP2 BYN2 BZD2 " +
        "CAD2 CDF2 CHE2 CHF2 CHW2 CLF4 CLP0 CNY2 COP2 COU2 CRC2 CUP2 CVE2 CZK2 " +
        "DJF0 DKK2 DOP2 DZD2 " +
        "EGP2 ERN2 ETB2 EUR2 " +
        "FJD2 FKP2 " +
        "GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 " +
        "HKD2 HNL2 HTG2 HUF2 " +
        "IDR2 ILS2 INR2 IQD3 IRR2 ISK0 " +
        "JMD2 JOD3 JPY0 " +
        "KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 KZT2 " +
        "LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 " +
        "MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 MXN2 MXV2 MYR2 MZN2 " +
        "NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 " +
        "OMR3 " +
        "PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 " +
        "QAR2 " +
        "RON2 RSD2 RUB2 RWF0 " +
        "SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 " +
        "THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 " +
        "UAH2 UGX0 USD2 USN2 UYI0 UYU2 UYW4 UZS2 " +
        "VED2 VES2 VND0 VUV0 " +
        "WST2 " +
        "XAF0 XAG- XAU- XBA- XBB- XBC- XBD- XCD2 XCG2 XDR- XOF0 XPD- XPF0 XPT- XSU- XTS- XUA- XXX- " +
        "YER2 " +
        "ZAR2 ZMW2 ZWG2";

    private static readonly FrozenDictionary<string, int?> MinorUnitsByCode = ListA1
        .Split(' ')
        .ToFrozenDictionary(
            static e => e[..3],
            static e => e[3] == '-' ? (int?)null : e[3] - '0',
            StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int?>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        MinorUnitsByCode.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The alphabetic codes of list A.1 (upper case).</summary>
    public static FrozenSet<string> All { get; } = MinorUnitsByCode.Keys.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="code"/> is in list A.1 (exact, upper case).</summary>
    public static bool IsActive(ReadOnlySpan<char> code) => code.Length == 3 && SpanLookup.ContainsKey(code);

    /// <summary>
    /// The minor-unit exponent of <paramref name="code"/> (EUR 2, JPY 0, BHD 3, CLF 4), or null when the
    /// code is not in list A.1 or the list gives "N.A." (XXX, XAU, XDR, ...).
    /// </summary>
    public static int? MinorUnits(string code) =>
        code is not null && MinorUnitsByCode.TryGetValue(code, out var units) ? units : null;
}
