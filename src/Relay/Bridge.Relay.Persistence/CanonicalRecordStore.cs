using System.Globalization;
using System.Text;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Model;
using Bridge.Relay.Messages;
using Bridge.Relay.Records;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Bridge.Relay.Persistence;

/// <summary>
/// Stores canonical records with explicit SQL in one transaction per batch. Idempotency comes from the database:
/// <c>INSERT ... ON CONFLICT (id) DO NOTHING</c>, then the existing row is locked (<c>FOR UPDATE</c>) and compared,
/// so two identical requests racing each other both succeed and store one row. Rows are locked in id order
/// (documents, then events) so that two batches never wait on each other in a cycle.
/// </summary>
internal sealed class CanonicalRecordStore : ICanonicalRecordStore, IInboundDeliveryStore
{
    private const string DocumentKind = RecordKinds.Document;
    private const string EventKind = RecordKinds.Event;

    // A participant is a party of a document when one of its registered identifiers (scheme lei/scac/gln/bic/eori,
    // lower case in the registry) equals a party key of the document (scheme upper case, value upper case).
    private const string IsPartySql =
        """
        EXISTS (SELECT 1 FROM document_party_keys k
                JOIN participant_identifiers i ON upper(i.scheme) = k.scheme AND upper(i.value) = k.value
                JOIN participants p ON p.id = i.participant_id
                WHERE k.document_id = d.id AND p.name = @participant)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly BridgeDbContext _db;
    private readonly TimeProvider _time;

    public CanonicalRecordStore(NpgsqlDataSource dataSource, BridgeDbContext db, TimeProvider time)
    {
        _dataSource = dataSource;
        _db = db;
        _time = time;
    }

    public async Task<StoreOutcome> StoreAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            return await StoreInTransactionAsync(batch, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UntranslatableCharacter)
        {
            // jsonb refuses U+0000 in strings (PostgreSQL docs, "JSON Types"); the transaction has rolled back.
            return new StoreOutcome.Unstorable("a text contains the character U+0000, which the database cannot store");
        }
    }

    private async Task<StoreOutcome> StoreInTransactionAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        var now = _time.GetMicrosecondNow();
        var items = new StoredRecord[batch.Documents.Count + batch.Events.Count];
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var writer = new Writer(connection, transaction, batch.CreatedByKeyId, now, cancellationToken);

        foreach (var (document, index) in batch.Documents.Select((d, i) => (d, i)).OrderBy(x => x.d.Id))
        {
            var result = await writer.StoreDocumentAsync(document);
            if (result is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new StoreOutcome.Conflict(RecordKind.Document, document.Id,
                    $"document {document.Id} ({document.Document.DocType} {document.Document.DocumentNumber}) is already stored with other content; " +
                    "send it with a higher 'version' to supersede it");
            }

            items[index] = result;
        }

        foreach (var (logisticsEvent, index) in batch.Events.Select((e, i) => (e, i)).OrderBy(x => x.e.Id))
        {
            var result = await writer.StoreEventAsync(logisticsEvent);
            if (result is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new StoreOutcome.Conflict(RecordKind.Event, logisticsEvent.Id,
                    $"event {logisticsEvent.Id} ({logisticsEvent.NaturalKey}) is already stored with other content; " +
                    "an update must carry a later 'updatedDateTime' to supersede it");
            }

            items[batch.Documents.Count + index] = result;
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Stored(items);
    }

    public async Task<IReadOnlyList<DeliveryOutcome>> StoreDeliveriesAsync(IReadOnlyList<InboundDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return [];
        }

        if (deliveries.Count == 1)
        {
            return [await StoreOneDeliveryAsync(deliveries[0], cancellationToken)];
        }

        IReadOnlyList<DeliveryOutcome>? together;
        try
        {
            together = await StoreDeliveriesInTransactionAsync(deliveries, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UntranslatableCharacter)
        {
            together = null; // rolled back; the one-by-one pass below finds which delivery it was
        }

        if (together is not null)
        {
            return together;
        }

        // One delivery of the group cannot be stored: the group rolled back; store each on its own so the others land.
        var outcomes = new DeliveryOutcome[deliveries.Count];
        for (var i = 0; i < deliveries.Count; i++)
        {
            outcomes[i] = await StoreOneDeliveryAsync(deliveries[i], cancellationToken);
        }

        return outcomes;
    }

    public async Task<int> ForgetDeliveriesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM webhook_deliveries WHERE received_at < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<DeliveryOutcome> StoreOneDeliveryAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            return (await StoreDeliveriesInTransactionAsync([delivery], cancellationToken, explain: true))![0];
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UntranslatableCharacter)
        {
            return new DeliveryOutcome.Unstorable("a text contains the character U+0000, which the database cannot store");
        }
    }

    /// <summary>
    /// The deliveries in one transaction: their ids first (<c>ON CONFLICT DO NOTHING</c>, so an id seen before, or twice in
    /// the group, is a replay and its events are skipped), then the events of the new ones in id order. Null when an event
    /// conflicts or cannot be stored (everything rolled back), unless <paramref name="explain"/> asks for the outcome.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryOutcome>?> StoreDeliveriesInTransactionAsync(IReadOnlyList<InboundDelivery> deliveries, CancellationToken cancellationToken, bool explain = false)
    {
        var now = _time.GetMicrosecondNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = new HashSet<(string, string)>();
        var identified = deliveries.Where(d => d.DeliveryId is not null).ToList();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO webhook_deliveries (network, delivery_id, received_at, event_count)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::integer[])
            ON CONFLICT DO NOTHING
            RETURNING network, delivery_id
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = identified.Select(d => d.Network).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = identified.Select(d => d.DeliveryId!).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = identified.Select(d => d.ReceivedAt.ToUniversalTime()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = identified.Select(d => d.Events.Count).ToArray() });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // Only the first delivery with a newly recorded id is new; a second copy in the same group is a replay. A polled
        // page (no id) is always new: its events' deterministic ids de-duplicate it against what webhooks stored.
        var isNew = deliveries.Select(d => d.DeliveryId is null || claimed.Remove((d.Network, d.DeliveryId))).ToArray();
        var writer = new Writer(connection, transaction, keyId: null, now, cancellationToken);
        var events = deliveries
            .SelectMany((d, index) => isNew[index] ? d.Events.Select((e, position) => (Event: e, Delivery: index, Position: position)) : [])
            .OrderBy(x => x.Event.Id)
            .ToList();
        var stored = deliveries.Select(d => new StoredRecord[d.Events.Count]).ToArray();
        var results = await writer.StoreEventsAsync([.. events.Select(e => e.Event)]);
        for (var i = 0; i < events.Count; i++)
        {
            var (mapped, delivery, position) = events[i];
            if (results[i] is not { } result)
            {
                await transaction.RollbackAsync(cancellationToken);
                return explain
                    ? [new DeliveryOutcome.Conflict(mapped.Id, $"event {mapped.Id} ({mapped.NaturalKey}) is already stored with other content and this one does not supersede it (an update needs a later updatedDateTime)")]
                    : null;
            }

            stored[delivery][position] = result;
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. deliveries.Select((_, index) => isNew[index] ? new DeliveryOutcome.Stored(stored[index]) : (DeliveryOutcome)new DeliveryOutcome.Replayed())];
    }

    public async Task<StoredDocument?> GetDocumentAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await _db.CanonicalDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null
            ? null
            : new StoredDocument(row.Id, row.DocType, row.DocumentNumber, row.ContentSha256, row.CommitmentRoot, row.CommitmentSecret, row.Version, row.Body, row.ReceivedAt);
    }

    public async Task<bool> IsDocumentPartyAsync(Guid documentId, string participantName, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {IsPartySql} FROM canonical_documents d WHERE d.id = @id");
        command.Parameters.AddWithValue("id", documentId);
        command.Parameters.AddWithValue("participant", participantName);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<TimelinePage> GetTimelineAsync(TimelineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Documents, events and the title facts of the documents the viewer may see (a title id is its bill of lading's
        // document id), in one keyset order. A title fact's id is derived from its key (network, protocol id).
        var sql =
            $"""
            {TimelineDocumentsSql},
            entries AS (
                SELECT 'event' AS kind, e.id, e.event_time AS at, e.event_time_offset_minutes AS offset_minutes, e.received_at,
                       e.content_sha256, NULL::text AS commitment_root, TRUE AS visible, NULL::text AS doc_type, NULL::text AS document_number,
                       e.category, e.classifier, e.type_code, e.location_unlocode, e.location_name, e.equipment_reference,
                       e.is_retracted, e.version, (e.body -> 'provenance')::text AS provenance,
                       CASE WHEN e.created_by_key IS NULL AND e.body -> 'provenance' -> 'anchor' IS NOT NULL
                            THEN '{TimelineVerdicts.VerifiedAtIngest}' ELSE '{TimelineVerdicts.Submitted}' END AS verdict,
                       NULL::text AS network, NULL::text AS protocol_id, NULL::text AS title_id, NULL::text AS tx_id, NULL::bigint AS block,
                       NULL::text AS event, NULL::text AS state, NULL::text AS holder, NULL::text AS beneficiary, NULL::text AS message_id,
                       NULL::text AS source_system, NULL::text AS contract, NULL::text AS payload_sha256,
                       FALSE AS relayed, NULL::text AS proof_kind, NULL::text AS proof_verdict
                FROM logistics_events e JOIN refs r ON r.record_kind = 'event' AND r.record_id = e.id
                UNION ALL
                SELECT 'document', d.id, coalesce(d.issue_date::timestamp AT TIME ZONE 'UTC', d.received_at), 0, d.received_at,
                       d.content_sha256, d.commitment_root, d.visible, d.doc_type, d.document_number,
                       NULL, NULL, NULL, NULL, NULL, NULL,
                       FALSE, d.version, (d.body -> 'provenance')::text, '{TimelineVerdicts.Submitted}',
                       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, FALSE, NULL, NULL
                FROM docs d
                UNION ALL
                SELECT 'title', md5(f.network || '/' || f.protocol_id)::uuid, f.observed_at, 0, f.observed_at,
                       f.payload_sha256, NULL, TRUE, NULL, NULL,
                       NULL, NULL, NULL, NULL, NULL, NULL,
                       FALSE, 1, NULL, NULL,
                       {TitleFactStore.Columns},
                       m.id IS NOT NULL, p.kind, p.verdict::text
                FROM title_facts f JOIN docs d ON d.visible AND f.title_id = d.id::text
                LEFT JOIN relay_messages m ON m.id = f.message_id
                LEFT JOIN message_proofs p ON p.message_id = m.id AND p.role = 'source'
            )
            SELECT kind, id, at, offset_minutes, received_at, content_sha256, commitment_root, visible, doc_type, document_number,
                   category, classifier, type_code, location_unlocode, location_name, equipment_reference, is_retracted, version, provenance,
                   verdict, network, protocol_id, title_id, tx_id, block, event, state, holder, beneficiary, message_id, source_system,
                   contract, payload_sha256, relayed, proof_kind, proof_verdict
            FROM entries
            WHERE @after_at::timestamptz IS NULL OR (at, received_at, id) > (@after_at, @after_received, @after_id)
            ORDER BY at, received_at, id
            LIMIT @limit
            """;
        var entries = new List<TimelineEntry>(query.Limit + 1);
        await using (var command = TimelineCommand(sql, query))
        {
            command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlDbType.TimestampTz) { Value = query.After is { } a ? a.At : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("after_received", NpgsqlDbType.TimestampTz) { Value = query.After is { } b ? b.ReceivedAt : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Uuid) { Value = query.After is { } c ? c.Id : DBNull.Value });
            command.Parameters.AddWithValue("limit", query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(ReadTimelineEntry(reader));
            }
        }

        string? next = null;
        if (entries.Count > query.Limit)
        {
            entries.RemoveAt(entries.Count - 1);
            next = TimelineCursor.From(entries[^1]).Encode();
        }

        // The conflicts are about every fact of the titles, not only those on this page.
        var facts = new List<TitleFact>();
        await using (var command = TimelineCommand(
            $"""
            {TimelineDocumentsSql}
            SELECT {TitleFactStore.Columns}
            FROM title_facts f JOIN docs d ON d.visible AND f.title_id = d.id::text
            """, query))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                facts.Add(TitleFactStore.Read(reader, 0));
            }
        }

        return new TimelinePage(entries, next, entries.Count > 0 || query.After is not null, TitleConflicts.Find(TitleStanding.Fold(facts)));
    }

    /// <summary>The records that reference the query's reference (<c>refs</c>) and its documents with their visibility (<c>docs</c>).</summary>
    private const string TimelineDocumentsSql =
        $"""
        WITH refs AS (
            SELECT DISTINCT record_kind, record_id FROM record_references
            WHERE ref_value = @ref AND (@type::text IS NULL OR ref_type = @type)
        ), docs AS (
            SELECT d.*, (@all OR {IsPartySql}) AS visible
            FROM canonical_documents d JOIN refs r ON r.record_kind = 'document' AND r.record_id = d.id
        )
        """;

    private NpgsqlCommand TimelineCommand(string sql, TimelineQuery query)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("ref", query.Reference);
        command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = query.Kind is { } k ? RecordIndex.ReferenceType(k) : DBNull.Value });
        command.Parameters.AddWithValue("all", query.Viewer.SeesAllDocuments);
        command.Parameters.Add(new NpgsqlParameter("participant", NpgsqlDbType.Text) { Value = (object?)query.Viewer.ParticipantName ?? DBNull.Value });
        return command;
    }

    private static TimelineEntry ReadTimelineEntry(NpgsqlDataReader reader)
    {
        var kind = reader.GetString(0) switch
        {
            DocumentKind => TimelineEntryKind.Document,
            EventKind => TimelineEntryKind.Event,
            _ => TimelineEntryKind.Title,
        };
        var at = reader.GetFieldValue<DateTimeOffset>(2).ToOffset(TimeSpan.FromMinutes(reader.GetInt32(3)));
        var visible = reader.GetBoolean(7);
        TitleFact? title = null;
        TimelineVerdict verdict;
        if (kind == TimelineEntryKind.Title)
        {
            title = TitleFactStore.Read(reader, 20);
            verdict = TitleVerdict(title, relayed: reader.GetBoolean(33), proofKind: Text(reader, 34), proofVerdict: Text(reader, 35));
        }
        else
        {
            verdict = new TimelineVerdict(reader.GetString(19));
        }

        return new TimelineEntry(
            kind,
            reader.GetGuid(1),
            at,
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetString(5),
            Text(reader, 6),
            visible,
            Text(reader, 8),
            visible ? Text(reader, 9) : null,
            Text(reader, 10),
            Text(reader, 11),
            Text(reader, 12),
            Text(reader, 13),
            Text(reader, 14),
            Text(reader, 15),
            reader.GetBoolean(16),
            reader.GetInt32(17),
            Text(reader, 18) ?? "null",
            verdict,
            title);
    }

    /// <summary>
    /// A title fact's verdict: an arrival delivered by a relay message carries the relay's verdict on that message's source
    /// proof; anything else was only observed by the relay's watcher.
    /// </summary>
    private static TimelineVerdict TitleVerdict(TitleFact fact, bool relayed, string? proofKind, string? proofVerdict)
    {
        if (!relayed || fact.MessageId is not { } messageId)
        {
            return new TimelineVerdict(TimelineVerdicts.Observed);
        }

        if (proofVerdict is null)
        {
            return new TimelineVerdict(TimelineVerdicts.Unproven, messageId);
        }

        var verdict = StoredVerdict.Read(proofVerdict);
        return new TimelineVerdict(verdict.IsValid ? TimelineVerdicts.Proven : TimelineVerdicts.ProofInvalid, messageId, proofKind, verdict);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// Whether a document's own version is higher than the stored one: dot-separated non-negative integers
    /// compared part by part ("2" &gt; "1", "1.10" &gt; "1.9"). A version where there was none is higher; anything
    /// that does not parse is not comparable and so not higher.
    /// </summary>
    internal static bool IsHigherVersion(string? candidate, string? stored)
    {
        if (!TryParseVersion(candidate, out var next))
        {
            return false;
        }

        if (stored is null)
        {
            return true;
        }

        if (!TryParseVersion(stored, out var previous))
        {
            return false;
        }

        for (var i = 0; i < Math.Max(next.Length, previous.Length); i++)
        {
            var a = i < next.Length ? next[i] : 0;
            var b = i < previous.Length ? previous[i] : 0;
            if (a != b)
            {
                return a > b;
            }
        }

        return false;
    }

    private static bool TryParseVersion(string? text, out ulong[] parts)
    {
        parts = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var pieces = text.Trim().Split('.');
        var values = new ulong[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (!ulong.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        parts = values;
        return true;
    }

    /// <summary>An event update supersedes the stored event only when its source update time is later.</summary>
    internal static bool IsLater(DateTimeOffset? candidate, DateTimeOffset? stored) =>
        candidate is { } next && (stored is not { } previous || next > previous);

    /// <summary>The SQL of one batch, on one connection and transaction.</summary>
    private sealed class Writer
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private readonly string? _keyId;
        private readonly DateTimeOffset _now;
        private readonly CancellationToken _cancellationToken;

        public Writer(NpgsqlConnection connection, NpgsqlTransaction transaction, string? keyId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            _connection = connection;
            _transaction = transaction;
            _keyId = keyId;
            _now = now;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The stored record, or null for a conflict.</summary>
        public async Task<StoredRecord?> StoreDocumentAsync(MappedDocument mapped)
        {
            var document = mapped.Document;
            var provenance = Provenance(document.Provenance);
            var body = Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(document));
            var (root, secret) = DocumentCommitments.Commit(document);

            await using (var insert = Command(
                """
                INSERT INTO canonical_documents (id, natural_key, doc_type, document_number, document_version, issue_date, content_sha256,
                    commitment_root, commitment_secret, body, source_system, source_id, raw_sha256, received_at, version, created_at, updated_at, created_by_key)
                VALUES (@id, @natural_key, @doc_type, @document_number, @document_version, @issue_date, @content_sha256,
                    @commitment_root, @commitment_secret, @body, @source_system, @source_id, @raw_sha256, @received_at, 1, @now, @now, @key)
                ON CONFLICT (id) DO NOTHING
                """))
            {
                AddDocumentParameters(insert, mapped, body, root, secret, provenance);
                insert.Parameters.AddWithValue("natural_key", mapped.NaturalKey);
                insert.Parameters.Add(Nullable("key", _keyId));
                if (await insert.ExecuteNonQueryAsync(_cancellationToken) == 1)
                {
                    await WriteDocumentIndexAsync(mapped.Id, document);
                    return Item(mapped, root, created: true, superseded: false, version: 1);
                }
            }

            string storedHash;
            string storedRoot;
            int storedVersion;
            string? storedDocumentVersion;
            await using (var select = Command("SELECT content_sha256, commitment_root, version, document_version FROM canonical_documents WHERE id = @id FOR UPDATE"))
            {
                select.Parameters.AddWithValue("id", mapped.Id);
                await using var reader = await select.ExecuteReaderAsync(_cancellationToken);
                await reader.ReadAsync(_cancellationToken);
                storedHash = reader.GetString(0);
                storedRoot = reader.GetString(1);
                storedVersion = reader.GetInt32(2);
                storedDocumentVersion = reader.IsDBNull(3) ? null : reader.GetString(3);
            }

            if (storedHash == mapped.ContentSha256)
            {
                return Item(mapped, storedRoot, created: false, superseded: false, version: storedVersion);
            }

            if (!IsHigherVersion(document.Version, storedDocumentVersion))
            {
                return null;
            }

            await KeepVersionAsync(DocumentKind, mapped.Id, storedVersion, storedHash);
            await using (var update = Command(
                """
                UPDATE canonical_documents SET doc_type = @doc_type, document_number = @document_number, document_version = @document_version,
                    issue_date = @issue_date, content_sha256 = @content_sha256, commitment_root = @commitment_root, commitment_secret = @commitment_secret,
                    body = @body, source_system = @source_system, source_id = @source_id, raw_sha256 = @raw_sha256, received_at = @received_at,
                    version = version + 1, updated_at = @now
                WHERE id = @id
                """))
            {
                AddDocumentParameters(update, mapped, body, root, secret, provenance);
                await update.ExecuteNonQueryAsync(_cancellationToken);
            }

            await DeleteIndexAsync(DocumentKind, mapped.Id);
            await WriteDocumentIndexAsync(mapped.Id, document);
            return Item(mapped, root, created: false, superseded: true, version: storedVersion + 1);
        }

        /// <summary>
        /// Stores many events with two statements: one multi-row insert (<c>ON CONFLICT (id) DO NOTHING RETURNING id</c>)
        /// and one insert of the new rows' references. An event whose id is already stored (or repeats in the list) takes
        /// <see cref="StoreEventAsync"/>'s compare path. One result per event, in order; null marks a conflict.
        /// </summary>
        public async Task<StoredRecord?[]> StoreEventsAsync(IReadOnlyList<MappedEvent> events)
        {
            var results = new StoredRecord?[events.Count];
            if (events.Count == 0)
            {
                return results;
            }

            var inserted = new HashSet<Guid>();
            await using (var insert = Command(
                """
                INSERT INTO logistics_events (id, natural_key, category, classifier, type_code, event_time, event_time_offset_minutes, updated_time,
                    location_unlocode, location_name, equipment_reference, content_sha256, body, source_system, source_event_id, raw_sha256, received_at,
                    version, is_retracted, created_at, updated_at, created_by_key)
                SELECT id, natural_key, category, classifier, type_code, event_time, event_time_offset_minutes, updated_time,
                    location_unlocode, location_name, equipment_reference, content_sha256, body::jsonb, source_system, source_event_id, raw_sha256, received_at,
                    1, is_retracted, @now, @now, @key
                FROM unnest(@ids, @natural_keys, @categories, @classifiers, @type_codes, @event_times, @offsets, @updated_times,
                    @unlocodes, @location_names, @equipments, @hashes, @bodies, @source_systems, @source_event_ids, @raw_hashes, @received_ats, @retracted)
                    AS e(id, natural_key, category, classifier, type_code, event_time, event_time_offset_minutes, updated_time,
                    location_unlocode, location_name, equipment_reference, content_sha256, body, source_system, source_event_id, raw_sha256, received_at, is_retracted)
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """))
            {
                var locations = events.Select(m => m.Event.Location ?? m.Event.TransportCall?.Location).ToArray();
                var provenances = events.Select(m => Provenance(m.Event.Provenance)).ToArray();
                insert.Parameters.AddWithValue("ids", events.Select(m => m.Id).ToArray());
                insert.Parameters.AddWithValue("natural_keys", events.Select(m => m.NaturalKey).ToArray());
                insert.Parameters.AddWithValue("categories", events.Select(m => m.Event.Category).ToArray());
                insert.Parameters.AddWithValue("classifiers", events.Select(m => m.Event.Classifier).ToArray());
                insert.Parameters.AddWithValue("type_codes", events.Select(m => m.Event.TypeCode).ToArray());
                insert.Parameters.Add(new NpgsqlParameter("event_times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = events.Select(m => m.Event.EventDateTime.UtcDateTime).ToArray() });
                insert.Parameters.AddWithValue("offsets", events.Select(m => (int)m.Event.EventDateTime.Offset.TotalMinutes).ToArray());
                insert.Parameters.Add(new NpgsqlParameter("updated_times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = events.Select(m => m.Event.UpdatedDateTime?.UtcDateTime).ToArray() });
                insert.Parameters.Add(TextArray("unlocodes", locations.Select(l => l?.UnLocode)));
                insert.Parameters.Add(TextArray("location_names", locations.Select(l => l?.Name)));
                insert.Parameters.Add(TextArray("equipments", events.Select(m => m.Event.Equipment?.EquipmentReference)));
                insert.Parameters.AddWithValue("hashes", events.Select(m => m.ContentSha256).ToArray());
                insert.Parameters.AddWithValue("bodies", events.Select(m => Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(m.Event))).ToArray());
                insert.Parameters.AddWithValue("source_systems", provenances.Select(p => p.SourceSystem).ToArray());
                insert.Parameters.Add(TextArray("source_event_ids", events.Select(m => m.Event.SourceEventId)));
                insert.Parameters.AddWithValue("raw_hashes", provenances.Select(p => p.RawSha256).ToArray());
                insert.Parameters.Add(new NpgsqlParameter("received_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = provenances.Select(p => p.ReceivedAt.UtcDateTime).ToArray() });
                insert.Parameters.AddWithValue("retracted", events.Select(m => m.Event.IsRetracted).ToArray());
                insert.Parameters.AddWithValue("now", _now);
                insert.Parameters.Add(Nullable("key", _keyId));
                await using var reader = await insert.ExecuteReaderAsync(_cancellationToken);
                while (await reader.ReadAsync(_cancellationToken))
                {
                    inserted.Add(reader.GetGuid(0));
                }
            }

            var kinds = new List<string>();
            var ids = new List<Guid>();
            var types = new List<string>();
            var values = new List<string>();
            var pending = new List<int>();
            for (var i = 0; i < events.Count; i++)
            {
                var mapped = events[i];
                if (!inserted.Remove(mapped.Id))
                {
                    pending.Add(i);
                    continue;
                }

                foreach (var reference in RecordIndex.References(mapped.Event))
                {
                    kinds.Add(EventKind);
                    ids.Add(mapped.Id);
                    types.Add(reference.Type);
                    values.Add(reference.Value);
                }

                results[i] = Item(mapped, created: true, superseded: false, version: 1);
            }

            if (ids.Count > 0)
            {
                await using var references = Command(
                    "INSERT INTO record_references (record_kind, record_id, ref_type, ref_value) SELECT * FROM unnest(@kinds, @ids, @types, @values)");
                references.Parameters.AddWithValue("kinds", kinds.ToArray());
                references.Parameters.AddWithValue("ids", ids.ToArray());
                references.Parameters.AddWithValue("types", types.ToArray());
                references.Parameters.AddWithValue("values", values.ToArray());
                await references.ExecuteNonQueryAsync(_cancellationToken);
            }

            foreach (var i in pending)
            {
                results[i] = await StoreEventAsync(events[i]);
                if (results[i] is null)
                {
                    break;
                }
            }

            return results;
        }

        private static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
            new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

        /// <summary>The stored record, or null for a conflict.</summary>
        public async Task<StoredRecord?> StoreEventAsync(MappedEvent mapped)
        {
            var logisticsEvent = mapped.Event;
            var provenance = Provenance(logisticsEvent.Provenance);
            var body = Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(logisticsEvent));

            await using (var insert = Command(
                """
                INSERT INTO logistics_events (id, natural_key, category, classifier, type_code, event_time, event_time_offset_minutes, updated_time,
                    location_unlocode, location_name, equipment_reference, content_sha256, body, source_system, source_event_id, raw_sha256, received_at,
                    version, is_retracted, created_at, updated_at, created_by_key)
                VALUES (@id, @natural_key, @category, @classifier, @type_code, @event_time, @offset, @updated_time,
                    @unlocode, @location_name, @equipment, @content_sha256, @body, @source_system, @source_event_id, @raw_sha256, @received_at,
                    1, @retracted, @now, @now, @key)
                ON CONFLICT (id) DO NOTHING
                """))
            {
                AddEventParameters(insert, mapped, body, provenance);
                insert.Parameters.AddWithValue("natural_key", mapped.NaturalKey);
                insert.Parameters.Add(Nullable("key", _keyId));
                if (await insert.ExecuteNonQueryAsync(_cancellationToken) == 1)
                {
                    await WriteReferencesAsync(EventKind, mapped.Id, RecordIndex.References(logisticsEvent));
                    return Item(mapped, created: true, superseded: false, version: 1);
                }
            }

            string storedHash;
            int storedVersion;
            DateTimeOffset? storedUpdated;
            await using (var select = Command("SELECT content_sha256, version, updated_time FROM logistics_events WHERE id = @id FOR UPDATE"))
            {
                select.Parameters.AddWithValue("id", mapped.Id);
                await using var reader = await select.ExecuteReaderAsync(_cancellationToken);
                await reader.ReadAsync(_cancellationToken);
                storedHash = reader.GetString(0);
                storedVersion = reader.GetInt32(1);
                storedUpdated = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
            }

            if (storedHash == mapped.ContentSha256)
            {
                return Item(mapped, created: false, superseded: false, version: storedVersion);
            }

            if (!IsLater(logisticsEvent.UpdatedDateTime, storedUpdated))
            {
                return null;
            }

            await KeepVersionAsync(EventKind, mapped.Id, storedVersion, storedHash);
            await using (var update = Command(
                """
                UPDATE logistics_events SET category = @category, classifier = @classifier, type_code = @type_code, event_time = @event_time,
                    event_time_offset_minutes = @offset, updated_time = @updated_time, location_unlocode = @unlocode, location_name = @location_name,
                    equipment_reference = @equipment, content_sha256 = @content_sha256, body = @body, source_system = @source_system,
                    source_event_id = @source_event_id, raw_sha256 = @raw_sha256, received_at = @received_at, version = version + 1,
                    is_retracted = @retracted, updated_at = @now
                WHERE id = @id
                """))
            {
                AddEventParameters(update, mapped, body, provenance);
                await update.ExecuteNonQueryAsync(_cancellationToken);
            }

            await DeleteIndexAsync(EventKind, mapped.Id);
            await WriteReferencesAsync(EventKind, mapped.Id, RecordIndex.References(logisticsEvent));
            return Item(mapped, created: false, superseded: true, version: storedVersion + 1);
        }

        private void AddDocumentParameters(NpgsqlCommand command, MappedDocument mapped, string body, string root, byte[] secret, Provenance provenance)
        {
            var document = mapped.Document;
            command.Parameters.AddWithValue("id", mapped.Id);
            command.Parameters.AddWithValue("doc_type", document.DocType);
            command.Parameters.AddWithValue("document_number", document.DocumentNumber);
            command.Parameters.Add(Nullable("document_version", document.Version));
            command.Parameters.Add(new NpgsqlParameter("issue_date", NpgsqlDbType.Date) { Value = document.IssueDate is { } d ? d : DBNull.Value });
            command.Parameters.AddWithValue("content_sha256", mapped.ContentSha256);
            command.Parameters.AddWithValue("commitment_root", root);
            command.Parameters.AddWithValue("commitment_secret", secret);
            command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = body });
            AddProvenanceParameters(command, provenance);
            command.Parameters.Add(Nullable("source_id", provenance.SourceId));
        }

        private void AddEventParameters(NpgsqlCommand command, MappedEvent mapped, string body, Provenance provenance)
        {
            var e = mapped.Event;
            var location = e.Location ?? e.TransportCall?.Location;
            command.Parameters.AddWithValue("id", mapped.Id);
            command.Parameters.AddWithValue("category", e.Category);
            command.Parameters.AddWithValue("classifier", e.Classifier);
            command.Parameters.AddWithValue("type_code", e.TypeCode);
            command.Parameters.AddWithValue("event_time", e.EventDateTime.ToUniversalTime());
            command.Parameters.AddWithValue("offset", (int)e.EventDateTime.Offset.TotalMinutes);
            command.Parameters.Add(new NpgsqlParameter("updated_time", NpgsqlDbType.TimestampTz) { Value = e.UpdatedDateTime is { } u ? u.ToUniversalTime() : DBNull.Value });
            command.Parameters.Add(Nullable("unlocode", location?.UnLocode));
            command.Parameters.Add(Nullable("location_name", location?.Name));
            command.Parameters.Add(Nullable("equipment", e.Equipment?.EquipmentReference));
            command.Parameters.AddWithValue("content_sha256", mapped.ContentSha256);
            command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = body });
            AddProvenanceParameters(command, provenance);
            command.Parameters.Add(Nullable("source_event_id", e.SourceEventId));
            command.Parameters.AddWithValue("retracted", e.IsRetracted);
        }

        private void AddProvenanceParameters(NpgsqlCommand command, Provenance provenance)
        {
            command.Parameters.AddWithValue("source_system", provenance.SourceSystem);
            command.Parameters.AddWithValue("raw_sha256", provenance.RawSha256);
            command.Parameters.AddWithValue("received_at", provenance.ReceivedAt.ToUniversalTime());
            command.Parameters.AddWithValue("now", _now);
        }

        private async Task KeepVersionAsync(string kind, Guid id, int version, string contentSha256)
        {
            await using var command = Command(
                "INSERT INTO record_versions (record_kind, record_id, version, content_sha256, superseded_at) VALUES (@kind, @id, @version, @hash, @now)");
            command.Parameters.AddWithValue("kind", kind);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("version", version);
            command.Parameters.AddWithValue("hash", contentSha256);
            command.Parameters.AddWithValue("now", _now);
            await command.ExecuteNonQueryAsync(_cancellationToken);
        }

        private async Task DeleteIndexAsync(string kind, Guid id)
        {
            await using var command = Command(
                kind == DocumentKind
                    ? "DELETE FROM record_references WHERE record_kind = @kind AND record_id = @id; DELETE FROM document_party_keys WHERE document_id = @id"
                    : "DELETE FROM record_references WHERE record_kind = @kind AND record_id = @id");
            command.Parameters.AddWithValue("kind", kind);
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync(_cancellationToken);
        }

        private async Task WriteDocumentIndexAsync(Guid id, TradeDocument document)
        {
            await WriteReferencesAsync(DocumentKind, id, RecordIndex.References(document));
            var keys = RecordIndex.PartyKeys(document);
            if (keys.Count == 0)
            {
                return;
            }

            await using var command = Command(
                "INSERT INTO document_party_keys (document_id, scheme, value) SELECT @id, s, v FROM unnest(@schemes, @values) AS t(s, v)");
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("schemes", keys.Select(k => k.Scheme).ToArray());
            command.Parameters.AddWithValue("values", keys.Select(k => k.Value).ToArray());
            await command.ExecuteNonQueryAsync(_cancellationToken);
        }

        private async Task WriteReferencesAsync(string kind, Guid id, IReadOnlyList<RecordReference> references)
        {
            if (references.Count == 0)
            {
                return;
            }

            await using var command = Command(
                "INSERT INTO record_references (record_kind, record_id, ref_type, ref_value) SELECT @kind, @id, t, v FROM unnest(@types, @values) AS r(t, v)");
            command.Parameters.AddWithValue("kind", kind);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("types", references.Select(r => r.Type).ToArray());
            command.Parameters.AddWithValue("values", references.Select(r => r.Value).ToArray());
            await command.ExecuteNonQueryAsync(_cancellationToken);
        }

        private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

        private static NpgsqlParameter Nullable(string name, string? value) =>
            new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

        private static Provenance Provenance(Provenance? provenance) =>
            provenance ?? throw new InvalidOperationException("The pipeline gives every canonical record a provenance.");

        private static StoredRecord Item(MappedDocument mapped, string root, bool created, bool superseded, int version) =>
            new(RecordKind.Document, mapped.Id, mapped.ContentSha256, root, created, superseded, version,
                DocType: mapped.Document.DocType, DocumentNumber: mapped.Document.DocumentNumber);

        private static StoredRecord Item(MappedEvent mapped, bool created, bool superseded, int version) =>
            new(RecordKind.Event, mapped.Id, mapped.ContentSha256, null, created, superseded, version,
                Category: mapped.Event.Category, TypeCode: mapped.Event.TypeCode);
    }
}
