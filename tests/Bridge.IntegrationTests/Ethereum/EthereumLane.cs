using System.Numerics;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Simulators.Ethereum;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// A running dev chain with the bridge's contracts deployed by the product's own code (signed EIP-1559 transactions),
/// a 2-of-3 relay signer set, and helpers to fund fresh keys so that test classes sharing the chain never share a
/// sender (no nonce contention between them). Tests that change global state (pause, snapshots) start their own lane.
/// </summary>
public sealed class EthereumLane : IAsyncDisposable
{
    private readonly List<EthPrivateKey> _keys = [];
    private readonly EthPrivateKey _faucet;

    private EthereumLane(DevChain chain, HttpClient http, EthRpcClient rpc, TransactionSender sender, EthPrivateKey owner, EthPrivateKey[] relays, DeployedContracts contracts)
    {
        Chain = chain;
        Http = http;
        Rpc = rpc;
        Sender = sender;
        Owner = owner;
        Relays = relays;
        Contracts = contracts;
        _faucet = EthPrivateKey.FromBytes(chain.Accounts[19].GetPrivateKey());
    }

    public DevChain Chain { get; }

    public HttpClient Http { get; }

    public EthRpcClient Rpc { get; }

    /// <summary>The sender every test may share (its nonce manager serialises per key).</summary>
    public TransactionSender Sender { get; }

    /// <summary>The deployer and TitleRegistry owner (dev account 0).</summary>
    public EthPrivateKey Owner { get; }

    /// <summary>The three relay signers; the threshold is 2.</summary>
    public EthPrivateKey[] Relays { get; }

    public DeployedContracts Contracts { get; }

    public ulong ChainId => (ulong)Chain.ChainId;

    public static async Task<EthereumLane> StartAsync(CancellationToken cancellationToken)
    {
        var chain = await DevChain.StartAsync(new DevChainOptions(), null, cancellationToken);
        var http = new HttpClient();
        try
        {
            var rpc = new EthRpcClient(http, new EthRpcClientOptions { Endpoint = chain.RpcUri });
            var sender = new TransactionSender(rpc, new NonceManager(rpc), (ulong)chain.ChainId);
            var owner = EthPrivateKey.FromBytes(chain.Accounts[0].GetPrivateKey());
            var relays = new[] { EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate() };
            var contracts = await ContractDeployer.DeployAsync(sender, owner, [.. relays.Select(r => r.Address)], 2, cancellationToken);
            return new EthereumLane(chain, http, rpc, sender, owner, relays, contracts);
        }
        catch
        {
            http.Dispose();
            await chain.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A new key with 10 ether, its own sender on the chain. Funded by a real transfer from a dev account, not by
    /// hardhat_setBalance: that rewrites the latest block's state without a new header, so the block's stateRoot no
    /// longer matches what eth_getProof proves for it.
    /// </summary>
    public async Task<EthPrivateKey> FundedKeyAsync(CancellationToken cancellationToken)
    {
        var key = EthPrivateKey.Generate();
        await FundAsync(key.Address, cancellationToken);
        lock (_keys)
        {
            _keys.Add(key);
        }

        return key;
    }

    /// <summary>Sends 10 ether to <paramref name="address"/> from a dev account and waits for it.</summary>
    public async Task FundAsync(EthAddress address, CancellationToken cancellationToken)
    {
        var sent = await Sender.TransferAsync(_faucet, address, BigInteger.Pow(10, 19), cancellationToken);
        await Sender.WaitForReceiptAsync(((SendResult.Sent)sent).TransactionHash, TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>An adapter on this lane signing with <paramref name="signer"/>, holding <paramref name="parties"/>' keys.</summary>
    public EthereumAdapter Adapter(EthPrivateKey signer, int confirmations = 0, params EthPrivateKey[] parties) => AdapterFor("eth-dev", signer, confirmations, parties);

    /// <summary>An adapter as <see cref="Adapter"/> makes it, for the network registered as <paramref name="network"/>.</summary>
    public EthereumAdapter AdapterFor(string network, EthPrivateKey signer, int confirmations = 0, params EthPrivateKey[] parties) =>
        new(
            new EthereumAdapterOptions
            {
                Network = network,
                ChainId = ChainId,
                DocumentRegistry = Contracts.DocumentRegistry,
                TitleRegistry = Contracts.TitleRegistry,
                Signer = signer,
                PartyKeys = parties,
                Confirmations = confirmations,
                StartBlock = Contracts.DeploymentBlock,
                PollInterval = TimeSpan.FromMilliseconds(20),
            },
            Rpc);

    /// <summary>Trust anchors naming both contracts, <paramref name="confirmations"/> and the chain's current head as trusted.</summary>
    public async Task<EthereumTrustAnchors> AnchorsAsync(int confirmations, CancellationToken cancellationToken)
    {
        var head = await Rpc.GetBlockNumberAsync(cancellationToken);
        var block = await Rpc.GetBlockByNumberAsync(BlockSelector.Number(head), fullTransactions: false, cancellationToken);
        return new EthereumTrustAnchors(
            (long)ChainId,
            new Dictionary<string, string>
            {
                [EthereumTrustAnchors.AnchorRegistryRole] = Contracts.DocumentRegistry.ToString(),
                [EthereumTrustAnchors.TitleEscrowRole] = Contracts.TitleRegistry.ToString(),
            },
            new EthereumFinality(confirmations),
            [new EthereumTrustedBlock((long)head, block!.Value.GetProperty("hash").GetString()!)]);
    }

    public async ValueTask DisposeAsync()
    {
        Owner.Dispose();
        _faucet.Dispose();
        foreach (var relay in Relays)
        {
            relay.Dispose();
        }

        lock (_keys)
        {
            foreach (var key in _keys)
            {
                key.Dispose();
            }
        }

        Http.Dispose();
        await Chain.DisposeAsync();
    }
}

/// <summary>One lane shared by the test classes that do not change global chain state.</summary>
public sealed class SharedEthereumLane : IAsyncLifetime
{
    private EthereumLane? _lane;

    public EthereumLane Lane => _lane ?? throw new InvalidOperationException("The lane did not start.");

    public async ValueTask InitializeAsync() => _lane = await EthereumLane.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_lane is not null)
        {
            await _lane.DisposeAsync();
        }
    }
}
