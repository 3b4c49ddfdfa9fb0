using System.Collections.Concurrent;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Records;
using Bridge.Relay.Registry;

namespace Bridge.Host.Hosting;

/// <summary>
/// <c>Bridge:Relay</c>: whether this host runs the relay (dispatcher and watchers), as whom, with which relay signing keys,
/// and how it reaches each network (docs/relay.md "Running the relay"). What a network is (kind, channel and chaincode,
/// chain id and contracts, finality) comes from the registry; only connection details and keys are configured here.
/// </summary>
internal sealed class RelayOptions
{
    /// <summary>Run the dispatcher and the watchers in this host.</summary>
    public bool Enabled { get; set; }

    /// <summary>This host's worker name in leases (default: machine name and process id).</summary>
    public string? Owner { get; set; }

    /// <summary>Files holding relay signing keys (64 hex digits each, secp256k1).</summary>
    public List<string> SignerKeyFiles { get; set; } = [];

    /// <summary>How to reach each network, by registry name.</summary>
    public Dictionary<string, RelayAdapterOptions> Adapters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a lease on a message lasts, in seconds (another host retakes a dead host's work after it).</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How long a watcher's lease on its subscription lasts, in seconds (renewed every third of it).</summary>
    public int WatcherLeaseSeconds { get; set; } = 30;

    /// <summary>How often the lanes a watcher maps events for are read again, in milliseconds.</summary>
    public int LaneRefreshMilliseconds { get; set; } = 2000;

    /// <summary>How soon finality is asked again, in milliseconds.</summary>
    public int FinalityPollMilliseconds { get; set; } = 500;

    /// <summary>
    /// The dispatcher's concurrent lease-and-work loops (<c>DispatcherOptions.Loops</c>); 2 by default: the load tool
    /// measured 491–513 messages/s with two against 427/s with one (docs/performance.md).
    /// </summary>
    public int DispatchLoops { get; set; } = 2;

    /// <summary>Leased messages each loop works on at once (<c>DispatcherOptions.Parallelism</c>).</summary>
    public int DispatchParallelism { get; set; } = 16;

    /// <summary>How long <c>POST /api/v1/bindings/{id}/anchors</c> waits for an anchor to be final, in seconds.</summary>
    public int AnchorFinalitySeconds { get; set; } = 60;
}

/// <summary>One network's connection as <c>Bridge:Relay:Adapters:{network}</c> configures it.</summary>
internal sealed class RelayAdapterOptions
{
    /// <summary>Fabric: the Gateway URL (http:// for h2c, https:// for TLS); Ethereum: the JSON-RPC URL.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Fabric: the MSP folder of the identity the relay signs with.</summary>
    public string? Msp { get; set; }

    /// <summary>Fabric: that identity's MSP id.</summary>
    public string? MspId { get; set; }

    /// <summary>Ethereum: the file holding the key the relay sends transactions with.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Platform: the file holding the API key of the organisation the relay acts as.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Platform: that organisation's id.</summary>
    public string? OrganizationId { get; set; }

    /// <summary>Where watching starts (a block number) when no checkpoint is saved.</summary>
    public ulong StartBlock { get; set; }

    /// <summary>Ethereum: how often the node is polled for new blocks, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 250;
}

/// <summary>
/// The adapters of the configured networks, created on first use from the registry's view of each network (its kind
/// and anchors) and the connection configured for it. Each adapter owns its client and its retry pipeline. One instance
/// per host, whether or not the relay runs: the relay service and binding anchoring (<c>POST /api/v1/bindings/{id}/anchors</c>)
/// share it, so each network has one adapter.
/// </summary>
internal sealed class ConfiguredAdapters : IAdapterDirectory, IDisposable
{
    private readonly RelayOptions _options;
    private readonly ConcurrentDictionary<string, INetworkAdapter> _adapters = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _owned = [];
    private readonly Lock _gate = new();

    public ConfiguredAdapters(RelayOptions options) => _options = options;

    /// <summary>The networks a connection is configured for.</summary>
    public IReadOnlyCollection<string> Configured => _options.Adapters.Keys;

    /// <inheritdoc />
    public INetworkAdapter? Find(string network) => _adapters.GetValueOrDefault(network);

    /// <summary>Creates the adapter of <paramref name="network"/> if it is configured and not created yet.</summary>
    /// <exception cref="InvalidOperationException">The configuration cannot make an adapter (the message says why).</exception>
    public INetworkAdapter? Ensure(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (_adapters.TryGetValue(network.Name, out var existing))
        {
            return existing;
        }

        if (!_options.Adapters.TryGetValue(network.Name, out var settings))
        {
            return null;
        }

        lock (_gate)
        {
            return _adapters.GetOrAdd(network.Name, _ => Create(network, settings));
        }
    }

