using System.Reflection;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

[Trait("Category", "Unit")]
public sealed class EthPrivateKeyTests : IDisposable
{
    // The Hardhat/Anvil account #0, published with its address in wevm/viem test/src/constants.ts.
    private const string AnvilKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string AnvilAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-ethkey-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> KeyAddressVectors()
    {
        // ethereum/tests BasicTests/keyaddrtest.json.
        var data = new TheoryData<string, string>();
        using var document = JsonDocument.Parse(Conformance.Read("ethereum", "BasicTests", "keyaddrtest.json"));
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            data.Add(entry.GetProperty("key").GetString()!, entry.GetProperty("addr").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeyAddressVectors))]
    public void FromHex_KeyAddressTestVector_GivesTheAddress(string key, string address)
    {
        using var privateKey = EthPrivateKey.FromHex(key);

        privateKey.Address.ToLowerHex().ShouldBe("0x" + address);
        EthAddress.FromPublicKey(privateKey.PublicKey).ShouldBe(privateKey.Address);
    }

    [Theory]
    [InlineData(AnvilKey)]
    [InlineData("0x" + AnvilKey)]
    [InlineData("0X" + AnvilKey)]
    [InlineData("  0x" + AnvilKey + "\n")]
    [InlineData("AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80")]
    public void FromHex_AcceptedForms_GiveTheSameKey(string text)
    {
        using var key = EthPrivateKey.FromHex(text);

        key.Address.ToString().ShouldBe(AnvilAddress);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff")] // 31 bytes
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8000")] // 33 bytes
    [InlineData("zc0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff94 bacb478cbed5efcae784d7bf4f2ff80")]
    public void FromHex_NotAKey_ThrowsFormatExceptionWithoutTheText(string text)
    {
        var exception = Should.Throw<FormatException>(() => EthPrivateKey.FromHex(text));

        exception.Message.ShouldNotContain("bacb478cbed5efcae784d7", Case.Insensitive);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // n
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void FromHex_OutOfRange_ThrowsArgumentExceptionWithoutTheKey(string text)
    {
        var exception = Should.Throw<ArgumentException>(() => EthPrivateKey.FromHex(text));

        exception.Message.ShouldContain("out of range");
        exception.Message.ShouldNotContain(text, Case.Insensitive);
    }

    [Fact]
    public void FromHex_LargestKey_IsAccepted()
    {
        using var key = EthPrivateKey.FromHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"); // n − 1

        key.Address.ShouldNotBe(EthAddress.Zero);
    }

    [Fact]
    public void FromBytes_WrongLengthOrRange_Throws()
    {
        Should.Throw<ArgumentException>(() => EthPrivateKey.FromBytes(new byte[31])).Message.ShouldContain("32 bytes");
        Should.Throw<ArgumentException>(() => EthPrivateKey.FromBytes(new byte[32])).Message.ShouldContain("out of range");
    }

    [Fact]
    public void FromFile_KeyWithNewline_IsRead()
    {
        var path = Path.Combine(_folder, "key.hex");
        File.WriteAllText(path, "0x" + AnvilKey + "\n");

        using var key = EthPrivateKey.FromFile(path);

        key.Address.ToString().ShouldBe(AnvilAddress);
    }

    [Fact]
    public void FromFile_Missing_ThrowsFileNotFound()
    {
        var path = Path.Combine(_folder, "absent.hex");

        Should.Throw<FileNotFoundException>(() => EthPrivateKey.FromFile(path)).Message.ShouldContain(path);
    }

    [Theory]
    [InlineData("not a key at all, but with " + "ac0974bec39a17e36ba4a6b4d238ff94" + " inside")]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2f")]
    [InlineData("")]
    public void FromFile_NotAKey_ThrowsFormatExceptionNamingTheFileButNotTheContents(string contents)
    {
        var path = Path.Combine(_folder, "bad.hex");
        File.WriteAllText(path, contents);

        var exception = Should.Throw<FormatException>(() => EthPrivateKey.FromFile(path));

        exception.Message.ShouldContain(path);
        exception.Message.ShouldNotContain("ac0974bec39a17e36ba4a6b4d238ff94", Case.Insensitive);
    }

    [Fact]
    public void FromFile_OutOfRange_ThrowsArgumentException()
    {
        var path = Path.Combine(_folder, "zero.hex");
        File.WriteAllText(path, new string('0', 64));

        Should.Throw<ArgumentException>(() => EthPrivateKey.FromFile(path)).Message.ShouldContain(path);
    }

    [Fact]
    public void FromEnvironment_SetVariable_IsRead()
    {
        var name = "BRIDGE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "0x" + AnvilKey);
        try
        {
            using var key = EthPrivateKey.FromEnvironment(name);

            key.Address.ToString().ShouldBe(AnvilAddress);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void FromEnvironment_UnsetVariable_Throws()
    {
        var name = "BRIDGE_TEST_KEY_" + Guid.NewGuid().ToString("N");

        Should.Throw<InvalidOperationException>(() => EthPrivateKey.FromEnvironment(name)).Message.ShouldContain(name);
    }

    [Fact]
    public void Generate_GivesDistinctWorkingKeys()
    {
        using var a = EthPrivateKey.Generate();
        using var b = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("generated"u8);

        a.Address.ShouldNotBe(b.Address);
        Secp256k1.TryRecoverAddress(hash, a.Sign(hash), out var signer).ShouldBeTrue();
        signer.ShouldBe(a.Address);
    }

    [Fact]
    public void ToString_ShowsTheAddressOnly()
    {
        using var key = EthPrivateKey.FromHex(AnvilKey);

        key.ToString().ShouldBe($"EthPrivateKey({AnvilAddress})");
    }

    [Fact]
    public void Dispose_ZeroesTheKeyAndStopsSigning()
    {
        var key = EthPrivateKey.FromHex(AnvilKey);
        var bytes = (byte[])typeof(EthPrivateKey).GetField("_key", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key)!;
        bytes.ShouldNotBe(new byte[32]);

        key.Dispose();

        bytes.ShouldBe(new byte[32]);
        Should.Throw<ObjectDisposedException>(() => key.Sign(new byte[32]));
        key.Address.ToString().ShouldBe(AnvilAddress);
        key.Dispose(); // idempotent
    }
}
