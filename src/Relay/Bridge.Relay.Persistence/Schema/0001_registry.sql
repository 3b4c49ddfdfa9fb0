-- Schema version 1: the registry of networks and participants, and API keys.
-- Written by hand (EF Core's design-time tooling is not available); the test
-- SchemaMatchesModelTests fails when this schema and the EF model differ.

CREATE TABLE networks (
    id              uuid        NOT NULL,
    name            text        NOT NULL,
    display_name    text        NOT NULL,
    kind            text        NOT NULL,
    endpoints       jsonb       NOT NULL,
    trust_anchors   jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT pk_networks PRIMARY KEY (id),
    CONSTRAINT ck_networks_kind CHECK (kind IN ('fabric', 'ethereum', 'platform'))
);
CREATE UNIQUE INDEX ux_networks_name ON networks (name);

CREATE TABLE participants (
    id              uuid        NOT NULL,
    name            text        NOT NULL,
    display_name    text        NOT NULL,
    roles           text[]      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT pk_participants PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_participants_name ON participants (name);

CREATE TABLE participant_identifiers (
    scheme          text        NOT NULL,
    value           text        NOT NULL,
    participant_id  uuid        NOT NULL,
    CONSTRAINT pk_participant_identifiers PRIMARY KEY (scheme, value),
    CONSTRAINT fk_participant_identifiers_participants_participant_id
        FOREIGN KEY (participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
CREATE INDEX ix_participant_identifiers_participant_id ON participant_identifiers (participant_id);

CREATE TABLE api_keys (
    id              uuid        NOT NULL,
    key_id          text        NOT NULL,
    secret_hash     bytea       NOT NULL,
    role            text        NOT NULL,
    participant_id  uuid        NULL,
    label           text        NOT NULL,
    created_at      timestamptz NOT NULL,
    revoked_at      timestamptz NULL,
    CONSTRAINT pk_api_keys PRIMARY KEY (id),
    CONSTRAINT ck_api_keys_role CHECK (role IN ('operator', 'participant', 'auditor')),
    CONSTRAINT fk_api_keys_participants_participant_id
        FOREIGN KEY (participant_id) REFERENCES participants (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ux_api_keys_key_id ON api_keys (key_id);
CREATE INDEX ix_api_keys_participant_id ON api_keys (participant_id);
