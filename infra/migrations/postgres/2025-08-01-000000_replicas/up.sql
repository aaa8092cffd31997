-- Several replicas: access tokens carry the account's token generation, bumped when its
-- rights change, so every replica refuses old tokens within seconds.
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;

-- Token buckets shared by every replica (API clients, per-address limits): one row per
-- bucket, updated atomically by one UPSERT per request.
CREATE TABLE rate_buckets (
    bucket TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    granted BOOLEAN NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX rate_buckets_at ON rate_buckets (at);

-- The orphaned-blob collector asks, for a page of stored blobs, which are still referenced.
CREATE INDEX photos_sha256 ON photos (sha256);
CREATE INDEX photos_thumb_sha256 ON photos (thumb_sha256);
CREATE INDEX tip_photos_sha256 ON tip_photos (sha256);
