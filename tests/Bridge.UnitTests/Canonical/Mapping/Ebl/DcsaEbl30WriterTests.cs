using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Mapping.Ebl;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Mapping.Ebl;

[Trait("Category", "Unit")]
public sealed class DcsaEbl30WriterTests
{
    private static readonly DcsaEbl30Writer Writer = new();

    [Theory]
    [InlineData(EblSamples.NegotiableFixture)]
    [InlineData(EblSamples.StraightFixture)]
    public void Write_MappedConformanceTemplate_GivesBackTheInput(string fixture)
    {
        var input = EblSamples.WithReference(fixture);
        var document = EblSamples.MapValid(input);

        var written = Writer.Write(document);

        written.Validation.Errors.ShouldBeEmpty();
        var output = JsonNode.Parse(written.Utf8Json)!;

        // The one difference is deliberate: the templates give carrier-owned containers in the shipping-instructions
        // form (equipmentReference directly on the utilized equipment); the writer uses the TransportDocument form.
        var expected = JsonNode.Parse(input.GetRawText())!;
        foreach (var equipment in expected["utilizedTransportEquipments"]!.AsArray())
        {
            var reference = equipment!["equipmentReference"]!.GetValue<string>();
            equipment.AsObject().Remove("equipmentReference");
            equipment["equipment"] = new JsonObject { ["equipmentReference"] = reference };
        }

        EblSamples.Sorted(output).ShouldBe(EblSamples.Sorted(expected));
    }

    [Fact]
    public void Write_MappedSchemaExample_GivesBackTheInputExactly()
    {
        var input = EblSamples.Parse(EblSamples.RegularStdExample);

        var written = Writer.Write(EblSamples.MapValid(input));

        EblSamples.Sorted(JsonNode.Parse(written.Utf8Json!)).ShouldBe(EblSamples.Sorted(JsonNode.Parse(input.GetRawText())));
    }

    [Fact]
    public void Write_WrittenDocument_IsUtf8WithoutEscapedText()
    {
        var written = Writer.Write(EblSamples.MapValid(EblSamples.Parse(EblSamples.RegularStdExample)));

        System.Text.Encoding.UTF8.GetString(written.Utf8Json!).ShouldContain("\"vesselName\":\"MSC Gülsün\"");
    }

