-- An in-progress Idempotency-Key is held for a lease only: a request that died with its
-- process (kill -9, crash) no longer pins its key, and a retry after the lease runs again.
ALTER TABLE idempotency_keys ADD COLUMN lease_until TIMESTAMP;
