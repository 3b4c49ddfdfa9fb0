using System.Numerics;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>FsCheck generators of random ABI type trees with a matching value for each.</summary>
internal static class AbiGenerators
{
    public static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly string[] Pieces = ["a", "Z", "0", " ", "é", "ß", "€", "😀", "\u0000", "\"", "\\", "汉"];

    /// <summary>A type and a value of that type; <paramref name="depth"/> bounds the nesting.</summary>
    public static Gen<(AbiType Type, AbiValue Value)> TypedValue(int depth) =>
        Type(depth).SelectMany(type => Value(type).Select(value => (type, value)));

    /// <summary>One to four top-level arguments.</summary>
    public static Gen<(AbiType[] Types, AbiValue[] Values)> Arguments(int depth) =>
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(TypedValue(depth), n))
            .Select(pairs => (pairs.Select(p => p.Type).ToArray(), pairs.Select(p => p.Value).ToArray()));

    /// <summary>Elementary types of every kind.</summary>
    public static Gen<AbiType> Elementary() => Gen.OneOf(
        Gen.Choose(1, 32).Select(n => AbiType.UInt(n * 8)),
        Gen.Choose(1, 32).Select(n => AbiType.Int(n * 8)),
        Gen.Constant(AbiType.Address),
        Gen.Constant(AbiType.Bool),
        Gen.Choose(1, 32).Select(AbiType.FixedBytes),
        Gen.Constant(AbiType.Bytes),
        Gen.Constant(AbiType.String));

    public static Gen<AbiType> Type(int depth) =>
        depth <= 0
            ? Elementary()
            : Gen.Frequency(
                (4, Elementary()),
                (1, Type(depth - 1).Select(AbiType.ArrayOf)),
                (1, Type(depth - 1).SelectMany(element => Gen.Choose(0, 3).Select(k => AbiType.FixedArrayOf(element, k)))),
                (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Type(depth - 1), n)).Select(AbiType.Tuple)));

    public static Gen<AbiValue> Value(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => Unsigned(type.Size).Select(AbiValue.Integer),
        AbiTypeKind.Int => Unsigned(type.Size).Select(v => AbiValue.Integer(v - (BigInteger.One << (type.Size - 1)))),
        AbiTypeKind.Address => Gen.ArrayOf(AnyByte, 20).Select(b => AbiValue.Address(EthAddress.FromBytes(b))),
        AbiTypeKind.Bool => Gen.Elements(true, false).Select(AbiValue.Bool),
        AbiTypeKind.FixedBytes => Gen.ArrayOf(AnyByte, type.Size).Select(b => AbiValue.Bytes(b)),
        AbiTypeKind.Bytes => Gen.Choose(0, 70).SelectMany(n => Gen.ArrayOf(AnyByte, n)).Select(b => AbiValue.Bytes(b)),
        AbiTypeKind.String => Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(p => AbiValue.String(string.Concat(p))),
        AbiTypeKind.Array => Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Value(type.Element!), n)).Select(AbiValue.List),
        AbiTypeKind.FixedArray => Gen.ArrayOf(Value(type.Element!), type.Size).Select(AbiValue.List),
        _ => Sequence(type.Components.Select(Value).ToArray()).Select(AbiValue.List),
    };

    /// <summary>Unsigned values of up to <paramref name="bits"/> bits, the bounds included often.</summary>
    private static Gen<BigInteger> Unsigned(int bits)
    {
        var max = (BigInteger.One << bits) - 1;
        return Gen.Frequency(
            (1, Gen.Constant(BigInteger.Zero)),
            (1, Gen.Constant(max)),
            (1, Gen.Constant(BigInteger.One << (bits - 1))),
            (6, Gen.Choose(0, bits / 8).SelectMany(n => Gen.ArrayOf(AnyByte, n)).Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true))));
    }

    private static Gen<AbiValue[]> Sequence(Gen<AbiValue>[] generators)
    {
        var result = Gen.Constant(Array.Empty<AbiValue>());
        foreach (var generator in generators)
        {
            var next = generator;
            result = result.SelectMany(done => next.Select(value => (AbiValue[])[.. done, value]));
        }

        return result;
    }
}
