using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// The gRPC Length-Prefixed-Message (PROTOCOL-HTTP2.md "Requests": <c>Compressed-Flag</c> one byte,
/// <c>Message-Length</c> 4-byte big-endian unsigned, then the message). Only uncompressed messages (flag 0) are
/// written or accepted; DATA frame boundaries carry no meaning ("Data Frames"), so readers reassemble.
/// </summary>
internal static class GrpcFraming
{
    /// <summary>The prefix length: 1 flag byte + 4 length bytes.</summary>
    public const int HeaderSize = 5;

    /// <summary>Writes the 5-byte prefix for an uncompressed message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..HeaderSize], (uint)length);
    }

    /// <summary>Returns the framed message (prefix + bytes) in one new array.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[HeaderSize + message.Length];
        WriteHeader(framed, message.Length);
        message.CopyTo(framed.AsSpan(HeaderSize));
        return framed;
    }

    /// <summary>Writes a framed message into a pipe (the caller flushes).</summary>
    public static void Write(PipeWriter writer, ReadOnlySpan<byte> message)
    {
        var span = writer.GetSpan(HeaderSize + message.Length);
        WriteHeader(span, message.Length);
        message.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + message.Length);
    }

    /// <summary>
    /// Reads the next message from a stream. Returns <see langword="null"/> at a clean end of stream (no partial
    /// prefix). The length is checked against <paramref name="maxMessageSize"/> before anything is allocated.
    /// </summary>
    /// <param name="stream">The body stream.</param>
    /// <param name="maxMessageSize">The largest accepted message.</param>
    /// <param name="messageEncoding">The peer's <c>grpc-encoding</c>, if any (decides the error for flag 1).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="GrpcException">RESOURCE_EXHAUSTED (too large), INTERNAL (truncated or compressed without an
    /// encoding) or UNIMPLEMENTED (an encoding we cannot decode).</exception>
    public static async ValueTask<byte[]?> ReadMessageAsync(Stream stream, int maxMessageSize, string? messageEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[HeaderSize];
        var read = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderSize)
        {
            throw Truncated();
        }

        var length = ParseHeader(header, maxMessageSize, messageEncoding);
        var message = new byte[length];
        if (length > 0 && await stream.ReadAtLeastAsync(message, length, throwOnEndOfStream: false, cancellationToken) < length)
        {
            throw Truncated();
        }

        return message;
    }

    /// <summary>
    /// Reads the next message from a pipe (Kestrel's request body). Same contract as the stream overload; the size
    /// check happens as soon as the 5-byte prefix is available, before the body is buffered.
    /// </summary>
    public static async ValueTask<byte[]?> ReadMessageAsync(PipeReader reader, int maxMessageSize, string? messageEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int? length = null;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (length is null && buffer.Length >= HeaderSize)
            {
                ReadOnlySpan<byte> header = buffer.FirstSpan.Length >= HeaderSize
                    ? buffer.FirstSpan[..HeaderSize]
                    : buffer.Slice(0, HeaderSize).ToArray();
                try
                {
                    length = ParseHeader(header, maxMessageSize, messageEncoding);
                }
                catch
                {
                    reader.AdvanceTo(buffer.Start);
                    throw;
                }
            }

            if (length is { } size && buffer.Length >= HeaderSize + size)
            {
                var message = buffer.Slice(HeaderSize, size).ToArray();
                reader.AdvanceTo(buffer.GetPosition(HeaderSize + size));
                return message;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var empty = buffer.IsEmpty;
                reader.AdvanceTo(buffer.End);
                if (empty && !result.IsCanceled)
                {
                    return null;
                }

                throw result.IsCanceled ? new OperationCanceledException(cancellationToken) : Truncated();
            }

            // Nothing consumed, everything examined: wait for more bytes.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Validates a prefix and returns the message length.</summary>
    internal static int ParseHeader(ReadOnlySpan<byte> header, int maxMessageSize, string? messageEncoding)
    {
        var flag = header[0];
        if (flag != 0)
        {
            // PROTOCOL-HTTP2.md "Compressed-Flag": flag 1 needs the grpc-encoding header; other values are invalid.
            throw flag == 1 && messageEncoding is not null && messageEncoding != "identity"
                ? new GrpcException(GrpcStatusCode.Unimplemented, $"Message compressed with '{messageEncoding}', which is not supported.")
                : new GrpcException(GrpcStatusCode.Internal, $"Invalid compressed flag {flag} (no message encoding was negotiated).");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..HeaderSize]);
        if (length > (uint)maxMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageSize}).");
        }

        return (int)length;
    }

    private static GrpcException Truncated() =>
        new(GrpcStatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed message.");
}
