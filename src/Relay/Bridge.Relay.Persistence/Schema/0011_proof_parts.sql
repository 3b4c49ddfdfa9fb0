-- Schema version 11: proof parts (docs/relay.md "Stored proofs"). A Fabric source proof carries its block's attestation,
-- which holds the whole block (Fabric's block data hash is one SHA-256 over every transaction of the block, so a
-- transaction is proven with all of them), and every message of that block would store the same megabytes again. Long
-- string values of a stored proof envelope are kept here once, under the SHA-256 of their UTF-8 bytes, and the envelope
-- in message_proofs names them ("tcb-part:sha256:<hex>"); reading a proof puts them back, so the envelope a client gets
-- is byte for byte the one the relay built. Parts are never changed (content-addressed) and never deleted with a
-- message (other messages may name them).

CREATE TABLE proof_parts (
    digest      text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT pk_proof_parts PRIMARY KEY (digest)
);
