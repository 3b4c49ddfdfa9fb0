using System.Buffers.Text;
using Bridge.Relay.Registry;

namespace Bridge.UnitTests.Relay.Registry;

[Trait("Category", "Unit")]
public sealed class PageCursorTests
{
    [Fact]
    public void Encode_Name_IsUnpaddedBase64Url()
    {
        PageCursor.Encode("acme").ShouldBe("YWNtZQ");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("acme")]
    [InlineData("acme-shipping-2")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void TryDecode_EncodedName_RoundTrips(string name)
    {
        var cursor = PageCursor.Encode(name);

        PageCursor.TryDecode(cursor, out var afterName).ShouldBeTrue();
        afterName.ShouldBe(name);
        cursor.ShouldNotContain("=");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryDecode_NoCursor_MeansFirstPage(string? cursor)
    {
        PageCursor.TryDecode(cursor, out var afterName).ShouldBeTrue();
        afterName.ShouldBeNull();
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("YWNt ZQ$")]
    [InlineData("a")] // a single base64 character cannot encode a byte
    [InlineData("%%%%")]
    public void TryDecode_NotBase64Url_ReturnsFalse(string cursor)
    {
        PageCursor.TryDecode(cursor, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("a b")]
    [InlineData("-acme")]
    [InlineData("../etc")]
    [InlineData("acme'; drop table networks; --")]
    public void TryDecode_DecodesToANonSlug_ReturnsFalse(string name)
    {
        PageCursor.TryDecode(PageCursor.Encode(name), out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecode_InvalidUtf8_ReturnsFalse()
    {
        var cursor = Base64Url.EncodeToString([0xFF, 0xFE, 0x61]);

        PageCursor.TryDecode(cursor, out _).ShouldBeFalse();
    }
}
