using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Npgsql;

namespace Bridge.Relay.Persistence;

/// <summary>
/// <see cref="IWatcherStore"/> with one statement per operation: taking or renewing a lease is an upsert whose
/// <c>WHERE</c> only lets it through when the lease is free, expired or the caller's own (a new holder gets the next
/// fencing token); saving a checkpoint is an update guarded by owner, token and expiry.
/// </summary>
internal sealed class WatcherStore : IWatcherStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public WatcherStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    public async Task<WatcherLease?> AcquireAsync(string subscription, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (duration < LeaseRules.MinDuration || duration > LeaseRules.MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 1 s to 1 h.");
        }

        var now = _time.GetMicrosecondNow();
        var until = now + duration;
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO watcher_leases AS w (subscription, owner, lease_expires_at, lease_token, checkpoint, updated_at)
            VALUES ($1, $2, $4, 1, NULL, $3)
            ON CONFLICT (subscription) DO UPDATE
            SET owner = $2,
                lease_expires_at = $4,
                lease_token = CASE WHEN w.owner = $2 AND w.lease_expires_at > $3 THEN w.lease_token ELSE w.lease_token + 1 END,
                updated_at = $3
            WHERE w.owner IS NULL OR w.lease_expires_at IS NULL OR w.lease_expires_at <= $3 OR w.owner = $2
            RETURNING lease_token, checkpoint
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = subscription });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = until });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new WatcherLease(subscription, new Lease(owner, until, reader.GetInt64(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public async Task<bool> SaveCheckpointAsync(string subscription, Lease lease, string checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        var now = _time.GetMicrosecondNow();
        await using var command = _dataSource.CreateCommand(
            "UPDATE watcher_leases SET checkpoint = $4, updated_at = $5 WHERE subscription = $1 AND owner = $2 AND lease_token = $3 AND lease_expires_at > $5");
        command.Parameters.Add(new NpgsqlParameter { Value = subscription });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.Token });
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseAsync(string subscription, Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var command = _dataSource.CreateCommand(
            "UPDATE watcher_leases SET owner = NULL, lease_expires_at = NULL, updated_at = $4 WHERE subscription = $1 AND owner = $2 AND lease_token = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = subscription });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.Token });
        command.Parameters.Add(new NpgsqlParameter { Value = _time.GetMicrosecondNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
