using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Npgsql;
using NpgsqlTypes;

namespace Bridge.Relay.Persistence;

/// <summary>
/// <see cref="IMessageStore"/> with explicit SQL: observing is <c>INSERT … ON CONFLICT (id) DO NOTHING</c>; leasing is one
/// <c>UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)</c> that bumps each lease's fencing token; applying an event locks the
/// row, checks the caller's lease, runs the pure state machine and writes the new state and its transition together.
/// </summary>
internal sealed class MessageStore : IMessageStore
{
    private const string Columns =
        "m.id, l.name, m.kind, m.source_network, m.source_tx_id, m.source_block, m.source_block_hash, m.source_index, m.source_protocol_id, " +
        "m.destination_network, m.payload_digest, m.state, m.failed_from, m.attempts, m.deadline, m.last_error, m.created_at, m.updated_at, " +
        "m.lease_owner, m.lease_expires_at, m.lease_token, m.payload::text";

    /// <summary>How many columns <see cref="Columns"/> selects.</summary>
    private static readonly int ColumnCount = Columns.Split(',').Length;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public MessageStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    public async Task<bool> ObserveAsync(RelayMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await ObserveManyAsync([message], cancellationToken) == 1;
    }

    public async Task<int> ObserveManyAsync(IReadOnlyList<RelayMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var lanes = messages.Select(m => m.Lane).Distinct(StringComparer.Ordinal).ToArray();
        // One round trip, one implicit transaction: a check that every lane exists (a caller's bug otherwise, and then the
        // division by zero rolls the whole batch back), then one insert per message.
        await using var batch = new NpgsqlBatch(connection);
        var check = new NpgsqlBatchCommand("SELECT 1 / (CASE WHEN count(*) = $2 THEN 1 ELSE 0 END) FROM lanes WHERE name = ANY($1)");
        check.Parameters.Add(new NpgsqlParameter { Value = lanes });
        check.Parameters.Add(new NpgsqlParameter { Value = (long)lanes.Length });
        batch.BatchCommands.Add(check);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            batch.BatchCommands.Add(InsertCommand(message));
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            throw new InvalidOperationException($"No lane named {string.Join(" or ", lanes.Select(l => $"'{l}'"))} (one of them is missing): a message is observed on a registered lane.", e);
        }

        var stored = 0;
        for (var i = 1; i < batch.BatchCommands.Count; i++)
        {
            stored += batch.BatchCommands[i].RecordsAffected;
        }

