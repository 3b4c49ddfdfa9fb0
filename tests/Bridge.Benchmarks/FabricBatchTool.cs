using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.Benchmarks;

/// <summary>
/// <c>fabric-batches [anchors] [blockSize] [batchTimeoutMs]</c> (docs/performance.md "Fabric batches and lookups"): the destination side
/// of a Fabric lane through the real adapter and the in-process simulator (three organisations, 2-of-3 endorsement, block
/// files on /dev/shm when it exists). Measures anchors per second submitted alone (16 in flight) and in batches of 64 and
/// 256 (4 batches in flight), then the rate of finality + proof for the single submissions' transactions (they share
/// blocks) through a fresh adapter, 16 in flight, with the number of blocks it fetched.
/// </summary>
internal static class FabricBatchTool
{
    private const int SinglesInFlight = 16;
    private const int BatchesInFlight = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var anchors = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2048;
        var blockSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        TimeSpan? batchTimeout = args.Length > 2 ? TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture)) : null;
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, "bridge-fabric-batches-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            using var network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = folder, MaxBlockTransactions = blockSize, BatchTimeout = batchTimeout });
            var server = new GrpcServer();
            network.Map(server);
            await using var host = await GrpcServerHost.StartAsync(server);
            using var handler = GrpcHttpHandler.Create();
            using var client = new GrpcClient(handler, host.BaseAddress);
            using var carrier = MspFolder.Load(network.Organizations[0].ClientMspFolder, network.Organizations[0].MspId).Folder!;
            FabricAdapter NewAdapter() => new(
                new FabricAdapterOptions
                {
                    Network = "fabric-trade",
                    Channel = "trade",
                    Signer = carrier.Signer!,
                    AttestingOrganizations = [.. network.Organizations.Select(o => o.MspId)],
                },
                client);

            Console.WriteLine($"{anchors} anchors per run, blocks of up to {blockSize}, batch timeout {batchTimeout?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) ?? "none"} ms, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            await MeasureAsync("warm-up (64 singles)", 64, () => SinglesAsync(NewAdapter(), 64));
            var singles = await MeasureAsync($"single submissions, {SinglesInFlight} in flight", anchors, () => SinglesAsync(NewAdapter(), anchors));
            foreach (var size in (int[])[64, 256])
            {
                await MeasureAsync($"batches of {size}, {BatchesInFlight} in flight", anchors, () => BatchesAsync(NewAdapter(), anchors, size));
            }

            var blocks = singles.Select(tx => tx.BlockNumber).Distinct().Count();
            var prover = NewAdapter();
            await MeasureAsync($"finality + proof of the singles' transactions ({blocks} blocks), {SinglesInFlight} in flight", singles.Count, () => ProveAsync(prover, singles));
            Console.WriteLine($"  blocks fetched by the prover: {prover.Blocks.Fetches} for {singles.Count} transactions in {blocks} blocks (before the block memory: 2 per transaction)");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<TxRef>> MeasureAsync(string what, int count, Func<Task<IReadOnlyList<TxRef>>> run)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        clock.Stop();
        Console.WriteLine($"  {what}: {count} in {clock.Elapsed.TotalSeconds:0.00} s = {count / clock.Elapsed.TotalSeconds:0} /s ({result.Select(t => t.Id).Distinct().Count()} transactions)");
        return result;
    }

    private static async Task<IReadOnlyList<TxRef>> SinglesAsync(FabricAdapter adapter, int count)
    {
        var results = new TxRef[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = SinglesInFlight }, async (i, ct) =>
        {
            var command = NewAnchor();
            results[i] = Accepted(await adapter.SubmitAsync(command, $"single-{command.DocumentId}", ct));
        });
        return results;
    }

    private static async Task<IReadOnlyList<TxRef>> BatchesAsync(FabricAdapter adapter, int count, int size)
    {
        var batches = Enumerable.Range(0, count).Select(_ => NewAnchor()).Chunk(size).ToList();
        var results = new TxRef[batches.Count][];
        await Parallel.ForAsync(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = BatchesInFlight }, async (i, ct) =>
        {
            var submitted = await adapter.SubmitBatchAsync([.. batches[i].Select(c => new BatchCommand(c, $"batch-{c.DocumentId}"))], ct);
            results[i] = [.. submitted.Select(Accepted)];
        });
        return [.. results.SelectMany(r => r)];
    }

    private static async Task<IReadOnlyList<TxRef>> ProveAsync(FabricAdapter adapter, IReadOnlyList<TxRef> txs)
    {
        await Parallel.ForAsync(0, txs.Count, new ParallelOptions { MaxDegreeOfParallelism = SinglesInFlight }, async (i, ct) =>
        {
            if (await adapter.GetFinalityAsync(txs[i], ct) is not FinalityStatus.Final)
            {
                throw new InvalidOperationException($"{txs[i].Id} is not final");
            }

            await adapter.GetProofAsync(new ProofRequest(ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Transaction, txs[i].Id, FabricProofBuilder.UnknownDigest), txs[i]), ct);
        });
        return txs;
    }

    private static LedgerCommand.Anchor NewAnchor() =>
        new(Guid.NewGuid().ToString(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "BILL_OF_LADING");

    private static TxRef Accepted(SubmitResult result) =>
        result is SubmitResult.Accepted accepted ? accepted.Tx : throw new InvalidOperationException($"an anchor was not accepted: {result}");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
