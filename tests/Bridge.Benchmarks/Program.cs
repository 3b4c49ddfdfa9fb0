using BenchmarkDotNet.Running;

namespace Bridge.Benchmarks;

/// <summary>Runs the benchmarks: <c>./eng/bench.sh [BenchmarkDotNet arguments]</c> (docs/performance.md).</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
