-- Schema version 8: what a message carries and the proofs gathered for it (docs/relay.md "The dispatcher").
-- payload is the message's canonical payload (RFC 8785 JSON whose SHA-256 is payload_digest): the title, anchor or event
-- facts the destination command is built from, and the proof subject of the source fact. message_proofs keeps one proof
-- per message and role (source, relay-attestation), with the verdict the relay reached, for GET /api/v1/messages/{id}/proof.

ALTER TABLE relay_messages ADD COLUMN payload jsonb NULL;

CREATE TABLE message_proofs (
    message_id  text        NOT NULL,
    role        text        NOT NULL,
    kind        text        NOT NULL,
    envelope    jsonb       NOT NULL,
    verdict     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT pk_message_proofs PRIMARY KEY (message_id, role),
    CONSTRAINT fk_message_proofs_relay_messages_message_id FOREIGN KEY (message_id) REFERENCES relay_messages (id) ON DELETE CASCADE
);
