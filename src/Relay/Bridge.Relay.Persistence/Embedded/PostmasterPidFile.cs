using System.Globalization;

namespace Bridge.Relay.Persistence.Embedded;

/// <summary>
/// The lock file PostgreSQL writes into its data directory. Layout (PostgreSQL source,
/// src/include/utils/pidfile.h): line 1 postmaster PID, 2 data directory, 3 start time,
/// 4 port, 5 first socket directory, 6 first listen address, 7 shared memory key, 8 status.
/// </summary>
internal sealed record PostmasterPidFile(int Pid, int Port, string Status)
{
    public const string FileName = "postmaster.pid";

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (lines.Length < 4
            || !int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            // A half-written or corrupt lock file: treat as stale (pid 0 is never alive).
            return new PostmasterPidFile(0, 0, "corrupt");
        }

        return new PostmasterPidFile(pid, port, lines.Length >= 8 ? lines[7].Trim() : string.Empty);
    }

    /// <summary>
    /// True when the PID belongs to a live postgres process. A PID from a crashed run may since have been
    /// reused by an unrelated program, so the process name is checked, not only its existence.
    /// </summary>
    public bool IsLivePostgres()
    {
        if (Pid <= 0)
        {
            return false;
        }

        try
        {
            var comm = File.ReadAllText($"/proc/{Pid}/comm").Trim();
            return comm is "postgres" or "postmaster";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
