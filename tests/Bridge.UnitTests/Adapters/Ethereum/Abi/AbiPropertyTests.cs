using Bridge.Adapters.Ethereum.Abi;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>Round-trip and canonicity properties over random type trees and values.</summary>
[Trait("Category", "Unit")]
public sealed class AbiPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Decode_OfEncode_GivesTheValuesBack() =>
        Check.One(Quick, Prop.ForAll(Arb.From(AbiGenerators.Arguments(3)), arguments =>
        {
            var encoded = AbiEncoder.Encode(arguments.Types, arguments.Values);
            var decoded = AbiDecoder.Decode(arguments.Types, encoded.Value);
            return encoded.Value.Length % 32 == 0
                && decoded.IsSuccess
                && decoded.Value.SequenceEqual(arguments.Values);
        }));

    [Fact]
    public void Encode_OfAnAcceptedMutation_GivesTheSameBytes()
    {
        // Change a byte, cut or append: whatever the strict decoder still accepts is canonical, so it re-encodes to the input.
        var mutated = AbiGenerators.Arguments(3).Where(a => a.Types.Length > 0).SelectMany(arguments =>
        {
            byte[] encoded = AbiEncoder.Encode(arguments.Types, arguments.Values).Value;
            return Gen.Choose(0, Math.Max(0, encoded.Length - 1)).SelectMany(index => Gen.Choose(0, 3).SelectMany(kind => AbiGenerators.AnyByte.Select(value =>
            {
                byte[] copy = encoded.ToArray();
                switch (kind)
                {
                    case 0 when copy.Length > 0:
                        copy[index] = value;
                        return (arguments.Types, copy);
                    case 1:
                        return (arguments.Types, copy[..index]);
                    case 2:
                        return (arguments.Types, [.. copy, value]);
                    default:
                        return (arguments.Types, copy);
                }
            })));
        });

        Check.One(Quick, Prop.ForAll(Arb.From(mutated), input =>
        {
            var decoded = AbiDecoder.Decode(input.Types, input.Item2);
            return !decoded.IsSuccess || AbiEncoder.Encode(input.Types, decoded.Value).Value.AsSpan().SequenceEqual(input.Item2);
        }));
    }

    [Fact]
    public void Parse_OfCanonicalName_GivesTheType() =>
        Check.One(Quick, Prop.ForAll(Arb.From(AbiGenerators.Type(4)), type => AbiType.Parse(type.CanonicalName).Value.Equals(type)));

    [Fact]
    public void DecodeLog_OfEncodeLog_GivesTheValuesBack()
    {
        var events = AbiGenerators.Arguments(2).SelectMany(arguments =>
            Gen.ArrayOf(Gen.Elements(true, false), arguments.Types.Length).SelectMany(flags => Gen.Elements(true, false).Select(anonymous =>
            {
                int budget = anonymous ? 4 : 3;
                var parameters = arguments.Types.Select((t, i) => new AbiParameter("p" + i, t, flags[i] && budget-- > 0)).ToArray();
                return (new AbiEvent("E", parameters, anonymous), arguments.Values);
            })));

        Check.One(Quick, Prop.ForAll(Arb.From(events), input =>
        {
            var (abiEvent, values) = input;
            var log = abiEvent.EncodeLog(values).Value;
            var decoded = abiEvent.DecodeLog(log.Topics, log.Data);
            if (!decoded.IsSuccess)
            {
                return false;
            }

            for (int i = 0; i < values.Length; i++)
            {
                var expected = decoded.Value.IsHashedTopic(i) ? AbiValue.Bytes(AbiEvent.EncodeTopic(abiEvent.Inputs[i].Type, values[i]).Value) : values[i];
                if (!decoded.Value.Values[i].Equals(expected))
                {
                    return false;
                }
            }

            return log.Topics.Count == abiEvent.IndexedCount + (abiEvent.Anonymous ? 0 : 1);
        }));
    }
}
