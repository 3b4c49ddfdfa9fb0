using System.Text;
using System.Text.Json;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Canonical.Hashing;

[Trait("Category", "Unit")]
public sealed class ContentHashTests
{
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")] // FIPS 180-2 Appendix B.1
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Sha256Hex_KnownAnswer_Matches(string text, string digest)
    {
        ContentHash.Sha256Hex(Encoding.ASCII.GetBytes(text)).ShouldBe(digest);
    }

    [Fact]
    public void OfJcs_Rfc8785Sample_IsSha256OfSection324Bytes()
    {
        // RFC 8785 §3.2.2 sample; its canonical bytes are printed in §3.2.4.
        const string sample = """
            {"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
             "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
             "literals": [null, true, false]}
            """;
        byte[] canonical = Convert.FromHexString((
            "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72" +
            "75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a" +
            "5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31" +
            "65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37" +
            "5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30" +
            "30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d").Replace(" ", "", StringComparison.Ordinal));
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical));
        using var document = JsonDocument.Parse(sample);

        ContentHash.OfJcs(document.RootElement).ShouldBe(expected);
        ContentHash.OfJcs(Encoding.UTF8.GetBytes(sample)).ShouldBe(expected);
    }

    [Fact]
    public void OfJcs_MemberOrderAndWhitespace_DoNotMatter()
    {
        using var first = JsonDocument.Parse("""{"a":1,"b":[true,null]}""");
        using var second = JsonDocument.Parse("""{ "b" : [ true , null ] , "a" : 1.0 }""");

        ContentHash.OfJcs(first.RootElement).ShouldBe(ContentHash.OfJcs(second.RootElement));
    }

    [Fact]
    public void OfJcs_DuplicateMember_Throws()
    {
        Should.Throw<ArgumentException>(() => ContentHash.OfJcs("""{"a":1,"a":2}"""u8));
    }
}
