-- Schema version 12: signed write requests already used (docs/bindings.md "Signing requests with a bound key"). A request
-- signed by a bound key is valid for ±5 minutes around its timestamp; a write (POST, PUT, PATCH, DELETE) is accepted once:
-- its signing input (method, path and query, timestamp, body digest) and identity are kept here until the window closes,
-- and the same request again is refused as a replay, on every host sharing the database.

CREATE TABLE signed_request_uses (
    digest      text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    CONSTRAINT pk_signed_request_uses PRIMARY KEY (digest)
);

CREATE INDEX ix_signed_request_uses_expires_at ON signed_request_uses (expires_at);
