using System.Numerics;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

[Trait("Category", "Unit")]
public sealed class EthSignatureTests
{
    // secp256k1 group order n (SEC 2 v2 §2.4.1), written independently of the code under test.
    internal static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    private static readonly byte[] SomeR = Convert.FromHexString("934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8");
    private static readonly byte[] SomeS = Convert.FromHexString("2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");

    internal static byte[] Word(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out var written, isUnsigned: true, isBigEndian: true).ShouldBeTrue();
        return [.. new byte[32 - written], .. bytes.AsSpan(0, written)];
    }

    private static byte[] Rsv(byte[] r, byte[] s, byte v) => [.. r, .. s, v];

    [Theory]
    [InlineData(27, 0)]
    [InlineData(28, 1)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void FromBytes65_AcceptedV_GivesRecoveryId(byte v, byte expectedId)
    {
        var signature = EthSignature.FromBytes65(Rsv(SomeR, SomeS, v));

        signature.RecoveryId.ShouldBe(expectedId);
        signature.R.ToArray().ShouldBe(SomeR);
        signature.S.ToArray().ShouldBe(SomeS);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(30)]
    [InlineData(37)]
    [InlineData(255)]
    public void FromBytes65_OtherV_IsRejected(byte v)
    {
        EthSignature.TryFromBytes65(Rsv(SomeR, SomeS, v), out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => EthSignature.FromBytes65(Rsv(SomeR, SomeS, v))).Message.ShouldContain("v must be");
    }

    public static TheoryData<string, string> OutOfRange => new()
    {
        { "r = 0", "r" },
        { "r = n", "r" },
        { "r = 2^256 - 1", "r" },
        { "s = 0", "s" },
        { "s = n", "s" },
        { "s = n/2 + 1", "s" },
        { "s = n - 1", "s" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void FromBytes65_OutOfRangeOrHighS_IsRejected(string description, string part)
    {
        var bad = description switch
        {
            "r = 0" or "s = 0" => BigInteger.Zero,
            "r = n" or "s = n" => N,
            "r = 2^256 - 1" => BigInteger.Pow(2, 256) - 1,
            "s = n/2 + 1" => (N / 2) + 1,
            _ => N - 1,
        };
        var rsv = part == "r" ? Rsv(Word(bad), SomeS, 27) : Rsv(SomeR, Word(bad), 27);

        EthSignature.TryFromBytes65(rsv, out var signature).ShouldBeFalse();
        signature.ShouldBe(default);
        Should.Throw<ArgumentException>(() => EthSignature.FromBytes65(rsv));
    }

    [Fact]
    public void FromBytes65_SAtHalfOrder_IsAccepted()
    {
        // EIP-2: s ≤ secp256k1n / 2 is valid; the bound itself is included.
        EthSignature.TryFromBytes65(Rsv(SomeR, Word(N / 2), 27), out _).ShouldBeTrue();
        EthSignature.TryFromBytes65(Rsv(Word(N - 1), Word(1), 28), out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void FromBytes65_WrongLength_IsRejected(int length)
    {
        EthSignature.TryFromBytes65(new byte[length], out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => EthSignature.FromBytes65(new byte[length])).Message.ShouldContain("65 bytes");
    }

    [Theory]
    [InlineData(27)]
    [InlineData(0)]
    [InlineData(35)]
    public void ToBytes65_WritesRsAndIdPlusOffset(byte offset)
    {
        var signature = new EthSignature(SomeR, SomeS, 1);

        signature.ToBytes65(offset).ShouldBe(Rsv(SomeR, SomeS, (byte)(1 + offset)));
    }

    [Fact]
    public void ToBytes65_Default_UsesPersonalSignOffset() =>
        new EthSignature(SomeR, SomeS, 0).ToBytes65()[64].ShouldBe((byte)27);

    [Fact]
    public void Constructor_InvalidParts_Throws()
    {
        Should.Throw<ArgumentException>(() => new EthSignature(SomeR, SomeS, 2));
        Should.Throw<ArgumentException>(() => new EthSignature(SomeR.AsSpan(1), SomeS, 0));
        Should.Throw<ArgumentException>(() => new EthSignature(SomeR, Word(N - 1), 0)).Message.ShouldContain("EIP-2");
    }

    [Fact]
    public void Equality_ComparesRSAndId()
    {
        var a = new EthSignature(SomeR, SomeS, 0);
        var b = EthSignature.FromBytes65(Rsv(SomeR, SomeS, 27));
        var c = new EthSignature(SomeR, SomeS, 1);

        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
        (a == c).ShouldBeFalse();
        a.ToString().ShouldContain("0x934b1ea1");
    }

    [Fact]
    public void Default_HasZeroParts() =>
        default(EthSignature).ToBytes65(0).ShouldBe(new byte[65]);
}
