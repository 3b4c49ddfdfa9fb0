using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Relay.Registry;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;
using Bridge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Benchmarks.RelayLoad;

/// <summary>
/// The real parts of one load run: a private PostgreSQL database (migrated) with the persistence services as the host
/// registers them; the in-process Fabric simulator on a loopback HTTP/2 socket with two channels, <c>trade</c> (the
/// source) and <c>mirror</c> (the destination); the two networks and an anchors lane between them in the registry.
/// </summary>
internal sealed class RelayLoadRig : IAsyncDisposable
{
    public const string SourceNetwork = "load-source";
    public const string DestinationNetwork = "load-mirror";
    public const string LaneName = "load-anchors";
    public const string SourceChannel = "trade";
    public const string DestinationChannel = "mirror";

    /// <summary>A relay signer address the lane names (anchors carry no relay attestation, so no key is used).</summary>
    private const string RelaySigner = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private readonly List<IDisposable> _owned = [];
    private DatabaseFixture _database = null!;
    private GrpcServerHost _host = null!;
    private GrpcClient _client = null!;
    private MspFolder _carrier = null!;
    private string _folder = string.Empty;

    public FabricNetwork Fabric { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>The relay's connection string (the test database's, with the run's Npgsql settings).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public IMessageStore Store => Services.GetRequiredService<IMessageStore>();

    public IRelayRegistry Registry => Services.GetRequiredService<IRelayRegistry>();

    /// <summary>Where the simulator keeps its block files (tmpfs or disk).</summary>
    public string Folder => _folder;

    public static async Task<RelayLoadRig> StartAsync(RelayLoadOptions options, CancellationToken cancellationToken)
    {
        var rig = new RelayLoadRig();
        try
        {
            await rig.InitializeAsync(options, cancellationToken);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A new adapter for <paramref name="network"/> acting as the carrier, as a host creates one (nothing shared with other
    /// adapters but the gateway connection). Blocks are attested by the policy's two organisations.
    /// </summary>
    public FabricAdapter Adapter(string network) => new(
        new FabricAdapterOptions
        {
            Network = network,
            Channel = network == SourceNetwork ? SourceChannel : DestinationChannel,
            Signer = _carrier.Signer!,
            AttestingOrganizations = [.. Fabric.Organizations.Skip(1).Take(Fabric.Options.EndorsementsRequired).Select(o => o.MspId)],
        },
        _client);

    /// <summary>
    /// Anchors <paramref name="count"/> new documents on the source channel, <paramref name="concurrency"/> at a time, so
    /// they land in full blocks; returns how long it took.
    /// </summary>
    public async Task<TimeSpan> PreloadAsync(int count, int concurrency, CancellationToken cancellationToken)
    {
        var adapter = Adapter(SourceNetwork);
        var started = TimeProvider.System.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (_, ct) =>
            {
                var documentId = Guid.NewGuid().ToString();
                var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                if (await adapter.SubmitAsync(new LedgerCommand.Anchor(documentId, digest, digest, "BILL_OF_LADING"), documentId, ct) is not SubmitResult.Accepted)
                {
                    throw new InvalidOperationException($"pre-loading: the anchor of {documentId} was not accepted");
                }
            });
        return TimeProvider.System.GetElapsedTime(started);
    }

    /// <summary>
    /// Runs a <see cref="SourceWatcher"/> over the source until it has stored <paramref name="count"/> messages in the
    /// outbox (one document anchor per <c>DocumentAnchored</c> event); returns how long it took.
    /// </summary>
    public async Task<TimeSpan> ObserveAsync(int count, CancellationToken cancellationToken)
    {
        var lane = await Registry.GetLaneAsync(LaneName, cancellationToken) ?? throw new InvalidOperationException("the lane is missing");
        var watcher = new SourceWatcher(Services.GetRequiredService<IWatcherStore>(), Store, TimeProvider.System, "load-watcher", new SourceWatcherOptions { RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = TimeProvider.System.GetTimestamp();
        var running = watcher.RunAsync("load-source-anchors", Adapter(SourceNetwork), e => ToMessages(e, lane), stop.Token);
        while (watcher.Stats.Observed < count && !running.IsCompleted)
        {
            await Task.Delay(50, cancellationToken);
        }

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        return watcher.Stats.Observed >= count ? elapsed : throw new InvalidOperationException($"the watcher stored {watcher.Stats.Observed} of {count} messages");
    }

    /// <summary>The anchor message a source <c>DocumentAnchored</c> event starts on the lane (the watcher's mapping for this lane).</summary>
    public static IReadOnlyList<RelayMessage> ToMessages(LedgerEvent ledgerEvent, Lane lane) =>
        LaneEventMapper.ToMessages(SourceNetwork, ledgerEvent, [lane], TimeProvider.System.GetUtcNow());

    /// <summary>Registers a second anchors lane (for the database ceiling's synthetic messages); returns it.</summary>
    public async Task<Lane> AddLaneAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var lanes = scope.ServiceProvider.GetRequiredService<ILaneRegistry>();
        return Ok(await lanes.CreateAsync(LaneDraft(name), cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Fabric?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await PostgresServer.StopSharedAsync();
        if (_folder.Length > 0)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temporary folder left behind is harmless.
            }
        }
    }

    private static LaneDraft LaneDraft(string name) => new(
        name,
        "Relay load test anchors",
        SourceNetwork,
        DestinationNetwork,
        LaneFlows.Documents,
        LaneDirection.OneWay,
        new LaneProofPolicy([ProofKind.FabricEndorsement], [RelaySigner], 1),
        null,
        TimeSpan.FromHours(6),
        new LaneRateLimit(100_000, 1_000_000),
        []);

    private static T Ok<T>(RegistryResult<T> result) =>
        result is RegistryResult<T>.Ok ok ? ok.Value : throw new InvalidOperationException($"registering failed: {result}");

    private async Task InitializeAsync(RelayLoadOptions options, CancellationToken cancellationToken)
    {
        var root = options.Tmpfs && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _folder = Path.Combine(root, "bridge-relay-load-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        Fabric = FabricNetwork.Open(new FabricNetworkOptions
        {
            DataDirectory = _folder,
            MaxBlockTransactions = options.BlockSize,
            BatchTimeout = options.BatchTimeoutMs > 0 ? TimeSpan.FromMilliseconds(options.BatchTimeoutMs) : null,
            Channels = [SourceChannel, DestinationChannel],
            ChannelBlockCutting = new Dictionary<string, BlockCutting>(StringComparer.Ordinal)
            {
                [SourceChannel] = new(options.SourceBlockSize, options.SourceBatchTimeoutMs > 0 ? TimeSpan.FromMilliseconds(options.SourceBatchTimeoutMs) : null),
            },
        });
        var server = new GrpcServer();
        Fabric.Map(server);
        _host = await GrpcServerHost.StartAsync(server, cancellationToken: cancellationToken);
        var handler = GrpcHttpHandler.Create();
        _owned.Add(handler);
        _client = new GrpcClient(handler, _host.BaseAddress);
        _owned.Add(_client);
        var organization = Fabric.Organizations[0];
        _carrier = MspFolder.Load(organization.ClientMspFolder, organization.MspId).Folder ?? throw new InvalidOperationException("the simulator's carrier MSP folder does not load");
        _owned.Add(_carrier);

        _database = new DatabaseFixture();
        await _database.InitializeAsync();
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxAutoPrepare = options.AutoPrepare, AutoPrepareMinUsages = 2 }.ConnectionString;
        Services = new ServiceCollection().AddLogging().AddBridgePersistence(ConnectionString).BuildServiceProvider();
        await using var scope = Services.CreateAsyncScope();
        var networks = scope.ServiceProvider.GetRequiredService<INetworkRegistry>();
        Ok(await networks.CreateAsync(new NetworkDraft(SourceNetwork, "Load source (Fabric simulator, channel trade)", NetworkKind.Fabric, [new NetworkEndpoint("gateway", _host.BaseAddress)], Fabric.TrustAnchors(SourceChannel)), cancellationToken));
        Ok(await networks.CreateAsync(new NetworkDraft(DestinationNetwork, "Load destination (Fabric simulator, channel mirror)", NetworkKind.Fabric, [new NetworkEndpoint("gateway", _host.BaseAddress)], Fabric.TrustAnchors(DestinationChannel)), cancellationToken));
        Ok(await scope.ServiceProvider.GetRequiredService<ILaneRegistry>().CreateAsync(LaneDraft(LaneName), cancellationToken));
    }
}
