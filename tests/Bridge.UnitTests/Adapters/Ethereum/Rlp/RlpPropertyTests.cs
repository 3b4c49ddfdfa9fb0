using System.Numerics;
using Bridge.Adapters.Ethereum.Rlp;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Rlp;

/// <summary>Round-trip and canonicity properties of the codec over generated nested items.</summary>
[Trait("Category", "Unit")]
public sealed class RlpPropertyTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    // Byte strings around every boundary: single bytes on both sides of 0x80, short strings, and long ones.
    private static readonly Gen<RlpItem> Strings = Gen.OneOf(
        AnyByte.Select(b => RlpItem.FromBytes([b])),
        Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(AnyByte, n)).Select(b => RlpItem.FromBytes(b)),
        Gen.Choose(56, 300).SelectMany(n => Gen.ArrayOf(AnyByte, n)).Select(b => RlpItem.FromBytes(b)));

    private static readonly Arbitrary<RlpItem> Items = Arb.From(Gen.Sized(Tree));

    [Fact]
    public void Decode_OfEncode_GivesTheItemBack() =>
        Prop.ForAll(Items, item =>
        {
            var encoded = RlpEncoder.Encode(item);
            var decoded = RlpDecoder.Decode(encoded);
            return decoded.IsSuccess && decoded.Value == item && encoded.Length == item.EncodedLength;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Encode_OfAnAcceptedInput_GivesTheSameBytes()
    {
        // Mutate valid encodings (change a byte, cut, or append); whatever the strict decoder still accepts must be
        // canonical, so re-encoding it reproduces the input exactly.
        var mutated = Items.Generator.SelectMany(item =>
        {
            var encoded = RlpEncoder.Encode(item);
            return Gen.Choose(0, encoded.Length - 1).SelectMany(index => Gen.Choose(0, 3).SelectMany(kind => AnyByte.Select(value =>
            {
                var copy = encoded.ToArray();
                switch (kind)
                {
                    case 0:
                        copy[index] = value;
                        return copy;
                    case 1:
                        return copy[..index];
                    case 2:
                        return [.. copy, value];
                    default:
                        return copy;
                }
            })));
        });

        Prop.ForAll(Arb.From(mutated), input =>
        {
            var decoded = RlpDecoder.Decode(input);
            return !decoded.IsSuccess || RlpEncoder.Encode(decoded.Value).AsSpan().SequenceEqual(input);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ReadUInt64_OfEncodeUInt64_GivesTheValueBack() =>
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), value =>
            RlpDecoder.ReadUInt64(RlpEncoder.EncodeUInt64(value)).Value == value
            && RlpDecoder.ReadUInt64(RlpEncoder.EncodeUInt64(value >> 17)).Value == value >> 17).QuickCheckThrowOnFailure();

    [Fact]
    public void ReadUInt256_OfEncodeBigInteger_GivesTheValueBack()
    {
        var uint256 = Gen.Choose(0, 32).SelectMany(n => Gen.ArrayOf(AnyByte, n))
            .Select(bytes => new BigInteger(bytes, isUnsigned: true, isBigEndian: true));

        Prop.ForAll(Arb.From(uint256), value =>
        {
            var encoded = RlpEncoder.EncodeBigInteger(value);
            return RlpDecoder.ReadUInt256(encoded).Value == value
                && RlpDecoder.ToUInt256(RlpDecoder.Decode(encoded).Value).Value == value;
        }).QuickCheckThrowOnFailure();
    }

    private static Gen<RlpItem> Tree(int size) =>
        size <= 1
            ? Strings
            : Gen.Frequency(
                (2, Strings),
                (1, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Tree(size / 3), n)).Select(items => RlpItem.List(items))));
}
