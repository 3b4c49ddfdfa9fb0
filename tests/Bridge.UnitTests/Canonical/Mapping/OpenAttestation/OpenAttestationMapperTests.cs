using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.OpenAttestation;
using Bridge.Canonical.Model;
using Bridge.Canonical.OpenAttestation;
using Bridge.Canonical.Validation;
using Bridge.UnitTests.Adapters;

namespace Bridge.UnitTests.Canonical.Mapping.OpenAttestation;

[Trait("Category", "Unit")]
public sealed class OpenAttestationMapperTests
{
    // Published in both v2 fixtures (Open-Attestation/open-attestation test/fixtures/v2, signature.targetHash).
    private const string V2TargetHash = "c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692";

    // Published in both v3 fixtures (test/fixtures/v3, proof.targetHash).
    private const string V3TargetHash = "797faecb7662eca4e73a82c25a2387d57acd666354c228291fcd664e6aaeb1ba";

    private const string DemoStore = "0x8bA63EAB43342AAc3AdBB4B827b68Cf4aAE5Caca";
    private const string TokenRegistry = "0x142Ca30e3b78A840a82192529cA047ED759a6F7e";

    private static readonly DateTimeOffset ReceivedAt = new(2025, 5, 2, 8, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A deployment that knows the OpenAttestation tutorial template "main" (the fixtures' template).</summary>
    private static readonly OpenAttestationMapper Configured = new(new Dictionary<string, string> { ["main"] = DocumentTypes.CertificateOfOrigin });

    [Fact]
    public void Format_IsOpenAttestation() => new OpenAttestationMapper().Format.ShouldBe(SourceFormats.OpenAttestation);

    [Theory]
    [InlineData("not-obfuscated-wrapped.json")]
    [InlineData("obfuscated-wrapped.json")]
    public void Map_V2FixtureWithTutorialTemplate_IsUnknownTemplate(string fixture)
    {
        var result = Map(new OpenAttestationMapper(), V2Fixture(fixture));

        // The integrity check passed (no finding at /signature); only the template is unknown.
        result.Documents.ShouldBeEmpty();
        var error = result.Validation.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("/data/$template/name");
        error.Code.ShouldBe(ValidationCodes.UnknownValue);
        error.Message.ShouldContain("'main'");
    }

    [Fact]
    public void Map_V2FixtureWithConfiguredTemplate_MapsIssuerAndAnchor()
    {
        var result = Map(Configured, V2Fixture("not-obfuscated-wrapped.json"));

        result.Validation.IsValid.ShouldBeTrue();
        var certificate = result.Documents.ShouldHaveSingleItem().ShouldBeOfType<CertificateOfOrigin>();

        // No number field in the tutorial template: the target hash is the document number (with a warning).
        certificate.DocumentNumber.ShouldBe(V2TargetHash);
        result.Validation.Warnings.ShouldHaveSingleItem().Path.ShouldBe("/data/cooId");

        var issuer = certificate.Issuer.ShouldNotBeNull();
        issuer.Name.ShouldBe("Demo Issuer");
        issuer.Roles.ShouldBe([PartyRoles.Issuer]);
        issuer.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = IdentifierSchemes.Zzz, Value = "demo-tradetrust.openattestation.com", Issuer = "DNS" },
            new Identifier { Scheme = IdentifierSchemes.EthAddress, Value = DemoStore },
        ]);
        certificate.Parties.ShouldHaveSingleItem().Name.ShouldBe("Demo Issuer");

        var provenance = certificate.Provenance.ShouldNotBeNull();
        provenance.SourceSystem.ShouldBe(SourceSystems.OpenAttestation);
        provenance.SourceId.ShouldBe(V2TargetHash);
        provenance.SourceVersion.ShouldBe("2.0");
        provenance.ReceivedAt.ShouldBe(ReceivedAt);
        provenance.Anchor.ShouldBe(new LedgerAnchor { Ledger = "ethereum", Contract = DemoStore, TargetHash = V2TargetHash, MerkleRoot = V2TargetHash });

