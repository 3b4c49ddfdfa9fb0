using Bridge.Relay.Registry;

namespace Bridge.UnitTests.Relay.Registry;

[Trait("Category", "Unit")]
public sealed class ParticipantValidatorTests
{
    private const string BloombergLei = "5493001KJTIIGC8Y1R12";

    private static ParticipantInput Valid(
        string? name = "acme-shipping",
        string? displayName = null,
        IReadOnlyList<string?>? roles = null,
        IReadOnlyList<PartyIdentifierInput?>? identifiers = null) =>
        new(name, displayName, roles ?? ["carrier", "shipper"], identifiers ?? [new PartyIdentifierInput("lei", BloombergLei), new PartyIdentifierInput("scac", "ACME")]);

    private static (string Path, string Code)[] Findings(ParticipantInput input)
    {
        var (draft, result) = ParticipantValidator.Validate(input);
        if (!result.IsValid)
        {
            draft.ShouldBeNull();
        }

        return [.. result.Issues.Select(i => (i.Path, i.Code))];
    }

    [Fact]
    public void Validate_ValidParticipant_ReturnsDraftWithDisplayNameDefaultingToName()
    {
        var (draft, result) = ParticipantValidator.Validate(Valid());

        result.Issues.ShouldBeEmpty();
        draft.ShouldNotBeNull();
        draft.Name.ShouldBe("acme-shipping");
        draft.DisplayName.ShouldBe("acme-shipping");
        draft.Roles.ShouldBe(["carrier", "shipper"]);
        draft.Identifiers.ShouldBe([new PartyIdentifier("lei", BloombergLei), new PartyIdentifier("scac", "ACME")]);
    }

    [Fact]
    public void Validate_DisplayNameGiven_KeepsIt()
    {
        ParticipantValidator.Validate(Valid(displayName: "ACME Shipping Ltd.")).Draft.ShouldNotBeNull().DisplayName.ShouldBe("ACME Shipping Ltd.");
    }

    [Fact]
    public void Validate_IdentifiersAbsent_GivesAnEmptyList()
    {
        var (draft, _) = ParticipantValidator.Validate(new ParticipantInput("acme", null, ["bank"], null));

        draft.ShouldNotBeNull().Identifiers.ShouldBeEmpty();
    }

    [Fact]
    public void Validate_EveryTradeRole_IsAccepted()
    {
        ParticipantValidator.TradeRoles.ShouldBe(
            ["carrier", "shipper", "consignee", "notify-party", "forwarder", "bank", "customs", "terminal", "insurer", "inspector"]);

        var (draft, _) = ParticipantValidator.Validate(Valid(roles: [.. ParticipantValidator.TradeRoles]));

        draft.ShouldNotBeNull().Roles.ShouldBe(ParticipantValidator.TradeRoles);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("ACME", "invalid-format")]
    [InlineData("-acme", "invalid-format")]
    public void Validate_BadName_ReportsNamePointer(string? name, string code)
    {
        Findings(Valid(name: name)).ShouldBe([("/name", code)]);
    }

    [Theory]
    [InlineData(201, "too-long")]
    [InlineData(0, "invalid-format")]
    public void Validate_BadDisplayName_ReportsDisplayNamePointer(int length, string code)
    {
        Findings(Valid(displayName: new string('d', length))).ShouldBe([("/displayName", code)]);
    }

    [Fact]
    public void Validate_DisplayNameWithNewline_ReportsInvalidFormat()
    {
        Findings(Valid(displayName: "ACME\nShipping")).ShouldBe([("/displayName", "invalid-format")]);
    }

    [Fact]
    public void Validate_RolesMissing_ReportsRequired()
    {
        Findings(Valid() with { Roles = null }).ShouldBe([("/roles", "required")]);
        Findings(Valid() with { Roles = [] }).ShouldBe([("/roles", "required")]);
    }

    [Fact]
    public void Validate_ElevenRoles_ReportsTooMany()
    {
        Findings(Valid(roles: [.. ParticipantValidator.TradeRoles, "carrier"])).ShouldBe([("/roles", "too-many")]);
    }

