using System.Diagnostics;
using System.Globalization;

namespace Bridge.Relay.Persistence.Embedded;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string MissingMessage =
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found. " +
        "Install the Debian package 'postgresql' (sudo apt-get install -y postgresql), " +
        "or set Bridge:Database:Embedded:BinDirectory to the folder that holds them, " +
        "or configure ConnectionStrings:Bridge to use an external PostgreSQL server.";

    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// The configured folder when given; otherwise <c>pg_config --bindir</c>, then the newest
    /// /usr/lib/postgresql/&lt;version&gt;/bin (the Debian layout).
    /// </summary>
    public static PostgresBinaries Locate(string? configured, string searchRoot = "/usr/lib/postgresql")
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasAll(configured)
                ? new PostgresBinaries(Path.GetFullPath(configured))
                : throw new EmbeddedPostgresException(
                    $"Bridge:Database:Embedded:BinDirectory '{configured}' does not contain initdb, pg_ctl and postgres. " + MissingMessage);
        }

        var fromPgConfig = FromPgConfig();
        if (fromPgConfig is not null && HasAll(fromPgConfig))
        {
            return new PostgresBinaries(fromPgConfig);
        }

        if (Directory.Exists(searchRoot))
        {
            var newest = Directory.GetDirectories(searchRoot)
                .Select(d => (dir: Path.Combine(d, "bin"), version: ParseVersion(Path.GetFileName(d))))
                .Where(x => x.version > 0 && HasAll(x.dir))
                .OrderByDescending(x => x.version)
                .Select(x => x.dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return new PostgresBinaries(newest);
            }
        }

        throw new EmbeddedPostgresException(MissingMessage);
    }

    private static bool HasAll(string dir) => Required.All(p => File.Exists(Path.Combine(dir, p)));

    private static double ParseVersion(string name) =>
        double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static string? FromPgConfig()
    {
        try
        {
            var psi = new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }

            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return p.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not installed
        }
    }
}
