using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Identifiers;

[Trait("Category", "Unit")]
public sealed class TradeIdentifiersTests
{
    private const string Path = "/equipments/0/equipmentReference";

    private delegate void Validator(string? value, string path, ValidationCollector issues);

    // ------------------------------------------------------------------ ISO 6346 container number

    [Theory]
    [InlineData("APZU4812090")] // trade-standards.md §C.1 vectors
    [InlineData("CSQU3054383")]
    [InlineData("NARU3472484")]
    [InlineData("KKFU6671914")]
    [InlineData("MSMU1301725")]
    [InlineData("MAEU1234567")]
    [InlineData("ABCU0000070")] // remainder-10 case
    public void ValidateContainerNumber_PublishedValidVector_ReportsNothing(string value)
    {
        Issues(TradeIdentifiers.ValidateContainerNumber, value).ShouldBeEmpty();
        TradeIdentifiers.IsValidContainerNumber(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("CSQU3054384", 3)] // §C.1 negative vectors; expected digits computed by hand from the §C.1 table
    [InlineData("HLXU1234567", 1)]
    [InlineData("MSCU1234567", 6)]
    [InlineData("APZU2134567", 4)]
    [InlineData("ABCU0000071", 0)]
    public void ValidateContainerNumber_WrongCheckDigit_ReportsOneWarningNamingTheDigit(string value, int expected)
    {
        var issue = Issues(TradeIdentifiers.ValidateContainerNumber, value).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Warning);
        issue.Code.ShouldBe(ValidationCodes.CheckDigit);
        issue.Path.ShouldBe(Path);
        issue.Message.ShouldContain($"should be {expected}");
        TradeIdentifiers.IsValidContainerNumber(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("CSQU305438")]    // 10 characters
    [InlineData("CSQU30543833")]  // 12 characters
    [InlineData("csqu3054383")]   // lower case
    [InlineData("CSQX3054383")]   // category must be U, J or Z
    [InlineData("CSQR3054383")]   // legacy R (python-stdnum accepts it) is not canonical
    [InlineData("CS1U3054383")]   // digit in the owner code
    [InlineData("CSQU30543A3")]   // letter in the serial number
    [InlineData("CSQU305438A")]   // letter as check digit
    [InlineData("CSQU 3054383")]
    [InlineData("CSQU3054383\n")]
    [InlineData(" ")]
    public void ValidateContainerNumber_Malformed_ReportsOneErrorAndNoWarning(string value)
    {
        var issue = Issues(TradeIdentifiers.ValidateContainerNumber, value).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Code.ShouldBe(ValidationCodes.InvalidFormat);
        issue.Path.ShouldBe(Path);
        TradeIdentifiers.IsValidContainerNumber(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("JZZJ0000000")] // J and Z categories are accepted; check digits by the §C.1 table
    [InlineData("ABCZ0000000")]
    public void ValidateContainerNumber_OtherCategory_IsAcceptedFormat(string prefixAndSerial)
    {
        var body = prefixAndSerial[..10];
        var value = body + OracleIso6346CheckDigit(body);

        Issues(TradeIdentifiers.ValidateContainerNumber, value).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("csqu 305438 3", "CSQU3054383")]
    [InlineData("CSQU3054383", "CSQU3054383")]
    [InlineData(" CSQU3054383 ", "CSQU3054383")]
    public void NormalizeContainerNumber_SpacesAndLowerCase_GivesCanonicalForm(string input, string expected)
    {
        TradeIdentifiers.NormalizeContainerNumber(input).ShouldBe(expected);
    }

    [Fact]
    public void ContainerNumber_RandomOwnerAndSerial_ComputedCheckDigitValidatesAndEveryOtherDigitWarns()
    {
        var letter = Gen.Choose('A', 'Z').Select(static c => (char)c);
        var digit = Gen.Choose('0', '9').Select(static c => (char)c);
        var body =
            from owner in Gen.ArrayOf(letter, 3)
            from category in Gen.Elements('U', 'J', 'Z')
            from serial in Gen.ArrayOf(digit, 6)
            select new string(owner) + category + new string(serial);

        Prop.ForAll(body.ToArbitrary(), b =>
        {
            var check = OracleIso6346CheckDigit(b);
            Issues(TradeIdentifiers.ValidateContainerNumber, b + check).ShouldBeEmpty(b + check);

            for (var other = 0; other <= 9; other++)
            {
                if (other == check)
                {
                    continue;
                }

                var issue = Issues(TradeIdentifiers.ValidateContainerNumber, $"{b}{other}").ShouldHaveSingleItem();
                issue.Severity.ShouldBe(IssueSeverity.Warning);
                issue.Code.ShouldBe(ValidationCodes.CheckDigit);
            }
        }).QuickCheckThrowOnFailure();
    }

    // ------------------------------------------------------------------ IMO

    [Theory]
    [InlineData("9321483")] // §C.5 vectors
    [InlineData("9461374")]
    [InlineData("9319466")]
    [InlineData("8814275")]
    [InlineData("1234567")]
    [InlineData("IMO9321483")]
    [InlineData("IMO 9321483")]
    public void ValidateImo_PublishedValidVector_ReportsNothing(string value)
    {
        Issues(TradeIdentifiers.ValidateImo, value).ShouldBeEmpty();
        TradeIdentifiers.IsValidImo(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("8814274", 5)] // §C.5 negative vector
    [InlineData("IMO 9321484", 3)]
    public void ValidateImo_WrongCheckDigit_ReportsOneWarning(string value, int expected)
    {
        var issue = Issues(TradeIdentifiers.ValidateImo, value).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Warning);
        issue.Code.ShouldBe(ValidationCodes.CheckDigit);
        issue.Message.ShouldContain($"should be {expected}");
        TradeIdentifiers.IsValidImo(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("932148")]
    [InlineData("93214830")]
    [InlineData("IMO-9321483")]
    [InlineData("imo9321483")]
    [InlineData("IMO  9321483")]
    [InlineData(" 9321483")]
    [InlineData("932148A")]
    [InlineData("IMO")]
    [InlineData("9321483\n")]
    public void ValidateImo_Malformed_ReportsOneError(string value)
    {
        var issue = Issues(TradeIdentifiers.ValidateImo, value).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Code.ShouldBe(ValidationCodes.InvalidFormat);
    }

    [Theory]
    [InlineData("IMO 9321483", "9321483")]
    [InlineData("IMO9321483", "9321483")]
    [InlineData("imo 9321483", "9321483")]
    [InlineData("  IMO9321483 ", "9321483")]
    [InlineData("9321483", "9321483")]
    [InlineData("IMO 93214", "IMO 93214")] // not seven digits: left for the validator to report
    [InlineData(" abc ", "abc")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void NormalizeImo_Input_StripsPrefixAndSpace(string? input, string? expected)
    {
        TradeIdentifiers.NormalizeImo(input).ShouldBe(expected);
    }

    [Fact]
    public void Imo_RandomSixDigits_ComputedCheckDigitValidatesAndEveryOtherDigitWarns()
    {
        var digits = Gen.ArrayOf(Gen.Choose(0, 9), 6);

        Prop.ForAll(digits.ToArbitrary(), d =>
        {
            // Independent derivation: weights 7..2, sum mod 10 (§C.5).
            var check = ((d[0] * 7) + (d[1] * 6) + (d[2] * 5) + (d[3] * 4) + (d[4] * 3) + (d[5] * 2)) % 10;
            var body = string.Concat(d);
            Issues(TradeIdentifiers.ValidateImo, body + check).ShouldBeEmpty();

            var wrong = (check + 1) % 10;
            Issues(TradeIdentifiers.ValidateImo, $"{body}{wrong}").ShouldHaveSingleItem().Severity.ShouldBe(IssueSeverity.Warning);
        }).QuickCheckThrowOnFailure();
    }

    // ------------------------------------------------------------------ SCAC

    [Theory]
    [InlineData("MAEU", true)]
    [InlineData("MSC", true)]
    [InlineData("ZZ", true)]
    [InlineData("M", false)]
    [InlineData("MAEUX", false)]
    [InlineData("maeu", false)]
    [InlineData("MA3U", false)]
    [InlineData("MAEU\n", false)]
    public void ValidateScac_Value_ErrorUnlessTwoToFourUpperCaseLetters(string value, bool valid)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateScac, value, valid, ValidationCodes.InvalidFormat);
        TradeIdentifiers.IsValidScac(value).ShouldBe(valid);
    }

    // ------------------------------------------------------------------ UN/LOCODE

    [Theory]
    [InlineData("NLRTM")]
    [InlineData("DKAAR")] // DCSA eBL 3.0 examples
    [InlineData("USNWK")] // TradeLens fixture
    [InlineData("FRPAR")]
    [InlineData("NLRT2")] // digits 2-9 are allowed in the location part
    [InlineData("DE999")]
    public void ValidateUnLocode_Valid_ReportsNothing(string value)
    {
        Issues(TradeIdentifiers.ValidateUnLocode, value).ShouldBeEmpty();
        TradeIdentifiers.IsValidUnLocode(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("XYABC", ValidationCodes.UnknownValue)] // DCSA tnt-220-response-wrong-attribute-values.json negative data
    [InlineData("AAABC", ValidationCodes.UnknownValue)] // AA is user-assigned
    [InlineData("UKLON", ValidationCodes.UnknownValue)] // UK is exceptionally reserved, not assigned
    [InlineData("NLRT1", ValidationCodes.InvalidFormat)] // 0 and 1 are not used (confusable with O and I)
    [InlineData("NLRT0", ValidationCodes.InvalidFormat)]
    [InlineData("nlrtm", ValidationCodes.InvalidFormat)]
    [InlineData("NL RTM", ValidationCodes.InvalidFormat)]
    [InlineData("NLRTMX", ValidationCodes.InvalidFormat)]
    [InlineData("NLRT", ValidationCodes.InvalidFormat)]
    [InlineData("N1RTM", ValidationCodes.InvalidFormat)]
    [InlineData("NLRTM\n", ValidationCodes.InvalidFormat)]
    public void ValidateUnLocode_Invalid_ReportsOneError(string value, string code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateUnLocode, value, valid: false, code);
        TradeIdentifiers.IsValidUnLocode(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("NL RTM", "NLRTM")]
    [InlineData("nl rtm ", "NLRTM")]
    [InlineData("NLRTM", "NLRTM")]
    [InlineData("nlrtm", "NLRTM")]
    [InlineData("NLR TM", "NLR TM")] // only the country/location separator is removed
    [InlineData(null, null)]
    public void NormalizeUnLocode_Input_GivesCanonicalForm(string? input, string? expected)
    {
        TradeIdentifiers.NormalizeUnLocode(input).ShouldBe(expected);
    }

    [Fact]
    public void NormalizeUnLocode_NlRtm_ThenValidates()
    {
        Issues(TradeIdentifiers.ValidateUnLocode, TradeIdentifiers.NormalizeUnLocode("NL RTM")).ShouldBeEmpty();
    }

    // ------------------------------------------------------------------ country and currency

    [Theory]
    [InlineData("US", null)]
    [InlineData("CH", null)]
    [InlineData("SS", null)] // South Sudan, the most recent addition (2011)
    [InlineData("XY", ValidationCodes.UnknownValue)]
    [InlineData("XK", ValidationCodes.UnknownValue)] // Kosovo's code is user-assigned, not ISO
    [InlineData("UK", ValidationCodes.UnknownValue)]
    [InlineData("ZZ", ValidationCodes.UnknownValue)]
    [InlineData("us", ValidationCodes.InvalidFormat)]
    [InlineData("USA", ValidationCodes.InvalidFormat)]
    [InlineData("U1", ValidationCodes.InvalidFormat)]
    [InlineData("U", ValidationCodes.InvalidFormat)]
    public void ValidateCountryCode_Value_ReportsExpected(string value, string? code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateCountryCode, value, code is null, code);
        TradeIdentifiers.IsValidCountryCode(value).ShouldBe(code is null);
    }

    [Theory]
    [InlineData("EUR", null)]
    [InlineData("USD", null)]
    [InlineData("JPY", null)]
    [InlineData("XXX", null)] // in list A.1 ("no currency"): accepted, see CurrencyCodes
    [InlineData("ABC", ValidationCodes.UnknownValue)]
    [InlineData("HRK", ValidationCodes.UnknownValue)] // withdrawn 2023-01 (Croatia adopted the euro)
    [InlineData("usd", ValidationCodes.InvalidFormat)]
    [InlineData("US", ValidationCodes.InvalidFormat)]
    [InlineData("EURO", ValidationCodes.InvalidFormat)]
    [InlineData("U5D", ValidationCodes.InvalidFormat)]
    public void ValidateCurrencyCode_Value_ReportsExpected(string value, string? code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateCurrencyCode, value, code is null, code);
        TradeIdentifiers.IsValidCurrencyCode(value).ShouldBe(code is null);
    }

    // ------------------------------------------------------------------ HS code

    [Theory]
    [InlineData("090121")]     // coffee, roasted, not decaffeinated (TradeLens fixture cargo type)
    [InlineData("851713")]     // DCSA eBL 3.0 example
    [InlineData("09012100")]
    [InlineData("0901210000")]
    [InlineData("9801000000")] // chapters 98/99 are national; accepted
    public void ValidateHsCode_Valid_ReportsNothing(string value)
    {
        Issues(TradeIdentifiers.ValidateHsCode, value).ShouldBeEmpty();
        TradeIdentifiers.IsValidHsCode(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("09012", ValidationCodes.InvalidFormat)]       // 5 digits
    [InlineData("09012100001", ValidationCodes.InvalidFormat)] // 11 digits
    [InlineData("0901.21", ValidationCodes.InvalidFormat)]     // not normalized
    [InlineData("09O121", ValidationCodes.InvalidFormat)]      // letter O
    [InlineData("０９０１２１", ValidationCodes.InvalidFormat)] // full-width digits
    [InlineData("000121", ValidationCodes.UnknownValue)]       // chapter 00 does not exist
    [InlineData("770000", ValidationCodes.UnknownValue)]       // chapter 77 is reserved
    public void ValidateHsCode_Invalid_ReportsOneError(string value, string code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateHsCode, value, valid: false, code);
        TradeIdentifiers.IsValidHsCode(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("0901.21", "090121")]
    [InlineData("0901 21 00", "09012100")]
    [InlineData("0901.21.00.00", "0901210000")]
    [InlineData("090121", "090121")]
    [InlineData(null, null)]
    public void NormalizeHsCode_DotsAndSpaces_AreRemoved(string? input, string? expected)
    {
        TradeIdentifiers.NormalizeHsCode(input).ShouldBe(expected);
    }

    [Theory]
    [InlineData("0901.21", "090121")]
    [InlineData("0901210000", "090121")]
    [InlineData("8517.13.00", "851713")]
    [InlineData("0901", null)]
    [InlineData("7700.00", null)]
    [InlineData("abc", null)]
    [InlineData(null, null)]
    public void Hs6_Code_GivesTheSixDigitSubheading(string? input, string? expected)
    {
        TradeIdentifiers.Hs6(input).ShouldBe(expected);
    }

    // ------------------------------------------------------------------ Ethereum address

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", true)] // EIP-55 example address
    [InlineData("0xde709f2102306220921060314715629080e2fb77", true)]
    [InlineData("0XDE709F2102306220921060314715629080E2FB77", false)]
    [InlineData("de709f2102306220921060314715629080e2fb77", false)]
    [InlineData("0xde709f2102306220921060314715629080e2fb7", false)]   // 39 hex digits
    [InlineData("0xde709f2102306220921060314715629080e2fb777", false)] // 41 hex digits
    [InlineData("0xge709f2102306220921060314715629080e2fb77", false)]
    public void ValidateEthereumAddress_Value_ErrorUnlessPrefixAnd40Hex(string value, bool valid)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateEthereumAddress, value, valid, ValidationCodes.InvalidFormat);
        TradeIdentifiers.IsValidEthereumAddress(value).ShouldBe(valid);
    }

