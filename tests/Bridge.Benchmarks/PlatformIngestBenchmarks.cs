using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Bridge.Adapters.Platform.Client;
using Bridge.Simulators.Platform;
using Bridge.Simulators.Platform.Security;
using Bridge.Testing;

namespace Bridge.Benchmarks;

/// <summary>
/// The platform webhook ingest path end to end on one machine: <see cref="Deliveries"/> deliveries of one event each,
/// <see cref="Concurrency"/> at a time over HTTP/1.1 keep-alive, into the real host (Kestrel) on its own PostgreSQL
/// cluster. Per delivery the host checks the HMAC-SHA1 body signature and the HMAC-SHA256 delivery header, verifies the
/// event's ES256 attestation against the network's JWKS, maps it to the canonical model and stores event and delivery id
/// (group commit). Each iteration sends fresh events (new ids, freshly attested), so every one is a new row. The sender
/// runs on the same two cores and is included in the cost. Reported per event.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 8, invocationCount: 1)]
[MemoryDiagnoser]
public class PlatformIngestBenchmarks
{
    private const int Deliveries = 4000;
    private const int Concurrency = 32;
    private const string Network = "bench-platform";
    private const string Secret = "bench-secret-3f9a";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(Secret);
    private BridgeHostFixture _host = null!;
    private PlatformSigner _signer = null!;
    private HttpClient _client = null!;
    private JsonObject _template = null!;
    private byte[][] _bodies = [];
    private long _sequence;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _signer.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Fresh events: new ids and sequences, attested now.</summary>
    [IterationSetup]
    public void FreshEvents()
    {
        var now = TimeProvider.System.GetUtcNow();
        _bodies = [.. Enumerable.Range(0, Deliveries).Select(_ =>
        {
            var copy = _template.DeepClone().AsObject();
            copy["eventTransactionId"] = Guid.NewGuid().ToString();
            copy["sequence"] = Interlocked.Increment(ref _sequence);
            return Encoding.UTF8.GetBytes(new JsonArray(_signer.Attested(copy, now)).ToJsonString());
        })];
    }

    /// <summary>Every body delivered, <see cref="Concurrency"/> at a time; each must be stored (200).</summary>
    [Benchmark(OperationsPerInvoke = Deliveries)]
    public int IngestWebhooks()
    {
        var next = -1;
        var failures = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < _bodies.Length)
            {
                using var response = await _client.SendAsync(Request(_bodies[index]));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Task.WhenAll(workers).GetAwaiter().GetResult();
        return failures == 0 ? _bodies.Length : throw new InvalidOperationException($"{failures} deliveries were not stored");
    }

    private HttpRequestMessage Request(byte[] body)
    {
        var id = Guid.NewGuid().ToString("N");
        var t = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.ASCII.GetBytes($"{id}.{t}."), .. body];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/platform/{Network}") { Content = content };
        request.Headers.TryAddWithoutValidation("X-GTD-Signature", Convert.ToHexStringLower(HMACSHA1.HashData(_key, body)));
        request.Headers.TryAddWithoutValidation("X-GTD-Delivery", $"id={id},t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(_key, signed))}");
        return request;
    }

    private async Task SetupAsync()
    {
        // The webhook path alone is measured: no polling fallback (docs/platform.md).
        _host = BridgeHostFixture.WithArguments($"--Bridge:Webhooks:Networks:{Network}:SharedSecret={Secret}", $"--Bridge:Webhooks:Networks:{Network}:PollingFallback=false", "--Logging:LogLevel:Default=Error");
        await _host.InitializeAsync();
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = _host.BaseAddress };

        // A real event object as the simulator serves it, as the template.
        var folder = Directory.CreateTempSubdirectory("bridge-ingest-bench-").FullName;
        try
        {
            await using var simulator = await PlatformSimulator.StartAsync(new PlatformSimulatorOptions { DataDirectory = folder, SeedDemoData = true }, CancellationToken.None);
            using var http = new HttpClient();
            var customs = simulator.Organization("customs");
            var client = new PlatformClient(http, new PlatformClientOptions { BaseAddress = simulator.BaseAddress, ApiKey = customs.ApiKey, OrganizationId = customs.Id });
            var feed = await client.GetEventsAsync(0, 100, CancellationToken.None);
            _template = JsonNode.Parse(feed.Events.Last(e => e.EventType.StartsWith("actual", StringComparison.Ordinal)).Object.GetRawText())!.AsObject();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        _signer = new PlatformSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256), "https://platform.bench.example");
        using var bridge = _host.Client(_host.OperatorKey);
        var body = new JsonObject
        {
            ["name"] = Network,
            ["displayName"] = "Benchmark platform",
            ["kind"] = "platform",
            ["endpoints"] = new JsonArray(new JsonObject { ["name"] = "api", ["url"] = "https://platform.bench.example/" }),
            ["trustAnchors"] = new JsonObject { ["issuer"] = _signer.Issuer, ["jwks"] = _signer.Jwks() },
        };
        using var created = await bridge.PostAsJsonAsync("/api/v1/networks", body);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"registering the network failed: {await created.Content.ReadAsStringAsync()}");
        }

        FreshEvents();
        if (IngestWebhooks() != Deliveries)
        {
            throw new InvalidOperationException("the warm-up ingest failed");
        }
    }
}