        return stored;
    }

    private static NpgsqlBatchCommand InsertCommand(RelayMessage message)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO relay_messages (id, lane_id, kind, source_network, source_tx_id, source_block, source_block_hash, source_index,
                source_protocol_id, destination_network, payload_digest, state, failed_from, attempts, deadline, last_error, created_at,
                updated_at, due_at, lease_owner, lease_expires_at, lease_token, payload)
            SELECT $1, l.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, 0, $13, NULL, $14, $14, $14, NULL, NULL, 0, $15::jsonb
            FROM lanes l WHERE l.name = $2
            ON CONFLICT (id) DO NOTHING
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = message.Id.Value });
        p.Add(new NpgsqlParameter { Value = message.Lane });
        p.Add(new NpgsqlParameter { Value = message.Kind.ToWireName() });
        p.Add(new NpgsqlParameter { Value = message.Source.Network });
        p.Add(new NpgsqlParameter { Value = message.Source.Tx.Id });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)message.Source.Tx.BlockNumber ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)message.Source.Tx.BlockHash ?? DBNull.Value });
        p.Add(new NpgsqlParameter { Value = (decimal)message.Source.Index });
        p.Add(new NpgsqlParameter { Value = message.Source.ProtocolId });
        p.Add(new NpgsqlParameter { Value = message.DestinationNetwork });
        p.Add(new NpgsqlParameter { Value = message.PayloadDigest });
        p.Add(new NpgsqlParameter { Value = message.State.ToWireName() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)message.Deadline?.ToUniversalTime() ?? DBNull.Value });
        p.Add(new NpgsqlParameter { Value = message.CreatedAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = message.Payload is { } payload ? System.Text.Encoding.UTF8.GetString(payload.ToCanonicalJson()) : DBNull.Value });
        return command;
    }

    public async Task<RelayMessage?> GetAsync(MessageId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, null, id, forUpdate: false, cancellationToken))?.Message;
    }

    public async Task<Bridge.Relay.Registry.Page<RelayMessage>> ListAsync(string? lane, IReadOnlyCollection<Guid>? laneIds, MessageState? state, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        DateTimeOffset? afterUpdated = null;
        string? afterId = null;
        if (cursor is not null)
        {
            var parts = cursor.Split('_', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks) || !MessageId.TryParse(parts[1], out var id))
            {
                throw new FormatException("Not a message list cursor.");
            }

            afterUpdated = new DateTimeOffset(ticks, TimeSpan.Zero);
            afterId = id.Value;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = new List<RelayMessage>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT {Columns} FROM relay_messages m JOIN lanes l ON l.id = m.lane_id
            WHERE ($1::text IS NULL OR l.name = $1) AND ($2::text IS NULL OR m.state = $2)
              AND ($3::timestamptz IS NULL OR (m.updated_at, m.id) < ($3, $4))
              AND ($6::uuid[] IS NULL OR m.lane_id = ANY($6))
            ORDER BY m.updated_at DESC, m.id DESC
            LIMIT $5
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)lane ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)state?.ToWireName() ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)afterUpdated ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)afterId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = laneIds is null ? DBNull.Value : laneIds.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(ReadRow(reader).Message);
            }
        }

        var items = rows.Take(limit).ToList();
        var next = rows.Count > limit ? $"{items[^1].UpdatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}_{items[^1].Id.Value}" : null;
        return new Bridge.Relay.Registry.Page<RelayMessage>(items, next);
    }

    public async Task<IReadOnlyList<LaneStatus>> LaneStatusAsync(CancellationToken cancellationToken)
    {
        var lanes = new Dictionary<string, (long Backlog, DateTimeOffset? Oldest, Dictionary<string, long> Failed)>(StringComparer.Ordinal);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var backlog = new NpgsqlCommand(
            """
            SELECT l.name,
                   count(m.id) FILTER (WHERE m.state NOT IN ('acknowledged', 'refunded', 'cancelled') AND NOT (m.state = 'expired' AND m.kind <> 'title')),
                   min(m.created_at) FILTER (WHERE m.state NOT IN ('acknowledged', 'refunded', 'cancelled') AND NOT (m.state = 'expired' AND m.kind <> 'title'))
            FROM lanes l LEFT JOIN relay_messages m ON m.lane_id = l.id
            GROUP BY l.name
            """, connection))
        await using (var reader = await backlog.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lanes[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), new Dictionary<string, long>(StringComparer.Ordinal));
            }
        }

        await using (var failed = new NpgsqlCommand(
            "SELECT l.name, coalesce(m.last_error->>'code', 'unknown'), count(*) FROM relay_messages m JOIN lanes l ON l.id = m.lane_id WHERE m.state = 'failed' GROUP BY 1, 2",
            connection))
        await using (var reader = await failed.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (lanes.TryGetValue(reader.GetString(0), out var lane))
                {
                    lane.Failed[reader.GetString(1)] = reader.GetInt64(2);
                }
            }
        }

        return [.. lanes.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new LaneStatus(l.Key, l.Value.Backlog, l.Value.Oldest, l.Value.Failed))];
    }

    public async Task<IReadOnlyList<LeasedMessage>> LeaseDueAsync(string owner, int max, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (duration < LeaseRules.MinDuration || duration > LeaseRules.MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 1 s to 1 h.");
        }

        var now = _time.GetMicrosecondNow();
        var until = now + duration;
        // One statement, one round trip: lease the due rows and return them with their lanes' names and histories (the
        // history through the primary key of message_transitions, one index range per leased message).
        var result = new List<LeasedMessage>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            WITH picked AS (
                UPDATE relay_messages m
                SET lease_owner = $1, lease_expires_at = $3, lease_token = m.lease_token + 1
                FROM (SELECT id FROM relay_messages
                      WHERE due_at <= $2 AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
                      ORDER BY due_at, id
                      LIMIT $4
                      FOR UPDATE SKIP LOCKED) due
                WHERE m.id = due.id
                RETURNING m.*)
            SELECT {Columns}, h.from_states, h.to_states, h.ats, h.triggers, h.reasons, h.evidences
            FROM picked m
            JOIN lanes l ON l.id = m.lane_id
            LEFT JOIN LATERAL (
                SELECT array_agg(t.from_state ORDER BY t.seq) AS from_states, array_agg(t.to_state ORDER BY t.seq) AS to_states,
                       array_agg(t.at ORDER BY t.seq) AS ats, array_agg(t.trigger ORDER BY t.seq) AS triggers,
                       array_agg(t.reason ORDER BY t.seq) AS reasons, array_agg(t.evidence ORDER BY t.seq) AS evidences
                FROM message_transitions t WHERE t.message_id = m.id) h ON true
            ORDER BY m.due_at, m.id
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = until });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (message, lease) = ReadRow(reader);
            var history = ReadHistory(reader, ColumnCount, message.Id);
            result.Add(new LeasedMessage(message with { Transitions = history }, new Lease(owner, until, lease?.Token ?? throw Corrupt(message.Id, "lease"))));
        }

        return result;
    }

    public async Task<ApplyOutcome> ApplyAsync(MessageId id, MessageEvent @event, MessageStateMachine machine, Lease? lease, DateTimeOffset? nextDue, CancellationToken cancellationToken, bool keepLease = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(machine);
        var now = _time.GetMicrosecondNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ReadAsync(connection, transaction, id, forUpdate: true, cancellationToken) is not { } stored)
        {
            return new ApplyOutcome.NotFound();
        }

        if (lease is not null && !LeaseRules.MayCommit(stored.Lease, lease.Owner, lease.Token, now))
        {
            return new ApplyOutcome.LeaseLost(stored.Lease);
        }

        switch (machine.Apply(stored.Message, @event, now))
        {
            case TransitionResult.Unchanged unchanged:
                return new ApplyOutcome.Unchanged(unchanged.Message);
            case TransitionResult.Refused refused:
                return new ApplyOutcome.Refused(refused.Code, refused.Reason);
            case TransitionResult.Allowed allowed:
                var message = allowed.Message;
                var release = (nextDue is not null && !(keepLease && lease is not null)) || message.IsTerminal;
                await using (var update = new NpgsqlCommand(
                    """
                    UPDATE relay_messages
                    SET state = $2, failed_from = $3, attempts = $4, last_error = $5::jsonb, updated_at = $6, due_at = $7,
                        lease_owner = CASE WHEN $8 THEN NULL ELSE lease_owner END,
                        lease_expires_at = CASE WHEN $8 THEN NULL ELSE lease_expires_at END
                    WHERE id = $1
                    """, connection, transaction))
                {
                    var p = update.Parameters;
                    p.Add(new NpgsqlParameter { Value = id.Value });
                    p.Add(new NpgsqlParameter { Value = message.State.ToWireName() });
                    p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)message.FailedFrom?.ToWireName() ?? DBNull.Value });
                    p.Add(new NpgsqlParameter { Value = message.Attempts });
                    p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = message.LastError is { } error ? JsonSerializer.Serialize(StoredError.From(error), MessageJson.Default.StoredError) : DBNull.Value });
                    p.Add(new NpgsqlParameter { Value = now });
                    p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = message.IsTerminal ? DBNull.Value : (object?)nextDue?.ToUniversalTime() ?? DBNull.Value });
                    p.Add(new NpgsqlParameter { Value = release });
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }

                var transition = allowed.Transition;
                await using (var insert = new NpgsqlCommand(
                    """
                    INSERT INTO message_transitions (message_id, seq, from_state, to_state, at, trigger, reason, evidence)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, connection, transaction))
                {
                    var p = insert.Parameters;
                    p.Add(new NpgsqlParameter { Value = id.Value });
                    p.Add(new NpgsqlParameter { Value = stored.Message.Transitions.Count + 1 });
                    p.Add(new NpgsqlParameter { Value = transition.From.ToWireName() });
                    p.Add(new NpgsqlParameter { Value = transition.To.ToWireName() });
                    p.Add(new NpgsqlParameter { Value = transition.At.ToUniversalTime() });
                    p.Add(new NpgsqlParameter { Value = transition.Trigger.ToWireName() });
                    p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)transition.Reason ?? DBNull.Value });
                    p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)transition.Evidence ?? DBNull.Value });
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return new ApplyOutcome.Applied(message with { UpdatedAt = now }, transition);
            default:
                throw new InvalidOperationException("Unhandled transition result.");
        }
    }

    public async Task<bool> PostponeAsync(MessageId id, Lease lease, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(lease);
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE relay_messages SET due_at = $4, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = $1 AND lease_owner = $2 AND lease_token = $3 AND lease_expires_at > $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.Token });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)due?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = _time.GetMicrosecondNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SaveProofAsync(MessageId id, Lease lease, string role, ProofEnvelope proof, ProofVerdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(verdict);
        var now = _time.GetMicrosecondNow();
        var proofs = new ChangeColumns();
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        proofs.Add(id, lease, role, proof, verdict, parts);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        if (parts.Count > 0)
        {
            batch.BatchCommands.Add(ChangeColumns.PartsCommand(parts, now));
        }

        var insert = proofs.ProofCommand(now);
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected == 1;
    }

    public async Task<IReadOnlyList<ApplyOutcome>> CommitAsync(IReadOnlyList<MessageChange> changes, MessageStateMachine machine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(machine);
        var outcomes = new ApplyOutcome?[changes.Count];
        if (changes.Count == 0)
        {
            return [];
        }

        var now = _time.GetMicrosecondNow();
        var proofs = new ChangeColumns();
        var moves = new ChangeColumns();
        var postpones = new ChangeColumns();
        var allowed = new Dictionary<string, TransitionResult.Allowed>(StringComparer.Ordinal);
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            ArgumentNullException.ThrowIfNull(change);
            if (!seen.Add(change.Message.Id.Value))
            {
                // The statements match rows by id: two changes of one message in a commit would be read back as one.
                throw new ArgumentException($"Message {change.Message.Id.Value} is changed twice in one commit.", nameof(changes));
            }

            foreach (var proof in change.Proofs)
            {
                proofs.Add(change.Message.Id, change.Lease, proof.Role, proof.Envelope, proof.Verdict, parts);
            }

            if (change.Event is null)
            {
                postpones.Add(change, due: change.Due);
                continue;
            }

            // The events in order on the caller's copy, each at its own time (a message that went several steps in one
            // round); one row update with the last state, one transition row per event.
            var current = change.Message;
            var transitions = new List<MessageTransition>();
            ApplyOutcome? decided = null;
            foreach (var step in change.Events(now))
            {
                switch (machine.Apply(current, step.Event, step.At))
                {
                    case TransitionResult.Unchanged:
                        continue;
                    case TransitionResult.Refused refused:
                        decided = new ApplyOutcome.Refused(refused.Code, refused.Reason);
                        break;
                    case TransitionResult.Allowed result:
                        current = result.Message;
                        transitions.Add(result.Transition);
                        continue;
                    default:
                        throw new InvalidOperationException("Unhandled transition result.");
                }

                break;
            }

            if (decided is not null || transitions.Count == 0)
            {
                outcomes[i] = decided ?? new ApplyOutcome.Unchanged(current);
                continue;
            }

            allowed[change.Message.Id.Value] = new TransitionResult.Allowed(current, transitions[^1]);
            var release = !change.KeepLease || current.IsTerminal;
            moves.Add(change, current.IsTerminal ? null : change.Due, release, current, transitions, change.Message.Transitions.Count + 1);
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            // One round trip: PostgreSQL runs the statements of a batch (one Sync) as one implicit transaction.
            await using var batch = new NpgsqlBatch(connection);
            if (parts.Count > 0)
            {
                batch.BatchCommands.Add(ChangeColumns.PartsCommand(parts, now));
            }

            if (proofs.Count > 0)
            {
                batch.BatchCommands.Add(proofs.ProofCommand(now));
            }

            if (moves.Count > 0)
            {
                batch.BatchCommands.Add(moves.MoveCommand(now));
            }

            if (postpones.Count > 0)
            {
                batch.BatchCommands.Add(postpones.PostponeCommand(now));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    written.Add(reader.GetString(0));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A transition sequence number is taken: the stored history moved on under a caller (nothing was written).
            // Decide every change again, one by one, on the stored state.
            return await CommitOneByOneAsync(changes, machine, cancellationToken);
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (outcomes[i] is not null)
            {
                continue;
            }

            if (change.Event is null)
            {
                outcomes[i] = written.Contains(change.Message.Id.Value) ? new ApplyOutcome.Unchanged(change.Message) : new ApplyOutcome.LeaseLost(null);
            }
            else if (written.Contains(change.Message.Id.Value))
            {
                var result = allowed[change.Message.Id.Value];
                outcomes[i] = new ApplyOutcome.Applied(result.Message with { UpdatedAt = now }, result.Transition);
            }
            else
            {
                // The lease is gone or the stored state is not the caller's: the full check says which.
                outcomes[i] = await ApplyEachAsync(change, machine, cancellationToken);
            }
        }

        return outcomes!;
    }

    /// <summary>
    /// The change's events applied one by one with <see cref="ApplyAsync"/> (each in its own transaction, the lease kept
    /// between them): the slow path, for changes the batched statement could not decide. Stops at the first event that is
    /// not applied and answers its outcome; otherwise the last one's.
    /// </summary>
    private async Task<ApplyOutcome> ApplyEachAsync(MessageChange change, MessageStateMachine machine, CancellationToken cancellationToken)
    {
        ApplyOutcome outcome = new ApplyOutcome.Unchanged(change.Message);
        foreach (var step in change.Earlier)
        {
            outcome = await ApplyAsync(change.Message.Id, step.Event, machine, change.Lease, change.Lease.ExpiresAt, cancellationToken, keepLease: true);
            if (outcome is not (ApplyOutcome.Applied or ApplyOutcome.Unchanged))
            {
                return outcome;
            }
        }

        return change.Event is null ? outcome : await ApplyAsync(change.Message.Id, change.Event, machine, change.Lease, change.Due, cancellationToken, change.KeepLease);
    }

    private async Task<IReadOnlyList<ApplyOutcome>> CommitOneByOneAsync(IReadOnlyList<MessageChange> changes, MessageStateMachine machine, CancellationToken cancellationToken)
    {
        var outcomes = new List<ApplyOutcome>(changes.Count);
        foreach (var change in changes)
        {
            var held = true;
            foreach (var proof in change.Proofs)
            {
                held &= await SaveProofAsync(change.Message.Id, change.Lease, proof.Role, proof.Envelope, proof.Verdict, cancellationToken);
            }

            if (!held)
            {
                outcomes.Add(new ApplyOutcome.LeaseLost(null));
            }
            else if (change.Event is null)
            {
                outcomes.Add(await PostponeAsync(change.Message.Id, change.Lease, change.Due, cancellationToken) ? new ApplyOutcome.Unchanged(change.Message) : new ApplyOutcome.LeaseLost(null));
            }
            else
            {
                var outcome = await ApplyEachAsync(change, machine, cancellationToken);
                if (outcome is ApplyOutcome.Applied { Message.IsTerminal: false } && !change.KeepLease && change.Due is null)
                {
                    await PostponeAsync(change.Message.Id, change.Lease, null, cancellationToken);
                }

                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<StoredProof>> GetProofsAsync(MessageId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = new List<(string Role, string Envelope, string Verdict, DateTimeOffset At)>();
        await using (var command = new NpgsqlCommand(
            "SELECT role, envelope::text, verdict::text, created_at FROM message_proofs WHERE message_id = $1 ORDER BY CASE role WHEN 'source' THEN 0 ELSE 1 END, role", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        var wanted = rows.SelectMany(r => ProofParts.References(r.Envelope)).Distinct(StringComparer.Ordinal).ToArray();
        if (wanted.Length > 0)
        {
            await using var command = new NpgsqlCommand("SELECT digest, body FROM proof_parts WHERE digest = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = wanted });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                parts[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var proofs = new List<StoredProof>(rows.Count);
        foreach (var (role, stored, verdict, at) in rows)
        {
            var envelope = ProofEnvelopeJson.Parse(ProofParts.Join(stored, parts)) is ProofEnvelopeParseResult.Success success
                ? success.Envelope
                : throw Corrupt(id, "proof envelope");
            proofs.Add(new StoredProof(role, envelope, StoredVerdict.Read(verdict), at));
        }

        return proofs;
    }

    private static async Task<(RelayMessage Message, Lease? Lease)?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, MessageId id, bool forUpdate, CancellationToken cancellationToken)
    {
        RelayMessage message;
        Lease? lease;
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM relay_messages m JOIN lanes l ON l.id = m.lane_id WHERE m.id = $1{(forUpdate ? " FOR UPDATE OF m" : string.Empty)}", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (message, lease) = ReadRow(reader);
        }

        var transitions = new List<MessageTransition>();
        await using (var history = new NpgsqlCommand("SELECT from_state, to_state, at, trigger, reason, evidence FROM message_transitions WHERE message_id = $1 ORDER BY seq", connection, transaction))
        {
            history.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            await using var reader = await history.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                transitions.Add(ReadTransition(reader, id));
            }
        }

        return (message with { Transitions = transitions }, lease);
    }

    /// <summary>A transition from a row whose first six columns are <c>from_state, to_state, at, trigger, reason, evidence</c>.</summary>
    /// <summary>The history a row carries as parallel arrays from <paramref name="first"/> on (null arrays: no transitions yet).</summary>
    private static List<MessageTransition> ReadHistory(NpgsqlDataReader reader, int first, MessageId id)
    {
        if (reader.IsDBNull(first))
        {
            return [];
        }

        var from = reader.GetFieldValue<string[]>(first);
        var to = reader.GetFieldValue<string[]>(first + 1);
        var at = reader.GetFieldValue<DateTime[]>(first + 2);
        var trigger = reader.GetFieldValue<string[]>(first + 3);
        var reason = reader.GetFieldValue<string?[]>(first + 4);
        var evidence = reader.GetFieldValue<string?[]>(first + 5);
        var history = new List<MessageTransition>(from.Length);
        for (var i = 0; i < from.Length; i++)
        {
            history.Add(new MessageTransition(
                MessageStates.TryParse(from[i], out var f) ? f : throw Corrupt(id, "transition"),
                MessageStates.TryParse(to[i], out var t) ? t : throw Corrupt(id, "transition"),
                new DateTimeOffset(DateTime.SpecifyKind(at[i], DateTimeKind.Utc)),
                MessageTriggers.TryParse(trigger[i], out var g) ? g : throw Corrupt(id, "trigger"),
                reason[i],
                evidence[i]));
        }

        return history;
    }

    private static MessageTransition ReadTransition(NpgsqlDataReader reader, MessageId id) => new(
        MessageStates.TryParse(reader.GetString(0), out var from) ? from : throw Corrupt(id, "transition"),
        MessageStates.TryParse(reader.GetString(1), out var to) ? to : throw Corrupt(id, "transition"),
        reader.GetFieldValue<DateTimeOffset>(2),
        MessageTriggers.TryParse(reader.GetString(3), out var trigger) ? trigger : throw Corrupt(id, "trigger"),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));

    /// <summary>A message (without its transitions) and its lease from a row of <see cref="Columns"/>.</summary>
    private static (RelayMessage Message, Lease? Lease) ReadRow(NpgsqlDataReader reader)
    {
        var id = MessageId.Parse(reader.GetString(0));
        var message = new RelayMessage(
            id,
            reader.GetString(1),
            MessageKinds.TryParse(reader.GetString(2), out var kind) ? kind : throw Corrupt(id, "kind"),
            new MessageSource(
                reader.GetString(3),
                new TxRef(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6)),
                (ulong)reader.GetDecimal(7),
                reader.GetString(8)),
            reader.GetString(9),
            reader.GetString(10),
            MessageStates.TryParse(reader.GetString(11), out var state) ? state : throw Corrupt(id, "state"),
            reader.IsDBNull(12) ? null : MessageStates.TryParse(reader.GetString(12), out var from) ? from : throw Corrupt(id, "failed_from"),
            reader.GetInt32(13),
            reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            reader.GetFieldValue<DateTimeOffset>(16),
            reader.GetFieldValue<DateTimeOffset>(17),
            reader.IsDBNull(15) ? null : JsonSerializer.Deserialize(reader.GetString(15), MessageJson.Default.StoredError)?.ToError(),
            [])
        {
            Payload = reader.IsDBNull(21) ? null : MessagePayload.TryParse(reader.GetString(21), out var payload) ? payload : throw Corrupt(id, "payload"),
        };
        var lease = reader.IsDBNull(18) ? null : new Lease(reader.GetString(18), reader.GetFieldValue<DateTimeOffset>(19), reader.GetInt64(20));
        return (message, lease);
    }

    private static InvalidOperationException Corrupt(MessageId id, string what) => new($"Message {id.Value} has an unknown {what} in the database.");
}

/// <summary>The jsonb <c>message_proofs.verdict</c>: <c>{valid, code?, reason?, signers?, blockNumber?}</c>.</summary>
internal static class StoredVerdict
{
    public static string Write(ProofVerdict verdict)
    {
        var node = new System.Text.Json.Nodes.JsonObject { ["valid"] = verdict.IsValid };
        switch (verdict)
        {
            case ProofVerdict.Valid valid:
                node["signers"] = new System.Text.Json.Nodes.JsonArray([.. valid.Signers.Select(s => (System.Text.Json.Nodes.JsonNode?)s)]);
                if (valid.BlockNumber is { } block)
                {
                    node["blockNumber"] = block;
                }

                break;
            case ProofVerdict.Invalid invalid:
                node["code"] = invalid.Code;
                node["reason"] = invalid.Reason;
                break;
            case ProofVerdict.NotApplicable notApplicable:
                node["code"] = "not-applicable";
                node["reason"] = notApplicable.Reason;
                break;
        }

        return node.ToJsonString();
    }

    public static ProofVerdict Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("valid").GetBoolean())
        {
            var signers = root.TryGetProperty("signers", out var s) ? s.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            return new ProofVerdict.Valid(signers, root.TryGetProperty("blockNumber", out var b) ? b.GetInt64() : null);
        }

        return new ProofVerdict.Invalid(root.GetProperty("code").GetString()!, root.GetProperty("reason").GetString()!);
    }
}

/// <summary>The jsonb <c>relay_messages.last_error</c>.</summary>
internal sealed record StoredError(string Code, string Detail, bool Retryable, DateTimeOffset At)
{
    public static StoredError From(MessageError error) => new(error.Code, error.Detail, error.Retryable, error.At);

    public MessageError ToError() => new(Code, Detail, Retryable, At);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoredError))]
internal sealed partial class MessageJson : JsonSerializerContext;

/// <summary>The columns of a <see cref="MessageStore.CommitAsync"/> statement, one array per column (sent with <c>unnest</c>).</summary>
internal sealed class ChangeColumns
{
    private readonly List<string> _ids = [];
    private readonly List<string> _owners = [];
    private readonly List<long> _tokens = [];
    private readonly List<string?> _a = [];
    private readonly List<string?> _b = [];
    private readonly List<string?> _c = [];
    private readonly List<string?> _d = [];
    private readonly List<string?> _e = [];
    private readonly List<string?> _f = [];
    private readonly List<string?> _g = [];
    private readonly List<int> _n = [];
    private readonly List<int> _m = [];
    private readonly List<bool> _release = [];
    private readonly List<DateTime?> _due = [];
    private readonly List<int> _seq = [];
    private readonly List<string?> _fromState = [];
    private readonly List<string?> _toState = [];
    private readonly List<DateTime> _at = [];
    private readonly List<bool> _update = [];

    public int Count => _ids.Count;

    private void Key(MessageChange change) => Key(change.Message.Id, change.Lease);

    private void Key(MessageId id, Lease lease)
    {
        _ids.Add(id.Value);
        _owners.Add(lease.Owner);
        _tokens.Add(lease.Token);
    }

    /// <summary>A proof row (its long strings split off into <paramref name="parts"/>, <see cref="ProofParts"/>).</summary>
    public void Add(MessageId id, Lease lease, string role, ProofEnvelope envelope, ProofVerdict verdict, Dictionary<string, string> parts)
    {
        Key(id, lease);
        var (json, split) = ProofParts.Split(envelope);
        foreach (var (digest, body) in split)
        {
            parts[digest] = body;
        }

        _a.Add(role);
        _b.Add(envelope.Kind.ToWireName());
        _c.Add(json);
        _d.Add(StoredVerdict.Write(verdict));
    }

    /// <summary>Stores proof parts not stored yet (content-addressed: a part already there is the same text).</summary>
    public static NpgsqlBatchCommand PartsCommand(Dictionary<string, string> parts, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand("INSERT INTO proof_parts (digest, body, created_at) SELECT d, b, $3 FROM unnest($1::text[], $2::text[]) AS p(d, b) ON CONFLICT (digest) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = parts.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = parts.Values.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return command;
    }

    /// <summary>A postponement row.</summary>
    public void Add(MessageChange change, DateTimeOffset? due)
    {
        Key(change);
        _due.Add(due?.UtcDateTime);
    }

    /// <summary>A transition row: the expected stored state and attempts, the new row values and the transition.</summary>
    /// <summary>
    /// The rows of a change that moves its message: one per transition (from sequence number <paramref name="seq"/> on),
    /// each with the fence (the stored state and attempts the caller read) and the message's values after the last one; the
    /// last row is the one that updates the message.
    /// </summary>
    public void Add(MessageChange change, DateTimeOffset? due, bool release, RelayMessage message, IReadOnlyList<MessageTransition> transitions, int seq)
    {
        var lastError = message.LastError is { } error ? JsonSerializer.Serialize(StoredError.From(error), MessageJson.Default.StoredError) : null;
        for (var k = 0; k < transitions.Count; k++)
        {
            var transition = transitions[k];
            Key(change);
            _due.Add(due?.UtcDateTime);
            _release.Add(release);
            _n.Add(change.Message.Attempts);
            _m.Add(message.Attempts);
            _a.Add(change.Message.State.ToWireName());
            _b.Add(message.State.ToWireName());
            _c.Add(message.FailedFrom?.ToWireName());
            _d.Add(lastError);
            _e.Add(transition.Trigger.ToWireName());
            _f.Add(transition.Reason);
            _g.Add(transition.Evidence);
            _seq.Add(seq + k);
            _fromState.Add(transition.From.ToWireName());
            _toState.Add(transition.To.ToWireName());
            _at.Add(transition.At.UtcDateTime);
            _update.Add(k == transitions.Count - 1);
        }
    }

    public NpgsqlBatchCommand ProofCommand(DateTimeOffset now) => Command(
        """
        INSERT INTO message_proofs (message_id, role, kind, envelope, verdict, created_at)
        SELECT m.id, i.role, i.kind, i.envelope::jsonb, i.verdict::jsonb, $1
        FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[]) AS i(id, owner, token, role, kind, envelope, verdict)
        JOIN relay_messages m ON m.id = i.id AND m.lease_owner = i.owner AND m.lease_token = i.token AND m.lease_expires_at > $1
        ON CONFLICT (message_id, role) DO UPDATE SET kind = EXCLUDED.kind, envelope = EXCLUDED.envelope, verdict = EXCLUDED.verdict, created_at = EXCLUDED.created_at
        """,
        now,
        _a,
        _b,
        _c,
        _d);

    public NpgsqlBatchCommand MoveCommand(DateTimeOffset now)
    {
        var command = Command(
            """
            WITH i AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                                     $12::int[], $13::int[], $14::bool[], $15::timestamptz[], $16::int[], $17::text[], $18::text[], $19::timestamptz[], $20::bool[])
                    AS t(id, owner, token, from_state, to_state, failed_from, last_error, trigger, reason, evidence, from_attempts, attempts, release, due_at, seq,
                         t_from, t_to, at, last)),
            moved AS (
                UPDATE relay_messages m
                SET state = i.to_state, failed_from = i.failed_from, attempts = i.attempts, last_error = i.last_error::jsonb, updated_at = $1,
                    due_at = i.due_at,
                    lease_owner = CASE WHEN i.release THEN NULL ELSE m.lease_owner END,
                    lease_expires_at = CASE WHEN i.release THEN NULL ELSE m.lease_expires_at END
                FROM i
                WHERE i.last AND m.id = i.id AND m.lease_owner = i.owner AND m.lease_token = i.token AND m.lease_expires_at > $1
                  AND m.state = i.from_state AND m.attempts = i.from_attempts
                RETURNING m.id)
            INSERT INTO message_transitions (message_id, seq, from_state, to_state, at, trigger, reason, evidence)
            SELECT i.id, i.seq, i.t_from, i.t_to, i.at, i.trigger, i.reason, i.evidence FROM i JOIN moved ON moved.id = i.id
            RETURNING message_id
            """,
            now,
            _a,
            _b,
            _c,
            _d,
            _e,
            _f,
            _g);
        command.Parameters.Add(new NpgsqlParameter { Value = _n.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _m.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _release.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = _due.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _seq.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = _fromState.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = _toState.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = _at.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _update.ToArray() });
        return command;
    }

    public NpgsqlBatchCommand PostponeCommand(DateTimeOffset now)
    {
        var command = Command(
            """
            UPDATE relay_messages m SET due_at = i.due_at, lease_owner = NULL, lease_expires_at = NULL
            FROM unnest($2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS i(id, owner, token, due_at)
            WHERE m.id = i.id AND m.lease_owner = i.owner AND m.lease_token = i.token AND m.lease_expires_at > $1
            RETURNING m.id
            """,
            now);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = _due.ToArray() });
        return command;
    }

    private NpgsqlBatchCommand Command(string sql, DateTimeOffset now, params List<string?>[] texts)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = _ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _owners.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _tokens.ToArray() });
        foreach (var column in texts)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = column.ToArray() });
        }

        return command;
    }
}
