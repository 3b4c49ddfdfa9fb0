using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Bridge.Relay.Persistence;

/// <summary>The bridge's EF Core model on PostgreSQL. Names are snake_case, matching Schema/*.sql.</summary>
public sealed class BridgeDbContext : DbContext
{
    public BridgeDbContext(DbContextOptions<BridgeDbContext> options)
        : base(options)
    {
    }

    internal DbSet<NetworkRow> Networks => Set<NetworkRow>();

    internal DbSet<ParticipantRow> Participants => Set<ParticipantRow>();

    internal DbSet<ParticipantIdentifierRow> ParticipantIdentifiers => Set<ParticipantIdentifierRow>();

    internal DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();

    internal DbSet<CanonicalDocumentRow> CanonicalDocuments => Set<CanonicalDocumentRow>();

    internal DbSet<LogisticsEventRow> LogisticsEvents => Set<LogisticsEventRow>();

    internal DbSet<RecordVersionRow> RecordVersions => Set<RecordVersionRow>();

    internal DbSet<RecordReferenceRow> RecordReferences => Set<RecordReferenceRow>();

    internal DbSet<DocumentPartyKeyRow> DocumentPartyKeys => Set<DocumentPartyKeyRow>();

    internal DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();

    internal DbSet<LaneRow> Lanes => Set<LaneRow>();

    internal DbSet<RelayMessageRow> RelayMessages => Set<RelayMessageRow>();

    internal DbSet<MessageTransitionRow> MessageTransitions => Set<MessageTransitionRow>();

    internal DbSet<MessageProofRow> MessageProofs => Set<MessageProofRow>();

    internal DbSet<WatcherLeaseRow> WatcherLeases => Set<WatcherLeaseRow>();

    internal DbSet<IdentityBindingRow> IdentityBindings => Set<IdentityBindingRow>();

    internal DbSet<BoundIdentityRow> BoundIdentities => Set<BoundIdentityRow>();

    internal DbSet<TitleFactRow> TitleFacts => Set<TitleFactRow>();

    internal DbSet<BindingAnchorRow> BindingAnchors => Set<BindingAnchorRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<NetworkRow>(e =>
        {
            e.ToTable("networks");
            e.HasKey(x => x.Id).HasName("pk_networks");
            e.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_networks_name");
            e.Property(x => x.Endpoints).HasColumnType("jsonb");
            e.Property(x => x.TrustAnchors).HasColumnType("jsonb");
            e.ToTable(t => t.HasCheckConstraint("ck_networks_kind", "kind IN ('fabric', 'ethereum', 'platform')"));
        });

