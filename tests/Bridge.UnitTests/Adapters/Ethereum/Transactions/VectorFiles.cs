using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Transactions;

/// <summary>Reads the vector files kept next to these tests (Vectors/SOURCES.md says where each comes from).</summary>
internal static class VectorFiles
{
    public static JsonDocument Open(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(Conformance.RepositoryPath(
            "tests", "Bridge.UnitTests", "Adapters", "Ethereum", "Transactions", "Vectors", fileName)));

    /// <summary>Bytes of "0x…" hex ("0x" alone is empty).</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);

    /// <summary>An unsigned integer from "0x…" hex ("0x" alone is zero).</summary>
    public static BigInteger Quantity(string hex) => new(Bytes(hex), isUnsigned: true, isBigEndian: true);

    /// <summary>A decimal integer.</summary>
    public static BigInteger Decimal(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);
}
