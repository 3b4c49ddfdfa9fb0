-- Schema version 6: watcher leases and checkpoints (docs/relay.md, "Watchers"). One row per subscription (a source
-- network's event stream as a set of lanes reads it): the host whose lease is current is its only active watcher, and the
-- checkpoint (the last protocol id handled) is saved only by that lease's holder (the token fences a stalled one).

CREATE TABLE watcher_leases (
    subscription      text        NOT NULL,
    owner             text        NULL,
    lease_expires_at  timestamptz NULL,
    lease_token       bigint      NOT NULL,
    checkpoint        text        NULL,
    updated_at        timestamptz NOT NULL,
    CONSTRAINT pk_watcher_leases PRIMARY KEY (subscription)
);
