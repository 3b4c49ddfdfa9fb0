using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Simulators.Ethereum;

/// <summary>
/// A running Ethereum dev chain: Hardhat's EVM (EDR) from npm, served over JSON-RPC on 127.0.0.1. Start it
/// with <see cref="StartAsync"/>; disposing it kills the node's whole process tree and waits for the exit.
/// </summary>
/// <remarks>
/// Start-up picks a free loopback port, starts <c>hardhat node</c> with Node 22, and polls <c>eth_chainId</c>
/// with a short backoff until it answers and the process has announced its server on that port (so a server
/// of another process that won a port race is never mistaken for ours; the launch is then retried on another
/// port). Request logging is then turned off (<c>hardhat_setLoggingEnabled</c>). The node also exits by itself
/// when the process that started it goes away (its standard input closes; see
/// <c>simulators/ethereum/scripts/exit-with-parent.mjs</c>).
/// </remarks>
public sealed partial class DevChain : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(100);

    private readonly ChainProcess _process;
    private readonly HttpClient _http;
    private long _nextRequestId;
    private int _disposed;

    private DevChain(ChainProcess process, HttpClient http, Uri rpcUri, long chainId, TimeSpan startupTime)
    {
        _process = process;
        _http = http;
        RpcUri = rpcUri;
        ChainId = chainId;
        StartupTime = startupTime;
    }

    /// <summary>The JSON-RPC endpoint, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri RpcUri { get; }

    /// <summary>The chain id the node reported (<c>eth_chainId</c>).</summary>
    public long ChainId { get; }

    /// <summary>The id of the node's process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>From process start to the first answer to <c>eth_chainId</c>.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>The 20 funded accounts (see <see cref="DevAccounts"/>).</summary>
    public IReadOnlyList<DevAccount> Accounts => DevAccounts.Default;

    /// <summary>True when the node's process has exited (it was stopped, or it died).</summary>
    public bool HasExited => _process.Exited.IsCompleted;

    /// <summary>
    /// Starts a dev chain and waits until it answers. Throws <see cref="DevChainNotInstalledException"/> when Node 22
    /// or Hardhat is missing, and <see cref="DevChainException"/> (with the node's last output lines) when it exits
    /// or does not answer within <see cref="DevChainOptions.StartTimeout"/>.
    /// </summary>
    public static async Task<DevChain> StartAsync(DevChainOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var installation = DevChainInstallation.Locate(options);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : (options.PortPicker ?? FreeLoopbackPort)();
            var rpcUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            var process = ChainProcess.Start(installation, options, port, logger);
            var http = new HttpClient();
            DevChain? chain = null;
            try
            {
                var chainId = await WaitUntilReadyAsync(process, http, rpcUri, deadline.Token);
                if (chainId is { } id)
                {
                    chain = new DevChain(process, http, rpcUri, id, Stopwatch.GetElapsedTime(process.StartTimestamp));
                    await chain.ConfigureAsync(options, deadline.Token);
                    LogReady(logger, id, rpcUri, (long)chain.StartupTime.TotalMilliseconds, process.Id);
                    return chain;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await DiscardAsync(chain, process, http);
                throw new DevChainException(
                    $"The Ethereum dev chain did not answer eth_chainId on {rpcUri} within {options.StartTimeout.TotalSeconds} s. Last output:{process.OutputTail()}");
            }
            catch
            {
                await DiscardAsync(chain, process, http);
                throw;
            }

            // The process exited before it answered.
            await DiscardAsync(null, process, http);
            var portTaken = process.OutputContains("EADDRINUSE");
            if (portTaken && options.Port == 0 && attempt < options.PortAttempts)
            {
                LogPortTaken(logger, port, attempt);
                continue;
            }

            throw new DevChainException(portTaken
                ? $"The Ethereum dev chain could not listen on 127.0.0.1:{port}: the port is in use. Last output:{process.OutputTail()}"
                : $"The Ethereum dev chain exited with code {process.ExitCode} before it answered. Last output:{process.OutputTail()}");
        }
    }

    /// <summary>
    /// Sends one JSON-RPC 2.0 request and returns its <c>result</c>; throws <see cref="DevChainRpcException"/> when
    /// the node answers with an error object.
    /// </summary>
    public Task<JsonElement> RequestAsync(string method, JsonArray? parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return SendAsync(_http, RpcUri, method, parameters, Interlocked.Increment(ref _nextRequestId), cancellationToken);
    }

    /// <summary>Kills the node's process tree and waits until it has exited.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _process.StopAsync();
        _http.Dispose();
    }

    /// <summary>Polls eth_chainId until our process answers; null when the process exited first.</summary>
    private static async Task<long?> WaitUntilReadyAsync(ChainProcess process, HttpClient http, Uri rpcUri, CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        while (true)
        {
            if (process.Exited.IsCompleted)
            {
                return null;
            }

            var chainId = await TryChainIdAsync(http, rpcUri, cancellationToken);
            if (chainId is not null && process.Banner.IsCompleted && !process.Exited.IsCompleted)
            {
                return chainId;
            }

            // Wake on the backoff, on the process's exit, or (until it came) on its start-up line.
            var delay = Task.Delay(backoff, cancellationToken);
            await (process.Banner.IsCompleted
                ? Task.WhenAny(delay, process.Exited)
                : Task.WhenAny(delay, process.Exited, process.Banner));
            cancellationToken.ThrowIfCancellationRequested();
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }

    private static async Task<long?> TryChainIdAsync(HttpClient http, Uri rpcUri, CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(ProbeTimeout);
        try
        {
            var result = await SendAsync(http, rpcUri, "eth_chainId", null, 1, probe.Token);
            return ParseQuantity(result);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the probe timed out
        }
        catch (Exception ex) when (ex is DevChainException or JsonException or FormatException)
        {
            return null; // something else answered; the banner check decides whose server this is
        }
    }

    private async Task ConfigureAsync(DevChainOptions options, CancellationToken cancellationToken)
    {
        if (options.ChainId is { } expected && expected != ChainId)
        {
            throw new DevChainException($"The dev chain reports chain id {ChainId}, not the {expected} it was started with.");
        }

        if (!options.RequestLogging)
        {
            await RequestAsync("hardhat_setLoggingEnabled", [false], cancellationToken);
        }
    }

    private static async Task DiscardAsync(DevChain? chain, ChainProcess process, HttpClient http)
    {
        if (chain is not null)
        {
            await chain.DisposeAsync();
            return;
        }

        await process.StopAsync();
        http.Dispose();
    }

    private static async Task<JsonElement> SendAsync(
        HttpClient http, Uri rpcUri, string method, JsonArray? parameters, long id, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = parameters?.DeepClone() ?? new JsonArray(),
        };
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(rpcUri, content, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var document = ParseResponse(method, response.StatusCode, bytes);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt64(out var c) ? c : 0;
            var message = error.TryGetProperty("message", out var messageElement) ? messageElement.ToString() : "(no message)";
            var data = error.TryGetProperty("data", out var dataElement) ? dataElement.GetRawText() : null;
            throw new DevChainRpcException(method, code, message, data);
        }

        return root.TryGetProperty("result", out var result)
            ? result.Clone()
            : throw new DevChainException($"{method}: the answer has neither result nor error.");
    }

    private static JsonDocument ParseResponse(string method, HttpStatusCode status, byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new DevChainException($"{method}: HTTP {(int)status} with a body that is not JSON.", ex);
        }
    }

    /// <summary>Parses a JSON-RPC quantity ("0x7a69").</summary>
    internal static long ParseQuantity(JsonElement quantity)
    {
        var text = quantity.ValueKind == JsonValueKind.String ? quantity.GetString()! : throw new FormatException($"Not a quantity: {quantity.GetRawText()}");
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length < 3 ||
            !long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new FormatException($"Not a quantity: {text}");
        }

        return value;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Ethereum dev chain (chain id {ChainId}) ready at {RpcUri} in {StartupMs} ms (process {ProcessId})")]
    private static partial void LogReady(ILogger logger, long chainId, Uri rpcUri, long startupMs, int processId);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Port {Port} was taken before the dev chain could listen on it (attempt {Attempt}); trying another")]
    private static partial void LogPortTaken(ILogger logger, int port, int attempt);
}
