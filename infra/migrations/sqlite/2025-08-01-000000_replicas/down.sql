DROP INDEX tip_photos_sha256;
DROP INDEX photos_thumb_sha256;
DROP INDEX photos_sha256;
DROP TABLE rate_buckets;
ALTER TABLE users DROP COLUMN token_generation;