    [Fact]
    public void WriteThenMap_GeneratedDocuments_KeepContentHash()
    {
        var mapper = new DcsaEbl30Mapper();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var document = TransportDocumentGenerator.Create(seed);
            var written = Writer.Write(document);
            if (!written.IsSuccess)
            {
                throw new InvalidOperationException($"seed {seed}: writer refused: {Describe(written.Validation)}");
            }

            using var json = JsonDocument.Parse(written.Utf8Json);
            var mapped = mapper.Map(json.RootElement, EblSamples.ContextFor(json.RootElement));
            if (!mapped.Validation.IsValid || mapped.Documents.Count != 1)
            {
                throw new InvalidOperationException($"seed {seed}: mapper refused: {Describe(mapped.Validation)}");
            }

            var again = mapped.Documents[0];
            var same = ContentHashing.Of(again) == ContentHashing.Of(document);
            if (!same)
            {
                throw new InvalidOperationException($"seed {seed}: hash changed\nbefore {Canonical(document)}\nafter  {Canonical(again)}");
            }

            return same;
        }));
    }

    [Fact]
    public void WriteThenMap_GeneratedDocuments_AreValidCanonicalDocuments()
    {
        // The generator stays inside what the canonical validator accepts, so the round trip checks real documents.
        for (var seed = 0; seed < 200; seed++)
        {
            CanonicalValidator.Validate(TransportDocumentGenerator.Create(seed)).Errors.ShouldBeEmpty($"seed {seed}");
        }
    }

    [Fact]
    public void Write_TitleChain_IsNotRepresentable()
    {
        var bill = Negotiable();
        var transferred = bill with
        {
            Title = bill.Title! with
            {
                Chain = [new TitleTransfer { Action = TitleActions.Transfer, At = EblSamples.ReceivedAt, Platform = "WAVE" }],
            },
        };

        ShouldRefuse(transferred, "/title/chain");
    }

    [Fact]
    public void Write_HolderOtherThanIssueToParty_IsNotRepresentable()
    {
        var bill = Negotiable();

        ShouldRefuse(bill with { Title = bill.Title! with { Holder = new Party { Name = "Bank", Roles = [PartyRoles.Holder] } } }, "/title");
    }

    [Theory]
    [InlineData("vessel")]
    [InlineData("identifier")]
    [InlineData("role")]
    [InlineData("originCountry")]
    [InlineData("sealType")]
    [InlineData("attachment")]
    [InlineData("unit")]
    [InlineData("equipmentReferences")]
    [InlineData("extension")]
    [InlineData("carrier")]
    [InlineData("issuer")]
    [InlineData("dangerousGoods")]
    [InlineData("portAddress")]
    public void Write_ValueEblCannotCarry_IsTypedError(string what)
    {
        var bill = Negotiable();
        var (document, path) = what switch
        {
            "vessel" => (bill with { Transport = new Transport { Vessel = new Vessel { Name = "Ever Ace", Imo = "9893890" } } }, "/transport/vessel"),
            "identifier" => (bill with { Parties = [bill.Parties[0] with { Identifiers = [new Identifier { Scheme = IdentifierSchemes.Iso6346, Value = "APZU4812090" }] }, .. bill.Parties.Skip(1)] }, "/parties/0/identifiers/0/scheme"),
            "role" => (bill with { Parties = [.. bill.Parties, new Party { Name = "Carrier", Roles = [PartyRoles.Carrier] }] }, $"/parties/{bill.Parties.Count}/roles/0"),
            "originCountry" => (bill with { GoodsItems = [bill.GoodsItems[0] with { OriginCountry = "BR" }] }, "/goodsItems/0/originCountry"),
            "sealType" => (bill with { Equipment = [bill.Equipment[0] with { Seals = [new Seal { Number = "S1", Type = "BLT" }] }] }, "/equipment/0/seals/0/type"),
            "attachment" => (bill with { Attachments = [new Attachment { Name = "bl.pdf", Sha256 = new string('a', 64) }] }, "/attachments"),
            "unit" => (bill with { GoodsItems = [bill.GoodsItems[0] with { GrossWeight = new Measure { Value = 5, Unit = "TNE" } }] }, "/goodsItems/0/grossWeight/unit"),
            "equipmentReferences" => (bill with { EquipmentReferences = ["APZU4812090"] }, "/equipmentReferences"),
            "extension" => (bill with { Extensions = new Dictionary<string, JsonElement> { ["/nowhere/deep"] = EblSamples.Parse("1") } }, "/extensions/~1nowhere~1deep"),
            "carrier" => (bill with { Carrier = new Identifier { Scheme = IdentifierSchemes.Lei, Value = "529900T8BM49AURSDO55" } }, "/carrier/scheme"),
            "issuer" => (bill with { Issuer = new Party { Name = "Someone else", Roles = [PartyRoles.Issuer] } }, "/issuer"),
            "dangerousGoods" => (bill with { GoodsItems = [bill.GoodsItems[0] with { DangerousGoods = true }] }, "/goodsItems/0/dangerousGoods"),
            "portAddress" => (bill with { Transport = new Transport { PortOfLoading = new Location { Address = new Address { Street = "Kaai 1", City = "Antwerp", CountryCode = "BE" } } } }, "/transport/portOfLoading/address"),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        ShouldRefuse(document, path);
    }

    [Fact]
    public void Write_SeaWaybill_WritesSwbNotToOrder()
    {
        var waybill = new SeaWaybill { DocumentNumber = "SWB-1", Status = "ISSUED" };

        var node = JsonNode.Parse(Writer.Write(waybill).Utf8Json!)!;

        node["transportDocumentTypeCode"]!.GetValue<string>().ShouldBe("SWB");
        node["isToOrder"]!.GetValue<bool>().ShouldBeFalse();
        node["transportDocumentStatus"]!.GetValue<string>().ShouldBe("ISSUED");
    }

    [Fact]
    public void Write_DocumentNumberLongerThanEblAllows_IsTypedError()
    {
        var result = Writer.Write(new SeaWaybill { DocumentNumber = new string('A', 21) });

        result.Utf8Json.ShouldBeNull();
        result.Validation.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Path.ShouldBe("/documentNumber"),
            e => e.Code.ShouldBe(ValidationCodes.NotRepresentable));
    }

    private static BillOfLading Negotiable() =>
        EblSamples.MapValid(EblSamples.WithReference(EblSamples.NegotiableFixture)).ShouldBeOfType<BillOfLading>();

    private static void ShouldRefuse(TransportDocument document, string path)
    {
        var result = Writer.Write(document);

        result.IsSuccess.ShouldBeFalse();
        result.Utf8Json.ShouldBeNull();
        result.Validation.Errors.ShouldContain(e => e.Path == path && e.Code == ValidationCodes.NotRepresentable, Describe(result.Validation));
    }

    private static string Describe(ValidationResult validation) =>
        string.Join("; ", validation.Issues.Select(i => $"{i.Severity} {i.Path} {i.Code} {i.Message}"));

    private static string Canonical(TradeDocument document) =>
        System.Text.Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(document with { Provenance = null }));
}
