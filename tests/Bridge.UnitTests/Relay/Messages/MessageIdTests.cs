using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Relay.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Relay.Messages;

[Trait("Category", "Unit")]
public sealed class MessageIdTests
{
    // Golden vectors computed outside .NET (Python hashlib.sha256 over the documented encoding:
    // u32be(len) || utf8 for "trade-chain-bridge/message-id/v1", lane, network, tx id; then u64be(index)).
    [Theory]
    [InlineData("platform-fabric-documents", "platform", "4f1d2c3b-0000-4000-8000-00000000abcd", 0UL, "da51e9563e0844f81a3f20d37dc71697026f964f1d8dae726d91426d0a1cbd38")]
    [InlineData("fabric-ethereum-title", "fabric", "a3c1e0f6b2d4c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b", 1UL, "ab5b636ceac8cd657f46d10681f25c23df3cfb3b4f25427df7632ca550772464")]
    [InlineData("ethereum-fabric-title", "ethereum", "0xabababababababababababababababababababababababababababababababab", ulong.MaxValue, "b03beab78f90afacf33c24934720dc647a27f190f22f205d4a765539ac251015")]
    [InlineData("l", "n", "é", 7UL, "f00cc44a578df6e286ccd95ee6086d164a7ccc4c6641db5bf08a5fbbac691c63")]
    public void Derive_GoldenVectors_MatchIndependentComputation(string lane, string network, string tx, ulong index, string expected) =>
        MessageId.Derive(lane, network, tx, index).Value.ShouldBe(expected);

    [Fact]
    public void Derive_FromMessageSource_UsesNetworkTxIdAndIndexOnly()
    {
        var source = new MessageSource("fabric", new TxRef("tx-1", 10, "block-hash"), 2, "00000000000000000010/0000000000/0000000002");
        var moved = source with { Tx = new TxRef("tx-1", 11, "other-block"), ProtocolId = "00000000000000000011/0000000004/0000000002" };

        MessageId.Derive("lane-a", source).ShouldBe(MessageId.Derive("lane-a", "fabric", "tx-1", 2));
        MessageId.Derive("lane-a", moved).ShouldBe(MessageId.Derive("lane-a", source), "re-inclusion in another block keeps the id");
    }

    [Fact]
    public void Derive_Preimage_IsTheDocumentedLengthPrefixedLayout()
    {
        var expected = new List<byte>();
        foreach (var field in new[] { "trade-chain-bridge/message-id/v1", "lane", "net", "tx" })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            expected.AddRange(length);
            expected.AddRange(bytes);
        }

        var index = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(index, 0x0102030405060708UL);
        expected.AddRange(index);

