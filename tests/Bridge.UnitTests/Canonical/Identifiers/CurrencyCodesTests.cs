using Bridge.Canonical.Identifiers;

namespace Bridge.UnitTests.Canonical.Identifiers;

[Trait("Category", "Unit")]
public sealed class CurrencyCodesTests
{
    // Minor units as published in ISO 4217 list A.1.
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("GBP", 2)]
    [InlineData("CHF", 2)]
    [InlineData("KRW", 0)]
    [InlineData("ISK", 0)]
    [InlineData("XOF", 0)]
    [InlineData("XAF", 0)]
    [InlineData("XPF", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("JOD", 3)]
    [InlineData("IQD", 3)]
    [InlineData("LYD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("UYW", 4)]
    [InlineData("XCD", 2)]
    [InlineData("XCG", 2)] // Caribbean guilder, replaced ANG in 2025
    [InlineData("SLE", 2)]
    [InlineData("ZWG", 2)]
    [InlineData("VED", 2)]
    public void MinorUnits_ListA1Code_ReturnsPublishedExponent(string code, int expected)
    {
        CurrencyCodes.IsActive(code).ShouldBeTrue();
        CurrencyCodes.MinorUnits(code).ShouldBe(expected);
    }

    // List A.1 gives "N.A." as the minor unit of exactly these codes.
    public static TheoryData<string> NotApplicable => new()
    {
        "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
    };

    [Theory]
    [MemberData(nameof(NotApplicable))]
    public void MinorUnits_NotApplicableCode_IsActiveButReturnsNull(string code)
    {
        CurrencyCodes.IsActive(code).ShouldBeTrue();
        CurrencyCodes.MinorUnits(code).ShouldBeNull();
    }

    [Fact]
    public void MinorUnits_EveryOtherCode_IsBetweenZeroAndFour()
    {
        var notApplicable = NotApplicable.Select(static row => row.Data).ToHashSet(StringComparer.Ordinal);

        foreach (var code in CurrencyCodes.All.Where(c => !notApplicable.Contains(c)))
        {
            CurrencyCodes.MinorUnits(code).ShouldNotBeNull(code);
            CurrencyCodes.MinorUnits(code)!.Value.ShouldBeInRange(0, 4, code);
        }
    }

    [Theory]
    [InlineData("HRK")] // withdrawn 2023-01 (Croatia adopted the euro)
    [InlineData("SLL")] // withdrawn 2023-12 (replaced by SLE)
    [InlineData("CUC")] // withdrawn 2021-06
    [InlineData("ANG")] // withdrawn 2025-03 (replaced by XCG)
    [InlineData("ZWL")] // withdrawn 2024-09 (replaced by ZWG)
    [InlineData("VEF")]
    [InlineData("MRO")]
    [InlineData("STD")]
    [InlineData("BYR")]
    [InlineData("LTL")]
    [InlineData("DEM")]
    [InlineData("ABC")]
    [InlineData("eur")]
    [InlineData("EU")]
    [InlineData("EURO")]
    public void IsActive_WithdrawnOrUnknown_ReturnsFalseAndNoMinorUnits(string code)
    {
        CurrencyCodes.IsActive(code).ShouldBeFalse();
        CurrencyCodes.MinorUnits(code).ShouldBeNull();
    }

    [Fact]
    public void All_EveryCodeIsThreeUpperCaseAsciiLetters()
    {
        CurrencyCodes.All.ShouldNotBeEmpty();
        CurrencyCodes.All.ShouldAllBe(static c => c.Length == 3 && c.All(char.IsAsciiLetterUpper));
    }
}
