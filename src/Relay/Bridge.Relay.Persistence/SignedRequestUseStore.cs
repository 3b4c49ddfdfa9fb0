using Bridge.Relay.Access;
using Bridge.Relay.Messages;
using Npgsql;

namespace Bridge.Relay.Persistence;

/// <summary><see cref="ISignedRequestUses"/> on <c>signed_request_uses</c> (Schema/0012): one round trip per request.</summary>
internal sealed class SignedRequestUseStore : ISignedRequestUses
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public SignedRequestUseStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    public async Task<bool> TryUseAsync(string digest, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(digest);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        // Uses whose window closed are forgotten first (a replay of them fails the timestamp check anyway), so an expired
        // row never makes a fresh request look used.
        var forget = new NpgsqlBatchCommand("DELETE FROM signed_request_uses WHERE expires_at <= $1");
        forget.Parameters.Add(new NpgsqlParameter { Value = _time.GetMicrosecondNow() });
        var use = new NpgsqlBatchCommand("INSERT INTO signed_request_uses (digest, expires_at) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING");
        use.Parameters.Add(new NpgsqlParameter { Value = digest });
        use.Parameters.Add(new NpgsqlParameter { Value = expiresAt.ToUniversalTime() });
        batch.BatchCommands.Add(forget);
        batch.BatchCommands.Add(use);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return use.RecordsAffected == 1;
    }
}
