-- Third-party API clients. Keys are stored as SHA-256 digests (they are long random
-- strings, so a fast digest suffices); the prefix finds the row.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_prefix TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    previous_key_prefix TEXT,
    previous_key_hash TEXT,
    previous_valid_until TIMESTAMP,
    scopes TEXT NOT NULL,
    street_code TEXT REFERENCES streets(code),
    rate_limit_per_minute INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX api_clients_previous_prefix ON api_clients (previous_key_prefix);