        MessageId.Preimage("lane", "net", "tx", 0x0102030405060708UL).ShouldBe([.. expected]);
        MessageId.Derive("lane", "net", "tx", 0x0102030405060708UL).ToBytes().ShouldBe(SHA256.HashData([.. expected]));
    }

    [Theory]
    [InlineData("ab", "c", "a", "bc")] // a boundary shift between lane and network
    [InlineData("a", "b-c", "a-b", "c")]
    public void Derive_FieldBoundariesShifted_GiveDifferentIds(string lane1, string network1, string lane2, string network2) =>
        MessageId.Derive(lane1, network1, "tx", 0).ShouldNotBe(MessageId.Derive(lane2, network2, "tx", 0));

    [Fact]
    public void Derive_EachFieldChanged_GivesADifferentId()
    {
        var baseline = MessageId.Derive("lane", "net", "tx", 1);

        new[]
        {
            MessageId.Derive("lane2", "net", "tx", 1),
            MessageId.Derive("lane", "net2", "tx", 1),
            MessageId.Derive("lane", "net", "tx2", 1),
            MessageId.Derive("lane", "net", "tx", 2),
            MessageId.Derive("lane", "net", "TX", 1),
        }.ShouldAllBe(id => id != baseline);
    }

    [Theory]
    [InlineData("Lane", "net", "tx", "lane")]
    [InlineData("", "net", "tx", "lane")]
    [InlineData("-lane", "net", "tx", "lane")]
    [InlineData("lane", "Net", "tx", "network")]
    [InlineData("lane", "net_1", "tx", "network")]
    [InlineData("lane", "net", "", "transactionId")]
    [InlineData("lane", "net", " tx", "transactionId")]
    [InlineData("lane", "net", "tx ", "transactionId")]
    [InlineData("lane", "net", "t\nx", "transactionId")]
    [InlineData("lane", "net", "t\u0000x", "transactionId")]
    public void Derive_InvalidInput_Throws(string lane, string network, string tx, string parameter) =>
        Should.Throw<ArgumentException>(() => MessageId.Derive(lane, network, tx, 0)).ParamName.ShouldBe(parameter);

    [Fact]
    public void Derive_LoneSurrogate_ThrowsBecauseUtf8WouldMergeIt()
    {
        // Built at run time: attribute strings cannot carry lone surrogates (they become U+FFFD in metadata).
        var high = "tx" + (char)0xD800;
        var low = (char)0xDC00 + "tx";

        Encoding.UTF8.GetBytes(high).ShouldBe(Encoding.UTF8.GetBytes("tx\ufffd"), "why a lone surrogate must be refused");
        Should.Throw<ArgumentException>(() => MessageId.Derive("lane", "net", high, 0)).ParamName.ShouldBe("transactionId");
        Should.Throw<ArgumentException>(() => MessageId.Derive("lane", "net", low, 0)).ParamName.ShouldBe("transactionId");
        MessageId.IsValidTransactionId(high).ShouldBeFalse();
    }

    [Fact]
    public void IsValidTransactionId_LengthBoundary_Is512()
    {
        MessageId.IsValidTransactionId(new string('a', 512)).ShouldBeTrue();
        MessageId.IsValidTransactionId(new string('a', 513)).ShouldBeFalse();
        MessageId.IsValidTransactionId(new string('é', 512)).ShouldBeTrue();
        MessageId.IsValidTransactionId("\ud83d\ude00").ShouldBeTrue(); // a surrogate pair is well formed
        MessageId.IsValidTransactionId("a b").ShouldBeTrue();
        MessageId.IsValidTransactionId(null).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_DerivedId_RoundTrips()
    {
        var id = MessageId.Derive("lane", "net", "tx", 9);

        MessageId.TryParse(id.Value, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(id);
        MessageId.Parse(id.ToString()).ShouldBe(id);
        id.Value.Length.ShouldBe(MessageId.Length);
        id.ToBytes().Length.ShouldBe(32);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("da51e9563e0844f81a3f20d37dc71697026f964f1d8dae726d91426d0a1cbd3")] // 63
    [InlineData("da51e9563e0844f81a3f20d37dc71697026f964f1d8dae726d91426d0a1cbd388")] // 65
    [InlineData("DA51E9563E0844F81A3F20D37DC71697026F964F1D8DAE726D91426D0A1CBD38")] // upper case
    [InlineData("0xda51e9563e0844f81a3f20d37dc71697026f964f1d8dae726d91426d0a1cb")]
    [InlineData("ga51e9563e0844f81a3f20d37dc71697026f964f1d8dae726d91426d0a1cbd38")]
    [InlineData(" a51e9563e0844f81a3f20d37dc71697026f964f1d8dae726d91426d0a1cbd38")]
    public void TryParse_NotLowerHex64_ReturnsFalse(string? value)
    {
        MessageId.TryParse(value, out var id).ShouldBeFalse();
        id.ShouldBeNull();
        if (value is not null)
        {
            Should.Throw<FormatException>(() => MessageId.Parse(value));
        }
    }

    [Fact]
    public void Derive_GeneratedFacts_IsStableAndInjective()
    {
        var slug = Gen.Elements("a", "b", "ab", "a-b", "b-a", "abc", "0", "x1");
        var tx = Gen.Elements("", "a", "b", "ab", "0x", "é", "\ud83d\ude00", "a b").Two().Select(p => "t" + p.Item1 + p.Item2);
        var fact = from lane in slug
                   from network in slug
                   from txId in tx
                   from index in Gen.Elements(0UL, 1UL, 255UL, 256UL, ulong.MaxValue)
                   select (lane, network, txId, index);

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(2000),
            Prop.ForAll(Arb.From(fact.Two()), pair =>
            {
                var (a, b) = pair;
                var idA = MessageId.Derive(a.lane, a.network, a.txId, a.index);
                var idB = MessageId.Derive(b.lane, b.network, b.txId, b.index);
                idA.ShouldBe(MessageId.Derive(a.lane, a.network, a.txId, a.index));
                (idA == idB).ShouldBe(a == b);
                (MessageId.Preimage(a.lane, a.network, a.txId, a.index).AsSpan()
                    .SequenceEqual(MessageId.Preimage(b.lane, b.network, b.txId, b.index))).ShouldBe(a == b);
            }));
    }
}
