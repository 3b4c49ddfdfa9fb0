using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Bridge.Simulators.Ethereum;

namespace Bridge.Benchmarks.Ethereum;

/// <summary>
/// The dev chain's start-up time: Node 22 + Hardhat started on a free loopback port until eth_chainId answers and
/// request logging is off, then stopped with its whole process tree. Ten cold starts, one per iteration.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class DevChainStartupBenchmarks
{
    /// <summary>Start, ready, stop.</summary>
    [Benchmark]
    public async Task<long> StartAndStop()
    {
        await using var chain = await DevChain.StartAsync(new DevChainOptions(), null, CancellationToken.None);
        return chain.ChainId;
    }
}
