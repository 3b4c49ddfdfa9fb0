using System.Text.Json.Nodes;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.UnitTests.Adapters.Ethereum.Blocks;

/// <summary>
/// Receipt encoding, strict decoding, blooms and JSON, on receipts geth published in ethereum/execution-apis
/// (Vectors/SOURCES.md): the receipts of two blocks whose receiptsRoot (inside a header with its published hash) the
/// receipts must rebuild, typed receipts with logs whose published bloom we must recompute, and raw pre-Byzantium
/// receipts from debug_getRawReceipts.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReceiptTests
{
    public static TheoryData<string, string> Blocks => new()
    {
        { "hive-block-0x1.json", "hive-receipts-0x1.json" },
        { "hive-block-0x14.json", "hive-receipts-0x14.json" },
    };

    public static TheoryData<string, int> ReceiptsWithLogs => new()
    {
        { "hive-receipt-access-list-0x2.json", 1 },
        { "hive-receipt-dynamic-fee-0x1b.json", 2 },
        { "hive-receipt-blob-0x3.json", 3 },
    };

    public static TheoryData<byte> Types => [0, 1, 2, 3, 4, 5, 0x42, 0x7f];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ComputeRoot_PublishedBlockReceipts_IsTheHeadersReceiptsRoot(string blockFile, string receiptsFile)
    {
        var block = Vectors.Result(blockFile);
        var header = BlockHeader.FromJson(block).Value;
        Convert.ToHexStringLower(header.Hash()).ShouldBe(block.GetProperty("hash").GetString()![2..]);

        var receipts = Vectors.Result(receiptsFile).EnumerateArray().Select(json => Receipt.FromJson(json).Value).ToList();

        ReceiptTrie.ComputeRoot(receipts).ShouldBe(header.ReceiptsRoot.ToArray());
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void BuildProof_EveryReceiptOfAPublishedBlock_VerifiesUnderThePublishedRoot(string blockFile, string receiptsFile)
    {
        var root = Vectors.Hex(Vectors.Result(blockFile), "receiptsRoot");
        var receipts = Vectors.Result(receiptsFile).EnumerateArray().Select(json => Receipt.FromJson(json).Value).ToList();

        for (var i = 0; i < receipts.Count; i++)
        {
            var proof = ReceiptTrie.BuildProof(receipts, i);
            proof.ReceiptsRoot.ShouldBe(root);

            var verdict = ReceiptTrie.Verify(root, i, proof.Nodes, receipts[i].Encode());

            verdict.IsValid.ShouldBeTrue(verdict.ToString());
            verdict.Receipt.ShouldBe(receipts[i]);
        }

        ReceiptTrie.Verify(root, receipts.Count, ReceiptTrie.BuildProof(receipts, 0).Nodes).Status.ShouldNotBe(ReceiptProofStatus.Valid);
    }

    [Theory]
    [MemberData(nameof(ReceiptsWithLogs))]
    public void FromJson_PublishedReceiptWithLogs_RecomputesThePublishedBloom(string file, int type)
    {
        var json = Vectors.Result(file);

        var receipt = Receipt.FromJson(json);

        receipt.IsSuccess.ShouldBeTrue(receipt.ToString());
        receipt.Value.Type.ShouldBe((byte)type);
        receipt.Value.Succeeded.ShouldBe(true);
        receipt.Value.Logs.Count.ShouldBe(1);
        Bloom.Compute(receipt.Value.Logs).ShouldBe(Vectors.Hex(json, "logsBloom"));
        var topic = receipt.Value.Logs[0].Topics[1].ToArray();
        Bloom.MayContain(receipt.Value.LogsBloom.Span, topic).ShouldBeTrue();
    }

    [Fact]
    public void Decode_PublishedRawPreByzantiumReceipts_RoundTripsAndKeepsTheirBloom()
    {
        var raws = Vectors.Result("hive-raw-receipts-0x3.json").EnumerateArray().Select(e => Vectors.Hex(e.GetString()!)).ToList();

        foreach (var raw in raws)
        {
            var receipt = Receipt.Decode(raw);

            receipt.IsSuccess.ShouldBeTrue(receipt.ToString());
            receipt.Value.Type.ShouldBe(Receipt.LegacyType);
            receipt.Value.Succeeded.ShouldBeNull();
            receipt.Value.PostStateRoot.Length.ShouldBe(32);
            receipt.Value.Encode().ShouldBe(raw);
            receipt.Value.GetEncodedLength().ShouldBe(raw.Length);
            receipt.Value.HasConsistentBloom().ShouldBeTrue();
        }

        var withLogs = Receipt.Decode(raws[1]).Value;
        withLogs.CumulativeGasUsed.ShouldBe(0x02a903UL);
        withLogs.Logs.Count.ShouldBe(10);
        withLogs.Logs[9].Data.ToArray().ShouldBe(Vectors.Hex("0x000000000000000000000000000000000000000000000000000000000000000a"));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Decode_OfEncode_GivesTheReceiptBackForEveryType(byte type)
    {
        var log = new ReceiptLog(new byte[20], [new byte[32], Enumerable.Repeat((byte)7, 32).ToArray()], [1, 2, 3]);
        foreach (var succeeded in new[] { true, false })
        {
            var receipt = Receipt.Create(type, succeeded, 0x1234567, [log, log]);

            var encoded = receipt.Encode();
            var decoded = Receipt.Decode(encoded);

            decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
            decoded.Value.ShouldBe(receipt);
            decoded.Value.Type.ShouldBe(type);
            decoded.Value.Succeeded.ShouldBe(succeeded);
            encoded.Length.ShouldBe(receipt.GetEncodedLength());
            if (type == 0)
            {
                encoded[0].ShouldBeGreaterThanOrEqualTo((byte)0xc0);
            }
            else
            {
                encoded[0].ShouldBe(type);
                RlpDecoder.Decode(encoded.AsSpan(1)).IsSuccess.ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void Encode_Status_IsTheEip658Scalar()
    {
        // A list of 264 bytes (0xf9 0x01 0x08): status 0x01 or 0x80, gas 0x82 0x52 0x08, the bloom (3 + 256), 0xc0.
        var ok = Receipt.Create(2, true, 21000, []).Encode();
        var failed = Receipt.Create(0, false, 21000, []).Encode();

        Convert.ToHexStringLower(ok[..8]).ShouldBe("02f9010801825208");
        Convert.ToHexStringLower(failed[..7]).ShouldBe("f9010880825208");
        ok[^1].ShouldBe((byte)0xc0);
    }

    [Theory]
    [InlineData("", DataErrorCode.BadRlp)]
    [InlineData("00c0", DataErrorCode.UnsupportedType)]
    [InlineData("80", DataErrorCode.UnsupportedType)]
    [InlineData("b8", DataErrorCode.UnsupportedType)]
    [InlineData("02", DataErrorCode.BadRlp)]
    [InlineData("c0", DataErrorCode.BadStructure)]
    [InlineData("02c0", DataErrorCode.BadStructure)]
    [InlineData("c3010101", DataErrorCode.BadStructure)]
    public void Decode_MalformedInput_IsRejected(string hex, DataErrorCode code)
    {
        Receipt.Decode(Convert.FromHexString(hex)).Error.Code.ShouldBe(code);
    }

    [Fact]
    public void Decode_FieldLevelViolations_AreRejectedWithTheirField()
    {
        var bloom = RlpItem.FromBytes(new byte[256]);
        var log = RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.List(RlpItem.FromBytes(new byte[32])), RlpItem.Empty);

        Check(RlpItem.FromBytes([0x00]), RlpItem.FromUInt64(1), bloom, RlpItem.List(), DataErrorCode.NonCanonical, "status");
        Check(RlpItem.FromBytes([0x02]), RlpItem.FromUInt64(1), bloom, RlpItem.List(), DataErrorCode.BadStructure, "status");
        Check(RlpItem.List(), RlpItem.FromUInt64(1), bloom, RlpItem.List(), DataErrorCode.BadStructure, "status");
        Check(RlpItem.FromUInt64(1), RlpItem.FromBytes([0, 1]), bloom, RlpItem.List(), DataErrorCode.NonCanonical, "cumulativeGasUsed");
        Check(RlpItem.FromUInt64(1), RlpItem.FromBytes(new byte[9] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }), bloom, RlpItem.List(), DataErrorCode.NonCanonical, "cumulativeGasUsed");
        Check(RlpItem.FromUInt64(1), RlpItem.FromUInt64(1), RlpItem.FromBytes(new byte[255]), RlpItem.List(), DataErrorCode.WrongLength, "logsBloom");
        Check(RlpItem.FromUInt64(1), RlpItem.FromUInt64(1), bloom, RlpItem.Empty, DataErrorCode.BadStructure, "logs");
        Check(RlpItem.FromUInt64(1), RlpItem.FromUInt64(1), bloom, RlpItem.List(log, RlpItem.List(log.Items[0], log.Items[1])), DataErrorCode.BadStructure, "logs[1]");
        Check(RlpItem.FromUInt64(1), RlpItem.FromUInt64(1), bloom, RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[19]), RlpItem.List(), RlpItem.Empty)), DataErrorCode.WrongLength, "logs[0].address");
        Check(RlpItem.FromUInt64(1), RlpItem.FromUInt64(1), bloom, RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.List(RlpItem.FromBytes(new byte[32]), RlpItem.FromBytes(new byte[31])), RlpItem.Empty)), DataErrorCode.WrongLength, "logs[0].topics[1]");
        Check(RlpItem.FromUInt64(1), RlpItem.FromUInt64(1), bloom, RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.Empty, RlpItem.Empty)), DataErrorCode.BadStructure, "logs[0]");

        // A post-state root belongs to legacy receipts only.
        var typed = (byte[])[0x02, .. RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes(new byte[32]), RlpItem.FromUInt64(1), bloom, RlpItem.List()))];
        Receipt.Decode(typed).Error.Field.ShouldBe("status");

        // Trailing bytes after a valid receipt.
        var valid = Receipt.Create(1, true, 5, []).Encode();
        Receipt.Decode([.. valid, 0x80]).Error.Code.ShouldBe(DataErrorCode.BadRlp);

        static void Check(RlpItem status, RlpItem gas, RlpItem bloom, RlpItem logs, DataErrorCode code, string field)
        {
            var result = Receipt.Decode(RlpEncoder.Encode(RlpItem.List(status, gas, bloom, logs)));
            result.IsSuccess.ShouldBeFalse();
            result.Error.Code.ShouldBe(code);
            result.Error.Field.ShouldBe(field);
        }
    }

    [Theory]
    [InlineData("cumulativeGasUsed", null, DataErrorCode.MissingField, "cumulativeGasUsed")]
    [InlineData("cumulativeGasUsed", "0x0ca9c", DataErrorCode.NonCanonical, "cumulativeGasUsed")]
    [InlineData("status", "0x2", DataErrorCode.OutOfRange, "status")]
    [InlineData("status", null, DataErrorCode.MissingField, "status")]
    [InlineData("type", "0x80", DataErrorCode.UnsupportedType, "type")]
    [InlineData("logsBloom", "0x00", DataErrorCode.WrongLength, "logsBloom")]
    [InlineData("logs", null, DataErrorCode.MissingField, "logs")]
    [InlineData("logs", "0x", DataErrorCode.MalformedField, "logs")]
    public void FromJson_BadField_IsRejectedWithItsName(string field, string? value, DataErrorCode code, string path)
    {
        var json = JsonNode.Parse(Vectors.Result("hive-receipt-blob-0x3.json").GetRawText())!.AsObject();
        if (value is null)
        {
            json.Remove(field);
        }
        else
        {
            json[field] = value;
        }

        var result = Receipt.FromJson(System.Text.Json.JsonDocument.Parse(json.ToJsonString()).RootElement);

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code);
        result.Error.Field.ShouldBe(path);
    }

    [Fact]
    public void FromJson_LogFieldsAndBloom_AreChecked()
    {
        var json = JsonNode.Parse(Vectors.Result("hive-receipt-blob-0x3.json").GetRawText())!.AsObject();

        var topic = json.DeepClone().AsObject();
        topic["logs"]![0]!["topics"]![1] = "0x1234";
        Parse(topic).Error.ShouldBe(Parse(topic).Error with { Code = DataErrorCode.WrongLength, Field = "logs[0].topics[1]" });

        var address = json.DeepClone().AsObject();
        address["logs"]![0]!.AsObject().Remove("address");
        Parse(address).Error.Field.ShouldBe("logs[0].address");

        var data = json.DeepClone().AsObject();
        data["logs"]![0]!["data"] = "0x0";
        Parse(data).Error.Code.ShouldBe(DataErrorCode.MalformedField);

        // A data byte changed: the receipt parses field by field but its published bloom no longer matches its logs.
        var bloom = json.DeepClone().AsObject();
        bloom["logs"]![0]!["address"] = "0x7dcd17433742f4c0ca53122ab541d0ba67fc27de";
        Parse(bloom).Error.Code.ShouldBe(DataErrorCode.BloomMismatch);

        // Before Byzantium: no status, a 32-byte root instead; a typed receipt always has a status.
        var legacy = json.DeepClone().AsObject();
        legacy.Remove("status");
        legacy["type"] = "0x0";
        legacy["root"] = "0x" + new string('a', 64);
        var preByzantium = Parse(legacy);
        preByzantium.IsSuccess.ShouldBeTrue(preByzantium.ToString());
        preByzantium.Value.Succeeded.ShouldBeNull();
        legacy.Remove("type");
        Parse(legacy).IsSuccess.ShouldBeTrue();
        legacy.Remove("root");
        Parse(legacy).Error.Code.ShouldBe(DataErrorCode.MissingField);

        Receipt.FromJson(System.Text.Json.JsonDocument.Parse("[]").RootElement).Error.Code.ShouldBe(DataErrorCode.MalformedField);

        static DataResult<Receipt> Parse(JsonObject value) =>
            Receipt.FromJson(System.Text.Json.JsonDocument.Parse(value.ToJsonString()).RootElement);
    }

    [Fact]
    public void Create_InvalidArguments_ThrowAsMisuse()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Receipt.Create(0x80, true, 0, []));
        Should.Throw<ArgumentException>(() => Receipt.Create(1, true, 0, new byte[255], []));
        Should.Throw<ArgumentException>(() => Receipt.CreatePreByzantium(new byte[31], 0, new byte[256], []));
        Should.Throw<ArgumentException>(() => new ReceiptLog(new byte[19], [], []));
        Should.Throw<ArgumentException>(() => new ReceiptLog(new byte[20], [new byte[31]], []));
        Should.Throw<ArgumentException>(() => Bloom.Add(new byte[255], [1]));
    }
}
