using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>A relay signing key held in this process (RFC 6979 deterministic secp256k1, low s, v = 27/28).</summary>
/// <param name="key">The key; the signer does not dispose it.</param>
public sealed class EthRelaySigner(EthPrivateKey key) : IRelaySigner
{
    private readonly EthPrivateKey _key = key ?? throw new ArgumentNullException(nameof(key));

    /// <inheritdoc />
    public string Address { get; } = key.Address.ToLowerHex();

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> digest) => _key.Sign(digest).ToBytes65();
}
