using System.Text;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Adapter;

[Trait("Category", "Unit")]
public sealed class Bytes32NamesTests
{
    [Fact]
    public void Of_Uuid_IsRightAlignedAndDescribesBackAsTheUuid()
    {
        const string id = "be59b260-8f26-47c6-945d-2d7e45662183";

        var word = Bytes32Names.Of(id);

        Convert.ToHexStringLower(word).ShouldBe("00000000000000000000000000000000be59b2608f2647c6945d2d7e45662183");
        Bytes32Names.Describe(word).ShouldBe(id);
    }

    [Fact]
    public void Of_LiteralWord_IsTakenAsIs()
    {
        var hex = "0x" + new string('a', 62) + "01";

        Bytes32Names.Of(hex).ShouldBe(Convert.FromHexString(hex[2..]));
        Bytes32Names.Describe(Bytes32Names.Of(hex)).ShouldBe(hex);
    }

    [Theory]
    [InlineData("lane-fabric-eth")]
    [InlineData("MSCU1234567-EBL")]
    [InlineData("0x1234")]
    public void Of_OtherName_IsKeccakOfItsUtf8(string name)
    {
        Bytes32Names.Of(name).ShouldBe(Keccak256.Hash(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void OfRecipient_AddressIsRightAlignedOtherwiseHashed()
    {
        var address = EthAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

        var word = Bytes32Names.OfRecipient(address.ToString());

        word[..12].ShouldAllBe(b => b == 0);
        word[12..].ShouldBe(address.ToArray());
        Bytes32Names.OfRecipient("BankMSP::CN=holder").ShouldBe(Keccak256.Hash("BankMSP::CN=holder"u8));
    }

    [Fact]
    public void OfDocumentType_IsLeftAlignedAsciiAndRoundTrips()
    {
        var word = Bytes32Names.OfDocumentType("BILL_OF_LADING");

        Encoding.ASCII.GetString(word, 0, 14).ShouldBe("BILL_OF_LADING");
        word[14..].ShouldAllBe(b => b == 0);
        Bytes32Names.DescribeDocumentType(word).ShouldBe("BILL_OF_LADING");
        Bytes32Names.OfDocumentType(null).ShouldAllBe(b => b == 0);
        Bytes32Names.DescribeDocumentType(new byte[32]).ShouldBeNull();
        Should.Throw<ArgumentException>(() => Bytes32Names.OfDocumentType(new string('A', 33)));
        Should.Throw<ArgumentException>(() => Bytes32Names.OfDocumentType("CONNAISSEMENT_É"));
    }
}
