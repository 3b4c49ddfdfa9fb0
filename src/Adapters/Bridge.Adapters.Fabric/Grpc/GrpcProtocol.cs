using System.Buffers.Text;
using System.Net;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>Names, content types and mappings of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md).</summary>
internal static class GrpcProtocol
{
    /// <summary>The default maximum message size in either direction: 4 MiB (the gRPC implementations' default).</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary><c>application/grpc</c>, what grpc-go (and so a Fabric peer) sends (fabric-wire.md §3.1).</summary>
    public const string ContentType = "application/grpc";

    /// <summary><c>application/grpc+proto</c>, what grpc-js sends (PROTOCOL-HTTP2.md Appendix A; fabric-wire.md §3.1).</summary>
    public const string ProtoContentType = "application/grpc+proto";

    /// <summary>Header names of PROTOCOL-HTTP2.md "Requests" and "Responses".</summary>
    public const string StatusHeader = "grpc-status";

    /// <summary>The status message header (percent-encoded).</summary>
    public const string MessageHeader = "grpc-message";

    /// <summary>The binary status details header (a base64 <c>google.rpc.Status</c>).</summary>
    public const string StatusDetailsHeader = "grpc-status-details-bin";

    /// <summary>The request timeout header.</summary>
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>The message encoding header.</summary>
    public const string EncodingHeader = "grpc-encoding";

    /// <summary>The accepted message encodings header.</summary>
    public const string AcceptEncodingHeader = "grpc-accept-encoding";

    /// <summary>
    /// Whether a response or request content type is one we speak: <c>application/grpc</c> or
    /// <c>application/grpc+proto</c> (optionally with parameters), case-insensitive.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals(ProtoContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Maps a non-200 HTTP status of a response without <c>grpc-status</c> (grpc/grpc doc/http-grpc-status-mapping.md,
    /// referenced from PROTOCOL-HTTP2.md "Responses": implementations must synthesize a status).
    /// </summary>
    public static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        431 => GrpcStatusCode.Internal,
        _ => GrpcStatusCode.Unknown,
    };

    /// <summary>
    /// Maps an HTTP/2 RST_STREAM error code (RFC 9113 §7) to a gRPC status (PROTOCOL-HTTP2.md "Errors").
    /// CANCEL (8) from a server means CANCELLED.
    /// </summary>
    public static GrpcStatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable,        // REFUSED_STREAM: no processing occurred
        0x8 => GrpcStatusCode.Cancelled,          // CANCEL
        0xb => GrpcStatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xc => GrpcStatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => GrpcStatusCode.Internal,             // NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, ...
    };

    /// <summary>
    /// Encodes a binary (<c>-bin</c>) header value as un-padded base64 (RFC 4648 §4), which PROTOCOL-HTTP2.md says
    /// implementations should emit (fabric-wire.md §3.1: the peer sends it un-padded).
    /// </summary>
    public static string EncodeBinaryHeader(ReadOnlySpan<byte> value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>
    /// Decodes a binary header value; PROTOCOL-HTTP2.md: accept padded and un-padded values, and split a joined
    /// value on "," first (the first element is used).
    /// </summary>
    public static bool TryDecodeBinaryHeader(string value, out byte[] bytes)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        var first = (comma < 0 ? value : value[..comma]).Trim().TrimEnd('=');
        var padded = (first.Length % 4) switch
        {
            2 => first + "==",
            3 => first + "=",
            _ => first,
        };
        bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>
    /// Validates a custom metadata name: <c>Header-Name → 1*( %x30-39 / %x61-7A / "_" / "-" / ".")</c>, not reserved
    /// (<c>grpc-</c> names, pseudo-headers, and the call-definition headers this layer sets itself).
    /// </summary>
    public static bool IsValidCustomMetadataName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith("grpc-", StringComparison.Ordinal))
        {
            return false;
        }

        if (name is "content-type" or "te" or "user-agent" or "host" or "connection")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Validates an ASCII metadata value: <c>ASCII-Value → 1*( %x20-%x7E )</c>.</summary>
    public static bool IsValidAsciiValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
