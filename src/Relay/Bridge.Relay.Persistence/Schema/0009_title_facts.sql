-- Schema version 9: title facts (docs/timeline.md). One row per title event a relay watcher saw on a network: the title's
-- state there after the event and the parties the event names. Keyed by the event's position on its network, so a
-- repeated event is stored once. title_id is one form for every network (a UUID in "D" form, otherwise the 0x word);
-- the timeline joins it to canonical document ids (an eBL's title id is its bill of lading's document id). message_id is
-- set for arrivals (TitleImported, TitleReleased): the message that delivered the title, a relay message id when the
-- relay delivered it, whose source proof verdict is in message_proofs.

CREATE TABLE title_facts (
    network         text        NOT NULL,
    protocol_id     text        NOT NULL,
    title_id        text        NOT NULL,
    tx_id           text        NOT NULL,
    block           bigint      NULL,
    event           text        NOT NULL,
    state           text        NOT NULL,
    holder          text        NULL,
    beneficiary     text        NULL,
    message_id      text        NULL,
    source_system   text        NOT NULL,
    contract        text        NULL,
    payload_sha256  text        NOT NULL,
    observed_at     timestamptz NOT NULL,
    CONSTRAINT pk_title_facts PRIMARY KEY (network, protocol_id),
    CONSTRAINT ck_title_facts_state CHECK (state IN ('active', 'locked', 'burned'))
);
CREATE INDEX ix_title_facts_title_id ON title_facts (title_id);
