using Bridge.Relay.Persistence.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Bridge.Host.Hosting;

/// <summary>
/// Where the bridge's data lives: the server named by <c>ConnectionStrings:Bridge</c> when configured,
/// otherwise the embedded cluster (<see cref="EmbeddedPostgres"/>) under the working directory.
/// </summary>
internal sealed class BridgeDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _embedded;

    private BridgeDatabase(string connectionString, EmbeddedPostgres? embedded)
    {
        ConnectionString = connectionString;
        _embedded = embedded;
    }

    public string ConnectionString { get; }

    /// <summary>The embedded cluster, when one is used.</summary>
    public EmbeddedPostgres? Embedded => _embedded;

    public string Description => _embedded is null
        ? "external PostgreSQL (ConnectionStrings:Bridge)"
        : $"embedded PostgreSQL on 127.0.0.1:{_embedded.Port} ({_embedded.DataDirectory})";

    public static async Task<BridgeDatabase> OpenAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Bridge");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BridgeDatabase(connectionString, null);
        }

        var options = new EmbeddedPostgresOptions();
        configuration.GetSection("Bridge:Database:Embedded").Bind(options);
        var embedded = new EmbeddedPostgres(options, loggerFactory.CreateLogger<EmbeddedPostgres>());
        try
        {
            await embedded.StartAsync(cancellationToken);
        }
        catch
        {
            await embedded.DisposeAsync();
            throw;
        }

        return new BridgeDatabase(embedded.ConnectionString, embedded);
    }

    public ValueTask DisposeAsync() => _embedded?.DisposeAsync() ?? ValueTask.CompletedTask;
}
