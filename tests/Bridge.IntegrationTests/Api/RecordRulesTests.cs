using Bridge.Canonical.Model;
using Bridge.Relay.Persistence;
using Bridge.Relay.Records;

namespace Bridge.IntegrationTests.Api;

/// <summary>The pure rules behind the record store: supersede ordering, references and party keys.</summary>
[Trait("Category", "Unit")]
public sealed class RecordRulesTests
{
    [Theory]
    [InlineData("2", "1", true)]
    [InlineData("1.10", "1.9", true)]
    [InlineData("1.9", "1.10", false)]
    [InlineData("2", "2.0", false)]
    [InlineData("2.0.1", "2", true)]
    [InlineData("1", null, true)]
    [InlineData(null, "1", false)]
    [InlineData(null, null, false)]
    [InlineData("v2", "1", false)]
    [InlineData("2", "draft", false)]
    [InlineData("-1", "0", false)]
    public void IsHigherVersion_DottedNumbers_ComparesPartByPart(string? candidate, string? stored, bool expected) =>
        CanonicalRecordStore.IsHigherVersion(candidate, stored).ShouldBe(expected);

    [Fact]
    public void IsLater_OnlyAStrictlyLaterUpdateSupersedes()
    {
        var t = new DateTimeOffset(2024, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
        CanonicalRecordStore.IsLater(t.AddSeconds(1), t).ShouldBeTrue();
        CanonicalRecordStore.IsLater(t.ToOffset(TimeSpan.Zero), t).ShouldBeFalse("the same instant in another offset is not later");
        CanonicalRecordStore.IsLater(t, null).ShouldBeTrue();
        CanonicalRecordStore.IsLater(null, t).ShouldBeFalse();
        CanonicalRecordStore.IsLater(null, null).ShouldBeFalse();
    }

    [Fact]
    public void References_BillOfLading_NumberBookingAndEveryContainer()
    {
        var bl = new BillOfLading
        {
            DocumentNumber = "MEDUTT912077",
            ConsignmentReferences = [new Reference { TypeCode = "BKG", Value = "BK1" }],
            EquipmentReferences = ["MSMU1301725"],
            Equipment = [new TransportEquipment { EquipmentReference = "MSCU1234566" }],
            GoodsItems = [new GoodsItem { EquipmentReference = "MSMU1301725" }],
        };

        RecordIndex.References(bl).ShouldBe(
        [
            new RecordReference("BKG", "BK1"),
            new RecordReference("EQ", "MSCU1234566"),
            new RecordReference("EQ", "MSMU1301725"),
            new RecordReference("TRD", "MEDUTT912077"),
        ]);
    }

    [Fact]
    public void References_CustomsDeclaration_ItsTransportDocumentIsATrdReference()
    {
        var declaration = new CustomsDeclaration { DocumentNumber = "24NL000000000001", Direction = "EXPORT", TransportDocumentNumber = "MEDUTT912077" };

        RecordIndex.References(declaration).ShouldBe([new RecordReference("CUC", "24NL000000000001"), new RecordReference("TRD", "MEDUTT912077")]);
    }

    [Fact]
    public void References_PackingList_NoDcsaCodeUsesTheCanonicalType()
    {
        RecordIndex.References(new PackingList { DocumentNumber = "PL-1" }).ShouldBe([new RecordReference("PACKING_LIST", "PL-1")]);
    }

    [Fact]
    public void References_Event_DocumentShipmentAndEquipmentReferences()
    {
        var e = new LogisticsEvent
        {
            Category = "EQUIPMENT",
            Classifier = "ACT",
            TypeCode = "LOAD",
            EventDateTime = DateTimeOffset.UnixEpoch,
            Equipment = new TransportEquipment { EquipmentReference = "APZU4812090" },
            DocumentReferences = [new Reference { TypeCode = "BKG", Value = "ABC123123123" }, new Reference { TypeCode = "TRD", Value = "reserved-HHL123" }],
            ShipmentReferences = [new Reference { TypeCode = "EQ", Value = "APZU4812090" }, new Reference { TypeCode = "FF", Value = "string" }],
        };

        RecordIndex.References(e).ShouldBe(
        [
            new RecordReference("BKG", "ABC123123123"),
            new RecordReference("EQ", "APZU4812090"),
            new RecordReference("FF", "string"),
            new RecordReference("TRD", "reserved-HHL123"),
        ]);
    }

    [Fact]
    public void PartyKeys_PartiesIssuerCarrierAndTitle_OnlyAccessSchemesInUpperCase()
    {
        static Party With(string scheme, string value) => new() { Identifiers = [new Identifier { Scheme = scheme, Value = value }] };
        var bl = new BillOfLading
        {
            DocumentNumber = "B1",
            Parties = [With("LEI", "5493001kjtiigc8y1r12"), With("DUNS", "150483782")],
            Issuer = With("eori", "NL123456789"),
            Carrier = new Identifier { Scheme = "SCAC", Value = "MSCU" },
            Title = new TitleState { Holder = With("BIC", "DEUTDEFF"), Endorsee = With("GLN", "0614141073467"), Nominee = With("LEI", "529900T8BM49AURSDO55") },
        };

        RecordIndex.PartyKeys(bl).ShouldBe(
        [
            new PartyKey("BIC", "DEUTDEFF"),
            new PartyKey("EORI", "NL123456789"),
            new PartyKey("GLN", "0614141073467"),
            new PartyKey("LEI", "529900T8BM49AURSDO55"),
            new PartyKey("LEI", "5493001KJTIIGC8Y1R12"),
            new PartyKey("SCAC", "MSCU"),
        ]);
    }

    [Fact]
    public void TimelineCursor_RoundTrips_AndRefusesForeignText()
    {
        var cursor = new TimelineCursor(new DateTimeOffset(2024, 3, 2, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid());

        TimelineCursor.TryDecode(cursor.Encode(), out var decoded).ShouldBeTrue();
        decoded.ShouldBe(cursor);
        TimelineCursor.TryDecode("bm90LWEtY3Vyc29y", out _).ShouldBeFalse();
        TimelineCursor.TryDecode("!!!", out _).ShouldBeFalse();
        TimelineCursor.TryDecode(null, out var none).ShouldBeTrue();
        none.ShouldBeNull();
    }
}
