using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Rpc;

/// <summary>A JSON-RPC error a fake method raises; the node answers it as an error object.</summary>
internal sealed class RpcFault(int code, string message, JsonNode? data = null) : Exception(message)
{
    public int Code { get; } = code;

    public JsonNode? Payload { get; } = data;
}

/// <summary>
/// An in-memory HttpMessageHandler that plays a JSON-RPC 2.0 node (a test double for the client's logic; the real
/// node is exercised by the integration tests). Methods are delegates over the params array; HTTP-level behaviour
/// (status codes, resets, hangs, odd bodies) is scripted per exchange. Every exchange is recorded.
/// </summary>
internal sealed class FakeEthNode : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<JsonArray, JsonNode?>> _methods = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Func<HttpRequestMessage, string, CancellationToken, Task<HttpResponseMessage?>>> _script = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private int _exchanges;

    public static readonly Uri Endpoint = new("http://node.test/rpc");

    /// <summary>How many HTTP exchanges reached the node.</summary>
    public int Exchanges => Volatile.Read(ref _exchanges);

    /// <summary>The request bodies received, in order.</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    /// <summary>Reorders (or rewrites) the array answering a batch; identity by default.</summary>
    public Func<JsonArray, JsonNode> BatchReply { get; set; } = reply => reply;

    /// <summary>The number of calls of each method.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public FakeEthNode On(string method, Func<JsonArray, JsonNode?> handler)
    {
        _methods[method] = handler;
        return this;
    }

    /// <summary>
    /// Queues a behaviour for the next exchange: return a response to send it instead of the node's answer, or null
    /// to let the node answer; throw to fail the exchange.
    /// </summary>
    public FakeEthNode Then(Func<HttpRequestMessage, string, CancellationToken, Task<HttpResponseMessage?>> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public FakeEthNode ThenStatus(HttpStatusCode status, TimeSpan? retryAfter = null, string body = "") =>
        Then((_, _, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            if (retryAfter is { } delay)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
            }

            return Task.FromResult<HttpResponseMessage?>(response);
        });

    public FakeEthNode ThenReset() =>
        Then((_, _, _) => throw new HttpRequestException("Connection reset by peer", new IOException("reset")));

    /// <summary>Waits until the client gives up (its token is cancelled).</summary>
    public FakeEthNode ThenHang() =>
        Then(async (_, _, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return null;
        });

    public HttpClient CreateClient() => new(this, disposeHandler: false) { BaseAddress = Endpoint };

    public EthRpcClient CreateRpcClient(EthRpcClientOptions? options = null) => new(CreateClient(), options);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _exchanges);
        await Task.Yield(); // answer asynchronously, as a socket would, so concurrent callers interleave
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        _bodies.Enqueue(body);
        if (request.Method != HttpMethod.Post || request.RequestUri != Endpoint
            || request.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }

        if (_script.TryDequeue(out var step) && await step(request, body, cancellationToken) is { } scripted)
        {
            return scripted;
        }

        return Json(Process(body));
    }

    /// <summary>Answers a request body as the node would (used by scripts that process a request and then fail).</summary>
    public string Process(string body)
    {
        var parsed = JsonNode.Parse(body)!;
        JsonNode reply = parsed is JsonArray batch
            ? BatchReply(new JsonArray([.. batch.Select(item => Answer(item!.AsObject()))]))
            : Answer(parsed.AsObject());
        return reply.ToJsonString();
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private JsonObject Answer(JsonObject request)
    {
        var id = request["id"]?.DeepClone();
        var method = request["method"]!.GetValue<string>();
        var parameters = request["params"]?.AsArray() ?? [];
        Calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        try
        {
            if (!_methods.TryGetValue(method, out var handler))
            {
                // go-ethereum's wording for an unknown method.
                throw new RpcFault(-32601, $"the method {method} does not exist/is not available");
            }

            var result = handler(parameters);
            return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result };
        }
        catch (RpcFault fault)
        {
            var error = new JsonObject { ["code"] = fault.Code, ["message"] = fault.Message };
            if (fault.Payload is not null)
            {
                error["data"] = fault.Payload.DeepClone();
            }

            return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = error };
        }
    }
}

