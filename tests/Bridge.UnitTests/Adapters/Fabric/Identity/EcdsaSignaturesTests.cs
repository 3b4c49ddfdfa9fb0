using System.Numerics;
using Bridge.Adapters.Fabric.Identity;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

[Trait("Category", "Unit")]
public sealed class EcdsaSignaturesTests
{
    [Fact]
    public void Order_Constants_MatchFips186Decimals()
    {
        new BigInteger(EcdsaSignatures.P256Order, isUnsigned: true, isBigEndian: true).ShouldBe(TestMaterial.P256N);
        new BigInteger(EcdsaSignatures.P384Order, isUnsigned: true, isBigEndian: true).ShouldBe(TestMaterial.P384N);
    }

    [Theory]
    [InlineData("00007f", "01", "3006" + "02017f" + "020101")]
    [InlineData("80", "00ff", "3008" + "02020080" + "020200ff")]
    [InlineData("", "01", "3006" + "020100" + "020101")]
    public void EncodeDer_LeadingZerosAndHighBits_GivesMinimalIntegers(string r, string s, string expected) =>
        Convert.ToHexStringLower(EcdsaSignatures.EncodeDer(Convert.FromHexString(r), Convert.FromHexString(s))).ShouldBe(expected);

    [Theory]
    [InlineData("3007020200010201010000")] // trailing bytes inside the sequence length mismatch
    [InlineData("30070202000102010100")] // non-minimal integer 00 01
    [InlineData("3006020180020101")] // negative r
    [InlineData("3006020100020101")] // r = 0
    [InlineData("300602010102010100")] // trailing byte after the sequence
    [InlineData("308106020101020101")] // long-form length for a short sequence
    [InlineData("3106020101020101")] // wrong outer tag
    [InlineData("3006030101020101")] // wrong integer tag
    [InlineData("")]
    public void TryDecodeDer_NonDer_ReturnsFalse(string hex)
    {
        var output = new byte[64];

        EcdsaSignatures.TryDecodeDer(Convert.FromHexString(hex), FabricCurve.P256, output, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecodeDer_ROrSNotBelowOrder_ReturnsFalse()
    {
        var output = new byte[64];
        var n = TestMaterial.P256N;

        EcdsaSignatures.TryDecodeDer(TestMaterial.EncodeDer(n, 1), FabricCurve.P256, output, out _).ShouldBeFalse();
        EcdsaSignatures.TryDecodeDer(TestMaterial.EncodeDer(1, n), FabricCurve.P256, output, out _).ShouldBeFalse();
        EcdsaSignatures.TryDecodeDer(TestMaterial.EncodeDer(1, n - 1), FabricCurve.P256, output, out var lowS).ShouldBeTrue();
        lowS.ShouldBeFalse();
    }

    [Theory]
    [InlineData(FabricCurve.P256)]
    [InlineData(FabricCurve.P384)]
    public void IsLowS_HalfOrderBoundary_IsInclusive(FabricCurve curve)
    {
        var half = TestMaterial.Order(curve) / 2; // ⌊n/2⌋

        EcdsaSignatures.IsLowS(half.ToByteArray(isUnsigned: true, isBigEndian: true), curve).ShouldBeTrue();
        EcdsaSignatures.IsLowS((half + 1).ToByteArray(isUnsigned: true, isBigEndian: true), curve).ShouldBeFalse();
        EcdsaSignatures.IsLowS([0x01], curve).ShouldBeTrue();
    }

    [Theory]
    [InlineData(FabricCurve.P256)]
    [InlineData(FabricCurve.P384)]
    public void IsLowS_RandomScalars_AgreesWithBigInteger(FabricCurve curve)
    {
        var n = TestMaterial.Order(curve);
        var size = EcdsaSignatures.ScalarSize(curve);
        var gen = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), size);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(Arb.From(gen), bytes =>
            {
                var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
                return value >= n || EcdsaSignatures.IsLowS(bytes, curve) == (value <= n / 2);
            }));
    }

    [Fact]
    public void ToLowSDer_HighS_FoldsToOrderMinusS()
    {
        var n = TestMaterial.P256N;
        var r = BigInteger.Parse("12345678901234567890", System.Globalization.CultureInfo.InvariantCulture);
        var highS = n - 5;
        var p1363 = new byte[64];
        r.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(p1363.AsSpan(32 - r.GetByteCount(isUnsigned: true)));
        highS.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(p1363.AsSpan(32));

        var (parsedR, parsedS) = TestMaterial.ParseDer(EcdsaSignatures.ToLowSDer(p1363, FabricCurve.P256));

        parsedR.ShouldBe(r);
        parsedS.ShouldBe(new BigInteger(5));
    }

    [Fact]
    public void EncodeThenDecode_RandomScalars_RoundTripsAndMatchesAsnWriter()
    {
        var gen = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 64);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(Arb.From(gen), bytes =>
            {
                bytes[0] &= 0x7f; // keep r and s below n
                bytes[32] &= 0x7f;
                bytes[31] |= 1; // and non-zero
                bytes[63] |= 1;
                var der = EcdsaSignatures.EncodeDer(bytes.AsSpan(0, 32), bytes.AsSpan(32));
                var r = new BigInteger(bytes.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
                var s = new BigInteger(bytes.AsSpan(32), isUnsigned: true, isBigEndian: true);
                var output = new byte[64];
                return der.AsSpan().SequenceEqual(TestMaterial.EncodeDer(r, s))
                    && EcdsaSignatures.TryDecodeDer(der, FabricCurve.P256, output, out _)
                    && output.AsSpan().SequenceEqual(bytes);
            }));
    }
}