        var extensions = certificate.Extensions.ShouldNotBeNull();
        extensions.Keys.Order(StringComparer.Ordinal).ShouldBe(["/data/$template/type", "/data/$template/url", "/data/recipient"]);
        extensions["/data/recipient"].GetProperty("name").GetString().ShouldBe("John Doe");
        extensions["/data/$template/url"].GetString().ShouldBe("https://tutorial-renderer.openattestation.com");
    }

    [Fact]
    public void Map_ObfuscatedV2Fixture_CountsRedactedFields()
    {
        var certificate = Map(Configured, V2Fixture("obfuscated-wrapped.json")).Documents.ShouldHaveSingleItem();

        var extensions = certificate.Extensions.ShouldNotBeNull();
        extensions["redactedFieldCount"].GetInt32().ShouldBe(1);
        extensions["/data/recipient"].EnumerateObject().ShouldBeEmpty();

        // Obfuscation does not change the target hash (trade-standards.md §E.3).
        certificate.Provenance!.Anchor!.TargetHash.ShouldBe(V2TargetHash);
    }

    [Fact]
    public void Map_V3FixtureWithConfiguredTemplate_MapsMetadata()
    {
        var result = Map(Configured, V3Fixture("v3-not-obfuscated-wrapped.json"));

        result.Validation.IsValid.ShouldBeTrue();
        var certificate = result.Documents.ShouldHaveSingleItem().ShouldBeOfType<CertificateOfOrigin>();
        certificate.DocumentNumber.ShouldBe(V3TargetHash);
        certificate.IssueDate.ShouldBe(new DateOnly(2010, 1, 1));
        certificate.Issuer!.Name.ShouldBe("Demo Issuer");
        certificate.Issuer.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = IdentifierSchemes.Zzz, Value = "demo-tradetrust.openattestation.com", Issuer = "DNS" },
            new Identifier { Scheme = IdentifierSchemes.EthAddress, Value = DemoStore },
        ]);
        certificate.Provenance!.SourceVersion.ShouldBe("3.0");
        certificate.Provenance.Anchor.ShouldBe(new LedgerAnchor { Ledger = "ethereum", Contract = DemoStore, TargetHash = V3TargetHash, MerkleRoot = V3TargetHash });

        var extensions = certificate.Extensions.ShouldNotBeNull();
        extensions["/recipient"].GetProperty("name").GetString().ShouldBe("Mary Jane");
        extensions["/credentialSubject/id"].GetString().ShouldBe("some:thing:here");
        extensions["/issuer/id"].GetString().ShouldBe("https://www.openattestation.com");
        extensions.ContainsKey("/proof").ShouldBeFalse();
        extensions.ContainsKey("/openAttestationMetadata/proof/value").ShouldBeFalse();
    }

    [Fact]
    public void Map_ObfuscatedV3Fixture_CountsRedactedFields()
    {
        var certificate = Map(Configured, V3Fixture("v3-obfuscated-wrapped.json")).Documents.ShouldHaveSingleItem();

        certificate.Extensions!["redactedFieldCount"].GetInt32().ShouldBe(1);
        // recipient.name was the only member of recipient: v3 obfuscation removed the whole object.
        certificate.Extensions.ContainsKey("/recipient").ShouldBeFalse();
    }

    [Theory]
    [InlineData("/data/issuers/0/name", "\"d722d892-03c5-479d-af14-e4e7c6a4b822:string:Evil Issuer\"", "/signature/targetHash")]
    [InlineData("/data/recipient/name", "\"f948b6d5-c75c-4c43-99f3-216efac4e00b:string:John Doe \"", "/signature/targetHash")]
    [InlineData("/data/recipient/nationality", "\"f948b6d5-c75c-4c43-99f3-216efac4e00c:string:SG\"", "/signature/targetHash")]
    [InlineData("/signature/merkleRoot", "\"c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726693\"", "/signature/merkleRoot")]
    public void Map_TamperedV2Document_IsRejectedAtTheHash(string pointer, string json, string expectedPath)
    {
        var tampered = JsonEdit.With(JsonNode.Parse(Conformance.Read("openattestation", "v2", "not-obfuscated-wrapped.json"))!, pointer, json);

        var result = Map(Configured, tampered);

        result.Documents.ShouldBeEmpty();
        var error = result.Validation.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe(expectedPath);
        error.Code.ShouldBe(ValidationCodes.Mismatch);
    }

    [Fact]
    public void Map_TamperedV3Document_IsRejectedAtTheHash()
    {
        var node = JsonNode.Parse(File.ReadAllBytes(V3Path("v3-not-obfuscated-wrapped.json")))!;

        var result = Map(Configured, JsonEdit.With(node, "/recipient/name", "\"Mary Jane Doe\""));

        result.Documents.ShouldBeEmpty();
        result.Validation.Errors.ShouldHaveSingleItem().Path.ShouldBe("/proof/targetHash");
    }

    [Fact]
    public void Map_WrappedTradeTrustBill_MapsTemplateFields()
    {
        var result = Map(new OpenAttestationMapper(), Wrap(BillOfLadingData()));

        result.Validation.Issues.ShouldBeEmpty();
        var bill = result.Documents.ShouldHaveSingleItem().ShouldBeOfType<BillOfLading>();
        bill.DocumentNumber.ShouldBe("SGCNM21566325");
        bill.Carrier.ShouldBe(new Identifier { Scheme = IdentifierSchemes.Scac, Value = "SGPU" });
        bill.IsElectronic.ShouldBe(true);

        // A token registry makes the bill transferable: to order, with a title whose holder lives on chain.
        bill.IsToOrder.ShouldBeTrue();
        bill.Title.ShouldNotBeNull().Holder.ShouldBeNull();

        bill.Parties.Select(p => (p.Name, string.Join(",", p.Roles))).ShouldBe(
        [
            ("Acme Shipping Line", PartyRoles.Issuer),
            ("A.P. Moller", PartyRoles.Carrier),
            ("Shipper Name", PartyRoles.Shipper),
            ("Consignee name", PartyRoles.Consignee),
            ("Notify Party Name", PartyRoles.Notify),
        ]);
        var shipper = bill.Parties[2];
        shipper.Address!.Street.ShouldBe("101 ORCHARD ROAD");
        shipper.Address.CountryCode.ShouldBe("SG");
        bill.Issuer!.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = IdentifierSchemes.Zzz, Value = "example.tradetrust.io", Issuer = "DNS" },
            new Identifier { Scheme = IdentifierSchemes.EthAddress, Value = TokenRegistry },
        ]);

        var transport = bill.Transport.ShouldNotBeNull();
        transport.Vessel!.Name.ShouldBe("Ever Given");
        transport.Voyage.ShouldBe("0221W");
        transport.PortOfLoading!.UnLocode.ShouldBe("SGSIN");
        transport.PortOfDischarge!.UnLocode.ShouldBe("NLRTM");
        transport.PlaceOfReceipt!.Name.ShouldBe("Jurong warehouse");
        transport.PlaceOfDelivery.ShouldBeNull();
        bill.GoodsItems.ShouldHaveSingleItem().Description.ShouldBe("Frozen durians");

        bill.Provenance!.Anchor!.ChainId.ShouldBe("11155111");
        bill.Provenance.Anchor.Contract.ShouldBe(TokenRegistry);
        var extensions = bill.Extensions.ShouldNotBeNull();
        extensions["/data/packages/0/weight"].GetString().ShouldBe("10");
        extensions["/data/packages/0/measurement"].GetString().ShouldBe("20");
        extensions["/data/network/chain"].GetString().ShouldBe("ETH");
        extensions["/data/links"].GetProperty("self").GetProperty("href").GetString().ShouldBe("https://example.com/bl");
        extensions.ContainsKey("/data/issuers/0/tokenRegistry").ShouldBeFalse();
    }

    [Fact]
    public void Map_WrappedBillOnDocumentStore_IsStraight()
    {
        var data = BillOfLadingData();
        var issuer = data["issuers"]![0]!.AsObject();
        issuer.Remove("tokenRegistry");
        issuer["documentStore"] = DemoStore;

        var bill = Map(new OpenAttestationMapper(), Wrap(data)).Documents.ShouldHaveSingleItem().ShouldBeOfType<BillOfLading>();

        bill.IsToOrder.ShouldBeFalse();
        bill.Title.ShouldBeNull();
        bill.Provenance!.Anchor!.Contract.ShouldBe(DemoStore);
    }

    [Fact]
    public void Map_ObfuscatedBill_StillVerifiesAndCountsHiddenFields()
    {
        var wrapped = Wrap(BillOfLadingData());
        var obfuscated = ((OaResult<JsonElement>.Ok)OaV2.Obfuscate(wrapped, ["consignee", "notifyParty.name"])).Value;

        var result = Map(new OpenAttestationMapper(), obfuscated);

        result.Validation.IsValid.ShouldBeTrue();
        var bill = result.Documents.ShouldHaveSingleItem();
        bill.Parties.ShouldNotContain(p => p.Roles.Contains(PartyRoles.Consignee));
        bill.Parties.ShouldNotContain(p => p.Roles.Contains(PartyRoles.Notify));
        bill.Extensions!["redactedFieldCount"].GetInt32().ShouldBe(2);
    }

    [Fact]
    public void Map_WrappedSimpleCertificateOfOrigin_MapsTemplateFields()
    {
        var result = Map(new OpenAttestationMapper(), Wrap(CertificateOfOriginData()));

        result.Validation.Issues.ShouldBeEmpty();
        var certificate = result.Documents.ShouldHaveSingleItem().ShouldBeOfType<CertificateOfOrigin>();
        certificate.DocumentNumber.ShouldBe("IMDA0001");
        certificate.IssueDate.ShouldBe(new DateOnly(2021, 9, 21));
        certificate.InvoiceNumber.ShouldBe("1122345");
        certificate.Parties.Select(p => (p.Name, string.Join(",", p.Roles))).ShouldBe(
        [
            ("IMDA", PartyRoles.Issuer),
            ("IMDA Singapore", PartyRoles.Certifier),
            ("TREASURY WINE ESTATES VINTNERS LIMITED", PartyRoles.Exporter),
            ("Singapore Wines Pte Ltd", PartyRoles.Importer),
        ]);
        var exporter = certificate.Parties[2].Address.ShouldNotBeNull();
        exporter.CountryCode.ShouldBe("AU");
        exporter.AddressLines.ShouldBe(["161 Collins Street, Melbourne", "VIC Australia"]);
        exporter.PostCode.ShouldBe("3000");
        var goods = certificate.GoodsItems.ShouldHaveSingleItem();
        goods.HsCodes.ShouldBe(["220421"]);
        goods.Description.ShouldBe("Bin 23 Pinot Noir 201");
        goods.Marks.ShouldBe(["SSCC: 59312345670002345"]);
        certificate.Transport!.PortOfLoading!.UnLocode.ShouldBe("AUMEL");
        certificate.Transport.Vessel!.Imo.ShouldBe("9367815");
        var extensions = certificate.Extensions.ShouldNotBeNull();
        extensions["/data/documentName"].GetString().ShouldBe("Form for Free Trade Agreement");
        extensions["/data/descriptionOfGoods/dateOfInvoice"].GetString().ShouldBe("5 July 2021");
    }

    [Theory]
    [InlineData("/$template/name", "\"PACKING_SLIP\"", "/data/$template/name", ValidationCodes.UnknownValue)]
    [InlineData("/$template", null, "/data/$template", ValidationCodes.Required)]
    [InlineData("/$template/name", null, "/data/$template/name", ValidationCodes.Required)]
    [InlineData("/descriptionOfGoods/hsCode", "\"22\"", "/data/descriptionOfGoods/hsCode", ValidationCodes.InvalidFormat)]
    [InlineData("/issuers/0/documentStore", "\"0x1234\"", "/data/issuers/0/documentStore", ValidationCodes.InvalidFormat)]
    [InlineData("/issuers/0/identityProof/location", "\"not a domain\"", "/data/issuers/0/identityProof/location", ValidationCodes.InvalidFormat)]
    [InlineData("/issuers/0/identityProof/type", "\"SMS\"", "/data/issuers/0/identityProof/type", ValidationCodes.UnknownValue)]
    [InlineData("/issuers", "[]", "/data/issuers", ValidationCodes.Required)]
    [InlineData("/countryOfOrigin", "\"XX\"", "/data/countryOfOrigin", ValidationCodes.UnknownValue)]
    public void Map_InvalidWrappedField_ReportsPointerAndCode(string pointer, string? json, string expectedPath, string expectedCode)
    {
        // The edit is made before wrapping, so the document verifies and the mapper sees the bad value.
        var raw = JsonNode.Parse(JsonEdit.With(CertificateOfOriginData(), pointer, json).GetRawText())!;

        var result = Map(new OpenAttestationMapper(), Wrap(raw));

        result.Validation.Errors.ShouldContain(e => e.Path == expectedPath && e.Code == expectedCode, string.Join("; ", result.Validation.Errors.Select(e => e.Path + " " + e.Code)));
    }

    [Theory]
    [InlineData("[]", "", ValidationCodes.InvalidFormat)]
    [InlineData("{}", "/version", ValidationCodes.UnknownValue)]
    [InlineData("""{"version": "https://schema.openattestation.com/2.0/schema.json", "data": 1, "signature": {}}""", "", ValidationCodes.InvalidFormat)]
    public void Map_NotAWrappedDocument_IsErrorWithoutThrowing(string json, string expectedPath, string expectedCode)
    {
        var result = Map(new OpenAttestationMapper(), JsonEdit.Parse(json));

        result.Documents.ShouldBeEmpty();
        result.Validation.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Path.ShouldBe(expectedPath),
            e => e.Code.ShouldBe(expectedCode));
    }

    [Fact]
    public void Map_ConfiguredInvoiceTemplate_UsesIdAsNumberAndKeepsFields()
    {
        var mapper = new OpenAttestationMapper(new Dictionary<string, string> { ["INVOICE"] = DocumentTypes.CommercialInvoice });
        var raw = JsonNode.Parse("""
            {
              "$template": {"name": "INVOICE", "type": "EMBEDDED_RENDERER", "url": "https://generic-templates.tradetrust.io"},
              "issuers": [{"name": "Seller Co", "documentStore": "0x8bA63EAB43342AAc3AdBB4B827b68Cf4aAE5Caca",
                           "identityProof": {"type": "DNS-TXT", "location": "seller.example.com"}}],
              "id": "INV-2021-007", "total": "1000.00"
            }
            """)!;

        var invoice = Map(mapper, Wrap(raw)).Documents.ShouldHaveSingleItem().ShouldBeOfType<CommercialInvoice>();

        invoice.DocumentNumber.ShouldBe("INV-2021-007");
        invoice.Extensions!["/data/total"].GetString().ShouldBe("1000.00");
    }

    [Fact]
    public void Constructor_UnsupportedDocumentType_Throws() =>
        Should.Throw<ArgumentException>(() => new OpenAttestationMapper(new Dictionary<string, string> { ["X"] = DocumentTypes.CustomsDeclaration }));

    [Fact]
    public void Map_AnyTemplateValueReplacedByJunk_NeverThrows()
    {
        string[] junk = ["null", "0", "-1.5", "\"\"", "\" x \"", "true", "[]", "[1]", "{}", "{\"a\":1}"];
        var runs = 0;
        foreach (var sample in new[] { BillOfLadingData(), CertificateOfOriginData() })
        {
            foreach (var pointer in Pointers(sample, string.Empty))
            {
                foreach (var value in junk)
                {
                    var raw = JsonNode.Parse(JsonEdit.With(sample, pointer, value).GetRawText())!;
                    if (raw is not JsonObject)
                    {
                        continue;
                    }

                    var result = Map(new OpenAttestationMapper(), Wrap(raw));
                    (result.Validation.IsValid || result.Validation.Errors.Any()).ShouldBeTrue();
                    runs++;
                }
            }
        }

        runs.ShouldBeGreaterThan(500);
    }

    [Fact]
    public void Map_WrappedTemplates_AreValidCanonicalDocuments()
    {
        foreach (var data in new[] { BillOfLadingData(), CertificateOfOriginData() })
        {
            var document = Map(new OpenAttestationMapper(), Wrap(data)).Documents.ShouldHaveSingleItem();

            CanonicalValidator.Validate(document).Issues.ShouldBeEmpty();
        }
    }

    private static IEnumerable<string> Pointers(JsonNode node, string prefix)
    {
        IEnumerable<(string Token, JsonNode? Child)> children = node switch
        {
            JsonObject obj => obj.Select(p => (p.Key, p.Value)),
            JsonArray array => array.Select((child, i) => (i.ToString(CultureInfo.InvariantCulture), child)),
            _ => [],
        };
        foreach (var (token, child) in children.ToList())
        {
            var pointer = JsonPointer.Append(prefix, token);
            yield return pointer;
            if (child is not null)
            {
                foreach (var inner in Pointers(child, pointer))
                {
                    yield return inner;
                }
            }
        }
    }

    private static MappingResult Map(OpenAttestationMapper mapper, JsonElement payload) =>
        mapper.Map(payload, new MappingContext(ReceivedAt, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(payload.GetRawText())))));

    private static JsonElement V2Fixture(string name) => JsonEdit.Parse(System.Text.Encoding.UTF8.GetString(Conformance.Read("openattestation", "v2", name)));

    private static string V3Path(string name) => Conformance.RepositoryPath("tests", "Bridge.UnitTests", "Canonical", "OpenAttestation", "Fixtures", name);

    private static JsonElement V3Fixture(string name) => JsonEdit.Parse(File.ReadAllText(V3Path(name)));

    /// <summary>Wraps with OpenAttestation v2 (salts from a counter, so every run wraps the same way).</summary>
    private static JsonElement Wrap(JsonNode raw)
    {
        var counter = 0;
        var result = OaV2.Wrap(JsonEdit.Element(raw), () => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"{++counter:x8}-0000-4000-8000-000000000000")));
        return result.ShouldBeOfType<OaResult<JsonElement>.Ok>().Value;
    }

    /// <summary>A TradeTrust bill of lading (fields of TradeTrust/generic-templates BillOfLading sampleV2), our own values.</summary>
    private static JsonNode BillOfLadingData() => JsonNode.Parse($$$"""
        {
          "$template": {"type": "EMBEDDED_RENDERER", "name": "BILL_OF_LADING", "url": "https://generic-templates.tradetrust.io"},
          "issuers": [{"name": "Acme Shipping Line", "tokenRegistry": "{{{TokenRegistry}}}",
                       "identityProof": {"type": "DNS-TXT", "location": "example.tradetrust.io"}}],
          "network": {"chain": "ETH", "chainId": "11155111"},
          "links": {"self": {"href": "https://example.com/bl"}},
          "scac": "SGPU",
          "blNumber": "SGCNM21566325",
          "packages": [{"description": "Frozen durians", "weight": "10", "measurement": "20"}],
          "shipper": {"name": "Shipper Name", "address": {"street": "101 ORCHARD ROAD", "country": "SG"}},
          "vessel": "Ever Given",
          "voyageNo": "0221W",
          "consignee": {"name": "Consignee name"},
          "notifyParty": {"name": "Notify Party Name"},
          "portOfDischarge": "NLRTM",
          "portOfLoading": "SGSIN",
          "carrierName": "A.P. Moller",
          "placeOfReceipt": "Jurong warehouse"
        }
        """)!;

    /// <summary>A TradeTrust simple certificate of origin (fields of TradeTrust/generic-templates SimpleCoo sampleV2).</summary>
    private static JsonNode CertificateOfOriginData() => JsonNode.Parse("""
        {
          "$template": {"type": "EMBEDDED_RENDERER", "name": "SIMPLE_COO", "url": "https://generic-templates.tradetrust.io"},
          "issuers": [{"name": "IMDA", "documentStore": "0x1245e5B64D785b25057f7438F715f4aA5D965733",
                       "identityProof": {"type": "DNS-TXT", "location": "demo-tradetrust.openattestation.com"}}],
          "documentName": "Form for Free Trade Agreement",
          "issueDateAndTime": "2021-09-21",
          "issueIn": "IMDA Singapore",
          "cooId": "IMDA0001",
          "exporterDetails": {"exportCountry": "AU", "exporterName": "TREASURY WINE ESTATES VINTNERS LIMITED",
                              "exporterAddress": {"line1": "161 Collins Street, Melbourne", "line2": "VIC Australia", "postalCode": "3000"}},
          "importerDetails": {"importCountry": "SG", "importerName": "Singapore Wines Pte Ltd",
                              "importerAddress": {"line1": "10 Pasir Panjang Road", "line2": "#03-01, Mapletree Business City", "postalCode": "117438"}},
          "descriptionOfGoods": {"includedConsignments": "SG", "importerNameMarksAndNumber": "SSCC: 59312345670002345",
                                 "numberAndKindOfPackage": "Bin 23 Pinot Noir 201", "hsCode": "2204.21", "invoiceNumber": "1122345",
                                 "dateOfInvoice": "5 July 2021", "loadingBaseportLocationName": "AUMEL",
                                 "mainCarriageTransportMovementId": "IMO 9367815"}
        }
        """)!;
}