/// <summary>
/// A chain of accounts and a pool, enough to play eth_sendRawTransaction, eth_getTransactionByHash and
/// eth_getTransactionCount with Hardhat's automine rules (no nonce gaps; wording from NomicFoundation/edr
/// crates/edr_provider/src/error.rs). Transactions are a toy RLP list [nonce, sender(20 bytes), tag] (the double
/// cannot recover signers); their hash is keccak256 of the bytes, as for real ones.
/// </summary>
internal sealed class FakeChain
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ulong> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string From, ulong Nonce)> _byHash = new(StringComparer.Ordinal);

    /// <summary>
    /// True (Hardhat's default): every accepted transaction is mined at once, so sending it again is answered "Nonce too
    /// low"; false: it stays pooled and a resend is answered "Known transaction".
    /// </summary>
    public bool Automine { get; set; } = true;

    /// <summary>Accepted transactions in order: sender and nonce.</summary>
    public List<(string From, ulong Nonce)> Accepted { get; } = [];

    /// <summary>Rejections in order: sender, nonce and message.</summary>
    public List<(string From, ulong Nonce, string Message)> Rejected { get; } = [];

    public static byte[] Transaction(string from, ulong nonce, string tag = "") =>
        RlpEncoder.Encode(RlpItem.List(RlpItem.FromUInt64(nonce), RlpItem.FromBytes(Convert.FromHexString(from[2..])), RlpItem.FromString(tag)));

    public static string HashOf(byte[] transaction) => Hex.Encode0x(Keccak256.Hash(transaction));

    public void SetCount(string address, ulong count)
    {
        lock (_gate)
        {
            _counts[address.ToLowerInvariant()] = count;
        }
    }

    public ulong Count(string address)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(address.ToLowerInvariant());
        }
    }

    public FakeEthNode Attach(FakeEthNode node) => node
        .On(EthRpcMethods.SendRawTransaction, p => Send(p[0]!.GetValue<string>()))
        .On(EthRpcMethods.GetTransactionCount, p => HexQuantity.Encode(Count(p[0]!.GetValue<string>())))
        .On(EthRpcMethods.GetTransactionByHash, p => Lookup(p[0]!.GetValue<string>()));

    private JsonNode Send(string raw)
    {
        HexData.TryDecode(raw, out byte[] bytes).ShouldBeTrue();
        var items = RlpDecoder.Decode(bytes).Value.Items;
        var nonce = RlpDecoder.ToUInt64(items[0]).Value;
        var from = Hex.Encode0x(items[1].Bytes);
        var hash = HashOf(bytes);
        lock (_gate)
        {
            if (!Automine && _byHash.ContainsKey(hash))
            {
                throw Reject(from, nonce, $"Known transaction: {hash}");
            }

            var expected = _counts.GetValueOrDefault(from);
            if (nonce < expected)
            {
                throw Reject(from, nonce, $"Nonce too low. Expected nonce to be {expected} but got {nonce}. Note that transactions can't be queued when automining.");
            }

            if (nonce > expected)
            {
                throw Reject(from, nonce, $"Nonce too high. Expected nonce to be {expected} but got {nonce}. Note that transactions can't be queued when automining.");
            }

            _counts[from] = expected + 1;
            _byHash[hash] = (from, nonce);
            Accepted.Add((from, nonce));
        }

        return hash;
    }

    private JsonNode? Lookup(string hash)
    {
        lock (_gate)
        {
            return _byHash.TryGetValue(hash.ToLowerInvariant(), out var tx)
                ? new JsonObject { ["hash"] = hash, ["from"] = tx.From, ["nonce"] = HexQuantity.Encode(tx.Nonce) }
                : null;
        }
    }

    private RpcFault Reject(string from, ulong nonce, string message)
    {
        Rejected.Add((from, nonce, message));
        return new RpcFault(-32000, message);
    }
}
