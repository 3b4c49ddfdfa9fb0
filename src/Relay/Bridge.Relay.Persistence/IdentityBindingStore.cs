using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;
using Npgsql;
using NpgsqlTypes;

namespace Bridge.Relay.Persistence;

/// <summary>
/// <see cref="IIdentityBindingStore"/> with SQL: a binding and its identities are written in one transaction that first
/// takes an advisory lock per identity key (sorted, so two bindings never wait on each other in a cycle) and refuses an
/// identity that an active binding of another participant already names.
/// </summary>
internal sealed class IdentityBindingStore : IIdentityBindingStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public IdentityBindingStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    public async Task<RegistryResult<StoredIdentityBinding>> StoreAsync(IdentityBindingDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = _time.GetMicrosecondNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid participantId;
        await using (var participant = new NpgsqlCommand("SELECT id FROM participants WHERE name = $1", connection, transaction))
        {
            participant.Parameters.Add(new NpgsqlParameter { Value = draft.Participant });
            if (await participant.ExecuteScalarAsync(cancellationToken) is not Guid id)
            {
                return new RegistryResult<StoredIdentityBinding>.NotFound(draft.Participant);
            }

            participantId = id;
        }

        if (await FindAsync(connection, transaction, "b.digest = $1", draft.Digest, cancellationToken) is { } existing)
        {
            return existing.Participant == draft.Participant
                ? new RegistryResult<StoredIdentityBinding>.Ok(new StoredIdentityBinding(existing, Created: false))
                : new RegistryResult<StoredIdentityBinding>.Conflict("/statement", "this statement is bound to another participant");
        }

        foreach (var key in draft.Identities.Select(i => i.Key).Order(StringComparer.Ordinal))
        {
            await using var lockKey = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))", connection, transaction);
            lockKey.Parameters.Add(new NpgsqlParameter { Value = key });
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }

        for (var i = 0; i < draft.Identities.Count; i++)
        {
            await using var taken = new NpgsqlCommand(
                """
                SELECT p.name FROM bound_identities i
                JOIN identity_bindings b ON b.id = i.binding_id JOIN participants p ON p.id = b.participant_id
                WHERE i.identity_key = $1 AND b.revoked_at IS NULL AND b.expires_at > $2 AND p.name <> $3
                LIMIT 1
                """, connection, transaction);
            taken.Parameters.Add(new NpgsqlParameter { Value = draft.Identities[i].Key });
            taken.Parameters.Add(new NpgsqlParameter { Value = now });
            taken.Parameters.Add(new NpgsqlParameter { Value = draft.Participant });
            if (await taken.ExecuteScalarAsync(cancellationToken) is string other)
            {
                return new RegistryResult<StoredIdentityBinding>.Conflict($"/statement/identities/{i}", $"this identity is bound to participant '{other}'; that binding must be revoked or expire first");
            }
        }

        var bindingId = Guid.CreateVersion7(now);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO identity_bindings (id, participant_id, digest, statement, issued_at, expires_at, revoked_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
            connection,
            transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = bindingId });
            insert.Parameters.Add(new NpgsqlParameter { Value = participantId });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.Digest });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = draft.Statement });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.IssuedAt.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.ExpiresAt.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var identities = new NpgsqlCommand(
            "INSERT INTO bound_identities (binding_id, identity_key, kind, network, signer) SELECT $1, k, t, n, s FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(k, t, n, s)",
            connection,
            transaction))
        {
            identities.Parameters.Add(new NpgsqlParameter { Value = bindingId });
            identities.Parameters.Add(new NpgsqlParameter { Value = draft.Identities.Select(i => i.Key).ToArray() });
            identities.Parameters.Add(new NpgsqlParameter { Value = draft.Identities.Select(i => i.Kind.ToWireName()).ToArray() });
            identities.Parameters.Add(new NpgsqlParameter { Value = draft.Identities.Select(i => i.Network).ToArray() });
            identities.Parameters.Add(new NpgsqlParameter { Value = draft.Identities.Select(i => i.Signer).ToArray() });
            await identities.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RegistryResult<StoredIdentityBinding>.Ok(new StoredIdentityBinding(new IdentityBinding(bindingId, draft.Participant, draft.Digest, draft.Identities, draft.IssuedAt, draft.ExpiresAt, null, now, draft.Statement), Created: true));
    }

    public async Task<IReadOnlyList<IdentityBinding>> ListAsync(string participant, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ListWhereAsync(connection, null, "p.name = $1", participant, cancellationToken);
    }

    public async Task<RegistryResult<IdentityBinding>> RevokeAsync(string participant, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var revoke = new NpgsqlCommand(
            "UPDATE identity_bindings b SET revoked_at = coalesce(b.revoked_at, $3) FROM participants p WHERE p.id = b.participant_id AND p.name = $1 AND b.id = $2",
            connection))
        {
            revoke.Parameters.Add(new NpgsqlParameter { Value = participant });
            revoke.Parameters.Add(new NpgsqlParameter { Value = id });
            revoke.Parameters.Add(new NpgsqlParameter { Value = _time.GetMicrosecondNow() });
            if (await revoke.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return new RegistryResult<IdentityBinding>.NotFound(id.ToString());
            }
        }

        return new RegistryResult<IdentityBinding>.Ok((await FindAsync(connection, null, "b.id = $1", id, cancellationToken))!);
    }

    public async Task<IdentityBinding?> ActiveBindingOfAsync(string identityKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return (await ListWhereAsync(connection, null, "b.id IN (SELECT binding_id FROM bound_identities WHERE identity_key = $1)", identityKey, cancellationToken))
            .FirstOrDefault(b => b.IsActive(now));
    }

    public async Task<string?> ParticipantOfAsync(string identityKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT p.name FROM bound_identities i
            JOIN identity_bindings b ON b.id = i.binding_id JOIN participants p ON p.id = b.participant_id
            WHERE i.identity_key = $1 AND b.revoked_at IS NULL AND b.expires_at > $2
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = identityKey });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IdentityBinding?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, "b.id = $1", id, cancellationToken);
    }

    public async Task<RegistryResult<IdentityBinding>> SaveAnchorsAsync(Guid id, IReadOnlyList<BindingAnchor> anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var binding = new NpgsqlCommand("SELECT revoked_at IS NULL AND expires_at > $2 FROM identity_bindings WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            // FOR UPDATE: a revocation waits for this transaction (or this one for it), so anchors are never stored for a
            // binding that was revoked while its ledgers were being written.
            binding.Parameters.Add(new NpgsqlParameter { Value = id });
            binding.Parameters.Add(new NpgsqlParameter { Value = _time.GetMicrosecondNow() });
            switch (await binding.ExecuteScalarAsync(cancellationToken))
            {
                case null:
                    return new RegistryResult<IdentityBinding>.NotFound(id.ToString());
                case false:
                    return new RegistryResult<IdentityBinding>.Conflict("/id", $"binding {id} was revoked or expired; nothing was stored");
            }
        }

        foreach (var anchor in anchors)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO binding_anchors (binding_id, network, tx_id, block, block_hash, proof, verdict, anchored_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (binding_id, network) DO NOTHING
                """,
                connection,
                transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = anchor.Network });
            insert.Parameters.Add(new NpgsqlParameter { Value = anchor.TxId });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)anchor.BlockNumber ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)anchor.BlockHash ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = Encoding.UTF8.GetString(ProofEnvelopeJson.Serialize(anchor.Proof)) });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = StoredVerdict.Write(anchor.Verdict) });
            insert.Parameters.Add(new NpgsqlParameter { Value = anchor.AnchoredAt.ToUniversalTime() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RegistryResult<IdentityBinding>.Ok((await FindAsync(connection, null, "b.id = $1", id, cancellationToken))!);
    }

    public async Task<IReadOnlyList<string>> BoundSignersAsync(string network, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT DISTINCT i.signer FROM bound_identities i JOIN identity_bindings b ON b.id = i.binding_id
            WHERE i.network = $1 AND b.revoked_at IS NULL AND b.expires_at > $2
            ORDER BY i.signer
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = network });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        var signers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            signers.Add(reader.GetString(0));
        }

        return signers;
    }

    private static async Task<IdentityBinding?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object value, CancellationToken cancellationToken) =>
        (await ListWhereAsync(connection, transaction, where, value, cancellationToken)).FirstOrDefault();

    private static async Task<List<IdentityBinding>> ListWhereAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object value, CancellationToken cancellationToken)
    {
        var bindings = new List<(Guid Id, string Participant, string Digest, string Statement, DateTimeOffset Issued, DateTimeOffset Expires, DateTimeOffset? Revoked, DateTimeOffset Created)>();
        await using (var select = new NpgsqlCommand(
            $"SELECT b.id, p.name, b.digest, b.statement::text, b.issued_at, b.expires_at, b.revoked_at, b.created_at FROM identity_bindings b JOIN participants p ON p.id = b.participant_id WHERE {where} ORDER BY b.created_at, b.id",
            connection,
            transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = value });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                bindings.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)));
            }
        }

        var result = new List<IdentityBinding>();
        foreach (var b in bindings)
        {
            var identities = new List<BindingIdentity>();
            await using var select = new NpgsqlCommand("SELECT identity_key, kind, network, signer FROM bound_identities WHERE binding_id = $1 ORDER BY identity_key", connection, transaction);
            select.Parameters.Add(new NpgsqlParameter { Value = b.Id });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                identities.Add(new BindingIdentity(NetworkKinds.TryParse(reader.GetString(1), out var kind) ? kind : throw new InvalidOperationException("unknown identity kind in the database"), reader.GetString(0), reader.GetString(2), reader.GetString(3)));
            }

            await reader.DisposeAsync();
            result.Add(new IdentityBinding(b.Id, b.Participant, b.Digest, identities, b.Issued, b.Expires, b.Revoked, b.Created, b.Statement)
            {
                Anchors = await AnchorsAsync(connection, transaction, b.Id, cancellationToken),
            });
        }

        return result;
    }

    private static async Task<List<BindingAnchor>> AnchorsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid bindingId, CancellationToken cancellationToken)
    {
        var anchors = new List<BindingAnchor>();
        await using var select = new NpgsqlCommand(
            "SELECT network, tx_id, block, block_hash, proof::text, verdict::text, anchored_at FROM binding_anchors WHERE binding_id = $1 ORDER BY anchored_at, network",
            connection,
            transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = bindingId });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var proof = ProofEnvelopeJson.Parse(Encoding.UTF8.GetBytes(reader.GetString(4))) is ProofEnvelopeParseResult.Success parsed
                ? parsed.Envelope
                : throw new InvalidOperationException($"binding {bindingId}'s anchor on {reader.GetString(0)} holds an unreadable proof");
            anchors.Add(new BindingAnchor(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                proof,
                StoredVerdict.Read(reader.GetString(5)),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return anchors;
    }
}
