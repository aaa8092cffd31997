-- Listed supervision, enforcement, deadline bookkeeping, public tips.
CREATE TABLE supervisions (
    id TEXT PRIMARY KEY,
    hazard_id TEXT NOT NULL REFERENCES hazards(id),
    level TEXT NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments(code),
    document_number TEXT NOT NULL,
    deadline DATE NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    listed_by TEXT NOT NULL REFERENCES users(id),
    listed_at TIMESTAMP NOT NULL,
    lifted_by TEXT REFERENCES users(id),
    lifted_at TIMESTAMP,
    lift_note TEXT,
    overdue_recorded_for DATE,
    reminded_for DATE
);
CREATE UNIQUE INDEX supervisions_one_active ON supervisions (hazard_id) WHERE status = 'active';
CREATE INDEX supervisions_hazard ON supervisions (hazard_id);
CREATE INDEX supervisions_status_deadline ON supervisions (status, deadline);

CREATE TABLE enforcement_actions (
    id TEXT PRIMARY KEY,
    hazard_id TEXT NOT NULL REFERENCES hazards(id),
    enterprise_id TEXT REFERENCES enterprises(id),
    kind TEXT NOT NULL,
    action_date DATE NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments(code),
    note TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX enforcement_hazard ON enforcement_actions (hazard_id, kind);
CREATE INDEX enforcement_enterprise ON enforcement_actions (enterprise_id, action_date);

ALTER TABLE hazards ADD COLUMN overdue_recorded_for DATE;
ALTER TABLE hazards ADD COLUMN reminded_for DATE;
ALTER TABLE hazards ADD COLUMN close_days DOUBLE PRECISION;
ALTER TABLE hazards ADD COLUMN tip_id TEXT;
CREATE INDEX hazards_created_only ON hazards (created_at);

CREATE TABLE tips (
    id TEXT PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    description TEXT NOT NULL,
    address TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    sector_guess TEXT,
    street_code TEXT REFERENCES streets(code),
    status TEXT NOT NULL,
    reject_reason TEXT,
    hazard_id TEXT REFERENCES hazards(id),
    reward_status TEXT NOT NULL,
    reward_amount DOUBLE PRECISION,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX tips_status_created ON tips (status, created_at DESC, id DESC);
CREATE INDEX tips_created ON tips (created_at DESC, id DESC);

-- Kept apart from the tip so that no query for tips can reach it by accident.
CREATE TABLE tip_reporters (
    tip_id TEXT PRIMARY KEY REFERENCES tips(id),
    name TEXT,
    phone TEXT
);

CREATE TABLE tip_photos (
    id TEXT PRIMARY KEY,
    tip_id TEXT NOT NULL REFERENCES tips(id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tip_id, sha256)
);