    [Theory]
    [InlineData("pirate", "unknown-value")]
    [InlineData("Carrier", "unknown-value")]
    [InlineData("carrier", "duplicate")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void Validate_BadSecondRole_ReportsItsIndex(string? role, string code)
    {
        Findings(Valid(roles: ["carrier", role])).ShouldBe([("/roles/1", code)]);
    }

    [Fact]
    public void Validate_NullIdentifierEntry_ReportsItsIndex()
    {
        Findings(Valid(identifiers: [new PartyIdentifierInput("scac", "ACME"), null])).ShouldBe([("/identifiers/1", "required")]);
    }

    [Theory]
    [InlineData("duns")]
    [InlineData("LEI")]
    [InlineData("imo")]
    public void Validate_UnknownScheme_ReportsSchemePointer(string scheme)
    {
        Findings(Valid(identifiers: [new PartyIdentifierInput(scheme, "123456789")])).ShouldBe([("/identifiers/0/scheme", "unknown-value")]);
    }

    [Theory]
    [InlineData("lei", "5493001KJTIIGC8Y1R13", "check-digit")]
    [InlineData("lei", "549300", "invalid-format")]
    [InlineData("scac", "acme", "invalid-format")]
    [InlineData("gln", "0614141073468", "check-digit")]
    [InlineData("bic", "DEUT", "invalid-format")]
    [InlineData("eori", "DE", "invalid-format")]
    public void Validate_BadIdentifierValue_ReportsValuePointer(string scheme, string value, string code)
    {
        Findings(Valid(identifiers: [new PartyIdentifierInput("scac", "ACME"), new PartyIdentifierInput(scheme, value)]))
            .ShouldBe([("/identifiers/1/value", code)]);
    }

    [Fact]
    public void Validate_IdentifierWithoutScheme_ReportsSchemeRequired()
    {
        Findings(Valid(identifiers: [new PartyIdentifierInput(null, BloombergLei)])).ShouldBe([("/identifiers/0/scheme", "required")]);
    }

    [Fact]
    public void Validate_IdentifierWithoutValue_ReportsValueRequired()
    {
        Findings(Valid(identifiers: [new PartyIdentifierInput("lei", " ")])).ShouldBe([("/identifiers/0/value", "required")]);
    }

    [Fact]
    public void Validate_IdentifierWithNeitherSchemeNorValue_ReportsBoth()
    {
        Findings(Valid(identifiers: [new PartyIdentifierInput(null, null)]))
            .ShouldBe([("/identifiers/0/scheme", "required"), ("/identifiers/0/value", "required")]);
    }

    [Fact]
    public void Validate_SameIdentifierTwice_ReportsTheSecondAsDuplicate()
    {
        Findings(Valid(identifiers:
        [
            new PartyIdentifierInput("lei", BloombergLei),
            new PartyIdentifierInput("scac", "ACME"),
            new PartyIdentifierInput("lei", BloombergLei),
        ])).ShouldBe([("/identifiers/2", "duplicate")]);
    }

    [Fact]
    public void Validate_SameValueUnderDifferentSchemes_IsNotADuplicate()
    {
        var (draft, _) = ParticipantValidator.Validate(Valid(identifiers: [new PartyIdentifierInput("scac", "ACME"), new PartyIdentifierInput("eori", "ACME")]));

        draft.ShouldNotBeNull().Identifiers.Count.ShouldBe(2);
    }

    [Fact]
    public void Validate_TwentyIdentifiers_IsAccepted()
    {
        var identifiers = Enumerable.Range(0, ParticipantValidator.MaxIdentifiers).Select(i => (PartyIdentifierInput?)new PartyIdentifierInput("eori", $"DE{i}")).ToList();

        ParticipantValidator.MaxIdentifiers.ShouldBe(20);
        ParticipantValidator.Validate(Valid(identifiers: identifiers)).Draft.ShouldNotBeNull().Identifiers.Count.ShouldBe(20);
    }

    [Fact]
    public void Validate_TwentyOneIdentifiers_ReportsTooManyOnly()
    {
        var identifiers = Enumerable.Range(0, 21).Select(i => (PartyIdentifierInput?)new PartyIdentifierInput("eori", $"DE{i}")).ToList();

        Findings(Valid(identifiers: identifiers)).ShouldBe([("/identifiers", "too-many")]);
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryOneInInputOrder()
    {
        var findings = Findings(new ParticipantInput(
            "Acme",
            null,
            ["carrier", "smuggler"],
            [new PartyIdentifierInput("lei", "5493001KJTIIGC8Y1R13"), new PartyIdentifierInput("duns", "150483782")]));

        findings.ShouldBe(
        [
            ("/name", "invalid-format"),
            ("/roles/1", "unknown-value"),
            ("/identifiers/0/value", "check-digit"),
            ("/identifiers/1/scheme", "unknown-value"),
        ]);
    }

    [Fact]
    public void Validate_NullInput_Throws()
    {
        Should.Throw<ArgumentNullException>(() => ParticipantValidator.Validate(null!));
    }
}
