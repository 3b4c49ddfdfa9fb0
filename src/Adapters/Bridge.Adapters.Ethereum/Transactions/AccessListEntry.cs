using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// One entry of an EIP-2930 access list: an address and the 32-byte storage keys of it that the transaction will
/// touch. RLP form: [address, [storageKey, …]].
/// </summary>
public sealed class AccessListEntry
{
    /// <summary>Bytes in a storage key.</summary>
    public const int StorageKeySize = 32;

    /// <summary>An entry; the storage keys are copied.</summary>
    /// <exception cref="ArgumentException">A storage key is not 32 bytes.</exception>
    public AccessListEntry(EthAddress address, IEnumerable<ReadOnlyMemory<byte>> storageKeys)
    {
        ArgumentNullException.ThrowIfNull(storageKeys);
        var keys = new List<ReadOnlyMemory<byte>>();
        foreach (var key in storageKeys)
        {
            if (key.Length != StorageKeySize)
            {
                throw new ArgumentException($"A storage key is {StorageKeySize} bytes; got {key.Length}.", nameof(storageKeys));
            }

            keys.Add(key.ToArray());
        }

        Address = address;
        StorageKeys = keys.AsReadOnly();
    }

    /// <summary>An entry with no storage keys.</summary>
    public AccessListEntry(EthAddress address)
        : this(address, [])
    {
    }

    /// <summary>The account.</summary>
    public EthAddress Address { get; }

    /// <summary>Its storage keys, each 32 bytes.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> StorageKeys { get; }

    internal RlpItem ToRlp()
    {
        var keys = new RlpItem[StorageKeys.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = RlpItem.FromBytes(StorageKeys[i].Span);
        }

        return RlpItem.List(RlpItem.FromBytes(Address.AsSpan()), RlpItem.List(keys));
    }
}
