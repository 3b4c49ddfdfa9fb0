namespace Bridge.Relay.Persistence.Embedded;

/// <summary>
/// Settings for the private PostgreSQL cluster the bridge runs when no connection string is configured
/// (configuration section <c>Bridge:Database:Embedded</c>).
/// </summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>Folder that holds the cluster (relative paths are resolved against the working directory).</summary>
    public string DataDirectory { get; set; } = "bridge-data/postgres";

    /// <summary>Folder with initdb, pg_ctl and postgres; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Loopback port; 0 picks a free one at every start.</summary>
    public int Port { get; set; }

    /// <summary>
    /// PostgreSQL refuses to run as root; when the bridge runs as root the server runs as this
    /// system user (created by the Debian <c>postgresql</c> package).
    /// </summary>
    public string ServiceUser { get; set; } = "postgres";

    /// <summary>
    /// Durable clusters keep fsync on (the product default). Tests turn it off for speed.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// Start a small watchdog process that stops the cluster when this process dies without shutting
    /// down (kill -9, a crashed test run), so that no postgres process is left behind.
    /// </summary>
    public bool StopWhenOwnerDies { get; set; } = true;

    /// <summary>Database the bridge uses inside the cluster.</summary>
    public string Database { get; set; } = "bridge";

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
