using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.UnitTests.Canonical.Mapping.Tnt;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Model;

[Trait("Category", "Unit")]
public sealed class ContentHashingTests
{
    private static readonly LogisticsEvent Arrival = new()
    {
        SourceEventId = "evt-1",
        Category = "TRANSPORT",
        Classifier = "ACT",
        TypeCode = "ARRI",
        EventDateTime = new DateTimeOffset(2021, 1, 9, 14, 12, 56, TimeSpan.FromHours(1)),
        Location = new Location { UnLocode = "FRPAR", Name = "Paris" },
    };

    private static readonly Provenance FromDcsa = new()
    {
        SourceSystem = SourceSystems.DcsaTnt,
        ReceivedAt = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero),
        RawSha256 = new string('a', 64),
    };

    [Fact]
    public void Of_Event_IsSha256OfTheJcsFormWithoutProvenance()
    {
        // Independent derivation: the canonical JSON written by hand in RFC 8785 form (members sorted, no spaces).
        const string jcs = """{"category":"TRANSPORT","classifier":"ACT","eventDateTime":"2021-01-09T14:12:56+01:00","isRetracted":false,"location":{"name":"Paris","unLocode":"FRPAR"},"sourceEventId":"evt-1","typeCode":"ARRI"}""";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jcs)));

        ContentHashing.Of(Arrival with { Provenance = FromDcsa }).ShouldBe(expected);
    }

    [Fact]
    public void Of_SameEventFromTwoSources_HashesTheSame() =>
        ContentHashing.Of(Arrival with { Provenance = FromDcsa })
            .ShouldBe(ContentHashing.Of(Arrival with { Provenance = FromDcsa with { SourceSystem = SourceSystems.TradeLens, RawSha256 = new string('b', 64) } }));

    [Fact]
    public void Of_DifferentOffsetSameInstant_HashesDifferently() =>
        ContentHashing.Of(Arrival).ShouldNotBe(ContentHashing.Of(Arrival with { EventDateTime = Arrival.EventDateTime.ToOffset(TimeSpan.Zero) }));

    [Fact]
    public void Of_ChangedLocation_HashesDifferently() =>
        ContentHashing.Of(Arrival).ShouldNotBe(ContentHashing.Of(Arrival with { Location = new Location { UnLocode = "DEHAM" } }));

    [Fact]
    public void IdOf_SameSourceAndKey_IsStable_AndDiffersBetweenSources()
    {
        var hash = ContentHashing.Of(Arrival);
        var a = NaturalKeys.IdOf(Arrival with { Provenance = FromDcsa }, hash);
        var b = NaturalKeys.IdOf(Arrival with { Provenance = FromDcsa with { ReceivedAt = FromDcsa.ReceivedAt.AddDays(1) } }, hash);
        var c = NaturalKeys.IdOf(Arrival with { Provenance = FromDcsa with { SourceSystem = SourceSystems.TradeLens } }, hash);

        a.ShouldBe(b);
        a.ShouldNotBe(c);
        NaturalKeys.Of(Arrival, hash).ShouldBe("event:evt-1");
        NaturalKeys.Of(Arrival with { SourceEventId = null }, hash).ShouldBe("event:sha256:" + hash);
    }

    [Fact]
    public void NaturalKey_OfBill_UsesCarrierAndNumber()
    {
        var bill = new BillOfLading { DocumentNumber = "HHL1", Carrier = new Identifier { Scheme = "SCAC", Value = "HLCU" } };

        NaturalKeys.Of(bill).ShouldBe("document:BILL_OF_LADING:SCAC=HLCU:HHL1");
    }

    [Fact]
    public void Of_Event_DirectRouteEqualsTheJcsRoute_ForGeneratedEvents() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(Tnt22Generators.Event()), e =>
            ContentHashing.Of(e).ShouldBe(ContentHashing.OfViaJcs(e))));

    [Fact]
    public void Of_Event_DirectRouteEqualsTheJcsRoute_ForAwkwardStringsNumbersAndExtensions()
    {
        // Strings with every character class RFC 8785 treats specially, decimals with trailing zeros and exponents, and
        // extensions whose members and numbers are not in canonical form.
        var text = Gen.Elements("\"", "\\", "/", "\u0000", "\u0001", "\b", "\t", "\n", "\f", "\r", "\u001f", "\u007f", "é", "€", "\ud83d\ude00", "<>&'", "a", " ", "\u2028", "\ufb33")
            .ArrayOf().Select(static parts => string.Concat(parts));
        var number = Gen.Elements(0m, 1m, 1.50m, 48.8585500m, -0.000001m, 123456789.123456789m, 2.294492036m, 79228162514264337593543950335m, 1e-28m);
        var extension = Gen.Elements("{\"b\":1.50,\"a\":[1e2,\"x\"],\"€\":null}", "-0", "1E+30", "\"\\u00e9\"", "[{\"z\":{\"y\":true,\"x\":false}}]");
        var gen =
            from name in text
            from remark in text
            from lat in number
            from lon in number
            from weight in number
            from key in text
            from ext in extension
            select new LogisticsEvent
            {
                SourceEventId = name,
                Category = "EQUIPMENT",
                Classifier = "ACT",
                TypeCode = "LOAD",
                EventDateTime = new DateTimeOffset(2021, 1, 9, 14, 12, 56, 500, TimeSpan.FromHours(-3.5)),
                ChangeRemark = remark,
                Location = new Location { Name = name, Geo = new GeoPoint { Latitude = lat, Longitude = lon } },
                Equipment = new TransportEquipment { EquipmentReference = "APZU4812090", TareWeight = new Measure { Value = weight, Unit = "KGM" } },
                Extensions = new Dictionary<string, JsonElement>
                {
                    ["/z" + key] = JsonDocument.Parse(ext).RootElement,
                    ["/" + key] = JsonSerializer.SerializeToElement(key),
                    ["/A"] = JsonDocument.Parse("2").RootElement,
                },
            };

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), e =>
            ContentHashing.Of(e).ShouldBe(ContentHashing.OfViaJcs(e))));
    }
}
