-- Schema version 5: relay messages and their transitions (docs/relay.md). A message row is its own outbox entry:
-- due_at says when work on it is next due, and lease_owner / lease_expires_at / lease_token are the worker lease that
-- FOR UPDATE SKIP LOCKED hands out (the token fences a worker whose lease expired). The id is unique by construction
-- (derived from the lane and the source fact), so observing a fact twice stores it once.

CREATE TABLE relay_messages (
    id                  text        NOT NULL,
    lane_id             uuid        NOT NULL,
    kind                text        NOT NULL,
    source_network      text        NOT NULL,
    source_tx_id        text        NOT NULL,
    source_block        bigint      NULL,
    source_block_hash   text        NULL,
    source_index        numeric(20) NOT NULL,
    source_protocol_id  text        NOT NULL,
    destination_network text        NOT NULL,
    payload_digest      text        NOT NULL,
    state               text        NOT NULL,
    failed_from         text        NULL,
    attempts            integer     NOT NULL,
    deadline            timestamptz NULL,
    last_error          jsonb       NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    due_at              timestamptz NULL,
    lease_owner         text        NULL,
    lease_expires_at    timestamptz NULL,
    lease_token         bigint      NOT NULL,
    CONSTRAINT pk_relay_messages PRIMARY KEY (id),
    CONSTRAINT ck_relay_messages_id CHECK (id ~ '^[0-9a-f]{64}$'),
    CONSTRAINT fk_relay_messages_lanes_lane_id FOREIGN KEY (lane_id) REFERENCES lanes (id) ON DELETE RESTRICT
);
CREATE INDEX ix_relay_messages_due_at ON relay_messages (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX ix_relay_messages_lane_id_state ON relay_messages (lane_id, state);

CREATE TABLE message_transitions (
    message_id  text        NOT NULL,
    seq         integer     NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    at          timestamptz NOT NULL,
    trigger     text        NOT NULL,
    reason      text        NULL,
    evidence    text        NULL,
    CONSTRAINT pk_message_transitions PRIMARY KEY (message_id, seq),
    CONSTRAINT fk_message_transitions_relay_messages_message_id FOREIGN KEY (message_id) REFERENCES relay_messages (id) ON DELETE CASCADE
);
