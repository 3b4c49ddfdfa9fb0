using System.Formats.Asn1;
using System.Numerics;
using Bridge.Adapters.Abstractions.Bindings;

namespace Bridge.UnitTests.Bindings;

/// <summary>Statements and signature helpers for the binding tests, written independently of the code under test.</summary>
internal static class BindingTestData
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset IssuedAt = Start.AddDays(30);

    public const string Nonce = "n0nce-0123456789abcdef";

    public static IdentityBindingStatement Statement(string participant, params BoundIdentity[] identities) =>
        new(participant, identities, IssuedAt, IssuedAt.AddDays(90), Nonce);

    /// <summary>
    /// Replaces s of a DER ECDSA signature by n − s (the other valid signature of the same message), with the BCL's ASN.1
    /// reader and writer: low S becomes high S and back.
    /// </summary>
    public static byte[] FlipDerS(byte[] der, BigInteger order)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var r = reader.ReadInteger();
        var s = reader.ReadInteger();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(r);
            writer.WriteInteger(order - s);
        }

        return writer.Encode();
    }

    /// <summary>s of a DER ECDSA signature.</summary>
    public static BigInteger DerS(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        reader.ReadInteger();
        return reader.ReadInteger();
    }

    public static BigInteger Unsigned(string hex) => BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
