using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Abi;

/// <summary>Event topics and log decoding (abi-spec.rst, "Events" and "Encoding of Indexed Event Parameters").</summary>
[Trait("Category", "Unit")]
public sealed class AbiEventTests
{
    // The ERC-20 Transfer event (EIP-20) and the topic 0 every token Transfer log carries on mainnet.
    private const string TransferTopic = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    private const string From = "cd2a3d9f938e13cd947ec05abc7fe734df8dd826";
    private const string To = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static readonly AbiEvent Transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)").Value;

    [Fact]
    public void Topic0_Erc20Transfer_IsThePublishedTopic()
    {
        Transfer.Signature.ShouldBe("Transfer(address,address,uint256)");
        Convert.ToHexStringLower(Transfer.Topic0).ShouldBe(TransferTopic);
        AbiFunction.Parse("transfer(address,uint256)").Value.Selector.ToString().ShouldBe("0xa9059cbb");
    }

    [Fact]
    public void DecodeLog_Erc20Transfer_GivesIndexedAndDataValues()
    {
        byte[][] topics = [Convert.FromHexString(TransferTopic), Word(From), Word(To)];

        var log = Transfer.DecodeLog(topics, Convert.FromHexString(new string('0', 61) + "3e8"));

        log.IsSuccess.ShouldBeTrue(log.ToString());
        log.Value["from"].AsAddress().ShouldBe(EthAddress.Parse("0x" + From));
        log.Value["to"].AsAddress().ShouldBe(EthAddress.Parse("0x" + To));
        log.Value["value"].AsInteger().ShouldBe(1000);
        log.Value.IsHashedTopic(0).ShouldBeFalse();
    }

    [Fact]
    public void EncodeLog_Erc20Transfer_GivesTheSameTopicsAndData()
    {
        var log = Transfer.EncodeLog(EthAddress.Parse("0x" + From), EthAddress.Parse("0x" + To), 1000).Value;

        log.Topics.Select(Convert.ToHexStringLower).ShouldBe([TransferTopic, "000000000000000000000000" + From, "000000000000000000000000" + To]);
        Convert.ToHexStringLower(log.Data).ShouldBe(new string('0', 61) + "3e8");
    }

    [Fact]
    public void DecodeLog_IndexedString_IsKeccakOfItsBytes()
    {
        // keccak256("abc"), the Keccak team's known answer.
        const string keccakAbc = "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45";
        var named = AbiEvent.Parse("Named(string indexed name, string label)").Value;

        AbiEvent.EncodeTopic(AbiType.String, "abc").Value.ShouldBe(Convert.FromHexString(keccakAbc));
        var log = named.EncodeLog("abc", "abc").Value;
        var decoded = named.DecodeLog(log.Topics, log.Data).Value;

        decoded.IsHashedTopic(0).ShouldBeTrue();
        Convert.ToHexStringLower(decoded["name"].AsBytes()).ShouldBe(keccakAbc);
        decoded["label"].AsString().ShouldBe("abc");
    }

    [Fact]
    public void EncodeTopic_ReferenceTypes_HashTheInPlaceEncoding()
    {
        // A static struct and a fixed array are hashed too: the concatenation of their 32-byte members.
        string expectedTuple = Keccak256.HashHex(Convert.FromHexString(Pad("01") + "6162000000000000000000000000000000000000000000000000000000000000"));
        string expectedArray = Keccak256.HashHex(Convert.FromHexString(Pad("01") + Pad("02")));
        // Strings inside an array are padded to 32 bytes, without lengths.
        string expectedStrings = Keccak256.HashHex(Convert.FromHexString("6100000000000000000000000000000000000000000000000000000000000000" + "6263000000000000000000000000000000000000000000000000000000000000"));

        Convert.ToHexStringLower(AbiEvent.EncodeTopic(AbiType.Parse("(uint8,bytes2)").Value, AbiValue.List(1, "ab"u8.ToArray())).Value).ShouldBe(expectedTuple);
        Convert.ToHexStringLower(AbiEvent.EncodeTopic(AbiType.Parse("uint256[2]").Value, AbiValue.List(1, 2)).Value).ShouldBe(expectedArray);
        Convert.ToHexStringLower(AbiEvent.EncodeTopic(AbiType.Parse("string[]").Value, AbiValue.List("a", "bc")).Value).ShouldBe(expectedStrings);
    }

    [Fact]
    public void DecodeLog_WrongTopicCount_IsRefused() =>
        Transfer.DecodeLog([Convert.FromHexString(TransferTopic), Word(From)], Convert.FromHexString(Pad("01"))).Error.Code.ShouldBe(AbiErrorCode.TopicMismatch);

    [Fact]
    public void DecodeLog_WrongTopic0_IsRefused()
    {
        byte[] topic0 = Convert.FromHexString(TransferTopic);
        topic0[31] ^= 1;

        Transfer.DecodeLog([topic0, Word(From), Word(To)], Convert.FromHexString(Pad("01"))).Error.Code.ShouldBe(AbiErrorCode.TopicMismatch);
    }

    [Fact]
    public void DecodeLog_ShortTopic_IsRefused() =>
        Transfer.DecodeLog([Convert.FromHexString(TransferTopic), Word(From), new byte[31]], Convert.FromHexString(Pad("01"))).Error.Code.ShouldBe(AbiErrorCode.TopicMismatch);

    [Fact]
    public void DecodeLog_DirtyAddressTopic_IsRefused()
    {
        byte[] dirty = Word(To);
        dirty[0] = 1;

        var result = Transfer.DecodeLog([Convert.FromHexString(TransferTopic), Word(From), dirty], Convert.FromHexString(Pad("01")));

        result.Error.Code.ShouldBe(AbiErrorCode.DirtyPadding);
        result.Error.Path.ShouldBe("topics[2]");
    }

    [Fact]
    public void DecodeLog_BadData_IsRefusedWithDataPath() =>
        Transfer.DecodeLog([Convert.FromHexString(TransferTopic), Word(From), Word(To)], new byte[31]).Error.Path.ShouldStartWith("data");

    [Fact]
    public void DecodeLog_Anonymous_HasNoTopic0()
    {
        var anonymous = AbiEvent.Parse("Moved(address indexed a, address indexed b, address indexed c, uint256 indexed d) anonymous").Value;

        var decoded = anonymous.DecodeLog([Word(From), Word(To), Word(From), Word(Pad("07"))], []);

        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value["d"].AsInteger().ShouldBe(7);
        anonymous.DecodeLog([Convert.FromHexString(TransferTopic), Word(From), Word(To), Word(From), Word(Pad("07"))], []).Error.Code.ShouldBe(AbiErrorCode.TopicMismatch);
    }

    [Fact]
    public void Constructor_TooManyIndexed_Throws()
    {
        var parameters = Enumerable.Range(0, 4).Select(i => new AbiParameter("p" + i, AbiType.UInt256, Indexed: true)).ToArray();

        Should.Throw<ArgumentException>(() => new AbiEvent("E", parameters));
        new AbiEvent("E", parameters, anonymous: true).IndexedCount.ShouldBe(4);
        AbiEvent.Parse("E(uint8 indexed,uint8 indexed,uint8 indexed,uint8 indexed)").Error.Code.ShouldBe(AbiErrorCode.InvalidType);
    }

    private static byte[] Word(string hex) => Convert.FromHexString(Pad(hex));

    private static string Pad(string hex) => hex.PadLeft(64, '0');
}
