-- Schema version 13: proof parts are stored out of line without compression (docs/relay.md "Stored proofs"). A part is
-- mostly base64 of signed protobuf (a Fabric block attestation), which PostgreSQL's default pglz compression shrinks by
-- little while costing about 2.5 ms per 100 KB part on insert (measured with auto_explain under the relay load tool):
-- the largest single cost of a dispatcher round whose blocks hold tens of transactions. EXTERNAL keeps TOAST (out of
-- line, so message_proofs rows stay small) and skips the compression. Existing values are not rewritten.

ALTER TABLE proof_parts ALTER COLUMN body SET STORAGE EXTERNAL;
