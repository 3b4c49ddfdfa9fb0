using System.Numerics;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Transactions;
using Bridge.Canonical.Hashing;
using Bridge.UnitTests.Adapters.Ethereum.Crypto;
using Bridge.UnitTests.Canonical;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Transactions;

[Trait("Category", "Unit")]
public sealed class TransactionDecoderTests
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    private static readonly EthPrivateKey Key = EthPrivateKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");

    [Fact]
    public void Decode_ConformanceVitalik1_GivesHashAndSenderOfTheLatestFork()
    {
        // ../shared/conformance/ethereum/TransactionTests/ttSignature/Vitalik_1.json; every fork since Spurious Dragon
        // gives the same hash and sender, so the last one listed stands for all.
        using var document = JsonDocument.Parse(Conformance.Read("ethereum", "TransactionTests", "ttSignature", "Vitalik_1.json"));
        var test = document.RootElement.GetProperty("Vitalik_1");
        var latest = test.GetProperty("result").GetProperty("Shanghai");

        var decoded = TransactionDecoder.Decode(VectorFiles.Bytes(test.GetProperty("txbytes").GetString()!));

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.HashHex.ShouldBe(latest.GetProperty("hash").GetString());
        decoded.Value.Sender.ToLowerHex().ShouldBe(latest.GetProperty("sender").GetString());
    }

    public static TheoryData<string> SelectionNames()
    {
        using var document = VectorFiles.Open("ttSignature-selection.json");
        var data = new TheoryData<string>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            data.Add(entry.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SelectionNames))]
    public void Decode_EthereumTestsSignatureVector_GivesTheExpectedOutcome(string name)
    {
        using var document = VectorFiles.Open("ttSignature-selection.json");
        var entry = document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

        var decoded = TransactionDecoder.Decode(VectorFiles.Bytes(entry.GetProperty("txbytes").GetString()!));

        if (entry.TryGetProperty("error", out var error))
        {
            decoded.IsSuccess.ShouldBeFalse();
            decoded.Error.Code.ToString().ShouldBe(error.GetString(), decoded.Error.Message);
        }
        else
        {
            decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
            decoded.Value.HashHex.ShouldBe(entry.GetProperty("hash").GetString());
            decoded.Value.Sender.ToLowerHex().ShouldBe(entry.GetProperty("sender").GetString());
        }
    }

    [Theory]
    [InlineData("native")]
    [InlineData("managed")]
    public void PointAtInfinity_IsUnrecoverableOnBothBackends(string backend)
    {
        // ethereum/tests PointAtInfinity: r, s and the hash are chosen so that sR − eG is the point at infinity.
        using var document = VectorFiles.Open("ttSignature-selection.json");
        var entry = document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "PointAtInfinity");
        var fields = RlpDecoder.Decode(VectorFiles.Bytes(entry.GetProperty("txbytes").GetString()!)).Value.Items;
        var transaction = new LegacyTransaction
        {
            Nonce = 1,
            GasPrice = 0x10,
            GasLimit = 0x5208,
            To = EthAddress.FromBytes(fields[3].Bytes),
            Value = 1,
        };
        var signature = new EthSignature(fields[7].Bytes, fields[8].Bytes, (byte)(fields[6].Bytes[0] - 27));

        Secp256k1.TryRecoverPublicKey(Backends.Get(backend), transaction.GetSigningHash(), signature, new byte[64]).ShouldBeFalse();
    }

    public static TheoryData<string, string, TransactionErrorCode> Malformed()
    {
        var legacy = Signed(new LegacyTransaction { Nonce = 1, GasPrice = 2, GasLimit = 21000, To = EthAddress.Zero, Value = 3, ChainId = 1 });
        var dynamic = Signed(new DynamicFeeTransaction { ChainId = 1, Nonce = 1, MaxFeePerGas = 2, GasLimit = 21000, To = EthAddress.Zero });
        var access = Signed(new AccessListTransaction { ChainId = 1, Nonce = 1, GasPrice = 2, GasLimit = 21000, To = EthAddress.Zero });
        var legacyFields = Fields(legacy);
        var dynamicFields = Fields(dynamic[1..]);
        var accessFields = Fields(access[1..]);
        var highS = EthSignatureTests.Word(N - new BigInteger(legacyFields[8].Bytes, isUnsigned: true, isBigEndian: true));
        var notAnX = EthSignatureTests.Word(Secp256k1EquivalenceTests.NotAnXCoordinate());

        return new TheoryData<string, string, TransactionErrorCode>
        {
            { "empty", "", TransactionErrorCode.EmptyInput },
            { "RLP string", "0x8180", TransactionErrorCode.UnknownType },
            { "type 3", "0x03c0", TransactionErrorCode.UnknownType },
            { "type 0x7f", "0x7fc0", TransactionErrorCode.UnknownType },
            { "typed payload is a string", "0x0280", TransactionErrorCode.NotAList },
            { "typed payload missing", "0x02", TransactionErrorCode.BadRlp },
            { "legacy trailing byte", Hex.Encode0x([.. legacy, 0x00]), TransactionErrorCode.BadRlp },
            { "typed trailing byte", Hex.Encode0x([.. dynamic, 0x00]), TransactionErrorCode.BadRlp },
            { "legacy truncated", Hex.Encode0x(legacy[..^1]), TransactionErrorCode.BadRlp },
            { "legacy 8 fields", List(legacyFields[..8]), TransactionErrorCode.WrongFieldCount },
            { "legacy 10 fields", List([.. legacyFields, RlpItem.Empty]), TransactionErrorCode.WrongFieldCount },
            { "1559 11 fields", Typed(2, dynamicFields[..11]), TransactionErrorCode.WrongFieldCount },
            { "2930 as 1559", Typed(2, accessFields), TransactionErrorCode.WrongFieldCount },
            { "nonce with leading zero", List(Replace(legacyFields, 0, RlpItem.FromBytes([0x00, 0x01]))), TransactionErrorCode.NonCanonicalInteger },
            { "nonce of 9 bytes", List(Replace(legacyFields, 0, RlpItem.FromBytes(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }))), TransactionErrorCode.IntegerTooLarge },
            { "gas price of 33 bytes", List(Replace(legacyFields, 1, RlpItem.FromBytes([1, .. new byte[32]]))), TransactionErrorCode.IntegerTooLarge },
            { "value is a list", List(Replace(legacyFields, 4, RlpItem.EmptyList)), TransactionErrorCode.ExpectedString },
            { "data is a list", List(Replace(legacyFields, 5, RlpItem.EmptyList)), TransactionErrorCode.ExpectedString },
            { "to of 19 bytes", List(Replace(legacyFields, 3, RlpItem.FromBytes(new byte[19]))), TransactionErrorCode.BadAddress },
            { "to is a list", List(Replace(legacyFields, 3, RlpItem.EmptyList)), TransactionErrorCode.BadAddress },
            { "access list is a string", Typed(2, Replace(dynamicFields, 8, RlpItem.Empty)), TransactionErrorCode.BadAccessList },
            { "access entry with short address", Typed(2, Replace(dynamicFields, 8, RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[19]), RlpItem.EmptyList)))), TransactionErrorCode.BadAccessList },
            { "access entry with 31-byte key", Typed(1, Replace(accessFields, 7, RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.List(RlpItem.FromBytes(new byte[31])))))), TransactionErrorCode.BadAccessList },
            { "access entry of 3 items", Typed(1, Replace(accessFields, 7, RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.EmptyList, RlpItem.Empty)))), TransactionErrorCode.BadAccessList },
            { "v = 29", List(Replace(legacyFields, 6, RlpItem.FromUInt64(29))), TransactionErrorCode.BadV },
            { "v = 34", List(Replace(legacyFields, 6, RlpItem.FromUInt64(34))), TransactionErrorCode.BadV },
            { "v = 0", List(Replace(legacyFields, 6, RlpItem.Empty)), TransactionErrorCode.BadV },
            { "v of 9 bytes", List(Replace(legacyFields, 6, RlpItem.FromBytes(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }))), TransactionErrorCode.BadV },
            { "y parity 2", Typed(2, Replace(dynamicFields, 9, RlpItem.FromUInt64(2))), TransactionErrorCode.BadV },
            { "y parity 27", Typed(1, Replace(accessFields, 8, RlpItem.FromUInt64(27))), TransactionErrorCode.BadV },
            { "r = 0", List(Replace(legacyFields, 7, RlpItem.Empty)), TransactionErrorCode.InvalidSignature },
            { "s = 0", Typed(2, Replace(dynamicFields, 11, RlpItem.Empty)), TransactionErrorCode.InvalidSignature },
            { "s = n", List(Replace(legacyFields, 8, RlpItem.FromBigInteger(N))), TransactionErrorCode.InvalidSignature },
            { "s with leading zero", List(Replace(legacyFields, 8, RlpItem.FromBytes([0x00, .. legacyFields[8].Bytes]))), TransactionErrorCode.NonCanonicalInteger },
            { "high s", List(Replace(legacyFields, 8, RlpItem.FromBytes(highS))), TransactionErrorCode.HighS },
            { "r is no point's x", List(Replace(legacyFields, 7, RlpItem.FromBytes(notAnX.AsSpan().TrimStart((byte)0)))), TransactionErrorCode.UnrecoverableSignature },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_MalformedTransaction_GivesTheReason(string description, string hex, TransactionErrorCode expected)
    {
        var decoded = TransactionDecoder.Decode(VectorFiles.Bytes(hex));

        decoded.IsSuccess.ShouldBeFalse(description);
        decoded.Error.Code.ShouldBe(expected, decoded.Error.Message);
        decoded.Error.Message.ShouldNotBeNullOrWhiteSpace();
        Should.Throw<InvalidOperationException>(() => decoded.Value);
    }

    [Fact]
    public void Decode_SignedTransactionsOfEveryType_GiveTheSameTransactionBack()
    {
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b);
        var quantities = Gen.OneOf(
            Gen.Choose(0, 1000).Select(i => new BigInteger(i)),
            Gen.ArrayOf(bytes, 32).Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true)));
        var counters = Gen.OneOf(Gen.Choose(0, 300).Select(i => (ulong)i), Gen.Elements(ulong.MaxValue, 1UL << 40));
        var recipients = Gen.OneOf(Gen.Constant<EthAddress?>(null), Gen.ArrayOf(bytes, 20).Select(b => (EthAddress?)EthAddress.FromBytes(b)));
        var data = Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(bytes, n));
        var accessLists = Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(
            Gen.Zip(Gen.ArrayOf(bytes, 20), Gen.Choose(0, 2)).Select(p => new AccessListEntry(
                EthAddress.FromBytes(p.Item1),
                Enumerable.Range(0, p.Item2).Select(k => (ReadOnlyMemory<byte>)Enumerable.Repeat((byte)k, 32).ToArray()))),
            n));
        var transactions = Gen.Zip(
                Gen.Zip(Gen.Choose(0, 3), Gen.Zip(counters, counters)),
                Gen.Zip(Gen.Zip(quantities, quantities), Gen.Zip(recipients, Gen.Zip(data, Gen.Zip(accessLists, Gen.Choose(1, 100_000))))))
            .Select(t =>
            {
                var ((kind, (nonce, gas)), ((value, fee), (to, (payload, (accessList, chain))))) = t;
                return kind switch
                {
                    0 => new LegacyTransaction { Nonce = nonce, GasPrice = fee, GasLimit = gas, To = to, Value = value, Data = payload } as EthTransaction,
                    1 => new LegacyTransaction { Nonce = nonce, GasPrice = fee, GasLimit = gas, To = to, Value = value, Data = payload, ChainId = (ulong)chain },
                    2 => new AccessListTransaction { ChainId = (ulong)chain, Nonce = nonce, GasPrice = fee, GasLimit = gas, To = to, Value = value, Data = payload, AccessList = accessList },
                    _ => new DynamicFeeTransaction { ChainId = (ulong)chain, Nonce = nonce, MaxPriorityFeePerGas = value, MaxFeePerGas = fee, GasLimit = gas, To = to, Value = value, Data = payload, AccessList = accessList },
                };
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(transactions), transaction =>
        {
            var signed = transaction.Sign(Key);
            var decoded = TransactionDecoder.Decode(signed.RawBytes.Span);

            decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
            var back = decoded.Value;
            back.Sender.ShouldBe(Key.Address);
            back.Signature.ShouldBe(signed.Signature);
            back.HashHex.ShouldBe(signed.HashHex);
            back.V.ShouldBe(signed.V);
            back.Transaction.Type.ShouldBe(transaction.Type);
            back.Transaction.GetSigningPayload().ShouldBe(transaction.GetSigningPayload());
            back.Transaction.WithSignature(back.Signature).RawBytes.ToArray().ShouldBe(signed.RawBytes.ToArray());
        }));
    }

    [Fact]
    public void Decode_MutatedTransaction_NeverThrowsAndAcceptsOnlyCanonicalBytes()
    {
        var samples = new[]
        {
            Signed(new LegacyTransaction { Nonce = 7, GasPrice = 1_000_000_000, GasLimit = 21000, To = EthAddress.Zero, Value = 5, ChainId = 1 }),
            Signed(new AccessListTransaction { ChainId = 5, Nonce = 1, GasPrice = 9, GasLimit = 50_000, Data = new byte[] { 1, 2, 3 }, AccessList = [new AccessListEntry(EthAddress.Zero, [new byte[32]])] }),
            Signed(new DynamicFeeTransaction { ChainId = 1, Nonce = 2, MaxFeePerGas = 100, MaxPriorityFeePerGas = 2, GasLimit = 30_000, To = EthAddress.Zero }),
        };
        var mutations = Gen.Elements(samples).SelectMany(sample =>
            Gen.Zip(Gen.Choose(0, sample.Length - 1), Gen.Zip(Gen.Choose(0, 255), Gen.Choose(0, 2))).Select(m =>
            {
                var (index, (value, kind)) = m;
                var copy = sample.ToArray();
                return kind switch
                {
                    0 => Set(copy, index, (byte)value),
                    1 => copy[..index],
                    _ => [.. copy, (byte)value],
                };
            }));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), Prop.ForAll(Arb.From(mutations), input =>
        {
            var decoded = TransactionDecoder.Decode(input);
            if (decoded.IsSuccess)
            {
                decoded.Value.RawBytes.ToArray().ShouldBe(input);
                decoded.Value.Transaction.WithSignature(decoded.Value.Signature).RawBytes.ToArray().ShouldBe(input);
            }
            else
            {
                decoded.Error.Code.ShouldNotBe(TransactionErrorCode.None);
            }
        }));
    }

    private static byte[] Set(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }

    private static byte[] Signed(EthTransaction transaction) => transaction.Sign(Key).RawBytes.ToArray();

    private static RlpItem[] Fields(byte[] rlp) => RlpDecoder.Decode(rlp).Value.Items.ToArray();

    private static RlpItem[] Replace(RlpItem[] fields, int index, RlpItem item)
    {
        var copy = fields.ToArray();
        copy[index] = item;
        return copy;
    }

    private static string List(RlpItem[] fields) => Hex.Encode0x(RlpEncoder.Encode(RlpItem.List(fields)));

    private static string Typed(byte type, RlpItem[] fields) => Hex.Encode0x([type, .. RlpEncoder.Encode(RlpItem.List(fields))]);
}
