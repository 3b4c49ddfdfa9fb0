namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>Ethereum account addresses as the bridge accepts them in configuration.</summary>
public static class EthereumAddresses
{
    /// <summary>
    /// Whether <paramref name="value"/> is <c>0x</c> + 40 hex digits, not the zero address, and, when mixed case, carries a
    /// valid EIP-55 checksum (https://eips.ethereum.org/EIPS/eip-55).
    /// </summary>
    public static bool IsValid(string? value) =>
        value is not null && EthereumTrustAnchorsReader.IsAddress(value) && EthereumTrustAnchorsReader.IsChecksumValid(value);
}
