ALTER TABLE outbox ADD COLUMN hazard_snapshot TEXT;
