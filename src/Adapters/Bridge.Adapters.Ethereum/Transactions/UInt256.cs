using System.Numerics;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>Range checks for the 256-bit unsigned quantities of a transaction (Yellow Paper §4.3: values in ℕ256).</summary>
internal static class UInt256
{
    /// <summary>2^256, the first value that does not fit.</summary>
    public static readonly BigInteger Limit = BigInteger.One << 256;

    /// <summary>Returns <paramref name="value"/> when 0 ≤ value &lt; 2^256.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or too large.</exception>
    public static BigInteger Require(BigInteger value, string name) =>
        value.Sign >= 0 && value < Limit
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "A 256-bit unsigned quantity must be at least 0 and below 2^256.");
}
