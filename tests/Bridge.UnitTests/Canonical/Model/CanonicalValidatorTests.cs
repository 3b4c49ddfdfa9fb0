using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Model;

[Trait("Category", "Unit")]
public sealed class CanonicalValidatorTests
{
    private static readonly LogisticsEvent Load = new()
    {
        Category = "EQUIPMENT",
        Classifier = "ACT",
        TypeCode = "LOAD",
        EventDateTime = new DateTimeOffset(2026, 1, 20, 14, 15, 0, TimeSpan.Zero),
        Equipment = new TransportEquipment { EquipmentReference = "APZU4812090", IsoEquipmentCode = "22GP", EmptyIndicator = "LADEN" },
        Location = new Location { UnLocode = "NLRTM" },
    };

    [Fact]
    public void Validate_GoodEvent_IsValidWithoutFindings() =>
        CanonicalValidator.Validate(Load).Issues.ShouldBeEmpty();

    [Fact]
    public void Validate_TypeCodeOfAnotherCategory_IsAnError()
    {
        var result = CanonicalValidator.Validate(Load with { TypeCode = "ARRI" });

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("/typeCode");
    }

    [Fact]
    public void Validate_ContainerCheckDigitWrong_IsOnlyAWarning()
    {
        var result = CanonicalValidator.Validate(Load with { Equipment = Load.Equipment! with { EquipmentReference = "CSQU3054384" } });

        result.IsValid.ShouldBeTrue();
        var warning = result.Warnings.ShouldHaveSingleItem();
        warning.Path.ShouldBe("/equipment/equipmentReference");
        warning.Code.ShouldBe(ValidationCodes.CheckDigit);
    }

    [Theory]
    [InlineData("XYABC", "/location/unLocode")]
    [InlineData("NLR1M", "/location/unLocode")]
    public void Validate_BadUnLocode_IsAnErrorAtItsPath(string locode, string path)
    {
        var result = CanonicalValidator.Validate(Load with { Location = new Location { UnLocode = locode } });

        result.Errors.ShouldContain(i => i.Path == path);
    }

    [Fact]
    public void Validate_UnknownCurrencyOnAnInvoice_IsAnError()
    {
        var invoice = new CommercialInvoice
        {
            DocumentNumber = "INV-1",
            Currency = "EUR",
            TotalAmount = new Money { Amount = 10m, Currency = "ABC" },
        };

        CanonicalValidator.Validate(invoice).Errors.ShouldHaveSingleItem().Path.ShouldBe("/totalAmount/currency");
    }

    [Fact]
    public void Validate_EndorsedStraightBill_IsAnError()
    {
        var bill = new BillOfLading
        {
            DocumentNumber = "BL1",
            IsToOrder = false,
            Title = new TitleState { Endorsee = new Party { Name = "Bank" } },
        };

        CanonicalValidator.Validate(bill).Errors.ShouldContain(i => i.Path == "/title/endorsee" && i.Code == ValidationCodes.Mismatch);
    }

    [Fact]
    public void Validate_PartyWithBadLeiCheckDigitAndUnknownRole_RoleIsAnErrorLeiAWarning()
    {
        var bill = new SeaWaybill
        {
            DocumentNumber = "SWB1",
            Parties = [new Party { Name = "Bank", Roles = ["LENDER"], Identifiers = [new Identifier { Scheme = "LEI", Value = "111100T8BM49ADCSAO65" }] }],
        };

        var result = CanonicalValidator.Validate(bill);

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("/parties/0/roles/0");
        var warning = result.Warnings.ShouldHaveSingleItem();
        warning.Path.ShouldBe("/parties/0/identifiers/0/value");
        warning.Code.ShouldBe(ValidationCodes.CheckDigit);
    }

    [Fact]
    public void Validate_MalformedLei_IsAnError()
    {
        var bill = new SeaWaybill { DocumentNumber = "SWB1", Parties = [new Party { Name = "Bank", Identifiers = [new Identifier { Scheme = "LEI", Value = "NOT-AN-LEI" }] }] };

        CanonicalValidator.Validate(bill).Errors.ShouldHaveSingleItem().Path.ShouldBe("/parties/0/identifiers/0/value");
    }

    [Fact]
    public void Validate_HsCodeTooShortInGoods_IsAnError()
    {
        var bill = new SeaWaybill { DocumentNumber = "SWB1", GoodsItems = [new GoodsItem { HsCodes = ["0901"] }] };

        CanonicalValidator.Validate(bill).Errors.ShouldHaveSingleItem().Path.ShouldBe("/goodsItems/0/hsCodes/0");
    }

    [Fact]
    public void Validate_TitleChainOutOfOrder_IsAnError()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var bill = new BillOfLading
        {
            DocumentNumber = "BL1",
            IsToOrder = true,
            Title = new TitleState
            {
                Chain =
                [
                    new TitleTransfer { Action = TitleActions.Issue, At = at },
                    new TitleTransfer { Action = TitleActions.Transfer, At = at.AddHours(-1) },
                ],
            },
        };

        CanonicalValidator.Validate(bill).Errors.ShouldHaveSingleItem().Path.ShouldBe("/title/chain/1/at");
    }
}
