DELETE FROM settings WHERE key = 'pending:filed_on';
DROP TABLE hazard_month_stats;
DROP INDEX hazards_rectifying;
DROP INDEX hazards_stats;
ALTER TABLE hazards ALTER COLUMN close_days TYPE DOUBLE PRECISION;
ALTER TABLE hazards DROP COLUMN enforced;
ALTER TABLE hazards DROP COLUMN listed;
ALTER TABLE hazards DROP COLUMN filed_on;
CREATE INDEX hazards_stats ON hazards (created_at) INCLUDE (status, grade, source, deadline, inspection_id, close_days, street_code, sector, id);
