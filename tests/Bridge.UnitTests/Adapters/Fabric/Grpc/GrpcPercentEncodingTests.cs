using System.Text;
using Bridge.Adapters.Fabric.Grpc;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Grpc;

/// <summary>
/// <c>grpc-message</c> percent-encoding (PROTOCOL-HTTP2.md "Responses": Percent-Byte-Unencoded is %x20-%x24 /
/// %x26-%x7E, everything else of the UTF-8 bytes is "%" 2HEXDIGIT; decoding never fails). Vectors are the grammar's
/// boundaries; the UTF-8 bytes of the non-ASCII ones are from the Unicode code charts.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GrpcPercentEncodingTests
{
    [Theory]
    [InlineData("abc", "abc")]
    [InlineData(" ", " ")]                        // %x20, the first unencoded byte
    [InlineData("$", "$")]                        // %x24
    [InlineData("%", "%25")]                      // %x25 is the only printable byte encoded
    [InlineData("&", "&")]                        // %x26
    [InlineData("~", "~")]                        // %x7E, the last unencoded byte
    [InlineData("\u007F", "%7F")]                 // DEL
    [InlineData("\t\n", "%09%0A")]
    [InlineData("\0", "%00")]
    [InlineData("\u00E4", "%C3%A4")]              // a-umlaut: UTF-8 C3 A4
    [InlineData("\u20AC", "%E2%82%AC")]           // euro sign: UTF-8 E2 82 AC
    [InlineData("\U0001F600", "%F0%9F%98%80")]    // emoji outside the BMP: UTF-8 F0 9F 98 80
    [InlineData("chaincode response 500, 100% done", "chaincode response 500, 100%25 done")]
    public void Encode_Vector_MatchesGrammar(string message, string expected)
    {
        GrpcPercentEncoding.Encode(message).ShouldBe(expected);
        GrpcPercentEncoding.Decode(expected).ShouldBe(message);
    }

    [Theory]
    [InlineData("%c3%a4", "\u00E4")]  // lower-case hex accepted on input
    [InlineData("%G1", "%G1")]        // broken sequences are kept as they are
    [InlineData("%4", "%4")]
    [InlineData("50%", "50%")]
    [InlineData("%FF", "\uFFFD")]     // invalid UTF-8 becomes the replacement character
    public void Decode_LenientInput_NeverFails(string encoded, string expected) =>
        GrpcPercentEncoding.Decode(encoded).ShouldBe(expected);

    [Fact]
    public void DecodeOfEncode_AnyValidString_RoundTripsAndStaysPrintableAscii()
    {
        var strings = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.OneOf(
            Gen.Choose(0, 0x7F).Select(c => ((char)c).ToString()),
            Gen.Choose(0x80, 0xD7FF).Select(c => ((char)c).ToString()),
            Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)), n)).Select(string.Concat);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(strings), s =>
        {
            var encoded = GrpcPercentEncoding.Encode(s);
            var reference = Encoding.UTF8.GetByteCount(s); // every byte becomes 1 or 3 characters
            return encoded.All(c => c is >= ' ' and <= '~')
                && encoded.Length >= reference
                && GrpcPercentEncoding.Decode(encoded) == s;
        }));
    }
}
