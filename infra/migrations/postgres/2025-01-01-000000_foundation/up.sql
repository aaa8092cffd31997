-- Foundation: settings, reference data, accounts, credentials, hazards and their timeline.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE streets (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE sectors (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE criteria (
    code TEXT PRIMARY KEY,
    sector TEXT NOT NULL REFERENCES sectors(code),
    text TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX criteria_sector ON criteria (sector);

CREATE TABLE enterprises (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    uscc TEXT NOT NULL UNIQUE,
    street_code TEXT NOT NULL REFERENCES streets(code),
    sector TEXT NOT NULL REFERENCES sectors(code),
    address TEXT NOT NULL,
    risk_class TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    street_code TEXT REFERENCES streets(code),
    department_code TEXT REFERENCES departments(code),
    enterprise_id TEXT REFERENCES enterprises(id),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE hazard_counters (
    year INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

CREATE TABLE hazards (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    sector TEXT NOT NULL REFERENCES sectors(code),
    street_code TEXT NOT NULL REFERENCES streets(code),
    address TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    grade TEXT NOT NULL,
    criterion_code TEXT REFERENCES criteria(code),
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    enterprise_id TEXT REFERENCES enterprises(id),
    enterprise_name TEXT,
    inspection_id TEXT,
    department_code TEXT REFERENCES departments(code),
    responsible_party TEXT,
    deadline DATE,
    rectification_plan TEXT,
    reported_by TEXT NOT NULL REFERENCES users(id),
    observed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    version BIGINT NOT NULL,
    last_submitted_by TEXT,
    request_hash TEXT NOT NULL
);
CREATE INDEX hazards_created ON hazards (created_at DESC, id DESC);
CREATE INDEX hazards_status_created ON hazards (status, created_at DESC, id DESC);
CREATE INDEX hazards_street_status ON hazards (street_code, status);
CREATE INDEX hazards_enterprise ON hazards (enterprise_id);
CREATE INDEX hazards_deadline ON hazards (status, deadline);

CREATE TABLE hazard_events (
    id BIGSERIAL PRIMARY KEY,
    hazard_id TEXT NOT NULL REFERENCES hazards(id),
    action TEXT NOT NULL,
    actor_id TEXT,
    actor_role TEXT,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT,
    data TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, id);
