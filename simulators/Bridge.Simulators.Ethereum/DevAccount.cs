namespace Bridge.Simulators.Ethereum;

/// <summary>
/// One of the dev chain's funded accounts (10,000 ether each at genesis). These keys are public test keys:
/// never use them on a real network. <see cref="ToString"/> shows the address only.
/// </summary>
public sealed class DevAccount
{
    internal DevAccount(int index, string address, string privateKeyHex)
    {
        Index = index;
        Address = address;
        PrivateKeyHex = privateKeyHex;
    }

    /// <summary>The index i in the derivation path m/44'/60'/0'/0/i.</summary>
    public int Index { get; }

    /// <summary>The address with its EIP-55 mixed-case checksum.</summary>
    public string Address { get; }

    /// <summary>The 32-byte private key as 0x-prefixed lowercase hex.</summary>
    public string PrivateKeyHex { get; }

    /// <summary>A fresh copy of the 32-byte private key.</summary>
    public byte[] GetPrivateKey() => Convert.FromHexString(PrivateKeyHex.AsSpan(2));

    /// <inheritdoc />
    public override string ToString() => $"dev account #{Index} {Address}";
}
