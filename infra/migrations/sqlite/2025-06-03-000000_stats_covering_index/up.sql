-- The key figures make one pass over a period's hazards. A covering index holds every
-- column that pass reads, so it scans the (narrow) index instead of the (wide) table.
DROP INDEX hazards_created_only;
CREATE INDEX hazards_stats ON hazards (created_at, status, grade, source, deadline, inspection_id, close_days, street_code, sector, id);