        modelBuilder.Entity<ParticipantRow>(e =>
        {
            e.ToTable("participants");
            e.HasKey(x => x.Id).HasName("pk_participants");
            e.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_participants_name");
            e.HasMany(x => x.Identifiers).WithOne().HasForeignKey(x => x.ParticipantId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_participant_identifiers_participants_participant_id");
        });

        modelBuilder.Entity<ParticipantIdentifierRow>(e =>
        {
            e.ToTable("participant_identifiers");
            e.HasKey(x => new { x.Scheme, x.Value }).HasName("pk_participant_identifiers");
            e.HasIndex(x => x.ParticipantId).HasDatabaseName("ix_participant_identifiers_participant_id");
        });

        modelBuilder.Entity<ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id).HasName("pk_api_keys");
            e.HasIndex(x => x.KeyId).IsUnique().HasDatabaseName("ux_api_keys_key_id");
            e.HasIndex(x => x.ParticipantId).HasDatabaseName("ix_api_keys_participant_id");
            e.HasOne(x => x.Participant).WithMany().HasForeignKey(x => x.ParticipantId)
                .OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_api_keys_participants_participant_id");
            e.ToTable(t => t.HasCheckConstraint("ck_api_keys_role", "role IN ('operator', 'participant', 'auditor')"));
        });

        OnRecordsCreating(modelBuilder);

        // Schema version 4: lanes (Schema/0004_lanes.sql).
        modelBuilder.Entity<LaneRow>(e =>
        {
            e.ToTable("lanes");
            e.HasKey(x => x.Id).HasName("pk_lanes");
            e.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_lanes_name");
            e.HasIndex(x => x.SourceNetworkId).HasDatabaseName("ix_lanes_source_network_id");
            e.HasIndex(x => x.DestinationNetworkId).HasDatabaseName("ix_lanes_destination_network_id");
            e.Property(x => x.Definition).HasColumnType("jsonb");
            e.HasOne(x => x.Source).WithMany().HasForeignKey(x => x.SourceNetworkId)
                .OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_lanes_networks_source_network_id");
            e.HasOne(x => x.Destination).WithMany().HasForeignKey(x => x.DestinationNetworkId)
                .OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_lanes_networks_destination_network_id");
            e.ToTable(t => t.HasCheckConstraint("ck_lanes_networks", "source_network_id <> destination_network_id"));
        });

        // Schema version 5: relay messages (Schema/0005_relay_messages.sql); MessageStore reads and writes them with SQL.
        modelBuilder.Entity<RelayMessageRow>(e =>
        {
            e.ToTable("relay_messages");
            e.HasKey(x => x.Id).HasName("pk_relay_messages");
            e.Property(x => x.SourceIndex).HasColumnType("numeric(20)");
            e.Property(x => x.LastError).HasColumnType("jsonb");
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.HasIndex(x => x.DueAt).HasDatabaseName("ix_relay_messages_due_at").HasFilter("due_at IS NOT NULL");
            e.HasIndex(x => new { x.LaneId, x.State }).HasDatabaseName("ix_relay_messages_lane_id_state");
            e.HasOne<LaneRow>().WithMany().HasForeignKey(x => x.LaneId)
                .OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_relay_messages_lanes_lane_id");
            e.ToTable(t => t.HasCheckConstraint("ck_relay_messages_id", "id ~ '^[0-9a-f]{64}$'"));
        });

        modelBuilder.Entity<MessageTransitionRow>(e =>
        {
            e.ToTable("message_transitions");
            e.HasKey(x => new { x.MessageId, x.Seq }).HasName("pk_message_transitions");
            e.HasOne<RelayMessageRow>().WithMany().HasForeignKey(x => x.MessageId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_message_transitions_relay_messages_message_id");
        });

        // Schema version 8: message proofs (Schema/0008_message_payloads_and_proofs.sql); MessageStore uses SQL.
        modelBuilder.Entity<MessageProofRow>(e =>
        {
            e.ToTable("message_proofs");
            e.HasKey(x => new { x.MessageId, x.Role }).HasName("pk_message_proofs");
            e.Property(x => x.Envelope).HasColumnType("jsonb");
            e.Property(x => x.Verdict).HasColumnType("jsonb");
            e.HasOne<RelayMessageRow>().WithMany().HasForeignKey(x => x.MessageId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_message_proofs_relay_messages_message_id");
        });

        // Schema version 11: proof parts (Schema/0011_proof_parts.sql); MessageStore uses SQL.
        // Schema version 13: its body stored out of line without compression (Schema/0013_proof_parts_uncompressed.sql).
        modelBuilder.Entity<ProofPartRow>(e =>
        {
            e.ToTable("proof_parts");
            e.HasKey(x => x.Digest).HasName("pk_proof_parts");
        });

        // Schema version 12: signed write requests already used (Schema/0012_signed_request_uses.sql); SignedRequestUseStore uses SQL.
        modelBuilder.Entity<SignedRequestUseRow>(e =>
        {
            e.ToTable("signed_request_uses");
            e.HasKey(x => x.Digest).HasName("pk_signed_request_uses");
            e.HasIndex(x => x.ExpiresAt).HasDatabaseName("ix_signed_request_uses_expires_at");
        });

        // Schema version 6: watcher leases and checkpoints (Schema/0006_watchers.sql); WatcherStore uses SQL.
        modelBuilder.Entity<WatcherLeaseRow>(e =>
        {
            e.ToTable("watcher_leases");
            e.HasKey(x => x.Subscription).HasName("pk_watcher_leases");
        });

        // Schema version 7: identity bindings (Schema/0007_identity_bindings.sql); IdentityBindingStore uses SQL.
        modelBuilder.Entity<IdentityBindingRow>(e =>
        {
            e.ToTable("identity_bindings");
            e.HasKey(x => x.Id).HasName("pk_identity_bindings");
            e.Property(x => x.Statement).HasColumnType("jsonb");
            e.HasIndex(x => x.Digest).IsUnique().HasDatabaseName("ux_identity_bindings_digest");
            e.HasIndex(x => x.ParticipantId).HasDatabaseName("ix_identity_bindings_participant_id");
            e.HasOne<ParticipantRow>().WithMany().HasForeignKey(x => x.ParticipantId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_identity_bindings_participants_participant_id");
        });

        modelBuilder.Entity<BoundIdentityRow>(e =>
        {
            e.ToTable("bound_identities");
            e.HasKey(x => new { x.BindingId, x.IdentityKey }).HasName("pk_bound_identities");
            e.HasIndex(x => x.IdentityKey).HasDatabaseName("ix_bound_identities_identity_key");
            e.HasOne<IdentityBindingRow>().WithMany().HasForeignKey(x => x.BindingId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_bound_identities_identity_bindings_binding_id");
        });

        // Schema version 9: title facts (Schema/0009_title_facts.sql); TitleFactStore and the timeline use SQL.
        modelBuilder.Entity<TitleFactRow>(e =>
        {
            e.ToTable("title_facts");
            e.HasKey(x => new { x.Network, x.ProtocolId }).HasName("pk_title_facts");
            e.HasIndex(x => x.TitleId).HasDatabaseName("ix_title_facts_title_id");
            e.ToTable(t => t.HasCheckConstraint("ck_title_facts_state", "state IN ('active', 'locked', 'burned')"));
        });

        // Schema version 10: binding anchors (Schema/0010_binding_anchors.sql); IdentityBindingStore uses SQL.
        modelBuilder.Entity<BindingAnchorRow>(e =>
        {
            e.ToTable("binding_anchors");
            e.HasKey(x => new { x.BindingId, x.Network }).HasName("pk_binding_anchors");
            e.Property(x => x.Proof).HasColumnType("jsonb");
            e.Property(x => x.Verdict).HasColumnType("jsonb");
            e.HasOne<IdentityBindingRow>().WithMany().HasForeignKey(x => x.BindingId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_binding_anchors_identity_bindings_binding_id");
        });

        modelBuilder.Entity<WebhookDeliveryRow>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => new { x.Network, x.DeliveryId }).HasName("pk_webhook_deliveries");
            e.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_webhook_deliveries_received_at");
            e.ToTable(t => t.HasCheckConstraint("ck_webhook_deliveries_event_count", "event_count >= 0"));
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    // Schema version 2: canonical records (Schema/0002_canonical_records.sql).
    private static void OnRecordsCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CanonicalDocumentRow>(e =>
        {
            e.ToTable("canonical_documents");
            e.HasKey(x => x.Id).HasName("pk_canonical_documents");
            e.HasIndex(x => x.NaturalKey).HasDatabaseName("ix_canonical_documents_natural_key");
            e.Property(x => x.Body).HasColumnType("jsonb");
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_canonical_documents_secret", "octet_length(commitment_secret) = 32");
                t.HasCheckConstraint("ck_canonical_documents_version", "version >= 1");
            });
            e.HasMany<DocumentPartyKeyRow>().WithOne().HasForeignKey(x => x.DocumentId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_document_party_keys_canonical_documents_document_id");
        });

        modelBuilder.Entity<LogisticsEventRow>(e =>
        {
            e.ToTable("logistics_events");
            e.HasKey(x => x.Id).HasName("pk_logistics_events");
            e.HasIndex(x => x.NaturalKey).HasDatabaseName("ix_logistics_events_natural_key");
            e.Property(x => x.Body).HasColumnType("jsonb");
            e.ToTable(t => t.HasCheckConstraint("ck_logistics_events_version", "version >= 1"));
        });

        modelBuilder.Entity<RecordVersionRow>(e =>
        {
            e.ToTable("record_versions");
            e.HasKey(x => new { x.RecordKind, x.RecordId, x.Version }).HasName("pk_record_versions");
            e.ToTable(t => t.HasCheckConstraint("ck_record_versions_kind", "record_kind IN ('document', 'event')"));
        });

        modelBuilder.Entity<RecordReferenceRow>(e =>
        {
            e.ToTable("record_references");
            e.HasKey(x => new { x.RecordKind, x.RecordId, x.RefType, x.RefValue }).HasName("pk_record_references");
            e.HasIndex(x => new { x.RefValue, x.RefType }).HasDatabaseName("ix_record_references_ref_value_ref_type");
            e.ToTable(t => t.HasCheckConstraint("ck_record_references_kind", "record_kind IN ('document', 'event')"));
        });

        modelBuilder.Entity<DocumentPartyKeyRow>(e =>
        {
            e.ToTable("document_party_keys");
            e.HasKey(x => new { x.DocumentId, x.Scheme, x.Value }).HasName("pk_document_party_keys");
            e.HasIndex(x => new { x.Scheme, x.Value }).HasDatabaseName("ix_document_party_keys_scheme_value");
        });
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
