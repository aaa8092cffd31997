DROP INDEX hazards_street_status_created;
DROP INDEX hazards_street_created;