    private INetworkAdapter Create(Network network, RelayAdapterOptions settings)
    {
        var endpoint = settings.Endpoint ?? throw new InvalidOperationException($"Bridge:Relay:Adapters:{network.Name}:Endpoint is not set.");
        switch (network.TrustAnchors)
        {
            case FabricTrustAnchors fabric:
                {
                    if (settings.Msp is null || settings.MspId is null)
                    {
                        throw new InvalidOperationException($"Bridge:Relay:Adapters:{network.Name} needs Msp (an MSP folder) and MspId for a Fabric network.");
                    }

                    var loaded = MspFolder.Load(settings.Msp, settings.MspId);
                    if (loaded.Folder is not { Signer: { } signer })
                    {
                        throw new InvalidOperationException($"Bridge:Relay:Adapters:{network.Name}:Msp cannot be used: {loaded.Message}");
                    }

                    var handler = GrpcHttpHandler.Create();
                    var client = new GrpcClient(handler, endpoint);
                    _owned.Add(client);
                    _owned.Add(handler);
                    return new FabricAdapter(
                        new FabricAdapterOptions
                        {
                            Network = network.Name,
                            Channel = fabric.Channel,
                            Chaincode = fabric.Chaincode,
                            Signer = signer,
                            AttestingOrganizations = [.. fabric.EndorsementPolicy.Organizations],
                            StartBlock = settings.StartBlock,
                        },
                        client);
                }

            case EthereumTrustAnchors ethereum:
                {
                    if (settings.KeyFile is null)
                    {
                        throw new InvalidOperationException($"Bridge:Relay:Adapters:{network.Name}:KeyFile (the relay's sender key) is not set.");
                    }

                    if (!ethereum.Contracts.TryGetValue(EthereumTrustAnchors.AnchorRegistryRole, out var documents) || !EthAddress.TryParse(documents, out var documentRegistry)
                        || !ethereum.Contracts.TryGetValue(EthereumTrustAnchors.TitleEscrowRole, out var titles) || !EthAddress.TryParse(titles, out var titleRegistry))
                    {
                        throw new InvalidOperationException($"Network {network.Name}'s anchors must name its {EthereumTrustAnchors.AnchorRegistryRole} and {EthereumTrustAnchors.TitleEscrowRole} contracts.");
                    }

                    var http = new HttpClient();
                    _owned.Add(http);
                    var key = EthPrivateKey.FromFile(settings.KeyFile);
                    _owned.Add(key);
                    return new EthereumAdapter(
                        new EthereumAdapterOptions
                        {
                            Network = network.Name,
                            ChainId = (ulong)ethereum.ChainId,
                            DocumentRegistry = documentRegistry,
                            TitleRegistry = titleRegistry,
                            Signer = key,
                            Confirmations = ethereum.Finality.Confirmations,
                            StartBlock = settings.StartBlock,
                            PollInterval = TimeSpan.FromMilliseconds(settings.PollMilliseconds),
                        },
                        new EthRpcClient(http, new EthRpcClientOptions { Endpoint = endpoint }));
                }

            case PlatformTrustAnchors:
                {
                    if (settings.ApiKeyFile is null || settings.OrganizationId is null)
                    {
                        throw new InvalidOperationException($"Bridge:Relay:Adapters:{network.Name} needs ApiKeyFile and OrganizationId for a platform network.");
                    }

                    var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                    _owned.Add(http);
                    var client = new Bridge.Adapters.Platform.Client.PlatformClient(http, new Bridge.Adapters.Platform.Client.PlatformClientOptions
                    {
                        BaseAddress = endpoint,
                        ApiKey = File.ReadAllText(settings.ApiKeyFile).Trim(),
                        OrganizationId = settings.OrganizationId,
                        NetworkName = network.Name,
                    });
                    return new Bridge.Adapters.Platform.Adapter.PlatformAdapter(client, new Bridge.Adapters.Platform.Adapter.PlatformPollerOptions { Interval = TimeSpan.FromMilliseconds(settings.PollMilliseconds) });
                }

            default:
                throw new InvalidOperationException($"This host cannot relay for network {network.Name} ({network.Kind}).");
        }
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }
}

/// <summary>
/// Runs the relay in this host when <c>Bridge:Relay:Enabled</c>: one dispatcher, and one watcher per configured network
/// that is the source of a lane (the watcher holds its subscription's lease, so across hosts one watches at a time). A
/// network that is configured but not registered yet, or not reachable, is tried again every few seconds.
/// </summary>
internal sealed class RelayService : BackgroundService
{
    private readonly RelayOptions _options;
    private readonly ConfiguredAdapters _adapters;
    private readonly IRelayRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly IMessageStore _messages;
    private readonly IWatcherStore _watchers;
    private readonly ITitleFactStore _titleFacts;
    private readonly IPartyDirectory _parties;
    private readonly TimeProvider _time;
    private readonly ILogger<RelayService> _log;
    private readonly List<EthPrivateKey> _keys = [];
    private volatile IReadOnlyList<Lane> _lanes = [];

