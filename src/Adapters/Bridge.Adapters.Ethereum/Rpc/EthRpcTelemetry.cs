using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// Traces and metrics of JSON-RPC calls: method names, request ids, durations, attempts and error kinds only, never
/// parameters or results (a raw signed transaction is public, but request bodies stay out of telemetry by rule).
/// Tag names follow the OpenTelemetry semantic conventions for JSON-RPC (rpc.system = "jsonrpc", rpc.method,
/// rpc.jsonrpc.request_id, rpc.jsonrpc.error_code).
/// </summary>
internal static class EthRpcTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Bridge.Adapters.Ethereum.Rpc";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "bridge.eth.rpc.duration", unit: "s", description: "Duration of JSON-RPC calls, retries included.");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "bridge.eth.rpc.retries", unit: "{retry}", description: "JSON-RPC attempts repeated after a transient failure.");

    public static Activity? Start(string method, long id, int count)
    {
        var activity = Source.StartActivity(count == 1 ? method : "batch", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "jsonrpc");
            activity.SetTag("rpc.method", method);
            activity.SetTag("rpc.jsonrpc.request_id", id);
            if (count > 1)
            {
                activity.SetTag("bridge.eth.rpc.batch_size", count);
            }
        }

        return activity;
    }

    public static void Stop(Activity? activity, string method, TimeSpan elapsed, Exception? error)
    {
        var outcome = error switch
        {
            null => "ok",
            EthRpcException e => e.Kind.ToString(),
            OperationCanceledException => "Cancelled",
            _ => error.GetType().Name,
        };
        Duration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("rpc.method", method),
            new KeyValuePair<string, object?>("outcome", outcome));
        if (activity is null)
        {
            return;
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome);
            activity.SetTag("error.type", outcome);
            if (error is EthRpcException { RpcCode: { } code })
            {
                activity.SetTag("rpc.jsonrpc.error_code", code);
            }
        }

        activity.Dispose();
    }

    public static void Retry(string method, EthRpcErrorKind? kind, int attempt)
    {
        var outcome = kind?.ToString() ?? nameof(EthRpcErrorKind.Timeout);
        Retries.Add(
            1,
            new KeyValuePair<string, object?>("rpc.method", method),
            new KeyValuePair<string, object?>("outcome", outcome));
        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["attempt"] = attempt,
            ["error.type"] = outcome,
        }));
    }
}
