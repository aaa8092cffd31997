DROP INDEX hazards_deadline_status;
CREATE INDEX hazards_deadline ON hazards (status, deadline);
CREATE INDEX hazards_status_created ON hazards (status, created_at DESC, id DESC);
