-- Schema version 4: lanes (docs/relay.md, "Lanes"). The two networks are foreign keys, so a network that a lane uses
-- cannot be deleted; the rest of the definition (flows, direction, proof policy, finality, deadline, rate limit, access
-- rules) is one jsonb document written and read by LaneRegistry.

CREATE TABLE lanes (
    id                      uuid        NOT NULL,
    name                    text        NOT NULL,
    display_name            text        NOT NULL,
    source_network_id       uuid        NOT NULL,
    destination_network_id  uuid        NOT NULL,
    definition              jsonb       NOT NULL,
    paused                  boolean     NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    CONSTRAINT pk_lanes PRIMARY KEY (id),
    CONSTRAINT ck_lanes_networks CHECK (source_network_id <> destination_network_id),
    CONSTRAINT fk_lanes_networks_source_network_id FOREIGN KEY (source_network_id) REFERENCES networks (id) ON DELETE RESTRICT,
    CONSTRAINT fk_lanes_networks_destination_network_id FOREIGN KEY (destination_network_id) REFERENCES networks (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ux_lanes_name ON lanes (name);
CREATE INDEX ix_lanes_source_network_id ON lanes (source_network_id);
CREATE INDEX ix_lanes_destination_network_id ON lanes (destination_network_id);