    public RelayService(RelayOptions options, ConfiguredAdapters adapters, IRelayRegistry registry, IServiceScopeFactory scopes, IMessageStore messages, IWatcherStore watchers, ITitleFactStore titleFacts, IIdentityBindingStore bindings, TimeProvider time, ILogger<RelayService> log)
    {
        // Recipients that arrive only as a 32-byte word resolve against the parties that active identity bindings name.
        _parties = new BoundPartyDirectory(bindings, time);
        _titleFacts = titleFacts;
        _options = options;
        _adapters = adapters;
        _registry = registry;
        _scopes = scopes;
        _messages = messages;
        _watchers = watchers;
        _time = time;
        _log = log;
    }

    /// <summary>The dispatcher, once the service started (for tests and metrics).</summary>
    public MessageDispatcher? Dispatcher { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        foreach (var file in _options.SignerKeyFiles)
        {
            _keys.Add(EthPrivateKey.FromFile(file));
        }

        var owner = _options.Owner ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        Dispatcher = new MessageDispatcher(
            _messages,
            _registry,
            _adapters,
            ProofVerifiers.Create(),
            [.. _keys.Select(k => (IRelaySigner)new EthRelaySigner(k))],
            _time,
            owner,
            new DispatcherOptions
            {
                LeaseDuration = TimeSpan.FromSeconds(_options.LeaseSeconds),
                FinalityPoll = TimeSpan.FromMilliseconds(_options.FinalityPollMilliseconds),
                Loops = Math.Clamp(_options.DispatchLoops, 1, 16),
                Parallelism = Math.Clamp(_options.DispatchParallelism, 1, 256),
            },
            parties: _parties);
        RelayLog.Started(_log, owner, _keys.Count, string.Join(", ", _adapters.Configured));

        var watching = new Dictionary<string, Task>(StringComparer.Ordinal);
        var dispatching = Dispatcher.RunAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RefreshAsync(owner, watching, stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(_options.LaneRefreshMilliseconds), _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await SwallowCancellation(dispatching);
        foreach (var task in watching.Values)
        {
            await SwallowCancellation(task);
        }
    }

    public override void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        base.Dispose();
    }

    /// <summary>Reads the lanes again, and starts a watcher for each source network that now has an adapter.</summary>
    private async Task RefreshAsync(string owner, Dictionary<string, Task> watching, CancellationToken stoppingToken)
    {
        List<Lane> lanes = [];
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var registry = scope.ServiceProvider.GetRequiredService<ILaneRegistry>();
            string? after = null;
            do
            {
                var page = await registry.ListAsync(200, after, stoppingToken);
                lanes.AddRange(page.Items);
                after = page.NextCursor is null ? null : page.Items[^1].Name;
            }
            while (after is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RelayLog.LanesUnreadable(_log, e.Message);
            return;
        }

        _lanes = lanes;
        var networks = lanes.SelectMany(l => new[] { l.Source, l.Destination }).Distinct(StringComparer.Ordinal);
        foreach (var name in networks)
        {
            if (!_adapters.Configured.Contains(name))
            {
                continue;
            }

            // A watcher that stopped on a fault it cannot retry (e.g. the node refused the subscription) is started again.
            if (watching.TryGetValue(name, out var previous) && previous.IsFaulted)
            {
                RelayLog.WatcherStopped(_log, name, previous.Exception?.GetBaseException().Message ?? "unknown");
                watching.Remove(name);
            }

            try
            {
                if (await _registry.GetNetworkAsync(name, stoppingToken) is { } network && _adapters.Ensure(network) is { } adapter && !watching.ContainsKey(name)
                    && lanes.Any(l => l.Source == name || (l.Direction == LaneDirection.Both && l.Destination == name)))
                {
                    var watcher = new SourceWatcher(_watchers, _messages, _time, owner, new SourceWatcherOptions { LeaseDuration = TimeSpan.FromSeconds(_options.WatcherLeaseSeconds) });
                    watching[name] = watcher.RunAsync(
                        $"relay/{name}",
                        adapter,
                        e => LaneEventMapper.ToMessages(name, e, _lanes, _time.GetUtcNow()),
                        stoppingToken,
                        (e, ct) => TitleFacts.RecordAsync(_titleFacts, name, e, ct));
                    RelayLog.Watching(_log, name);
                }
            }
            catch (InvalidOperationException e)
            {
                RelayLog.CannotConnect(_log, name, e.Message);
            }
        }
    }

    private static async Task SwallowCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped with the host.
        }
    }
}

/// <summary>The relay service's log lines (no keys, no payloads).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Relay started as {Owner} with {Signers} relay key(s) and connections to {Networks}.")]
    public static partial void Started(ILogger logger, string owner, int signers, string networks);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Relay: cannot read the lanes ({Error}); trying again.")]
    public static partial void LanesUnreadable(ILogger logger, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Relay: watching network {Network}.")]
    public static partial void Watching(ILogger logger, string network);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Relay: cannot connect to network {Network}: {Error}")]
    public static partial void CannotConnect(ILogger logger, string network, string error);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Relay: the watcher of network {Network} stopped ({Error}); starting it again.")]
    public static partial void WatcherStopped(ILogger logger, string network, string error);
}
