using System.IO.Pipelines;
using Bridge.Adapters.Fabric.Grpc;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Grpc;

/// <summary>
/// The Length-Prefixed-Message of PROTOCOL-HTTP2.md "Requests": one flag byte (0 = uncompressed), a 4-byte
/// big-endian length, the message; DATA frame boundaries carry no meaning, so readers reassemble across any split.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GrpcFramingTests
{
    private const int Max = 4 * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Frame_ThreeBytes_FlagZeroThenBigEndianLength() =>
        GrpcFraming.Frame([0xAA, 0xBB, 0xCC]).ShouldBe(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x03, 0xAA, 0xBB, 0xCC });

    [Fact]
    public void Frame_LengthAbove16Bits_UsesAllFourLengthBytes()
    {
        var framed = GrpcFraming.Frame(new byte[0x010203]);

        framed[..5].ShouldBe(new byte[] { 0x00, 0x00, 0x01, 0x02, 0x03 });
        framed.Length.ShouldBe(5 + 0x010203);
    }

    [Fact]
    public void ReadMessageAsync_AnyMessagesSplitAnywhere_RoundTripsThroughStreamAndPipe()
    {
        var messages = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        var input = Gen.ArrayOf(messages).SelectMany(list => Gen.Choose(1, 9).Select(chunk => (list, chunk)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(input), t =>
        {
            var wire = t.list.SelectMany(m => GrpcFraming.Frame(m)).ToArray();
            var fromStream = ReadAll(new ChunkedStream(wire, t.chunk), useStream: true);
            var fromPipe = ReadAll(new ChunkedStream(wire, t.chunk), useStream: false);
            return fromStream.Count == t.list.Length && fromPipe.Count == t.list.Length
                && t.list.Select((m, i) => fromStream[i].SequenceEqual(m) && fromPipe[i].SequenceEqual(m)).All(ok => ok);
        }));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadMessageAsync_EmptyBody_ReturnsNull(bool useStream) =>
        (await ReadOneAsync([], useStream, Max, null)).ShouldBeNull();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadMessageAsync_ZeroLengthMessage_ReturnsEmpty(bool useStream) =>
        (await ReadOneAsync([0, 0, 0, 0, 0], useStream, Max, null)).ShouldBe(Array.Empty<byte>());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadMessageAsync_LengthAboveMax_ResourceExhaustedBeforeReadingTheBody(bool useStream)
    {
        // Only the prefix is present: a reader that tried to read (or allocate for) the body would report truncation.
        byte[] prefix = [0, 0x00, 0x40, 0x00, 0x01]; // 4 MiB + 1

        var ex = await Should.ThrowAsync<GrpcException>(() => ReadOneAsync(prefix, useStream, Max, null));

        ex.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadMessageAsync_LengthEqualToMax_Accepted(bool useStream)
    {
        var message = await ReadOneAsync(GrpcFraming.Frame(new byte[1000]), useStream, 1000, null);

        message!.Length.ShouldBe(1000);
    }

    [Theory]
    [InlineData(true, new byte[] { 0, 0, 0 })]
    [InlineData(false, new byte[] { 0, 0, 0 })]
    [InlineData(true, new byte[] { 0, 0, 0, 0, 4, 1, 2 })]
    [InlineData(false, new byte[] { 0, 0, 0, 0, 4, 1, 2 })]
    public async Task ReadMessageAsync_Truncated_Internal(bool useStream, byte[] wire)
    {
        var ex = await Should.ThrowAsync<GrpcException>(() => ReadOneAsync(wire, useStream, Max, null));

        ex.StatusCode.ShouldBe(GrpcStatusCode.Internal);
    }

    [Theory]
    [InlineData(true, 1, null, GrpcStatusCode.Internal)]       // flag 1 without grpc-encoding: must be 0
    [InlineData(false, 1, "identity", GrpcStatusCode.Internal)]
    [InlineData(true, 1, "gzip", GrpcStatusCode.Unimplemented)] // an encoding we cannot decode
    [InlineData(false, 1, "gzip", GrpcStatusCode.Unimplemented)]
    [InlineData(false, 2, "gzip", GrpcStatusCode.Internal)]     // not a valid flag at all
    public async Task ReadMessageAsync_CompressedFlag_FailsWithStatus(bool useStream, byte flag, string? encoding, GrpcStatusCode expected)
    {
        byte[] wire = [flag, 0, 0, 0, 1, 0x42];

        var ex = await Should.ThrowAsync<GrpcException>(() => ReadOneAsync(wire, useStream, Max, encoding));

        ex.StatusCode.ShouldBe(expected);
    }

    private static async Task<byte[]?> ReadOneAsync(byte[] wire, bool useStream, int max, string? encoding)
    {
        var stream = new ChunkedStream(wire, 2);
        return useStream
            ? await GrpcFraming.ReadMessageAsync(stream, max, encoding, Ct)
            : await GrpcFraming.ReadMessageAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16, minimumReadSize: 1)), max, encoding, Ct);
    }

    private static List<byte[]> ReadAll(Stream stream, bool useStream)
    {
        var result = new List<byte[]>();
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16, minimumReadSize: 1));
        while (true)
        {
            var next = useStream
                ? GrpcFraming.ReadMessageAsync(stream, Max, null, CancellationToken.None).AsTask().GetAwaiter().GetResult()
                : GrpcFraming.ReadMessageAsync(pipe, Max, null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (next is null)
            {
                return result;
            }

            result.Add(next);
        }
    }

    /// <summary>A read-only stream that hands out at most <c>chunk</c> bytes per read, like small DATA frames.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
