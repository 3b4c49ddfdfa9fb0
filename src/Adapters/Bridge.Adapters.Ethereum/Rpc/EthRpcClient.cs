using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Hashing;
using Polly;
using Polly.Timeout;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// An Ethereum JSON-RPC client over a caller-supplied <see cref="HttpClient"/>: JSON-RPC 2.0 requests and batches
/// sent by HTTP POST (jsonrpc.org/specification; methods from ethereum/execution-apis), typed errors
/// (<see cref="EthRpcException"/>), and a Polly.Core pipeline that retries transient failures of idempotent methods
/// (<see cref="EthRpcResilience"/>). Request ids are unique per client. Results are owned copies: they stay valid after
/// the response is gone. Telemetry carries method names, ids, durations and error kinds, never parameters.
/// The client is safe for concurrent use; it does not dispose the HttpClient.
/// </summary>
public sealed class EthRpcClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly EthRpcClientOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private long _lastId;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="options">Settings; null takes the defaults and the HttpClient's BaseAddress as endpoint.</param>
    /// <exception cref="ArgumentException">No endpoint is set, or a setting is out of range.</exception>
    public EthRpcClient(HttpClient httpClient, EthRpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options?.Copy() ?? new EthRpcClientOptions();
        _options.Validate();
        _http = httpClient;
        _endpoint = _options.Endpoint ?? httpClient.BaseAddress
            ?? throw new ArgumentException("Set EthRpcClientOptions.Endpoint or the HttpClient's BaseAddress.", nameof(options));
        _pipeline = EthRpcResilience.Build(_options);
    }

    /// <summary>
    /// Sends one request and returns its result (an owned copy; JSON null when the node returned null).
    /// Retried per <see cref="EthRpcMethods.IsIdempotent"/> when the failure is transient.
    /// </summary>
    /// <param name="method">The JSON-RPC method.</param>
    /// <param name="parameters">Positional parameters; null sends an empty array.</param>
    /// <param name="cancellationToken">Cancels the call (and its retries).</param>
    /// <exception cref="EthRpcException">The call failed; see <see cref="EthRpcException.Kind"/>.</exception>
    public async Task<JsonElement> SendAsync(string method, JsonArray? parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        var id = Interlocked.Increment(ref _lastId);
        var body = Serialize(writer => WriteRequest(writer, id, method, parameters));
        var started = _options.TimeProvider.GetTimestamp();
        var activity = EthRpcTelemetry.Start(method, id, 1);
        Exception? failure = null;
        try
        {
            return await ExecuteAsync(
                method,
                id,
                EthRpcMethods.IsIdempotent(method),
                token => SendSingleOnceAsync(body, method, id, token),
                cancellationToken);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            EthRpcTelemetry.Stop(activity, method, _options.TimeProvider.GetElapsedTime(started), failure);
        }
    }

    /// <summary>
    /// Sends requests as JSON-RPC batches (one JSON array per at most <see cref="EthRpcClientOptions.MaxBatchSize"/>
    /// requests) and returns one response per request, in request order. Responses are matched by id in any order;
    /// a missing or duplicated response, or a reply that is not an array, fails the affected items
    /// (<see cref="EthRpcErrorKind.InvalidResponse"/>, or the node's error when it sent one error object for the whole
    /// batch). Item errors are returned, not retried; a transport, timeout or HTTP failure of the whole batch is retried
    /// when every method in it is idempotent, and otherwise throws.
    /// </summary>
    /// <exception cref="EthRpcException">The batch as a whole failed (transport, timeout, HTTP status).</exception>
    public async Task<IReadOnlyList<RpcResponse>> BatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var responses = new RpcResponse[requests.Count];
        for (var offset = 0; offset < requests.Count; offset += _options.MaxBatchSize)
        {
            var count = Math.Min(_options.MaxBatchSize, requests.Count - offset);
            var chunk = new RpcRequest[count];
            var ids = new long[count];
            var idempotent = true;
            for (var i = 0; i < count; i++)
            {
                chunk[i] = requests[offset + i] ?? throw new ArgumentException("A batch holds no null requests.", nameof(requests));
                ids[i] = Interlocked.Increment(ref _lastId);
                idempotent &= EthRpcMethods.IsIdempotent(chunk[i].Method);
            }

            var body = Serialize(writer =>
            {
                writer.WriteStartArray();
                for (var i = 0; i < count; i++)
                {
                    WriteRequest(writer, ids[i], chunk[i].Method, chunk[i].Parameters);
                }

                writer.WriteEndArray();
            });
            var started = _options.TimeProvider.GetTimestamp();
            var activity = EthRpcTelemetry.Start("batch", ids[0], count);
            Exception? failure = null;
            try
            {
                var answered = await ExecuteAsync(
                    "batch",
                    ids[0],
                    idempotent,
                    token => SendBatchOnceAsync(body, chunk, ids, token),
                    cancellationToken);
                answered.CopyTo(responses, offset);
            }
            catch (Exception e)
            {
                failure = e;
                throw;
            }
            finally
            {
                EthRpcTelemetry.Stop(activity, "batch", _options.TimeProvider.GetElapsedTime(started), failure);
            }
        }

        return responses;
    }

    /// <summary>eth_chainId: the chain id (EIP-695).</summary>
    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken) =>
        ReadUInt64(await SendAsync(EthRpcMethods.ChainId, null, cancellationToken), EthRpcMethods.ChainId);

    /// <summary>eth_blockNumber: the number of the most recent block.</summary>
    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken) =>
        ReadUInt64(await SendAsync(EthRpcMethods.BlockNumber, null, cancellationToken), EthRpcMethods.BlockNumber);

    /// <summary>eth_getBlockByNumber: the block as the node returned it, or null when it has no such block.</summary>
    /// <param name="block">The block.</param>
    /// <param name="fullTransactions">True for transaction objects, false for hashes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<JsonElement?> GetBlockByNumberAsync(BlockSelector block, bool fullTransactions, CancellationToken cancellationToken) =>
        OrNull(await SendAsync(EthRpcMethods.GetBlockByNumber, [block.ToRpcParameter(), fullTransactions], cancellationToken));

    /// <summary>eth_getBlockByHash: the block as the node returned it, or null when it has no such block.</summary>
    /// <param name="blockHash">"0x" + 64 hex digits.</param>
    /// <param name="fullTransactions">True for transaction objects, false for hashes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<JsonElement?> GetBlockByHashAsync(string blockHash, bool fullTransactions, CancellationToken cancellationToken) =>
        OrNull(await SendAsync(
            EthRpcMethods.GetBlockByHash, [RpcArguments.Hash32(blockHash, nameof(blockHash)), fullTransactions], cancellationToken));

    /// <summary>eth_getTransactionByHash: the transaction (pending ones included), or null when unknown.</summary>
    public async Task<JsonElement?> GetTransactionByHashAsync(string transactionHash, CancellationToken cancellationToken) =>
        OrNull(await SendAsync(
            EthRpcMethods.GetTransactionByHash, [RpcArguments.Hash32(transactionHash, nameof(transactionHash))], cancellationToken));

    /// <summary>eth_getTransactionReceipt: the receipt, or null when the transaction is unknown or not yet mined.</summary>
    public async Task<JsonElement?> GetTransactionReceiptAsync(string transactionHash, CancellationToken cancellationToken) =>
        OrNull(await SendAsync(
            EthRpcMethods.GetTransactionReceipt, [RpcArguments.Hash32(transactionHash, nameof(transactionHash))], cancellationToken));

    /// <summary>eth_getTransactionCount: the number of transactions sent from an address (its next nonce at that block).</summary>
    /// <param name="address">"0x" + 40 hex digits.</param>
    /// <param name="block">The block; <see cref="BlockSelector.Pending"/> counts the node's pool too.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ulong> GetTransactionCountAsync(string address, BlockSelector block, CancellationToken cancellationToken) =>
        ReadUInt64(
            await SendAsync(
                EthRpcMethods.GetTransactionCount, [RpcArguments.Address(address, nameof(address)), block.ToRpcParameter()], cancellationToken),
            EthRpcMethods.GetTransactionCount);

    /// <summary>eth_getBalance: the balance in wei.</summary>
    public async Task<BigInteger> GetBalanceAsync(string address, BlockSelector block, CancellationToken cancellationToken) =>
        ReadUInt256(
            await SendAsync(EthRpcMethods.GetBalance, [RpcArguments.Address(address, nameof(address)), block.ToRpcParameter()], cancellationToken),
            EthRpcMethods.GetBalance);

    /// <summary>eth_getCode: the code at an address (empty for an account without code).</summary>
    public async Task<byte[]> GetCodeAsync(string address, BlockSelector block, CancellationToken cancellationToken) =>
        ReadData(
            await SendAsync(EthRpcMethods.GetCode, [RpcArguments.Address(address, nameof(address)), block.ToRpcParameter()], cancellationToken),
            EthRpcMethods.GetCode);

    /// <summary>
    /// eth_sendRawTransaction: submits a signed transaction (the EIP-2718 envelope, or legacy RLP) and returns its hash,
    /// keccak256 of those bytes, as "0x" + 64 lowercase hex digits.
    /// </summary>
    /// <remarks>
    /// Sending is treated as idempotent and retried on transient failures: the same signed bytes always have the same
    /// hash, so a repeat cannot create a second transaction. If an earlier attempt reached the node although its answer
    /// was lost, the repeat is answered "already known" (still pooled) or "nonce too low" (already mined). Both are
    /// resolved by eth_getTransactionByHash on the locally computed hash: when the node knows the transaction, the
    /// send succeeded and the hash is returned; otherwise the error stands (for "nonce too low", another transaction
    /// took the nonce). A hash in the node's answer that differs from the local one is an invalid response.
    /// </remarks>
    /// <exception cref="EthRpcException">The node refused the transaction or the call failed.</exception>
    public async Task<string> SendRawTransactionAsync(ReadOnlyMemory<byte> signedTransaction, CancellationToken cancellationToken)
    {
        if (signedTransaction.IsEmpty)
        {
            throw new ArgumentException("The signed transaction is empty.", nameof(signedTransaction));
        }

        var hash = HexData.Encode(Keccak256.Hash(signedTransaction.Span));
        JsonElement answer;
        try
        {
            answer = await SendAsync(EthRpcMethods.SendRawTransaction, [HexData.Encode(signedTransaction.Span)], cancellationToken);
        }
        catch (EthRpcException e) when (e.Kind is EthRpcErrorKind.AlreadyKnown or EthRpcErrorKind.NonceTooLow)
        {
            if (await GetTransactionByHashAsync(hash, cancellationToken) is not null)
            {
                return hash;
            }

            throw;
        }

        var reported = ReadHash(answer, EthRpcMethods.SendRawTransaction);
        return string.Equals(reported, hash, StringComparison.OrdinalIgnoreCase)
            ? hash
            : throw Invalid(EthRpcMethods.SendRawTransaction, null, "the node reported a transaction hash other than keccak256 of the bytes sent");
    }

    /// <summary>eth_call: the return data of a call executed on the node's state at <paramref name="block"/>.</summary>
    /// <exception cref="EthRpcException">Kind <see cref="EthRpcErrorKind.ExecutionReverted"/> when the call reverted.</exception>
    public async Task<byte[]> CallAsync(EthCallRequest call, BlockSelector block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ReadData(await SendAsync(EthRpcMethods.Call, [call.ToJson(), block.ToRpcParameter()], cancellationToken), EthRpcMethods.Call);
    }

    /// <summary>eth_estimateGas: the gas the transaction would use; <paramref name="block"/> null leaves the node's default.</summary>
    /// <exception cref="EthRpcException">Kind <see cref="EthRpcErrorKind.ExecutionReverted"/> when the transaction would revert.</exception>
    public async Task<ulong> EstimateGasAsync(EthCallRequest call, BlockSelector? block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        JsonArray parameters = block is { } b ? [call.ToJson(), b.ToRpcParameter()] : [call.ToJson()];
        return ReadUInt64(await SendAsync(EthRpcMethods.EstimateGas, parameters, cancellationToken), EthRpcMethods.EstimateGas);
    }

    /// <summary>eth_gasPrice: the node's legacy gas price suggestion in wei.</summary>
    public async Task<BigInteger> GetGasPriceAsync(CancellationToken cancellationToken) =>
        ReadUInt256(await SendAsync(EthRpcMethods.GasPrice, null, cancellationToken), EthRpcMethods.GasPrice);

    /// <summary>eth_maxPriorityFeePerGas: the node's EIP-1559 priority fee suggestion in wei.</summary>
    public async Task<BigInteger> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken) =>
        ReadUInt256(await SendAsync(EthRpcMethods.MaxPriorityFeePerGas, null, cancellationToken), EthRpcMethods.MaxPriorityFeePerGas);

    /// <summary>eth_feeHistory: base fees, gas-used ratios and priority-fee percentiles of recent blocks.</summary>
    /// <param name="blockCount">How many blocks, ending at <paramref name="newestBlock"/>.</param>
    /// <param name="newestBlock">The last block of the range.</param>
    /// <param name="rewardPercentiles">Increasing percentiles (0-100) of priority fees per block; null or empty for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<FeeHistory> GetFeeHistoryAsync(
        ulong blockCount, BlockSelector newestBlock, IReadOnlyList<double>? rewardPercentiles, CancellationToken cancellationToken)
    {
        var percentiles = new JsonArray();
        foreach (var p in rewardPercentiles ?? [])
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(p, 0d, nameof(rewardPercentiles));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100d, nameof(rewardPercentiles));
            percentiles.Add(p);
        }

        var result = await SendAsync(
            EthRpcMethods.FeeHistory, [HexQuantity.Encode(blockCount), newestBlock.ToRpcParameter(), percentiles], cancellationToken);
        return ReadFeeHistory(result);
    }

    /// <summary>eth_getLogs: the matching logs as the node returned them (a JSON array).</summary>
    public async Task<JsonElement> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await SendAsync(EthRpcMethods.GetLogs, [filter.ToJson()], cancellationToken);
        return result.ValueKind == JsonValueKind.Array ? result : throw Invalid(EthRpcMethods.GetLogs, null, "the result is not an array");
    }

    /// <summary>
    /// eth_getProof (EIP-1186): the account proof and storage proofs as the node returned them. Keys are sent as full
    /// 32-byte words (Hardhat rejects shortened keys such as "0x0").
    /// </summary>
    /// <param name="address">"0x" + 40 hex digits.</param>
    /// <param name="storageKeys">Storage slots, 32 bytes each.</param>
    /// <param name="block">The block whose state is proven.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<JsonElement> GetProofAsync(
        string address, IReadOnlyList<ReadOnlyMemory<byte>> storageKeys, BlockSelector block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storageKeys);
        var keys = new JsonArray();
        foreach (var key in storageKeys)
        {
            if (key.Length != 32)
            {
                throw new ArgumentException("Every storage key is 32 bytes.", nameof(storageKeys));
            }

            keys.Add(HexData.Encode(key.Span));
        }

        var result = await SendAsync(
            EthRpcMethods.GetProof, [RpcArguments.Address(address, nameof(address)), keys, block.ToRpcParameter()], cancellationToken);
        return result.ValueKind == JsonValueKind.Object ? result : throw Invalid(EthRpcMethods.GetProof, null, "the result is not an object");
    }

    /// <summary>net_version: the network id as the node reports it (a decimal string).</summary>
    public async Task<string> GetNetVersionAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(EthRpcMethods.NetVersion, null, cancellationToken);
        return result.ValueKind == JsonValueKind.String
            ? result.GetString()!
            : throw Invalid(EthRpcMethods.NetVersion, null, "the result is not a string");
    }

    /// <summary>evm_snapshot (dev chains): saves the chain state and returns the snapshot id (single use). Not retried.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(EthRpcMethods.EvmSnapshot, null, cancellationToken);
        return result.ValueKind == JsonValueKind.String && HexQuantity.TryParseUInt256(result.GetString(), out _)
            ? result.GetString()!
            : throw Invalid(EthRpcMethods.EvmSnapshot, null, "the result is not a quantity");
    }

    /// <summary>evm_revert (dev chains): restores a snapshot; false when the id is unknown or used. Not retried.</summary>
    public async Task<bool> RevertAsync(string snapshotId, CancellationToken cancellationToken)
    {
        if (!HexQuantity.TryParseUInt256(snapshotId, out _))
        {
            throw new ArgumentException("A snapshot id is a quantity such as \"0x1\".", nameof(snapshotId));
        }

        return ReadBoolean(await SendAsync(EthRpcMethods.EvmRevert, [snapshotId], cancellationToken), EthRpcMethods.EvmRevert);
    }

    /// <summary>evm_mine (dev chains): mines one block with the pending transactions. Not retried.</summary>
    public Task MineAsync(CancellationToken cancellationToken) => SendAsync(EthRpcMethods.EvmMine, null, cancellationToken);

    /// <summary>evm_setAutomine (dev chains): turns mining a block per transaction on or off.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken) =>
        SendAsync(EthRpcMethods.EvmSetAutomine, [enabled], cancellationToken);

    /// <summary>hardhat_setBalance (dev chains): sets an account's balance in wei.</summary>
    public Task SetBalanceAsync(string address, BigInteger wei, CancellationToken cancellationToken) =>
        SendAsync(EthRpcMethods.HardhatSetBalance, [RpcArguments.Address(address, nameof(address)), HexQuantity.Encode(wei)], cancellationToken);

    /// <summary>hardhat_setLoggingEnabled (Hardhat): turns the node's request log on or off.</summary>
    public Task SetLoggingEnabledAsync(bool enabled, CancellationToken cancellationToken) =>
        SendAsync(EthRpcMethods.HardhatSetLoggingEnabled, [enabled], cancellationToken);

    private async Task<T> ExecuteAsync<T>(
        string method, long id, bool idempotent, Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(EthRpcResilience.IdempotentKey, idempotent);
        context.Properties.Set(EthRpcResilience.MethodKey, method);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, state) => state(ctx.CancellationToken), context, attempt);
        }
        catch (TimeoutRejectedException e)
        {
            throw new EthRpcException(
                EthRpcErrorKind.Timeout,
                string.Create(CultureInfo.InvariantCulture, $"{method} (id {id}) timed out after {_options.AttemptTimeout.TotalSeconds:0.###} s."),
                e)
            { Method = method, RequestId = id };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<JsonElement> SendSingleOnceAsync(byte[] body, string method, long id, CancellationToken cancellationToken)
    {
        using var document = await PostAsync(body, method, id, cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(method, id, "the reply is not a JSON-RPC response object");
        }

        var response = ReadEnvelope(root, method, id, allowNullIdForErrors: true);
        return response.Error is null ? response.Result : throw response.Error;
    }

    private async ValueTask<RpcResponse[]> SendBatchOnceAsync(byte[] body, RpcRequest[] requests, long[] ids, CancellationToken cancellationToken)
    {
        using var document = await PostAsync(body, "batch", ids[0], cancellationToken);
        return MatchBatch(document.RootElement, requests, ids);
    }

    // One HTTP exchange: transport faults, HTTP statuses and unparsable bodies become typed exceptions here.
    private async Task<JsonDocument> PostAsync(byte[] body, string method, long id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonMediaType;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new EthRpcException(EthRpcErrorKind.Transport, $"{method} (id {id}) failed to reach the node: {e.Message}", e)
            { Method = method, RequestId = id };
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed (the caller's token and the attempt timeout are not cancelled).
            throw new EthRpcException(EthRpcErrorKind.Timeout, $"{method} (id {id}) timed out in the HTTP client.", e)
            { Method = method, RequestId = id };
        }

        using (response)
        {
            var status = response.StatusCode;
            var ok = response.IsSuccessStatusCode;
            if (!ok && IsTransientStatus(status))
            {
                throw HttpFailure(method, id, response);
            }

            JsonDocument document;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            }
            catch (JsonException e)
            {
                throw ok
                    ? new EthRpcException(EthRpcErrorKind.InvalidResponse, $"{method} (id {id}) got a reply that is not JSON.", e)
                    { Method = method, RequestId = id }
                    : HttpFailure(method, id, response);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new EthRpcException(EthRpcErrorKind.Transport, $"{method} (id {id}) lost the connection while reading the reply.", e)
                { Method = method, RequestId = id };
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new EthRpcException(EthRpcErrorKind.Timeout, $"{method} (id {id}) timed out reading the reply.", e)
                { Method = method, RequestId = id };
            }

            // A non-success status is still worth reading when it carries JSON-RPC (some servers answer errors with 4xx/500).
            if (!ok && !LooksLikeJsonRpc(document.RootElement))
            {
                document.Dispose();
                throw HttpFailure(method, id, response);
            }

            return document;
        }
    }

    private RpcResponse[] MatchBatch(JsonElement root, RpcRequest[] requests, long[] ids)
    {
        var responses = new RpcResponse[requests.Length];
        if (root.ValueKind != JsonValueKind.Array)
        {
            // JSON-RPC 2.0 section 6: a batch that cannot be processed as a whole gets one response object.
            EthRpcException? whole = null;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("error", out var errorObject)
                && errorObject.ValueKind == JsonValueKind.Object)
            {
                whole = TryBuildRpcError(errorObject, "batch", null);
            }

            for (var i = 0; i < requests.Length; i++)
            {
                var error = whole is null
                    ? Invalid(requests[i].Method, ids[i], "the batch reply is not an array")
                    : RpcError(requests[i].Method, ids[i], whole);
                responses[i] = RpcResponse.Failure(requests[i].Method, error);
            }

            return responses;
        }

        var byId = new Dictionary<long, JsonElement>(requests.Length);
        var duplicated = new HashSet<long>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("id", out var idElement)
                && idElement.ValueKind == JsonValueKind.Number
                && idElement.TryGetInt64(out var itemId)
                && !byId.TryAdd(itemId, item))
            {
                duplicated.Add(itemId);
            }
        }

        for (var i = 0; i < requests.Length; i++)
        {
            var method = requests[i].Method;
            if (duplicated.Contains(ids[i]))
            {
                responses[i] = RpcResponse.Failure(method, Invalid(method, ids[i], "the batch reply holds more than one response for this id"));
            }
            else if (!byId.TryGetValue(ids[i], out var item))
            {
                responses[i] = RpcResponse.Failure(method, Invalid(method, ids[i], "the batch reply holds no response for this id"));
            }
            else
            {
                responses[i] = ReadEnvelope(item, method, ids[i], allowNullIdForErrors: false);
            }
        }

        return responses;
    }

    // Checks one response object against JSON-RPC 2.0 section 5 and gives its result (cloned) or its error.
    private static RpcResponse ReadEnvelope(JsonElement item, string method, long id, bool allowNullIdForErrors)
    {
        if (!item.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return RpcResponse.Failure(method, Invalid(method, id, "the response lacks \"jsonrpc\": \"2.0\""));
        }

        var hasError = item.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null;
        var hasResult = item.TryGetProperty("result", out var result);
        if (!item.TryGetProperty("id", out var idElement))
        {
            return RpcResponse.Failure(method, Invalid(method, id, "the response has no id"));
        }

        var idMatches = idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var responseId) && responseId == id;
        var nullIdError = hasError && allowNullIdForErrors && idElement.ValueKind == JsonValueKind.Null;
        if (!idMatches && !nullIdError)
        {
            return RpcResponse.Failure(method, Invalid(method, id, "the response id does not match the request"));
        }

        if (hasError == hasResult)
        {
            return RpcResponse.Failure(method, Invalid(method, id, hasError
                ? "the response holds both a result and an error"
                : "the response holds neither a result nor an error"));
        }

        if (hasError)
        {
            if (error.ValueKind != JsonValueKind.Object)
            {
                return RpcResponse.Failure(method, Invalid(method, id, "the error is not an object"));
            }

            var built = TryBuildRpcError(error, method, id);
            return RpcResponse.Failure(method, built ?? Invalid(method, id, "the error object has no integer code"));
        }

        return RpcResponse.Success(method, result.Clone());
    }

    private static EthRpcException? TryBuildRpcError(JsonElement error, string method, long? id)
    {
        if (!error.TryGetProperty("code", out var codeElement) || !codeElement.TryGetInt32(out var code))
        {
            return null;
        }

        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
        JsonElement? data = error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        var kind = EthRpcErrorClassifier.Classify(code, message);
        var revertData = kind == EthRpcErrorKind.ExecutionReverted ? EthRpcErrorClassifier.ExtractRevertData(message, data) : null;
        var idText = id is { } value ? value.ToString(CultureInfo.InvariantCulture) : "none";
        return new EthRpcException(
            kind, string.Create(CultureInfo.InvariantCulture, $"{method} (id {idText}) failed: {kind} (JSON-RPC error {code}): {message}"))
        {
            Method = method,
            RequestId = id,
            RpcCode = code,
            RpcMessage = message,
            RpcData = data,
            RevertData = revertData,
        };
    }

    // The same node error re-addressed to one item of a batch.
    private static EthRpcException RpcError(string method, long id, EthRpcException whole) =>
        new(whole.Kind, string.Create(CultureInfo.InvariantCulture, $"{method} (id {id}) failed: {whole.Kind} (JSON-RPC error {whole.RpcCode}): {whole.RpcMessage}"))
        {
            Method = method,
            RequestId = id,
            RpcCode = whole.RpcCode,
            RpcMessage = whole.RpcMessage,
            RpcData = whole.RpcData,
            RevertData = whole.RevertData,
        };

    private EthRpcException HttpFailure(string method, long id, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        return new EthRpcException(
            EthRpcErrorKind.HttpStatus,
            string.Create(CultureInfo.InvariantCulture, $"{method} (id {id}) got HTTP {(int)status} {response.ReasonPhrase}."))
        {
            Method = method,
            RequestId = id,
            StatusCode = status,
            RetryAfter = RetryAfter(response),
        };
    }

    // RFC 9110 section 10.2.3: delay-seconds or an HTTP-date (measured against the injected clock).
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _options.TimeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static bool LooksLikeJsonRpc(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array
        || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("jsonrpc", out _) && root.TryGetProperty("error", out _));

    private static EthRpcException Invalid(string method, long? id, string reason)
    {
        var idText = id is { } value ? value.ToString(CultureInfo.InvariantCulture) : "-";
        return new EthRpcException(EthRpcErrorKind.InvalidResponse, $"{method} (id {idText}): invalid response: {reason}.")
        {
            Method = method,
            RequestId = id,
        };
    }

    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequest(Utf8JsonWriter writer, long id, string method, JsonArray? parameters)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        writer.WritePropertyName("params");
        if (parameters is null)
        {
            writer.WriteStartArray();
            writer.WriteEndArray();
        }
        else
        {
            parameters.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static JsonElement? OrNull(JsonElement result) => result.ValueKind == JsonValueKind.Null ? null : result;

    internal static ulong ReadUInt64(JsonElement result, string method) =>
        result.ValueKind == JsonValueKind.String && HexQuantity.TryParseUInt64(result.GetString(), out var value)
            ? value
            : throw Invalid(method, null, "the result is not a 64-bit quantity");

    internal static BigInteger ReadUInt256(JsonElement result, string method) =>
        result.ValueKind == JsonValueKind.String && HexQuantity.TryParseUInt256(result.GetString(), out var value)
            ? value
            : throw Invalid(method, null, "the result is not a quantity");

    internal static byte[] ReadData(JsonElement result, string method) =>
        result.ValueKind == JsonValueKind.String && HexData.TryDecode(result.GetString(), out byte[] value)
            ? value
            : throw Invalid(method, null, "the result is not hex data");

    private static string ReadHash(JsonElement result, string method) =>
        result.ValueKind == JsonValueKind.String && HexData.IsValid(result.GetString(), 32)
            ? result.GetString()!
            : throw Invalid(method, null, "the result is not a 32-byte hash");

    private static bool ReadBoolean(JsonElement result, string method) => result.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(method, null, "the result is not a boolean"),
    };

    private static FeeHistory ReadFeeHistory(JsonElement result)
    {
        const string Method = EthRpcMethods.FeeHistory;
        if (result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("oldestBlock", out var oldest)
            || !result.TryGetProperty("baseFeePerGas", out var baseFees) || baseFees.ValueKind != JsonValueKind.Array
            || !result.TryGetProperty("gasUsedRatio", out var ratios) || ratios.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(Method, null, "the result lacks oldestBlock, baseFeePerGas or gasUsedRatio");
        }

        var baseFeeList = new List<BigInteger>(baseFees.GetArrayLength());
        foreach (var fee in baseFees.EnumerateArray())
        {
            baseFeeList.Add(ReadUInt256(fee, Method));
        }

        var ratioList = new List<double>(ratios.GetArrayLength());
        foreach (var ratio in ratios.EnumerateArray())
        {
            ratioList.Add(ratio.ValueKind == JsonValueKind.Number ? ratio.GetDouble() : throw Invalid(Method, null, "a gasUsedRatio is not a number"));
        }

        var rewards = new List<IReadOnlyList<BigInteger>>();
        if (result.TryGetProperty("reward", out var rewardRows) && rewardRows.ValueKind == JsonValueKind.Array)
        {
            foreach (var row in rewardRows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(Method, null, "a reward row is not an array");
                }

                var values = new List<BigInteger>(row.GetArrayLength());
                foreach (var value in row.EnumerateArray())
                {
                    values.Add(ReadUInt256(value, Method));
                }

                rewards.Add(values);
            }
        }

        return new FeeHistory(ReadUInt64(oldest, Method), baseFeeList, ratioList, rewards);
    }
}
