using System.Globalization;

namespace Bridge.Relay.Persistence.Embedded;

/// <summary>
/// Which process runs the cluster: its PID and its start time in clock ticks since boot (field 22 of
/// /proc/&lt;pid&gt;/stat, proc(5)), so that a PID reused by another program is not mistaken for the owner.
/// </summary>
internal sealed record OwnerRecord(int Pid, long StartTicks)
{
    private const string FileName = "owner";

    public static void WriteCurrent(string root)
    {
        var pid = Environment.ProcessId;
        File.WriteAllText(Path.Combine(root, FileName), $"{pid} {StartTicksOf(pid)}");
    }

    public static OwnerRecord? TryRead(string root)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(root, FileName)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2
                   && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? new OwnerRecord(pid, ticks)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public bool IsAlive() => StartTicksOf(Pid) is { } ticks && ticks == StartTicks;

    internal static long? StartTicksOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
