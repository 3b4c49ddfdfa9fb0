using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Npgsql;

namespace Bridge.Benchmarks.RelayLoad;

/// <summary>
/// The relay load tool (issue 7 point 9; docs/performance.md "Relay throughput and latency"): pre-loads document anchors
/// on the source channel, lets a <see cref="SourceWatcher"/> store them in the outbox, runs the real
/// <see cref="MessageDispatcher"/>s (finality, fabric-endorsement proof built and verified, stored with its verdict,
/// anchor submitted on the destination channel and confirmed, every transition persisted) and measures messages per
/// second from the first lease to the last confirmation and the SourceFinal → DestinationSubmitted latency of every
/// message (from <c>message_transitions</c>). Then, in the same process, each ceiling alone: crypto (the verifier on the
/// stored proofs, all cores), database (the store's own work per message, no network), source (finality + proof through
/// the gateway) and destination (anchor submit + finality).
/// </summary>
internal static class RelayLoadTool
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (RelayLoadOptions.Parse(args, Console.Error) is not { } options)
        {
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var durable = Environment.GetEnvironmentVariable("BRIDGE_TEST_DURABLE") == "1";
        Say($"relay-load: {options.Messages} anchors, {options.Dispatchers} dispatcher(s) x {options.Loops} loop(s) x parallelism {options.Parallelism}, batch {options.BatchSize}, lease {options.LeaseSeconds} s, " +
            $"source blocks {Blocks(options.SourceBlockSize, options.SourceBatchTimeoutMs)}, destination blocks {Blocks(options.BlockSize, options.BatchTimeoutMs)}, auto-prepare {options.AutoPrepare}, PostgreSQL {(durable ? "durable (fsync on)" : "fsync off")}, {Environment.ProcessorCount} cores");

        await using var rig = await RelayLoadRig.StartAsync(options, ct);
        Say($"simulator block files in {rig.Folder}");
        var total = options.Warmup + options.Messages;
        var preload = await rig.PreloadAsync(total, options.PreloadConcurrency, ct);
        Say($"pre-loaded {total} anchors ({options.Warmup} to warm up, {options.Messages} measured) on the source in {preload.TotalSeconds:F1} s ({total / preload.TotalSeconds:F0}/s), {rig.Fabric.Ledger(RelayLoadRig.SourceChannel).Blocks.Height} blocks");
        var observe = await rig.ObserveAsync(total, ct);
        Say($"the watcher stored {total} messages in the outbox in {observe.TotalSeconds:F1} s ({total / observe.TotalSeconds:F0}/s)");

        var run = await RelayAsync(rig, options, ct);
        Say($"relayed: {run.Confirmed} of {total} confirmed ({options.Warmup} warm-up), {run.Failed} failed, {run.Pending} not done; measured window {run.Elapsed.TotalSeconds:F2} s -> {run.PerSecond:F0} messages/s");
        Say($"latency SourceFinal -> DestinationSubmitted: p50 {Ms(run.P50)}, p90 {Ms(run.P90)}, p99 {Ms(run.P99)}, max {Ms(run.Max)}; CPU busy {run.CpuBusy:P0} of all cores");

        var ceilings = new List<(string Name, double PerSecond, string What)>();
        var crypto = await CryptoCeilingAsync(rig, ct);
        ceilings.Add(("crypto", crypto, "fabric-endorsement verifier on the run's stored proofs, all cores, one attestation check per block"));
        Say($"crypto ceiling: {crypto:F0} proofs/s");
        var database = await DatabaseCeilingAsync(rig, options, ct);
        ceilings.Add(("database", database.Dispatch, "lease + one commit of 5 transitions + source proof per message, dispatchers x loops writers, no network"));
        Say($"database ceiling: {database.Dispatch:F0} messages/s (observe alone: {database.Observe:F0}/s)");
        var source = await SourceCeilingAsync(rig, options, ct);
        ceilings.Add(("source", source, "source finality + proof built through the gateway (fresh adapter), same concurrency"));
        Say($"source ceiling: {source:F0} messages/s");
        var destination = await DestinationCeilingAsync(rig, options, ct);
        ceilings.Add(("destination", destination, "anchors submitted in batches (one endorse, order, commit per batch) + finality on the destination, one batch per dispatcher"));
        Say($"destination ceiling: {destination:F0} anchors/s");

        var limit = ceilings.MinBy(c => c.PerSecond);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"| run | messages | dispatchers x loops x parallelism | batch | blocks: source / destination | PostgreSQL | messages/s | p50 | p90 | p99 | max | CPU busy |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| relay | {run.Confirmed}/{total} | {options.Dispatchers} x {options.Loops} x {options.Parallelism} | {options.BatchSize} | {Blocks(options.SourceBlockSize, options.SourceBatchTimeoutMs)} / {Blocks(options.BlockSize, options.BatchTimeoutMs)} | {(durable ? "durable" : "fsync off")} | **{run.PerSecond:F0}** | {Ms(run.P50)} | {Ms(run.P90)} | {Ms(run.P99)} | {Ms(run.Max)} | {run.CpuBusy:P0} |");
        report.AppendLine();
        report.AppendLine("| ceiling | per second | what |");
        report.AppendLine("|---|---|---|");
        foreach (var (name, perSecond, what) in ceilings)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {perSecond:F0} | {what} |");
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"achieved / min(ceilings) = {run.PerSecond:F0} / {limit.PerSecond:F0} ({limit.Name}) = {run.PerSecond / limit.PerSecond:F2}");

        // Every ceiling was measured alone on all cores, but a relayed message pays all of them on the same cores: their
        // costs add up (1 / sum of 1/ceiling) when the work is CPU-bound.
        var shared = 1 / ceilings.Sum(c => 1 / c.PerSecond);
        report.AppendLine(CultureInfo.InvariantCulture, $"achieved / combined bound (1 / sum of 1/ceiling, the ceilings sharing the cores) = {run.PerSecond:F0} / {shared:F0} = {run.PerSecond / shared:F2}; " +
            $"shares of a message's cost: {string.Join(", ", ceilings.Select(c => $"{c.Name} {shared / c.PerSecond:P0}"))}");
        report.AppendLine(CultureInfo.InvariantCulture, $"targets: >= 1000 messages/s {(run.PerSecond >= 1000 ? "met" : "NOT met")}; p99 <= 250 ms {(run.P99 <= TimeSpan.FromMilliseconds(250) ? "met" : "NOT met")}");
        Console.WriteLine();
        Console.WriteLine(report.ToString());
        return run.Failed == 0 && run.Pending == 0 ? 0 : 1;
    }

    private sealed record RelayRun(int Confirmed, int Failed, int Pending, TimeSpan Elapsed, double PerSecond, TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan Max, double CpuBusy);

    /// <summary>How a channel cuts blocks, for the report: "64 (50 ms)" or "100 (at once)".</summary>
    private static string Blocks(int size, int timeoutMs) => timeoutMs > 0 ? $"{size} ({timeoutMs} ms)" : $"{size} (at once)";

    /// <summary>Runs the dispatchers until every message is acknowledged or failed (or the time cap); reads the numbers from the database.</summary>
    private static async Task<RelayRun> RelayAsync(RelayLoadRig rig, RelayLoadOptions options, CancellationToken cancellationToken)
    {
        var directory = new AdapterDirectory(new Dictionary<string, INetworkAdapter>
        {
            [RelayLoadRig.SourceNetwork] = rig.Adapter(RelayLoadRig.SourceNetwork),
            [RelayLoadRig.DestinationNetwork] = rig.Adapter(RelayLoadRig.DestinationNetwork),
        });
        var verifiers = new ProofVerifierRegistry([new FabricEndorsementVerifier()]);
        var dispatcherOptions = new DispatcherOptions
        {
            Parallelism = options.Parallelism,
            Loops = options.Loops,
            BatchSize = options.BatchSize,
            LeaseDuration = TimeSpan.FromSeconds(options.LeaseSeconds),
            IdleDelay = TimeSpan.FromMilliseconds(10),
            FinalityPoll = TimeSpan.FromMilliseconds(50),
        };
        var dispatchers = Enumerable.Range(0, options.Dispatchers)
            .Select(i => new MessageDispatcher(rig.Store, rig.Registry, directory, verifiers, [], TimeProvider.System, $"load-host-{i}", dispatcherOptions))
            .ToList();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var total = options.Warmup + options.Messages;
        var startedTicks = TimeProvider.System.GetTimestamp();
        var running = dispatchers.Select(d => d.RunAsync(stop.Token)).ToList();
        long Done() => dispatchers.Sum(d => d.Stats.Confirmed + d.Stats.Failed);
        async Task WaitForAsync(long count)
        {
            while (Done() < count && TimeProvider.System.GetElapsedTime(startedTicks) < TimeSpan.FromSeconds(options.Seconds) && running.All(r => !r.IsCompleted))
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        // Warm-up: the same work, not measured (tiered JIT, connection pools, caches settle first).
        await WaitForAsync(options.Warmup);
        var cpu = CpuSample.Take();
        var postgres = await PostgresCpu.TakeAsync(rig.ConnectionString, cancellationToken);
        var own = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var started = TimeProvider.System.GetMicrosecondNow();
        var measuredTicks = TimeProvider.System.GetTimestamp();
        var phasesBefore = dispatchers.Select(d => d.Stats.Phases).ToList();
        await WaitForAsync(total);
        var phases = phasesBefore[0].Keys.ToDictionary(k => k, k => dispatchers.Select((d, i) => d.Stats.Phases[k] - phasesBefore[i][k]).Aggregate(TimeSpan.Zero, (a, b) => a + b));

        var busy = cpu.BusySince();
        var window = TimeProvider.System.GetElapsedTime(measuredTicks).TotalSeconds * Environment.ProcessorCount;
        var postgresShare = (await postgres.SecondsSinceAsync(rig.ConnectionString, cancellationToken)) / window;
        var ownShare = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - own).TotalSeconds / window;
        Say($"CPU of all cores during the measured run: this process (relay + in-process simulator) {ownShare:P0}, PostgreSQL {postgresShare:P0}");
        Say($"dispatch loops' wall time in the measured run, summed over loops: {string.Join(", ", phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:F1} s"))}");
        await stop.CancelAsync();
        foreach (var task in running)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // Stopped as asked.
            }
        }

        // Measured: what happened after the warm-up ended.
        await using var dataSource = NpgsqlDataSource.Create(rig.ConnectionString);
        var since = new NpgsqlParameter { Value = started };
        var lastConfirmed = await ScalarAsync<DateTime?>(dataSource, "SELECT max(at) FROM message_transitions WHERE trigger = 'destination-confirmed'", cancellationToken);
        var confirmedInWindow = (int)await ScalarAsync<long>(dataSource, "SELECT count(*) FROM message_transitions WHERE trigger = 'destination-confirmed' AND at >= $1", cancellationToken, since);
        var allConfirmed = (int)await ScalarAsync<long>(dataSource, "SELECT count(*) FROM relay_messages WHERE state IN ('confirmed', 'acknowledged')", cancellationToken);
        var failed = (int)await ScalarAsync<long>(dataSource, "SELECT count(*) FROM relay_messages WHERE state = 'failed'", cancellationToken);
        var elapsed = lastConfirmed is { } last ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) - started : TimeSpan.Zero;

        var latencies = new List<double>();
        await using (var command = dataSource.CreateCommand(
            """
            SELECT extract(epoch FROM s.at - f.at)::float8
            FROM message_transitions f JOIN message_transitions s ON s.message_id = f.message_id AND s.trigger = 'destination-submitted'
            WHERE f.trigger = 'source-final' AND f.at >= $1
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = started });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                latencies.Add(reader.GetDouble(0));
            }
        }

        latencies.Sort();
        return new RelayRun(
            allConfirmed,
            failed,
            total - allConfirmed - failed,
            elapsed,
            elapsed > TimeSpan.Zero ? confirmedInWindow / elapsed.TotalSeconds : 0,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            Percentile(latencies, 1.0),
            busy);
    }

    /// <summary>
    /// The fabric-endorsement verifier alone on every source proof the run stored, on all cores: proofs grouped by block,
    /// each group with a fresh anchors instance (so each block's attestation is verified once, as a busy relay does).
    /// </summary>
    private static async Task<double> CryptoCeilingAsync(RelayLoadRig rig, CancellationToken cancellationToken)
    {
        var proofs = await SourceProofsAsync(rig, int.MaxValue, cancellationToken);
        var anchors = rig.Fabric.TrustAnchors(RelayLoadRig.SourceChannel);
        var verifier = new FabricEndorsementVerifier();
        var groups = proofs.GroupBy(p => p.Data.GetProperty("blockNumber").GetUInt64()).Select(g => g.ToList()).ToList();
        var valid = 0;
        var started = TimeProvider.System.GetTimestamp();
        Parallel.ForEach(groups, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, group =>
        {
            var fresh = anchors with { };
            var ok = group.Count(p => verifier.Verify(p, fresh).IsValid);
            Interlocked.Add(ref valid, ok);
        });
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        return valid == proofs.Count ? proofs.Count / elapsed.TotalSeconds : throw new InvalidOperationException($"only {valid} of {proofs.Count} stored proofs verify");
    }

    /// <summary>
    /// The store's own work per message with no network: synthetic anchor messages observed, then leased in batches and
    /// moved through the five transitions the relay applies, in one commit per leased batch as the dispatcher writes a
    /// message that goes straight through, with the source proof (a real stored one, with its verdict) saved in the same
    /// commit, by as many writers as the run has dispatch loops.
    /// </summary>
    private static async Task<(double Observe, double Dispatch)> DatabaseCeilingAsync(RelayLoadRig rig, RelayLoadOptions options, CancellationToken cancellationToken)
    {
        var lane = await rig.AddLaneAsync("load-database", cancellationToken);
        // The run's own stored proofs, one per message in turn: blocks shared as often as in the run (proof parts dedupe them).
        var stored = await SourceProofsAsync(rig, options.CeilingMessages, cancellationToken);
        var proof = stored[0];
        var verdict = new ProofVerdict.Valid(["BankMSP", "CustomsMSP"]);
        var store = rig.Store;
        var now = TimeProvider.System.GetUtcNow();
        var messages = Enumerable.Range(0, options.CeilingMessages).Select(i =>
        {
            var tx = new TxRef(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), 1_000_000 + i);
            var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var payload = new MessagePayload.Anchor(proof.Subject with { Id = tx.Id, Digest = digest }, Guid.NewGuid().ToString(), digest, digest, "BILL_OF_LADING");
            return RelayMessage.Observe(lane.Name, MessageKind.DocumentAnchor, new MessageSource(RelayLoadRig.SourceNetwork, tx, 0, $"db-{i}"), RelayLoadRig.DestinationNetwork, payload, now + lane.Deadline, now);
        }).ToList();

        var started = TimeProvider.System.GetTimestamp();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (m, ct) => await store.ObserveAsync(m, ct));
        var observe = messages.Count / TimeProvider.System.GetElapsedTime(started).TotalSeconds;

        var machine = MessageStateMachine.Default;
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var done = 0;
        started = TimeProvider.System.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.Dispatchers * options.Loops).Select(async d =>
        {
            while (Volatile.Read(ref done) < messages.Count)
            {
                var leased = await store.LeaseDueAsync($"db-host-{d}", options.BatchSize, lease, cancellationToken);
                if (leased.Count == 0)
                {
                    await Task.Delay(5, cancellationToken);
                    continue;
                }

                // As the dispatcher writes: a message that goes straight through is written once, its five steps (and
                // the source proof) in one commit for the whole leased batch.
                var tx = new TxRef(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), 7);
                var at = TimeProvider.System.GetMicrosecondNow();
                var changes = leased.Select(h => new MessageChange(h.Message, h.Lease, new MessageEvent.SourceAcknowledged(tx), null, KeepLease: false, [new ProofToSave(MessageDispatcher.SourceRole, stored[(int)(h.Message.Source.Tx.BlockNumber!.Value % stored.Count)], verdict)])
                {
                    Earlier =
                    [
                        new(new MessageEvent.SourceFinal(h.Message.Source.Tx), at),
                        new(new MessageEvent.SourceProven($"{h.Message.Id.Value}/source"), at),
                        new(new MessageEvent.DestinationSubmitted(tx), at),
                        new(new MessageEvent.DestinationConfirmed(tx), at),
                    ],
                }).ToList();
                var outcomes = await store.CommitAsync(changes, machine, cancellationToken);
                foreach (var outcome in outcomes)
                {
                    _ = Expect(outcome);
                }

                Interlocked.Add(ref done, leased.Count);
            }
        }));
        return (observe, messages.Count / TimeProvider.System.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Source finality and the fabric-endorsement proof through the gateway for messages of the run, by a fresh adapter (nothing remembered).</summary>
    private static async Task<double> SourceCeilingAsync(RelayLoadRig rig, RelayLoadOptions options, CancellationToken cancellationToken)
    {
        var adapter = rig.Adapter(RelayLoadRig.SourceNetwork);
        var proofs = await SourceProofsAsync(rig, options.CeilingMessages, cancellationToken);
        var started = TimeProvider.System.GetTimestamp();
        await Parallel.ForEachAsync(proofs, new ParallelOptions { MaxDegreeOfParallelism = options.Dispatchers * options.Parallelism, CancellationToken = cancellationToken }, async (proof, ct) =>
        {
            // As the dispatcher asks: with the block the watcher saw the event in (a hint the adapter checks, never trusts).
            var tx = new TxRef(proof.Subject.Id, (long)proof.Data.GetProperty("blockNumber").GetUInt64());
            if (await adapter.GetFinalityAsync(tx, ct) is not FinalityStatus.Final)
            {
                throw new InvalidOperationException($"source transaction {proof.Subject.Id} is not final");
            }

            _ = await adapter.GetProofAsync(new ProofRequest(ProofKind.FabricEndorsement, proof.Subject, tx), ct);
        });
        return proofs.Count / TimeProvider.System.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>New anchors submitted to the destination channel and their finality asked, as the dispatcher does, with the same concurrency.</summary>
    private static async Task<double> DestinationCeilingAsync(RelayLoadRig rig, RelayLoadOptions options, CancellationToken cancellationToken)
    {
        var adapter = rig.Adapter(RelayLoadRig.DestinationNetwork);
        var started = TimeProvider.System.GetTimestamp();
        // As the dispatcher submits: a leased batch's anchors in IBatchSubmitter calls, one per dispatcher at a time.
        var batches = Enumerable.Range(0, options.CeilingMessages).Chunk(Math.Min(options.BatchSize, adapter.MaxBatchSize)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Dispatchers, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            var commands = batch.Select(_ =>
            {
                var documentId = Guid.NewGuid().ToString();
                var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                return new BatchCommand(new LedgerCommand.Anchor(documentId, digest, digest, "BILL_OF_LADING"), documentId);
            }).ToList();
            foreach (var result in await adapter.SubmitBatchAsync(commands, ct))
            {
                if (result is not SubmitResult.Accepted accepted || await adapter.GetFinalityAsync(accepted.Tx, ct) is not FinalityStatus.Final)
                {
                    throw new InvalidOperationException($"the destination did not take an anchor: {result}");
                }
            }
        });
        return options.CeilingMessages / TimeProvider.System.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<List<ProofEnvelope>> SourceProofsAsync(RelayLoadRig rig, int limit, CancellationToken cancellationToken)
    {
        // Through the store, as the proof endpoint reads them (long parts joined back).
        await using var dataSource = NpgsqlDataSource.Create(rig.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT message_id FROM message_proofs WHERE role = 'source' ORDER BY created_at LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = (long)Math.Min(limit, int.MaxValue) });
        var ids = new List<MessageId>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(MessageId.Parse(reader.GetString(0)));
            }
        }

        var proofs = new List<ProofEnvelope>(ids.Count);
        foreach (var id in ids)
        {
            proofs.Add((await rig.Store.GetProofsAsync(id, cancellationToken)).Single(p => p.Role == MessageDispatcher.SourceRole).Envelope);
        }

        return proofs.Count > 0 ? proofs : throw new InvalidOperationException("the run stored no source proof");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull or null ? default! : (T)value;
    }

    private static RelayMessage Expect(ApplyOutcome outcome) =>
        outcome is ApplyOutcome.Applied applied ? applied.Message : throw new InvalidOperationException($"a transition was not applied: {outcome}");

    /// <summary>The nearest-rank percentile of sorted seconds.</summary>
    private static TimeSpan Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)]);

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F0", Invariant) + " ms";

    private static void Say(string line) => Console.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {line}");

    /// <summary>
    /// CPU time of the run's PostgreSQL cluster: the processes <c>pg_stat_activity</c> lists (backends and background
    /// workers), from <c>/proc/&lt;pid&gt;/stat</c> utime + stime at 100 ticks/s (Linux's USER_HZ).
    /// </summary>
    private sealed record PostgresCpu(Dictionary<int, long> Ticks)
    {
        public static async Task<PostgresCpu> TakeAsync(string connectionString, CancellationToken cancellationToken)
        {
            var ticks = new Dictionary<int, long>();
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var command = dataSource.CreateCommand("SELECT pid FROM pg_stat_activity");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var pid = reader.GetInt32(0);
                var path = $"/proc/{pid}/stat";
                if (File.Exists(path))
                {
                    var fields = File.ReadAllText(path)[(File.ReadAllText(path).LastIndexOf(')') + 2)..].Split(' ');
                    ticks[pid] = long.Parse(fields[11], Invariant) + long.Parse(fields[12], Invariant);
                }
            }

            return new PostgresCpu(ticks);
        }

        public async Task<double> SecondsSinceAsync(string connectionString, CancellationToken cancellationToken)
        {
            var now = await TakeAsync(connectionString, cancellationToken);
            return now.Ticks.Sum(t => t.Value - Ticks.GetValueOrDefault(t.Key)) / 100.0;
        }
    }

    /// <summary>Busy CPU time of the whole machine (every process: relay, simulator and PostgreSQL) from <c>/proc/stat</c>.</summary>
    private sealed record CpuSample(long Busy, long Total)
    {
        public static CpuSample Take()
        {
            if (!File.Exists("/proc/stat"))
            {
                return new CpuSample(0, 0);
            }

            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, Invariant)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return new CpuSample(total - idle, total);
        }

        public double BusySince()
        {
            var now = Take();
            return now.Total > Total ? (double)(now.Busy - Busy) / (now.Total - Total) : 0;
        }
    }
}
