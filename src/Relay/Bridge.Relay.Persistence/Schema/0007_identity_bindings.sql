-- Schema version 7: identity bindings (docs/bindings.md). A binding is stored only after every signature in it was
-- verified; bound_identities indexes its identities by a stable key, so "which participant is this key" is one lookup
-- and an identity cannot be bound to two participants at once (checked under an advisory lock per key).

CREATE TABLE identity_bindings (
    id              uuid        NOT NULL,
    participant_id  uuid        NOT NULL,
    digest          text        NOT NULL,
    statement       jsonb       NOT NULL,
    issued_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT pk_identity_bindings PRIMARY KEY (id),
    CONSTRAINT fk_identity_bindings_participants_participant_id FOREIGN KEY (participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_identity_bindings_digest ON identity_bindings (digest);
CREATE INDEX ix_identity_bindings_participant_id ON identity_bindings (participant_id);

CREATE TABLE bound_identities (
    binding_id    uuid NOT NULL,
    identity_key  text NOT NULL,
    kind          text NOT NULL,
    network       text NOT NULL,
    signer        text NOT NULL,
    CONSTRAINT pk_bound_identities PRIMARY KEY (binding_id, identity_key),
    CONSTRAINT fk_bound_identities_identity_bindings_binding_id FOREIGN KEY (binding_id) REFERENCES identity_bindings (id) ON DELETE CASCADE
);
CREATE INDEX ix_bound_identities_identity_key ON bound_identities (identity_key);
