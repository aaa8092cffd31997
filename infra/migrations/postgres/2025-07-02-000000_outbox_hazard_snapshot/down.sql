ALTER TABLE outbox DROP COLUMN hazard_snapshot;
