using Bridge.Relay.Messages;
using Bridge.Relay.Records;
using Npgsql;
using NpgsqlTypes;

namespace Bridge.Relay.Persistence;

/// <summary>
/// <see cref="ITitleFactStore"/> with explicit SQL: one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING</c> per
/// batch (a fact already stored, or twice in the batch, is skipped), <c>observed_at</c> the database-precision now.
/// </summary>
internal sealed class TitleFactStore : ITitleFactStore
{
    /// <summary>The columns <see cref="Read"/> reads, in order, from a <c>title_facts</c> alias <c>f</c>.</summary>
    internal const string Columns =
        "f.network, f.protocol_id, f.title_id, f.tx_id, f.block, f.event, f.state, f.holder, f.beneficiary, f.message_id, f.source_system, f.contract, f.payload_sha256";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public TitleFactStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    public async Task<int> RecordAsync(IReadOnlyList<TitleFact> facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Count == 0)
        {
            return 0;
        }

        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO title_facts (network, protocol_id, title_id, tx_id, block, event, state, holder, beneficiary, message_id,
                source_system, contract, payload_sha256, observed_at)
            SELECT n, p, t, x, b, e, s, h, bf, m, ss, c, ps, $14
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[], $11::text[], $12::text[], $13::text[]) AS u(n, p, t, x, b, e, s, h, bf, m, ss, c, ps)
            ON CONFLICT (network, protocol_id) DO NOTHING
            """);
        var p = command.Parameters;
        p.Add(Texts(facts.Select(f => f.Network)));
        p.Add(Texts(facts.Select(f => f.ProtocolId)));
        p.Add(Texts(facts.Select(f => f.TitleId)));
        p.Add(Texts(facts.Select(f => f.TxId)));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = facts.Select(f => (object?)f.Block ?? DBNull.Value).ToArray() });
        p.Add(Texts(facts.Select(f => f.Event)));
        p.Add(Texts(facts.Select(f => f.State.ToWireName())));
        p.Add(Texts(facts.Select(f => f.Holder)));
        p.Add(Texts(facts.Select(f => f.Beneficiary)));
        p.Add(Texts(facts.Select(f => f.MessageId)));
        p.Add(Texts(facts.Select(f => f.SourceSystem)));
        p.Add(Texts(facts.Select(f => f.Contract)));
        p.Add(Texts(facts.Select(f => f.PayloadSha256)));
        p.Add(new NpgsqlParameter { Value = _time.GetMicrosecondNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TitleStanding>> LatestAsync(string titleId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(titleId);
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM title_facts f WHERE f.title_id = $1 ORDER BY f.network, f.protocol_id COLLATE \"C\"");
        command.Parameters.Add(new NpgsqlParameter { Value = titleId });
        var facts = new List<TitleFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(Read(reader, 0));
        }

        return TitleStanding.Fold(facts);
    }

    /// <summary>A fact from <see cref="Columns"/> starting at <paramref name="first"/>.</summary>
    internal static TitleFact Read(NpgsqlDataReader reader, int first)
    {
        string? Text(int i) => reader.IsDBNull(first + i) ? null : reader.GetString(first + i);
        if (!LedgerTitleStates.TryParse(reader.GetString(first + 6), out var state))
        {
            throw new InvalidOperationException($"Title fact {reader.GetString(first)}/{reader.GetString(first + 1)} has an unknown state in the database.");
        }

        return new TitleFact(
            reader.GetString(first),
            reader.GetString(first + 1),
            reader.GetString(first + 2),
            reader.GetString(first + 3),
            reader.IsDBNull(first + 4) ? null : reader.GetInt64(first + 4),
            reader.GetString(first + 5),
            state,
            Text(7),
            Text(8),
            Text(9),
            reader.GetString(first + 10),
            Text(11),
            reader.GetString(first + 12));
    }

    private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };
}
