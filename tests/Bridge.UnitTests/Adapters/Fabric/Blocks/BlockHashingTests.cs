using System.Security.Cryptography;
using Bridge.Adapters.Fabric.Blocks;

namespace Bridge.UnitTests.Adapters.Fabric.Blocks;

/// <summary>The block hashes against the DER layouts fabric-wire.md §2.4 shows (checked there with openssl asn1parse).</summary>
[Trait("Category", "Unit")]
public sealed class BlockHashingTests
{
    [Fact]
    public void HeaderBytes_GenesisBlock_IsTheDocumentedLayoutWithAnEmptyPreviousHash()
    {
        var dataHash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        var bytes = BlockHashing.HeaderBytes(0, [], dataHash);

        // 3027 020100 0400 0420<32 bytes>
        bytes.ShouldBe([0x30, 0x27, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x20, .. dataHash]);
    }

    [Fact]
    public void HeaderBytes_Block2_IsTheDocumentedLayout()
    {
        var previous = Enumerable.Repeat((byte)0xAA, 32).ToArray();
        var data = Enumerable.Repeat((byte)0x55, 32).ToArray();

        var bytes = BlockHashing.HeaderBytes(2, previous, data);

        // 3047 020102 0420<prev> 0420<data>
        bytes.ShouldBe([0x30, 0x47, 0x02, 0x01, 0x02, 0x04, 0x20, .. previous, 0x04, 0x20, .. data]);
        BlockHashing.HeaderHash(2, previous, data).ShouldBe(SHA256.HashData(bytes));
    }

    [Theory]
    [InlineData(127UL, new byte[] { 0x02, 0x01, 0x7F })]
    [InlineData(128UL, new byte[] { 0x02, 0x02, 0x00, 0x80 })] // DER integers are signed: a leading zero keeps 128 positive
    [InlineData(65535UL, new byte[] { 0x02, 0x03, 0x00, 0xFF, 0xFF })]
    [InlineData(ulong.MaxValue, new byte[] { 0x02, 0x09, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void HeaderBytes_LargeNumbers_AreMinimalPositiveDerIntegers(ulong number, byte[] integer)
    {
        var bytes = BlockHashing.HeaderBytes(number, [], []);

        bytes[2..^4].ShouldBe(integer);
        bytes[^4..].ShouldBe(new byte[] { 0x04, 0x00, 0x04, 0x00 });
    }

    [Fact]
    public void DataHash_IsSha256OfTheConcatenatedEnvelopes()
    {
        byte[] a = [1, 2, 3];
        byte[] b = [4, 5];

        BlockHashing.DataHash([a, b]).ShouldBe(SHA256.HashData(new byte[] { 1, 2, 3, 4, 5 }));
        BlockHashing.DataHash([]).ShouldBe(SHA256.HashData(Array.Empty<byte>()));
    }
}
