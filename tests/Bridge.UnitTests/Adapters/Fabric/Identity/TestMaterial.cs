using System.Formats.Asn1;
using System.Numerics;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

/// <summary>Shared helpers: fixed times, generated CAs, and an independent DER parser/encoder (System.Formats.Asn1).</summary>
internal static class TestMaterial
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Year = TimeSpan.FromDays(365);

    /// <summary>P-256 n, from FIPS 186-4 D.1.2.3 (decimal form, independent of the hex constant in the code).</summary>
    public static readonly BigInteger P256N = BigInteger.Parse("115792089210356248762697446949407573529996955224135760342422259061068512044369", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>P-384 n, from FIPS 186-4 D.1.2.4 (decimal form).</summary>
    public static readonly BigInteger P384N = BigInteger.Parse("39402006196394479212279040100143613805079739270465446667946905279627659399113263569398956308152294913554433653942643", System.Globalization.CultureInfo.InvariantCulture);

    public static BigInteger Order(FabricCurve curve) => curve == FabricCurve.P256 ? P256N : P384N;

    public static (BigInteger R, BigInteger S) ParseDer(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var r = sequence.ReadInteger();
        var s = sequence.ReadInteger();
        sequence.ThrowIfNotEmpty();
        reader.ThrowIfNotEmpty();
        return (r, s);
    }

    public static byte[] EncodeDer(BigInteger r, BigInteger s)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(r);
            writer.WriteInteger(s);
        }

        return writer.Encode();
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "bridge-fabric-identity-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
