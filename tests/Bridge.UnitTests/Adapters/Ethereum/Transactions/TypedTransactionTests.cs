using System.Numerics;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Transactions;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Transactions;

[Trait("Category", "Unit")]
public sealed class TypedTransactionTests
{
    public static TheoryData<int> Eip1559Indexes()
    {
        using var document = VectorFiles.Open("eip1559.json");
        var data = new TheoryData<int>();
        for (var i = 0; i < document.RootElement.GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Eip1559Indexes))]
    public void Sign_EthereumJsEip1559Vector_GivesTheSignedTransaction(int index)
    {
        using var document = VectorFiles.Open("eip1559.json");
        var entry = document.RootElement[index];
        using var key = EthPrivateKey.FromHex(entry.GetProperty("privateKey").GetString()!);
        var transaction = new DynamicFeeTransaction
        {
            ChainId = 4, // the payload's first field; see Vectors/SOURCES.md
            Nonce = entry.GetProperty("nonce").GetUInt64(),
            Value = entry.GetProperty("value").GetUInt64(),
            GasLimit = entry.GetProperty("gasLimit").GetUInt64(),
            MaxPriorityFeePerGas = entry.GetProperty("maxPriorityFeePerGas").GetUInt64(),
            MaxFeePerGas = entry.GetProperty("maxFeePerGas").GetUInt64(),
            To = EthAddress.Parse(entry.GetProperty("to").GetString()!),
        };

        // The file wraps each signed transaction in an outer RLP byte string.
        var expected = RlpDecoder.Decode(VectorFiles.Bytes(entry.GetProperty("signedTransactionRLP").GetString()!)).Value.Bytes.ToArray();

        var signed = transaction.Sign(key);

        signed.RawBytes.ToArray().ShouldBe(expected);
        signed.Hash.ToArray().ShouldBe(Keccak256.Hash(expected));
        var decoded = TransactionDecoder.Decode(expected);
        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.Sender.ShouldBe(key.Address);
        var back = decoded.Value.Transaction.ShouldBeOfType<DynamicFeeTransaction>();
        back.ChainId.ShouldBe(4UL);
        back.Nonce.ShouldBe(transaction.Nonce);
        back.MaxPriorityFeePerGas.ShouldBe(transaction.MaxPriorityFeePerGas);
        back.MaxFeePerGas.ShouldBe(transaction.MaxFeePerGas);
        back.GasLimit.ShouldBe(transaction.GasLimit);
        back.To.ShouldBe(transaction.To);
        back.Value.ShouldBe(transaction.Value);
        back.AccessList.ShouldBeEmpty();
    }

    // The signature stored in eip2930txs.json was not made with its "privateKey" (ethereumjs's test signs again with
    // that key and only checks the sender): it is the RFC 6979 signature of ethereum/tests' usual sender key
    // 0x45a915e4…f2d8 (address 0xa94f5374…6ebf0b, the "secretKey" of the ethereum/tests fillers). Both keys are used.
    private const string EthereumTestsSenderKey = "0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";

    [Fact]
    public void Sign_EthereumJsEip2930Vector_GivesTheStoredSignatureAndEncoding()
    {
        using var document = VectorFiles.Open("eip2930txs.json");
        var entry = document.RootElement[0];
        var data = entry.GetProperty("data");
        var transaction = Eip2930Transaction(data);
        using var key = EthPrivateKey.FromHex(EthereumTestsSenderKey);

        // The expected wire form, built from the file's "raw" field list by the RLP encoder: 0x01 || RLP(raw).
        byte[] expected = [0x01, .. RlpEncoder.Encode(ToRlp(entry.GetProperty("raw")))];

        var signed = transaction.Sign(key);

        key.Address.ToLowerHex().ShouldBe("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
        signed.V.ShouldBe((ulong)VectorFiles.Quantity(data.GetProperty("v").GetString()!));
        signed.Signature.R.ToArray().ShouldBe(VectorFiles.Bytes(data.GetProperty("r").GetString()!));
        signed.Signature.S.ToArray().ShouldBe(VectorFiles.Bytes(data.GetProperty("s").GetString()!));
        signed.RawBytes.ToArray().ShouldBe(expected);

        var decoded = TransactionDecoder.Decode(expected).Value;
        decoded.Sender.ShouldBe(key.Address);
        var back = decoded.Transaction.ShouldBeOfType<AccessListTransaction>();
        back.ChainId.ShouldBe(1UL);
        back.GasPrice.ShouldBe(transaction.GasPrice);
        back.AccessList.Count.ShouldBe(1);
        back.AccessList[0].Address.ShouldBe(transaction.AccessList[0].Address);
        back.AccessList[0].StorageKeys.Select(k => k.ToArray()).ShouldBe(transaction.AccessList[0].StorageKeys.Select(k => k.ToArray()));
        back.Data.ToArray().ShouldBe(transaction.Data.ToArray());
    }

    [Fact]
    public void Sign_EthereumJsEip2930VectorWithItsPrivateKey_GivesItsSenderInTheSameLayout()
    {
        using var document = VectorFiles.Open("eip2930txs.json");
        var entry = document.RootElement[0];
        using var key = EthPrivateKey.FromHex(entry.GetProperty("privateKey").GetString()!);
        var raw = entry.GetProperty("raw");

        var signed = Eip2930Transaction(entry.GetProperty("data")).Sign(key);

        signed.Sender.ToLowerHex().ShouldBe("0x" + entry.GetProperty("sendersAddress").GetString());
        var fields = RlpDecoder.Decode(signed.RawBytes.Span[1..]).Value.Items.ToArray();
        fields.Length.ShouldBe(11);
        RlpItem.List(fields[..8]).ShouldBe(RlpItem.List(ToRlp(raw).Items[..8]));
        var decoded = TransactionDecoder.Decode(signed.RawBytes.Span).Value;
        decoded.Sender.ShouldBe(key.Address);
        decoded.Transaction.GetSigningHash().ShouldBe(signed.Transaction.GetSigningHash());
    }

    private static AccessListTransaction Eip2930Transaction(JsonElement data) => new()
    {
        ChainId = (ulong)VectorFiles.Quantity(data.GetProperty("chainId").GetString()!),
        Nonce = (ulong)VectorFiles.Quantity(data.GetProperty("nonce").GetString()!),
        GasPrice = VectorFiles.Quantity(data.GetProperty("gasPrice").GetString()!),
        GasLimit = (ulong)VectorFiles.Quantity(data.GetProperty("gasLimit").GetString()!),
        To = EthAddress.Parse(data.GetProperty("to").GetString()!),
        Value = VectorFiles.Quantity(data.GetProperty("value").GetString()!),
        Data = VectorFiles.Bytes(data.GetProperty("data").GetString()!),
        AccessList = data.GetProperty("accessList").EnumerateArray()
            .Select(e => new AccessListEntry(
                EthAddress.Parse(e.GetProperty("address").GetString()!),
                e.GetProperty("storageKeys").EnumerateArray().Select(k => (ReadOnlyMemory<byte>)VectorFiles.Bytes(k.GetString()!))))
            .ToArray(),
    };

    [Fact]
    public void Sign_DynamicFeeContractCreationWithAccessList_RoundTrips()
    {
        using var key = EthPrivateKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
        var transaction = new DynamicFeeTransaction
        {
            ChainId = 31337,
            Nonce = ulong.MaxValue - 1,
            MaxPriorityFeePerGas = (BigInteger.One << 256) - 1,
            MaxFeePerGas = 0,
            GasLimit = ulong.MaxValue,
            To = null,
            Data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray(),
            AccessList =
            [
                new AccessListEntry(EthAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")),
                new AccessListEntry(EthAddress.Zero, [new byte[32], Enumerable.Repeat((byte)0xff, 32).ToArray()]),
            ],
        };

        var signed = transaction.Sign(key);

        signed.RawBytes.Span[0].ShouldBe((byte)0x02);
        signed.V.ShouldBe((ulong)signed.Signature.RecoveryId);
        var decoded = TransactionDecoder.Decode(signed.RawBytes.Span).Value;
        decoded.Sender.ShouldBe(key.Address);
        decoded.HashHex.ShouldBe(signed.HashHex);
        var back = decoded.Transaction.ShouldBeOfType<DynamicFeeTransaction>();
        back.To.ShouldBeNull();
        back.Nonce.ShouldBe(ulong.MaxValue - 1);
        back.MaxPriorityFeePerGas.ShouldBe((BigInteger.One << 256) - 1);
        back.AccessList.Count.ShouldBe(2);
        back.AccessList[0].StorageKeys.ShouldBeEmpty();
        back.AccessList[1].StorageKeys[1].ToArray().ShouldBe(Enumerable.Repeat((byte)0xff, 32).ToArray());
        back.WithSignature(decoded.Signature).RawBytes.ToArray().ShouldBe(signed.RawBytes.ToArray());
    }

    [Fact]
    public void GetSigningPayload_IsTypeByteThenFieldsWithoutSignature()
    {
        var transaction = new AccessListTransaction { ChainId = 1, Nonce = 0, GasPrice = 1, GasLimit = 21000, To = EthAddress.Zero };

        // 0x01 || RLP [1, 0, 1, 21000, to, 0, "", []]: 1 + 1 + 1 + 3 + 21 + 1 + 1 + 1 = 30 payload bytes.
        Hex.Encode(transaction.GetSigningPayload()).ShouldBe("01" + "de" + "01" + "80" + "01" + "825208" + "94" + new string('0', 40) + "80" + "80" + "c0");
    }

    [Fact]
    public void Fields_OutsideTheirRanges_AreRefused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new DynamicFeeTransaction { ChainId = 1, MaxFeePerGas = -1 });
        Should.Throw<ArgumentOutOfRangeException>(() => new DynamicFeeTransaction { ChainId = 1, MaxPriorityFeePerGas = BigInteger.One << 256 });
        Should.Throw<ArgumentOutOfRangeException>(() => new AccessListTransaction { ChainId = 1, GasPrice = BigInteger.One << 256 });
        Should.Throw<ArgumentException>(() => new AccessListEntry(EthAddress.Zero, [new byte[31]]));
    }

    [Fact]
    public void AccessList_IsCopied()
    {
        var entries = new[] { new AccessListEntry(EthAddress.Zero) };
        var transaction = new AccessListTransaction { ChainId = 1, AccessList = entries };

        entries[0] = new AccessListEntry(EthAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));

        transaction.AccessList[0].Address.ShouldBe(EthAddress.Zero);
    }

    // JSON strings become byte strings, arrays become lists.
    private static RlpItem ToRlp(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array
            ? RlpItem.List(element.EnumerateArray().Select(ToRlp).ToArray())
            : RlpItem.FromBytes(VectorFiles.Bytes(element.GetString()!));
}
