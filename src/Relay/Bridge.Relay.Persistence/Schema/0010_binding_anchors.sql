-- Schema version 10: identity bindings anchored on ledgers (docs/bindings.md "Anchoring a binding on the lanes' ledgers").
-- One row per binding and network: the anchor transaction of the binding's statement digest, its block, the network's
-- proof of it (a proof envelope) and the verifier's verdict. Written only after the proof verified, for every network of
-- one request in one transaction; a network keeps its first anchor.

CREATE TABLE binding_anchors (
    binding_id   uuid        NOT NULL,
    network      text        NOT NULL,
    tx_id        text        NOT NULL,
    block        bigint      NULL,
    block_hash   text        NULL,
    proof        jsonb       NOT NULL,
    verdict      jsonb       NOT NULL,
    anchored_at  timestamptz NOT NULL,
    CONSTRAINT pk_binding_anchors PRIMARY KEY (binding_id, network),
    CONSTRAINT fk_binding_anchors_identity_bindings_binding_id FOREIGN KEY (binding_id) REFERENCES identity_bindings (id) ON DELETE CASCADE
);
