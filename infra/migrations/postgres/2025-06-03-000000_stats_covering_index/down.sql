DROP INDEX hazards_stats;
CREATE INDEX hazards_created_only ON hazards (created_at);
