using System.Text.Json;
using Bridge.Canonical.Json;
using Shouldly;
using Xunit;

namespace Bridge.UnitTests.Canonical;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Grows_AndKeepsEverythingWritten()
    {
        using var writer = new PooledBufferWriter(16);
        var expected = new List<byte>();
        for (var i = 0; i < 1000; i++)
        {
            var chunk = Enumerable.Range(0, i % 97).Select(b => (byte)(b + i)).ToArray();
            chunk.CopyTo(writer.GetSpan(chunk.Length));
            writer.Advance(chunk.Length);
            expected.AddRange(chunk);
        }

        writer.WrittenSpan.ToArray().ShouldBe(expected.ToArray());
        writer.WrittenMemory.Length.ShouldBe(expected.Count);
    }

    [Fact]
    public void IsAJsonWritersBuffer()
    {
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("long", new string('a', 100_000));
            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        document.RootElement.GetProperty("long").GetString()!.Length.ShouldBe(100_000);
    }

    [Fact]
    public void RefusesToAdvancePastWhatItHandedOut()
    {
        using var writer = new PooledBufferWriter(256);
        var available = writer.GetSpan(10).Length;
        Should.Throw<InvalidOperationException>(() => writer.Advance(available + 1));
        Should.Throw<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }

    [Fact]
    public void AfterDispose_NothingIsWritten()
    {
        var writer = new PooledBufferWriter();
        writer.GetSpan(4)[0] = 1;
        writer.Advance(1);
        writer.Dispose();
        writer.WrittenSpan.Length.ShouldBe(0);
        Should.Throw<ObjectDisposedException>(() => writer.GetSpan(1));
        writer.Dispose();
    }
}
