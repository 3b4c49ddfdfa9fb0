using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

[Trait("Category", "Unit")]
public sealed class EthAddressTests
{
    // EIP-55's own test cases (ethereum/ERCs ERCS/erc-55.md, "Test Cases"): all-caps and all-lower addresses are the
    // ones whose checksum happens to have no lower-case (upper-case) letter.
    public static TheoryData<string> Eip55TestCases => new()
    {
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };

    [Theory]
    [MemberData(nameof(Eip55TestCases))]
    public void ToString_OfEip55TestCase_GivesTheTestCase(string checksummed)
    {
        var address = EthAddress.FromBytes(Convert.FromHexString(checksummed[2..]));

        address.ToString().ShouldBe(checksummed);
    }

    [Theory]
    [MemberData(nameof(Eip55TestCases))]
    public void Parse_OfEip55TestCase_AcceptsItAndItsLowerAndUpperForms(string checksummed)
    {
        var expected = Convert.FromHexString(checksummed[2..]);

        EthAddress.Parse(checksummed).ToArray().ShouldBe(expected);
        EthAddress.Parse(checksummed.ToLowerInvariant()).ToArray().ShouldBe(expected);
        EthAddress.Parse("0x" + checksummed[2..].ToUpperInvariant()).ToArray().ShouldBe(expected);
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // last letter's case flipped
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // second letter's case flipped
    [InlineData("0xfb6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    public void TryParse_MixedCaseWithWrongChecksum_ReturnsFalse(string text)
    {
        EthAddress.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => EthAddress.Parse(text)).Message.ShouldContain("EIP-55");
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")] // no 0x
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")] // 19 bytes
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")] // 21 bytes
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")] // not hex
    [InlineData(" 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")] // whitespace
    [InlineData("0x0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")]
    public void TryParse_NotAnAddress_ReturnsFalse(string text)
    {
        EthAddress.TryParse(text, out var address).ShouldBeFalse();
        address.ShouldBe(EthAddress.Zero);
        Should.Throw<FormatException>(() => EthAddress.Parse(text));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse() => EthAddress.TryParse(null, out _).ShouldBeFalse();

    [Fact]
    public void TryParse_UpperCaseX_IsAccepted() =>
        EthAddress.TryParse("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", out _).ShouldBeTrue();

    [Fact]
    public void FromBytes_WrongLength_Throws()
    {
        Should.Throw<ArgumentException>(() => EthAddress.FromBytes(new byte[19]));
        Should.Throw<ArgumentException>(() => EthAddress.FromBytes(new byte[21]));
    }

    [Fact]
    public void Zero_IsDefaultAndAllZero()
    {
        EthAddress.Zero.ShouldBe(default(EthAddress));
        EthAddress.Zero.ToArray().ShouldBe(new byte[20]);
        EthAddress.Zero.ToString().ShouldBe("0x0000000000000000000000000000000000000000");
    }

    [Fact]
    public void ToLowerHex_GivesLowerCaseWithPrefix() =>
        EthAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").ToLowerHex()
            .ShouldBe("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");

    [Fact]
    public void Equality_FollowsTheBytes()
    {
        var a = EthAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var b = EthAddress.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        var c = EthAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
        (a != c).ShouldBeTrue();
        a.Equals((object)b).ShouldBeTrue();
    }

    [Fact]
    public void FromPublicKey_OfTheGenerator_IsTheAddressOfKeyOne()
    {
        // Private key 1 has public key G (SEC 2 v2 §2.4.1); its address is widely published, e.g. in ApeWorX/ape's
        // account tests (tests/functional/test_cli.py) and in ethers-based self-tests of new Wallet(key 0x…01).
        var g = Convert.FromHexString(
            "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798" +
            "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8");

        EthAddress.FromPublicKey(g).ToString().ShouldBe("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
    }

    [Fact]
    public void FromPublicKey_WrongLength_Throws() =>
        Should.Throw<ArgumentException>(() => EthAddress.FromPublicKey(new byte[65]));
}
