using BenchmarkDotNet.Running;

namespace Bridge.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>./eng/bench.sh [BenchmarkDotNet arguments]</c>, or the relay load tool:
/// <c>./eng/load.sh [options]</c> (<c>relay-load</c> as the first argument; docs/performance.md), or the Fabric batch
/// measurement: <c>fabric-batches [anchors] [blockSize] [batchTimeoutMs]</c> (docs/performance.md "Fabric batches and lookups").
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "relay-load")
        {
            return RelayLoad.RelayLoadTool.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "fabric-batches")
        {
            return FabricBatchTool.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
