using BenchmarkDotNet.Running;

namespace Bridge.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>./eng/bench.sh [BenchmarkDotNet arguments]</c>, or the relay load tool:
/// <c>./eng/load.sh [options]</c> (<c>relay-load</c> as the first argument; docs/performance.md).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "relay-load")
        {
            return RelayLoad.RelayLoadTool.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
