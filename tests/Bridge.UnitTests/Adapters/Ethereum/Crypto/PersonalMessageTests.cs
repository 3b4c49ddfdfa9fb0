using System.Text;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

/// <summary>
/// EIP-191 personal messages on published vectors: wevm/viem src/accounts/utils/signMessage.test.ts (commit
/// 6b680cdc50facd38fa50600e66903912949de386), signing with test account 0 of test/src/constants.ts (the Hardhat/Anvil
/// key 0xac09…ff80, address 0xf39F…2266); the hash of "hello world" as given in viem's docs and in
/// verifyHash tests (0xd9eb…7d68).
/// </summary>
[Trait("Category", "Unit")]
public sealed class PersonalMessageTests
{
    private const string AnvilKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string AnvilAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    public static TheoryData<string, string> ViemVectors => new()
    {
        { "hello world", "a461f509887bd19e312c0c58467ce8ff8e300d3c1a90b608a760c5b80318eaf15fe57c96f9175d6cd4daad4663763baa7e78836e067d0163e9a2ccf2ff753f5b1b" },
        { "🥵", "05c99bbbe9fac3ad61721a815d19d6771ad39f3e8dffa7ae7561358f20431d8e7f9e1d487c77355790c79c6eb0b0d63690f690615ef99ee3e4f25eef0317d0701b" },
    };

    [Theory]
    [MemberData(nameof(ViemVectors))]
    public void Sign_ViemVector_GivesPublishedSignature(string message, string signatureHex)
    {
        using var key = EthPrivateKey.FromHex(AnvilKey);

        var signature = PersonalMessage.Sign(key, Encoding.UTF8.GetBytes(message));

        Convert.ToHexStringLower(signature.ToBytes65()).ShouldBe(signatureHex);
    }

    [Theory]
    [MemberData(nameof(ViemVectors))]
    public void TryRecoverSigner_ViemVector_GivesTheAccount(string message, string signatureHex)
    {
        var signature = EthSignature.FromBytes65(Convert.FromHexString(signatureHex));

        PersonalMessage.TryRecoverSigner(Encoding.UTF8.GetBytes(message), signature, out var signer).ShouldBeTrue();

        signer.ToString().ShouldBe(AnvilAddress);
    }

    [Fact]
    public void Hash_HelloWorld_IsThePublishedHash()
    {
        PersonalMessage.Hash("hello world").ShouldBe(Convert.FromHexString("d9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68"));
        PersonalMessage.Hash("hello world"u8).ShouldBe(PersonalMessage.Hash("hello world"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(500)]
    [InlineData(5000)]
    public void Hash_AnyLength_IsKeccakOfPrefixDecimalLengthAndMessage(int length)
    {
        var message = new byte[length];
        new Random(length).NextBytes(message);
        byte[] expected = Keccak256.Hash([.. "\u0019Ethereum Signed Message:\n"u8, .. Encoding.ASCII.GetBytes(length.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. message]);

        PersonalMessage.Hash(message).ShouldBe(expected);
    }

    [Fact]
    public void TryRecoverSigner_OtherMessage_GivesAnotherAddress()
    {
        using var key = EthPrivateKey.FromHex(AnvilKey);
        var signature = PersonalMessage.Sign(key, "hello world"u8);

        PersonalMessage.TryRecoverSigner("hello world!"u8, signature, out var signer).ShouldBeTrue();

        signer.ShouldNotBe(key.Address);
    }
}
