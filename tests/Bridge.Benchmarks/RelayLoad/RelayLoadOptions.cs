using System.Globalization;

namespace Bridge.Benchmarks.RelayLoad;

/// <summary>
/// The knobs of one relay load run (<c>./eng/load.sh --help</c>): how many source facts, how many dispatchers and how
/// they lease and work, the Fabric simulator's block size, and how many operations each ceiling measures.
/// </summary>
internal sealed record RelayLoadOptions
{
    /// <summary>Source facts (document anchors) pre-loaded and relayed.</summary>
    public int Messages { get; init; } = 10_000;

    /// <summary>Source facts relayed first to warm the process up (JIT tiering, pools, caches), not measured.</summary>
    public int Warmup { get; init; } = 2_000;

    /// <summary>The longest the measured relay run may take before it is stopped and reported as unfinished.</summary>
    public int Seconds { get; init; } = 180;

    /// <summary>Dispatchers ("hosts") working on the outbox at once.</summary>
    public int Dispatchers { get; init; } = 1;

    /// <summary><c>DispatcherOptions.Loops</c>: lease-and-work loops per dispatcher (the host's default is 2).</summary>
    public int Loops { get; init; } = 2;

    /// <summary><c>DispatcherOptions.Parallelism</c>.</summary>
    public int Parallelism { get; init; } = 16;

    /// <summary><c>DispatcherOptions.BatchSize</c>.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary><c>DispatcherOptions.LeaseDuration</c>, seconds.</summary>
    public int LeaseSeconds { get; init; } = 30;

    /// <summary>The destination channel's <c>MaxBlockTransactions</c>.</summary>
    public int BlockSize { get; init; } = 100;

    /// <summary>The destination channel's <c>BatchTimeout</c> in milliseconds; 0: cut as soon as the previous block is written (fastest).</summary>
    public int BatchTimeoutMs { get; init; }

    /// <summary>The source channel's <c>MaxBlockTransactions</c>.</summary>
    public int SourceBlockSize { get; init; } = 64;

    /// <summary>
    /// The source channel's <c>BatchTimeout</c> in milliseconds (0: cut at once). The source is pre-loaded before anything
    /// is relayed, so this decides how full its blocks are, not how long a relayed message waits.
    /// </summary>
    public int SourceBatchTimeoutMs { get; init; } = 50;

    /// <summary>Operations of each ceiling measurement (crypto uses every stored proof).</summary>
    public int CeilingMessages { get; init; } = 1_000;

    /// <summary>Concurrent submissions while pre-loading the source.</summary>
    public int PreloadConcurrency { get; init; } = 256;

    /// <summary>Npgsql <c>Max Auto Prepare</c> on the relay's connection string (0: the default, statements not prepared).</summary>
    public int AutoPrepare { get; init; }

    /// <summary>Put the simulator's block files on /dev/shm (no disk fsync per block) when it exists.</summary>
    public bool Tmpfs { get; init; } = true;

    public const string Usage =
        """
        relay-load: relays document anchors from one Fabric simulator channel to another through PostgreSQL and the real
        dispatcher, then measures the crypto, database, source and destination ceilings (docs/performance.md).
          --messages N          source facts to relay and measure (default 10000)
          --warmup W            source facts relayed first, not measured (default 2000; 0: none)
          --seconds S           cap on the measured run (default 180)
          --dispatchers D       dispatchers on the outbox (default 1)
          --loops L             DispatcherOptions.Loops, lease-and-work loops per dispatcher (default 2, as the host)
          --parallelism P       DispatcherOptions.Parallelism (default 16)
          --batch B             DispatcherOptions.BatchSize (default 64)
          --lease-seconds L     DispatcherOptions.LeaseDuration (default 30)
          --block-size K        the destination channel's MaxBlockTransactions (default 100)
          --batch-timeout-ms T  the destination channel's BatchTimeout, as Fabric's orderer cuts blocks (default 0: no wait)
          --source-block-size K the source channel's MaxBlockTransactions (default 64)
          --source-batch-timeout-ms T  the source channel's BatchTimeout (default 50; 0: cut at once, about one
                                transaction per block); the source is pre-loaded before anything is relayed, so this
                                decides how full its blocks are, not how long a relayed message waits
          --ceiling-messages M  operations per ceiling (default 1000)
          --preload-concurrency C  concurrent source submissions while pre-loading (default 256)
          --auto-prepare N      Npgsql Max Auto Prepare on the connection string (default 0: off)
          --disk                simulator block files on disk (fsync per block) instead of /dev/shm
        PostgreSQL: a private embedded cluster with fsync off; BRIDGE_TEST_DURABLE=1 keeps fsync on.
        """;

    /// <summary>Parses <c>--name value</c> pairs; null (after printing why) when they are wrong or <c>--help</c> was asked.</summary>
    public static RelayLoadOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new RelayLoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                error.WriteLine(Usage);
                return null;
            }

            if (name == "--disk")
            {
                options = options with { Tmpfs = false };
                continue;
            }

            var zeroAllowed = name is "--warmup" or "--batch-timeout-ms" or "--source-batch-timeout-ms" or "--auto-prepare";
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < (zeroAllowed ? 0 : 1))
            {
                error.WriteLine($"{name} needs a {(zeroAllowed ? "whole number (0 or more)" : "positive whole number")}.{Environment.NewLine}{Usage}");
                return null;
            }

            i++;
            options = name switch
            {
                "--messages" => options with { Messages = value },
                "--warmup" => options with { Warmup = value },
                "--seconds" => options with { Seconds = value },
                "--dispatchers" => options with { Dispatchers = value },
                "--loops" => options with { Loops = value },
                "--parallelism" => options with { Parallelism = value },
                "--batch" => options with { BatchSize = value },
                "--lease-seconds" => options with { LeaseSeconds = value },
                "--block-size" => options with { BlockSize = value },
                "--batch-timeout-ms" => options with { BatchTimeoutMs = value },
                "--source-block-size" => options with { SourceBlockSize = value },
                "--source-batch-timeout-ms" => options with { SourceBatchTimeoutMs = value },
                "--ceiling-messages" => options with { CeilingMessages = value },
                "--preload-concurrency" => options with { PreloadConcurrency = value },
                "--auto-prepare" => options with { AutoPrepare = value },
                _ => null!,
            };
            if (options is null)
            {
                error.WriteLine($"unknown option {name}{Environment.NewLine}{Usage}");
                return null;
            }
        }

        return options;
    }
}
