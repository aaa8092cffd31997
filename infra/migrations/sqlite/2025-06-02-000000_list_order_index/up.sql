-- Lists filtered by status are read in (created_at, id) order and stop after a page. With
-- indexes that lead with `status`, SQLite chose them for `status IN (…)` and then sorted
-- every matching row before taking the page (seconds on 100k hazards). Without them both
-- engines walk hazards_created in order and stop early; deadlines keep an index that
-- leads with the date.
DROP INDEX hazards_status_created;
DROP INDEX hazards_deadline;
CREATE INDEX hazards_deadline_status ON hazards (deadline, status);
