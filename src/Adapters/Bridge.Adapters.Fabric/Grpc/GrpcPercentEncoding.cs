using System.Text;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// The percent-encoding of <c>grpc-message</c> (PROTOCOL-HTTP2.md "Responses": <c>Percent-Byte-Unencoded →
/// %x20-%x24 / %x26-%x7E</c>, <c>Percent-Byte-Encoded → "%" 2HEXDIGIT</c>, over the UTF-8 bytes of the message;
/// RFC 3986 §2.1).
/// </summary>
internal static class GrpcPercentEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Encodes a message: UTF-8, then every byte outside %x20-%x7E and '%' itself as %XX (upper-case hex).</summary>
    public static string Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var needsEncoding = false;
        foreach (var c in message)
        {
            if (!IsUnreserved(c))
            {
                needsEncoding = true;
                break;
            }
        }

        if (!needsEncoding)
        {
            return message;
        }

        var bytes = StrictUtf8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved((char)b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes a received message. Per PROTOCOL-HTTP2.md, decoding never fails: a broken %-sequence is kept as-is and
    /// invalid UTF-8 becomes U+FFFD.
    /// </summary>
    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && TryHex(encoded[i + 1], out var hi) && TryHex(encoded[i + 2], out var lo))
            {
                bytes.Add((byte)((hi << 4) | lo));
                i += 2;
            }
            else if (c <= 0x7F)
            {
                bytes.Add((byte)c);
            }
            else
            {
                // Not valid on the wire (header values are ASCII), but keep it rather than throw it away.
                var written = StrictUtf8.GetBytes([c], utf8);
                for (var k = 0; k < written; k++)
                {
                    bytes.Add(utf8[k]);
                }
            }
        }

        return StrictUtf8.GetString([.. bytes]);
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static bool IsUnreserved(char c) => c is >= (char)0x20 and <= (char)0x7E and not '%';

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
