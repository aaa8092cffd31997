DROP TABLE hazard_changes;
DROP TABLE change_counter;
DROP TABLE idempotency_keys;
DROP TABLE photos;
DROP INDEX hazards_inspection;
DROP TABLE inspections;