    // ------------------------------------------------------------------ LEI and GS1 keys

    [Theory]
    [InlineData("5493001KJTIIGC8Y1R12", null)] // Bloomberg Finance L.P. (GLEIF)
    [InlineData("HWUPKR0MPOU8FGXBT394", null)] // Apple Inc. (GLEIF)
    [InlineData("5493001KJTIIGC8Y1R13", ValidationCodes.CheckDigit)]
    [InlineData("5493001kjtiigc8y1r12", ValidationCodes.InvalidFormat)]
    [InlineData("5493001KJTIIGC8Y1R1", ValidationCodes.InvalidFormat)]
    [InlineData("5493001KJTIIGC8Y1RAB", ValidationCodes.InvalidFormat)]
    public void ValidateLei_Value_ReportsExpected(string value, string? code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateLei, value, code is null, code);
        TradeIdentifiers.IsValidLei(value).ShouldBe(code is null);
    }

    [Theory]
    [InlineData("4006381333931")]  // §C.2 vectors
    [InlineData("73513537")]
    [InlineData("9780471117094")]
    [InlineData("98412345678908")]
    [InlineData("10614141073464")]
    [InlineData("80614141123458")]
    [InlineData("036000291452")]   // UPC-A (GTIN-12): 0*3+3+6*3+0+0*3+0+2*3+9+1*3+4+5*3 = 58, check 2
    public void ValidateGtin_PublishedVector_ReportsNothing(string value)
    {
        Issues(TradeIdentifiers.ValidateGtin, value).ShouldBeEmpty();
        TradeIdentifiers.IsValidGtin(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("4006381333932", ValidationCodes.CheckDigit)] // §C.2 negative vector
    [InlineData("73513538", ValidationCodes.CheckDigit)]
    [InlineData("40063813339", ValidationCodes.InvalidFormat)]        // 11 digits
    [InlineData("106141412345678908", ValidationCodes.InvalidFormat)] // an SSCC is not a GTIN
    [InlineData("400638133393A", ValidationCodes.InvalidFormat)]
    public void ValidateGtin_Invalid_ReportsOneError(string value, string code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateGtin, value, valid: false, code);
        TradeIdentifiers.IsValidGtin(value).ShouldBeFalse();
    }

    [Theory]
    [InlineData("0614141073467", null)] // §C.2 GLN vector
    [InlineData("0614141073468", ValidationCodes.CheckDigit)]
    [InlineData("1234567890123", ValidationCodes.CheckDigit)] // the TradeLens fixture's placeholder GLN (check digit would be 8)
    [InlineData("10614141073464", ValidationCodes.InvalidFormat)] // 14 digits: a GTIN, not a GLN
    [InlineData("061414107346", ValidationCodes.InvalidFormat)]
    public void ValidateGln_Value_ReportsExpected(string value, string? code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateGln, value, code is null, code);
        TradeIdentifiers.IsValidGln(value).ShouldBe(code is null);
    }

    [Theory]
    [InlineData("106141412345678908", null)] // §C.2 SSCC vector
    [InlineData("106141412345678909", ValidationCodes.CheckDigit)]
    [InlineData("10614141234567890", ValidationCodes.InvalidFormat)]
    [InlineData("0614141073467", ValidationCodes.InvalidFormat)]
    public void ValidateSscc_Value_ReportsExpected(string value, string? code)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateSscc, value, code is null, code);
        TradeIdentifiers.IsValidSscc(value).ShouldBe(code is null);
    }

    // ------------------------------------------------------------------ equipment code, DCSA references

    [Theory]
    [InlineData("22G1", true)] // DCSA eBL 3.0 examples
    [InlineData("45R1", true)]
    [InlineData("22GP", true)] // type group
    [InlineData("20H0", true)] // TradeLens fixture
    [InlineData("L5G1", true)] // 45 ft length code L
    [InlineData("22g1", false)]
    [InlineData("2G1", false)]
    [InlineData("22G12", false)]
    [InlineData("2221", false)] // the type code starts with a letter
    [InlineData("22 1", false)]
    public void ValidateIsoEquipmentCode_Value_ErrorUnlessFourCharacterLayout(string value, bool valid)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateIsoEquipmentCode, value, valid, ValidationCodes.InvalidFormat);
        TradeIdentifiers.IsValidIsoEquipmentCode(value).ShouldBe(valid);
    }

    [Theory]
    [InlineData("SR12345A", true)]
    [InlineData("SR00001Z", true)]
    [InlineData("SR1234A", false)]
    [InlineData("SR123456A", false)]
    [InlineData("SR12345a", false)]
    [InlineData("XR12345A", false)]
    [InlineData("SR12E45A", false)]
    public void ValidateUniversalServiceReference_Value_MatchesDcsaPattern(string value, bool valid)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateUniversalServiceReference, value, valid, ValidationCodes.InvalidFormat);
        TradeIdentifiers.IsValidUniversalServiceReference(value).ShouldBe(valid);
    }

    [Theory]
    [InlineData("2103N", true)]
    [InlineData("2301W", true)]
    [InlineData("22A7E", true)]
    [InlineData("2401S", true)]
    [InlineData("2401R", true)]
    [InlineData("2301X", false)]
    [InlineData("2301w", false)]
    [InlineData("230W", false)]
    [InlineData("A301W", false)]
    [InlineData("2301NN", false)]
    public void ValidateUniversalVoyageReference_Value_MatchesDcsaPattern(string value, bool valid)
    {
        AssertValidOrSingleError(TradeIdentifiers.ValidateUniversalVoyageReference, value, valid, ValidationCodes.InvalidFormat);
        TradeIdentifiers.IsValidUniversalVoyageReference(value).ShouldBe(valid);
    }

    // ------------------------------------------------------------------ common behaviour

    public static TheoryData<string> AllValidators => new()
    {
        nameof(TradeIdentifiers.ValidateContainerNumber), nameof(TradeIdentifiers.ValidateImo), nameof(TradeIdentifiers.ValidateScac),
        nameof(TradeIdentifiers.ValidateUnLocode), nameof(TradeIdentifiers.ValidateCountryCode), nameof(TradeIdentifiers.ValidateCurrencyCode),
        nameof(TradeIdentifiers.ValidateHsCode), nameof(TradeIdentifiers.ValidateEthereumAddress), nameof(TradeIdentifiers.ValidateLei),
        nameof(TradeIdentifiers.ValidateGtin), nameof(TradeIdentifiers.ValidateGln), nameof(TradeIdentifiers.ValidateSscc),
        nameof(TradeIdentifiers.ValidateIsoEquipmentCode), nameof(TradeIdentifiers.ValidateUniversalServiceReference),
        nameof(TradeIdentifiers.ValidateUniversalVoyageReference),
    };

    [Theory]
    [MemberData(nameof(AllValidators))]
    public void Validate_NullOrEmpty_ReportsNothingButGarbageIsAnError(string name)
    {
        var validator = ByName(name);

        Issues(validator, null).ShouldBeEmpty();
        Issues(validator, string.Empty).ShouldBeEmpty();
        var issue = Issues(validator, "#").ShouldHaveSingleItem();
        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Code.ShouldBe(ValidationCodes.InvalidFormat);
        issue.Path.ShouldBe(Path);
    }

    [Theory]
    [MemberData(nameof(AllValidators))]
    public void Validate_NullCollector_Throws(string name)
    {
        var validator = ByName(name);

        Should.Throw<ArgumentNullException>(() => validator("x", Path, null!));
    }

    private static Validator ByName(string name) =>
        typeof(TradeIdentifiers).GetMethod(name)!.CreateDelegate<Validator>();

    private static IReadOnlyList<ValidationIssue> Issues(Validator validator, string? value)
    {
        var issues = new ValidationCollector();
        validator(value, Path, issues);
        return issues.ToResult().Issues;
    }

    private static void AssertValidOrSingleError(Validator validator, string value, bool valid, string? code)
    {
        var issues = Issues(validator, value);
        if (valid)
        {
            issues.ShouldBeEmpty();
            return;
        }

        var issue = issues.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Code.ShouldBe(code);
        issue.Path.ShouldBe(Path);
        issue.Message.ShouldNotBeNullOrWhiteSpace();
    }

    // Test oracle written from trade-standards.md §C.1 independently of CheckDigits: letters count up
    // from 10 and skip every multiple of 11; S = sum value * 2^i; (S mod 11) mod 10.
    private static int OracleIso6346CheckDigit(string firstTen)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = firstTen[i];
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
            }
            else
            {
                value = 10;
                for (var letter = 'A'; letter < c; letter++)
                {
                    value++;
                    if (value % 11 == 0)
                    {
                        value++;
                    }
                }
            }

            sum += value * (1 << i);
        }

        return sum % 11 % 10;
    }
}
