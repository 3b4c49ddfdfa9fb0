using Bridge.Canonical.Identifiers;

namespace Bridge.UnitTests.Canonical.Identifiers;

[Trait("Category", "Unit")]
public sealed class CheckDigitsTests
{
    // GS1 mod-10 vectors from ../shared/design/trade-standards.md §C.2.
    public static TheoryData<string> ValidGs1 => new()
    {
        "4006381333931",      // GTIN-13
        "73513537",           // GTIN-8
        "9780471117094",      // ISBN-13 as GTIN-13
        "98412345678908",     // GTIN-14
        "0614141073467",      // GLN-13
        "10614141073464",     // GTIN-14 from urn:epc:id:sgtin:0614141.107346.*
        "106141412345678908", // SSCC-18 from urn:epc:id:sscc:0614141.1234567890
        "80614141123458",     // GTIN-14
    };

    // ISO 17442 LEIs of real entities (GLEIF). Check by hand: letters -> 10..35, the 20-character number mod 97 = 1.
    public static TheoryData<string> ValidLeis => new()
    {
        "5493001KJTIIGC8Y1R12", // Bloomberg Finance L.P.; mod 97 = 1
        "7LTWFZYICNSX8D621K86", // Deutsche Bank AG; mod 97 = 1
        "HWUPKR0MPOU8FGXBT394", // Apple Inc.; mod 97 = 1
        "529900T8BM49AURSDO55", // the example the CLI help uses; mod 97 = 1
    };

    [Theory]
    [MemberData(nameof(ValidGs1))]
    public void IsValidGs1_PublishedVector_ReturnsTrue(string digits)
    {
        CheckDigits.IsValidGs1(digits).ShouldBeTrue();
    }

    [Theory]
    [InlineData("4006381333932")] // §C.2 negative vector: check digit off by one
    [InlineData("4006381333930")]
    [InlineData("73513538")]
    [InlineData("106141412345678909")]
    public void IsValidGs1_WrongCheckDigit_ReturnsFalse(string digits)
    {
        CheckDigits.IsValidGs1(digits).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("400638133393X")]  // check position not a digit
    [InlineData("40063813339a1")]  // body not a digit
    [InlineData("4006381 33931")]
    [InlineData("-4006381333931")]
    [InlineData("٤006381333931")]  // Arabic-Indic four is not an ASCII digit
    public void IsValidGs1_NotAllAsciiDigits_ReturnsFalse(string digits)
    {
        CheckDigits.IsValidGs1(digits).ShouldBeFalse();
    }

