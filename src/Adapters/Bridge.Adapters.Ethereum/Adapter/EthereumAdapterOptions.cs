using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>How an <see cref="EthereumAdapter"/> reaches its network and acts on it.</summary>
public sealed class EthereumAdapterOptions
{
    /// <summary>The network's name in the relay (it becomes the source network of proofs).</summary>
    public required string Network { get; init; }

    /// <summary>The chain id the node must report; the adapter refuses to act on another chain.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The DocumentRegistry's address.</summary>
    public required EthAddress DocumentRegistry { get; init; }

    /// <summary>The TitleRegistry's address.</summary>
    public required EthAddress TitleRegistry { get; init; }

    /// <summary>The key the adapter signs with (the operator's; also used for anchors and attested imports).</summary>
    public required EthPrivateKey Signer { get; init; }

    /// <summary>
    /// Further keys by the parties whose titles the adapter moves (a holder signs its own transfer, lock and burn). A
    /// command naming a holder whose key is not here is rejected with <c>no-key-for-holder</c>.
    /// </summary>
    public IReadOnlyList<EthPrivateKey> PartyKeys { get; init; } = [];

    /// <summary>Blocks on top of a block before its events are delivered and its transactions count as final.</summary>
    public int Confirmations { get; init; } = 2;

    /// <summary>The first block a subscription without a checkpoint scans (the contracts' deployment block).</summary>
    public ulong StartBlock { get; init; }

    /// <summary>How often a subscription polls for new blocks once it has caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most blocks one eth_getLogs call covers.</summary>
    public int MaxBlockRange { get; init; } = 500;

    /// <summary>
    /// How many recently delivered blocks a subscription remembers to detect reorganisations; a reorganisation deeper
    /// than this fails the subscription (a non-transient <see cref="Abstractions.AdapterException"/>).
    /// </summary>
    public int ReorgWindow { get; init; } = 256;

    /// <summary>How long a submission waits for its receipt before reporting it as accepted without a block.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Network);
        ArgumentOutOfRangeException.ThrowIfZero(ChainId);
        ArgumentNullException.ThrowIfNull(Signer);
        ArgumentNullException.ThrowIfNull(PartyKeys);
        if (DocumentRegistry == EthAddress.Zero || TitleRegistry == EthAddress.Zero)
        {
            throw new ArgumentException("Both contract addresses are required.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Confirmations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Confirmations, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockRange, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReorgWindow, Confirmations + 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
    }
}
