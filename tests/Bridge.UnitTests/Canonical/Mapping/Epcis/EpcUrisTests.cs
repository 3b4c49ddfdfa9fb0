using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Mapping.Epcis;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Mapping.Epcis;

[Trait("Category", "Unit")]
public sealed class EpcUrisTests
{
    // Published GS1 key vectors (trade-standards.md §C.2) and values derived by hand from the EPC Tag Data Standard
    // rules (indicator/extension digit first, then company prefix, then reference, then the mod-10 check digit).
    public static TheoryData<string, string, string, string?> Parsed => new()
    {
        { "urn:epc:id:sgtin:0614141.107346.2017", "Sgtin", "10614141073464", "2017" },
        { "urn:epc:id:sscc:0614141.1234567890", "Sscc", "106141412345678908", null },
        { "urn:epc:id:sgln:0614141.07346.1234", "Sgln", "0614141073467", "1234" },
        { "urn:epc:id:sgln:0614141.07346.0", "Sgln", "0614141073467", null },
        { "urn:epc:id:sgln:4012345.00001.0", "Sgln", "4012345000016", null },                // check: sum 34 -> 6
        { "urn:epc:id:grai:0614141.12345.400", "Grai", "00614141123452400", null },          // check: sum 78 -> 2
        { "urn:epc:id:giai:4000001.111", "Giai", "4000001111", null },
        { "urn:epc:id:giai:4000001.A%2FB", "Giai", "4000001A/B", null },                     // URI escape decoded
        { "urn:epc:id:bic:CSQU3054383", "Container", "CSQU3054383", null },
        { "urn:epc:id:imovn:9321483", "Vessel", "9321483", null },
        { "urn:epc:class:lgtin:4012345.012345.998877", "GtinClass", "04012345123456", "998877" }, // check: sum 64 -> 6
        { "urn:epc:idpat:sgtin:4012345.098765.*", "GtinClass", "04012345987652", null },          // check: sum 108 -> 2
        { "https://id.gs1.org/01/10614141073464/21/2017", "Sgtin", "10614141073464", "2017" },
        { "https://id.gs1.org/01/04012345123456/10/998877", "GtinClass", "04012345123456", "998877" },
        { "https://id.gs1.org/01/4006381333931", "GtinClass", "04006381333931", null },        // GTIN-13 padded to 14
        { "https://example.com/some/prefix/01/10614141073464/22/A/21/X%2F1", "Sgtin", "10614141073464", "X/1" },
        { "https://id.gs1.org/00/106141412345678908", "Sscc", "106141412345678908", null },
        { "https://id.gs1.org/414/0614141073467", "Sgln", "0614141073467", null },
        { "https://id.gs1.org/414/0614141073467/254/1", "Sgln", "0614141073467", "1" },
        { "https://id.gs1.org/8003/00614141123452400", "Grai", "00614141123452400", null },
        { "https://id.gs1.org/8004/4000001111", "Giai", "4000001111", null },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void Parse_KnownSchemes_GiveGs1Keys(string uri, string kind, string value, string? qualifier)
    {
        var result = EpcUris.Parse(uri);

        result.Status.ShouldBe(EpcParseStatus.Parsed);
        result.Epc.Kind.ToString().ShouldBe(kind);
        result.Epc.Value.ShouldBe(value);
        result.Epc.Qualifier.ShouldBe(qualifier);
    }

    [Theory]
    [InlineData("urn:epc:id:gdti:0614141.12345.400")]
    [InlineData("urn:epc:idpat:sgtin:4012345.*.*")]
    [InlineData("urn:uuid:0b6e7c2a-9c1e-4c55-9a51-3c2d8c1e0001")]
    [InlineData("https://example.com/things/42")]
    [InlineData("https://id.gs1.org/253/4012345000054987")]
    [InlineData("geo:51.9,4.1")]
    [InlineData("urn:epc:id:")]
    public void Parse_OtherUris_AreNotRecognised(string uri)
    {
        EpcUris.Parse(uri).Status.ShouldBe(EpcParseStatus.NotRecognised);
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:0614141.10734.2017", ValidationCodes.InvalidFormat)]   // 12 digits, not 13
    [InlineData("urn:epc:id:sgtin:0614141.107346", ValidationCodes.InvalidFormat)]       // no serial
    [InlineData("urn:epc:id:sgtin:06141.1073461.1", ValidationCodes.InvalidFormat)]      // company prefix of 5
    [InlineData("urn:epc:id:sscc:0614141.123456789", ValidationCodes.InvalidFormat)]
    [InlineData("urn:epc:id:sgln:0614141.0734X.0", ValidationCodes.InvalidFormat)]
    [InlineData("urn:epc:id:grai:0614141.12345", ValidationCodes.InvalidFormat)]
    [InlineData("urn:epc:id:giai:4000001", ValidationCodes.InvalidFormat)]
    [InlineData("urn:epc:id:bic:CSQX3054383", ValidationCodes.InvalidFormat)]
    [InlineData("urn:epc:id:imovn:IMO9321483", ValidationCodes.InvalidFormat)]
    [InlineData("https://id.gs1.org/01/10614141073465", ValidationCodes.CheckDigit)]
    [InlineData("https://id.gs1.org/01/1061414107346", ValidationCodes.CheckDigit)]      // 13 digits, wrong check
    [InlineData("https://id.gs1.org/01/106141410734", ValidationCodes.CheckDigit)]
    [InlineData("https://id.gs1.org/01/123", ValidationCodes.InvalidFormat)]
    [InlineData("https://id.gs1.org/00/106141412345678909", ValidationCodes.CheckDigit)]
    [InlineData("https://id.gs1.org/414/061414107346", ValidationCodes.InvalidFormat)]
    [InlineData("https://id.gs1.org/8003/00614141123453400", ValidationCodes.CheckDigit)]
    public void Parse_BrokenGs1Uris_AreMalformed(string uri, string code)
    {
        var result = EpcUris.Parse(uri);

        result.Status.ShouldBe(EpcParseStatus.Malformed);
        result.Code.ShouldBe(code);
        result.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("061414107346", '7')] // GLN 0614141073467
    [InlineData("400638133393", '1')] // GTIN-13 4006381333931
    [InlineData("7351353", '7')]      // GTIN-8 73513537
    [InlineData("10614141234567890", '8')]
    public void Gs1CheckDigit_PublishedVectors(string body, char expected)
    {
        EpcUris.Gs1CheckDigit(body).ShouldBe(expected);
    }

    [Fact]
    public void Parse_AnySgtinPartition_GivesValidGtinThatRoundTripsThroughDigitalLink()
    {
        // Company prefixes of 6..12 digits (TDS partition table) with the item reference filling up to 13 digits:
        // the GTIN must pass the independent GS1 check (CheckDigits) and the Digital Link form must give the same key.
        var gen = from prefixLength in Gen.Choose(6, 12)
                  from digits in Gen.ArrayOf(Gen.Choose(0, 9), 13)
                  from serial in Gen.Choose(0, 99999)
                  select (prefixLength, string.Concat(digits), serial);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), t =>
        {
            var (prefixLength, digits, serial) = t;
            var uri = $"urn:epc:id:sgtin:{digits[..prefixLength]}.{digits[prefixLength..]}.{serial}";
            var parsed = EpcUris.Parse(uri);
            var gtin = parsed.Epc.Value;
            var fromLink = EpcUris.Parse($"https://id.gs1.org/01/{gtin}/21/{serial}");
            return parsed.Status == EpcParseStatus.Parsed
                && gtin.Length == 14
                && gtin[0] == digits[prefixLength]
                && gtin.AsSpan(1, prefixLength).SequenceEqual(digits.AsSpan(0, prefixLength))
                && CheckDigits.IsValidGs1(gtin)
                && fromLink.Epc == parsed.Epc;
        }));
    }

    [Fact]
    public void Parse_AnySsccPartition_GivesValidSscc()
    {
        var gen = from prefixLength in Gen.Choose(6, 12)
                  from digits in Gen.ArrayOf(Gen.Choose(0, 9), 17)
                  select (prefixLength, string.Concat(digits));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), t =>
        {
            var (prefixLength, digits) = t;
            var parsed = EpcUris.Parse($"urn:epc:id:sscc:{digits[..prefixLength]}.{digits[prefixLength..]}");
            return parsed.Status == EpcParseStatus.Parsed
                && TradeIdentifiers.IsValidSscc(parsed.Epc.Value)
                && EpcUris.Parse("https://id.gs1.org/00/" + parsed.Epc.Value).Epc == parsed.Epc;
        }));
    }
}