    [Fact]
    public void IsValidGs1_TwoDigits_ExactResults()
    {
        CheckDigits.IsValidGs1("00").ShouldBeTrue(); // the shortest input: body 0 -> check 0
        CheckDigits.IsValidGs1("17").ShouldBeTrue(); // 1*3 = 3 -> check 7
        CheckDigits.IsValidGs1("13").ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(ValidGs1))]
    public void IsValidGs1_AnySingleDigitChanged_ReturnsFalse(string valid)
    {
        // mod 10 with weights 1 and 3 (both coprime to 10) detects every single-digit error.
        for (var position = 0; position < valid.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == valid[position])
                {
                    continue;
                }

                var changed = string.Concat(valid.AsSpan(0, position), [digit], valid.AsSpan(position + 1));
                CheckDigits.IsValidGs1(changed).ShouldBeFalse($"{changed} (position {position})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValidLeis))]
    public void IsValidMod97_RealLei_ReturnsTrue(string lei)
    {
        CheckDigits.IsValidMod97(lei).ShouldBeTrue();
    }

    [Theory]
    [InlineData("5493001KJTIIGC8Y1R13")] // Bloomberg with the last check digit changed; mod 97 = 2
    [InlineData("5493001KJTIIGC8Y1R02")]
    [InlineData("7LTWFZYICNSX8D621K87")]
    [InlineData("5493001KJTIIGC8Y2R12")] // a body character changed
    public void IsValidMod97_OneCharacterChanged_ReturnsFalse(string lei)
    {
        CheckDigits.IsValidMod97(lei).ShouldBeFalse();
    }

    [Theory]
    [InlineData("WEST12345698765432GB82", true)]  // IBAN GB82WEST12345698765432 rearranged (ISO 13616): same MOD 97-10
    [InlineData("WEST12345698765432GB83", false)]
    [InlineData("1", true)]
    [InlineData("98", true)]                      // 98 mod 97 = 1
    [InlineData("97", false)]
    public void IsValidMod97_Vectors_MatchIso7064(string value, bool expected)
    {
        CheckDigits.IsValidMod97(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5493001kjtiigc8y1r12")] // lower case is not in the ISO 7064 alphabet
    [InlineData("5493001KJTIIGC8Y1R1 2")]
    [InlineData("5493001KJTIIGC8Y1R-12")]
    [InlineData("549300ÄKJTIIGC8Y1R12")]
    public void IsValidMod97_EmptyOrOutsideAlphabet_ReturnsFalse(string value)
    {
        CheckDigits.IsValidMod97(value).ShouldBeFalse();
    }

    // ISO 6346 vectors from ../shared/design/trade-standards.md §C.1.
    [Theory]
    [InlineData("APZU4812090")]
    [InlineData("CSQU3054383")]
    [InlineData("NARU3472484")] // DCSA eBL 3.0 example
    [InlineData("KKFU6671914")] // DCSA eBL 3.0 example
    [InlineData("MSMU1301725")]
    [InlineData("MAEU1234567")]
    [InlineData("ABCU0000070")] // S mod 11 = 10, so the check digit is 0
    public void IsValidIso6346_PublishedVector_ReturnsTrue(string containerNumber)
    {
        CheckDigits.IsValidIso6346(containerNumber).ShouldBeTrue();
    }

    [Theory]
    [InlineData("CSQU3054384")]
    [InlineData("HLXU1234567")] // DCSA eBL 3.0 example; the check digit would be 1
    [InlineData("MSCU1234567")]
    [InlineData("APZU2134567")]
    [InlineData("ABCU0000071")]
    public void IsValidIso6346_PublishedInvalidVector_ReturnsFalse(string containerNumber)
    {
        CheckDigits.IsValidIso6346(containerNumber).ShouldBeFalse();
    }

    [Theory]
    [InlineData("HLXU123456", 1)]  // §C.1: "HLXU1234567 ✗ (expects 1)"
    [InlineData("CSQU305438", 3)]
    [InlineData("ABCU000007", 0)]  // remainder 10 maps to 0
    public void Iso6346CheckDigit_PublishedVector_ReturnsDigit(string firstTen, int expected)
    {
        CheckDigits.Iso6346CheckDigit(firstTen).ShouldBe(expected);
    }

    [Fact]
    public void Iso6346CheckDigit_RemainderTenCase_IsReallyRemainderTen()
    {
        // Independent of the code under test: A=10, B=12, C=13, U=32 (§C.1 table), weights 2^i; 7 at position 9.
        var sum = (10 * 1) + (12 * 2) + (13 * 4) + (32 * 8) + (7 * 512);
        (sum % 11).ShouldBe(10);
        CheckDigits.Iso6346CheckDigit("ABCU000007").ShouldBe(0);
    }

    // The letter table of trade-standards.md §C.1, written out as published.
    public static TheoryData<char, int> Iso6346LetterTable => new()
    {
        { 'A', 10 }, { 'B', 12 }, { 'C', 13 }, { 'D', 14 }, { 'E', 15 }, { 'F', 16 }, { 'G', 17 }, { 'H', 18 }, { 'I', 19 },
        { 'J', 20 }, { 'K', 21 }, { 'L', 23 }, { 'M', 24 }, { 'N', 25 }, { 'O', 26 }, { 'P', 27 }, { 'Q', 28 }, { 'R', 29 },
        { 'S', 30 }, { 'T', 31 }, { 'U', 32 }, { 'V', 34 }, { 'W', 35 }, { 'X', 36 }, { 'Y', 37 }, { 'Z', 38 },
    };

    [Theory]
    [MemberData(nameof(Iso6346LetterTable))]
    public void Iso6346CheckDigit_OneLetterAtEachPosition_UsesThePublishedLetterValue(char letter, int value)
    {
        for (var position = 0; position < 10; position++)
        {
            var chars = "0000000000".ToCharArray();
            chars[position] = letter;

            CheckDigits.Iso6346CheckDigit(chars).ShouldBe((value << position) % 11 % 10, $"{letter} at {position}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("CSQU30543")]     // 9
    [InlineData("CSQU3054383")]   // 11
    [InlineData("csqu305438")]    // lower case is not in the ISO 6346 alphabet
    [InlineData("CSQU 305438")]
    [InlineData("CSQU30543-")]
    [InlineData("CSQÜ305438")]
    public void Iso6346CheckDigit_NotTenCharactersOfTheAlphabet_ReturnsMinusOne(string firstTen)
    {
        CheckDigits.Iso6346CheckDigit(firstTen).ShouldBe(-1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CSQU305438")]
    [InlineData("CSQU30543833")]
    [InlineData("csqu3054383")]
    [InlineData("CSQU305438X")]
    public void IsValidIso6346_WrongLengthOrAlphabet_ReturnsFalse(string containerNumber)
    {
        CheckDigits.IsValidIso6346(containerNumber).ShouldBeFalse();
    }

    // IMO vectors from trade-standards.md §C.5.
    [Theory]
    [InlineData("9321483")] // DCSA TNT example
    [InlineData("9461374")] // TradeLens fixture vehicleId
    [InlineData("9319466")]
    [InlineData("8814275")]
    [InlineData("1234567")]
    public void IsValidImo_PublishedVector_ReturnsTrue(string imo)
    {
        CheckDigits.IsValidImo(imo).ShouldBeTrue();
    }

    [Theory]
    [InlineData("8814274")] // §C.5 negative vector
    [InlineData("9321484")]
    [InlineData("1234568")]
    public void IsValidImo_WrongCheckDigit_ReturnsFalse(string imo)
    {
        CheckDigits.IsValidImo(imo).ShouldBeFalse();
    }

    [Theory]
    [InlineData("932148", 3)] // 9*7 + 3*6 + 2*5 + 1*4 + 4*3 + 8*2 = 123
    [InlineData("881427", 5)] // 8*7 + 8*6 + 1*5 + 4*4 + 2*3 + 7*2 = 145
    [InlineData("000000", 0)]
    public void ImoCheckDigit_SixDigits_ReturnsWeightedSumMod10(string firstSix, int expected)
    {
        CheckDigits.ImoCheckDigit(firstSix).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("93214")]
    [InlineData("9321483")]
    [InlineData("93214A")]
    [InlineData("٩32148")] // Arabic-Indic nine
    public void ImoCheckDigit_NotSixAsciiDigits_ReturnsMinusOne(string firstSix)
    {
        CheckDigits.ImoCheckDigit(firstSix).ShouldBe(-1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("932148")]
    [InlineData("93214833")]
    [InlineData("IMO9321483")] // the prefix is the typed validator's business
    [InlineData("932148X")]
    public void IsValidImo_NotSevenDigits_ReturnsFalse(string imo)
    {
        CheckDigits.IsValidImo(imo).ShouldBeFalse();
    }
}
