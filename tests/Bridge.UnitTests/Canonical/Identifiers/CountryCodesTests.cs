using Bridge.Canonical.Identifiers;

namespace Bridge.UnitTests.Canonical.Identifiers;

[Trait("Category", "Unit")]
public sealed class CountryCodesTests
{
    [Fact]
    public void All_Has249OfficiallyAssignedCodes()
    {
        // ISO 3166-1 lists 249 officially assigned alpha-2 codes (ISO Online Browsing Platform).
        CountryCodes.All.Count.ShouldBe(249);
    }

    [Fact]
    public void All_EveryCodeIsTwoUpperCaseAsciiLetters()
    {
        CountryCodes.All.ShouldAllBe(static c => c.Length == 2 && char.IsAsciiLetterUpper(c[0]) && char.IsAsciiLetterUpper(c[1]));
    }

    public static TheoryData<string> UserAssigned()
    {
        // ISO 3166-1 reserves AA, QM to QZ, XA to XZ and ZZ as user-assigned codes.
        var codes = new TheoryData<string> { "AA", "ZZ" };
        for (var c = 'M'; c <= 'Z'; c++)
        {
            codes.Add("Q" + c);
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            codes.Add("X" + c);
        }

        return codes;
    }

    [Theory]
    [MemberData(nameof(UserAssigned))]
    public void IsAssigned_UserAssignedCode_ReturnsFalse(string code)
    {
        CountryCodes.IsAssigned(code).ShouldBeFalse();
    }

    [Theory]
    [InlineData("UK")] // exceptionally reserved
    [InlineData("EU")]
    [InlineData("EZ")]
    [InlineData("UN")]
    [InlineData("AC")]
    [InlineData("TA")]
    [InlineData("FX")]
    [InlineData("AN")] // transitionally reserved (withdrawn codes)
    [InlineData("CS")]
    [InlineData("YU")]
    [InlineData("ZR")]
    [InlineData("TP")]
    [InlineData("BU")]
    public void IsAssigned_ReservedCode_ReturnsFalse(string code)
    {
        CountryCodes.IsAssigned(code).ShouldBeFalse();
    }

    [Theory]
    [InlineData("NL")]
    [InlineData("US")]
    [InlineData("DE")]
    [InlineData("CN")]
    [InlineData("SS")] // South Sudan (2011)
    [InlineData("BQ")] // Bonaire, Sint Eustatius and Saba (2010)
    [InlineData("CW")] // Curaçao (2010)
    [InlineData("SX")] // Sint Maarten (2010)
    [InlineData("AX")] // Åland Islands
    [InlineData("AQ")] // Antarctica
    [InlineData("TW")]
    [InlineData("PS")]
    [InlineData("EH")]
    [InlineData("UM")]
    public void IsAssigned_AssignedCode_ReturnsTrue(string code)
    {
        CountryCodes.IsAssigned(code).ShouldBeTrue();
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("Nl")]
    [InlineData("NLD")]
    [InlineData("N")]
    [InlineData("")]
    public void IsAssigned_NotExactlyTwoUpperCaseLetters_ReturnsFalse(string code)
    {
        CountryCodes.IsAssigned(code).ShouldBeFalse();
    }

    [Fact]
    public void IsAssigned_Span_MatchesSetMembershipForEveryTwoLetterCode()
    {
        Span<char> code = stackalloc char[2];
        for (var a = 'A'; a <= 'Z'; a++)
        {
            for (var b = 'A'; b <= 'Z'; b++)
            {
                code[0] = a;
                code[1] = b;
                CountryCodes.IsAssigned(code).ShouldBe(CountryCodes.All.Contains(new string(code)));
            }
        }
    }
}
