using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Bridge.Adapters.Platform.Client;
using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>Counts the requests an HttpClient sends and the statuses it gets back, per path.</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
{
    private readonly Lock _gate = new();
    private readonly List<(string Path, int Status)> _calls = [];

    public IReadOnlyList<(string Path, int Status)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public int Count(string pathPrefix) => Calls.Count(c => c.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            return response;
        }
        finally
        {
            lock (_gate)
            {
                _calls.Add((request.RequestUri!.AbsolutePath, response is null ? 0 : (int)response.StatusCode));
            }
        }
    }
}

/// <summary>A <see cref="PlatformClient"/> acting as one seeded organisation of a simulator, with its own HttpClient.</summary>
internal sealed class ClientSession : IDisposable
{
    public ClientSession(Uri baseAddress, string apiKey, string organizationId, TimeProvider? time = null, Action<PlatformClientOptions>? configure = null)
    {
        Handler = new CountingHandler();
        Http = new HttpClient(Handler) { Timeout = Timeout.InfiniteTimeSpan }; // docs/platform.md: the pipeline's timeout governs
        var options = new PlatformClientOptions
        {
            BaseAddress = baseAddress,
            ApiKey = apiKey,
            OrganizationId = organizationId,
            NetworkName = "platform-it",
            TimeProvider = time ?? TimeProvider.System,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        Client = new PlatformClient(Http, options);
    }

    public CountingHandler Handler { get; }

    public HttpClient Http { get; }

    public PlatformClient Client { get; }

    /// <summary>A client for <paramref name="role"/>'s seeded organisation of <paramref name="h"/>.</summary>
    public static ClientSession For(SimulatorHarness h, string role, TimeProvider? time = null, Action<PlatformClientOptions>? configure = null)
    {
        var org = h.Org(role);
        return new ClientSession(h.Simulator.BaseAddress, org.ApiKey, org.Id, time, configure);
    }

    public void Dispose()
    {
        Client.Dispose();
        Http.Dispose();
    }
}

/// <summary>Paths, times and ports shared by the adapter-vs-simulator tests.</summary>
internal static class AdapterTestSupport
{
    public const string Iso = "MSKU9070323"; // ISO 6346 check digit 3 (trade-standards.md §C.1, worked by hand)

    /// <summary>ISO 8601 with milliseconds and offset, as the platform writes <c>...8601</c> fields.</summary>
    public static string Iso8601(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>A file of ../shared/conformance beside the folder that holds Bridge.sln (as RecordsTestSupport.Conformance).</summary>
    public static string ConformanceFile(string area, string name, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source)! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
                {
                    return Path.Combine(dir.Parent!.FullName, "shared", "conformance", area, name);
                }
            }
        }

        throw new FileNotFoundException("Bridge.sln not found above the test.");
    }

    /// <summary>A TCP port free right now on 127.0.0.1 (for a simulator that must come back on the same address).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Reads an adapter's event stream until a condition holds (or a real-time limit passes).</summary>
internal static class AdapterStream
{
    /// <summary>
    /// Streams from <paramref name="from"/> until <paramref name="done"/> is true of what was read, then stops the
    /// subscription; fails the test after <paramref name="limit"/> of real time.
    /// </summary>
    public static async Task<List<Bridge.Adapters.Abstractions.LedgerEvent>> ReadUntilAsync(
        Bridge.Adapters.Platform.Adapter.PlatformAdapter adapter,
        Bridge.Adapters.Abstractions.Checkpoint? from,
        Func<IReadOnlyList<Bridge.Adapters.Abstractions.LedgerEvent>, bool> done,
        TimeSpan limit)
    {
        var read = new List<Bridge.Adapters.Abstractions.LedgerEvent>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(limit);
        try
        {
            await foreach (var item in adapter.SubscribeAsync(from, cts.Token))
            {
                read.Add(item);
                if (done(read))
                {
                    return read;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // Ran out of time: the caller's assertions say what is missing.
        }

        return read;
    }
}
