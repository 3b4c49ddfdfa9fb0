using Bridge.Canonical.Json;

namespace Bridge.UnitTests.Canonical;

[Trait("Category", "Unit")]
public sealed class RawValueMemoTests
{
    private static byte[] Bytes(int length, byte fill, byte first = 0)
    {
        var bytes = Enumerable.Repeat(fill, length).ToArray();
        bytes[0] = first;
        return bytes;
    }

    [Fact]
    public void AHit_NeedsEveryByteEqual_NotOnlyTheLengthAndTail()
    {
        var memo = new RawValueMemo<string>(16, 1 << 20);
        memo.Add("7", Bytes(1000, 0x41, first: 1), "one");

        memo.TryGet("7", Bytes(1000, 0x41, first: 1), out var value).ShouldBeTrue();
        value.ShouldBe("one");
        memo.TryGet("7", Bytes(1000, 0x41, first: 2), out _).ShouldBeFalse("same length and tail, another first byte");
        memo.TryGet("8", Bytes(1000, 0x41, first: 1), out _).ShouldBeFalse("another scope");
    }

    [Fact]
    public void PastItsBounds_ItStartsOver()
    {
        var byEntries = new RawValueMemo<int>(2, 1 << 20);
        byEntries.Add(string.Empty, Bytes(10, 1), 1);
        byEntries.Add(string.Empty, Bytes(10, 2), 2);
        byEntries.Add(string.Empty, Bytes(10, 3), 3);
        byEntries.TryGet(string.Empty, Bytes(10, 1), out _).ShouldBeFalse();
        byEntries.TryGet(string.Empty, Bytes(10, 3), out var third).ShouldBeTrue();
        third.ShouldBe(3);

        var byBytes = new RawValueMemo<int>(100, 250);
        byBytes.Add(string.Empty, Bytes(100, 1), 1);
        byBytes.Add(string.Empty, Bytes(100, 2), 2);
        byBytes.Add(string.Empty, Bytes(100, 3), 3);
        byBytes.TryGet(string.Empty, Bytes(100, 1), out _).ShouldBeFalse();
        byBytes.TryGet(string.Empty, Bytes(100, 3), out _).ShouldBeTrue();

        byBytes.Add(string.Empty, Bytes(300, 4), 4);
        byBytes.TryGet(string.Empty, Bytes(300, 4), out _).ShouldBeFalse("a value larger than the whole bound is not kept");
    }
}
