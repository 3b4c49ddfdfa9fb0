using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Bridge.Host.Observability;

/// <summary>
/// The classic Prometheus process gauges, read from <see cref="Process"/> and <c>/proc</c> at
/// scrape time. Names follow the "Process metrics" list of the Prometheus guide for client
/// libraries (https://prometheus.io/docs/instrumenting/writing_clientlibs/#process-metrics):
/// <c>process_cpu_seconds_total</c>, <c>process_open_fds</c>, <c>process_max_fds</c>,
/// <c>process_virtual_memory_bytes</c>, <c>process_resident_memory_bytes</c>,
/// <c>process_start_time_seconds</c>, <c>process_threads</c>.
/// </summary>
/// <remarks>Not thread-safe; the collector calls it under its scrape lock.</remarks>
internal sealed class ProcessMetricsReader : IDisposable
{
    private const string ProcFdDirectory = "/proc/self/fd";
    private const string ProcLimitsFile = "/proc/self/limits";

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly double? _startTimeSeconds;

    public ProcessMetricsReader()
    {
        try
        {
            var startUtc = _process.StartTime.ToUniversalTime();
            _startTimeSeconds = new DateTimeOffset(startUtc, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0;
        }
        catch (Exception ex) when (IsPlatformFailure(ex))
        {
            _startTimeSeconds = null;
        }
    }

    /// <summary>Adds the process families (a value that cannot be read is left out).</summary>
    public void Export(SortedDictionary<string, MetricFamilyBuilder> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        _process.Refresh();

        Add(families, "process_cpu_seconds_total", "counter",
            "Total user and system CPU time used by the process, in seconds.",
            Read(() => _process.TotalProcessorTime.TotalSeconds));
        Add(families, "process_resident_memory_bytes", "gauge",
            "Resident set size (working set) of the process, in bytes.",
            Read(() => _process.WorkingSet64));
        Add(families, "process_virtual_memory_bytes", "gauge",
            "Virtual memory size of the process, in bytes.",
            Read(() => _process.VirtualMemorySize64));
        Add(families, "process_start_time_seconds", "gauge",
            "Time the process started, in seconds since the Unix epoch.",
            _startTimeSeconds);
        Add(families, "process_threads", "gauge",
            "Number of operating-system threads in the process.",
            Read(() => _process.Threads.Count));
        Add(families, "process_open_fds", "gauge",
            "Number of open file descriptors (handles on Windows).",
            Read(CountOpenFileDescriptors));
        Add(families, "process_max_fds", "gauge",
            "Maximum number of open file descriptors (soft limit).",
            Read(ReadMaxFileDescriptors));
    }

    public void Dispose() => _process.Dispose();

    private double? CountOpenFileDescriptors()
    {
        if (Directory.Exists(ProcFdDirectory))
        {
            // The enumeration's own directory handle is counted too; that is what other
            // exporters report as well and it is off by one at most.
            return Directory.EnumerateFileSystemEntries(ProcFdDirectory).Count();
        }

        return OperatingSystem.IsWindows() ? _process.HandleCount : null;
    }

    private static double? ReadMaxFileDescriptors()
    {
        if (!File.Exists(ProcLimitsFile))
        {
            return null;
        }

        // Line shape: "Max open files            1048576              1048576              files"
        foreach (var line in File.ReadLines(ProcLimitsFile))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var soft))
            {
                return soft;
            }

            return fields.Length > 0 && fields[0] == "unlimited" ? double.PositiveInfinity : null;
        }

        return null;
    }

    private static double? Read(Func<double?> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (IsPlatformFailure(ex))
        {
            return null;
        }
    }

    private static bool IsPlatformFailure(Exception ex) =>
        ex is InvalidOperationException or NotSupportedException or UnauthorizedAccessException or IOException or Win32Exception;

    private static void Add(SortedDictionary<string, MetricFamilyBuilder> families, string name, string type, string help, double? value)
    {
        if (value is null || families.ContainsKey(name))
        {
            // Left out when unreadable, or when an instrument already exported this name.
            return;
        }

        var family = new MetricFamilyBuilder(name, type, help);
        family.TryAddSeries(string.Empty);
        family.AppendSample(string.Empty, string.Empty, null, value.Value);
        families.Add(name, family);
    }
}
