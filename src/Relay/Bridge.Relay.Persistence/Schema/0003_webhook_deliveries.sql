-- Schema version 3: inbound webhook deliveries (docs/platform.md). A delivery id is recorded in the same transaction
-- as the records it carried, so a delivery is "seen" exactly when its records are stored: a replay of the same
-- delivery is refused, a retry of one that failed is not. Rows older than the receiver's freshness window are
-- deleted (a delivery that old is refused as stale anyway).

CREATE TABLE webhook_deliveries (
    network      text        NOT NULL,
    delivery_id  text        NOT NULL,
    received_at  timestamptz NOT NULL,
    event_count  integer     NOT NULL,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (network, delivery_id),
    CONSTRAINT ck_webhook_deliveries_event_count CHECK (event_count >= 0)
);
CREATE INDEX ix_webhook_deliveries_received_at ON webhook_deliveries (received_at);
