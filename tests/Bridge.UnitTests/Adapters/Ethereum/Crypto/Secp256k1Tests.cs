using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

[Trait("Category", "Unit")]
public sealed class Secp256k1Tests
{
    /// <summary>
    /// Community RFC 6979 known answers for secp256k1 with SHA-256 and low s, first collected on bitcointalk
    /// (https://bitcointalk.org/index.php?topic=285142.40) and kept in oleganza/CoreBitcoin
    /// CoreBitcoin/BTCKey+Tests.m (commit 6b5d2f2fe039a33dfdbbc7a56c0142e000a0b0db, testRFC6979; DER there, r and s
    /// here). The last one is btcsuite/btcd's btcec example, which signs the double SHA-256 of its message.
    /// </summary>
    public static TheoryData<string, string, string, bool, string, string> Rfc6979Vectors()
    {
        var data = new TheoryData<string, string, string, bool, string, string>();
        foreach (var backend in Backends.Names)
        {
            data.Add(backend, "cca9fbcc1b41e5a95d369eaa6ddcff73b61a4efaa279cfc6567e8daa39cbaf50", "sample", false,
                "af340daf02cc15c8d5d08d7735dfe6b98a474ed373bdb5fbecf7571be52b3842", "5009fb27f37034a9b24b707b7c6b79ca23ddef9e25f7282e8a797efe53a8f124");
            data.Add(backend, "0000000000000000000000000000000000000000000000000000000000000001", "Satoshi Nakamoto", false,
                "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8", "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");
            data.Add(backend, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "Satoshi Nakamoto", false,
                "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0", "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5");
            data.Add(backend, "f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", "Alan Turing", false,
                "7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c", "58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea");
            data.Add(backend, "0000000000000000000000000000000000000000000000000000000000000001",
                "All those moments will be lost in time, like tears in rain. Time to die...", false,
                "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b", "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21");
            data.Add(backend, "e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2",
                "There is a computer disease that anybody who works with computers knows about. It's a very serious disease and it interferes completely with the work. The trouble with computers is that you 'play' with them!", false,
                "b552edd27580141f3b2a5463048cb7cd3e047b97c9f98076c32dbdf85a68718b", "279fa72dd19bfae05577e06c7c0c1900c371fcd5893f7e1d56a37d30174671f6");
            data.Add(backend, "22a47fa09a223f2aa079edf85a7c2d4f8720ee63e502ee2869afab7de234b80c", "test message", true,
                "1008e236fa8cd0f25df4482dddbb622e8a8b26ef0ba731719458de3ccd93805b", "32f8ebe514ba5f672466eba334639282616bb3c2f0ab09998037513d1f9e3d6d");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc6979Vectors))]
    public void Sign_Rfc6979KnownAnswer_GivesPublishedSignature(string backendName, string keyHex, string message, bool doubleSha256, string r, string s)
    {
        var backend = Backends.Get(backendName);
        var key = Convert.FromHexString(keyHex);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(message));
        if (doubleSha256)
        {
            hash = SHA256.HashData(hash);
        }

        var signature = Secp256k1.Sign(backend, hash, key);

        Convert.ToHexStringLower(signature.R).ShouldBe(r);
        Convert.ToHexStringLower(signature.S).ShouldBe(s);

        // The recovery id must lead back to the signer, and the signature must verify under its key.
        var expectedKey = new byte[64];
        Secp256k1.GetPublicKey(backend, key, expectedKey);
        var recovered = new byte[64];
        Secp256k1.TryRecoverPublicKey(backend, hash, signature, recovered).ShouldBeTrue();
        recovered.ShouldBe(expectedKey);
        Secp256k1.Verify(backend, hash, signature, expectedKey).ShouldBeTrue();
    }

    public static TheoryData<string, string, string> KeyAddressVectors()
    {
        // ethereum/tests BasicTests/keyaddrtest.json: key → address. Its "sig_of_emptystring" is not used: it neither
        // reproduces nor recovers to the address under keccak256("") or other obvious hashes (one of its two s values
        // is even high), and Nethermind's KeyAddressTests ignore it for the same reason.
        var data = new TheoryData<string, string, string>();
        using var document = JsonDocument.Parse(Conformance.Read("ethereum", "BasicTests", "keyaddrtest.json"));
        foreach (var backend in Backends.Names)
        {
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                data.Add(backend, entry.GetProperty("key").GetString()!, entry.GetProperty("addr").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeyAddressVectors))]
    public void GetPublicKey_KeyAddressTestVector_GivesTheAddress(string backendName, string keyHex, string address)
    {
        var backend = Backends.Get(backendName);
        var publicKey = new byte[64];

        Secp256k1.GetPublicKey(backend, Convert.FromHexString(keyHex), publicKey);

        EthAddress.FromPublicKey(publicKey).ToLowerHex().ShouldBe("0x" + address);
    }

    [Fact]
    public void Native_OnThisMachine_IsAvailable() =>
        Secp256k1.Native.ShouldNotBeNull("CI installs libsecp256k1-1; the native backend must load: " + Secp256k1.NativeFailure);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" Auto ")]
    public void Select_Unset_ChoosesNative(string? setting)
    {
        var backend = Secp256k1.Select(setting);

        backend.ShouldBeSameAs(Secp256k1.Native);
        backend.Name.ShouldStartWith("native (libsecp256k1 0.2");
    }

    [Fact]
    public void Select_Managed_ChoosesManaged() =>
        Secp256k1.Select("managed").Name.ShouldBe("managed (BouncyCastle)");

    [Fact]
    public void Select_Native_ChoosesNative() =>
        Secp256k1.Select("NATIVE").ShouldBeSameAs(Secp256k1.Native);

    [Fact]
    public void Select_UnknownValue_Throws() =>
        Should.Throw<InvalidOperationException>(() => Secp256k1.Select("fast")).Message.ShouldContain(Secp256k1.BackendVariable);

    [Fact]
    public void Select_NativeWhenUnavailable_ThrowsWithTheReason() =>
        Should.Throw<InvalidOperationException>(() => Secp256k1.Select("native", null, "libsecp256k1.so.1 is missing"))
            .Message.ShouldContain("libsecp256k1.so.1 is missing");

    [Fact]
    public void Select_UnsetWhenNativeUnavailable_FallsBackToManaged() =>
        Secp256k1.Select(null, null, "missing").ShouldBeSameAs(Secp256k1.Managed);

    [Fact]
    public void Backend_IsWhatTheEnvironmentSelects() =>
        Secp256k1.Backend.ShouldBe(Secp256k1.Select(Environment.GetEnvironmentVariable(Secp256k1.BackendVariable)).Name);

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void SelfTest_OfAWorkingBackend_Passes(string backendName) =>
        Secp256k1.SelfTest(Backends.Get(backendName)).ShouldBeTrue();

    [Fact]
    public void SelfTest_OfABackendWithAWrongSignature_Fails() =>
        Secp256k1.SelfTest(new BitFlippingBackend(Secp256k1.Managed)).ShouldBeFalse();

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // n
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("01")]
    public void Sign_InvalidKey_ThrowsWithoutEchoingTheKey(string keyHex)
    {
        var exception = Should.Throw<ArgumentException>(() => Secp256k1.Sign(new byte[32], Convert.FromHexString(keyHex)));

        exception.Message.ShouldNotContain(keyHex, Case.Insensitive);
        Secp256k1.IsValidPrivateKey(Convert.FromHexString(keyHex)).ShouldBeFalse();
    }

    [Fact]
    public void Sign_HashNot32Bytes_Throws() =>
        Should.Throw<ArgumentException>(() => Secp256k1.Sign(new byte[31], Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001")));

    [Fact]
    public void TryRecoverAddress_DefaultSignature_ReturnsFalse()
    {
        Secp256k1.TryRecoverAddress(new byte[32], default, out var address).ShouldBeFalse();
        address.ShouldBe(EthAddress.Zero);
    }

    [Fact]
    public void Verify_OtherHashOrOtherKey_ReturnsFalse()
    {
        var key = Convert.FromHexString("c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4");
        var hash = Keccak256.Hash("message"u8);
        var signature = Secp256k1.Sign(hash, key);
        var publicKey = Secp256k1.GetPublicKey(key);
        var otherKey = Secp256k1.GetPublicKey(Convert.FromHexString("c87f65ff3f271bf5dc8643484f66b200109caffe4bf98c4cb393dc35740b28c0"));

        Secp256k1.Verify(hash, signature, publicKey).ShouldBeTrue();
        Secp256k1.Verify(Keccak256.Hash("massage"u8), signature, publicKey).ShouldBeFalse();
        Secp256k1.Verify(hash, signature, otherKey).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => Secp256k1.Verify(hash, signature, new byte[65]));
    }

    [Fact]
    public void TryRecoverAddress_OfASignature_GivesTheSigner()
    {
        using var key = EthPrivateKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
        var hash = Keccak256.Hash("anything"u8);

        Secp256k1.TryRecoverAddress(hash, key.Sign(hash), out var signer).ShouldBeTrue();

        signer.ShouldBe(key.Address);
    }

    /// <summary>A backend that corrupts every signature it makes, to prove the self-test can fail.</summary>
    private sealed class BitFlippingBackend(ISecp256k1Backend inner) : ISecp256k1Backend
    {
        public string Name => "broken";

        public bool TryGetPublicKey(ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64) => inner.TryGetPublicKey(privateKey32, publicKey64);

        public bool TrySign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32, Span<byte> signature64, out int recoveryId)
        {
            var ok = inner.TrySign(hash32, privateKey32, signature64, out recoveryId);
            signature64[40] ^= 1;
            return ok;
        }

        public bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, int recoveryId, Span<byte> publicKey64) =>
            inner.TryRecover(hash32, signature64, recoveryId, publicKey64);

        public bool Verify(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> publicKey64) =>
            inner.Verify(hash32, signature64, publicKey64);
    }
}
