using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Ethereum.Blocks;

namespace Bridge.UnitTests.Adapters.Ethereum.Blocks;

/// <summary>
/// Header RLP and hash on published blocks of every fork layout (Vectors/SOURCES.md): mainnet blocks before London and
/// at London, a Goerli block at Shanghai, and geth's blocks of the ethereum/execution-apis test chain at Paris,
/// Shanghai, Cancun and Prague; each hash is the one the node published.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BlockHeaderTests
{
    private static readonly string[] HeaderFields =
    [
        "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom", "difficulty",
        "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "baseFeePerGas", "withdrawalsRoot",
        "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash",
    ];

    public static TheoryData<string, int> Blocks => new()
    {
        { "mainnet-2000004.json", 15 },
        { "mainnet-14151203.json", 16 },
        { "goerli-8705029.json", 17 },
        { "hive-london-0x1b.json", 16 },
        { "hive-paris-0x24.json", 16 },
        { "hive-shanghai-0x27.json", 17 },
        { "hive-cancun-0x2a.json", 20 },
        { "hive-prague-0x2d.json", 21 },
        { "hive-requests-0x3.json", 21 },
    };

    public static TheoryData<string, string> FlippedFields
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (file, count) in new[] { ("mainnet-2000004.json", 15), ("hive-prague-0x2d.json", 21) })
            {
                foreach (var name in HeaderFields.Take(count))
                {
                    data.Add(file, name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Hash_PublishedBlock_EqualsPublishedHash(string file, int fieldCount)
    {
        var block = Vectors.Result(file);

        var header = BlockHeader.FromJson(block);

        header.IsSuccess.ShouldBeTrue(header.ToString());
        header.Value.FieldCount.ShouldBe(fieldCount);
        Convert.ToHexStringLower(header.Value.Hash()).ShouldBe(block.GetProperty("hash").GetString()![2..]);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Decode_OfEncode_GivesTheHeaderBack(string file, int fieldCount)
    {
        var header = BlockHeader.FromJson(Vectors.Result(file)).Value;

        var decoded = BlockHeader.Decode(header.Encode());

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.ShouldBe(header);
        decoded.Value.FieldCount.ShouldBe(fieldCount);
        decoded.Value.Encode().ShouldBe(header.Encode());
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void FromJson_OfToJson_GivesTheSameHeaderAndHash(string file, int fieldCount)
    {
        var block = Vectors.Result(file);
        var header = BlockHeader.FromJson(block).Value;

        var json = header.ToJson();
        using var compact = JsonDocument.Parse(json);
        var reread = BlockHeader.FromJson(compact.RootElement);

        compact.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(HeaderFields.Take(fieldCount));
        foreach (var property in compact.RootElement.EnumerateObject())
        {
            property.Value.GetString().ShouldBe(block.GetProperty(property.Name).GetString(), property.Name);
        }

        reread.IsSuccess.ShouldBeTrue(reread.ToString());
        reread.Value.ShouldBe(header);
        reread.Value.Hash().ShouldBe(header.Hash());
    }

    [Theory]
    [MemberData(nameof(FlippedFields))]
    public void Hash_OneFieldChanged_Differs(string file, string field)
    {
        var block = JsonNode.Parse(Vectors.Result(file).GetRawText())!.AsObject();
        var original = BlockHeader.FromJson(Parse(block)).Value.Hash();
        var text = block[field]!.GetValue<string>();

        // Flip the low bit of the last digit: a DATA field keeps its length, a QUANTITY stays canonical (a lone "0x0"
        // becomes "0x1"); empty DATA ("0x") gains a byte.
        block[field] = text == "0x"
            ? "0x01"
            : text[..^1] + (Convert.ToInt32(text[^1..], 16) ^ 1).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        var changed = BlockHeader.FromJson(Parse(block));

        changed.IsSuccess.ShouldBeTrue(changed.ToString());
        changed.Value.Hash().ShouldNotBe(original);
    }

    [Fact]
    public void Hash_WithOneFieldChanged_Differs()
    {
        var header = BlockHeader.FromJson(Vectors.Result("hive-cancun-0x2a.json")).Value;

        var changed = header with { Timestamp = header.Timestamp + 1 };

        changed.Hash().ShouldNotBe(header.Hash());
        changed.ShouldNotBe(header);
        (changed with { Timestamp = header.Timestamp }).ShouldBe(header);
    }

    [Fact]
    public void Decode_RawHeaderOfTheTestChain_HashesToTheBlockHashItsReceiptNames()
    {
        // debug_getRawHeader(0x3) and eth_getTransactionReceipt of a block-3 transaction, same execution-apis commit.
        var raw = Vectors.Hex(Vectors.Result("hive-raw-header-0x3.json").GetString()!);
        var receipt = Vectors.Result("hive-receipt-blob-0x3.json");

        var header = BlockHeader.Decode(raw);

        header.IsSuccess.ShouldBeTrue(header.ToString());
        header.Value.Number.ShouldBe(3UL);
        header.Value.FieldCount.ShouldBe(20);
        header.Value.Encode().ShouldBe(raw);
        Convert.ToHexStringLower(header.Value.Hash()).ShouldBe(receipt.GetProperty("blockHash").GetString()![2..]);
    }

    [Theory]
    [InlineData("hive-cancun-0x2a.json", "baseFeePerGas", "withdrawalsRoot")]
    [InlineData("hive-prague-0x2d.json", "withdrawalsRoot", "blobGasUsed")]
    [InlineData("hive-prague-0x2d.json", "excessBlobGas", "parentBeaconBlockRoot")]
    [InlineData("hive-prague-0x2d.json", "parentBeaconBlockRoot", "requestsHash")]
    public void FromJson_LaterForkFieldWithoutAnEarlierOne_IsForkFieldOrder(string file, string removed, string reported)
    {
        var block = JsonNode.Parse(Vectors.Result(file).GetRawText())!.AsObject();
        block.Remove(removed);

        var result = BlockHeader.FromJson(Parse(block));

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(DataErrorCode.ForkFieldOrder);
        result.Error.Field.ShouldBe(reported);
    }

    [Fact]
    public void FromJson_NullForkFields_AreAbsent()
    {
        var block = JsonNode.Parse(Vectors.Result("hive-cancun-0x2a.json").GetRawText())!.AsObject();
        foreach (var field in HeaderFields.Skip(16))
        {
            block[field] = null;
        }

        var result = BlockHeader.FromJson(Parse(block));

        result.IsSuccess.ShouldBeTrue(result.ToString());
        result.Value.FieldCount.ShouldBe(16);
    }

    [Theory]
    [InlineData("stateRoot", null, DataErrorCode.MissingField)]
    [InlineData("stateRoot", "0x1234", DataErrorCode.WrongLength)]
    [InlineData("stateRoot", "d57890add22fbbfd3817dadf352b60e49056d43fa7aaba115e1eb32058d84c1b", DataErrorCode.MalformedField)]
    [InlineData("miner", "0x00000000000000000000000000000000000000zz", DataErrorCode.MalformedField)]
    [InlineData("extraData", "0x123", DataErrorCode.MalformedField)]
    [InlineData("number", "0x02a", DataErrorCode.NonCanonical)]
    [InlineData("number", "0x", DataErrorCode.MalformedField)]
    [InlineData("number", "0x10000000000000000", DataErrorCode.OutOfRange)]
    [InlineData("difficulty", "0x10000000000000000000000000000000000000000000000000000000000000000", DataErrorCode.OutOfRange)]
    [InlineData("nonce", "0x00", DataErrorCode.WrongLength)]
    [InlineData("blobGasUsed", "0X20000", DataErrorCode.MalformedField)]
    public void FromJson_BadField_IsRejectedWithItsName(string field, string? value, DataErrorCode code)
    {
        var block = JsonNode.Parse(Vectors.Result("hive-cancun-0x2a.json").GetRawText())!.AsObject();
        if (value is null)
        {
            block.Remove(field);
        }
        else
        {
            block[field] = value;
        }

        var result = BlockHeader.FromJson(Parse(block));

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(code);
        result.Error.Field.ShouldBe(field);
    }

    [Fact]
    public void FromJson_NumberAsJsonNumber_IsMalformed()
    {
        var block = JsonNode.Parse(Vectors.Result("hive-cancun-0x2a.json").GetRawText())!.AsObject();
        block["gasUsed"] = 5;

        BlockHeader.FromJson(Parse(block)).Error.Code.ShouldBe(DataErrorCode.MalformedField);
        BlockHeader.FromJson(JsonDocument.Parse("[]").RootElement).Error.Code.ShouldBe(DataErrorCode.MalformedField);
    }

    [Fact]
    public void Decode_MalformedEncodings_AreRejected()
    {
        var header = BlockHeader.FromJson(Vectors.Result("mainnet-2000004.json")).Value;
        var encoded = header.Encode();

        BlockHeader.Decode([.. encoded, 0x00]).Error.Code.ShouldBe(DataErrorCode.BadRlp);
        BlockHeader.Decode(encoded[..^1]).Error.Code.ShouldBe(DataErrorCode.BadRlp);
        BlockHeader.Decode([]).Error.Code.ShouldBe(DataErrorCode.BadRlp);
        BlockHeader.Decode([0xc0]).Error.Code.ShouldBe(DataErrorCode.BadStructure);

        // The number written with a leading zero byte (0x83 00 1e 84 84 instead of 0x83 1e 84 84).
        var items = Bridge.Adapters.Ethereum.Rlp.RlpDecoder.Decode(encoded).Value.Items.ToArray();
        items[8] = Bridge.Adapters.Ethereum.Rlp.RlpItem.FromBytes([0x00, 0x1e, 0x84, 0x84]);
        var padded = BlockHeader.Decode(Bridge.Adapters.Ethereum.Rlp.RlpEncoder.Encode(Bridge.Adapters.Ethereum.Rlp.RlpItem.List(items)));
        padded.Error.Code.ShouldBe(DataErrorCode.NonCanonical);
        padded.Error.Field.ShouldBe("number");

        items[8] = Bridge.Adapters.Ethereum.Rlp.RlpItem.FromUInt64(0x1e8484);
        items[0] = Bridge.Adapters.Ethereum.Rlp.RlpItem.FromBytes(new byte[31]);
        var shortHash = BlockHeader.Decode(Bridge.Adapters.Ethereum.Rlp.RlpEncoder.Encode(Bridge.Adapters.Ethereum.Rlp.RlpItem.List(items)));
        shortHash.Error.Code.ShouldBe(DataErrorCode.WrongLength);
        shortHash.Error.Field.ShouldBe("parentHash");
    }

    [Fact]
    public void Init_WrongLengthsOrValues_ThrowAsMisuse()
    {
        var header = BlockHeader.FromJson(Vectors.Result("hive-london-0x1b.json")).Value;

        Should.Throw<ArgumentException>(() => header with { ParentHash = new byte[31] });
        Should.Throw<ArgumentException>(() => header with { Miner = new byte[32] });
        Should.Throw<ArgumentOutOfRangeException>(() => header with { Difficulty = BigInteger.MinusOne });
        Should.Throw<InvalidOperationException>(() => (header with { RequestsHash = new byte[32] }).Hash());
    }

    private static JsonElement Parse(JsonObject block) => JsonDocument.Parse(block.ToJsonString()).RootElement;
}
