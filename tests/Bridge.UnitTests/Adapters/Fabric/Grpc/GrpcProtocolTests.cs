using System.Net;
using Bridge.Adapters.Fabric.Grpc;

namespace Bridge.UnitTests.Adapters.Fabric.Grpc;

/// <summary>
/// Mappings and header helpers: grpc/grpc doc/http-grpc-status-mapping.md, PROTOCOL-HTTP2.md "Errors" (RST_STREAM
/// codes of RFC 9113 §7), binary headers (RFC 4648 §4 base64, padded and un-padded) and metadata names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData(400, GrpcStatusCode.Internal)]
    [InlineData(401, GrpcStatusCode.Unauthenticated)]
    [InlineData(403, GrpcStatusCode.PermissionDenied)]
    [InlineData(404, GrpcStatusCode.Unimplemented)]
    [InlineData(429, GrpcStatusCode.Unavailable)]
    [InlineData(431, GrpcStatusCode.Internal)]
    [InlineData(502, GrpcStatusCode.Unavailable)]
    [InlineData(503, GrpcStatusCode.Unavailable)]
    [InlineData(504, GrpcStatusCode.Unavailable)]
    [InlineData(200, GrpcStatusCode.Unknown)]
    [InlineData(500, GrpcStatusCode.Unknown)]
    public void FromHttpStatus_TableEntry_Mapped(int http, GrpcStatusCode expected) =>
        GrpcProtocol.FromHttpStatus((HttpStatusCode)http).ShouldBe(expected);

    [Theory]
    [InlineData(0x0, GrpcStatusCode.Internal)]           // NO_ERROR
    [InlineData(0x1, GrpcStatusCode.Internal)]           // PROTOCOL_ERROR
    [InlineData(0x7, GrpcStatusCode.Unavailable)]        // REFUSED_STREAM
    [InlineData(0x8, GrpcStatusCode.Cancelled)]          // CANCEL
    [InlineData(0xb, GrpcStatusCode.ResourceExhausted)]  // ENHANCE_YOUR_CALM
    [InlineData(0xc, GrpcStatusCode.PermissionDenied)]   // INADEQUATE_SECURITY
    public void FromHttp2ErrorCode_TableEntry_Mapped(long code, GrpcStatusCode expected) =>
        GrpcProtocol.FromHttp2ErrorCode(code).ShouldBe(expected);

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("Application/GRPC; charset=utf-8", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsGrpcContentType_Value_Expected(string? contentType, bool expected) =>
        GrpcProtocol.IsGrpcContentType(contentType).ShouldBe(expected);

    [Theory]
    [InlineData(new byte[] { 0xFF }, "/w")]                // RFC 4648 §10 style: "/w==" without padding
    [InlineData(new byte[] { 0x66, 0x6F }, "Zm8")]         // "fo" -> "Zm8="
    [InlineData(new byte[] { 0x66, 0x6F, 0x6F }, "Zm9v")]  // "foo" -> "Zm9v" (RFC 4648 §10)
    public void EncodeBinaryHeader_Bytes_UnpaddedBase64(byte[] bytes, string expected)
    {
        GrpcProtocol.EncodeBinaryHeader(bytes).ShouldBe(expected);
        GrpcProtocol.TryDecodeBinaryHeader(expected, out var back).ShouldBeTrue();
        back.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("Zm8=")]      // padded accepted
    [InlineData("Zm8")]       // un-padded accepted
    [InlineData("Zm8,Zm9v")]  // joined duplicates: split on "," first
    public void TryDecodeBinaryHeader_PaddedOrNot_Decodes(string value)
    {
        GrpcProtocol.TryDecodeBinaryHeader(value, out var bytes).ShouldBeTrue();
        bytes.ShouldBe("fo"u8.ToArray());
    }

    [Fact]
    public void TryDecodeBinaryHeader_NotBase64_False() =>
        GrpcProtocol.TryDecodeBinaryHeader("!!!", out _).ShouldBeFalse();

    [Theory]
    [InlineData("x-org", true)]
    [InlineData("trace.id_1", true)]
    [InlineData("X-Org", false)]          // upper case is outside Header-Name
    [InlineData("grpc-timeout", false)]   // reserved
    [InlineData("content-type", false)]
    [InlineData(":path", false)]
    [InlineData("", false)]
    public void IsValidCustomMetadataName_Name_Expected(string name, bool expected) =>
        GrpcProtocol.IsValidCustomMetadataName(name).ShouldBe(expected);
}
