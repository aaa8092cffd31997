-- Field work: inspections, photos, idempotency keys, and the change log for offline sync.
CREATE TABLE inspections (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    enterprise_id TEXT REFERENCES enterprises(id),
    site_address TEXT,
    street_code TEXT NOT NULL REFERENCES streets(code),
    department_code TEXT REFERENCES departments(code),
    inspector_ids TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    note TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX inspections_started ON inspections (started_at DESC, id DESC);
CREATE INDEX inspections_enterprise ON inspections (enterprise_id, finished_at);
CREATE INDEX inspections_street ON inspections (street_code);
CREATE INDEX hazards_inspection ON hazards (inspection_id);

CREATE TABLE photos (
    id TEXT PRIMARY KEY,
    hazard_id TEXT NOT NULL REFERENCES hazards(id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    width INTEGER,
    height INTEGER,
    taken_at TIMESTAMP,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    thumb_sha256 TEXT,
    UNIQUE (hazard_id, sha256)
);
CREATE INDEX photos_hazard ON photos (hazard_id, created_at);

CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER,
    headers TEXT,
    body BYTEA,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE change_counter (
    id INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO change_counter (id, last_seq) VALUES (1, 0);

CREATE TABLE hazard_changes (
    seq BIGINT PRIMARY KEY,
    hazard_id TEXT NOT NULL REFERENCES hazards(id),
    street_code TEXT NOT NULL,
    enterprise_id TEXT,
    prev_street_code TEXT,
    prev_enterprise_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX hazard_changes_hazard ON hazard_changes (hazard_id, seq);
CREATE INDEX hazard_changes_street ON hazard_changes (street_code, seq);
CREATE INDEX hazard_changes_enterprise ON hazard_changes (enterprise_id, seq);
