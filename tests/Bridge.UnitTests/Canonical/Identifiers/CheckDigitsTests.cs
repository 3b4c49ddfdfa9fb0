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
}
