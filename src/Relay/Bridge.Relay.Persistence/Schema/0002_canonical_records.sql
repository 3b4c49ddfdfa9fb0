-- Schema version 2: canonical documents and logistics events stored off-chain, their earlier versions,
-- the references that put them on a shipment timeline, and the party identifiers that decide who may read
-- a document. Written by hand; SchemaMatchesModelTests keeps it and the EF model in step.

CREATE TABLE canonical_documents (
    id                  uuid        NOT NULL,   -- MappedDocument.Id: UUIDv5 of source system + natural key
    natural_key         text        NOT NULL,
    doc_type            text        NOT NULL,
    document_number     text        NOT NULL,
    document_version    text        NULL,       -- the document's own version field, compared on supersede
    issue_date          date        NULL,
    content_sha256      text        NOT NULL,   -- SHA-256 of the RFC 8785 form without provenance
    commitment_root     text        NOT NULL,   -- bridge-salted-merkle-v1 root
    commitment_secret   bytea       NOT NULL,   -- 32 random bytes; a secret: never returned, never logged
    body                jsonb       NOT NULL,   -- canonical JSON including provenance
    source_system       text        NOT NULL,
    source_id           text        NULL,
    raw_sha256          text        NOT NULL,
    received_at         timestamptz NOT NULL,
    version             integer     NOT NULL,   -- 1, then +1 per supersede
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    created_by_key      text        NULL,       -- public key id of the API key that stored the first version
    CONSTRAINT pk_canonical_documents PRIMARY KEY (id),
    CONSTRAINT ck_canonical_documents_secret CHECK (octet_length(commitment_secret) = 32),
    CONSTRAINT ck_canonical_documents_version CHECK (version >= 1)
);
CREATE INDEX ix_canonical_documents_natural_key ON canonical_documents (natural_key);

CREATE TABLE logistics_events (
    id                          uuid        NOT NULL,   -- MappedEvent.Id
    natural_key                 text        NOT NULL,
    category                    text        NOT NULL,
    classifier                  text        NOT NULL,
    type_code                   text        NOT NULL,
    event_time                  timestamptz NOT NULL,
    event_time_offset_minutes   integer     NOT NULL,   -- the source's UTC offset, so the time is shown as sent
    updated_time                timestamptz NULL,
    location_unlocode           text        NULL,
    location_name               text        NULL,
    equipment_reference         text        NULL,
    content_sha256              text        NOT NULL,
    body                        jsonb       NOT NULL,
    source_system               text        NOT NULL,
    source_event_id             text        NULL,
    raw_sha256                  text        NOT NULL,
    received_at                 timestamptz NOT NULL,
    version                     integer     NOT NULL,
    is_retracted                boolean     NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    created_by_key              text        NULL,
    CONSTRAINT pk_logistics_events PRIMARY KEY (id),
    CONSTRAINT ck_logistics_events_version CHECK (version >= 1)
);
CREATE INDEX ix_logistics_events_natural_key ON logistics_events (natural_key);

-- The content hash of every version a supersede replaced (the body is overwritten).
CREATE TABLE record_versions (
    record_kind     text        NOT NULL,
    record_id       uuid        NOT NULL,
    version         integer     NOT NULL,
    content_sha256  text        NOT NULL,
    superseded_at   timestamptz NOT NULL,
    CONSTRAINT pk_record_versions PRIMARY KEY (record_kind, record_id, version),
    CONSTRAINT ck_record_versions_kind CHECK (record_kind IN ('document', 'event'))
);

-- Shipment references of each record (DCSA types: TRD, BKG, EQ, FF, SI, ...), for the timeline.
CREATE TABLE record_references (
    record_kind     text        NOT NULL,
    record_id       uuid        NOT NULL,
    ref_type        text        NOT NULL,
    ref_value       text        NOT NULL,
    CONSTRAINT pk_record_references PRIMARY KEY (record_kind, record_id, ref_type, ref_value),
    CONSTRAINT ck_record_references_kind CHECK (record_kind IN ('document', 'event'))
);
CREATE INDEX ix_record_references_ref_value_ref_type ON record_references (ref_value, ref_type);

-- Identifiers of a document's parties (scheme LEI/SCAC/GLN/BIC/EORI, value in upper case), for access checks.
CREATE TABLE document_party_keys (
    document_id     uuid        NOT NULL,
    scheme          text        NOT NULL,
    value           text        NOT NULL,
    CONSTRAINT pk_document_party_keys PRIMARY KEY (document_id, scheme, value),
    CONSTRAINT fk_document_party_keys_canonical_documents_document_id
        FOREIGN KEY (document_id) REFERENCES canonical_documents (id) ON DELETE CASCADE
);
CREATE INDEX ix_document_party_keys_scheme_value ON document_party_keys (scheme, value);
